// The scheduler's jobs never wait for each other nor for a slow send: a send
// that hangs holds only its own recipient, and the reminder fan-out runs apart
// from the tick, in batches, without holding the event loop.
import { afterEach, describe, expect, it, vi } from "vitest";
import { Harness, type FakeGroup, type FakeUser } from "../../harness/harness.js";
import { blocWithSchedule, TEST_SCHEDULE } from "../../harness/bloc-files.js";
import { join } from "../../harness/fixtures.js";
import { createBallot } from "../../../src/features/ballots/store.js";
import { postBallot } from "../../../src/features/ballots/use-cases.js";
import { Pacer, pacerOf } from "../../../src/shared/jobs/pacer.js";
import { remindersJob } from "../../../src/features/reminders/jobs.js";
import { ballotsJob } from "../../../src/features/ballots/jobs.js";
import { Scheduler } from "../../../src/shared/jobs/scheduler.js";

/** Local time in Hà Nội → the instant. */
const vn = (local: string) => new Date(`${local}+07:00`);

let h: Harness;
afterEach(async () => h.close());

async function setUp(now: string, env: Record<string, string> = {}) {
  h = await Harness.create({ now: vn(now).toISOString(), blocFile: blocWithSchedule(TEST_SCHEDULE), env });
  const group = h.group();
  const admin = h.user(1, "Admin");
  await admin.send("/start");
  await admin.sendIn(group, "/linkgroup");
  return group;
}

/** A ballot between all boards, posted in the group, closing at `closesAt`. */
async function ballotClosingAt(closesAt: Date): Promise<number> {
  const boards = await h.db.board.findMany({ orderBy: { sortOrder: "asc" } });
  const admin = await h.db.person.findFirstOrThrow({ where: { telegramId: BigInt(1) } });
  const id = await createBallot(h.db, {
    kind: "motion", awardKindCode: null, year: 2026, title: "Thông qua quy chế", secret: false, picksPerVoter: 1, maxWinners: 1, quorum: 0,
    tieRule: "leader", allowSelfVote: true, createdById: admin.id, closesAt, chatId: -1001234567890,
    candidates: [{ boardId: null, label: "yes" }, { boardId: null, label: "no" }], eligibleBoardIds: boards.map((b) => b.id), now: h.clock.now(),
  });
  await postBallot(h.app.deps, id);
  return id;
}

const resultIn = (group: FakeGroup) => group.messages().find((m) => m.text?.startsWith("📊 <b>Kết quả"));
const digestIn = (group: FakeGroup) => group.messages().find((m) => m.text?.includes("Đã nộp: "));

describe("a send that hangs", () => {
  it("holds only its recipient: the ballot closes, the digest and other reminders go out", async () => {
    // Each call's time limit (TELEGRAM_TIMEOUT_SECONDS) cuts a hung one after 20 s, and a
    // call is tried three times: everything else has a minute to go out meanwhile, which no
    // machine needs (the wait below ends as soon as it has), and the test then lasts the one
    // 20 s cut of Lan's hung call.
    const group = await setUp("2026-11-05T04:00:00", { TELEGRAM_TIMEOUT_SECONDS: "20" });
    const lan: FakeUser = await join(h, 200, "Lan", "HP", "focal");
    const minh: FakeUser = await join(h, 300, "Minh", "QN", "focal");
    // Lan starts her report at 04:00 and leaves it: at 17:00 the draft is closed
    // and she is told (the first job of a tick), and she is owed today's reminder.
    await lan.send("/report");
    await lan.send("12");
    const ballot = await ballotClosingAt(vn("2026-11-05T17:00:00"));
    const lanBefore = lan.messages().length;

    // Every message to Lan hangs from now on: Telegram never answers.
    h.tg.hang((c) => c.method === "sendMessage" && Number(c.payload.chat_id) === lan.id);
    h.clock.set(vn("2026-11-05T17:00:00")); // the deadline: the digest is due, the ballot closes
    const tick = h.app.scheduler.tick(); // not awaited: it ends when every send has

    await vi.waitFor(() => {
      expect(resultIn(group)?.text).toContain(`(số ${ballot})`);
      expect(digestIn(group)?.text).toContain("Đã nộp: 0/11 đơn vị");
      expect(minh.messages().some((m) => m.text?.includes("Hôm nay là hạn nộp"))).toBe(true);
    }, { timeout: 50_000 });
    expect((await h.db.ballot.findUniqueOrThrow({ where: { id: ballot } })).status).toBe("closed");
    // Lan's sends (the notice, the reminder) were made and got no answer: she has nothing new.
    expect(h.tg.hung.filter((x) => Number(x.call.payload.chat_id) === lan.id).length).toBeGreaterThan(0);
    expect(lan.messages()).toHaveLength(lanBefore);

    // Telegram answers again: the hung call is cut by its time limit and tried
    // again, and what waited for Lan reaches her, once each.
    h.tg.clearFailures();
    await tick;
    expect(lan.messages().filter((m) => m.text?.includes("tạm đóng"))).toHaveLength(1);
    expect(lan.messages().filter((m) => m.text?.includes("Hôm nay là hạn nộp"))).toHaveLength(1);
    expect(group.messages().filter((m) => m.text?.startsWith("📊 <b>Kết quả"))).toHaveLength(1);
  });
});

