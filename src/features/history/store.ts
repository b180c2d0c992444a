// The bloc's officers (BlocOfficer) and award proposals (AwardProposal) by
// year, and the changes /record makes to them (RecordChange): proposed with the
// state they were computed from, applied with an audit row in one transaction,
// undone by a change that restores the state before. Ballots write the same
// tables when they close (features/ballots/store.ts finishClose).
import { isNotFound, isUniqueViolation, type Db } from "../../shared/db/client.js";
import type { Prisma } from "../../generated/prisma/client.js";
import type { RecordChangeStatus } from "../../generated/prisma/enums.js";
import { z } from "zod";
import { StoredValueError, storedJson } from "../../shared/db/stored.js";
import { parseSlotKey, sameBoards, slotKey, type HistorySlot, type OfficerRole } from "./rules.js";

export type BoardRef = { id: number; code: string; shortName: string; name: string };

/** RecordChange.beforeJson, afterJson: the slot's board ids. */
const boardIdsSchema = z.array(z.number().int());

/** The boards holding a slot in a year, in a stable order (officers: at most one). */
export async function slotBoards(db: Db, year: number, slot: HistorySlot): Promise<number[]> {
  if (slot.kind === "award") {
    const rows = await db.awardProposal.findMany({ where: { year, awardKindCode: slot.code }, orderBy: { id: "asc" }, select: { boardId: true } });
    return rows.map((r) => r.boardId);
  }
  const row = await db.blocOfficer.findUnique({ where: { year_role: { year, role: slot.kind } }, select: { boardId: true } });
  return row ? [row.boardId] : [];
}

/** The seq of the last applied /record change of a year's slot (0 when none). */
async function lastSeq(db: Db, year: number, key: string): Promise<number> {
  const r = await db.recordChange.aggregate({ where: { year, slot: key, seq: { not: null } }, _max: { seq: true } });
  return r._max.seq ?? 0;
}

export type ProposedChange = { id: number; year: number; slot: HistorySlot; before: number[]; after: number[] };
export type ProposeResult = { ok: true; change: ProposedChange } | { ok: false; reason: "unchanged" } | { ok: false; reason: "same_board"; role: OfficerRole; boardId: number };

/**
 * Stores a proposed change of a year's slot to `after` (board ids), computed
 * from the state now; nothing is changed until applyChange. Refused when it
 * changes nothing, or would make one board both leader and deputy of the year.
 */
export async function proposeChange(db: Db, input: { year: number; slot: HistorySlot; after: number[]; byPersonId: number | null; now: Date }): Promise<ProposeResult> {
  const { year, slot, after } = input;
  const before = await slotBoards(db, year, slot);
  if (sameBoards(before, after)) return { ok: false, reason: "unchanged" };
  const clash = await officerClash(db, year, slot, after);
  if (clash) return { ok: false, reason: "same_board", ...clash };
  const key = slotKey(slot);
  const row = await db.recordChange.create({
    data: {
      year, slot: key, beforeJson: before, afterJson: after,
      baseSeq: await lastSeq(db, year, key), byPersonId: input.byPersonId, createdAt: input.now,
    },
  });
  return { ok: true, change: { id: row.id, year, slot, before, after } };
}

/** The other officer of the year, when `after` would make it hold both roles. */
async function officerClash(db: Db, year: number, slot: HistorySlot, after: number[]): Promise<{ role: OfficerRole; boardId: number } | null> {
  if (slot.kind === "award" || after.length === 0) return null;
  const other: OfficerRole = slot.kind === "leader" ? "deputy" : "leader";
  const [held] = await slotBoards(db, year, { kind: other });
  return held !== undefined && held === after[0] ? { role: other, boardId: held } : null;
}

export type ChangeView = ProposedChange & { status: RecordChangeStatus; seq: number | null; undoOfId: number | null; byPersonId: number | null };

export async function getChange(db: Db, id: number): Promise<ChangeView | null> {
  const r = await db.recordChange.findUnique({ where: { id } });
  if (!r) return null;
  const at = (column: string) => ({ table: "RecordChange", column, row: r.id });
  const slot = parseSlotKey(r.slot);
  if (!slot) throw new StoredValueError(at("slot"), `${JSON.stringify(r.slot)} is not leader, deputy or award:<code>`);
  return {
    id: r.id, year: r.year, slot, status: r.status, seq: r.seq, undoOfId: r.undoOfId, byPersonId: r.byPersonId,
    before: storedJson(boardIdsSchema, r.beforeJson, at("beforeJson")), after: storedJson(boardIdsSchema, r.afterJson, at("afterJson")),
  };
}

