// Reading an import file (CSV or XLSX) and storing its rows as reports of the
// board and month, marked as imported. Rows for a board and month that already
// have a report are rejected, never overwritten.
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import type { Db } from "./client.js";
import { getBloc } from "./bloc.js";
import { ensurePeriod } from "./periods.js";
import { activeIndicators, submitReport } from "./reports.js";
import { checkHeader, parseImportRow, type ImportRow, type RowProblem } from "../domain/import-rows.js";
import { reportablePeriod } from "../domain/schedule.js";

const MAX_ROWS = 20_000;

export async function readImportFile(bytes: Uint8Array, kind: "csv" | "xlsx"): Promise<{ columns: string[]; rows: ImportRow[] }> {
  let table: string[][];
  if (kind === "csv") {
    const text = Buffer.from(bytes).toString("utf8").replace(/^\uFEFF/, "");
    const firstLine = text.split(/\r?\n/, 1)[0] ?? "";
    // Vietnamese Excel writes ";" between columns, because "," is the decimal mark.
    const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ";" : ",";
    table = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: true, to_line: MAX_ROWS + 1 }) as string[][];
  } else {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    table = [];
    sheet?.eachRow({ includeEmpty: false }, (row) => {
      if (table.length > MAX_ROWS) return;
      const cells = (row.values as unknown[]).slice(1).map(cellText);
      table.push(cells);
    });
  }
  const [header = [], ...body] = table;
  const columns = header.map((h) => h.trim().toLowerCase());
  const rows = body.map((cells, i) => ({ row: i + 2, cells: Object.fromEntries(columns.map((c, j) => [c, cells[j] ?? ""])) }));
  return { columns, rows };
}

/**
 * A spreadsheet cell as the text a person would have typed. Numbers are written
 * without grouping and with "," as the decimal mark only when they have a
 * fraction, never in a form the parser could read as thousands ("12.345" →
 * "12,345" would be ambiguous, so up to 6 decimals are written and trailing
 * zeros kept off except one: "12,3450" is unambiguous). Dates become YYYY-MM.
 */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (v instanceof Date) return `${v.getUTCFullYear()}-${String(v.getUTCMonth() + 1).padStart(2, "0")}`;
  if (typeof v === "number") {
    if (Number.isInteger(v)) return String(v);
    const fixed = v.toFixed(6).replace(/0+$/, "");
    const [int, frac = ""] = fixed.split(".");
    // Exactly three decimals would read as a thousands group: pad to four.
    return `${int},${frac.length === 3 ? `${frac}0` : frac}`;
  }
  if (typeof v === "object" && "result" in (v as object)) return cellText((v as { result: unknown }).result);
  if (typeof v === "object" && "text" in (v as object)) return String((v as { text: unknown }).text);
  return String(v);
}

export type ImportResult = { imported: number; rejected: RowProblem[] };

export async function importFigures(db: Db, file: { columns: string[]; rows: ImportRow[] }, personId: number | null, now: Date, zone: string): Promise<ImportResult> {
  const indicators = await activeIndicators(db);
  const header = checkHeader(file.columns, indicators);
  if (header.length) return { imported: 0, rejected: header };
  const bloc = await getBloc(db);
  const boards = await db.board.findMany();
  const byCode = new Map(boards.map((b) => [b.code.toLowerCase(), b]));
  const latest = reportablePeriod(now, bloc!.schedule, zone);
  const rejected: RowProblem[] = [];
  let imported = 0;
  const seen = new Set<string>();
  for (const r of file.rows) {
    const p = parseImportRow(r, indicators, new Set(byCode.keys()), latest);
    if (!p.ok) {
      rejected.push(p.problem);
      continue;
    }
    const board = byCode.get(p.row.board.toLowerCase())!;
    const dup = `${board.id}:${p.row.period.year}-${p.row.period.month}`;
    if (seen.has(dup)) {
      rejected.push({ row: r.row, key: "import-duplicate-row" });
      continue;
    }
    seen.add(dup);
    const period = await ensurePeriod(db, p.row.period, bloc!.schedule, zone);
    const result = await submitReport(db, {
      boardId: board.id, periodId: period.id, personId: personId ?? null, values: p.row.values, indicators, at: now,
      deadlineAt: new Date(8.64e15), baseVersion: 0, reason: "import", source: "import",
    });
    if (result.ok) imported++;
    else rejected.push({ row: r.row, key: "import-exists", vars: { board: board.code, period: `${p.row.period.year}-${String(p.row.period.month).padStart(2, "0")}` } });
  }
  return { imported, rejected };
}
