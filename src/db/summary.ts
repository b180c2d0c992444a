// What a summary needs from the database: boards, indicators, monthly values
// and submissions of a range and of the same range a year before. One direct
// statement per table: a year over 60 boards and 15 indicators is about 20.000 values.
import { DateTime } from "luxon";
import type { Db } from "./client.js";
import { shiftPeriod } from "../domain/schedule.js";
import type { BoardRef, MonthlyValue, Submission, SummaryRange } from "../domain/summary.js";
import { previousYear } from "../domain/summary.js";
import { activeIndicators } from "./reports.js";
import { sqlOf } from "./sql.js";

function span(range: SummaryRange): [number, number] {
  const idx = range.months.map((m) => m.year * 12 + m.month);
  return [Math.min(...idx), Math.max(...idx)];
}

/** A board retired during a month still owes that month's figures only if it left after it ended: the month before. */
function lastMemberMonth(retiredAt: Date, zone: string) {
  const local = DateTime.fromJSDate(retiredAt, { zone });
  return shiftPeriod({ year: local.year, month: local.month }, -1);
}

export async function loadSummaryInput(db: Db, range: SummaryRange, zone = "Asia/Ho_Chi_Minh") {
  const [a0, a1] = span(range);
  const [b0, b1] = span(previousYear(range));
  const sql = await sqlOf(db);
  // One row per report with its values as JSON, built inside SQLite (handing
  // 20.000 single values to JavaScript costs several times more), read from the
  // covering index on ReportValue without visiting the table.
  const reports = sql.all<{ boardId: number; year: number; month: number; vals: string }>(
    `SELECT r."boardId" AS boardId, p."year" AS year, p."month" AS month,
            (SELECT json_group_object(v."indicatorId", v."value") FROM "ReportValue" v WHERE v."reportId" = r."id") AS vals
     FROM "Report" r JOIN "Period" p ON p."id" = r."periodId"
     WHERE (p."year" * 12 + p."month" BETWEEN ? AND ?) OR (p."year" * 12 + p."month" BETWEEN ? AND ?)`,
    a0, a1, b0, b1,
  );
  const indicators = await activeIndicators(db);
  const allIndicators = new Map(sql.all<{ id: number; code: string }>(`SELECT "id", "code" FROM "Indicator"`).map((i) => [String(i.id), i.code]));
  const values: MonthlyValue[] = [];
  for (const r of reports) {
    const vals = JSON.parse(r.vals) as Record<string, number>;
    for (const [id, value] of Object.entries(vals)) {
      const indicator = allIndicators.get(id);
      if (indicator) values.push({ boardId: r.boardId, year: r.year, month: r.month, indicator, value });
    }
  }
  const submissions = sql.all<{ boardId: number; year: number; month: number; late: number }>(
    `SELECT r."boardId" AS boardId, p."year" AS year, p."month" AS month, r."late" AS late
     FROM "Report" r JOIN "Period" p ON p."id" = r."periodId"
     WHERE p."year" * 12 + p."month" BETWEEN ? AND ?`,
    a0, a1,
  );
  // Boards: the active ones, and any other that has figures in the range (a board
  // merged or retired since still counts for the months it reported).
  const withData = new Set(values.map((v) => v.boardId));
  const boardRows = sql.all<{ id: number; code: string; shortName: string; name: string; status: string; retiredAt: string | null }>(
    `SELECT "id", "code", "shortName", "name", "status", "retiredAt" FROM "Board" ORDER BY "sortOrder", "id"`,
  );
  const boards: BoardRef[] = boardRows
    .filter((b) => b.status === "active" || withData.has(b.id))
    .map((b) => ({ id: b.id, code: b.code, shortName: b.shortName, name: b.name, lastMonth: b.status !== "active" && b.retiredAt ? lastMemberMonth(new Date(b.retiredAt), zone) : null }));
  return {
    range,
    boards,
    indicators,
    values,
    submissions: submissions.map((s): Submission => ({ boardId: s.boardId, year: s.year, month: s.month, late: Boolean(s.late) })),
  };
}
