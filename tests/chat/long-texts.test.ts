// Whatever the bloc file holds, every text the bot sends fits Telegram's limits
// (issue 12, item 6): a 60-indicator bloc with long Vietnamese names, and 100
// boards with names at the schema's limits, driven through the bot against the
// fake Telegram, which refuses what Telegram refuses (tests/harness/telegram-rules.ts).
import { afterEach, describe, expect, it } from "vitest";
import { Harness, buttonsOf, type FakeGroup, type FakeUser } from "../harness/harness.js";
import { join } from "../harness/fixtures.js";
import { largeBloc } from "../harness/bloc-files.js";
import { visibleLength, visibleText } from "../../src/shared/text/split.js";
import type { StoredMessage } from "../harness/fake-telegram.js";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/**
 * Nothing the bot sent was refused (but for edits that change nothing, which
 * the bot takes as done), nothing had to be shortened, nothing failed.
 */
function expectAllAccepted(harness: Harness) {
  const refused = harness.tg.refused.filter((r) => !r.refusal.description.includes("message is not modified"));
  expect(refused.map((r) => `${r.call.method}: ${r.refusal.description}`)).toEqual([]);
  expect(harness.logs.filter((l) => /shortened|"level":50/.test(l))).toEqual([]);
}

const sent = (m: StoredMessage) => visibleText(m.text ?? m.caption ?? "");

/** A value each indicator of the large bloc accepts: whole numbers, or two decimals for money. */
const answerFor = (i: number) => (i % 5 === 1 || i % 5 === 2 ? `${1000 + i},25` : String(100 + i));

describe("a 60-indicator bloc with long names", () => {
  it("a whole report: every question, the read-back in parts with the buttons on the last, a change, the send and the receipt", async () => {
    h = await Harness.create({ blocFile: largeBloc({ boards: 12, indicators: 60 }), now: "2026-11-02T02:00:00Z" });
    const lan = await join(h, 200, "Lan", "B001", "focal");
    const indicators = await h.db.indicator.findMany({ orderBy: { id: "asc" } });
    expect(indicators).toHaveLength(60);

    await lan.send("/report");
    for (let i = 0; i < 60; i++) {
      expect(lan.lastText()).toContain(`Câu ${i + 1}/60`);
      await lan.send(answerFor(i));
    }
    // The read-back: more than one message, each within the limit, every item once and in order.
    const start = lan.messages().findLastIndex((m) => (m.text ?? "").includes("Kiểm tra báo cáo"));
    const readBack = lan.messages().slice(start);
    expect(readBack.length).toBeGreaterThan(1);
    for (const m of readBack) expect(visibleLength(m.text!)).toBeLessThanOrEqual(4096);
    const all = readBack.map(sent).join("\n");
    let at = -1;
    for (const ind of indicators) {
      const next = all.indexOf(`${ind.nameVi}:`, at + 1);
      expect(next, ind.nameVi).toBeGreaterThan(at);
      at = next;
    }
    expect(all).toContain("1.001,25 triệu USD");
    // Buttons on the last part only.
    expect(readBack.slice(0, -1).every((m) => buttonsOf(m).length === 0)).toBe(true);
    expect(buttonsOf(readBack.at(-1))).toEqual(["📤 Gửi báo cáo", "✏️ Sửa một mục", "✖ Hủy"]);

    // Change item 45: the picker lists all 60, the question comes back, then the read-back again.
    await lan.press("Sửa một mục");
    expect(buttonsOf(lan.last()).filter((b) => /^\d+\. /.test(b))).toHaveLength(60);
    await lan.press(/^45\. /);
    expect(lan.lastText()).toContain("Câu 45/60");
    await lan.send("777");
    const again = lan.messages().slice(lan.messages().findLastIndex((m) => (m.text ?? "").includes("Kiểm tra báo cáo"))).map(sent).join("\n");
    expect(again).toContain(`${indicators[44]!.nameVi}: 777`);

    await lan.press("Gửi báo cáo");
    expect(lan.lastText()).toMatch(/Đã nhận báo cáo tháng 10\/2026 của <b>Ban QL KCN &amp; KKT Đông Bắc &lt;số 001&gt;/);
    const stored = await h.db.reportValue.count();
    expect(stored).toBe(60);
    expectAllAccepted(h);
  });
});

