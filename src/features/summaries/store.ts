// What a summary needs from the database: for each board and indicator the sum
// of its months and its latest month's value, for the range and the same months a
// year before; the sums by month; who reported.
//
// The values are read once, BOARDS_PER_STATEMENT boards at a time, in one row of
// four JSON arrays (board, period, indicator, value; SQLite writes a REAL with 17
// significant digits, which JSON.parse reads back to the very same double), and
// added up here in the indicator's integer unit (scaledValue: the rounding of
// features/summaries/rules.ts, which figuresOf, the reference, uses too). Why not
// in SQL: a GROUP BY sorted every value twice (by board, and by month) and called
// floor/pow/min on each, and a row handed to JavaScript costs ~0.3 µs where a value
// in a JSON array costs tens of ns. A year over 60 boards and 15 indicators (21.600
// values, the bench's section 3): ~27 ms of CPU before, ~9 now (bench/reading.md).
//
// Index-friendly: the periods are looked up by (year, month), the reports by
// (boardId, periodId), the values by the covering index (reportId, indicatorId,
// value). The event loop turns between two statements; one (25 boards × 24 months
// × 15 indicators, 9.000 values) takes ~3 ms, so none holds it for long.
import { DateTime } from "luxon";
import type { Db } from "../../shared/db/client.js";
import { yieldToLoop } from "../../shared/db/busy.js";
import { shiftPeriod, type PeriodKey } from "../../shared/bloc/schedule.js";
import { previousYear, scaleOf, scaledValue, type BoardRef, type RangeFigure, type SummaryFigures, type SummaryRange } from "./rules.js";
import { activeIndicators } from "../../shared/bloc/store.js";
import { sqlOf, type Sql } from "../../shared/db/sql.js";
import { storedEnum } from "../../shared/db/stored.js";
import { BoardStatus } from "../../generated/prisma/enums.js";

const BOARDS_PER_STATEMENT = 25;

/** A board retired during a month still owes that month's figures only if it left after it ended: the month before. */
function lastMemberMonth(retiredAt: Date, zone: string) {
  const local = DateTime.fromJSDate(retiredAt, { zone });
  return shiftPeriod({ year: local.year, month: local.month }, -1);
}

const key = (k: PeriodKey) => k.year * 12 + k.month;
const json = (xs: unknown) => JSON.stringify(xs);

