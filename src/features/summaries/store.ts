// What a summary needs from the database, aggregated in SQL: for each board and
// indicator the sum of its months and its latest month's value, for the range
// and the same months a year before; the sums by month; who reported. A year
// over 600 boards and 15 indicators is about 216.000 values: SQLite adds them up
// where they are (in the indicator's integer unit, as features/summaries/rules.ts's rules
// say), and JavaScript receives a few thousand rows.
//
// Index-friendly: the periods are looked up by (year, month), the reports by
// (boardId, periodId), the values by the covering index (reportId, indicatorId,
// value). Boards are taken BOARDS_PER_STATEMENT at a time, the event loop running
// between two statements, so no statement holds it for long.
import { DateTime } from "luxon";
import type { Db } from "../../shared/db/client.js";
import { yieldToLoop } from "../../shared/db/busy.js";
import { shiftPeriod, type PeriodKey } from "../../shared/bloc/schedule.js";
import { previousYear, type BoardRef, type RangeFigure, type SummaryFigures, type SummaryRange } from "./rules.js";
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

// A month's value in the indicator's integer unit (scaleOf: × 10^decimals, at
// most 6), rounded as JavaScript's Math.round rounds (floor(x + 0.5)): the same
// integers features/summaries/rules.ts's figuresOf builds from single values. Active
// indicators only, as in the summary's list.
const SCALED = `floor(v."value" * pow(10, min(ind."decimals", 6)) + 0.5)`;
const VALUES = `"Report" r JOIN "Period" p ON p."id" = r."periodId" JOIN "ReportValue" v ON v."reportId" = r."id" JOIN "Indicator" ind ON ind."id" = v."indicatorId" AND ind."active" = 1`;

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

  const empty = (): RangeFigure[] => indicators.map(() => ({ sum: null, latest: null }));
  const byBoard = new Map(boards.map((b) => [b.id, { current: empty(), previous: empty() }]));
  const monthSums = new Map<number, (number | null)[]>(); // by month key
  const addToMonth = (month: number, k: number, sum: number) => {
    let row = monthSums.get(month);
    if (!row) monthSums.set(month, (row = indicators.map(() => null)));
    row[k] = (row[k] ?? 0) + sum;
  };

  const ids = boards.map((b) => b.id);
  for (let i = 0; i < ids.length; i += BOARDS_PER_STATEMENT) {
    const chunk = json(ids.slice(i, i + BOARDS_PER_STATEMENT));
    for (const r of boardFigures(sql, json(current), json(previous), chunk)) {
      const k = indicatorIndex.get(r.i);
      if (k !== undefined) byBoard.get(r.b)![r.previous ? "previous" : "current"][k] = { sum: r.sum, latest: r.latest };
    }
    await yieldToLoop();
    for (const r of monthFigures(sql, json([...current, ...previous]), chunk)) {
      const k = indicatorIndex.get(r.i);
      if (k !== undefined) addToMonth(monthOf.get(r.pid)!, k, r.sum);
    }
    await yieldToLoop();
  }
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

/**
 * Per board (of `boards`), indicator and side (the range, or the same months a
 * year before): the sum of the scaled monthly values and the scaled value of the
 * latest month (SQLite takes a bare column from the row where max() is found).
 */
function boardFigures(sql: Sql, current: string, previous: string, boards: string) {
  return sql.all<{ b: number; i: number; previous: number; sum: number; latest: number }>(
    `SELECT r."boardId" AS b, v."indicatorId" AS i, r."periodId" IN (SELECT "value" FROM json_each(?)) AS previous,
            sum(${SCALED}) AS sum, max(p."year" * 12 + p."month") AS m, ${SCALED} AS latest
     FROM ${VALUES}
     WHERE (r."periodId" IN (SELECT "value" FROM json_each(?)) OR r."periodId" IN (SELECT "value" FROM json_each(?))) AND r."boardId" IN (SELECT "value" FROM json_each(?))
     GROUP BY r."boardId", v."indicatorId", previous`,
    previous, current, previous, boards,
  );
}

/** Per period and indicator: the sum of the scaled values of some boards. */
function monthFigures(sql: Sql, periods: string, boards: string) {
  return sql.all<{ pid: number; i: number; sum: number }>(
    `SELECT r."periodId" AS pid, v."indicatorId" AS i, sum(${SCALED}) AS sum
     FROM ${VALUES}
     WHERE r."periodId" IN (SELECT "value" FROM json_each(?)) AND r."boardId" IN (SELECT "value" FROM json_each(?))
     GROUP BY r."periodId", v."indicatorId"`,
    periods, boards,
  );
}

/** The write that marks a period's summary posted to the group, committed with the group post's mark. */
export function markSummaryPosted(db: Db, periodId: number, at: Date) {
  return db.period.update({ where: { id: periodId }, data: { summaryPostedAt: at } });
}
