// The report's dialogue on Zalo as a person on a phone drives it (issue 16 item 3),
// through the composition with both messengers (tests/harness/harness.ts `zalo`):
// typos, back, change one item and send by number; /cancel; paste mode; and the
// language a person chose, which Zalo never sends, kept on Zalo too.
import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseZaloEvent } from "../../../src/messengers/zalo/events.js";
import { FakeZalo, type FakeZaloUser } from "../../harness/fake-zalo.js";
import { Harness } from "../../harness/harness.js";
import { join, OCTOBER } from "../../harness/fixtures.js";
import { blocWithSchedule, TEST_SCHEDULE } from "../../harness/bloc-files.js";
import { numberOf as lineNumber } from "../../harness/zalo-ballots.js";
import { adminOnZalo } from "../../harness/bloc-world.js";
import { choiceWords } from "../../../src/messengers/zalo/text.js";
import { foldedWords } from "../../../src/shared/bloc/text.js";

let h: Harness;
let fake: FakeZalo;

beforeEach(async () => {
  fake = new FakeZalo({ now: () => h.clock.now().getTime() });
  // 09:00 on 2 November in Hà Nội: October is the period to report.
  h = await Harness.create({ zalo: fake, now: "2026-11-02T02:00:00Z" });
});
afterEach(async () => h.close());

/** `user` types `text` on Zalo; the texts the bot sent back there, joined. */
async function zaloSend(user: FakeZaloUser, text: string): Promise<string> {
  const zalo = h.app.zalo!;
  const before = fake.sent.get(user.id)?.length ?? 0;
  await zalo.adapter.handle(zalo.bot, parseZaloEvent(fake.textEvent(user, text))!);
  return (fake.sent.get(user.id) ?? []).slice(before).map((s) => s.text ?? s.caption ?? "").join("\n");
}

/** A focal person of HP who joined on Zalo by typing the invitation's short code. */
async function lanOnZalo(): Promise<FakeZaloUser> {
  const admin = h.user(1, "Admin");
  await admin.send("/invite HP focal");
  const short = /<code>([0-9A-Z]{5}-[0-9A-Z]{5})<\/code>/.exec(admin.lastText())![1]!;
  const lan = fake.user("Lan");
  expect(await zaloSend(lan, short)).toContain("Cán bộ đầu mối của Hải Phòng");
  return lan;
}

/** The number of the line “N. `label`” in `text` (a menu's choice as Zalo reads it). */
function numberOf(text: string, label: string): string {
  const m = new RegExp(`(?:^|\\n)(\\d+)\\. ${label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?:\\n|$)`).exec(text);
  expect(m, `“${label}” in:\n${text}`).not.toBeNull();
  return m![1]!;
}

async function values() {
  const r = await h.db.report.findFirst({ include: { values: { include: { indicator: true } } } });
  return r ? Object.fromEntries(r.values.map((v) => [v.indicator.code, v.value])) : null;
}

/** What `user` gets on Zalo for an event of another kind (a sticker): the texts, joined. */
async function zaloEvent(user: FakeZaloUser, raw: ReturnType<FakeZalo["stickerEvent"]>): Promise<string> {
  const zalo = h.app.zalo!;
  const before = fake.sent.get(user.id)?.length ?? 0;
  await zalo.adapter.handle(zalo.bot, parseZaloEvent(raw)!);
  return (fake.sent.get(user.id) ?? []).slice(before).map((s) => s.text ?? "").join("\n");
}