describe("100 boards with long names", () => {
  let admin: FakeUser;
  let group: FakeGroup;

  async function setUp(boards = 100) {
    h = await Harness.create({ blocFile: largeBloc({ boards, indicators: 60 }), now: "2026-12-10T02:00:00Z" });
    group = h.group();
    admin = h.user(1, "Admin");
    await admin.sendIn(group, "/linkgroup");
    return h;
  }

  const code = (n: number) => (n % 10 === 0 ? `B${String(n).padStart(3, "0")}`.padEnd(32, "X") : `B${String(n).padStart(3, "0")}`);
  const shortName = (n: number) => `Ban QL KCN & KKT Đông Bắc <số ${String(n).padStart(3, "0")}>`.padEnd(40, "·").slice(0, 40);

  /** A ballot made the way a manager makes one: /newballot and the buttons, all boards as candidates. */
  async function newBallot(by: FakeUser, kind: string, candidates: "all" | "nominate" = "all"): Promise<number> {
    await by.send("/newballot");
    await by.press(kind);
    await by.press(/^\d{4}$/);
    await by.press("Dùng tiêu đề này");
    await by.press(candidates === "all" ? "Tất cả các đơn vị" : "Vòng đề cử");
    if (kind.startsWith("Cờ")) await by.press(/^(★ )?1$/);
    await by.press("Công khai");
    await by.press("24 giờ");
    await by.press("Không yêu cầu");
    await by.press("bầu lại");
    await by.press("Đăng lên nhóm");
    return Number(/số (\d+)/.exec(by.lastText())![1]);
  }

  const ballotMessage = () => [...group.messages()].reverse().find((m) => m.text?.startsWith("🗳") || m.text?.startsWith("📝"))!;

  it("a ballot of 100 candidates: created, posted, voted by every board, closed, its result posted", async () => {
    const harness = await setUp();
    const voters: FakeUser[] = [];
    for (let n = 1; n <= 100; n++) voters.push(await join(harness, 1000 + n, `Người ${n}`, code(n), "focal"));
    const id = await newBallot(admin, "Khối trưởng");
    const posted = ballotMessage();
    expect(buttonsOf(posted).filter((b) => b.startsWith("Ban QL"))).toHaveLength(100);
    // Each board votes for the next one; the group message is edited as the set of voters grows.
    for (let n = 1; n <= 100; n++) {
      await voters[n - 1]!.press(shortName((n % 100) + 1), { in: group, messageId: posted.message_id });
    }
    expect(await harness.db.ballotVote.count()).toBe(100);
    const progress = sent(harness.tg.message(group.chatId, posted.message_id)!);
    expect(progress).toContain("Đã bỏ phiếu: 100/100");
    expect(progress).toMatch(/và \d+ đơn vị khác/); // the list of voters shortened to fit one message
    expect(visibleLength(harness.tg.message(group.chatId, posted.message_id)!.text!)).toBeLessThanOrEqual(4096);

    const before = group.messages().length;
    await admin.send(`/closeballot ${id}`);
    const result = group.messages().slice(before).map(sent);
    expect(result.length).toBeGreaterThan(1);
    expect(result[0]).toContain("Kết quả");
    const all = result.join("\n");
    for (let n = 1; n <= 100; n++) expect(all).toContain(`${shortName(n)}: 1`);
    expectAllAccepted(harness);
  });

  it("/boards, an import with a long list of rejected rows, /summary with ◀ ▶ ⏪ ⏩, /ballots and the digest", async () => {
    const harness = await setUp();
    // /boards: every board.
    let before = admin.messages().length;
    await admin.send("/boards");
    let texts = admin.messages().slice(before).map(sent);
    expect(texts.length).toBeGreaterThan(1);
    for (let n = 1; n <= 100; n++) expect(texts.join("\n")).toContain(shortName(n));

    // October for every board, November for three; and 40 rows that are refused.
    const indicators = await harness.db.indicator.findMany({ orderBy: { id: "asc" } });
    const value = (i: number, n: number) => (i % 5 === 1 || i % 5 === 2 ? `${n * 10 + i},5` : String(n + i));
    const rows = [`board;period;${indicators.map((i) => i.code).join(";")}`];
    for (let n = 1; n <= 100; n++) rows.push(`${code(n)};2026-10;${indicators.map((_, i) => value(i, n)).join(";")}`);
    for (let n = 1; n <= 3; n++) rows.push(`${code(n)};2026-11;${indicators.map((_, i) => value(i, n)).join(";")}`);
    for (let n = 1; n <= 40; n++) rows.push(`${"Z".repeat(30)}${n};2026-10;${indicators.map(() => "x".repeat(50)).join(";")}`);
    before = admin.messages().length;
    await admin.sendDocument("history.csv", new TextEncoder().encode(rows.join("\n")), "/import");
    texts = admin.messages().slice(before).map(sent);
    expect(texts[0]).toContain("Đã nhập 103 báo cáo; 40 dòng bị từ chối");

    // /summary of October in the group: totals a window at a time, a table cut short, every edit within the limit.
    await admin.sendIn(group, "/summary 2026-10");
    const summary = group.last()!;
    expect(summary.text).toContain("Tổng hợp tháng 10/2026");
    // The short screen: 12 indicators by name, a line for the 48 others.
    expect(summary.text).toContain("… và 48 chỉ tiêu khác");
    expect(summary.text!.split("\n").length).toBeLessThanOrEqual(16);
    await admin.press("Chi tiết", { in: group, messageId: summary.message_id });
    const seen = new Set<string>();
    const look = () => {
      const m = harness.tg.message(group.chatId, summary.message_id)!;
      expect(visibleLength(m.text!)).toBeLessThanOrEqual(4096);
      for (const ind of indicators) if (sent(m).includes(`${ind.nameVi}:`)) seen.add(ind.code);
      return m;
    };
    expect(sent(look())).toMatch(/Chỉ tiêu 1–\d+\/60/);
    await admin.press("▶", { in: group, messageId: summary.message_id });
    expect(buttonsOf(look())).toContain("Chỉ tiêu 2/60");
    expect(sent(look())).toContain("Theo đơn vị: Chỉ tiêu 002");
    for (let i = 0; i < 30 && seen.size < 60; i++) {
      await admin.press(/⏩$/, { in: group, messageId: summary.message_id });
      look();
    }
    expect(seen.size).toBe(60);
    await admin.press(/^⏪/, { in: group, messageId: summary.message_id });
    look();
    // Pressing the indicator in view: Telegram answers "message is not modified", and that is no error.
    const calls = await admin.press(/^Chỉ tiêu \d+\/60$/, { in: group, messageId: summary.message_id });
    expect(calls.map((c) => c.method)).toEqual(["answerCallbackQuery", "editMessageText"]);
    expect(harness.tg.refused.at(-1)!.refusal.description).toContain("message is not modified");

    // /ballots and the digest of November: 97 boards missing.
    await newBallot(admin, "Khối phó");
    before = admin.messages().length;
    await admin.send("/ballots");
    expect(admin.messages().slice(before).map(sent).join("\n")).toContain("Các cuộc bỏ phiếu");
    before = group.messages().length;
    await admin.send("/digest");
    const digest = group.messages().slice(before).map(sent).join("\n");
    expect(digest).toContain("Đã nộp: 3/100");
    for (let n = 4; n <= 100; n++) expect(digest).toContain(shortName(n));
    expectAllAccepted(harness);
  });

  it("more boards than a keyboard holds: pickers continue in a second message, the group's ballot and nominations are paged", async () => {
    const harness = await setUp(130);
    // The invitation's board picker.
    let before = admin.messages().length;
    await admin.send("/invite");
    const pickers = admin.messages().slice(before);
    expect(pickers).toHaveLength(2);
    expect(pickers.flatMap((m) => buttonsOf(m)).filter((b) => b.startsWith("Ban QL"))).toHaveLength(130);
    await admin.press(shortName(125));
    expect(admin.lastText()).toContain("vai trò");

    // /newballot with a few boards chosen, one of them from the second message.
    await admin.send("/newballot");
    await admin.press("Khối trưởng");
    await admin.press(/^\d{4}$/);
    await admin.press("Dùng tiêu đề này");
    await admin.press("Chọn một số đơn vị");
    await admin.press(shortName(2));
    await admin.press(shortName(129));
    await admin.press(/^Xong \(2\)/);
    await admin.press("Công khai");
    await admin.press("24 giờ");
    await admin.press("Không yêu cầu");
    await admin.press("bầu lại");
    await admin.press("Đăng lên nhóm");
    expect(buttonsOf(ballotMessage())).toEqual([shortName(2), shortName(129)]);

    // All 130 as candidates: pages of 96 in the group, and a vote on the second page keeps it in view.
    const voter = await join(harness, 2000, "Cử tri", code(7), "focal");
    await newBallot(admin, "Khối phó");
    const ballot = ballotMessage();
    expect(buttonsOf(ballot).filter((b) => b.startsWith("Ban QL"))).toHaveLength(96);
    expect(buttonsOf(ballot)).toContain("1/2");
    await voter.press("▶", { in: group, messageId: ballot.message_id });
    const page2 = harness.tg.message(group.chatId, ballot.message_id)!;
    expect(buttonsOf(page2).filter((b) => b.startsWith("Ban QL"))).toHaveLength(34);
    await voter.press(shortName(120), { in: group, messageId: ballot.message_id });
    expect(await harness.db.ballotVote.count()).toBe(1);
    expect(buttonsOf(harness.tg.message(group.chatId, ballot.message_id))).toContain("2/2");

    // A nomination round: the same pages.
    await newBallot(admin, "Cờ thi đua", "nominate");
    const nominations = ballotMessage();
    expect(nominations.text).toContain("Đề cử");
    await voter.press("◀", { in: group, messageId: nominations.message_id });
    await voter.press(shortName(130), { in: group, messageId: nominations.message_id });
    expect(await harness.db.ballotNomination.count()).toBe(1);
    expect(buttonsOf(harness.tg.message(group.chatId, nominations.message_id))).toContain("2/2");
    expectAllAccepted(harness);
  });
});

