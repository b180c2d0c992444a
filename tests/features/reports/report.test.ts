// The monthly report, end to end through the harness.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Harness, alerts, buttonRowsOf, buttonsOf, texts, type FakeUser } from "../../harness/harness.js";
import { OCTOBER, answerAll, fullReport, harnessWithLan, join } from "../../harness/fixtures.js";
import { blocWithBoardsFrom } from "../../harness/bloc-files.js";

/** The boards owe figures from January 2026: these stories report September and read August. */
const SINCE_JANUARY = blocWithBoardsFrom("2026-01");

let h: Harness;
let lan: FakeUser;

beforeEach(async () => {
  // 09:00 on 2 November in Hà Nội: October is the period to report, due 5 November 17:00.
  ({ h, lan } = await harnessWithLan({ now: "2026-11-02T02:00:00Z", blocFile: SINCE_JANUARY }));
});
afterEach(async () => h.close());

async function values(board = "HP", year = 2026, month = 10) {
  const r = await h.db.report.findFirst({ where: { board: { code: board }, period: { year, month } }, include: { values: { include: { indicator: true } } } });
  return r ? Object.fromEntries(r.values.map((v) => [v.indicator.code, v.value])) : null;
}

describe("a full report", () => {
  it("asks one question at a time, reads back, and gives a receipt", async () => {
    await lan.send("/report");
    expect(lan.lastText()).toContain("Báo cáo tháng 10/2026 — Hải Phòng");
    expect(lan.lastText()).toContain("Câu 1/12");
    expect(buttonsOf(lan.last())).toEqual(["✖ Hủy"]);
    for (let i = 0; i < OCTOBER.length; i++) {
      await lan.send(OCTOBER[i]!);
      if (i < OCTOBER.length - 1) expect(lan.lastText()).toContain(`Câu ${i + 2}/12`);
    }
    // Echoed in canonical form.
    expect(lan.textsSince(0).join("\n")).toContain("✓ Vốn đầu tư FDI đăng ký cấp mới và tăng thêm: <b>402,76 triệu USD</b>");
    const review = lan.lastText();
    expect(review).toContain("Kiểm tra báo cáo tháng 10/2026");
    expect(review).toContain("Doanh thu của doanh nghiệp DDI: <b>20.000</b> tỷ đồng");
    expect(buttonsOf(lan.last())).toEqual(["📤 Gửi báo cáo", "✏️ Sửa một mục", "✖ Hủy"]);
    expect(await values()).toBeNull(); // nothing stored before "send"

    await lan.press("Gửi báo cáo");
    const receipt = lan.lastText();
    expect(receipt).toMatch(/Đã nhận báo cáo tháng 10\/2026 của <b>Hải Phòng<\/b> lúc 02\/11\/2026 09:00/);
    expect(receipt).toMatch(/Mã tiếp nhận: <code>BC-[A-Z0-9]{8}<\/code>/);
    expect(receipt).not.toContain("muộn");
    expect(await values()).toEqual({
      fdi_new: 12, ddi_new: 8, fdi_adjust: 30, ddi_adjust: 10, fdi_capital: 402.76, ddi_capital: 3131.93,
      fdi_revenue: 1200.5, ddi_revenue: 20000, fdi_budget: 35.2, ddi_budget: 1500, workers: 52300, zones_operating: 8,
    });
    const report = await h.db.report.findFirstOrThrow({ include: { revisions: { include: { changes: true } } } });
    expect(report.revisions).toHaveLength(1);
    expect(report.revisions[0]!.changes).toHaveLength(12);
    expect(await h.db.reportDraft.count()).toBe(0);
  });

  it("in English, with numbers in English style", async () => {
    await lan.send("/lang en");
    await lan.send("/report");
    expect(lan.lastText()).toContain("Report for October 2026 — Hải Phòng");
    await answerAll(lan, ["12", "8", "30", "10", "7,081.7"]);
    expect(lan.lastText()).toContain("✓ FDI capital, new and added: <b>7,081.7 million USD</b>");
  });

  it("marks a report sent after the deadline as late", async () => {
    h.clock.set("2026-11-05T10:30:00Z"); // 17:30 local, half an hour late
    const receipt = await fullReport(lan);
    expect(receipt).toContain("nộp sau hạn");
    expect((await h.db.report.findFirstOrThrow()).late).toBe(true);
  });
});