describe("the report on Zalo, typed on a phone", () => {
  it("typos are explained and the question stays; back by its words; change one item by number; sent by number, stored once", async () => {
    const lan = await lanOnZalo();
    expect(await zaloSend(lan, "/report")).toContain("Câu 1/12");
    expect(await zaloSend(lan, "12")).toContain("Câu 2/12");
    // A typo: explained, no value taken, the same question waits.
    const typo = await zaloSend(lan, "8O");
    expect(typo).toContain("“8O” không phải là số");
    expect(typo).not.toContain("Câu 3/12");
    expect(await zaloSend(lan, "80")).toContain("Câu 3/12");
    // Back, typed as its words without diacritics: question 2 again, showing the wrong figure.
    const back = await zaloSend(lan, "quay lai");
    expect(back).toContain("Câu 2/12");
    expect(back).toContain("Giá trị hiện tại: 80 dự án");
    expect(await zaloSend(lan, "8")).toContain("Câu 3/12");
    for (const a of OCTOBER.slice(2, 5)) await zaloSend(lan, a);
    // A separator typo at question 6, then the right figure.
    expect(await zaloSend(lan, "3.131.93")).toContain("Dấu phân cách trong “3.131.93” không đúng");
    let last = "";
    for (const a of OCTOBER.slice(5)) last = await zaloSend(lan, a);
    expect(last).toContain("Kiểm tra báo cáo tháng 10/2026");
    // One number, one meaning: the read-back's items are 1–12, its own choices 13–15.
    expect(last).toContain("\n5. Vốn đầu tư FDI đăng ký cấp mới và tăng thêm: 402,76 triệu USD");
    expect(last).toContain("Gõ số của một mục để sửa mục đó.");
    expect(last.endsWith("\n\n13. 📤 Gửi báo cáo\n14. ✏️ Sửa một mục\n15. ✖ Hủy")).toBe(true);
    // Change one item through the list of items: 14 opens it, names whole (not cut at a button's width), back is 13.
    const picker = await zaloSend(lan, "14");
    expect(picker).toContain("Sửa mục nào?");
    expect(picker).toContain("\n5. Vốn đầu tư FDI đăng ký cấp mới và tăng thêm\n");
    expect(picker).not.toContain("…");
    expect(picker.endsWith("\n13. ◀ Quay lại")).toBe(true);
    const fifth = await zaloSend(lan, "5");
    expect(fifth).toContain("Câu 5/12");
    expect(fifth).toContain("Giá trị hiện tại: 402,76 triệu USD");
    const review = await zaloSend(lan, "410");
    expect(review).toContain("Vốn đầu tư FDI đăng ký cấp mới và tăng thêm: 410 triệu USD");
    expect(review.endsWith("\n\n13. 📤 Gửi báo cáo\n14. ✏️ Sửa một mục\n15. ✖ Hủy")).toBe(true);
    // The item's own number typed at the read-back changes that item: "1" is item 1, never “send”.
    const first = await zaloSend(lan, "1");
    expect(first).toContain("Câu 1/12");
    expect(first).toContain("Giá trị hiện tại: 12 dự án");
    expect(await zaloSend(lan, "13")).toContain("Kiểm tra báo cáo tháng 10/2026"); // 13 is no choice under question 1: a figure
    const eleventh = await zaloSend(lan, "11");
    expect(eleventh).toContain("Câu 11/12");
    expect(await zaloSend(lan, "52.300")).toContain("\n1. Dự án FDI cấp mới Giấy chứng nhận đăng ký đầu tư: 13 dự án\n");
    expect(await values()).toBeNull(); // nothing stored before “send”
    // A number neither an item nor a choice: the choices are asked for, nothing else happens.
    expect(await zaloSend(lan, "16")).toBe("Vui lòng chọn một trong các lựa chọn ở trên.");
    const receipt = await zaloSend(lan, "13");
    expect(receipt).toMatch(/Đã nhận báo cáo tháng 10\/2026 của Hải Phòng lúc 02\/11\/2026 09:00/);
    expect(await values()).toEqual({
      fdi_new: 13, ddi_new: 8, fdi_adjust: 30, ddi_adjust: 10, fdi_capital: 410, ddi_capital: 3131.93,
      fdi_revenue: 1200.5, ddi_revenue: 20000, fdi_budget: 35.2, ddi_budget: 1500, workers: 52300, zones_operating: 8,
    });
    expect(await h.db.report.count()).toBe(1);
    // The menu of the read-back is spent: a second 13 sends nothing again.
    await zaloSend(lan, "13");
    expect(await h.db.reportRevision.count()).toBe(1);
    for (const m of fake.sent.get(lan.id) ?? []) expect((m.text ?? "").length).toBeLessThanOrEqual(2000);
  });

  it("/cancel at any step: nothing stored, no draft, and a later number is no answer", async () => {
    const lan = await lanOnZalo();
    await zaloSend(lan, "/report");
    await zaloSend(lan, "12");
    await zaloSend(lan, "8");
    expect(await zaloSend(lan, "/cancel")).toBe("Đã hủy. Không có gì được gửi.");
    expect(await zaloSend(lan, "5")).not.toContain("Câu");
    expect(await values()).toBeNull();
    expect(await h.db.reportDraft.count()).toBe(0);
  });

  it("paste mode: a table pasted as one message fills the draft, lists what it could not read, and the rest is asked by number", async () => {
    const lan = await lanOnZalo();
    await zaloSend(lan, "/report");
    const answer = await zaloSend(lan, [
      "fdi_new: 12", "ddi_new: 8", "FDI licence adjustments = 30", "điều chỉnh DDI\t10", "vốn FDI: 402,76 triệu USD",
      "von DDI: 3.131,93", "doanh thu FDI: 1.200,5", "doanh thu DDI: 3.131.93", "ngân sách FDI: 35,2", "lao dong: 52.300", "số KCN: 8", "tiền điện: 5",
    ].join("\n"));
    expect(answer).toContain("Đã điền 10 mục");
    expect(answer).toContain("Dòng 8 “doanh thu DDI: 3.131.93”: Dấu phân cách");
    expect(answer).toContain("Dòng 12 “tiền điện: 5”: không nhận ra chỉ tiêu");
    expect(answer).toContain("Còn thiếu 2 mục");
    expect(answer).not.toMatch(/<\/?[a-z]+>/);
    const fill = /\n(\d+)\. [^\n]*Điền các mục còn thiếu/.exec(answer);
    expect(fill, answer).not.toBeNull();
    expect(await zaloSend(lan, fill![1]!)).toContain("Câu 8/12");
    expect(await zaloSend(lan, "20000")).toContain("Câu 10/12");
    const review = await zaloSend(lan, "1500");
    expect(review).toContain("Kiểm tra báo cáo");
    expect(await zaloSend(lan, numberOf(review, "📤 Gửi báo cáo"))).toContain("Đã nhận báo cáo tháng 10/2026");
    expect(await values()).toMatchObject({ fdi_new: 12, ddi_capital: 3131.93, workers: 52300, ddi_revenue: 20000, ddi_budget: 1500 });
  });
});

