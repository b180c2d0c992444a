// Double taps (issue 12, item 5): two identical presses of a toggle within a few
// seconds count as one, across the runner's concurrency and a restart; a
// deliberate press later still counts. (The new ballot's own toggles: see
// dialogues.test.ts.)
import { afterEach, describe, expect, it } from "vitest";
import { Harness, alerts, type FakeGroup, type FakeUser } from "../harness/harness.js";
import { join } from "../harness/fixtures.js";
import { DOUBLE_TAP_MS } from "../../src/chat/conversations/drafts.js";

let h: Harness;
let lan: FakeUser;
afterEach(async () => h?.close());

describe("a double tap on a ballot's toggle", () => {
  let group: FakeGroup;
  let thu: FakeUser;

  async function awardBallot() {
    h = await Harness.create({ now: "2026-12-10T02:00:00Z" });
    group = h.group();
    await h.user(1, "Admin").sendIn(group, "/linkgroup");
    thu = await join(h, 100, "Thu", "", "secretariat");
    lan = await join(h, 200, "Lan", "HP", "focal");
    await thu.send("/newballot");
    for (const step of ["Cờ thi đua của Bộ trưởng", /^\d{4}$/, "Dùng tiêu đề này", "Tất cả các đơn vị", /^(★ )?2$/, "Công khai", "24 giờ", "Không yêu cầu", "bầu lại", "Đăng lên nhóm"]) await thu.press(step);
    const ballot = await h.db.ballot.findFirstOrThrow();
    return { ballot, message: ballot.messageId! };
  }

  async function choices(ballotId: number): Promise<number[]> {
    const votes = await h.db.ballotVote.findMany({ where: { ballotId } });
    return votes.flatMap((v) => v.choicesJson as number[]);
  }

  it("on a multi-pick ballot's candidate: one selection, across the runner's concurrency and a restart; a press later still unselects", async () => {
    const { ballot, message } = await awardBallot();
    const namDinh = (await h.db.ballotCandidate.findFirstOrThrow({ where: { ballotId: ballot.id, label: "Nam Định" } })).position;
    // Two presses in one getUpdates batch, handled concurrently as the runner does.
    const tap = () => lan.pressUpdate("Nam Định", { in: group, messageId: message });
    const calls = await h.deliverBatch([tap(), tap()]);
    expect(alerts(calls)).toHaveLength(2); // both presses answered
    expect(alerts(calls).filter((a) => a.includes("Nam Định"))).toHaveLength(1);
    expect(await choices(ballot.id)).toEqual([namDinh]);

    // Once more, with a restart between the two presses.
    h.clock.advance(DOUBLE_TAP_MS + 1000);
    await lan.press("Hà Nội", { in: group, messageId: message });
    await h.restart();
    h.clock.advance(800);
    await lan.press("Hà Nội", { in: group, messageId: message });
    const haNoi = (await h.db.ballotCandidate.findFirstOrThrow({ where: { ballotId: ballot.id, label: "Hà Nội" } })).position;
    expect((await choices(ballot.id)).sort()).toEqual([namDinh, haNoi].sort());

    // A deliberate second press, seconds later: unselected.
    h.clock.advance(DOUBLE_TAP_MS + 1000);
    const later = await lan.press("Nam Định", { in: group, messageId: message });
    expect(alerts(later)[0]).toContain("Hà Nội (1/2)");
    expect(await choices(ballot.id)).toEqual([haNoi]);
  });


  it("on a secret multi-pick ballot: a double tap counts once, two candidates pressed in quick succession both count, and no press row names the presser or the choice", async () => {
    h = await Harness.create({ now: "2026-12-10T02:00:00Z" });
    group = h.group();
    await h.user(1, "Admin").sendIn(group, "/linkgroup");
    thu = await join(h, 100, "Thu", "", "secretariat");
    lan = await join(h, 200, "Lan", "HP", "focal");
    await thu.send("/newballot");
    for (const step of ["Cờ thi đua của Bộ trưởng", /^\d{4}$/, "Dùng tiêu đề này", "Tất cả các đơn vị", /^(★ )?2$/, "Phiếu kín", "24 giờ", "Không yêu cầu", "bầu lại", "Đăng lên nhóm"]) await thu.press(step);
    const ballot = await h.db.ballot.findFirstOrThrow();
    const position = async (label: string) => (await h.db.ballotCandidate.findFirstOrThrow({ where: { ballotId: ballot.id, label } })).position;
    const selection = async () => (await h.db.ballotSecretEntry.findMany({ where: { ballotId: ballot.id, receipt: { not: null } } })).map((e) => e.choicesJson as number[]);
    const tap = () => lan.pressUpdate("Nam Định", { in: group, messageId: ballot.messageId! });
    await h.deliverBatch([tap(), tap()]);
    expect(await selection()).toEqual([[await position("Nam Định")]]);
    h.clock.advance(500); // another candidate at once: a choice, not a double tap
    await lan.press("Hà Nội", { in: group, messageId: ballot.messageId! });
    expect(await selection()).toEqual([[await position("Nam Định"), await position("Hà Nội")].sort((a, b) => a - b)]);
    const keys = (await h.db.buttonPress.findMany()).map((p) => p.key).filter((k) => k.startsWith(`sv:${ballot.id}:`));
    expect(keys).toHaveLength(2);
    for (const k of keys) expect(k).toMatch(new RegExp(`^sv:${ballot.id}:[A-Za-z0-9_-]{43}$`)); // a hash: no presser, no data
  });

  it("on a nomination: one nomination", async () => {
    h = await Harness.create({ now: "2026-12-10T02:00:00Z" });
    group = h.group();
    await h.user(1, "Admin").sendIn(group, "/linkgroup");
    thu = await join(h, 100, "Thu", "", "secretariat");
    lan = await join(h, 200, "Lan", "HP", "focal");
    await thu.send("/newballot");
    for (const step of ["Khối trưởng", /^\d{4}$/, "Dùng tiêu đề này", "Vòng đề cử", "Công khai", "24 giờ", "Không yêu cầu", "bầu lại", "Đăng lên nhóm"]) await thu.press(step);
    const ballot = await h.db.ballot.findFirstOrThrow();
    const tap = () => lan.pressUpdate("Hà Nam", { in: group, messageId: ballot.messageId! });
    const calls = await h.deliverBatch([tap(), tap()]);
    expect(alerts(calls)).toEqual(["Đã đề cử Hà Nam.", ""]);
    expect(await h.db.ballotNomination.count({ where: { ballotId: ballot.id } })).toBe(1);
  });
});
