// Reminders are decided at a tick and sent paced, seconds to minutes later (3,000
// recipients take 100 s). Whatever happened in between counts: a person whose role
// was taken back, or whose board has reported or voted meanwhile, gets nothing, and
// the reminder ledger says why.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Harness, type FakeGroup, type FakeUser } from "../../harness/harness.js";
import { blocWithSchedule, TEST_SCHEDULE } from "../../harness/bloc-files.js";
import { fullReport, join } from "../../harness/fixtures.js";
import { Pacer, pacerOf } from "../../../src/shared/jobs/pacer.js";
import { createBallot } from "../../../src/features/ballots/store.js";
import { postBallot } from "../../../src/features/ballots/use-cases.js";
import { MOTION_OPTIONS } from "../../../src/features/ballots/rules.js";

/** Local time in Hà Nội → the instant. */
const vn = (local: string) => new Date(`${local}+07:00`);

let h: Harness;
let group: FakeGroup;
let admin: FakeUser;
let lan: FakeUser; // HP focal
let minh: FakeUser; // QN focal
let ha: FakeUser; // BN focal

/**
 * The jobs' sends paced on a time of the test's own: the first goes at once, each
 * later one waits until the test lets paced time pass (pass()).
 */
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

beforeEach(async () => {
  h = await Harness.create({ now: vn("2026-11-01T08:00:00").toISOString(), blocFile: blocWithSchedule(TEST_SCHEDULE) });
  group = h.group();
  admin = h.user(1, "Admin");
  await admin.sendIn(group, "/linkgroup");
  lan = await join(h, 200, "Lan", "HP", "focal");
  minh = await join(h, 300, "Minh", "QN", "focal");
  ha = await join(h, 400, "Hà", "BN", "focal");
});
afterEach(async () => h.close());

const personId = async (u: FakeUser) => (await h.db.person.findUniqueOrThrow({ where: { telegramId: BigInt(u.id) } })).id;

async function revokeAll(u: FakeUser) {
  await admin.send(`/revoke #${await personId(u)} all | Chuyển công tác`);
  await admin.press("Xác nhận thu hồi");
  expect(admin.lastText()).toContain("Đã thu hồi");
}

/** Lets paced time pass until everything the jobs handed off is done. */
async function drain(pacing: ReturnType<typeof steppedPacer>) {
  let idle = false;
  void h.app.scheduler.idle().then(() => (idle = true));
  while (!idle) {
    pacing.pass(100);
    await new Promise((r) => setImmediate(r));
  }
}

describe("a reminder decided before, sent after", () => {
  it("a role taken back, or a report sent, while the fan-out runs: nothing more is sent to them, and the ledger says why", async () => {
    const pacing = steppedPacer();
    pacerOf(h.db, pacing.pacer);
    h.clock.set(vn("2026-11-02T09:00:00")); // the d-3 slot
    await Promise.all(h.app.scheduler.beat()); // claimed; the first send goes at once, the others wait for paced time
    const reminder = (u: FakeUser) => u.messages().filter((m) => m.text?.includes("chưa gửi báo cáo tháng 10/2026"));
    // The fan-out runs apart from the job: wait for its first send (an event, not a time), then look.
    for (let turns = 0; reminder(lan).length === 0 && turns < 100_000; turns++) await new Promise((r) => setImmediate(r));
    expect(reminder(lan)).toHaveLength(1);
    expect(reminder(minh)).toHaveLength(0);
    expect(reminder(ha)).toHaveLength(0);
    expect(await h.db.reminderDelivery.count({ where: { status: "pending" } })).toBe(2);

    // Meanwhile: Minh sends QN's report, and Hà's role for BN is taken back.
    await fullReport(minh);
    await revokeAll(ha);
    await drain(pacing);

    expect(reminder(minh)).toHaveLength(0);
    expect(reminder(ha)).toHaveLength(0);
    expect(ha.lastText()).toContain("đã kết thúc"); // what Hà did get: the notice of the revocation
    const status = async (u: FakeUser) => (await h.db.reminderDelivery.findFirstOrThrow({ where: { personId: await personId(u) } })).status;
    expect(await status(lan)).toBe("sent");
    expect(await status(minh)).toBe("reported");
    expect(await status(ha)).toBe("revoked");
  });

  it("the reminder to vote: not to a person whose role was taken back, nor to a board that has voted since", async () => {
    const boards = await h.db.board.findMany({ orderBy: { sortOrder: "asc" } });
    const creator = await h.db.person.findFirstOrThrow({ where: { telegramId: BigInt(1) } });
    const id = await createBallot(h.db, {
      kind: "motion", awardKindCode: null, year: 2026, title: "Thông qua quy chế", secret: false, picksPerVoter: 1, maxWinners: 1, quorum: 0,
      tieRule: "leader", allowSelfVote: true, createdById: creator.id, closesAt: new Date(h.clock.now().getTime() + 2 * 3600_000), chatId: group.chatId,
      candidates: MOTION_OPTIONS.map((o) => ({ boardId: null, label: o })), eligibleBoardIds: boards.map((b) => b.id), now: h.clock.now(),
    });
    await postBallot(h.app.deps, id);
    const ballotMsg = group.messages().find((m) => m.text?.startsWith("🗳"))!;
    const pacing = steppedPacer();
    pacerOf(h.db, pacing.pacer);
    h.clock.advance(3600_000); // halfway: the boards that have not voted are reminded
    await Promise.all(h.app.scheduler.beat());
    const reminded = (u: FakeUser) => u.messages().filter((m) => m.text?.includes("chưa bỏ phiếu"));
    expect(reminded(lan)).toHaveLength(1);
    expect(reminded(minh)).toHaveLength(0);
    expect(reminded(ha)).toHaveLength(0);

    await minh.press("Đồng ý", { in: group, messageId: ballotMsg.message_id }); // QN votes meanwhile
    await revokeAll(ha);
    await drain(pacing);

    expect(reminded(minh)).toHaveLength(0);
    expect(reminded(ha)).toHaveLength(0);
  });
});
