// A person who blocks the bot, or unblocks it (issue 12's leftover): Telegram says so
// with my_chat_member in the private chat. A block is recorded at once, /unreachable
// lists the person, and no send is spent on them (reminders, reminders to vote, the
// closed-draft notice, the admins' notices) until they unblock or write again.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Harness, type FakeGroup, type FakeUser } from "../../harness/harness.js";
import { blocWithSchedule, TEST_SCHEDULE } from "../../harness/bloc-files.js";
import { join } from "../../harness/fixtures.js";
import { Pacer, pacerOf } from "../../../src/shared/jobs/pacer.js";
import { createBallot } from "../../../src/features/ballots/store.js";
import { postBallot } from "../../../src/features/ballots/use-cases.js";
import { MOTION_OPTIONS } from "../../../src/features/ballots/rules.js";

/** Local time in Hà Nội → the instant. */
const vn = (local: string) => new Date(`${local}+07:00`);

let h: Harness;
let admin: FakeUser;
let group: FakeGroup;
let lan: FakeUser; // HP focal
let minh: FakeUser; // QN focal

beforeEach(async () => {
  h = await Harness.create({ now: vn("2026-11-01T08:00:00").toISOString(), blocFile: blocWithSchedule(TEST_SCHEDULE) });
  admin = h.user(1, "Admin");
  group = h.group();
  await admin.sendIn(group, "/linkgroup");
  lan = await join(h, 200, "Lan", "HP", "focal");
  minh = await join(h, 300, "Minh", "QN", "focal");
});
afterEach(async () => h.close());

/** Every call the bot made to a chat since call index `from`, refused ones included. */
const callsTo = (chatId: number, from = 0) => h.tg.calls.slice(from).filter((c) => Number(c.payload.chat_id) === chatId);
const person = async (u: FakeUser) => h.db.person.findUniqueOrThrow({ where: { telegramId: BigInt(u.id) } });
const reminders = (u: FakeUser) => u.messages().filter((m) => m.text?.includes("chưa gửi báo cáo tháng 10/2026"));

async function tickUntil(local: string, stepMinutes = 60): Promise<void> {
  const end = vn(local).getTime();
  while (h.clock.now().getTime() < end) {
    h.clock.advance(Math.min(stepMinutes * 60_000, end - h.clock.now().getTime()));
    await h.app.scheduler.tick();
  }
}

/** The jobs' sends paced on a time of the test's own (as in tests/features/reminders/owed-at-send.test.ts). */
function steppedPacer() {
  let t = 0;
  let sleepers: { until: number; wake: () => void }[] = [];
  const pacer = new Pacer({ perSecond: 30, now: () => t, sleep: (ms) => new Promise<void>((wake) => sleepers.push({ until: t + ms, wake })) });
  return {
    pacer,
    pass(ms: number): void {
      t += ms;
      const due = sleepers.filter((s) => s.until <= t);
      sleepers = sleepers.filter((s) => s.until > t);
      for (const s of due) s.wake();
    },
  };
}

async function drain(pacing: ReturnType<typeof steppedPacer>) {
  let idle = false;
  void h.app.scheduler.idle().then(() => (idle = true));
  while (!idle) {
    pacing.pass(100);
    await new Promise((r) => setImmediate(r));
  }
}

