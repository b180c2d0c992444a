// Boards' changes: adding, renaming, retiring and merging, each kept as a
// BoardEvent. Reading boards is shared by every feature: src/shared/bloc/store.ts.
import type { Db } from "../../../shared/db/client.js";
import type { PeriodKey } from "../../../shared/bloc/schedule.js";
import { boardSelect as select, findBoardByCode, toBoard, type Board } from "../../../shared/bloc/store.js";

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