describe("bad input", () => {
  async function atCapital(user: FakeUser) {
    await user.send("/report");
    await answerAll(user, ["12", "8", "30", "10"]); // now at fdi_capital (triệu USD, 2 decimals)
  }

  it.each([
    ["abc", "“abc” không phải là số. Ví dụ:"],
    ["12abc", "“12abc” không phải là số. Ví dụ:"],
    ["3.131.93", "Dấu phân cách trong “3.131.93” không đúng"],
    // One comma before three digits groups thousands (README: numbers): 402.765 is over the bound.
    ["402,765", "Giá trị phải trong khoảng 0 đến 20.000 triệu USD"],
    ["5 tỷ đồng", "Đơn vị “tỷ đồng” không phù hợp: chỉ tiêu này tính bằng triệu USD"],
    ["25.000", "Giá trị phải trong khoảng 0 đến 20.000 triệu USD"],
    ["-5", "Giá trị không được âm"],
    ["21,235.5", "Giá trị phải trong khoảng 0 đến 20.000 triệu USD"],
    ["23,456", "Giá trị phải trong khoảng 0 đến 20.000 triệu USD"],
    ["1,234 5", "Dấu phân cách trong “1,234 5” không đúng"],
    ["12,345,6", "Dấu phân cách trong “12,345,6” không đúng"],
    ["1,2345", "Tối đa 2 chữ số sau dấu phẩy"],
  ])("%s is refused with an explanation and the question stays", async (input, message) => {
    await atCapital(lan);
    const reply = texts(await lan.send(input)).join("\n");
    expect(reply).toContain(message);
    expect(reply).not.toContain("✓"); // no value taken
    expect(reply).not.toContain("Câu 6/12");
    await lan.send("402,76");
    // The same question (5) took the next answer: it had stayed.
    expect(lan.textsSince(0).join("\n")).toContain("✓ Vốn đầu tư FDI đăng ký cấp mới và tăng thêm: <b>402,76 triệu USD</b>");
    expect(lan.lastText()).toContain("Câu 6/12");
  });

  it("1,234 is read as one thousand two hundred thirty-four (README: a single separator before three digits groups thousands) and accepted", async () => {
    await atCapital(lan);
    const reply = texts(await lan.send("1,234")).join("\n");
    expect(reply).toContain("✓ Vốn đầu tư FDI đăng ký cấp mới và tăng thêm: <b>1.234 triệu USD</b>");
    expect(reply).toContain("Câu 6/12");
  });

  it("a decimal for an integer indicator is refused", async () => {
    await lan.send("/report");
    const reply = texts(await lan.send("12,5")).join("\n");
    expect(reply).toContain("Chỉ tiêu này là số nguyên (dự án), không có phần thập phân. Ví dụ: <code>");
    expect(reply).not.toContain("✓");
    expect(reply).not.toContain("Câu 2/12");
    await lan.send("12");
    expect(lan.textsSince(0).join("\n")).toContain("✓ Dự án FDI cấp mới Giấy chứng nhận đăng ký đầu tư: <b>12 dự án</b>");
    expect(lan.lastText()).toContain("Câu 2/12");
  });

  it("converts unit words into the indicator's unit", async () => {
    await lan.send("/report");
    await answerAll(lan, ["12", "8", "30", "10", "402,76 triệu USD", "1,2 nghìn tỷ"]);
    expect(lan.textsSince(0).join("\n")).toContain("<b>1.200 tỷ đồng</b>");
  });

  it("a value ten times last month is asked back, not refused", async () => {
    await fullReport(lan); // October
    h.clock.set("2026-12-02T02:00:00Z"); // November is now due
    await lan.send("/report");
    await lan.send("120"); // last month 12
    expect(lan.lastText()).toContain("chênh lệch rất lớn");
    expect(buttonsOf(lan.last())).toEqual(["Đúng, giữ giá trị này", "Nhập lại"]);
    await lan.press("Nhập lại");
    expect(lan.lastText()).toContain("Câu 1/12");
    await lan.send("120");
    await lan.press("Đúng, giữ giá trị này");
    expect(lan.lastText()).toContain("✓ Dự án FDI cấp mới Giấy chứng nhận đăng ký đầu tư: <b>120 dự án</b>");
    expect(lan.lastText()).toContain("Câu 2/12");
  });

  it("shows last month's and last year's values as hints, and offers 'same as last month' for stocks", async () => {
    await fullReport(lan);
    h.clock.set("2026-12-02T02:00:00Z");
    await lan.send("/report");
    expect(lan.lastText()).toContain("Tháng trước: 12 dự án");
    expect(buttonsOf(lan.last())).not.toContain("= Như tháng trước (12)"); // a flow
    await answerAll(lan, OCTOBER.slice(0, 10));
    expect(lan.lastText()).toContain("Câu 11/12");
    expect(buttonsOf(lan.last())).toContain("= Như tháng trước (52.300)");
    await lan.press("Như tháng trước");
    expect(lan.lastText()).toContain("✓ Lao động làm việc trong các KCN, KKT: <b>52.300 người</b>");
  });
});

