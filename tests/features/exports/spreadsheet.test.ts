import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { summarize, yearRange, type Summary } from "../../../src/features/summaries/rules.js";
import { RATIO_FORMAT, XLSX_LAYOUT, numberFormat, summaryWorkbook, type Translate } from "../../../src/features/exports/spreadsheet.js";
import { articleSummaryInput } from "../../fixtures/article-2022.js";
import { localeKeys, strictTranslator } from "../../harness/translate.js";

// The keys the workbook uses, as they are meant for locales/*.ftl (kept here so
// the test does not depend on files others edit).

const translator = strictTranslator;

const BLOC = "Khối thi đua các Ban Quản lý KCN, KKT vùng Đồng bằng sông Hồng";
const { Number: NUM, Null: NULL, String: STR } = ExcelJS.ValueType;

async function open(summary: Summary, locale: "vi" | "en" = "vi", periodLabel = "năm 2022"): Promise<ExcelJS.Workbook> {
  const buf = await summaryWorkbook(summary, locale, translator(locale), { blocName: BLOC, periodLabel });
  expect(Buffer.isBuffer(buf)).toBe(true);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb;
}

function sheet(wb: ExcelJS.Workbook, n: number): ExcelJS.Worksheet {
  const ws = wb.worksheets[n];
  if (!ws) throw new Error(`no sheet ${n}`);
  return ws;
}

/** A number cell: stored as a number, with this value and format. */
function expectNumber(ws: ExcelJS.Worksheet, ref: string, value: number, numFmt: string): void {
  const c = ws.getCell(ref);
  expect({ ref, type: c.type, value: c.value, numFmt: c.numFmt }).toEqual({ ref, type: NUM, value, numFmt });
}
function expectEmpty(ws: ExcelJS.Worksheet, ref: string): void {
  const c = ws.getCell(ref);
  expect({ ref, type: c.type, value: c.value }).toEqual({ ref, type: NULL, value: null });
}
const col = (n: number) => {
  let s = "";
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
};

const full = summarize(articleSummaryInput(yearRange(2022)));
const H = XLSX_LAYOUT.headerRow;
const D = XLSX_LAYOUT.firstDataRow;

