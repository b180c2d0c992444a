// /import through the bot: files as Excel and people save them (XLSX with
// formulas, error values, rich text, dates; CSV from Vietnamese Excel), files
// that are too big, too wide or bombs, and a long import that others do not wait
// behind, with its progress message.
import Database from "better-sqlite3";
import ExcelJS from "exceljs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Harness, type FakeUser } from "../../harness/harness.js";
import { join } from "../../harness/fixtures.js";
import { deflateRepeated, excelLikeXlsx, sharedStringsXml, sheetXml } from "../../harness/xlsx-files.js";
import { importFigures } from "../../../src/features/imports/use-cases.js";
import { sqlOf } from "../../../src/shared/db/sql.js";
import { sqlitePath } from "../../../src/shared/db/client.js";
import { getBloc } from "../../../src/shared/bloc/store.js";
import { ensurePeriod } from "../../../src/shared/bloc/periods.js";
import { DEFAULT_SHEET_LIMITS } from "../../../src/features/imports/sheets/sheet.js";

let h: Harness;
let admin: FakeUser;

const vn = (local: string) => new Date(`${local}+07:00`);
const utf8 = (s: string) => new TextEncoder().encode(s);
const MB = 1024 * 1024;

/** The values stored for a board and month, by indicator code; null when it has no report. */
async function stored(board: string, year: number, month: number): Promise<Record<string, number> | null> {
  const r = await h.db.report.findFirst({ where: { board: { code: board }, period: { year, month } }, include: { values: { include: { indicator: true } } } });
  return r ? Object.fromEntries(r.values.map((v) => [v.indicator.code, v.value])) : null;
}
const importedCount = () => h.db.report.count({ where: { source: "import" } });

beforeEach(async () => {
  h = await Harness.create({ now: vn("2026-11-10T09:00:00").toISOString() });
  admin = h.user(1, "Admin");
});
afterEach(async () => h.close());