describe("back, change one item, cancel", () => {
  it("back fixes the previous answer", async () => {
    await lan.send("/report");
    await answerAll(lan, ["12", "80"]);
    expect(lan.lastText()).toContain("Câu 3/12");
    await lan.press("Quay lại");
    expect(lan.lastText()).toContain("Câu 2/12");
    expect(lan.lastText()).toContain("Giá trị hiện tại: <b>80 dự án</b>");
    await lan.send("8");
    expect(lan.lastText()).toContain("Câu 3/12");
    await answerAll(lan, OCTOBER.slice(2));
    await lan.press("Gửi báo cáo");
    expect((await values())?.ddi_new).toBe(8);
  });

  it("change one item jumps to it and comes back to the read-back", async () => {
    await lan.send("/report");
    await answerAll(lan, OCTOBER);
    await lan.press("Sửa một mục");
    await lan.press(/^5\. /);
    expect(lan.lastText()).toContain("Câu 5/12");
    await lan.send("410");
    expect(lan.lastText()).toContain("Kiểm tra báo cáo");
    expect(lan.lastText()).toContain("Vốn đầu tư FDI đăng ký cấp mới và tăng thêm: <b>410</b> triệu USD");
    await lan.press("Gửi báo cáo");
    expect((await values())?.fdi_capital).toBe(410);
  });

  it("an item's number typed at the read-back or at the item picker changes that item (the read-back numbers them); buttons' labels stay cut to their width on Telegram", async () => {
    await lan.send("/report");
    await answerAll(lan, OCTOBER);
    expect(lan.lastText()).toContain("Gõ số của một mục để sửa mục đó.");
    await lan.send("5");
    expect(lan.lastText()).toContain("Câu 5/12");
    expect(lan.lastText()).toContain("Giá trị hiện tại: <b>402,76 triệu USD</b>");
    await lan.send("410");
    expect(lan.lastText()).toContain("Vốn đầu tư FDI đăng ký cấp mới và tăng thêm: <b>410</b> triệu USD");
    // A number no item has: the buttons are asked for, nothing changes.
    await lan.send("13");
    expect(lan.lastText()).toBe("Vui lòng chọn một trong các lựa chọn ở trên.");
    await lan.press("Sửa một mục");
    expect(buttonsOf(lan.last())).toContain("5. Vốn đầu tư FDI đăng ký cấp …");
    await lan.send("số 11");
    expect(lan.lastText()).toContain("Câu 11/12");
    await lan.send("53.000");
    await lan.press("Gửi báo cáo");
    expect(await values()).toMatchObject({ fdi_capital: 410, workers: 53000, fdi_new: 12 });
  });

  it("/cancel works at any step and nothing is stored", async () => {
    await lan.send("/report");
    await answerAll(lan, ["12", "8"]);
    await lan.send("/cancel");
    expect(lan.lastText()).toBe("Đã hủy. Không có gì được gửi.");
    await lan.send("5");
    expect(lan.lastText()).not.toContain("Câu");
    expect(await values()).toBeNull();
    expect(await h.db.reportDraft.count()).toBe(0);
  });

  it("the cancel button works too, and stale buttons are refused", async () => {
    await lan.send("/report");
    const firstQuestion = lan.last()!.message_id;
    await lan.send("12");
    const calls = await lan.press("Hủy", { messageId: firstQuestion });
    expect(alerts(calls)).toEqual(["Lựa chọn này đã hết hiệu lực."]);
    expect(lan.lastText()).toContain("Câu 2/12");
    await lan.press("Hủy");
    expect(lan.lastText()).toContain("Đã hủy");
  });

  it("other commands keep working mid-report", async () => {
    await lan.send("/report");
    await lan.send("12");
    await lan.send("/whoami");
    expect(lan.lastText()).toContain("Cán bộ đầu mối — Hải Phòng");
    await lan.send("/report");
    expect(lan.lastText()).toContain("đang làm dở");
    await lan.send("8");
    expect(lan.lastText()).toContain("Câu 3/12");
  });
});

