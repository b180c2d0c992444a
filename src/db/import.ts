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
      const cells = (row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? "" : typeof v === "object" && "result" in (v as object) ? String((v as { result: unknown }).result) : String(v)));
      table.push(cells);
    });
  }
  const [header = [], ...body] = table;
  const columns = header.map((h) => h.trim().toLowerCase());
  const rows = body.map((cells, i) => ({ row: i + 2, cells: Object.fromEntries(columns.map((c, j) => [c, cells[j] ?? ""])) }));
  return { columns, rows };
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
      boardId: board.id, periodId: period.id, personId: personId ?? 0, values: p.row.values, indicators, at: now,
      deadlineAt: new Date(8.64e15), baseVersion: 0, reason: "import", source: "import",
    });
    if (result.ok) imported++;
    else rejected.push({ row: r.row, key: "import-exists", vars: { board: board.code, period: `${p.row.period.year}-${String(p.row.period.month).padStart(2, "0")}` } });
  }
  return { imported, rejected };
}