describe("a person who blocks the bot", () => {
  it("is recorded at once and listed by /unreachable; reminders are not even tried; unblocking makes them reachable again", async () => {
    const before = h.tg.calls.length;
    await lan.setBlocked(true);
    expect(callsTo(lan.id, before)).toEqual([]); // nothing said to someone who just blocked the bot
    expect(await person(lan)).toMatchObject({ reachable: false, unreachableReason: "Forbidden: bot was blocked by the user" });
    await admin.send("/unreachable");
    expect(admin.lastText()).toContain("1 người bot không gửi tin được");
    expect(admin.lastText()).toContain("• Lan: Cán bộ đầu mối Hải Phòng");

    // The d-3 slot (2 November, 09:00): Minh is reminded; no call at all goes to Lan.
    const slot = h.tg.calls.length;
    await tickUntil("2026-11-02T10:00:00");
    expect(reminders(minh)).toHaveLength(1);
    expect(callsTo(lan.id, slot)).toEqual([]);
    const lanId = (await person(lan)).id;
    expect(await h.db.reminderDelivery.findFirstOrThrow({ where: { personId: lanId } })).toMatchObject({ status: "unreachable" });

    // She unblocks the bot (Telegram: my_chat_member "member"): reachable, and the next slot reaches her.
    await lan.setBlocked(false);
    expect(await person(lan)).toMatchObject({ reachable: true, unreachableReason: null, unreachableAt: null });
    await admin.send("/unreachable");
    expect(admin.lastText()).toBe("Bot liên lạc được với tất cả mọi người.");
    await tickUntil("2026-11-04T10:00:00");
    expect(reminders(lan)).toHaveLength(1); // 4 November, 09:00

    // Blocked again, then she writes to the bot: that too makes her reachable.
    await lan.setBlocked(true);
    expect((await person(lan)).reachable).toBe(false);
    h.tg.unblock(lan.id); // writing to a bot lifts the block on Telegram's side
    await lan.send("/whoami");
    expect(lan.lastText()).toContain("Hải Phòng");
    expect((await person(lan)).reachable).toBe(true);
  });

  it("after the reminders were decided, before they were sent: nothing is tried, and the ledger says 'unreachable'", async () => {
    const pacing = steppedPacer();
    pacerOf(h.db, pacing.pacer);
    h.clock.set(vn("2026-11-02T09:00:00")); // the d-3 slot
    await Promise.all(h.app.scheduler.beat()); // claimed; the first send went, the other waits for paced time
    expect(reminders(lan)).toHaveLength(1);
    expect(reminders(minh)).toHaveLength(0);
    expect(await h.db.reminderDelivery.count({ where: { status: "pending" } })).toBe(1);

    const before = h.tg.calls.length;
    await minh.setBlocked(true);
    await drain(pacing);
    expect(callsTo(minh.id, before)).toEqual([]);
    expect(await h.db.reminderDelivery.findFirstOrThrow({ where: { personId: (await person(minh)).id } })).toMatchObject({ status: "unreachable" });
  });

  it("the reminder to vote: decided before the block, not sent after it", async () => {
    const boards = await h.db.board.findMany({ orderBy: { sortOrder: "asc" } });
    const creator = await h.db.person.findFirstOrThrow({ where: { telegramId: BigInt(1) } });
    const id = await createBallot(h.db, {
      kind: "motion", awardKindCode: null, year: 2026, title: "Thông qua quy chế", secret: false, picksPerVoter: 1, maxWinners: 1, quorum: 0,
      tieRule: "leader", allowSelfVote: true, createdById: creator.id, closesAt: new Date(h.clock.now().getTime() + 2 * 3600_000), chatId: group.chatId,
      candidates: MOTION_OPTIONS.map((o) => ({ boardId: null, label: o })), eligibleBoardIds: boards.map((b) => b.id), now: h.clock.now(),
    });
    await postBallot(h.app.deps, id);
    const pacing = steppedPacer();
    pacerOf(h.db, pacing.pacer);
    h.clock.advance(3600_000); // halfway: the boards that have not voted are reminded, paced
    await Promise.all(h.app.scheduler.beat());
    const reminded = (u: FakeUser) => u.messages().filter((m) => m.text?.includes("chưa bỏ phiếu"));
    expect(reminded(lan)).toHaveLength(1);
    expect(reminded(minh)).toHaveLength(0);

    const before = h.tg.calls.length;
    await minh.setBlocked(true);
    await drain(pacing);
    expect(callsTo(minh.id, before)).toEqual([]);
  });

  it("the closed-draft notice and the admins' notice of the group's loss are not sent to them", async () => {
    await lan.send("/report");
    await lan.send("12");
    const ad = await join(h, 5, "Ad", "", "admin");
    await lan.setBlocked(true);
    await ad.setBlocked(true);
    const before = h.tg.calls.length;

    h.clock.advance(13 * 3600_000); // the draft has been idle 12 hours: closed, its values kept
    await h.app.scheduler.tick();
    expect(await h.db.reportDraft.count({ where: { closedAt: { not: null } } })).toBe(1);
    await group.botStatus(admin, "member", "kicked"); // the admins are told, in private
    expect(admin.lastText()).toContain("⚠️ Bot đã bị xóa khỏi nhóm chung của Khối");

    expect(callsTo(lan.id, before)).toEqual([]);
    expect(callsTo(ad.id, before)).toEqual([]);
  });
});