export async function loadSummaryFigures(db: Db, range: SummaryRange, zone = "Asia/Ho_Chi_Minh"): Promise<SummaryFigures> {
  const sql = await sqlOf(db);
  const indicators = await activeIndicators(db);
  const previousRange = previousYear(range);
  const indicatorIndex = new Map(indicators.map((ind, k) => [ind.id, k]));

  // Period ids of both ranges, by (year, month).
  const years = [...range.months, ...previousRange.months].map((m) => m.year);
  const periods = sql.all<{ id: number; year: number; month: number }>(
    `SELECT "id", "year", "month" FROM "Period" WHERE "year" BETWEEN ? AND ?`, Math.min(...years), Math.max(...years),
  );
  const periodOf = new Map(periods.map((p) => [key(p), p.id]));
  const idsOf = (months: PeriodKey[]) => months.map((m) => periodOf.get(key(m))).filter((id): id is number => id !== undefined);
  const current = idsOf(range.months);
  const previous = idsOf(previousRange.months);
  const monthOf = new Map(periods.map((p) => [p.id, key(p)]));

  // Boards: the active ones that owe some month of the range (not added after
  // it), and any other that has figures in either year (a board merged or retired
  // since still counts for the months it reported).
  const boardRows = sql
    .all<{ id: number; code: string; shortName: string; name: string; status: unknown; retiredAt: string | null; firstYear: number | null; firstMonth: number | null }>(
      `SELECT "id", "code", "shortName", "name", "status", "retiredAt", "firstYear", "firstMonth" FROM "Board" ORDER BY "sortOrder", "id"`,
    )
    .map((b) => ({ ...b, status: storedEnum(BoardStatus, b.status, { table: "Board", column: "status", row: b.id }) }));
  const gone = boardRows.filter((b) => b.status !== "active").map((b) => b.id);
  const goneWithData = new Set(
    sql.all<{ boardId: number }>(
      `SELECT DISTINCT r."boardId" AS boardId FROM "Report" r
       WHERE r."boardId" IN (SELECT "value" FROM json_each(?)) AND r."periodId" IN (SELECT "value" FROM json_each(?))
         AND EXISTS (SELECT 1 FROM "ReportValue" v WHERE v."reportId" = r."id")`,
      json(gone), json([...current, ...previous]),
    ).map((r) => r.boardId),
  );
  // A board whose first period comes after the range (added later) has nothing to show or owe in it.
  const lastOfRange = Math.max(...range.months.map(key));
  const owesInRange = (b: { firstYear: number | null; firstMonth: number | null }) => b.firstYear === null || key({ year: b.firstYear, month: b.firstMonth! }) <= lastOfRange;
  const boards: BoardRef[] = boardRows
    .filter((b) => (b.status === "active" && owesInRange(b)) || goneWithData.has(b.id))
    .map((b) => ({
      id: b.id, code: b.code, shortName: b.shortName, name: b.name,
      lastMonth: b.status !== "active" && b.retiredAt ? lastMemberMonth(new Date(b.retiredAt), zone) : null,
      firstMonth: b.firstYear !== null && b.firstMonth !== null ? { year: b.firstYear, month: b.firstMonth } : null,
    }));

  // Per board and side, per indicator: the sum of the scaled values and the
  // scaled value of the latest month with one (latestAt: its month key).
  type Side = { sum: (number | null)[]; latest: (number | null)[]; latestAt: number[] };
  const side = (): Side => ({ sum: indicators.map(() => null), latest: indicators.map(() => null), latestAt: indicators.map(() => -1) });
  const sides = new Map(boards.map((b) => [b.id, { current: side(), previous: side() }]));
  const monthSums = new Map<number, (number | null)[]>(); // by month key
  const scales = indicators.map(scaleOf);
  const previousIds = new Set(previous);
  const periodIds = json([...current, ...previous]);

  /** Adds one report's values to its board's figures and its month's sums. */
  const add = (boardId: number, periodId: number, rows: ReportValues, from: number, to: number) => {
    const month = monthOf.get(periodId)!;
    const figures = sides.get(boardId)![previousIds.has(periodId) ? "previous" : "current"];
    let sums = monthSums.get(month);
    if (!sums) monthSums.set(month, (sums = indicators.map(() => null)));
    for (let j = from; j < to; j++) {
      const k = indicatorIndex.get(rows.indicator[j]!);
      if (k === undefined) continue; // an inactive indicator
      const v = scaledValue(rows.value[j]!, scales[k]!);
      figures.sum[k] = (figures.sum[k] ?? 0) + v;
      if (month > figures.latestAt[k]!) {
        figures.latest[k] = v;
        figures.latestAt[k] = month;
      }
      sums[k] = (sums[k] ?? 0) + v;
    }
  };
  const ids = boards.map((b) => b.id);
  for (let i = 0; i < ids.length; i += BOARDS_PER_STATEMENT) {
    const rows = reportValues(sql, periodIds, json(ids.slice(i, i + BOARDS_PER_STATEMENT)));
    // A report's values come together; were they not, each value would still be added once to the right figure.
    for (let from = 0, j = 1; j <= rows.board.length; j++) {
      if (j === rows.board.length || rows.board[j] !== rows.board[from] || rows.period[j] !== rows.period[from]) {
        add(rows.board[from]!, rows.period[from]!, rows, from, j);
        from = j;
      }
    }
    await yieldToLoop();
  }
  const asFigures = (s: Side): RangeFigure[] => indicators.map((_, k) => ({ sum: s.sum[k] ?? null, latest: s.latest[k] ?? null }));
  const byBoard = new Map([...sides].map(([id, s]) => [id, { current: asFigures(s.current), previous: asFigures(s.previous) }]));
  const none = indicators.map(() => null);
  const byMonth = range.months.map((m, i) => ({ current: monthSums.get(key(m)) ?? none, previous: monthSums.get(key(previousRange.months[i]!)) ?? none }));

  // Who reported in the range: one row per report, counted here (a few thousand at most).
  const inList = new Set(boards.map((b) => b.id));
  const reports = sql.all<{ boardId: number; periodId: number; late: number }>(
    `SELECT "boardId", "periodId", "late" FROM "Report" WHERE "periodId" IN (SELECT "value" FROM json_each(?))`, json(current),
  ).filter((r) => inList.has(r.boardId));
  const reported = new Map<number, { months: number; late: number }>();
  for (const r of reports) {
    const x = reported.get(r.boardId) ?? { months: 0, late: 0 };
    x.months++; // one report per board and period: a month
    if (r.late) x.late++;
    reported.set(r.boardId, x);
  }
  const boardsReported = range.months.map((m) => {
    const pid = periodOf.get(key(m));
    return pid === undefined ? 0 : reports.filter((r) => r.periodId === pid).length;
  });
  return { range, indicators, boards, byBoard, byMonth, reported, boardsReported };
}

/** Values of reports, one per index: the report's board and period, the indicator, the value. */
type ReportValues = { board: number[]; period: number[]; indicator: number[]; value: number[] };

/**
 * Every value of the reports of some boards (a JSON array of ids) in some
 * periods (likewise), in one row: four JSON arrays in the same order. A REAL is
 * written with 17 significant digits ("%!0.17g"), which JSON.parse reads back to
 * the same double (tests/features/summaries/summary-values.test.ts).
 */
function reportValues(sql: Sql, periods: string, boards: string): ReportValues {
  const row = sql.get<{ b: string; p: string; i: string; v: string }>(
    `SELECT json_group_array(r."boardId") AS b, json_group_array(r."periodId") AS p, json_group_array(v."indicatorId") AS i, json_group_array(v."value") AS v
     FROM "Report" r JOIN "ReportValue" v ON v."reportId" = r."id"
     WHERE r."periodId" IN (SELECT "value" FROM json_each(?)) AND r."boardId" IN (SELECT "value" FROM json_each(?))`,
    periods, boards,
  )!;
  return { board: JSON.parse(row.b) as number[], period: JSON.parse(row.p) as number[], indicator: JSON.parse(row.i) as number[], value: JSON.parse(row.v) as number[] };
}

/** The write that marks a period's summary posted to the group, committed with the group post's mark. */
export function markSummaryPosted(db: Db, periodId: number, at: Date) {
  return db.period.update({ where: { id: periodId }, data: { summaryPostedAt: at } });
}
