// A bloc summary as an Excel workbook, ready to paste into an official report.
//
// Three sheets, each laid out the same way (see XLSX_LAYOUT):
//   row 1  the bloc's name (bold)
//   row 2  the sheet's title with the period
//   row 3  totals sheet: reports received / expected; other sheets: empty
//   row 4  the table's header row (bold, wrapped, frozen with the rows above)
//   row 5… the data, one row per indicator / board / month, then a total row
//          on the board and month sheets
//
// Totals sheet   A STT | B indicator | C unit | D this period | E same period of
//                the year before | F ratio (a number, 0.877, formatted "0.0%")
// Boards sheet   A STT | B board (full name) | one column per indicator, headed
//                "name (unit)" | reports received; last row: the whole bloc
// Months sheet   A month | per indicator two columns: this year, the year before
//                | boards that reported; last row: the whole period
//
// Figures are numbers (never text) with a format showing the indicator's decimals
// ("#,##0" or "#,##0.00"); a missing figure is an empty cell, never 0. Excel shows
// the separators of the reader's own settings (7.081,70 on a Vietnamese system).
import ExcelJS from "exceljs";
import { indicatorName, type IndicatorDef } from "../reports/rules/reports.js";
import type { Summary } from "../summaries/rules.js";
import { unitLabel } from "../../shared/bloc/units.js";

import type { Locale, Translate } from "../../shared/i18n/locale.js";
export type { Translate };

/** Where things are on every sheet (1-based rows). */
export const XLSX_LAYOUT = { titleRow: 1, subtitleRow: 2, noteRow: 3, headerRow: 4, firstDataRow: 5 } as const;

/** Excel number format showing exactly `decimals` fraction digits, with thousands grouped. */
export function numberFormat(decimals: number): string {
  return decimals > 0 ? `#,##0.${"0".repeat(Math.min(decimals, 10))}` : "#,##0";
}

export const RATIO_FORMAT = "0.0%";

/** "Vốn đầu tư FDI đăng ký cấp mới và tăng thêm (triệu USD)". */
function headerWithUnit(ind: IndicatorDef, locale: Locale, t: Translate): string {
  return t("xlsx-col-with-unit", { name: indicatorName(ind, locale), unit: unitLabel(ind.unit, locale) });
}

/** Excel forbids []:*?/\ in sheet names and allows 31 characters. */
function sheetName(text: string, fallback: string): string {
  const clean = text.replace(/[[\]:*?/\\]/g, " ").replace(/\s+/g, " ").trim().slice(0, 31).trim();
  return clean || fallback;
}

type Column = { header: string; width: number; numFmt?: string };

const THIN = { style: "thin" as const };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

/** Sets a cell to a number, or leaves it empty when the figure is missing. */
function setNumber(cell: ExcelJS.Cell, value: number | null | undefined, numFmt: string): void {
  cell.value = value === null || value === undefined || !Number.isFinite(value) ? null : value;
  cell.numFmt = numFmt;
  cell.alignment = { horizontal: "right", vertical: "middle" };
}

