// The bloc's boards and its file, as admins change them: a board added (owing from a
// first period), renamed, retired, merged into another, each audited; the bloc file
// read again (/reload). Who may do it is checked by the handlers (admins only).
import type { Deps } from "../../shared/deps.js";
import { audit } from "../../shared/db/people.js";
import { getBloc, listBoards } from "../../shared/bloc/store.js";
import { settleCalendar } from "../../shared/bloc/periods.js";
import { readBlocFile } from "../../shared/bloc/bloc-file.js";
import { firstOwedPeriod, periodLabel, type PeriodKey } from "../../shared/bloc/schedule.js";
import { addBoard, mergeBoards, renameBoard, retireBoard, type BoardChange } from "./store/boards.js";
import { syncBlocFile, type SyncResult } from "./store/bloc.js";

/**
 * Adds a board owing reports from `firstPeriod`, or, without one, from the first
 * period whose deadline is ahead (shared/bloc/schedule.ts firstOwedPeriod). Audited as
 * `board.add`. Refused when the code exists ("exists").
 */
export async function addBoardNow(
  deps: Deps,
  input: { code: string; shortName: string; name: string; firstPeriod: PeriodKey | null },
  byPersonId: number | null,
): Promise<BoardChange & { owedFrom: PeriodKey }> {
  const { db, clock, config } = deps;
  const bloc = await getBloc(db);
  const owedFrom = input.firstPeriod ?? firstOwedPeriod(clock.now(), bloc!.schedule, config.timeZone);
  const r = await addBoard(db, { code: input.code, shortName: input.shortName, name: input.name, firstPeriod: owedFrom }, byPersonId);
  if (r.ok) await audit(db, byPersonId, "board.add", { code: input.code, firstPeriod: periodLabel(owedFrom) }, clock.now());
  return { ...r, owedFrom };
}

/** Renames a board (its full name), audited as `board.rename`. Refused: unknown code, same name. */
export async function renameBoardNow(deps: Deps, code: string, name: string, byPersonId: number | null) {
  const r = await renameBoard(deps.db, code, name, byPersonId);
  if (r.ok) await audit(deps.db, byPersonId, "board.rename", { code, from: r.oldName, to: name }, deps.clock.now());
  return r;
}

/** Retires a board (it owes nothing from now), audited as `board.retire`. Refused: unknown, not active. */
export async function retireBoardNow(deps: Deps, code: string, byPersonId: number | null): Promise<BoardChange> {
  const r = await retireBoard(deps.db, code, byPersonId, deps.clock.now());
  if (r.ok) await audit(deps.db, byPersonId, "board.retire", { code }, deps.clock.now());
  return r;
}

/** Merges board `from` into `into`, audited as `board.merge`. Refused: unknown, the same board, not active. */
export async function mergeBoardsNow(deps: Deps, from: string, into: string, byPersonId: number | null): Promise<BoardChange> {
  const r = await mergeBoards(deps.db, from, into, byPersonId, deps.clock.now());
  if (r.ok) await audit(deps.db, byPersonId, "board.merge", { from, into }, deps.clock.now());
  return r;
}

/** Every board (or only the active ones), in the bloc's order. */
export function boardsOfBloc(deps: Deps, opts?: { activeOnly?: boolean }) {
  return listBoards(deps.db, opts);
}

/**
 * Reads the bloc file (BLOC_FILE) again and brings the database in step; when it
 * changed, the boards' first periods are settled again. Throws the file's error (the
 * handler shows it).
 */
export async function reloadBlocFile(deps: Deps): Promise<SyncResult> {
  const { config, db, clock } = deps;
  const { file, source } = readBlocFile(config.blocFile);
  const r = await syncBlocFile(db, file, source, config.timeZone, clock.now());
  if (r.changed) await settleCalendar(db, config.timeZone, clock.now());
  return r;
}

/** Records who linked the group chat (`group.link`); the group feature keeps the link. */
export async function auditGroupLink(deps: Deps, byPersonId: number | null, chatId: number): Promise<void> {
  await audit(deps.db, byPersonId, "group.link", { chatId }, deps.clock.now());
}
