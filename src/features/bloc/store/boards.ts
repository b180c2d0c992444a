// Boards: listing, adding, renaming, retiring and merging, each change kept as a
// BoardEvent; and each board's first period (what it owes starts there).
import type { Database } from "better-sqlite3";
import type { Db } from "../../../shared/db/client.js";
import { comparePeriods, firstOwedPeriod, type PeriodKey, type Schedule } from "../../../shared/bloc/schedule.js";
import { sqlOf } from "../../../shared/db/sql.js";

export type Board = {
  id: number; code: string; name: string; nameEn: string | null; shortName: string; status: string; mergedIntoId: number | null;
  /** The first period the board owes (null only before backfillFirstPeriods ran on a database from before). */
  firstPeriod: PeriodKey | null;
};

const select = { id: true, code: true, name: true, nameEn: true, shortName: true, status: true, mergedIntoId: true, firstYear: true, firstMonth: true } as const;

type BoardRow = { id: number; code: string; name: string; nameEn: string | null; shortName: string; status: string; mergedIntoId: number | null; firstYear: number | null; firstMonth: number | null };

function toBoard({ firstYear, firstMonth, ...b }: BoardRow): Board {
  return { ...b, firstPeriod: firstYear !== null && firstMonth !== null ? { year: firstYear, month: firstMonth } : null };
}

/** Does a board owe figures for a period: not before its first period (a board without one owes all). */
export function owes(board: { firstPeriod: PeriodKey | null }, period: PeriodKey): boolean {
  return !board.firstPeriod || comparePeriods(period, board.firstPeriod) >= 0;
}

/**
 * The Prisma filter of boards that owe a period (first period unset, or not
 * after it): for queries that list who owes what.
 */
export function owingWhere(period: PeriodKey) {
  return {
    OR: [
      { firstYear: null },
      { firstYear: { lt: period.year } },
      { firstYear: period.year, firstMonth: { lte: period.month } },
    ],
  };
}

/**
 * Makes sure the trigger that keeps first periods true exists (run on every
 * connection: Prisma does not model triggers, and a migration
 * that rebuilds Report or Board would drop it without a word). Figures stored for
 * a period before a board's first period (an import of history, a report by
 * any path) make that period its first, in the statement that stores them.
 */
export function ensureFirstPeriodTrigger(sqlite: Database): void {
  const columns = sqlite.prepare(`SELECT "name" FROM pragma_table_info('Board')`).all() as { name: string }[];
  if (!columns.some((c) => c.name === "firstYear")) return; // not migrated yet
  sqlite.exec(
    `CREATE TRIGGER IF NOT EXISTS "Board_first_period_report" AFTER INSERT ON "Report"
     BEGIN
       UPDATE "Board" SET
         "firstYear" = (SELECT "year" FROM "Period" WHERE "id" = NEW."periodId"),
         "firstMonth" = (SELECT "month" FROM "Period" WHERE "id" = NEW."periodId")
       WHERE "id" = NEW."boardId" AND "firstYear" IS NOT NULL
         AND "firstYear" * 12 + "firstMonth" > (SELECT "year" * 12 + "month" FROM "Period" WHERE "id" = NEW."periodId");
     END`,
  );
}

/**
 * Gives a first period to the boards of a database from before first periods
 * existed: the first period the bot owed when it began (firstOwedPeriod at the
 * bloc's creation, or at the board's if it was added later), or the board's
 * first report (chat or import) if that is earlier. Returns how many were set.
 */
export async function backfillFirstPeriods(db: Db, schedule: Schedule, zone: string): Promise<number> {
  const boards = await db.board.findMany({ where: { firstYear: null }, select: { id: true, createdAt: true } });
  if (!boards.length) return 0;
  const bloc = await db.bloc.findUnique({ where: { id: 1 }, select: { createdAt: true } });
  const earliest = new Map(
    (await sqlOf(db))
      .all<{ boardId: number; idx: number }>(
        `SELECT r."boardId" AS boardId, MIN(p."year" * 12 + p."month" - 1) AS idx FROM "Report" r JOIN "Period" p ON p."id" = r."periodId" GROUP BY r."boardId"`,
      )
      .map((r) => [r.boardId, { year: Math.floor(r.idx / 12), month: (r.idx % 12) + 1 }]),
  );
  await db.$transaction(
    boards.map((b) => {
      const began = new Date(Math.max(b.createdAt.getTime(), bloc?.createdAt.getTime() ?? 0));
      let first = firstOwedPeriod(began, schedule, zone);
      const reported = earliest.get(b.id);
      if (reported && comparePeriods(reported, first) < 0) first = reported;
      return db.board.update({ where: { id: b.id }, data: { firstYear: first.year, firstMonth: first.month } });
    }),
  );
  return boards.length;
}

