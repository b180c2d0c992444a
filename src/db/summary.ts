// What a summary needs from the database: boards, indicators, monthly values
// and submissions of a range and of the same range a year before. One raw query
// per table: a year over 60 boards and 15 indicators is about 20.000 values.
import type { Db } from "./client.js";
import type { BoardRef, MonthlyValue, Submission, SummaryRange } from "../domain/summary.js";
import { previousYear } from "../domain/summary.js";
import { activeIndicators } from "./reports.js";

function span(range: SummaryRange): [number, number] {
  const idx = range.months.map((m) => m.year * 12 + m.month);
  return [Math.min(...idx), Math.max(...idx)];
}

export async function loadSummaryInput(db: Db, range: SummaryRange) {
  const [a0, a1] = span(range);
  const [b0, b1] = span(previousYear(range));
  const values = await db.$queryRaw<{ boardId: number; year: number; month: number; indicator: string; value: number }[]>`
    SELECT r."boardId" AS boardId, p."year" AS year, p."month" AS month, i."code" AS indicator, v."value" AS value
    FROM "ReportValue" v
    JOIN "Report" r ON r."id" = v."reportId"
    JOIN "Period" p ON p."id" = r."periodId"
    JOIN "Indicator" i ON i."id" = v."indicatorId"
    WHERE (p."year" * 12 + p."month" BETWEEN ${a0} AND ${a1}) OR (p."year" * 12 + p."month" BETWEEN ${b0} AND ${b1})`;
  const submissions = await db.$queryRaw<{ boardId: number; year: number; month: number; late: number | boolean }[]>`
    SELECT r."boardId" AS boardId, p."year" AS year, p."month" AS month, r."late" AS late
    FROM "Report" r JOIN "Period" p ON p."id" = r."periodId"
    WHERE p."year" * 12 + p."month" BETWEEN ${a0} AND ${a1}`;
  // Boards: the active ones, and any other that has figures in the range (a board
  // merged or retired since still counts for the months it reported).
  const withData = new Set(values.map((v) => Number(v.boardId)));
  const boardRows = await db.board.findMany({ orderBy: [{ sortOrder: "asc" }, { id: "asc" }] });
  const boards: BoardRef[] = boardRows
    .filter((b) => b.status === "active" || withData.has(b.id))
    .map((b) => ({ id: b.id, code: b.code, shortName: b.shortName, name: b.name }));
  return {
    range,
    boards,
    indicators: await activeIndicators(db),
    values: values.map((v): MonthlyValue => ({ boardId: Number(v.boardId), year: Number(v.year), month: Number(v.month), indicator: v.indicator, value: Number(v.value) })),
    submissions: submissions.map((s): Submission => ({ boardId: Number(s.boardId), year: Number(s.year), month: Number(s.month), late: Boolean(Number(s.late)) })),
  };
}
