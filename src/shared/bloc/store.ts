// The bloc's data every feature reads: the Bloc row (names, time zone, the linked
// group, the schedule, the bloc file's settings) and its boards (names, status,
// first period). Written by the bloc feature (the bloc file's sync, /addboard and
// the rest: src/features/bloc/store) and by /schedule (setSchedule, below).
import { z } from "zod";
import type { Db } from "../db/client.js";
import { sqlOf } from "../db/sql.js";
import { storedEnum, storedJson, storedJsonText } from "../db/stored.js";
import { IndicatorKind, IndicatorValueType, UnitCode as UnitCodes, type BoardStatus } from "../../generated/prisma/enums.js";
import type { UnitCode } from "./units.js";
import { comparePeriods, firstOwedPeriod, scheduleSchema, type PeriodKey, type Schedule } from "./schedule.js";

// --- the Bloc row ---------------------------------------------------------------

export type BlocInfo = {
  name: string;
  nameEn: string | null;
  timezone: string;
  groupChatId: number | null;
  groupTitle: string | null;
  schedule: Schedule;
  settings: StoredBlocSettings;
};

/**
 * Bloc.settingsJson: what the bloc file's sync writes (features/bloc/store/bloc.ts).
 * Keys it does not know are kept (a newer release may add some).
 */
export const storedBlocSettingsSchema = z.looseObject({
  /** SHA-256 (hex) of the bloc file last applied. */
  blocFileHash: z.string().optional(),
  contact: z.string().nullable().optional(),
  secretMinTurnout: z.number().int().optional(),
});
export type StoredBlocSettings = z.infer<typeof storedBlocSettingsSchema>;

const blocAt = (column: string) => ({ table: "Bloc", column, row: 1 });

export async function getBloc(db: Db): Promise<BlocInfo | null> {
  const row = await db.bloc.findUnique({ where: { id: 1 } });
  if (!row) return null;
  return {
    name: row.name,
    nameEn: row.nameEn,
    timezone: row.timezone,
    groupChatId: row.groupChatId === null ? null : Number(row.groupChatId),
    groupTitle: row.groupTitle,
    schedule: storedJson(scheduleSchema, row.scheduleJson, blocAt("scheduleJson")),
    settings: storedJson(storedBlocSettingsSchema, row.settingsJson, blocAt("settingsJson")),
  };
}

/** Settings the bloc file gives (kept in Bloc.settingsJson), with their defaults. */
export type BlocSettings = {
  /** Whom a person without a role should ask for an invitation; null when the file names nobody. */
  contact: string | null;
  /** The least number of boards that must vote for a secret ballot's result to be published. */
  secretMinTurnout: number;
};

export const DEFAULT_SECRET_MIN_TURNOUT = 3;

export function blocSettings(settings: StoredBlocSettings): BlocSettings {
  const min = settings.secretMinTurnout;
  return {
    contact: typeof settings.contact === "string" && settings.contact.trim() ? settings.contact : null,
    secretMinTurnout: typeof min === "number" && Number.isInteger(min) && min >= 2 ? min : DEFAULT_SECRET_MIN_TURNOUT,
  };
}

/** The last settings read by blocIntro, parsed: they change only when the bloc file is loaded. */
const introSettings = new WeakMap<Db, { json: unknown; contact: string | null }>();

/**
 * The bloc's names and whom to ask for an invitation (bloc file `contact`), for
 * the welcome of /start and /help: one direct read of three columns, the
 * settings parsed again only when they changed. Strangers are answered with it,
 * so it must stay cheap (issue 13: a Prisma query per stranger held the loop).
 */
export async function blocIntro(db: Db): Promise<{ name: string; nameEn: string | null; contact: string | null } | null> {
  const sql = await sqlOf(db);
  const row = sql.get<{ name: string; nameEn: string | null; settingsJson: unknown }>(`SELECT "name", "nameEn", "settingsJson" FROM "Bloc" WHERE "id" = 1`);
  if (!row) return null;
  let settings = introSettings.get(db);
  if (settings === undefined || settings.json !== row.settingsJson) {
    settings = { json: row.settingsJson, contact: blocSettings(storedJsonText(storedBlocSettingsSchema, row.settingsJson, blocAt("settingsJson"))).contact };
    introSettings.set(db, settings);
  }
  return { name: row.name, nameEn: row.nameEn, contact: settings.contact };
}

