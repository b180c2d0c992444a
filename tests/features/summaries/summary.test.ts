// Summaries through the bot: who may ask, the message, its buttons and files,
// the scheduled post, /annual and the import of earlier figures. The files are
// made in the export worker (src/features/exports/pool.ts) only: in this, the bot's
// thread, the makers are replaced by ones that throw.
import ExcelJS from "exceljs";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Harness, alerts, buttonsOf, type FakeGroup, type FakeUser } from "../../harness/harness.js";
import { join } from "../../harness/fixtures.js";
import { submitReport } from "../../../src/features/reports/store.js";
import { activeIndicators } from "../../../src/shared/bloc/store.js";
import { ensurePeriod } from "../../../src/shared/bloc/periods.js";
import { getBloc } from "../../../src/shared/bloc/store.js";
import { blocWithBoardsFrom } from "../../harness/bloc-files.js";

vi.mock("../../../src/features/exports/chart.js", () => {
  const here = () => { throw new Error("a chart drawn in the bot's own thread"); };
  return { boardChartPng: here, trendChartPng: here, boardChartSvg: here, trendChartSvg: here };
});
vi.mock("../../../src/features/exports/spreadsheet.js", () => ({ summaryWorkbook: () => { throw new Error("a workbook written in the bot's own thread"); } }));
vi.mock("../../../src/features/exports/annual-report.js", () => ({ annualReportDocx: () => { throw new Error("a report written in the bot's own thread"); } }));

let h: Harness;
let admin: FakeUser;
let group: FakeGroup;

const vn = (local: string) => new Date(`${local}+07:00`);

/** Stores a report directly (the report dialogue has its own tests). */
async function seed(board: string, year: number, month: number, values: Record<string, number>, late = false) {
  const bloc = (await getBloc(h.db))!;
  const period = await ensurePeriod(h.db, { year, month }, bloc.schedule, "Asia/Ho_Chi_Minh");
  const b = await h.db.board.findUniqueOrThrow({ where: { code: board } });
  const at = late ? new Date(period.deadlineAt.getTime() + 3600_000) : period.endsAt;
  const r = await submitReport(h.db, { boardId: b.id, periodId: period.id, personId: 0, values, indicators: await activeIndicators(h.db), at, deadlineAt: period.deadlineAt, baseVersion: 0 });
  if (!r.ok) throw new Error("seed failed");
}

/** Seven more boards report October: 9 of 11, past the example bloc's 80% for the scheduled post. */
async function mostReport() {
  for (const b of ["HN", "BN", "VP", "HNA", "ND", "NB", "HD"]) await seed(b, 2026, 10, { fdi_new: 1, fdi_capital: 1, workers: 1000 });
}

beforeEach(async () => {
  h = await Harness.create({ now: vn("2026-11-10T09:00:00").toISOString(), blocFile: blocWithBoardsFrom("2025-01") });
  admin = h.user(1, "Admin");
  group = h.group();
  await admin.sendIn(group, "/linkgroup");
  await seed("HP", 2026, 10, { fdi_new: 12, fdi_capital: 402.76, workers: 52300 });
  await seed("QN", 2026, 10, { fdi_new: 3, fdi_capital: 100, workers: 30000 }, true);
  await seed("HP", 2025, 10, { fdi_new: 10, fdi_capital: 500, workers: 50000 });
  await seed("QN", 2025, 10, { fdi_new: 4, fdi_capital: 100, workers: 20000 });
});
afterEach(async () => h.close());