describe("ids at their largest, codes and names at the schema's limits", () => {
  it("every button the bot builds carries at most 64 bytes of data, and each works when pressed", async () => {
    h = await Harness.create({ blocFile: largeBloc({ boards: 3, indicators: 60 }), now: "2026-12-10T02:00:00Z" });
    const harness = h;
    const group = harness.group();
    const admin = harness.user(1, "Admin");
    await admin.sendIn(group, "/linkgroup");
    // The handlers read ids of up to 9 digits: start every table the buttons name just below that.
    for (const table of ["Board", "Period", "Ballot"]) {
      // sqlite_sequence has no key on name: update the table's row, or add one.
      const updated = await harness.db.$executeRawUnsafe(`UPDATE sqlite_sequence SET seq = 999999900 WHERE name = '${table}'`);
      if (updated === 0) await harness.db.$executeRawUnsafe(`INSERT INTO sqlite_sequence (name, seq) VALUES ('${table}', 999999900)`);
    }
    const longCode = (c: string) => c.padEnd(32, "Z");
    // Owing from November (its deadline passed on 7 December): a report and a reminder for it have buttons.
    for (const c of ["P", "Q"]) await admin.send(`/addboard ${longCode(c)} | ${`Ban ${c} ĐBSH & <Bắc>`.padEnd(40, "ắ")} | ${"Ban Quản lý ".repeat(20).slice(0, 200)} | 2026-11`);
    const big = await harness.db.board.findMany({ where: { id: { gt: 999999900 } }, orderBy: { id: "asc" } });
    expect(big.map((b) => b.id)).toEqual([999999901, 999999902]);

    // An invitation made with the buttons (inv:b:<board>, inv:r:<board>:<role>).
    await admin.send("/invite");
    await admin.press(big[0]!.shortName);
    await admin.press("Cán bộ đầu mối");
    const link = /start=([A-Za-z0-9_-]+)/.exec(admin.lastText())![1]!;
    const voter = harness.user(300, "Cử tri");
    await voter.send(`/start ${link}`);
    await join(harness, 300, "Cử tri", longCode("Q"), "head");

    // A report: the board chosen with rep:<board>:<period>, then the dialogue's own buttons.
    await join(harness, 300, "Cử tri", longCode("Q"), "focal");
    await voter.send("/report");
    await voter.press(big[1]!.shortName);
    expect(voter.lastText()).toContain("Câu 1/60");
    expect(((await harness.db.period.findMany()).at(-1)!.id)).toBeGreaterThan(999999900);
    await voter.press("Hủy");
    // A reminder's button (rep:...), from /nudge.
    await admin.send("/nudge");
    await voter.press("Báo cáo ngay");
    expect(voter.lastText()).toContain("Câu 1/60");
    await voter.send("/cancel");

    // A ballot for an award whose code has 32 characters, boards chosen by id (nb:…), voted from the group
    // by a person of two boards (bv:<ballot>:<position>, then bvb:<ballot>:<position>:<board> in private).
    await admin.send("/newballot");
    await admin.press("Cờ thi đua của Bộ trưởng");
    expect(admin.lastText()).toContain("năm");
    await admin.press(/^\d{4}$/);
    await admin.press("Dùng tiêu đề này");
    await admin.press("Chọn một số đơn vị");
    await admin.press(big[0]!.shortName);
    await admin.press(big[1]!.shortName);
    await admin.press(/^Xong \(2\)/);
    await admin.press(/^(★ )?1$/);
    await admin.press("Công khai");
    await admin.press("24 giờ");
    await admin.press("Không yêu cầu");
    await admin.press("bầu lại");
    await admin.press("Đăng lên nhóm");
    const ballot = [...group.messages()].reverse().find((m) => m.text?.startsWith("🗳"))!;
    expect(await harness.db.ballot.count({ where: { id: { gt: 999999900 } } })).toBe(1);
    await voter.press(big[1]!.shortName, { in: group, messageId: ballot.message_id });
    await voter.press(big[0]!.shortName); // which of the voter's boards votes
    expect(await harness.db.ballotVote.count()).toBe(1);

    // A nomination round: bn:<ballot>:<board>, then bnb:<ballot>:<board>:<board> in private.
    await admin.send("/newballot");
    await admin.press("Bằng khen của Bộ trưởng");
    await admin.press(/^\d{4}$/);
    await admin.press("Dùng tiêu đề này");
    await admin.press("Vòng đề cử");
    await admin.press(/^(★ )?1$/);
    await admin.press("Công khai");
    await admin.press("24 giờ");
    await admin.press("Không yêu cầu");
    await admin.press("bầu lại");
    await admin.press("Đăng lên nhóm");
    const nominations = [...group.messages()].reverse().find((m) => m.text?.startsWith("📝"))!;
    await voter.press(big[0]!.shortName, { in: group, messageId: nominations.message_id });
    await voter.press(big[1]!.shortName);
    expect(await harness.db.ballotNomination.count()).toBe(1);

    // The summary's buttons (sm:i:<range>:<indicator>), for the last indicator of 60.
    await admin.sendIn(group, "/summary 2026");
    const summary = group.last()!;
    await admin.press("Chi tiết", { in: group, messageId: summary.message_id });
    await admin.press("◀", { in: group, messageId: summary.message_id });
    expect(buttonsOf(harness.tg.message(group.chatId, summary.message_id))).toContain("Chỉ tiêu 60/60");

    const data = harness.tg.calls.flatMap((c) => ((c.payload.reply_markup as { inline_keyboard?: { callback_data?: string }[][] } | undefined)?.inline_keyboard ?? []).flat());
    const longest = Math.max(...data.map((b) => Buffer.byteLength(b.callback_data ?? "")));
    expect(longest).toBeGreaterThan(30);
    expect(longest).toBeLessThanOrEqual(64);
    expectAllAccepted(harness);
  });
});