describe("paste mode", () => {
  it("fills the draft from indicator: value lines and lists what it could not read", async () => {
    await lan.send("/report");
    await lan.send([
      "fdi_new: 12",
      "Dự án DDI cấp mới Giấy chứng nhận đăng ký đầu tư: 8",
      "FDI licence adjustments = 30",
      "điều chỉnh DDI\t10",
      "vốn FDI: 402,76 triệu USD",
      "von DDI: 3.131,93",
      "doanh thu FDI: 1.200,5",
      "doanh thu DDI: 3.131.93",
      "ngân sách FDI: 35,2",
      "lao dong: 52.300",
      "số KCN: 8",
      "tiền điện: 5",
      "just a line",
      "fdi_new: 13",
    ].join("\n"));
    const text = lan.textsSince(0).join("\n");
    expect(text).toContain("Đã điền 10 mục");
    expect(text).toContain("Dòng 8 “doanh thu DDI: 3.131.93”: Dấu phân cách");
    expect(text).toContain("Dòng 12 “tiền điện: 5”: không nhận ra chỉ tiêu");
    expect(text).toContain("Dòng 13 “just a line”: thiếu dấu “:”");
    expect(text).toContain("Dòng 14 “fdi_new: 13”: chỉ tiêu đã có ở dòng trước");
    expect(lan.lastText()).toContain("Còn thiếu 2 mục");
    await lan.press("Điền các mục còn thiếu");
    expect(lan.lastText()).toContain("Câu 8/12");
    await lan.send("20000");
    expect(lan.lastText()).toContain("Câu 10/12");
    await lan.send("1500");
    expect(lan.lastText()).toContain("Kiểm tra báo cáo");
    await lan.press("Gửi báo cáo");
    expect(await values()).toMatchObject({ fdi_new: 12, ddi_capital: 3131.93, workers: 52300, ddi_revenue: 20000 });
  });
});

