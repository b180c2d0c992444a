// Random codes that are unique in the database, a report's reference and a vote's receipt
// (shared/db/client.ts withFreshCode): one already taken is drawn again and the write made
// whole with the new one, and the person is answered as usual, with the code that was kept.
// The generators are wrapped (vi.mock) so that a test can make the next draws collide.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Harness, alerts, texts, type FakeGroup, type FakeUser } from "../../harness/harness.js";
import { OCTOBER, answerAll, fullReport, join } from "../../harness/fixtures.js";
import { blocWithBoardsFrom } from "../../harness/bloc-files.js";
import { FRESH_CODE_DRAWS } from "../../../src/shared/db/client.js";

/** The codes the next draws return (then the real generators), and how many draws were made. */
const drawn = vi.hoisted(() => ({ references: [] as string[], receipts: [] as string[], referenceDraws: 0, receiptDraws: 0 }));
vi.mock("../../../src/features/access/rules/invite-code.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../../src/features/access/rules/invite-code.js")>();
  return { ...real, newReference: (prefix: string, bytes?: number) => (drawn.referenceDraws++, drawn.references.shift() ?? real.newReference(prefix, bytes)) };
});
vi.mock("../../../src/features/ballots/rules.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../../src/features/ballots/rules.js")>();
  return { ...real, receiptCode: () => (drawn.receiptDraws++, drawn.receipts.shift() ?? real.receiptCode()) };
});

let h: Harness;
let lan: FakeUser; // HP focal
let minh: FakeUser; // QN focal
beforeEach(async () => {
  // 2 November: October's report is open; the boards owe figures from January.
  h = await Harness.create({ now: "2026-11-02T02:00:00Z", blocFile: blocWithBoardsFrom("2026-01") });
  lan = await join(h, 200, "Lan", "HP", "focal");
  minh = await join(h, 300, "Minh", "QN", "focal");
  drawn.references = [];
  drawn.receipts = [];
});
afterEach(async () => h.close());

const GENERIC_ERROR = "Xin lỗi, đã có lỗi xảy ra. Vui lòng thử lại sau ít phút.";
const referenceIn = (text: string) => /Mã tiếp nhận: <code>(BC-\w{8})<\/code>/.exec(text)?.[1];

describe("a report's reference already taken", () => {
  it("is drawn again: the report stored once, whole, and the receipt gives the reference kept", async () => {
    const taken = referenceIn(await fullReport(lan))!;
    expect(taken).toBeDefined();
    drawn.references.push(...Array<string>(FRESH_CODE_DRAWS - 1).fill(taken)); // every draw but the last collides
    const before = drawn.referenceDraws;
    const receipt = await fullReport(minh);
    expect(drawn.referenceDraws - before).toBe(FRESH_CODE_DRAWS);
    const kept = referenceIn(receipt);
    expect(kept).toBeDefined();
    expect(kept).not.toBe(taken);
    const reports = await h.db.report.findMany({ include: { board: true, values: true, revisions: true }, orderBy: { id: "asc" } });
    expect(reports.map((r) => [r.board.code, r.reference, r.values.length, r.revisions.length])).toEqual([
      ["HP", taken, 12, 1],
      ["QN", kept, 12, 1],
    ]);
  });

  it("a generator that only repeats itself is given up: nothing stored, the person told, the draft kept for a later try", async () => {
    const taken = referenceIn(await fullReport(lan))!;
    drawn.references.push(...Array<string>(3 * FRESH_CODE_DRAWS).fill(taken));
    const before = drawn.referenceDraws;
    await minh.send("/report");
    await answerAll(minh, OCTOBER);
    const calls = await minh.press("Gửi báo cáo");
    // FRESH_CODE_DRAWS draws for the send (the dialogue tries a failed step once more, from its saved position): never endlessly.
    const draws = drawn.referenceDraws - before;
    expect(draws % FRESH_CODE_DRAWS).toBe(0);
    expect(draws).toBeGreaterThan(0);
    expect(draws).toBeLessThanOrEqual(2 * FRESH_CODE_DRAWS);
    // The bot's answer to a failed update (chat/bot.ts): by message, the press having had its one answer already.
    expect(alerts(calls)).toEqual([""]);
    expect(texts(calls)).toEqual([GENERIC_ERROR]);
    expect((await h.db.report.findMany({ include: { board: true } })).map((r) => [r.board.code, r.reference])).toEqual([["HP", taken]]);
    // The generator well again: the answers kept in the draft are sent.
    drawn.references = [];
    await minh.send("/report");
    expect(minh.lastText()).toContain("bản nháp báo cáo tháng 10/2026 của Quảng Ninh (12/12 mục)");
    await minh.press("Tiếp tục");
    await minh.press("Gửi báo cáo");
    const kept = referenceIn(minh.lastText());
    expect(kept).toBeDefined();
    expect(kept).not.toBe(taken);
    expect(await h.db.reportValue.count({ where: { report: { reference: kept! } } })).toBe(12);
  });
});

describe("a vote's receipt already taken", () => {
  let group: FakeGroup;
  let thu: FakeUser; // secretariat
  beforeEach(async () => {
    group = h.group();
    await h.user(1, "Admin").sendIn(group, "/linkgroup");
    thu = await join(h, 100, "Thu", "", "secretariat");
  });

  /** A yes/no motion posted to the group by the secretariat through /newballot. */
  async function motion(secrecy: "Công khai" | "Phiếu kín"): Promise<void> {
    await thu.send("/newballot");
    await thu.press("Biểu quyết");
    await thu.press(/^\d{4}$/);
    await thu.press("Dùng tiêu đề này");
    await thu.press(secrecy);
    await thu.press("24 giờ");
    await thu.press("Không yêu cầu");
    await thu.press("Đăng lên nhóm");
  }
  const vote = (u: FakeUser, label: string) => {
    const ballot = [...group.messages()].reverse().find((m) => m.text?.startsWith("🗳"))!;
    return u.press(label, { in: group, messageId: ballot.message_id });
  };
  const receiptIn = (text: string) => /(PB-\w{8})/.exec(text)?.[1];

  for (const secrecy of ["Công khai", "Phiếu kín"] as const) {
    it(`is drawn again (${secrecy}): the vote recorded once, with the receipt the voter is given`, async () => {
      await motion(secrecy);
      const first = receiptIn(alerts(await vote(lan, "Đồng ý"))[0]!)!;
      expect(first).toBeDefined();
      drawn.receipts.push(first, first);
      const before = drawn.receiptDraws;
      const answer = alerts(await vote(minh, "Không đồng ý"))[0]!;
      expect(drawn.receiptDraws - before).toBe(3);
      const kept = receiptIn(answer)!;
      expect(kept).toBeDefined();
      expect(kept).not.toBe(first);
      const stored = secrecy === "Công khai"
        ? (await h.db.ballotVote.findMany({ orderBy: { id: "asc" } })).map((v) => v.receipt)
        : (await h.db.ballotSecretEntry.findMany({ where: { receipt: { not: null } } })).map((e) => e.receipt!).sort();
      expect(stored.sort()).toEqual([first, kept].sort());
      // The tries that collided left nothing: each board voted once (and, in public, changed its vote once).
      const participation = await h.db.ballotParticipation.findMany({ where: { voted: true }, include: { board: true }, orderBy: { boardId: "asc" } });
      expect(participation.map((p) => [p.board.code, p.changes])).toEqual([["HP", secrecy === "Công khai" ? 1 : 0], ["QN", secrecy === "Công khai" ? 1 : 0]]);
    });
  }
});