describe("summaryWorkbook", () => {
  it("has the documented layout: three sheets, title rows, header on row 4 bold and frozen", async () => {
    const wb = await open(full);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["Tổng hợp", "Theo đơn vị", "Theo tháng"]);
    expect(XLSX_LAYOUT).toEqual({ titleRow: 1, subtitleRow: 2, noteRow: 3, headerRow: 4, firstDataRow: 5 });
    const titles = ["Tổng hợp số liệu toàn Khối năm 2022", "Số liệu theo đơn vị năm 2022", "Số liệu theo tháng năm 2022"];
    wb.worksheets.forEach((ws, i) => {
      expect(ws.getCell("A1").value).toBe(BLOC);
      expect(ws.getCell("A1").font?.bold).toBe(true);
      expect(ws.getCell("A2").value).toBe(titles[i]);
      expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 4 });
      const header = ws.getRow(H);
      for (let c = 1; c <= header.cellCount; c++) {
        expect(header.getCell(c).type).toBe(STR);
        expect(header.getCell(c).font?.bold).toBe(true);
      }
      for (let c = 1; c <= header.cellCount; c++) expect(ws.getColumn(c).width ?? 0).toBeGreaterThanOrEqual(6);
    });
    expect(sheet(wb, 0).getCell("A3").value).toBe("Đã nhận 132/132 báo cáo tháng của các đơn vị.");
  });

  it("totals: indicator, unit, total, same period last year and the ratio, as numbers", async () => {
    const ws = sheet(await open(full), 0);
    expect(["A", "B", "C", "D", "E", "F"].map((c) => ws.getCell(`${c}${H}`).value)).toEqual([
      "STT", "Chỉ tiêu", "Đơn vị tính", "Thực hiện", "Cùng kỳ năm 2021", "So với cùng kỳ",
    ]);
    expect(ws.getColumn(2).width).toBeGreaterThanOrEqual(40);
    // fdi_new, row 5
    expect(ws.getCell(`A${D}`).value).toBe(1);
    expect(ws.getCell(`B${D}`).value).toBe("Dự án FDI cấp mới Giấy chứng nhận đăng ký đầu tư");
    expect(ws.getCell(`C${D}`).value).toBe("dự án");
    expectNumber(ws, `D${D}`, 166, "#,##0");
    expectNumber(ws, `E${D}`, 150, "#,##0");
    expectNumber(ws, `F${D}`, 166 / 150, "0.0%");
    // fdi_capital, the fifth indicator
    const r = D + 4;
    expect(ws.getCell(`B${r}`).value).toBe("Vốn đầu tư FDI đăng ký cấp mới và tăng thêm");
    expect(ws.getCell(`C${r}`).value).toBe("triệu USD");
    expectNumber(ws, `D${r}`, 7081.7, "#,##0.00");
    expectNumber(ws, `E${r}`, 8075, "#,##0.00");
    expect(ws.getCell(`F${r}`).type).toBe(NUM);
    expect(ws.getCell(`F${r}`).value as number).toBeCloseTo(0.87699, 4);
    // every indicator, in catalogue order
    full.totals.forEach((tot, i) => {
      expectNumber(ws, `D${D + i}`, tot.total!, numberFormat(tot.indicator.decimals));
      expectNumber(ws, `E${D + i}`, tot.previous!, numberFormat(tot.indicator.decimals));
      expectNumber(ws, `F${D + i}`, tot.ratio!, RATIO_FORMAT);
    });
    expectNumber(ws, `D${D + 10}`, 1265945, "#,##0");
    expect(ws.getCell(`C${D + 10}`).value).toBe("người");
    expectEmpty(ws, `A${D + full.totals.length}`);
  });

  it("by board: a row per board, a column per indicator headed with its unit, a bloc total row", async () => {
    const ws = sheet(await open(full), 1);
    const inds = full.indicators;
    expect(ws.getCell(`A${H}`).value).toBe("STT");
    expect(ws.getCell(`B${H}`).value).toBe("Đơn vị");
    expect(ws.getCell(`C${H}`).value).toBe("Dự án FDI cấp mới Giấy chứng nhận đăng ký đầu tư (dự án)");
    expect(ws.getCell(`G${H}`).value).toBe("Vốn đầu tư FDI đăng ký cấp mới và tăng thêm (triệu USD)");
    expect(ws.getCell(`H${H}`).value).toBe("Vốn đầu tư DDI đăng ký cấp mới và tăng thêm (tỷ đồng)");
    expect(ws.getCell(`M${H}`).value).toBe("Lao động làm việc trong các KCN, KKT (người)");
    expect(ws.getCell(`${col(inds.length + 3)}${H}`).value).toBe("Số tháng đã báo cáo");
    expect(ws.views[0]).toMatchObject({ xSplit: 2 });
    full.byBoard.forEach((row, i) => {
      const r = D + i;
      expect(ws.getCell(`A${r}`).value).toBe(i + 1);
      expect(ws.getCell(`B${r}`).value).toBe(row.board.name);
      inds.forEach((ind, j) => expectNumber(ws, `${col(3 + j)}${r}`, row.values[ind.code]!, numberFormat(ind.decimals)));
      expectNumber(ws, `${col(inds.length + 3)}${r}`, 12, "#,##0");
    });
    expect(ws.getCell(`B${D}`).value).toBe("Ban Quản lý các KCN và CX Hà Nội");
    const total = D + full.byBoard.length;
    expect(ws.getCell(`B${total}`).value).toBe("Toàn Khối");
    expect(ws.getCell(`B${total}`).font?.bold).toBe(true);
    expectNumber(ws, `G${total}`, 7081.7, "#,##0.00");
    expectNumber(ws, `M${total}`, 1265945, "#,##0");
    expectNumber(ws, `N${total}`, 90, "#,##0");
    expectNumber(ws, `${col(inds.length + 3)}${total}`, 132, "#,##0");
  });

  it("by month: a row per month, each indicator with the previous year's value beside it", async () => {
    const ws = sheet(await open(full), 2);
    expect(ws.getCell(`A${H}`).value).toBe("Tháng");
    expect(ws.getCell(`B${H}`).value).toBe("Dự án FDI cấp mới Giấy chứng nhận đăng ký đầu tư (dự án), năm 2022");
    expect(ws.getCell(`C${H}`).value).toBe("Dự án FDI cấp mới Giấy chứng nhận đăng ký đầu tư (dự án), năm 2021");
    expect(ws.getCell(`J${H}`).value).toBe("Vốn đầu tư FDI đăng ký cấp mới và tăng thêm (triệu USD), năm 2022");
    expect(ws.getCell(`K${H}`).value).toBe("Vốn đầu tư FDI đăng ký cấp mới và tăng thêm (triệu USD), năm 2021");
    expect(ws.getCell(`Z${H}`).value).toBe("Số đơn vị đã báo cáo");
    full.byMonth.forEach((m, i) => {
      const r = D + i;
      expect(ws.getCell(`A${r}`).value).toBe(`Tháng ${m.month}/2022`);
      full.indicators.forEach((ind, j) => {
        expectNumber(ws, `${col(2 + 2 * j)}${r}`, m.values[ind.code]!, numberFormat(ind.decimals));
        expectNumber(ws, `${col(3 + 2 * j)}${r}`, m.previous[ind.code]!, numberFormat(ind.decimals));
      });
      expectNumber(ws, `Z${r}`, 11, "#,##0");
    });
    const total = D + 12;
    expect(ws.getCell(`A${total}`).value).toBe("Cả kỳ");
    expectNumber(ws, `J${total}`, 7081.7, "#,##0.00");
    expectNumber(ws, `K${total}`, 8075, "#,##0.00");
    // Flows: the months add up to the total (in hundredths); stocks: the total is December's.
    const jan = full.byMonth.reduce((a, m) => a + Math.round(m.values.fdi_capital! * 100), 0);
    expect(jan).toBe(708170);
    expectNumber(ws, `V${total}`, 1265945, "#,##0");
    expect(ws.getCell(`V${D + 11}`).value).toBe(1265945);
  });

  it("leaves missing figures empty, never 0", async () => {
    const input = articleSummaryInput(yearRange(2022));
    const tb = input.boards.find((b) => b.code === "TB")!.id;
    const nd = input.boards.find((b) => b.code === "ND")!.id;
    input.values = input.values.filter(
      (v) => !(v.boardId === tb && v.year === 2022 && v.indicator === "ddi_budget") && !(v.year === 2022 && v.month === 12 && v.indicator === "fdi_new"),
    );
    input.submissions = input.submissions.filter((s) => !(s.boardId === nd && s.year === 2022 && s.month === 12));
    const s = summarize(input);
    const wb = await open(s);
    const boards = sheet(wb, 1);
    const tbRow = D + s.byBoard.findIndex((r) => r.board.code === "TB");
    expectEmpty(boards, `L${tbRow}`); // ddi_budget of Thái Bình
    expectNumber(boards, `K${tbRow}`, s.byBoard.find((r) => r.board.code === "TB")!.values.fdi_budget!, "#,##0.00");
    const months = sheet(wb, 2);
    expectEmpty(months, `B${D + 11}`); // nobody's fdi_new in December 2022
    expectNumber(months, `C${D + 11}`, s.byMonth[11]!.previous.fdi_new!, "#,##0"); // December 2021 is there
    expectNumber(months, `Z${D + 11}`, 10, "#,##0");
    // Nam Định missed December: the note row says the totals are not the whole bloc's.
    expect(sheet(wb, 0).getCell("A3").value).toBe(
      "Chưa đủ số liệu: 10/11 đơn vị đã báo cáo đủ; các số tổng là tổng của 11 đơn vị có số liệu, chưa phải của toàn Khối. Cột “So với cùng kỳ, cùng đơn vị” so sánh trên các đơn vị có số liệu cả hai kỳ. Đã nhận 131/132 báo cáo tháng của các đơn vị.",
    );
    expect(String(sheet(wb, 0).getCell("A2").value)).toContain("các đơn vị đã báo cáo");

    // No figures at all for the year before: same period and ratio are empty.
    const noBase = summarize(articleSummaryInput(yearRange(2021)));
    const wb2 = await open(noBase, "vi", "năm 2021");
    const totals = sheet(wb2, 0);
    expect(totals.getCell(`E${H}`).value).toBe("Cùng kỳ năm 2020");
    for (let i = 0; i < noBase.totals.length; i++) {
      expect(totals.getCell(`D${D + i}`).type).toBe(NUM);
      expectEmpty(totals, `E${D + i}`);
      expectEmpty(totals, `F${D + i}`);
    }
    const m2 = sheet(wb2, 2);
    for (let i = 0; i < 12; i++) {
      expect(m2.getCell(`B${D + i}`).type).toBe(NUM);
      expectEmpty(m2, `C${D + i}`);
    }
  });

  it("never stores a figure as text", async () => {
    const wb = await open(full);
    for (const ws of wb.worksheets) {
      ws.eachRow((row, r) => {
        if (r < D) return;
        row.eachCell((c, n) => {
          const isLabel = (ws.name === "Tổng hợp" && (n === 2 || n === 3)) || (ws.name === "Theo đơn vị" && n === 2) || (ws.name === "Theo tháng" && n === 1);
          if (!isLabel && c.type !== NULL) expect({ sheet: ws.name, ref: c.address, type: c.type }).toEqual({ sheet: ws.name, ref: c.address, type: NUM });
        });
      });
    }
  });

  it("speaks English when asked, with the same numbers", async () => {
    const wb = await open(full, "en", "2022");
    expect(wb.worksheets.map((w) => w.name)).toEqual(["Totals", "By board", "By month"]);
    const totals = sheet(wb, 0);
    expect(totals.getCell(`B${D + 4}`).value).toBe("FDI capital, new and added");
    expect(totals.getCell(`C${D + 4}`).value).toBe("million USD");
    expectNumber(totals, `D${D + 4}`, 7081.7, "#,##0.00");
    expect(sheet(wb, 1).getCell(`G${H}`).value).toBe("FDI capital, new and added (million USD)");
    expect(sheet(wb, 2).getCell(`A${D}`).value).toBe("1/2022");
  });

  it("uses only keys of both locale files, and every xlsx- key there is used", () => {
    const src = readFileSync(fileURLToPath(new URL("../../../src/features/exports/spreadsheet.ts", import.meta.url)), "utf8");
    const used = [...src.matchAll(/\bt\(\s*"([a-z][a-z0-9-]*)"/g)].map((m) => m[1]!);
    // Keys of this prefix used elsewhere (the command's own messages, the year-to-date variants).
    const elsewhere = readFileSync(fileURLToPath(new URL("../../../src/features/summaries/chat.ts", import.meta.url)), "utf8");
    const listed = localeKeys("vi").filter((k) => k.startsWith("xlsx-"));
    expect(localeKeys("en").filter((k) => k.startsWith("xlsx-"))).toEqual(listed);
    expect([...new Set(used)].filter((k) => !listed.includes(k))).toEqual([]);
    const unused = listed.filter((k) => !used.includes(k) && !used.includes(k.replace(/-ytd$/, "")) && !elsewhere.includes(`"${k}"`));
    expect(unused).toEqual([]);
    expect(used.every((k) => k.startsWith("xlsx-"))).toBe(true);
  });
});