describe("paste mode: indicators as people write them", () => {
  const draft = async () => (await h.db.reportDraft.findFirstOrThrow()).valuesJson as unknown;

  it("reads names, abbreviations and aliases, asks back a line that names several indicators, and takes the answer from a button", async () => {
    await lan.send("/report");
    const before = lan.messages().length;
    await lan.send(["Dự án FDI cấp mới: 12", "von FDI: 402,76", "LĐ: 1.265.945", "FDI: 5"].join("\n"));
    const [filled, question] = lan.textsSince(before);
    expect(filled).toContain("Đã điền 3 mục");
    expect(filled).not.toContain("không nhận ra");
    expect(question).toContain("Dòng 4 “FDI: 5” khớp với nhiều chỉ tiêu như nhau");
    // Every candidate, with what the paste already gave it.
    expect(question).toContain("1. Dự án FDI cấp mới Giấy chứng nhận đăng ký đầu tư <i>(hiện có 12 dự án)</i>");
    expect(question).toContain("2. Lượt điều chỉnh dự án FDI\n");
    expect(question).toContain("3. Vốn đầu tư FDI đăng ký cấp mới và tăng thêm <i>(hiện có 402,76 triệu USD)</i>");
    expect(question).toContain("4. Doanh thu của doanh nghiệp FDI");
    expect(question).toContain("5. Nộp ngân sách nhà nước của doanh nghiệp FDI");
    expect(buttonsOf(lan.last())).toHaveLength(6);
    expect(buttonsOf(lan.last()).at(-1)).toBe("Bỏ qua");
    // The values recognised are in the draft before the question is answered.
    expect(await draft()).toEqual({ fdi_new: 12, fdi_capital: 402.76, workers: 1265945 });

    await lan.press(/^2\. Lượt điều chỉnh/);
    const review = lan.lastText();
    expect(review).toContain("✓ Lượt điều chỉnh dự án FDI: <b>5 lượt</b>");
    expect(review).toContain("Kiểm tra báo cáo tháng 10/2026");
    expect(review).toContain("1. Dự án FDI cấp mới Giấy chứng nhận đăng ký đầu tư: <b>12</b> dự án");
    expect(review).toContain("3. Lượt điều chỉnh dự án FDI: <b>5</b> lượt");
    expect(review).toContain("5. Vốn đầu tư FDI đăng ký cấp mới và tăng thêm: <b>402,76</b> triệu USD");
    expect(review).toContain("11. Lao động làm việc trong các KCN, KKT: <b>1.265.945</b> người");
    expect(review).toContain("Còn thiếu 8 mục");
    expect(await draft()).toEqual({ fdi_new: 12, fdi_capital: 402.76, workers: 1265945, fdi_adjust: 5 });

    // The question's buttons are spent: pressed again, nothing changes.
    const again = await lan.press(/^4\. Doanh thu/);
    expect(alerts(again)).toEqual(["Lựa chọn này đã hết hiệu lực."]);
    expect(await draft()).toEqual({ fdi_new: 12, fdi_capital: 402.76, workers: 1265945, fdi_adjust: 5 });
  });

  it("asks each ambiguous line in turn: a typed number, a replaced value, a skip; forged choices are refused", async () => {
    await lan.send("/report");
    await lan.send(["fdi_new: 12", "Doanh thu: 1.200,5", "Dự án: 8", "Nộp ngân sách: 35,2"].join("\n"));
    expect(lan.lastText()).toContain("Dòng 2 “Doanh thu: 1.200,5”");
    // A choice that is not offered, typed or forged, changes nothing.
    await lan.send("7");
    expect(lan.lastText()).toContain("Vui lòng chọn một trong các lựa chọn");
    const button = lan.messages().at(-2)!.reply_markup!.inline_keyboard[0]![0]!;
    const prompt = /^rq:[0-9a-f]{8}:\d+:/.exec("callback_data" in button ? button.callback_data : "")![0];
    const forged = await lan.pressData(`${prompt}which:9`);
    expect(alerts(forged)).toEqual([""]);
    expect(texts(forged)).toEqual([]);
    expect(await draft()).toEqual({ fdi_new: 12 });

    await lan.send("1");
    expect(lan.lastText()).toContain("✓ Doanh thu của doanh nghiệp FDI: <b>1.200,5 triệu USD</b>");
    expect(lan.lastText()).toContain("Dòng 3 “Dự án: 8”");
    await lan.press(/^1\. Dự án FDI/); // replaces the 12 of line 1, and says so
    expect(lan.lastText()).toContain("✓ Dự án FDI cấp mới Giấy chứng nhận đăng ký đầu tư: 12 dự án → <b>8 dự án</b>");
    expect(lan.lastText()).toContain("Dòng 4 “Nộp ngân sách: 35,2”");
    // Names that begin alike are told apart on the buttons by their ends.
    expect(buttonsOf(lan.last())).toEqual(["1. …nước của doanh nghiệp FDI", "2. …nước của doanh nghiệp DDI", "Bỏ qua"]);
    await lan.press("Bỏ qua");
    expect(lan.lastText()).toContain("Đã bỏ qua dòng 4.");
    expect(lan.lastText()).toContain("Kiểm tra báo cáo");
    expect(await draft()).toEqual({ fdi_new: 8, fdi_revenue: 1200.5 });
  });

  it("a value typed with its unit names the indicator; one line at a question is a paste too; the question survives a restart", async () => {
    await lan.send("/report");
    const before = lan.messages().length;
    await lan.send("FDI: 12 dự án");
    expect(lan.textsSince(before)[0]).toContain("Đã điền 1 mục");
    expect(lan.lastText()).toContain("Kiểm tra báo cáo");
    expect(await draft()).toEqual({ fdi_new: 12 });
    await lan.press("Điền các mục còn thiếu");
    expect(lan.lastText()).toContain("Câu 2/12");
    await lan.send("Vốn ĐK: 402,76");
    expect(lan.lastText()).toContain("Dòng 1 “Vốn ĐK: 402,76”");
    expect(buttonsOf(lan.last())).toEqual(["1. Vốn đầu tư FDI đăng ký cấp …", "2. Vốn đầu tư DDI đăng ký cấp …", "Bỏ qua"]);
    await h.restart();
    await lan.press(/^2\. Vốn đầu tư DDI/);
    expect(lan.lastText()).toContain("✓ Vốn đầu tư DDI đăng ký cấp mới và tăng thêm: <b>402,76 tỷ đồng</b>");
    expect(await draft()).toEqual({ fdi_new: 12, ddi_capital: 402.76 });
  });

  it("a chosen indicator that refuses the value says why and leaves the line out", async () => {
    await lan.send("/report");
    await lan.send("fdi_capital: 1\nDự án: 2,5");
    await lan.press(/^1\. Dự án FDI/);
    expect(lan.lastText()).toContain("Dòng 2: ");
    expect(lan.lastText()).toContain("số nguyên");
    expect(await draft()).toEqual({ fdi_capital: 1 });
  });

  it("in English", async () => {
    await lan.send("/lang en");
    await lan.send("/report");
    await lan.send("New FDI projects: 12\nrevenue: 1,200.5");
    expect(lan.lastText()).toContain("Line 2 “revenue: 1,200.5” matches several indicators equally well. Which one did you mean?");
    await lan.send("2");
    expect(lan.lastText()).toContain("✓ Revenue of DDI firms: <b>1,200.5 billion VND</b>");
    expect(await draft()).toEqual({ fdi_new: 12, ddi_revenue: 1200.5 });
  });
});

describe("drafts survive", () => {
  it("a restart mid-report continues where the person was", async () => {
    await lan.send("/report");
    await answerAll(lan, ["12", "8", "30"]);
    await h.restart(); // a new bot instance on the same database file
    await lan.send("10");
    expect(lan.lastText()).toContain("Câu 5/12");
    await answerAll(lan, OCTOBER.slice(4));
    await lan.press("Gửi báo cáo");
    expect(await values()).toMatchObject({ fdi_new: 12, ddi_adjust: 10, zones_operating: 8 });
  });

  it("an idle draft is closed politely and /report offers to resume or start again", async () => {
    await lan.send("/report");
    await answerAll(lan, ["12", "8"]);
    h.clock.advance(13 * 3600_000);
    await h.app.scheduler.tick();
    expect(lan.lastText()).toContain("tạm đóng");
    await h.app.scheduler.tick(); // once only
    expect(lan.messages().filter((m) => m.text?.includes("tạm đóng"))).toHaveLength(1);
    await lan.send("30");
    expect(lan.lastText()).not.toContain("Câu");
    await lan.send("/report");
    expect(lan.lastText()).toContain("bản nháp");
    await lan.press("Tiếp tục");
    expect(lan.lastText()).toContain("Câu 3/12");
    await lan.send("/cancel");
    await lan.send("/report");
    expect(lan.lastText()).toContain("Câu 1/12"); // cancelled drafts are gone
  });

  it("start again discards the draft's values", async () => {
    await lan.send("/report");
    await answerAll(lan, ["12", "8"]);
    h.clock.advance(13 * 3600_000);
    await h.app.scheduler.tick();
    await lan.send("/report");
    await lan.press("Làm lại từ đầu");
    expect(lan.lastText()).toContain("Câu 1/12");
    expect(lan.lastText()).not.toContain("Giá trị hiện tại");
  });
});