/** The statements that take a slot from `before` to `after`. */
function writeSlot(db: Db, year: number, slot: HistorySlot, before: number[], after: number[]): Prisma.PrismaPromise<unknown>[] {
  if (slot.kind !== "award") {
    const role = slot.kind;
    if (after.length === 0) return [db.blocOfficer.deleteMany({ where: { year, role } })];
    return [db.blocOfficer.upsert({ where: { year_role: { year, role } }, create: { year, role, boardId: after[0]! }, update: { boardId: after[0]!, ballotId: null } })];
  }
  const added = after.filter((id) => !before.includes(id));
  return [
    db.awardProposal.deleteMany({ where: { year, awardKindCode: slot.code, boardId: { notIn: after } } }),
    // A proposal that appeared meanwhile makes this fail (unique), and the whole change with it.
    ...(added.length ? [db.awardProposal.createMany({ data: added.map((boardId) => ({ year, awardKindCode: slot.code, boardId })) })] : []),
  ];
}

export type ApplyResult =
  | { ok: true; change: ChangeView }
  | { ok: false; reason: "not_pending" | "stale" | "not_found" }
  | { ok: false; reason: "same_board"; role: OfficerRole; boardId: number };

/** The audit row of an applied change or undo: what changed, by board ids (boards are never deleted). */
function auditRow(db: Db, action: "record.apply" | "record.undo", c: ChangeView, from: number[], to: number[], personId: number | null, at: Date) {
  const detail = { change: c.id, year: c.year, slot: slotKey(c.slot), before: from, after: to };
  return db.auditEvent.create({ data: { personId, action, detail, at } });
}

/**
 * Applies a proposed change, with its audit row, in one transaction, if the
 * slot is still as it was when the change was proposed (otherwise the change is
 * cancelled as stale). The first statement claims the change (pending →
 * applied, seq = baseSeq + 1): a second confirmation finds it no longer
 * pending, and a change of the same slot applied meanwhile holds that seq
 * (unique), so either rolls the whole transaction back.
 */
export async function applyChange(db: Db, id: number, byPersonId: number | null, now: Date): Promise<ApplyResult> {
  const c = await getChange(db, id);
  if (!c) return { ok: false, reason: "not_found" };
  if (c.status !== "pending") return { ok: false, reason: "not_pending" };
  const row = await db.recordChange.findUniqueOrThrow({ where: { id } });
  const current = await slotBoards(db, c.year, c.slot);
  const stale = !sameBoards(current, c.before) || (await lastSeq(db, c.year, row.slot)) !== row.baseSeq;
  const clash = stale ? null : await officerClash(db, c.year, c.slot, c.after);
  if (stale || clash) {
    await db.recordChange.updateMany({ where: { id, status: "pending" }, data: { status: "cancelled", decidedAt: now } });
    return clash ? { ok: false, reason: "same_board", ...clash } : { ok: false, reason: "stale" };
  }
  try {
    await db.$transaction([
      db.recordChange.update({ where: { id, status: "pending" }, data: { status: "applied", seq: row.baseSeq + 1, decidedAt: now } }),
      ...writeSlot(db, c.year, c.slot, c.before, c.after),
      auditRow(db, "record.apply", c, c.before, c.after, byPersonId, now),
    ]);
  } catch (e) {
    if (isNotFound(e)) return { ok: false, reason: "not_pending" };
    if (isUniqueViolation(e)) return { ok: false, reason: "stale" };
    throw e;
  }
  return { ok: true, change: { ...c, status: "applied", seq: row.baseSeq + 1 } };
}

/** A proposed change the admin turned down. */
export async function cancelChange(db: Db, id: number, now: Date): Promise<boolean> {
  const r = await db.recordChange.updateMany({ where: { id, status: "pending" }, data: { status: "cancelled", decidedAt: now } });
  return r.count === 1;
}

export type UndoResult =
  | { ok: true; change: ChangeView; undoId: number }
  | { ok: false; reason: "not_applied" | "stale" | "not_found" }
  | { ok: false; reason: "same_board"; role: OfficerRole; boardId: number };

/**
 * Undoes an applied change: a new applied change back to its `before`, with
 * its audit row, in one transaction, only if the change is still the slot's
 * last one and the slot still holds its `after` (nothing changed it since:
 * neither another /record nor a ballot).
 */