describe("the reminder fan-out at many recipients", () => {
  it("claims in batches and sends apart from the tick: the tick never waits for the sends", async () => {
    await setUp("2026-11-02T08:00:00");
    const people = 3000;
    const boards = await h.db.board.findMany();
    await h.db.person.createMany({ data: Array.from({ length: people }, (_, i) => ({ telegramId: BigInt(5_000_000 + i), firstName: `P${i}` })) });
    const rows = await h.db.person.findMany({ where: { telegramId: { gte: BigInt(5_000_000) } }, orderBy: { id: "asc" } });
    await h.db.role.createMany({ data: rows.map((p, i) => ({ key: `${p.id}:focal:${boards[i % boards.length]!.id}`, personId: p.id, role: "focal", boardId: boards[i % boards.length]!.id })) });
    h.clock.set(vn("2026-11-02T08:59:00"));
    const ballot = await ballotClosingAt(vn("2026-11-02T09:00:00"));
    // A scheduler with the reminders and the ballots, the sends paced at 300 a
    // second on a time of the test's own: a paced send waits until the test lets
    // that time pass, so what the tick waited for does not depend on the machine's
    // speed. (The event loop's stall during a fan-out is measured in bench/fanout.bench.ts.)
    const pacing = steppedPacer(300);
    pacerOf(h.db, pacing.pacer);
    const scheduler = new Scheduler(h.app.deps, h.app.bot.api, [remindersJob(), ballotsJob]);

    h.clock.set(vn("2026-11-02T09:00:00")); // the d-3 slot, and the ballot's close
    const reminders = () => h.tg.calls.filter((c) => c.method === "sendMessage" && JSON.stringify(c.payload.reply_markup ?? "").includes('"rep:')).length;
    await Promise.all(scheduler.beat()); // the jobs' runs, not what they handed off
    const claimed = await h.db.reminderDelivery.count();
    expect(claimed).toBe(people); // every delivery claimed before the run ended...
    expect(reminders()).toBeLessThan(people / 2); // ...and most still to send: the run did not wait for them
    expect((await h.db.ballot.findUniqueOrThrow({ where: { id: ballot } })).status).toBe("closed");

    // A minute later, mid fan-out, the next tick closes the next ballot at once.
    pacing.pass(1000);
    const later = await ballotClosingAt(vn("2026-11-02T09:01:00"));
    h.clock.advance(60_000);
    await Promise.all(scheduler.beat());
    expect((await h.db.ballot.findUniqueOrThrow({ where: { id: later } })).status).toBe("closed");
    expect(reminders()).toBeLessThan(people);

    // Let the paced time pass until every send has gone.
    let idle = false;
    void scheduler.idle().then(() => (idle = true));
    while (!idle) {
      pacing.pass(100);
      await new Promise((r) => setImmediate(r));
    }
    expect(reminders()).toBe(people);
    expect(await h.db.reminderDelivery.count({ where: { status: "sent" } })).toBe(people);
  });
});

/**
 * A Pacer (pacer.ts) on a time of the test's own, starting at 0: `pass(ms)`
 * moves that time and wakes the sends whose wait is over.
 */
function steppedPacer(perSecond: number) {
  let t = 0;
  let sleepers: { until: number; wake: () => void }[] = [];
  const pacer = new Pacer({ perSecond, now: () => t, sleep: (ms) => new Promise<void>((wake) => sleepers.push({ until: t + ms, wake })) });
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