describe("spreadsheets as Excel writes them", () => {
  it("reads an XLSX's cached formula results, rich text, inline strings and date periods, and names error values and uncalculated formulas", async () => {
    // Shared strings as Excel writes them: rich-text runs, a phonetic run (not part of the text).
    const strings = [
      "<t>board</t>", "<t>period</t>", "<t>fdi_new</t>", "<t>fdi_capital</t>", "<t>workers</t>",
      '<r><t>H</t></r><r><rPr><b/><sz val="11"/></rPr><t>N</t></r>',
      '<t>HY</t><rPh sb="0" eb="2"><t>ハイ</t></rPh>',
      "<t>Tháng 7/2025</t>", "<t>NB</t>", "<t>Oct-24</t>", "<t>TB</t>", "<t>VP</t>", "<t>2025-06</t>",
    ];
    const s = (i: number) => `t="s"><v>${i}</v>`;
    const rows = [
      `<row r="1" spans="1:5"><c r="A1" ${s(0)}</c><c r="B1" ${s(1)}</c><c r="C1" ${s(2)}</c><c r="D1" ${s(3)}</c><c r="E1" ${s(4)}</c></row>`,
      // A date cell (built-in format 14) of 1 October 2025; formulas with their cached results.
      `<row r="2"><c r="A2" ${s(5)}</c><c r="B2" s="1"><v>45931</v></c><c r="C2"><f>3+4</f><v>7</v></c><c r="D2" s="3"><f>C2*1.5</f><v>10.5</v></c><c r="E2"><v>40000</v></c></row>`,
      // A row of formatted empty cells: blank.
      `<row r="3" spans="1:5"><c r="A3" s="3"/><c r="B3" s="3"/><c r="C3" s="3"/></row>`,
      // An inline string; Vietnamese "mmm-yy" (a custom date format) of 1 September 2025; an error result.
      `<row r="4"><c r="A4" t="inlineStr"><is><t>HD</t></is></c><c r="B4" s="2"><v>45901</v></c><c r="C4" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>`,
      // A formula with a text result; a General cell holding 1 August 2025's serial; a formula never calculated.
      `<row r="5"><c r="A5" t="str"><f>UPPER("bn")</f><v>BN</v></c><c r="B5"><v>45870</v></c><c r="C5"><f>SUM(X1:X9)</f></c></row>`,
      `<row r="6"><c r="A6" ${s(6)}</c><c r="B6" ${s(7)}</c><c r="C6"><v>2</v></c></row>`,
      // Row 7 is not written at all (Excel leaves empty rows out).
      `<row r="8"><c r="A8" ${s(8)}</c><c r="B8" ${s(9)}</c><c r="C8"><v>1</v></c></row>`,
      // 15 October 2025: a day, not a month.
      `<row r="9"><c r="A9" ${s(10)}</c><c r="B9" s="1"><v>45945</v></c><c r="C9"><v>1</v></c></row>`,
      `<row r="10"><c r="A10" ${s(11)}</c><c r="B10" ${s(12)}</c><c r="C10" t="e"><v>#N/A</v></c></row>`,
      `<row r="12" spans="1:5"/>`,
    ].join("");
    const bytes = await excelLikeXlsx({ sheet: sheetXml(rows), sharedStrings: sharedStringsXml(strings) });
    await admin.sendDocument("lich-su.xlsx", bytes, "/import");
    const reply = admin.lastText();
    expect(reply).toContain("Đã nhập 3 báo cáo; 4 dòng bị từ chối.");
    expect(reply).toContain("Dòng 4: cột fdi_new: ô có giá trị lỗi #DIV/0! của Excel");
    expect(reply).toContain("Dòng 5: cột fdi_new: ô có công thức chưa được tính");
    expect(reply).toContain("Dòng 9: “15/10/2025” là một ngày, không phải một kỳ báo cáo");
    expect(reply).toContain("Dòng 10: cột fdi_new: ô có giá trị lỗi #N/A của Excel");
    expect(reply).not.toMatch(/Dòng (3|7|11|12)\b/); // blank rows: not a word
    expect(reply).not.toContain("[object Object]");
    expect(await stored("HN", 2025, 10)).toEqual({ fdi_new: 7, fdi_capital: 10.5, workers: 40000 });
    expect(await stored("HY", 2025, 7)).toEqual({ fdi_new: 2 });
    expect(await stored("NB", 2024, 10)).toEqual({ fdi_new: 1 });
    expect(await importedCount()).toBe(3);
  });

  it("reads the same forms in an XLSX written by another program (exceljs), including a 1904-based workbook's dates", async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet("data");
    sheet.addRow(["board", "period", "fdi_new", "fdi_capital"]);
    sheet.addRow([{ richText: [{ text: "H" }, { text: "P", font: { bold: true } }] }, new Date(Date.UTC(2025, 9, 1)), { formula: "2+3", result: 5 }, { formula: "10/4", result: 2.5 }]);
    sheet.addRow([]);
    sheet.addRow(["QN", "T9/2025", { formula: "A1/0", result: { error: "#DIV/0!" } }, 1]);
    sheet.addRow(["BN", "thg 8 2025", { formula: "B1*2" }, 1]);
    sheet.addRow([{ formula: 'LOWER("HD")', result: "hd" }, "Tháng 7/2025", { error: "#VALUE!" }, 1]);
    await admin.sendDocument("exceljs.xlsx", new Uint8Array(await book.xlsx.writeBuffer()), "/import");
    const reply = admin.lastText();
    expect(reply).toContain("Đã nhập 1 báo cáo; 3 dòng bị từ chối.");
    expect(reply).toContain("Dòng 4: cột fdi_new: ô có giá trị lỗi #DIV/0! của Excel");
    expect(reply).toContain("Dòng 5: cột fdi_new: ô có công thức chưa được tính");
    expect(reply).toContain("Dòng 6: cột fdi_new: ô có giá trị lỗi #VALUE! của Excel");
    expect(await stored("HP", 2025, 10)).toEqual({ fdi_new: 5, fdi_capital: 2.5 });

    // Old Mac Excel counts from 1904: serial 44469 is 1 October 2025 there.
    const bytes = await excelLikeXlsx({
      date1904: true,
      sheet: sheetXml(`<row r="1"><c r="A1" t="inlineStr"><is><t>board</t></is></c><c r="B1" t="inlineStr"><is><t>period</t></is></c><c r="C1" t="inlineStr"><is><t>fdi_new</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>QN</t></is></c><c r="B2" s="1"><v>44469</v></c><c r="C2"><v>9</v></c></row>`),
    });
    await admin.sendDocument("mac.xlsx", bytes, "/import");
    expect(admin.lastText()).toContain("Đã nhập 1 báo cáo; 0 dòng");
    expect(await stored("QN", 2025, 10)).toEqual({ fdi_new: 9 });
  });

  it("reads CSV as Vietnamese Excel saves it: BOM, semicolons, decimal commas, rows of bare separators, dates for periods", async () => {
    const csv = [
      "\uFEFFboard;period;fdi_new;fdi_capital;workers",
      "HN;01/10/2025;7;1.234,5;40.000",
      ";;;;",
      "HD;Thg10-25;3;12,5;1.000",
      "BN;Oct-25;2;0,5;100",
      "HY;Tháng 9/2025;1;2;3",
      "NB;T8/2025;1;2;3",
      "TB;thg 7 2025;1;2;3",
      "HP;45931;1;2;3",
      "QN;15/10/2025;1;2;3",
      "VP;10/2025;#DIV/0!;2;3",
      "ND;10/1/2025;4;4;4",
      "",
      ";;;;",
      ";;;;",
    ].join("\r\n");
    await admin.sendDocument("lich-su.csv", utf8(csv), "/import");
    const reply = admin.lastText();
    expect(reply).toContain("Đã nhập 8 báo cáo; 2 dòng bị từ chối.");
    expect(reply).toContain("Dòng 10: “15/10/2025” là một ngày, không phải một kỳ báo cáo");
    expect(reply).toContain("Dòng 11: cột fdi_new: ô có giá trị lỗi #DIV/0! của Excel");
    expect(reply).not.toContain("không có đơn vị mã"); // the bare separators are no unknown board
    expect(reply).not.toContain("Windows-1258");
    expect(await stored("HN", 2025, 10)).toEqual({ fdi_new: 7, fdi_capital: 1234.5, workers: 40000 });
    expect(await stored("HD", 2025, 10)).toEqual({ fdi_new: 3, fdi_capital: 12.5, workers: 1000 });
    for (const [board, y, m] of [["BN", 2025, 10], ["HY", 2025, 9], ["NB", 2025, 8], ["TB", 2025, 7], ["HP", 2025, 10], ["ND", 2025, 10]] as const) {
      expect(await stored(board, y, m), `${board} ${y}-${m}`).not.toBeNull();
    }
  });

  it("reads a CSV saved by Excel in Vietnamese Windows' code page (Windows-1258), and says so", async () => {
    // "Tháng 10/2025" and "tháng 9 năm 2025" in Windows-1258: á is 0xE1, ă is 0xE3.
    const cp1258 = (s: string) => Uint8Array.from([...s].map((c) => (c === "á" ? 0xe1 : c === "ă" ? 0xe3 : c.charCodeAt(0))));
    await admin.sendDocument("ansi.csv", cp1258("board;period;fdi_new\r\nHN;Tháng 10/2025;5\r\nHD;tháng 9 năm 2025;4\r\n"), "/import");
    expect(admin.lastText()).toContain("được đọc theo bảng mã tiếng Việt Windows-1258");
    expect(admin.lastText()).toContain("Đã nhập 2 báo cáo; 0 dòng");
    expect(await stored("HN", 2025, 10)).toEqual({ fdi_new: 5 });
    expect(await stored("HD", 2025, 9)).toEqual({ fdi_new: 4 });
  });
});

