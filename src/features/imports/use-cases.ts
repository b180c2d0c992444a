// The import of earlier figures (the use case behind /import, and what the
// bench runs): a CSV or XLSX file read row by row as it streams (src/features/imports/sheets/),
// the header checked before any row is built, each row checked like a typed
// report (src/features/imports/rules/import-rows.ts), and the good rows stored as reports of the
// board and month, marked as imported, a batch at a time in one transaction.
// Rows for a board and month that already have a report are rejected, never
// overwritten (the database's unique key says so).
//
// The work goes in slices: after every SLICE_ROWS rows or SLICE_MS of work the
// batch is written and the event loop is given a turn, so others' updates are
// answered while a 20,000-row file is imported.
import type { Clock } from "../../shared/clock.js";
import type { Db } from "../../shared/db/client.js";
import { getBloc } from "../../shared/bloc/store.js";
import { ensurePeriod } from "../../shared/bloc/periods.js";
import { audit } from "../../shared/db/people.js";
import { activeIndicators } from "../../shared/bloc/store.js";
import { sqlDate, writeSql, type Sql } from "../../shared/db/sql.js";
import { parseImportRow, readHeader, type Header, type ParsedRow, type RowProblem, type SheetRow } from "./rules/import-rows.js";
import { newReference } from "../access/rules/invite-code.js";
import type { IndicatorDef } from "../reports/rules/reports.js";
import { periodLabel, reportablePeriod, type PeriodKey } from "../../shared/bloc/schedule.js";
import { isBlankRow } from "./rules/sheet-values.js";
import { csvSheet } from "./sheets/csv.js";
import { xlsxSheet } from "./sheets/xlsx.js";
import { DEFAULT_SHEET_LIMITS, SheetError, type Sheet, type SheetLimits } from "./sheets/sheet.js";

/** Rows between two turns given to the event loop (and the most written in one transaction). */
export const SLICE_ROWS = 50;
/** Milliseconds of work after which a slice ends early. */
export const SLICE_MS = 10;
/** Refused rows kept with their reason (the rest are counted). */
export const MAX_KEPT_PROBLEMS = 100;

export type ImportFile = { kind: "csv" | "xlsx"; bytes: Uint8Array; name?: string };

export type ImportProgress = {
  /** How much of the file has been read, 0 to 1. */
  fraction: number;
  /** Rows read so far (blank rows and the header left out). */
  rows: number;
  imported: number;
  rejected: number;
};

export type ImportOutcome = {
  imported: number;
  /** The first MAX_KEPT_PROBLEMS refused rows (or the header's problems), in order. */
  rejected: RowProblem[];
  rejectedCount: number;
  /** Rows read (blank rows and the header left out). */
  rows: number;
  /** Why the reading stopped before the end of the file; the rows before were imported. Null when it did not. */
  stopped: SheetError | null;
  /** Bytes an XLSX unpacked to (0 for CSV). */
  unpackedBytes: number;
  /** The text encoding a CSV was read in, "xlsx" for XLSX. */
  encoding: string;
  /** The latest period people report when the import ran: later ones are refused; the refusals' example periods are of it. */
  latest: PeriodKey;
};

export type ImportInput = {
  db: Db;
  clock: Clock;
  /** The bloc's time zone (which periods have ended). */
  zone: string;
  /** Who imports (audit and revisions); null for a script. */
  personId: number | null;
  file: ImportFile;
  limits?: SheetLimits;
  /** Called after each slice; must not throw (a progress message is a courtesy). */
  onProgress?: (p: ImportProgress) => void;
};

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Imports a file of figures. Never throws for what is in the file: problems
 * come back in the outcome (`rejected` for rows and the header, `stopped` for a
 * file that cannot be read further). Throws on database failures.
 */