describe("the language a person chose, on Zalo (Zalo tells none)", () => {
  it("a person who chose English gets the bot in English on Zalo, the adapter's own lines too: the controls to type, the line for what the bot cannot read", async () => {
    const lan = await lanOnZalo();
    await zaloSend(lan, "/lang");
    expect(await zaloSend(lan, "2")).toBe("Language set to English.");
    const first = await zaloSend(lan, "/report");
    expect(first).toContain("Report for October 2026 — Hải Phòng");
    expect(first.endsWith("\n\n✖ Cancel: type “Cancel”")).toBe(true);
    expect(await zaloEvent(lan, fake.stickerEvent(lan))).toBe("The bot can only read text messages. Please send your message as text, or type /help to see the commands.");
    expect(await zaloSend(lan, "cancel")).toMatch(/Cancelled/);
    expect(await h.db.reportDraft.count()).toBe(0);
  });

  it("a person who chose Vietnamese in a bloc whose default is English keeps Vietnamese on Zalo", async () => {
    await h.close();
    fake = new FakeZalo({ now: () => h.clock.now().getTime() });
    h = await Harness.create({ zalo: fake, now: "2026-11-02T02:00:00Z", env: { DEFAULT_LOCALE: "en" } });
    const stranger = fake.user("Hà");
    await zaloSend(stranger, "/lang");
    await zaloSend(stranger, "1");
    expect(await zaloEvent(stranger, fake.stickerEvent(stranger))).toBe("Bot chỉ đọc được tin nhắn chữ. Anh/Chị vui lòng gửi nội dung bằng chữ, hoặc gõ /help để xem các lệnh.");
    // One who chose nothing gets the bloc's default.
    const other = fake.user("Minh");
    expect(await zaloEvent(other, fake.stickerEvent(other))).toBe("The bot can only read text messages. Please send your message as text, or type /help to see the commands.");
  });
});