describe("corrections", () => {
  it("an amendment is a new revision with who, when, old and new values and a reason", async () => {
    await fullReport(lan);
    h.clock.advance(3600_000);
    await lan.send("/report");
    expect(lan.lastText()).toContain("Sửa báo cáo tháng 10/2026");
    await lan.press("Sửa một mục");
    await lan.press(/^11\. /);
    await lan.send("53.000");
    await lan.press("Gửi báo cáo");
    expect(lan.lastText()).toContain("Lý do");
    await lan.send("Số liệu cập nhật từ BHXH <b>");
    expect(lan.lastText()).toContain("lần sửa 2, 1 mục thay đổi");
    expect((await values())?.workers).toBe(53000);
    const revs = await h.db.reportRevision.findMany({ orderBy: { revision: "asc" }, include: { changes: true } });
    expect(revs.map((r) => r.revision)).toEqual([1, 2]);
    expect(revs[1]).toMatchObject({ reason: "Số liệu cập nhật từ BHXH <b>" });
    expect(revs[1]!.changes).toEqual([expect.objectContaining({ oldValue: 52300, newValue: 53000 })]);

    // A board head sees the report and its history.
    const head = await join(h, 300, "Hùng", "HP", "head");
    await head.send("/report");
    expect(head.lastText()).toContain("Lần sửa 2");
    expect(head.lastText()).toContain("Số liệu cập nhật từ BHXH &lt;b&gt;");
  });

  it("tells the group what changed when the summary was already posted", async () => {
    const admin = h.user(1, "Admin");
    const g = h.group();
    await admin.sendIn(g, "/linkgroup");
    await fullReport(lan);
    await h.db.period.updateMany({ where: { year: 2026, month: 10 }, data: { summaryPostedAt: h.clock.now() } });
    await lan.send("/report");
    await lan.press("Sửa một mục");
    await lan.press(/^5\. /);
    await lan.send("500");
    await lan.press("Gửi báo cáo");
    await lan.press("Bỏ qua");
    expect(g.lastText()).toContain("Hải Phòng</b> đã sửa số liệu tháng 10/2026");
    expect(g.lastText()).toContain("402,76 triệu USD → 500 triệu USD");
  });

  it("no amendment once an admin locked the period", async () => {
    await fullReport(lan);
    const admin = h.user(1, "Admin");
    await admin.send("/lock 2026-10");
    await lan.send("/report");
    expect(lan.lastText()).toContain("đã khóa");
    await lan.send("/report 2026-10");
    expect(lan.lastText()).toContain("đã khóa");
  });

  it("an earlier period still open can be reported; a future one cannot", async () => {
    await lan.send("/report 2026-09");
    expect(lan.lastText()).toContain("tháng 9/2026");
    await lan.send("/cancel");
    await lan.send("/report 2026-11");
    expect(lan.lastText()).toContain("chưa kết thúc");
    await lan.send("/report soon");
    expect(lan.lastText()).toContain("Cách dùng");
  });
});