export async function listBoards(db: Db, opts: { activeOnly?: boolean } = {}): Promise<Board[]> {
  return (await db.board.findMany({ where: opts.activeOnly ? { status: "active" } : {}, orderBy: [{ sortOrder: "asc" }, { id: "asc" }], select })).map(toBoard);
}

export async function findBoardByCode(db: Db, code: string): Promise<Board | null> {
  const all = await db.board.findMany({ select });
  const row = all.find((b) => b.code.toLowerCase() === code.trim().toLowerCase());
  return row ? toBoard(row) : null;
}

export async function getBoard(db: Db, id: number): Promise<Board | null> {
  const row = await db.board.findUnique({ where: { id }, select });
  return row ? toBoard(row) : null;
}

export type BoardChange = { ok: true; board: Board } | { ok: false; reason: "exists" | "not_found" | "not_active" | "same" };

/** Adds a board owing figures from `firstPeriod` on. */
export async function addBoard(db: Db, input: { code: string; name: string; shortName: string; firstPeriod: PeriodKey }, byPersonId: number | null): Promise<BoardChange> {
  if (await findBoardByCode(db, input.code)) return { ok: false, reason: "exists" };
  const { firstPeriod, ...fields } = input;
  const max = await db.board.aggregate({ _max: { sortOrder: true } });
  const board = await db.board.create({
    data: {
      ...fields, firstYear: firstPeriod.year, firstMonth: firstPeriod.month, sortOrder: (max._max.sortOrder ?? 0) + 1,
      events: { create: { kind: "created", toValue: input.name, byPersonId } },
    },
    select,
  });
  return { ok: true, board: toBoard(board) };
}

export async function renameBoard(db: Db, code: string, name: string, byPersonId: number | null): Promise<BoardChange & { oldName?: string }> {
  const board = await findBoardByCode(db, code);
  if (!board) return { ok: false, reason: "not_found" };
  if (board.name === name) return { ok: false, reason: "same" };
  const updated = await db.board.update({
    where: { id: board.id },
    data: { name, events: { create: { kind: "renamed", fromValue: board.name, toValue: name, byPersonId } } },
    select,
  });
  return { ok: true, board: toBoard(updated), oldName: board.name };
}

export async function retireBoard(db: Db, code: string, byPersonId: number | null, at: Date): Promise<BoardChange> {
  const board = await findBoardByCode(db, code);
  if (!board) return { ok: false, reason: "not_found" };
  if (board.status !== "active") return { ok: false, reason: "not_active" };
  const updated = await db.board.update({
    where: { id: board.id },
    data: { status: "retired", retiredAt: at, events: { create: { kind: "retired", fromValue: "active", toValue: "retired", byPersonId, at } } },
    select,
  });
  return { ok: true, board: toBoard(updated) };
}

/** Merges `fromCode` into `intoCode`: the old board keeps its reports and history, marked merged. */
export async function mergeBoards(db: Db, fromCode: string, intoCode: string, byPersonId: number | null, at: Date): Promise<BoardChange> {
  const [from, into] = await Promise.all([findBoardByCode(db, fromCode), findBoardByCode(db, intoCode)]);
  if (!from || !into) return { ok: false, reason: "not_found" };
  if (from.id === into.id) return { ok: false, reason: "same" };
  if (from.status !== "active" || into.status !== "active") return { ok: false, reason: "not_active" };
  const [updated] = await db.$transaction([
    db.board.update({
      where: { id: from.id },
      data: { status: "merged", mergedIntoId: into.id, retiredAt: at, events: { create: { kind: "merged", fromValue: from.code, toValue: into.code, byPersonId, at } } },
      select,
    }),
    db.boardEvent.create({ data: { boardId: into.id, kind: "absorbed", fromValue: from.code, toValue: into.code, byPersonId, at } }),
  ]);
  return { ok: true, board: toBoard(updated) };
}

/**
 * Every board's names as they were at `at`: today's, with each rename made
 * after `at` undone (the BoardEvent history), newest first.
 */
export async function boardNamesAt(db: Db, at: Date): Promise<Map<number, { name: string; shortName: string }>> {
  const [boards, renames] = await Promise.all([
    db.board.findMany({ select: { id: true, name: true, shortName: true } }),
    db.boardEvent.findMany({ where: { kind: "renamed", at: { gt: at } }, orderBy: [{ at: "desc" }, { id: "desc" }], select: { boardId: true, fromValue: true } }),
  ]);
  const names = new Map(boards.map((b) => [b.id, { name: b.name, shortName: b.shortName }]));
  for (const r of renames) {
    const b = names.get(r.boardId);
    if (b && r.fromValue) b.name = r.fromValue;
  }
  return names;
}