describe("the monthly reminder on Zalo, in the person's language", () => {
  it("a focal person on Zalo who chose English gets the d-3 reminder in English there, its choice numbered, and the report it starts in English", async () => {
    await h.close();
    fake = new FakeZalo({ now: () => h.clock.now().getTime() });
    h = await Harness.create({ zalo: fake, now: "2026-11-01T01:00:00Z", blocFile: blocWithSchedule(TEST_SCHEDULE) });
    const lan = await lanOnZalo();
    await zaloSend(lan, "/lang");
    expect(await zaloSend(lan, "2")).toBe("Language set to English.");
    const before = fake.sent.get(lan.id)?.length ?? 0;
    const end = new Date("2026-11-02T03:00:00Z").getTime(); // 10:00 on 2 November in Hà Nội: the d-3 slot at 09:00 has passed
    while (h.clock.now().getTime() < end) {
      h.clock.advance(30 * 60_000);
      await h.app.scheduler.tick();
    }
    const reminders = (fake.sent.get(lan.id) ?? []).slice(before).map((s) => s.text ?? "");
    expect(reminders, reminders.join("\n---\n")).toHaveLength(1);
    expect(reminders[0]).toContain("October 2026");
    expect(reminders[0]).not.toContain("chưa gửi báo cáo");
    const choice = /\n\n1\. ([^\n]+)$/.exec(reminders[0]!);
    expect(choice, reminders[0]).not.toBeNull();
    const report = await zaloSend(lan, "1");
    expect(report).toContain("Question 1/12");
    expect(report.endsWith("\n\n✖ Cancel: type “Cancel”")).toBe(true);
  });
});

describe("corrections on Zalo", () => {
  it("an amendment: /report again, change one item by number, send, the reason typed; a new revision with the reason, the receipt in plain text", async () => {
    const lan = await lanOnZalo();
    await zaloSend(lan, "/report");
    let sent = "";
    for (const a of OCTOBER) sent = await zaloSend(lan, a);
    expect(await zaloSend(lan, numberOf(sent, "📤 Gửi báo cáo"))).toContain("Đã nhận báo cáo tháng 10/2026");
    h.clock.advance(3600_000);
    const again = await zaloSend(lan, "/report");
    expect(again).toContain("Sửa báo cáo tháng 10/2026");
    const edit = /\n(\d+)\. ✏️ Sửa một mục/.exec(again);
    expect(edit, again).not.toBeNull();
    expect(await zaloSend(lan, edit![1]!)).toContain("Sửa mục nào?");
    expect(await zaloSend(lan, "11")).toContain("Câu 11/12");
    const review = await zaloSend(lan, "53.000");
    const send = /\n(\d+)\. 📤 Gửi báo cáo/.exec(review);
    expect(send, review).not.toBeNull();
    const ask = await zaloSend(lan, send![1]!);
    expect(ask).toContain("Lý do");
    const receipt = await zaloSend(lan, "Số liệu cập nhật từ BHXH <b>");
    expect(receipt).toContain("lần sửa 2, 1 mục thay đổi");
    expect(receipt).not.toMatch(/<\/?[a-z]+>|&[a-z]+;/);
    expect((await values())?.workers).toBe(53000);
    const revs = await h.db.reportRevision.findMany({ orderBy: { revision: "asc" }, include: { changes: true } });
    expect(revs.map((r) => r.revision)).toEqual([1, 2]);
    expect(revs[1]).toMatchObject({ reason: "Số liệu cập nhật từ BHXH <b>" });
    expect(revs[1]!.changes).toEqual([expect.objectContaining({ oldValue: 52300, newValue: 53000 })]);
  });
});