describe("who may report", () => {
  it("an outsider is refused and nothing changes", async () => {
    const x = h.user(900, "Outsider");
    await x.send("/report");
    expect(x.lastText()).toContain("Chỉ cán bộ đầu mối");
    await lan.send("/report");
    await lan.send("/cancel");
    const period = await h.db.period.findFirstOrThrow();
    await x.pressData(`rep:2:${period.id}`);
    expect(x.lastText()).toContain("Chỉ cán bộ đầu mối");
    expect(await h.db.reportDraft.count()).toBe(0);
  });

  it("a focal person cannot report for another board with forged button data", async () => {
    await lan.send("/report");
    await lan.send("/cancel");
    const qn = await h.db.board.findUniqueOrThrow({ where: { code: "QN" } });
    const period = await h.db.period.findFirstOrThrow();
    await lan.pressData(`rep:${qn.id}:${period.id}`);
    expect(lan.lastText()).toContain("Chỉ cán bộ đầu mối");
    await lan.pressData("rep:1:999999");
    expect(lan.lastText()).toContain("hết hiệu lực");
  });

  it("a head sees but cannot submit", async () => {
    const head = await join(h, 300, "Hùng", "HP", "head");
    await head.send("/report");
    expect(head.lastText()).toContain("Hải Phòng chưa gửi báo cáo tháng 10/2026");
    expect(await h.db.reportDraft.count()).toBe(0);
  });

  it("a person serving two boards chooses which", async () => {
    const both = await join(h, 201, "Mai", "HP", "focal");
    await h.user(1, "Admin").send("/invite QN focal");
    const code = /start=([\w-]+)/.exec(h.user(1, "Admin").lastText())![1]!;
    await both.send(`/start ${code}`);
    await both.send("/report");
    expect(buttonsOf(both.last())).toEqual(["Hải Phòng", "Quảng Ninh"]);
    await both.press("Quảng Ninh");
    expect(both.lastText()).toContain("Quảng Ninh");
    await answerAll(both, OCTOBER);
    await both.press("Gửi báo cáo");
    expect(await values("QN")).not.toBeNull();
    expect(await values("HP")).toBeNull();
  });

  it("the boards to choose from come one to a row in the bloc's order, whatever order the roles were given in", async () => {
    // Mai became focal person of Quảng Ninh (third in the bloc file) before Hải Phòng (second).
    const mai = await join(h, 201, "Mai", "QN", "focal");
    await h.user(1, "Admin").send("/invite HP focal");
    await mai.send(`/start ${/start=([\w-]+)/.exec(h.user(1, "Admin").lastText())![1]}`);
    await mai.send("/report");
    const period = await h.db.period.findFirstOrThrow({ where: { year: 2026, month: 10 } });
    const id = async (code: string) => (await h.db.board.findUniqueOrThrow({ where: { code } })).id;
    expect(mai.lastText()).toBe("Báo cáo tháng 10/2026 cho Ban Quản lý nào?");
    expect(buttonRowsOf(mai.last())).toEqual([[`Hải Phòng → rep:${await id("HP")}:${period.id}`], [`Quảng Ninh → rep:${await id("QN")}:${period.id}`]]);
  });

  it("a focal person whose role is revoked mid-report cannot send", async () => {
    await lan.send("/report");
    await answerAll(lan, OCTOBER);
    await h.db.role.updateMany({ data: { revokedAt: new Date() } });
    await lan.press("Gửi báo cáo");
    expect(lan.lastText()).toContain("Vai trò cần cho thao tác này của Anh/Chị đã được thu hồi");
    expect(await values()).toBeNull();
  });
});

describe("two focal persons of one board", () => {
  it("the second to send is shown what changed and asked to confirm", async () => {
    const mai = await join(h, 201, "Mai", "HP", "focal");
    await lan.send("/report");
    await answerAll(lan, OCTOBER);
    await mai.send("/report");
    await answerAll(mai, OCTOBER.map((a, i) => (i === 0 ? "13" : a)));
    await mai.press("Gửi báo cáo"); // Mai first
    await lan.press("Gửi báo cáo"); // Lan second: conflict
    expect(lan.lastText()).toContain("Mai cùng đơn vị đã gửi");
    expect(lan.lastText()).toContain("13 → <b>12</b>");
    expect((await values())?.fdi_new).toBe(13);
    await lan.press("Gửi bản này để thay thế");
    expect(lan.lastText()).toContain("lần sửa 2");
    expect((await values())?.fdi_new).toBe(12);
    const revs = await h.db.reportRevision.findMany({ orderBy: { revision: "asc" } });
    expect(revs).toHaveLength(2);
  });

  it("the second may also give up, leaving the first one's figures", async () => {
    const mai = await join(h, 201, "Mai", "HP", "focal");
    await lan.send("/report");
    await answerAll(lan, OCTOBER);
    await fullReport(mai, OCTOBER.map((a, i) => (i === 1 ? "9" : a)));
    await lan.press("Gửi báo cáo");
    await lan.press("Hủy");
    expect((await values())?.ddi_new).toBe(9);
  });
});

describe("/status", () => {
  it("shows submitted, late, amended and missing periods", async () => {
    await fullReport(lan, OCTOBER, "/report 2026-09"); // September, late
    await fullReport(lan);
    await lan.send("/report");
    await lan.press("Sửa một mục");
    await lan.press(/^1\. /);
    await lan.send("11");
    await lan.press("Gửi báo cáo");
    await lan.press("Bỏ qua");
    await lan.send("/status");
    const s = lan.lastText();
    expect(s).toMatch(/tháng 10\/2026: ✅ đã gửi 02\/11\/2026 \(BC-\w+\) \(đã sửa 1 lần\)/);
    expect(s).toMatch(/tháng 9\/2026: ⏰ gửi muộn/);
    expect(s).toMatch(/tháng 8\/2026: ❌ chưa gửi, đã quá hạn/);
  });
});

