// Importing earlier figures from a sheet: the documented layout is one row per
// board and month, `board`, `period`, then one column per indicator code. The
// first row that is not blank is the header; blank rows (bare separators
// included) are skipped without a word. Each cell is checked like an answer
// typed in chat; Excel's own forms (cached formula results, error values, dates
// in the period column) are read as src/features/imports/rules/sheet-values.ts says.
import { parseAmount } from "../../../shared/bloc/numbers.js";
import { specOf, type IndicatorDef, type Values } from "../../reports/rules/reports.js";
import type { PeriodKey } from "../../../shared/bloc/schedule.js";
import { cellDisplay, EMPTY, isBlank, numberText, periodOfCell, serialToDate, type Cell } from "./sheet-values.js";

/** A row as the spreadsheet shows it: `row` is its 1-based number there, `cells` its cells from column A. */
export type SheetRow = { row: number; cells: Cell[] };
/** A refused row (or header, row 1 and up): a locale key and its values. */
export type RowProblem = { row: number; key: string; vars?: Record<string, string | number> };
export type ParsedRow = { row: number; board: string; period: PeriodKey; values: Values };
/** Where each column is: lower-cased names by position, and positions by name. */
export type Header = { row: number; columns: string[]; index: Map<string, number> };

/** Reads the header row: `board`, `period` and indicator codes, in any order; blank cells ignored. */
export function readHeader(r: SheetRow, indicators: IndicatorDef[]): { ok: true; header: Header } | { ok: false; problems: RowProblem[] } {
  const known = new Set(indicators.map((i) => i.code.toLowerCase()));
  const columns = r.cells.map((c) => cellDisplay(c).trim().toLowerCase());
  const index = new Map<string, number>();
  const problems: RowProblem[] = [];
  columns.forEach((c, i) => {
    if (c === "") return;
    if (index.has(c)) problems.push({ row: r.row, key: "import-duplicate-column", vars: { column: c } });
    else if (c !== "board" && c !== "period" && !known.has(c)) problems.push({ row: r.row, key: "import-unknown-column", vars: { column: c } });
    index.set(c, index.get(c) ?? i);
  });
  for (const c of ["board", "period"]) if (!index.has(c)) problems.unshift({ row: r.row, key: "import-missing-column", vars: { column: c } });
  return problems.length ? { ok: false, problems } : { ok: true, header: { row: r.row, columns, index } };
}

const clipValue = (s: string) => [...s].slice(0, 40).join("");

/** A number in the period column as the date it stands for (dd/mm/yyyy), or as the number. */
function serialText(value: number, date1904: boolean): string {
  const d = serialToDate(value, date1904);
  const two = (n: number) => String(n).padStart(2, "0");
  return d && d.year >= 1990 && d.year <= 2100 ? `${two(d.day)}/${two(d.month)}/${d.year}` : numberText(value);
}

/** An error value or a formula never computed, named as such; null for a cell holding a value. */
function unusable(r: SheetRow, column: string, cell: Cell): RowProblem | null {
  if (cell.kind === "error") return { row: r.row, key: "import-cell-error", vars: { column, code: cell.code } };
  if (cell.kind === "formula-without-result") return { row: r.row, key: "import-formula-no-result", vars: { column } };
  return null;
}

/**
 * Checks one row (not blank: the caller skips those); a row with any bad cell is
 * rejected whole, so nothing is half-imported. `date1904`: the workbook counts
 * dates from 1904 (a period column of date serials).
 */
export function parseImportRow(
  r: SheetRow, header: Header, indicators: IndicatorDef[], boardCodes: Set<string>, latest: PeriodKey, date1904 = false,
): { ok: true; row: ParsedRow } | { ok: false; problem: RowProblem } {
  const at = (column: string): Cell => r.cells[header.index.get(column) ?? -1] ?? EMPTY;
  const boardCell = at("board");
  const boardBad = unusable(r, "board", boardCell);
  if (boardBad) return { ok: false, problem: boardBad };
  const board = cellDisplay(boardCell).trim();
  if (!boardCodes.has(board.toLowerCase())) return { ok: false, problem: { row: r.row, key: "import-unknown-board", vars: { board: clipValue(board) || "—" } } };

  const periodCell = at("period");
  const periodBad = unusable(r, "period", periodCell);
  if (periodBad) return { ok: false, problem: periodBad };
  const shown = clipValue(periodCell.kind === "number" ? serialText(periodCell.value, date1904) : cellDisplay(periodCell).trim()) || "—";
  const reading = periodOfCell(periodCell, date1904);
  if (!reading.ok) return { ok: false, problem: { row: r.row, key: reading.reason === "date" ? "import-period-date" : "import-bad-period", vars: { period: shown } } };
  const period = reading.period;
  if (period.year * 12 + period.month > latest.year * 12 + latest.month) return { ok: false, problem: { row: r.row, key: "import-future-period", vars: { period: shown } } };

  const values: Values = {};
  for (const ind of indicators) {
    const cell = at(ind.code.toLowerCase());
    if (isBlank(cell)) continue;
    const bad = unusable(r, ind.code, cell);
    if (bad) return { ok: false, problem: bad };
    const raw = cell.kind === "number" ? numberText(cell.value) : cellDisplay(cell);
    const refuse = (reason: string) => ({ ok: false as const, problem: { row: r.row, key: "import-bad-value", vars: { column: ind.code, value: clipValue(raw), reason } } });
    // A figure Excel turned into a date ("1.10" typed in a Vietnamese sheet) is no figure.
    if (cell.kind === "number" && cell.date) return refuse("date");
    if (cell.kind !== "number" && cell.kind !== "text") return refuse("not_a_number");
    const p = parseAmount(raw, specOf(ind));
    if (!p.ok) return refuse(p.error.code);
    values[ind.code] = p.value;
  }
  if (Object.keys(values).length === 0) return { ok: false, problem: { row: r.row, key: "import-empty-row" } };
  return { ok: true, row: { row: r.row, board, period, values } };
}
