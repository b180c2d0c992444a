// Importing earlier figures from a sheet: the documented layout is one row per
// board and month, `board`, `period` (YYYY-MM), then one column per indicator
// code. Each cell is checked like an answer typed in chat.
import { parseAmount } from "./numbers.js";
import { specOf, type IndicatorDef, type Values } from "./reports.js";
import { parsePeriodLabel, type PeriodKey } from "./schedule.js";

export type ImportRow = { row: number; cells: Record<string, string> };
export type RowProblem = { row: number; key: string; vars?: Record<string, string | number> };
export type ParsedRow = { row: number; board: string; period: PeriodKey; values: Values };

export function checkHeader(columns: string[], indicators: IndicatorDef[]): RowProblem[] {
  const known = new Set(indicators.map((i) => i.code.toLowerCase()));
  const problems: RowProblem[] = [];
  if (!columns.includes("board")) problems.push({ row: 1, key: "import-missing-column", vars: { column: "board" } });
  if (!columns.includes("period")) problems.push({ row: 1, key: "import-missing-column", vars: { column: "period" } });
  for (const c of columns) if (c !== "board" && c !== "period" && c !== "" && !known.has(c)) problems.push({ row: 1, key: "import-unknown-column", vars: { column: c } });
  return problems;
}

/** Checks one row; a row with any bad cell is rejected whole, so nothing half-imported. */
export function parseImportRow(r: ImportRow, indicators: IndicatorDef[], boardCodes: Set<string>, latest: PeriodKey): { ok: true; row: ParsedRow } | { ok: false; problem: RowProblem } {
  const board = (r.cells.board ?? "").trim();
  if (!boardCodes.has(board.toLowerCase())) return { ok: false, problem: { row: r.row, key: "import-unknown-board", vars: { board: board || "—" } } };
  const period = parsePeriodLabel(r.cells.period ?? "");
  if (!period) return { ok: false, problem: { row: r.row, key: "import-bad-period", vars: { period: r.cells.period ?? "" } } };
  if (period.year * 12 + period.month > latest.year * 12 + latest.month) return { ok: false, problem: { row: r.row, key: "import-future-period", vars: { period: r.cells.period ?? "" } } };
  const values: Values = {};
  for (const ind of indicators) {
    const raw = r.cells[ind.code.toLowerCase()];
    if (raw === undefined || raw.trim() === "") continue;
    const p = parseAmount(raw, specOf(ind));
    if (!p.ok) return { ok: false, problem: { row: r.row, key: "import-bad-value", vars: { column: ind.code, value: [...raw].slice(0, 40).join(""), reason: p.error.code } } };
    values[ind.code] = p.value;
  }
  if (Object.keys(values).length === 0) return { ok: false, problem: { row: r.row, key: "import-empty-row" } };
  return { ok: true, row: { row: r.row, board, period, values } };
}