export async function undoChange(db: Db, id: number, byPersonId: number | null, now: Date): Promise<UndoResult> {
  const c = await getChange(db, id);
  if (!c) return { ok: false, reason: "not_found" };
  if (c.status !== "applied" || c.seq === null) return { ok: false, reason: "not_applied" };
  const key = slotKey(c.slot);
  const current = await slotBoards(db, c.year, c.slot);
  if (!sameBoards(current, c.after) || (await lastSeq(db, c.year, key)) !== c.seq) return { ok: false, reason: "stale" };
  const clash = await officerClash(db, c.year, c.slot, c.before);
  if (clash) return { ok: false, reason: "same_board", ...clash };
  try {
    const [, undo] = await db.$transaction([
      db.recordChange.update({ where: { id, status: "applied" }, data: { status: "undone" } }),
      db.recordChange.create({
        data: {
          year: c.year, slot: key, beforeJson: c.after, afterJson: c.before, baseSeq: c.seq, seq: c.seq + 1,
          status: "applied", undoOfId: c.id, byPersonId, createdAt: now, decidedAt: now,
        },
      }),
      ...writeSlot(db, c.year, c.slot, c.after, c.before),
      auditRow(db, "record.undo", c, c.after, c.before, byPersonId, now),
    ]);
    return { ok: true, change: c, undoId: (undo as { id: number }).id };
  } catch (e) {
    if (isNotFound(e)) return { ok: false, reason: "not_applied" };
    if (isUniqueViolation(e)) return { ok: false, reason: "stale" };
    throw e;
  }
}

// --- reading the history -----------------------------------------------------------

export type YearRecord = {
  year: number;
  leader: BoardRef | null;
  deputy: BoardRef | null;
  /** Award code → boards proposed, in the order they were recorded. */
  proposals: { awardKindCode: string; boards: BoardRef[] }[];
};

const boardSelect = { id: true, code: true, shortName: true, name: true } as const;

/** The years with officers or proposals (newest first), each with what is recorded; `years` limits to those. */
export async function yearRecords(db: Db, opts: { years?: number[]; limit?: number } = {}): Promise<YearRecord[]> {
  const where = opts.years ? { year: { in: opts.years } } : {};
  const [officers, proposals] = await Promise.all([
    db.blocOfficer.findMany({ where, include: { board: { select: boardSelect } } }),
    db.awardProposal.findMany({ where, include: { board: { select: boardSelect } }, orderBy: { id: "asc" } }),
  ]);
  const years = [...new Set([...officers.map((o) => o.year), ...proposals.map((p) => p.year), ...(opts.years ?? [])])].sort((a, b) => b - a).slice(0, opts.limit ?? Infinity);
  return years.map((year) => {
    const byAward = new Map<string, BoardRef[]>();
    for (const p of proposals.filter((x) => x.year === year)) byAward.set(p.awardKindCode, [...(byAward.get(p.awardKindCode) ?? []), p.board]);
    return {
      year,
      leader: officers.find((o) => o.year === year && o.role === "leader")?.board ?? null,
      deputy: officers.find((o) => o.year === year && o.role === "deputy")?.board ?? null,
      proposals: [...byAward].map(([awardKindCode, boards]) => ({ awardKindCode, boards })),
    };
  });
}

// --- reads other features ask for (through history's use cases) ---------------

/** The bloc's officers of `year` (leader, deputy), elected or recorded. */
export async function officersOf(db: Db, year: number) {
  const rows = await db.blocOfficer.findMany({ where: { year }, include: { board: true } });
  return rows.map((r) => ({ role: r.role, boardId: r.boardId, boardName: r.board.shortName, fullName: r.board.name }));
}

/** The latest `limit` officers, newest year first (leader before deputy), with their board's short name. */
export async function recentOfficers(db: Db, limit: number) {
  const rows = await db.blocOfficer.findMany({ include: { board: true }, orderBy: [{ year: "desc" }, { role: "asc" }], take: limit });
  return rows.map((r) => ({ year: r.year, role: r.role, boardId: r.boardId, boardName: r.board.shortName }));
}

/** The award kinds of the bloc file, in its order (`activeOnly`: those still in the file). */
export async function awardKinds(db: Db, opts: { activeOnly?: boolean } = {}) {
  return db.awardKind.findMany({ where: opts.activeOnly ? { active: true } : {}, orderBy: { id: "asc" }, select: { code: true, nameVi: true, nameEn: true, picksPerVoter: true, maxProposed: true, allowSelfVote: true } });
}
