// The bloc's history as people and other features ask for it: the officers (leader,
// deputy) and award proposals of each year, elected by a ballot or recorded with
// /record (a change proposed, confirmed by the admin who asked, undone by any
// admin), and the award kinds of the bloc file.
import type { Deps } from "../../shared/deps.js";
import { findBoardByCode, listBoards } from "../../shared/bloc/store.js";
import {
  applyChange, awardKinds as storedAwardKinds, cancelChange, getChange, officersOf as storedOfficersOf, proposeChange, recentOfficers as storedRecentOfficers,
  undoChange, yearRecords as storedYearRecords, type ApplyResult, type ChangeView, type ProposeResult, type UndoResult, type YearRecord,
} from "./store.js";
import type { HistorySlot } from "./rules.js";

export type { ChangeView, YearRecord } from "./store.js";
export type AwardKind = Awaited<ReturnType<typeof storedAwardKinds>>[number];

/** The award kinds of the bloc file, in its order; `activeOnly`: those the file still names. */
export function awardKinds(deps: Pick<Deps, "db">, opts: { activeOnly?: boolean } = {}): Promise<AwardKind[]> {
  return storedAwardKinds(deps.db, opts);
}

/** The officers of `year` (leader, deputy) with their board: [] when none is known. */
export function officersOf(deps: Pick<Deps, "db">, year: number) {
  return storedOfficersOf(deps.db, year);
}

/** The latest `limit` officers, newest year first. */
export function recentOfficers(deps: Pick<Deps, "db">, limit: number) {
  return storedRecentOfficers(deps.db, limit);
}

/** The board that leads the bloc in `year`, if one was elected or recorded. */
export async function leaderOf(deps: Pick<Deps, "db">, year: number): Promise<number | null> {
  return (await storedOfficersOf(deps.db, year)).find((o) => o.role === "leader")?.boardId ?? null;
}

/** The years with a record (newest first, at most `limit`), or exactly `years` (a year with nothing has an empty record). */
export function yearRecords(deps: Pick<Deps, "db">, opts: { years?: number[]; limit?: number }): Promise<YearRecord[]> {
  return storedYearRecords(deps.db, opts);
}

/** Board id → short name, every board (retired and merged ones too: history names them). */
export async function historyBoardNames(deps: Pick<Deps, "db">): Promise<Map<number, string>> {
  return new Map((await listBoards(deps.db)).map((b) => [b.id, b.shortName]));
}

export type ProposeRecordResult = ProposeResult | { ok: false; reason: "unknown_boards"; codes: string[] };

/**
 * /record YEAR SLOT CODES…: a change of what is recorded, shown for confirmation
 * (nothing changes until confirmRecord). Refused when a code names no board, when
 * nothing would change, or when one board would be both leader and deputy.
 */
export async function proposeRecord(deps: Pick<Deps, "db" | "clock">, input: { year: number; slot: HistorySlot; boardCodes: string[]; byPersonId: number | null }): Promise<ProposeRecordResult> {
  const boards = [];
  const unknown = [];
  for (const code of input.boardCodes) {
    const b = await findBoardByCode(deps.db, code);
    if (b) boards.push(b);
    else unknown.push(code);
  }
  if (unknown.length) return { ok: false, reason: "unknown_boards", codes: unknown };
  return proposeChange(deps.db, { year: input.year, slot: input.slot, after: boards.map((b) => b.id), byPersonId: input.byPersonId, now: deps.clock.now() });
}

/** A proposed (or applied) change, for its buttons: null when there is none with this id. */
export function recordChange(deps: Pick<Deps, "db">, id: number): Promise<ChangeView | null> {
  return getChange(deps.db, id);
}

/** The proposer confirms: the change is applied (with an audit row), unless the record moved meanwhile. */
export function confirmRecord(deps: Pick<Deps, "db" | "clock">, id: number, byPersonId: number | null): Promise<ApplyResult> {
  return applyChange(deps.db, id, byPersonId, deps.clock.now());
}

/** The proposer turns it down: false when it was no longer pending. */
export function cancelRecord(deps: Pick<Deps, "db" | "clock">, id: number): Promise<boolean> {
  return cancelChange(deps.db, id, deps.clock.now());
}

/** Any admin undoes an applied change, unless something was recorded over it since. */
export function undoRecord(deps: Pick<Deps, "db" | "clock">, id: number, byPersonId: number | null): Promise<UndoResult> {
  return undoChange(deps.db, id, byPersonId, deps.clock.now());
}