describe("edge cases found in review", () => {
  it("a button of an earlier report conversation is stale, even at the same step", async () => {
    await lan.send("/report 2026-09");
    await answerAll(lan, OCTOBER);
    const oldReview = lan.last()!.message_id;
    await lan.press("Hủy");
    await lan.send("/report");
    await answerAll(lan, OCTOBER);
    const calls = await lan.press("Gửi báo cáo", { messageId: oldReview });
    expect(alerts(calls)).toEqual(["Lựa chọn này đã hết hiệu lực."]);
    expect(await h.db.report.count()).toBe(0);
  });

  it("an unfinished amendment is offered for resuming, not dropped", async () => {
    await fullReport(lan);
    await lan.send("/report");
    await lan.press("Sửa một mục");
    await lan.press(/^5\. /);
    await lan.send("500");
    h.clock.advance(13 * 3600_000);
    await h.app.scheduler.tick();
    await lan.send("/report");
    expect(lan.lastText()).toContain("bản sửa dở");
    await lan.press("Tiếp tục");
    expect(lan.lastText()).toContain("<b>500</b> triệu USD");
  });

  it("/cancel discards only the draft being filled", async () => {
    await lan.send("/report");
    await answerAll(lan, ["12", "8"]);
    h.clock.advance(13 * 3600_000);
    await h.app.scheduler.tick(); // October's draft closed, kept
    await lan.send("/report 2026-09");
    await lan.send("5");
    await lan.send("/cancel");
    await lan.send("/report");
    expect(lan.lastText()).toContain("bản nháp");
  });

  it("pasted values far from last month are marked for checking", async () => {
    await fullReport(lan);
    h.clock.set("2026-12-02T02:00:00Z");
    await lan.send("/report");
    await lan.send("fdi_new: 120\nfdi_capital: 402,76");
    expect(lan.lastText()).toMatch(/<b>120<\/b> dự án ⚠️/);
    expect(lan.lastText()).toContain("rất khác so với kỳ trước");
  });

  it("a conflict names who changed it last and keeps their other changes", async () => {
    const mai = await join(h, 201, "Mai", "HP", "focal");
    await fullReport(lan);
    h.clock.advance(3600_000);
    // Both open the sent report; Mai changes item 2 and sends first.
    await lan.send("/report");
    await mai.send("/report");
    await mai.press("Sửa một mục");
    await mai.press(/^2\. /);
    await mai.send("9");
    await mai.press("Gửi báo cáo");
    await mai.press("Bỏ qua");
    // Lan changes item 1 only.
    await lan.press("Sửa một mục");
    await lan.press(/^1\. /);
    await lan.send("11");
    await lan.press("Gửi báo cáo");
    await lan.press("Bỏ qua");
    expect(lan.lastText()).toContain("Mai cùng đơn vị đã gửi báo cáo này lúc 02/11/2026 10:00");
    expect(lan.lastText()).toContain("12 → <b>11</b>");
    expect(lan.lastText()).not.toContain("9 →");
    await lan.press("Gửi bản này để thay thế");
    expect(await values()).toMatchObject({ fdi_new: 11, ddi_new: 9 });
  });

  it("a long paste with many bad lines still fits in Telegram's message limit", async () => {
    await lan.send("/report");
    const bad = Array.from({ length: 40 }, (_, i) => `Vốn đầu tư FDI đăng ký cấp mới và tăng thêm ${"x".repeat(150)} ${i}: 3.131.93`).join("\n");
    const calls = await lan.send(`fdi_new: 12\n${bad}`);
    for (const c of calls.filter((c) => c.method === "sendMessage")) expect(String(c.payload.text).length).toBeLessThan(4096);
    expect(lan.textsSince(0).join("\n")).toContain("dòng khác");
  });

  it("when the group cannot be told of an amendment, the person still gets a clean receipt", async () => {
    const g = h.group();
    await h.user(1, "Admin").sendIn(g, "/linkgroup");
    await fullReport(lan);
    await h.db.period.updateMany({ data: { summaryPostedAt: h.clock.now() } });
    h.tg.fail((c) => Number(c.payload.chat_id) === g.chatId, 403, "Forbidden: bot was kicked from the supergroup chat");
    await lan.send("/report");
    await lan.press("Sửa một mục");
    await lan.press(/^3\. /);
    await lan.send("31");
    await lan.press("Gửi báo cáo");
    await lan.press("Bỏ qua");
    expect(lan.lastText()).toContain("Đã cập nhật báo cáo");
    expect((await values())?.fdi_adjust).toBe(31);
  });
});