describe("oversized and malformed imports", () => {
  it("refuses a 16,384-column header, in CSV and in XLSX, before reading any row", async () => {
    const wide = ["board", "period", ...Array.from({ length: 16_382 }, (_, i) => `extra_indicator_${String(i).padStart(5, "0")}`)];
    const csv = `${wide.join(",")}\nHN,2025-10,${"1,".repeat(16_381)}1\n`;
    expect(csv.length).toBeGreaterThan(300_000);
    await admin.sendDocument("wide.csv", utf8(csv), "/import");
    expect(admin.lastText()).toBe("Dòng 1 có quá 256 cột, không phải bảng số liệu theo mẫu: ngừng đọc tệp.");

    const cells = wide.map((c, i) => `<c r="${columnName(i)}1" t="inlineStr"><is><t>${c}</t></is></c>`).join("");
    await admin.sendDocument("wide.xlsx", await excelLikeXlsx({ sheet: sheetXml(`<row r="1">${cells}</row><row r="2"><c r="A2" t="inlineStr"><is><t>HN</t></is></c></row>`) }), "/import");
    expect(admin.lastText()).toBe("Dòng 1 có quá 256 cột, không phải bảng số liệu theo mẫu: ngừng đọc tệp.");
    expect(await importedCount()).toBe(0);
  });

  it("refuses a zip bomb, whether it declares its size or lies about it, having unpacked next to nothing", async () => {
    // 256 MB of spaces inside the sheet's XML compress to about 250 kB.
    const head = `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`;
    const bomb = await deflateRepeated(head, " ", 256 * MB, "</sheetData></worksheet>");
    expect(bomb.compressed.length).toBeLessThan(1 * MB);
    const honest = await excelLikeXlsx({ sheet: bomb });
    const lying = await excelLikeXlsx({ sheet: bomb, declaredSheetSize: 10_000 });

    await admin.sendDocument("bomb.xlsx", honest, "/import");
    expect(admin.lastText()).toBe("Tệp XLSX giải nén ra quá 64 MB: ngừng đọc tệp. Anh/Chị chia nhỏ tệp hoặc gửi dạng CSV.");
    await admin.sendDocument("bomb2.xlsx", lying, "/import");
    expect(admin.lastText()).toBe("Không đọc được tệp: cần tệp CSV hoặc XLSX (Excel 2007 trở lên) còn nguyên vẹn.");
    expect(await importedCount()).toBe(0);

    // The same through the use case, counting what was unpacked: the honest bomb is
    // refused on its declared size before any of it is inflated; the lying one is
    // stopped where its declared size ends.
    const run = (bytes: Uint8Array) => importFigures({ db: h.db, clock: h.clock, zone: "Asia/Ho_Chi_Minh", personId: null, file: { kind: "xlsx", bytes } });
    const a = await run(honest);
    expect(a.stopped?.problem).toBe("unpacked-too-big");
    expect(a.unpackedBytes).toBeLessThan(10_000);
    const b = await run(lying);
    expect(b.stopped?.problem).toBe("unreadable");
    expect(b.unpackedBytes).toBeLessThanOrEqual(10_000 + 64 * 1024);
    expect(DEFAULT_SHEET_LIMITS.maxUnpackedBytes).toBe(64 * MB);
  });

  it("applies the 5 MB limit to the bytes downloaded: a document without file_size, or one that understates it", async () => {
    const big = utf8(`board,period,fdi_new\n${"HN,2025-10,1\n".repeat(500_000)}`);
    expect(big.length).toBeGreaterThan(6 * MB);
    await admin.sendDocument("no-size.csv", big, "/import", { fileSize: null });
    expect(admin.lastText()).toBe("Tệp quá lớn (tối đa 5 MB).");
    // The reader stops at the first chunk past the limit; the stream may have fetched one or two ahead.
    expect(h.tg.downloadedBytes).toBeGreaterThan(0);
    expect(h.tg.downloadedBytes).toBeLessThanOrEqual(5 * MB + 256 * 1024);

    h.tg.downloadedBytes = 0;
    await admin.sendDocument("lies.csv", big, "/import", { fileSize: 1_000 });
    expect(admin.lastText()).toBe("Tệp quá lớn (tối đa 5 MB).");
    expect(h.tg.downloadedBytes).toBeLessThanOrEqual(5 * MB + 256 * 1024);

    // A document stating its size is refused before anything is downloaded.
    h.tg.downloadedBytes = 0;
    await admin.sendDocument("stated.csv", big, "/import");
    expect(admin.lastText()).toBe("Tệp quá lớn (tối đa 5 MB).");
    expect(h.tg.downloadedBytes).toBe(0);

    // Without file_size, a small file is imported as usual.
    await admin.sendDocument("small.csv", utf8("board,period,fdi_new\nHN,2025-10,1\n"), "/import", { fileSize: null });
    expect(admin.lastText()).toContain("Đã nhập 1 báo cáo; 0 dòng");
    expect(await importedCount()).toBe(1);
  });

  it("names an old .xls or password-protected workbook, a damaged file, an over-long row and a file with no header", async () => {
    const ole = new Uint8Array(4096);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    await admin.sendDocument("old.xlsx", ole, "/import");
    expect(admin.lastText()).toContain("Đây là tệp Excel cũ (.xls) hoặc tệp có mật khẩu");
    await admin.sendDocument("broken.xlsx", utf8("PK\u0003\u0004 not really a zip"), "/import");
    expect(admin.lastText()).toBe("Không đọc được tệp: cần tệp CSV hoặc XLSX (Excel 2007 trở lên) còn nguyên vẹn.");
    await admin.sendDocument("long.csv", utf8(`board,period,fdi_new\nHN,2025-10,1\nHD,2025-10,"${"9".repeat(70_000)}"\nBN,2025-10,1\n`), "/import");
    expect(admin.lastText()).toContain("Dòng 3 dài quá 65.536 ký tự: ngừng đọc tệp.");
    await admin.sendDocument("blank.csv", utf8(";;;\n\n;;;\n"), "/import");
    expect(admin.lastText()).toContain("Dòng 1: tệp không có dòng tiêu đề");
  });
});