describe("no buttons to press on Zalo", () => {
  /** A word that tells a person to press a button (bấm, nút; press, button), which a person on Zalo has none of. */
  const SPEAKS_OF_BUTTONS = /(^|[^\p{L}])(bấm|nút|press|buttons?)(?=[^\p{L}]|$)/iu;

  it("what a focal person reads on Zalo never asks them to press a button: welcome, /help, a stray answer at the read-back, /report mid-report, the amendment's reason", async () => {
    const lan = await lanOnZalo();
    await zaloSend(lan, "/start");
    await zaloSend(lan, "/help");
    await zaloSend(lan, "/report");
    await zaloSend(lan, "12");
    expect(await zaloSend(lan, "/report")).toContain("Chọn “Tiếp tục”");
    await zaloSend(lan, "1"); // continue
    let review = "";
    for (const a of OCTOBER.slice(1)) review = await zaloSend(lan, a);
    expect(await zaloSend(lan, "20")).toBe("Vui lòng chọn một trong các lựa chọn ở trên."); // a number neither an item nor a choice
    await zaloSend(lan, numberOf(review, "📤 Gửi báo cáo"));
    await zaloSend(lan, "/report");
    await zaloSend(lan, "11");
    review = await zaloSend(lan, "53.000");
    expect(await zaloSend(lan, numberOf(review, "📤 Gửi báo cáo"))).toContain("chọn “Bỏ qua”");
    expect(await zaloSend(lan, "Bỏ qua")).toContain("lần sửa 2");
    const read = (fake.sent.get(lan.id) ?? []).map((m) => m.text ?? "");
    expect(read.length).toBeGreaterThan(20);
    expect(read.filter((t) => SPEAKS_OF_BUTTONS.test(t))).toEqual([]);
  });

  it("what an administrator reads on Zalo never asks them to press a button either: /invite step by step, /invites, /people, /revoke and its steps, the usages, /newballot; pickers carry whole names", async () => {
    await join(h, 200, "Nguyễn Thị Phương Thảo Minh Khai", "HP", "focal");
    const { adminZ, linked } = await adminOnZalo(h, fake);
    expect(linked).toContain("Đã liên kết");
    expect(await zaloSend(adminZ, "/invite")).toContain("Mời người cho Ban Quản lý nào?");
    expect(await zaloSend(adminZ, "2")).toContain("Với vai trò nào?");
    expect(await zaloSend(adminZ, "2")).toContain("Lời mời Lãnh đạo Ban cho Hải Phòng");
    expect(await zaloSend(adminZ, "/invite HP chief")).toContain("Cách dùng");
    expect(await zaloSend(adminZ, "/invites")).toContain("Chọn ✖ #SỐ để hủy một lời mời");
    expect(await zaloSend(adminZ, "/people")).toContain("/revoke (chọn từng bước)");
    // The person picker writes the whole “name · board” (45 characters; a Telegram button's is cut at 40).
    const who = await zaloSend(adminZ, "/revoke");
    expect(who).toContain("\n1. Nguyễn Thị Phương Thảo Minh Khai · Hải Phòng");
    expect(await zaloSend(adminZ, "1")).toContain("Thu hồi vai trò nào");
    expect(await zaloSend(adminZ, "1")).toContain("Lý do?");
    expect(await zaloSend(adminZ, "1")).toContain("Xác nhận thu hồi?");
    expect(await zaloSend(adminZ, "/revoke #2 HP focal")).toContain("Cách dùng");
    await zaloSend(adminZ, "/newballot");
    for (const n of ["1", "1", "1"]) await zaloSend(adminZ, n); // Khối trưởng, the year, the title
    expect(await zaloSend(adminZ, "2")).toContain("Chọn các đơn vị (chọn lại để bỏ), rồi chọn “Xong”.");
    await zaloSend(adminZ, "/cancel");
    const read = (fake.sent.get(adminZ.id) ?? []).map((m) => m.text ?? "");
    expect(read.length).toBeGreaterThan(15);
    expect(read.filter((t) => SPEAKS_OF_BUTTONS.test(t))).toEqual([]);
  });

  it("a pasted line that names several indicators is asked back on Zalo with the whole names, numbered as listed, and no word of buttons", async () => {
    const lan = await lanOnZalo();
    await zaloSend(lan, "/report");
    const asked = await zaloSend(lan, ["fdi_new: 12", "Nộp ngân sách: 35,2"].join("\n"));
    expect(asked).toContain("Dòng 2 “Nộp ngân sách: 35,2”");
    expect(asked).toContain("Chọn một chỉ tiêu hoặc gõ số thứ tự");
    expect(asked).not.toMatch(SPEAKS_OF_BUTTONS);
    expect(asked).not.toContain("…");
    expect(asked.endsWith("\n\n1. Nộp ngân sách nhà nước của doanh nghiệp FDI\n2. Nộp ngân sách nhà nước của doanh nghiệp DDI\n3. Bỏ qua")).toBe(true);
    expect(await zaloSend(lan, "2")).toContain("✓ Nộp ngân sách nhà nước của doanh nghiệp DDI: 35,2 tỷ đồng");
  });

  it("no message of either language tells the reader to press or tap a button (any of them can reach a person on Zalo)", () => {
    const words = /(^|[^\p{L}])(bấm|nhấn|nút|press(es|ed)?|tap|click|buttons?)(?=[^\p{L}]|$)/iu;
    for (const file of ["locales/vi.ftl", "locales/en.ftl"]) {
      const said = readFileSync(file, "utf8").split("\n").filter((l) => !/^\s*#/.test(l)).map((l) => l.replace(/^[a-z0-9-]+ = /, ""));
      expect(said.filter((l) => words.test(l)), file).toEqual([]);
    }
  });
});

describe("one list of choices on Zalo", () => {
  /**
   * The choices of a Zalo message (the numbered lines after its last blank line)
   * that its text lists again above them: a list written twice. Compared by the
   * words a person would type (the number, symbols and parts in brackets aside).
   */
  function listedTwice(text: string): string[] {
    const cut = text.lastIndexOf("\n\n");
    if (cut < 0) return [];
    const words = (line: string) => foldedWords(choiceWords(line.replace(/^\s*\d+\.\s+/, ""))).join(" ");
    const body = new Set(text.slice(0, cut).split("\n").map(words).filter(Boolean));
    // A choice is a numbered line, or “label: gõ “words”” under a question that takes a typed number.
    const label = (line: string) => (/^\d+\. /.test(line) ? line : /^(.+?): (gõ|type) “/.exec(line)?.[1]);
    return text.slice(cut + 2).split("\n").filter((l) => { const x = label(l); return x !== undefined && body.has(words(x)); });
  }

  it("the paste question lists each indicator once, whole, with what the paste already gave it, answered by its number", async () => {
    const lan = await lanOnZalo();
    await zaloSend(lan, "/report");
    const asked = await zaloSend(lan, ["Dự án FDI cấp mới: 12", "von FDI: 402,76", "LĐ: 1.265.945", "FDI: 5"].join("\n"));
    expect(asked).toContain("Dòng 4 “FDI: 5” khớp với nhiều chỉ tiêu như nhau");
    expect(listedTwice(asked)).toEqual([]);
    expect(asked.split("Dự án FDI cấp mới Giấy chứng nhận đăng ký đầu tư")).toHaveLength(2);
    expect(asked).toContain("\n\n1. Dự án FDI cấp mới Giấy chứng nhận đăng ký đầu tư (hiện có 12 dự án)\n2. Lượt điều chỉnh dự án FDI\n3. Vốn đầu tư FDI đăng ký cấp mới và tăng thêm (hiện có 402,76 triệu USD)\n");
    expect(asked.endsWith("\n6. Bỏ qua")).toBe(true);
    expect(await zaloSend(lan, "2")).toContain("✓ Lượt điều chỉnh dự án FDI");
    expect(await values()).toBeNull(); // a draft, nothing stored yet
    expect((await h.db.reportDraft.findFirstOrThrow()).valuesJson).toMatchObject({ fdi_new: 12, fdi_adjust: 5 });
  });

  it("no question of the report, /newballot, /invite, /revoke or /messenger lists its choices twice", async () => {
    const lan = await lanOnZalo();
    await zaloSend(lan, "/report");
    await zaloSend(lan, "12");
    expect(await zaloSend(lan, "/report")).toContain("Chọn “Tiếp tục”"); // the dialogue already open
    await zaloSend(lan, "1");
    expect(await zaloSend(lan, ["doanh thu FDI: 1.200,5", "Nộp ngân sách: 35,2"].join("\n"))).toContain("khớp với nhiều chỉ tiêu");
    let said = await zaloSend(lan, "1");
    expect(said).toContain("Còn thiếu 9 mục");
    said = await zaloSend(lan, numberOf(said, "✍️ Điền các mục còn thiếu"));
    for (let question = /Câu (\d+)\/12/.exec(said); question; question = /Câu (\d+)\/12/.exec(said)) said = await zaloSend(lan, OCTOBER[Number(question[1]) - 1]!);
    expect(said).toContain("Kiểm tra báo cáo tháng 10/2026");
    expect(await zaloSend(lan, numberOf(said, "✏️ Sửa một mục"))).toContain("Sửa mục nào?");
    expect(await zaloSend(lan, "13")).toContain("Kiểm tra báo cáo tháng 10/2026"); // back
    expect(await zaloSend(lan, numberOf(said, "📤 Gửi báo cáo"))).toContain("Đã nhận báo cáo tháng 10/2026");

    await join(h, 200, "Nguyễn Thị Phương Thảo Minh Khai", "HP", "head");
    const { adminZ, linked } = await adminOnZalo(h, fake);
    expect(linked).toContain("Đã liên kết");
    expect(await zaloSend(adminZ, "/messenger")).toContain("Chọn ứng dụng nhận tin ưu tiên");
    expect(await zaloSend(adminZ, "/invite")).toContain("Mời người cho Ban Quản lý nào?");
    expect(await zaloSend(adminZ, "2")).toContain("Với vai trò nào?");
    expect(await zaloSend(adminZ, "/revoke")).toContain("Thu hồi vai trò của ai?");
    expect(await zaloSend(adminZ, "1")).toContain("Thu hồi vai trò nào");
    expect(await zaloSend(adminZ, "1")).toContain("Lý do?");
    expect(await zaloSend(adminZ, "1")).toContain("Xác nhận thu hồi?");
    await zaloSend(adminZ, "/cancel");
    said = await zaloSend(adminZ, "/newballot");
    for (const step of ["Khối trưởng", "\\d{4}", "Dùng tiêu đề này", "Chọn một số đơn vị", "Hà Nam", "✅ Hà Nam|Vĩnh Phúc", "Xong \\(2\\)", "Công khai", "24 giờ", "Quá nửa \\(6\\)", "Khối trưởng quyết định"]) {
      said = await zaloSend(adminZ, lineNumber(said, step.split("|").at(-1)!));
    }
    expect(said).toContain("Kiểm tra trước khi");

    const read = [lan, adminZ].flatMap((u) => (fake.sent.get(u.id) ?? []).map((m) => m.text ?? ""));
    expect(read.filter((t) => /\n\n(1\. |.+: gõ “)/.test(t)).length).toBeGreaterThan(20); // menus were read
    expect(read.filter((t) => listedTwice(t).length > 0)).toEqual([]);
  });
});
