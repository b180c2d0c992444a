// Boards: listing, adding, renaming, retiring and merging, each change kept as a BoardEvent.
import type { Db } from "./client.js";

export type Board = { id: number; code: string; name: string; nameEn: string | null; shortName: string; status: string; mergedIntoId: number | null };

const select = { id: true, code: true, name: true, nameEn: true, shortName: true, status: true, mergedIntoId: true } as const;

export async function listBoards(db: Db, opts: { activeOnly?: boolean } = {}): Promise<Board[]> {
  return db.board.findMany({ where: opts.activeOnly ? { status: "active" } : {}, orderBy: [{ sortOrder: "asc" }, { id: "asc" }], select });
}

export async function findBoardByCode(db: Db, code: string): Promise<Board | null> {
  const all = await db.board.findMany({ select });
  return all.find((b) => b.code.toLowerCase() === code.trim().toLowerCase()) ?? null;
}

export async function getBoard(db: Db, id: number): Promise<Board | null> {
  return db.board.findUnique({ where: { id }, select });
}

export type BoardChange = { ok: true; board: Board } | { ok: false; reason: "exists" | "not_found" | "not_active" | "same" };

export async function addBoard(db: Db, input: { code: string; name: string; shortName: string }, byPersonId: number | null): Promise<BoardChange> {
  if (await findBoardByCode(db, input.code)) return { ok: false, reason: "exists" };
  const max = await db.board.aggregate({ _max: { sortOrder: true } });
  const board = await db.board.create({
    data: { ...input, sortOrder: (max._max.sortOrder ?? 0) + 1, events: { create: { kind: "created", toValue: input.name, byPersonId } } },
    select,
  });
  return { ok: true, board };
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
  return { ok: true, board: updated, oldName: board.name };
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
  return { ok: true, board: updated };
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
  return { ok: true, board: updated };
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