export async function importFigures(input: ImportInput): Promise<ImportOutcome> {
  const { db, clock, zone, personId, file } = input;
  const limits = input.limits ?? DEFAULT_SHEET_LIMITS;
  const now = clock.now();
  const indicators = await activeIndicators(db);
  const bloc = (await getBloc(db))!;
  const boards = new Map((await db.board.findMany({ select: { id: true, code: true } })).map((b) => [b.code.toLowerCase(), b]));
  const boardCodes = new Set(boards.keys());
  const latest = reportablePeriod(now, bloc.schedule, zone);
  const sheet: Sheet = file.kind === "csv" ? csvSheet(file.bytes, limits) : xlsxSheet(file.bytes, limits);

  const out: ImportOutcome = { imported: 0, rejected: [], rejectedCount: 0, rows: 0, stopped: null, unpackedBytes: 0, encoding: "", latest };
  const reject = (p: RowProblem) => {
    out.rejectedCount++;
    if (out.rejected.length < MAX_KEPT_PROBLEMS) out.rejected.push(p);
  };
  const periods = new Map<string, number>();
  const seen = new Set<string>();
  let batch: ParsedRow[] = [];
  let header: Header | null = null;
  let sliceRows = 0;
  let sliceStart = performance.now();

  const endSlice = async () => {
    if (batch.length) {
      const rows = batch;
      batch = [];
      for (const r of rows) {
        const key = periodLabel(r.period);
        if (!periods.has(key)) periods.set(key, (await ensurePeriod(db, r.period, bloc.schedule, zone)).id);
      }
      const stored = await storeBatch(db, rows.map((r) => ({ row: r, boardId: boards.get(r.board.toLowerCase())!.id, periodId: periods.get(periodLabel(r.period))! })), indicators, personId, now);
      for (const [i, created] of stored.entries()) {
        const r = rows[i]!;
        if (created) out.imported++;
        else reject({ row: r.row, key: "import-exists", vars: { board: boards.get(r.board.toLowerCase())!.code, period: periodLabel(r.period) } });
      }
    }
    input.onProgress?.({ fraction: sheet.progress(), rows: out.rows, imported: out.imported, rejected: out.rejectedCount });
    await nextTurn();
    sliceRows = 0;
    sliceStart = performance.now();
  };

  try {
    for await (const r of sheet.rows) {
      if (isBlankRow(r.cells)) continue;
      if (!header) {
        const h = readHeader(r, indicators);
        if (!h.ok) {
          for (const p of h.problems) reject(p);
          break; // nothing more is read
        }
        header = h.header;
        continue;
      }
      out.rows++;
      takeRow(r, header);
      if (++sliceRows >= SLICE_ROWS || performance.now() - sliceStart >= SLICE_MS) await endSlice();
    }
  } catch (e) {
    if (!(e instanceof SheetError)) throw e;
    out.stopped = e;
  }
  await endSlice();
  if (!header && !out.stopped && out.rejectedCount === 0) reject({ row: 1, key: "import-no-header" });
  out.unpackedBytes = sheet.unpackedBytes();
  out.encoding = sheet.encoding();
  await audit(db, personId, "import", { file: file.name ?? null, imported: out.imported, rejected: out.rejectedCount, stopped: out.stopped?.problem ?? null }, clock.now());
  return out;

  function takeRow(r: SheetRow, h: Header) {
    const p = parseImportRow(r, h, indicators, boardCodes, latest, sheet.date1904());
    if (!p.ok) return reject(p.problem);
    const dup = `${p.row.board.toLowerCase()}:${periodLabel(p.row.period)}`;
    if (seen.has(dup)) return reject({ row: r.row, key: "import-duplicate-row" });
    seen.add(dup);
    batch.push(p.row);
  }
}

/**
 * Stores rows as reports (revision 1, source "import", never late) in one
 * transaction; for each row, whether it was created (false: the board already
 * had a report for the period, which stays as it was). Direct statements: a
 * hundred reports through Prisma took ~0.3 s, here a few milliseconds. A write
 * lock held by another process is waited for on timers (writeSql).
 */
async function storeBatch(
  db: Db, rows: { row: ParsedRow; boardId: number; periodId: number }[], indicators: IndicatorDef[], personId: number | null, at: Date,
): Promise<boolean[]> {
  return writeSql(db, (sql) => sql.transaction(() => rows.map((r) => insertReport(sql, r, indicators, personId, at))));
}

function insertReport(sql: Sql, r: { row: ParsedRow; boardId: number; periodId: number }, indicators: IndicatorDef[], personId: number | null, at: Date): boolean {
  const when = sqlDate(at);
  let report: { id: number } | undefined;
  for (let attempt = 0; ; attempt++) {
    try {
      report = sql.get<{ id: number }>(
        `INSERT INTO "Report" ("boardId", "periodId", "reference", "source", "submittedAt", "submittedById", "late", "version", "updatedAt")
         VALUES (?, ?, ?, 'import', ?, ?, 0, 1, ?) ON CONFLICT ("boardId", "periodId") DO NOTHING RETURNING "id"`,
        r.boardId, r.periodId, newReference("BC"), when, personId, when,
      );
      break;
    } catch (e) {
      // Two references alike (one in 10^12): draw another.
      if (attempt < 3 && (e as { code?: unknown }).code === "SQLITE_CONSTRAINT_UNIQUE" && String((e as Error).message).includes("reference")) continue;
      throw e;
    }
  }
  if (!report) return false;
  const revision = sql.get<{ id: number }>(
    `INSERT INTO "ReportRevision" ("reportId", "revision", "byPersonId", "at", "reason") VALUES (?, 1, ?, ?, 'import') RETURNING "id"`,
    report.id, personId, when,
  )!;
  for (const ind of indicators) {
    const value = r.row.values[ind.code];
    if (value === undefined) continue;
    sql.run(`INSERT INTO "ReportValue" ("reportId", "indicatorId", "value") VALUES (?, ?, ?)`, report.id, ind.id, value);
    sql.run(`INSERT INTO "ReportRevisionChange" ("revisionId", "indicatorId", "oldValue", "newValue") VALUES (?, ?, NULL, ?)`, revision.id, ind.id, value);
  }
  return true;
}