function startSheet(wb: ExcelJS.Workbook, name: string, meta: { blocName: string }, title: string, note: string | null, columns: Column[], frozenColumns: number, landscape: boolean): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, {
    views: [{ state: "frozen", xSplit: frozenColumns, ySplit: XLSX_LAYOUT.headerRow }],
    pageSetup: { paperSize: 9, orientation: landscape ? "landscape" : "portrait", fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  ws.getCell(XLSX_LAYOUT.titleRow, 1).value = meta.blocName;
  ws.getCell(XLSX_LAYOUT.titleRow, 1).font = { bold: true, size: 13 };
  ws.getCell(XLSX_LAYOUT.subtitleRow, 1).value = title;
  ws.getCell(XLSX_LAYOUT.subtitleRow, 1).font = { bold: true };
  if (note) ws.getCell(XLSX_LAYOUT.noteRow, 1).value = note;

  const header = ws.getRow(XLSX_LAYOUT.headerRow);
  let lines = 1;
  columns.forEach((c, i) => {
    ws.getColumn(i + 1).width = c.width;
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.alignment = { horizontal: "center", vertical: "middle", wrapText: true };
    cell.border = BORDER;
    // Wrapped header: a rough count of lines at ~1 character per width unit.
    lines = Math.max(lines, Math.ceil((c.header.length * 1.1) / Math.max(c.width - 1, 1)));
  });
  header.height = Math.min(15 * lines + 3, 120);
  return ws;
}

/** Borders the data rows; the total row (if any) in bold. */
function finishTable(ws: ExcelJS.Worksheet, columnCount: number, lastRow: number, totalRow: number | null): void {
  for (let r = XLSX_LAYOUT.firstDataRow; r <= lastRow; r++) {
    const row = ws.getRow(r);
    for (let c = 1; c <= columnCount; c++) {
      const cell = row.getCell(c);
      cell.border = BORDER;
      if (r === totalRow) cell.font = { bold: true };
    }
  }
}

/** Width for a column of numbers with the given format (the header wraps). */
function numberWidth(values: (number | null)[], decimals: number): number {
  const longest = Math.max(0, ...values.map((v) => (v === null ? 0 : Math.round(Math.abs(v)).toString().length)));
  const digits = longest + Math.floor(Math.max(longest - 1, 0) / 3) + (decimals > 0 ? decimals + 1 : 0);
  return Math.max(14, Math.min(digits + 4, 24));
}

function totalsSheet(wb: ExcelJS.Workbook, summary: Summary, locale: Locale, t: Translate, meta: { blocName: string; periodLabel: string }): void {
  const columns: Column[] = [
    { header: t("xlsx-col-no"), width: 6 },
    { header: t("xlsx-col-indicator"), width: 50 },
    { header: t("xlsx-col-unit"), width: 14 },
    { header: t("xlsx-col-total"), width: 18 },
    { header: t("xlsx-col-previous", { year: String(summary.previousRange.year) }), width: 18 },
    { header: t("xlsx-col-ratio"), width: 14 },
    { header: t("xlsx-col-ratio-like"), width: 16 },
  ];
  // Over incomplete figures the note row says so first: the totals are those of the boards that reported.
  const cov = summary.coverage;
  const received = t("xlsx-completeness", { received: String(summary.completeness.received), expected: String(summary.completeness.expected) });
  const note = cov.complete ? received : `${t("xlsx-partial", { reported: cov.reported, owing: cov.owing, boards: cov.withFigures })} ${received}`;
  const title = cov.complete ? t("xlsx-title-totals", { period: meta.periodLabel }) : t("xlsx-title-totals-partial", { period: meta.periodLabel });
  const ws = startSheet(wb, sheetName(t("xlsx-sheet-totals"), "Totals"), meta, title, note, columns, 0, false);
  summary.totals.forEach((tot, i) => {
    const row = ws.getRow(XLSX_LAYOUT.firstDataRow + i);
    row.getCell(1).value = i + 1;
    row.getCell(1).alignment = { horizontal: "center", vertical: "middle" };
    row.getCell(2).value = indicatorName(tot.indicator, locale);
    row.getCell(2).alignment = { vertical: "middle", wrapText: true };
    row.getCell(3).value = unitLabel(tot.indicator.unit, locale);
    row.getCell(3).alignment = { horizontal: "center", vertical: "middle" };
    setNumber(row.getCell(4), tot.total, numberFormat(tot.indicator.decimals));
    setNumber(row.getCell(5), tot.previous, numberFormat(tot.indicator.decimals));
    setNumber(row.getCell(6), tot.ratio, RATIO_FORMAT);
    // Like for like: over the boards with figures in both periods (the plain ratio when they are the same boards).
    setNumber(row.getCell(7), tot.likeForLike ? tot.likeForLike.ratio : tot.ratio, RATIO_FORMAT);
  });
  finishTable(ws, columns.length, XLSX_LAYOUT.firstDataRow + summary.totals.length - 1, null);
}

function boardsSheet(wb: ExcelJS.Workbook, summary: Summary, locale: Locale, t: Translate, meta: { blocName: string; periodLabel: string }): void {
  const inds = summary.indicators;
  const boardWidth = Math.max(24, Math.min(45, Math.max(0, ...summary.byBoard.map((r) => r.board.name.length)) + 2));
  const columns: Column[] = [
    { header: t("xlsx-col-no"), width: 6 },
    { header: t("xlsx-col-board"), width: boardWidth },
    ...inds.map((ind) => ({
      header: headerWithUnit(ind, locale, t),
      width: numberWidth([...summary.byBoard.map((r) => r.values[ind.code] ?? null), totalOf(summary, ind)], ind.decimals),
    })),
    { header: t("xlsx-col-reported-months"), width: 12 },
  ];
  const ws = startSheet(wb, sheetName(t("xlsx-sheet-boards"), "Boards"), meta, t("xlsx-title-boards", { period: meta.periodLabel }), null, columns, 2, true);
  const reportedCol = inds.length + 3;
  summary.byBoard.forEach((r, i) => {
    const row = ws.getRow(XLSX_LAYOUT.firstDataRow + i);
    row.getCell(1).value = i + 1;
    row.getCell(1).alignment = { horizontal: "center", vertical: "middle" };
    row.getCell(2).value = r.board.name;
    row.getCell(2).alignment = { vertical: "middle", wrapText: true };
    inds.forEach((ind, j) => setNumber(row.getCell(3 + j), r.values[ind.code], numberFormat(ind.decimals)));
    setNumber(row.getCell(reportedCol), r.reportedMonths, numberFormat(0));
  });
  const totalRow = XLSX_LAYOUT.firstDataRow + summary.byBoard.length;
  const row = ws.getRow(totalRow);
  row.getCell(2).value = summary.coverage.complete ? t("xlsx-row-bloc-total") : t("xlsx-row-reported-total", { boards: summary.coverage.withFigures, owing: summary.coverage.owing });
  inds.forEach((ind, j) => setNumber(row.getCell(3 + j), totalOf(summary, ind), numberFormat(ind.decimals)));
  setNumber(row.getCell(reportedCol), summary.completeness.received, numberFormat(0));
  finishTable(ws, columns.length, totalRow, totalRow);
}

function monthsSheet(wb: ExcelJS.Workbook, summary: Summary, locale: Locale, t: Translate, meta: { blocName: string; periodLabel: string }): void {
  const inds = summary.indicators;
  const year = String(summary.range.year);
  const prevYear = String(summary.previousRange.year);
  const columns: Column[] = [
    { header: t("xlsx-col-month"), width: 14 },
    ...inds.flatMap((ind) => {
      const label = headerWithUnit(ind, locale, t);
      const width = numberWidth(
        [...summary.byMonth.flatMap((m) => [m.values[ind.code] ?? null, m.previous[ind.code] ?? null]), totalOf(summary, ind), previousOf(summary, ind)],
        ind.decimals,
      );
      return [
        { header: t("xlsx-col-in-year", { indicator: label, year }), width },
        { header: t("xlsx-col-in-year", { indicator: label, year: prevYear }), width },
      ];
    }),
    { header: t("xlsx-col-boards-reported"), width: 12 },
  ];
  const ws = startSheet(wb, sheetName(t("xlsx-sheet-months"), "Months"), meta, t("xlsx-title-months", { period: meta.periodLabel }), null, columns, 1, true);
  const reportedCol = 2 * inds.length + 2;
  summary.byMonth.forEach((m, i) => {
    const row = ws.getRow(XLSX_LAYOUT.firstDataRow + i);
    row.getCell(1).value = t("xlsx-month", { month: String(m.month), year: String(m.year) });
    row.getCell(1).alignment = { horizontal: "center", vertical: "middle" };
    inds.forEach((ind, j) => {
      setNumber(row.getCell(2 + 2 * j), m.values[ind.code], numberFormat(ind.decimals));
      setNumber(row.getCell(3 + 2 * j), m.previous[ind.code], numberFormat(ind.decimals));
    });
    setNumber(row.getCell(reportedCol), m.boardsReported, numberFormat(0));
  });
  const totalRow = XLSX_LAYOUT.firstDataRow + summary.byMonth.length;
  const row = ws.getRow(totalRow);
  row.getCell(1).value = t("xlsx-row-period-total");
  row.getCell(1).alignment = { horizontal: "center", vertical: "middle" };
  inds.forEach((ind, j) => {
    setNumber(row.getCell(2 + 2 * j), totalOf(summary, ind), numberFormat(ind.decimals));
    setNumber(row.getCell(3 + 2 * j), previousOf(summary, ind), numberFormat(ind.decimals));
  });
  finishTable(ws, columns.length, totalRow, totalRow);
}

const totalOf = (s: Summary, ind: IndicatorDef) => s.totals.find((x) => x.indicator.code === ind.code)?.total ?? null;
const previousOf = (s: Summary, ind: IndicatorDef) => s.totals.find((x) => x.indicator.code === ind.code)?.previous ?? null;

/**
 * The summary as an .xlsx file: sheets "totals", "by board", "by month" (names
 * from `xlsx-sheet-*`), laid out as described at the top of this file.
 */
export async function summaryWorkbook(summary: Summary, locale: Locale, t: Translate, meta: { blocName: string; periodLabel: string }): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = meta.blocName;
  wb.title = t("xlsx-title-totals", { period: meta.periodLabel });
  totalsSheet(wb, summary, locale, t, meta);
  boardsSheet(wb, summary, locale, t, meta);
  monthsSheet(wb, summary, locale, t, meta);
  const data = await wb.xlsx.writeBuffer();
  return Buffer.from(data as unknown as ArrayBuffer);
}