describe("a long import", () => {
  /** A CSV of `n` good rows over boards added for the test (40 boards × 125 months for 5,000). */
  async function bigCsv(n: number): Promise<Uint8Array> {
    const boards = Math.ceil(n / 125);
    await h.db.board.createMany({ data: Array.from({ length: boards }, (_, i) => ({ code: `T${i}`, name: `Ban thử ${i}`, shortName: `Thử ${i}`, sortOrder: 100 + i })) });
    const lines = ["board;period;fdi_new;fdi_capital;workers"];
    for (let i = 0; i < n; i++) {
      const m = i % 125;
      lines.push(`T${Math.floor(i / 125)};${2015 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, "0")};${i % 50};${i % 7},5;${1000 + i}`);
    }
    return utf8(lines.join("\n"));
  }

  it("lets another person's /whoami be answered while it runs", async () => {
    const lan = await join(h, 200, "Lan", "HP", "focal");
    const file = await bigCsv(5_000);
    const sql = await sqlOf(h.db);
    const count = () => sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM "Report" WHERE "source" = 'import'`)!.n;
    const done = admin.sendDocument("lich-su.csv", file, "/import");
    // Wait (turn by turn, no clock) until the import is storing rows, then ask.
    while (count() === 0) await new Promise((r) => setImmediate(r));
    await lan.send("/whoami");
    const answered = count();
    await done;
    const order = h.tg.calls.filter((c) => c.method === "sendMessage").map((c) => String(c.payload.text));
    const whoami = order.findIndex((t) => t.includes("Cán bộ đầu mối — Hải Phòng"));
    const result = order.findIndex((t) => t.startsWith("Đã nhập "));
    expect(whoami).toBeGreaterThanOrEqual(0);
    expect(result).toBeGreaterThan(whoami);
    // The answer came while the import was under way, not before it began or after it ended.
    expect(answered).toBeGreaterThan(0);
    expect(answered).toBeLessThan(5_000);
    expect(count()).toBe(5_000);
    expect(order[result]).toBe("Đã nhập 5.000 báo cáo; 0 dòng bị từ chối.");
  });

  it("waits for a write lock another process takes in the middle, writing nothing meanwhile, then imports everything", async () => {
    const file = await bigCsv(2_000);
    // The months exist already, so that the writes met are the batches of reports.
    const bloc = (await getBloc(h.db))!;
    for (let m = 0; m < 125; m++) await ensurePeriod(h.db, { year: 2015 + Math.floor(m / 12), month: (m % 12) + 1 }, bloc.schedule, "Asia/Ho_Chi_Minh");
    const sql = await sqlOf(h.db);
    const count = () => sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM "Report" WHERE "source" = 'import'`)!.n;
    const done = admin.sendDocument("lich-su.csv", file, "/import");
    while (count() === 0) await new Promise((r) => setImmediate(r));
    const other = new Database(sqlitePath(h.config.databaseUrl));
    other.exec("BEGIN IMMEDIATE"); // as a backup or an admin's sqlite3 would
    const before = count();
    for (let i = 0; i < 300; i++) await new Promise((r) => setImmediate(r));
    expect(count()).toBe(before);
    expect(before).toBeLessThan(2_000);
    other.exec("COMMIT");
    other.close();
    await done;
    expect(admin.lastText()).toBe("Đã nhập 2.000 báo cáo; 0 dòng bị từ chối.");
    expect(count()).toBe(2_000);
  });

  it("shows one progress message, edited a few times, and then the result", async () => {
    const file = await bigCsv(3_000);
    await admin.sendDocument("lich-su.csv", file, "/import");
    const calls = h.tg.calls.filter((c) => Number(c.payload.chat_id) === admin.id && (c.method === "sendMessage" || c.method === "editMessageText"));
    const progress = calls.filter((c) => c.method === "sendMessage" && String(c.payload.text).startsWith("⏳"));
    expect(progress).toHaveLength(1);
    expect(String(progress[0]!.payload.text)).toMatch(/^⏳ Đang nhập “lich-su\.csv”: \d+% \(1\.\d{3} dòng\)…$/);
    const edits = calls.filter((c) => c.method === "editMessageText");
    expect(edits.length).toBeGreaterThanOrEqual(1);
    expect(edits.length).toBeLessThanOrEqual(11); // every 10 % at most, and the end
    expect(String(edits.at(-1)!.payload.text)).toBe("✅ Đã đọc hết “lich-su.csv”: 3.000 dòng.");
    expect(String(calls.at(-1)!.payload.text)).toBe("Đã nhập 3.000 báo cáo; 0 dòng bị từ chối.");
    expect(admin.messages().filter((m) => m.text?.startsWith("⏳") || m.text?.startsWith("✅"))).toHaveLength(1);

    // A short import has none.
    const before = h.tg.calls.length;
    await admin.sendDocument("ngan.csv", utf8("board,period,fdi_new\nHN,2025-10,1\n"), "/import");
    expect(h.tg.calls.slice(before).filter((c) => String(c.payload.text ?? "").startsWith("⏳"))).toHaveLength(0);
  });
});

function columnName(i: number): string {
  let s = "";
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}