/** The bloc file's settings as last loaded (defaults before any load). */
export async function getBlocSettings(db: Db): Promise<BlocSettings> {
  const row = await db.bloc.findUnique({ where: { id: 1 }, select: { settingsJson: true } });
  return blocSettings(row ? storedJson(storedBlocSettingsSchema, row.settingsJson, blocAt("settingsJson")) : {});
}

export async function setSchedule(db: Db, schedule: Schedule): Promise<void> {
  await db.bloc.update({ where: { id: 1 }, data: { scheduleJson: schedule } });
}


// --- boards -------------------------------------------------------------------------

export type Board = {
  id: number; code: string; name: string; nameEn: string | null; shortName: string; status: BoardStatus; mergedIntoId: number | null;
  /** The first period the board owes (null only before backfillFirstPeriods ran on a database from before). */
  firstPeriod: PeriodKey | null;
  /** The board's place in the bloc's order: the bloc file's order, a board added by /addboard after them (listBoards sorts by it, then id). */
  sortOrder: number;
};

export const boardSelect = { id: true, code: true, name: true, nameEn: true, shortName: true, status: true, mergedIntoId: true, firstYear: true, firstMonth: true, sortOrder: true } as const;

type BoardRow = { id: number; code: string; name: string; nameEn: string | null; shortName: string; status: BoardStatus; mergedIntoId: number | null; firstYear: number | null; firstMonth: number | null; sortOrder: number };

export function toBoard({ firstYear, firstMonth, ...b }: BoardRow): Board {
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
  return (await db.board.findMany({ where: opts.activeOnly ? { status: "active" } : {}, orderBy: [{ sortOrder: "asc" }, { id: "asc" }], select: boardSelect })).map(toBoard);
}

export async function findBoardByCode(db: Db, code: string): Promise<Board | null> {
  const all = await db.board.findMany({ select: boardSelect });
  const row = all.find((b) => b.code.toLowerCase() === code.trim().toLowerCase());
  return row ? toBoard(row) : null;
}

export async function getBoard(db: Db, id: number): Promise<Board | null> {
  const row = await db.board.findUnique({ where: { id }, select: boardSelect });
  return row ? toBoard(row) : null;
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

// --- indicators ---------------------------------------------------------------------

/** An indicator as reports, imports and summaries see it (Indicator row; `aliases` parsed). */
export type IndicatorDef = {
  id: number;
  code: string;
  nameVi: string;
  nameEn: string;
  unit: UnitCode;
  kind: "flow" | "stock";
  valueType: "integer" | "decimal";
  decimals: number;
  min: number | null;
  max: number | null;
  aliases: string[];
};

/** The active indicators, in the bloc file's order. */
export async function activeIndicators(db: Db): Promise<IndicatorDef[]> {
  const rows = (await sqlOf(db)).all<{ id: number; code: string; nameVi: string; nameEn: string; unit: unknown; kind: unknown; valueType: unknown; decimals: number; min: number | null; max: number | null; aliases: unknown }>(
    `SELECT "id", "code", "nameVi", "nameEn", "unit", "kind", "valueType", "decimals", "min", "max", "aliases" FROM "Indicator" WHERE "active" = 1 ORDER BY "sortOrder", "id"`,
  );
  return rows.map((r) => {
    const at = (column: string) => ({ table: "Indicator", column, row: r.id });
    return {
      id: r.id, code: r.code, nameVi: r.nameVi, nameEn: r.nameEn, unit: storedEnum(UnitCodes, r.unit, at("unit")),
      kind: storedEnum(IndicatorKind, r.kind, at("kind")), valueType: storedEnum(IndicatorValueType, r.valueType, at("valueType")),
      decimals: r.decimals, min: r.min, max: r.max, aliases: storedJsonText(indicatorAliasesSchema, r.aliases, at("aliases")),
    };
  });
}

/** Indicator.aliases: the bloc file's extra names of the indicator (features/bloc/store/bloc.ts writes them). */
export const indicatorAliasesSchema = z.array(z.string());

// The indicator's units are listed twice: in UnitCode (units.ts, with each unit's
// dimension, scale and labels) and in the schema's UnitCode enum (the column's
// values). This fails to compile when the two lists differ.
type SameUnion<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const unitListsAgree: SameUnion<UnitCode, UnitCodes> = true;
void unitListsAgree;