describe("/summary", () => {
  it("gives an admin a short screen: who reported, the totals by short name and the comparisons; the details and who reported behind buttons", async () => {
    await admin.send("/summary");
    const short = admin.lastText();
    expect(short.split("\n")[0]).toBe("📊 <b>Tổng hợp tháng 10/2026</b> · ⚠️ 2/11 đơn vị đã báo cáo");
    expect(short).toContain("Chưa báo cáo: Hà Nội, Bắc Ninh, Vĩnh Phúc và 6 đơn vị khác.");
    expect(short).toContain("<b>Cộng 2 đơn vị có số liệu</b>, so với cùng kỳ:");
    expect(short).not.toContain("Toàn Khối");
    expect(short).toContain("• FDI cấp mới: <b>15</b> dự án · 107,1%");
    expect(short).toContain("• Vốn FDI: <b>502,76</b> triệu USD · 83,8%");
    expect(short).toContain("• Lao động: <b>82.300</b> người · +17,6%");
    expect(short).not.toContain("<pre>");
    expect(buttonsOf(admin.last())).toEqual(["📋 Chi tiết", "🗂 Báo cáo 2/11", "📈 Biểu đồ", "📑 Bảng tính"]);

    await admin.press("Chi tiết");
    const text = admin.lastText();
    expect(text).toContain("Tổng hợp tháng 10/2026");
    expect(text).toContain("⚠️ 2/11 đơn vị đã báo cáo");
    expect(text).toContain("Thiếu: Hà Nội, Bắc Ninh");
    expect(text).toContain("Nộp muộn: Quảng Ninh");
    expect(text).toContain("<b>Tổng của 2 đơn vị có số liệu</b> (chưa đủ 11 đơn vị)");
    expect(text).toContain("Dự án FDI cấp mới Giấy chứng nhận đăng ký đầu tư: <b>15</b> dự án — bằng 107,1% so với cùng kỳ");
    expect(text).toContain("<b>502,76</b> triệu USD — bằng 83,8% so với cùng kỳ");
    expect(text).toContain("<b>82.300</b> người — tăng 17,6% so với cùng kỳ");
    expect(text).toMatch(/<pre>Hải Phòng\s+12\s+\nQuảng Ninh\s+3 ⏰/);
    expect(buttonsOf(admin.last())).toEqual(["◀", "Chỉ tiêu 1/12", "▶", "📈 Biểu đồ", "📑 Bảng tính", "🗂 Báo cáo 2/11", "↩ Tóm tắt"]);

    await admin.press("Báo cáo 2/11");
    const who = admin.lastText();
    expect(who).toContain("<b>Đã báo cáo (2)</b>: Hải Phòng, Quảng Ninh.");
    expect(who).toContain("<b>Chưa báo cáo (9)</b>: Hà Nội, Bắc Ninh, Vĩnh Phúc, Hà Nam, Nam Định, Ninh Bình, Hải Dương, Hưng Yên, Thái Bình.");
    expect(who).toContain("<b>Nộp muộn (1)</b>: Quảng Ninh.");
    await admin.press("Tóm tắt");
    expect(admin.lastText()).toBe(short);
    // All of it in one message, edited in place.
    expect(h.tg.callsOf("sendMessage").filter((c) => String(c.payload.text).startsWith("📊"))).toHaveLength(1);
  });

  it("switches the table to another indicator in place", async () => {
    await admin.send("/summary 2026-10");
    await admin.press("Chi tiết");
    await admin.press("▶");
    expect(admin.lastText()).toContain("Theo đơn vị</b>: Dự án DDI");
    await admin.press("◀");
    await admin.press("◀");
    expect(admin.lastText()).toContain("Theo đơn vị</b>: Số KCN đang hoạt động");
  });

  it("sends the charts as pictures and the spreadsheet as a file with numbers as numbers", async () => {
    await admin.send("/summary");
    await admin.press("Biểu đồ");
    const photos = h.tg.callsOf("sendPhoto");
    expect(photos).toHaveLength(2);
    for (const p of photos) {
      const bytes = (p.payload.photo as { bytes: Uint8Array }).bytes;
      expect([...bytes.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    }
    await admin.press("Bảng tính");
    const doc = h.tg.callsOf("sendDocument").at(-1)!;
    const file = doc.payload.document as { name: string; bytes: Uint8Array };
    expect(file.name).toMatch(/\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(file.bytes) as unknown as ArrayBuffer);
    expect(book.worksheets.length).toBeGreaterThanOrEqual(3);
    const numbers: number[] = [];
    book.worksheets[0]!.eachRow((row) => row.eachCell((c) => typeof c.value === "number" && numbers.push(c.value)));
    expect(numbers).toContain(502.76);
    expect(numbers).toContain(82300);
  });

  it("works in the group for an admin, for a quarter and a year", async () => {
    await admin.sendIn(group, "/summary Q4 2026");
    expect(group.lastText()).toContain("Tổng hợp quý 4/2026");
    await admin.sendIn(group, "/summary 2025");
    expect(group.lastText()).toContain("Tổng hợp năm 2025");
    expect(group.lastText()).toContain("• FDI cấp mới: <b>14</b> dự án · —");
    await admin.sendIn(group, "/summary soon");
    expect(group.lastText()).toContain("Cách dùng");
  });

  it("is refused politely to others, and allowed to the leader's and deputy's people", async () => {
    const x = h.user(900, "Outsider");
    await x.send("/summary");
    expect(x.lastText()).toContain("chỉ Khối trưởng, Khối phó");
    const lan = await join(h, 200, "Lan", "HP", "focal");
    await lan.send("/summary");
    expect(lan.lastText()).toContain("chỉ Khối trưởng");
    const calls = await lan.pressData("sm:x:m2026-10");
    expect(alerts(calls)[0]).toContain("chỉ Khối trưởng");
    const hp = await h.db.board.findUniqueOrThrow({ where: { code: "HP" } });
    await h.db.blocOfficer.create({ data: { year: 2026, role: "leader", boardId: hp.id } });
    await lan.send("/summary");
    expect(lan.lastText()).toContain("Tổng hợp tháng 10/2026");
    const secretary = await join(h, 300, "Thu", "", "secretariat");
    await secretary.send("/summary");
    expect(secretary.lastText()).toContain("Tổng hợp tháng 10/2026");
  });

  it("refuses forged button data", async () => {
    for (const data of ["sm:i:m2026-13:0", "sm:i:m2026-10:99", "sm:c:x2026:0", "sm:x:y2026-1"]) {
      const calls = await admin.pressData(data);
      expect(h.tg.callsOf("sendDocument")).toHaveLength(0);
      expect(alerts(calls).length).toBeLessThanOrEqual(1);
    }
    expect(h.tg.callsOf("sendPhoto")).toHaveLength(0);
  });
});

describe("the scheduled summary", () => {
  it("is posted to the group once after the deadline, across a restart, and marks the period", async () => {
    // October is due 5 November 17:00; the example posts the summary a day later at 08:30 (80% of the boards have reported).
    await mostReport();
    h.clock.set(vn("2026-11-06T08:29:00"));
    await h.app.scheduler.tick();
    expect(group.messages().filter((m) => m.text?.startsWith("📊"))).toHaveLength(0);
    h.clock.set(vn("2026-11-06T08:31:00"));
    await h.app.scheduler.tick();
    await h.restart();
    await h.app.scheduler.tick();
    h.clock.advance(3600_000);
    await h.app.scheduler.tick();
    const posted = group.messages().filter((m) => m.text?.startsWith("📊 <b>Tổng hợp tháng 10/2026"));
    expect(posted).toHaveLength(1);
    expect(group.messages().filter((m) => m.kind === "photo")).toHaveLength(1);
    const period = await h.db.period.findFirstOrThrow({ where: { year: 2026, month: 10 } });
    expect(period.summaryPostedAt).not.toBeNull();
  });
});

describe("/annual", () => {
  it("sends a DOCX draft of the year's report", async () => {
    await admin.send("/annual 2026");
    const doc = h.tg.callsOf("sendDocument").at(-1)!;
    const file = doc.payload.document as { name: string; bytes: Uint8Array };
    expect(file.name).toBe("bao-cao-tong-ket-2026.docx");
    expect(Buffer.from(file.bytes).subarray(0, 2).toString()).toBe("PK");
    await admin.send("/annual next");
    expect(admin.lastText()).toContain("Cách dùng");
  });
});

describe("files past their time limit", () => {
  it("are answered politely, and the summary itself still goes out", async () => {
    (h.config as { exportTimeoutSeconds: number }).exportTimeoutSeconds = 0.001; // a limit no file can meet
    await admin.send("/summary");
    await admin.press("Biểu đồ");
    expect(admin.lastText()).toBe("Chưa lập được tệp trong thời gian cho phép. Anh/Chị vui lòng thử lại sau ít phút.");
    await admin.press("Bảng tính", { messageId: admin.messages().find((m) => m.text?.startsWith("📊"))!.message_id });
    expect(admin.lastText()).toBe("Chưa lập được tệp trong thời gian cho phép. Anh/Chị vui lòng thử lại sau ít phút.");
    await admin.send("/annual 2026");
    expect(admin.lastText()).toBe("Chưa lập được tệp trong thời gian cho phép. Anh/Chị vui lòng thử lại sau ít phút.");
    expect(h.tg.callsOf("sendPhoto")).toHaveLength(0);
    expect(h.tg.callsOf("sendDocument")).toHaveLength(0);
    // The scheduled summary goes out without its chart.
    await mostReport();
    h.clock.set(vn("2026-11-06T08:31:00"));
    await h.app.scheduler.tick();
    await h.app.scheduler.tick();
    expect(group.messages().filter((m) => m.text?.startsWith("📊 <b>Tổng hợp tháng 10/2026"))).toHaveLength(1);
    expect(group.messages().filter((m) => m.kind === "photo")).toHaveLength(0);
    (h.config as { exportTimeoutSeconds: number }).exportTimeoutSeconds = 60;
    await admin.send("/annual 2026");
    expect(h.tg.callsOf("sendDocument")).toHaveLength(1);
  });
});

describe("importing earlier figures", () => {
  it("imports good rows with chat's validation and lists the rejected ones", async () => {
    const csv = [
      "board;period;fdi_new;fdi_capital;workers",
      "HN;2025-10;7;1.234,5;40.000",
      "HD;2025-10;abc;1;1",
      "XX;2025-10;1;1;1",
      "BN;2025-13;1;1;1",
      "HP;2025-10;1;1;1",
      "BN;2025-10;1,5;1;1",
      "HY;2025-10;2;5 tỷ đồng;3000",
      "NB;2025-09;2;3.131,93;3000",
      "NB;2025-09;2;3;3000",
      "TB;2027-01;1;1;1",
    ].join("\n");
    await admin.sendDocument("history.csv", new TextEncoder().encode(csv), "/import");
    const reply = admin.lastText();
    expect(reply).toContain("Đã nhập 2 báo cáo; 8 dòng bị từ chối");
    expect(reply).toContain("Dòng 3: cột fdi_new: “abc” không phải là số");
    expect(reply).toContain("Dòng 4: không có đơn vị mã “XX”");
    expect(reply).toContain("Dòng 5: kỳ “2025-13” không hợp lệ");
    expect(reply).toContain("Dòng 6: HP đã có báo cáo kỳ 2025-10, không ghi đè");
    expect(reply).toContain("Dòng 7: cột fdi_new: “1,5” phải là số nguyên");
    expect(reply).toContain("Dòng 8: cột fdi_capital: “5 tỷ đồng” sai đơn vị");
    expect(reply).toContain("Dòng 10: trùng đơn vị và kỳ");
    expect(reply).toContain("Dòng 11: kỳ 2027-01 chưa kết thúc");
    const hn = await h.db.report.findFirstOrThrow({ where: { board: { code: "HN" } }, include: { values: { include: { indicator: true } } } });
    expect(hn.source).toBe("import");
    expect(Object.fromEntries(hn.values.map((v) => [v.indicator.code, v.value]))).toEqual({ fdi_new: 7, fdi_capital: 1234.5, workers: 40000 });
    // The imported year now serves as the comparison base.
    // HN reported last October, not this one: like for like, HP and QN, 15 against 14; all figures 15 against 21.
    await admin.send("/summary");
    expect(admin.lastText()).toContain("• FDI cấp mới: <b>15</b> dự án · 107,1%*");
    await admin.press("Chi tiết");
    expect(admin.lastText()).toContain("bằng 107,1% so với cùng kỳ, trên cùng 2 đơn vị có số liệu cả hai kỳ (tổng chung: 71,4%)");
  });

  it("reads XLSX too, refuses unknown columns, and is for admins only", async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet("data");
    sheet.addRow(["board", "period", "fdi_new", "workers"]);
    sheet.addRow(["HN", "2025-10", 5, 41000]);
    const bytes = new Uint8Array(await book.xlsx.writeBuffer());
    await admin.sendDocument("history.xlsx", bytes, "/import");
    expect(admin.lastText()).toContain("Đã nhập 1 báo cáo; 0 dòng");
    await admin.sendDocument("bad.csv", new TextEncoder().encode("board,period,electricity\nHN,2024-01,5"), "/import");
    expect(admin.lastText()).toContain("cột “electricity” không phải mã chỉ tiêu");
    const x = await join(h, 200, "Lan", "HP", "focal");
    await x.sendDocument("history.csv", new TextEncoder().encode("board,period,fdi_new\nHN,2024-01,5"), "/import");
    expect(x.lastText()).toBe("Anh/Chị không có quyền dùng chức năng này.");
    expect(await h.db.report.count({ where: { source: "import" } })).toBe(1);
  });

  it("takes a captioned /import addressed to this bot, and leaves one addressed to another bot alone", async () => {
    const csv = (board: string) => new TextEncoder().encode(`board,period,fdi_new\n${board},2025-10,5`);
    const other = await admin.sendDocument("a.csv", csv("HN"), "/import@another_bot");
    expect(other.filter((c) => c.method === "sendMessage").map((c) => c.payload.text)).toEqual(["Bot chưa hiểu tin nhắn này. Anh/Chị gõ /help để xem các lệnh."]);
    await admin.sendDocument("b.csv", csv("HD"), "/import@khoi_test_bot");
    expect(admin.lastText()).toContain("Đã nhập 1 báo cáo; 0 dòng");
    expect((await h.db.report.findMany({ where: { source: "import" }, include: { board: true } })).map((r) => r.board.code)).toEqual(["HD"]);
  });
});

describe("robustness", () => {
  it("a scheduled summary that could not be posted is tried again later", async () => {
    h.tg.fail((c) => c.method === "sendMessage" && String(c.payload.text).startsWith("📊"), 400, "Bad Request: message is too long", { times: 1 });
    await mostReport();
    h.clock.set(vn("2026-11-06T08:31:00"));
    await h.app.scheduler.tick(); // refused once
    expect(group.messages().filter((m) => m.text?.startsWith("📊"))).toHaveLength(0);
    h.clock.advance(60_000);
    await h.app.scheduler.tick();
    expect(group.messages().filter((m) => m.text?.startsWith("📊"))).toHaveLength(1);
  });

  it("a running quarter pressed through the buttons stays a running quarter", async () => {
    await admin.send("/summary Q4 2026");
    expect(admin.lastText()).toContain("2/11 đơn vị đã báo cáo");
    await admin.press("Chi tiết");
    await admin.press("▶");
    expect(admin.lastText()).toContain("2/11 đơn vị đã báo cáo");
    expect(admin.lastText()).not.toContain("/33");
  });

  it("a bloc of 60 boards still fits in one message", async () => {
    for (let i = 0; i < 49; i++) await h.db.board.create({ data: { code: `X${i}`, name: `Ban Quản lý các khu công nghiệp số ${i}`, shortName: `Khu công nghiệp ${i}`, sortOrder: 100 + i } });
    await admin.send("/summary Q3 2026");
    const text = admin.lastText();
    expect(text.length).toBeLessThan(4096);
    expect(text).toContain("đơn vị khác");
  });

  it("XLSX cells that are numbers or dates are read as such", async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet("data");
    sheet.addRow(["board", "period", "fdi_capital", "ddi_capital"]);
    sheet.addRow(["HN", new Date(Date.UTC(2025, 8, 1)), 12.345, 7081.700000000001]);
    sheet.addRow(["HD", "2025-09", 12.34, 3131.93]);
    await admin.sendDocument("x.xlsx", new Uint8Array(await book.xlsx.writeBuffer()), "/import");
    expect(admin.lastText()).toContain("Đã nhập 1 báo cáo; 1 dòng");
    expect(admin.lastText()).toContain("Dòng 2: cột fdi_capital: “12,3450” quá nhiều chữ số thập phân");
    const hd = await h.db.report.findFirstOrThrow({ where: { board: { code: "HD" } }, include: { values: true } });
    expect(hd.values.map((x) => x.value).sort((a, b) => a - b)).toEqual([12.34, 3131.93]);
  });
});
