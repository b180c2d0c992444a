// Invitations: single-use, expiring codes (the deep link's long code, and the short
// code typed on a phone: src/shared/text/typed-code.ts); only their SHA-256 is stored. An
// invitation stands while it is unused, unexpired and not withdrawn, and while
// its creator may still invite (an admin: ADMIN_IDS, or an active admin grant).
import { createHash } from "node:crypto";
import type { RoleName } from "../../../shared/bloc/roles.js";
import type { Db } from "../../../shared/db/client.js";
import { isNotFound, isUniqueViolation } from "../../../shared/db/client.js";
import { grantRoleOps, roleKey } from "../../../shared/db/people.js";

export function hashInviteCode(code: string): string {
  return createHash("sha256").update(code).digest("hex");
}

/**
 * Stores an invitation by the hashes of its two codes (`shortCode` in canonical form).
 * False when a code's hash is already taken (Prisma's P2002 on the unique index:
 * the caller draws new codes), nothing written.
 */
export async function createInvite(
  db: Db,
  input: { code: string; shortCode?: string; role: RoleName; boardId: number | null; createdById: number | null; createdAt: Date; expiresAt: Date },
): Promise<boolean> {
  try {
    await db.invite.create({
      data: {
        codeHash: hashInviteCode(input.code), shortCodeHash: input.shortCode === undefined ? null : hashInviteCode(input.shortCode),
        role: input.role, boardId: input.boardId, createdById: input.createdById, createdAt: input.createdAt, expiresAt: input.expiresAt,
      },
    });
    return true;
  } catch (e) {
    if (isUniqueViolation(e)) return false;
    throw e;
  }
}

/** Which code an invitation is redeemed by: the deep link's, or the short one typed (canonical form). */
export type InviteCode = { code: string } | { shortCode: string };

/** Why an invitation was withdrawn (Invite.cancelReason): by a revocation (its id), or by an admin's /invites. */
export const withdrawnByRevocation = (revocationId: number) => `revoke:${revocationId}`;
export const WITHDRAWN_BY_ADMIN = "cancel";

/** The condition of an invitation that still stands at `at` (Prisma's where). */
export function standingAt(at: Date) {
  return { usedAt: null, cancelledAt: null, expiresAt: { gt: at } };
}

export type RedeemResult =
  | { ok: true; role: RoleName; boardId: number | null; boardName: string | null }
  | { ok: false; reason: "unknown" | "used" | "expired" | "board_inactive" | "withdrawn" };

/**
 * Redeems a code for a person, in one transaction: the claim (conditional: unused,
 * not withdrawn, unexpired, so two people racing for one code cannot both win),
 * guards that the board is still active and that the creator still holds an admin
 * grant (unless `adminIds`, ADMIN_IDS, names them: those are admins by
 * configuration), and the grant. A condition that fails at the moment of the
 * write rolls everything back. "withdrawn": cancelled (/invites, a revocation), or
 * its creator may no longer invite (issue 13, review: a revoked admin's invitation
 * must not outlive their right).
 */
export async function redeemInvite(db: Db, code: InviteCode, personId: number, now: Date, adminIds: readonly number[]): Promise<RedeemResult> {
  const where = "code" in code ? { codeHash: hashInviteCode(code.code) } : { shortCodeHash: hashInviteCode(code.shortCode) };
  const invite = await db.invite.findUnique({ where, include: { board: true } });
  if (!invite) return { ok: false, reason: "unknown" };
  const why = async (): Promise<RedeemResult & { ok: false }> => {
    const i = await db.invite.findUnique({ where: { id: invite.id }, include: { board: true } });
    if (!i) return { ok: false, reason: "unknown" };
    if (i.usedAt) return { ok: false, reason: "used" };
    if (i.cancelledAt) return { ok: false, reason: "withdrawn" };
    if (i.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: "expired" };
    if (i.board && i.board.status !== "active") return { ok: false, reason: "board_inactive" };
    return { ok: false, reason: "withdrawn" }; // the creator's right
  };
  if (invite.usedAt || invite.cancelledAt || invite.expiresAt.getTime() <= now.getTime() || (invite.board && invite.board.status !== "active")) return why();
  // The creator's right to invite, now; and the guard that keeps it true until the grant is written.
  const creator = invite.createdById === null ? null : await db.person.findUnique({ where: { id: invite.createdById } });
  if (!creator) return { ok: false, reason: "withdrawn" };
  const byConfig = adminIds.includes(Number(creator.telegramId));
  const adminKey = roleKey(creator.id, "admin", null);
  if (!byConfig && !(await db.role.findFirst({ where: { key: adminKey, revokedAt: null } }))) return { ok: false, reason: "withdrawn" };
  try {
    await db.$transaction([
      db.invite.update({ where: { id: invite.id, ...standingAt(now) }, data: { usedAt: now, usedByPersonId: personId } }),
      ...(byConfig ? [] : [db.role.update({ where: { key: adminKey, revokedAt: null }, data: { revokedAt: null } })]),
      ...(invite.boardId !== null ? [db.board.update({ where: { id: invite.boardId, status: "active" }, data: { status: "active" } })] : []),
      grantRoleOps(db, personId, invite.role, invite.boardId, invite.createdById, now),
    ]);
  } catch (e) {
    if (!isNotFound(e)) throw e;
    return why();
  }
  return { ok: true, role: invite.role, boardId: invite.boardId, boardName: invite.board?.shortName ?? null };
}

/** An invitation still standing, as /invites shows it (never its code: only the code's hash is stored). */
export type OpenInvite = {
  id: number;
  role: RoleName;
  boardName: string | null;
  createdById: number | null;
  creatorName: string | null;
  createdAt: Date;
  expiresAt: Date;
};

async function withCreators(db: Db, rows: { id: number; role: RoleName; board: { shortName: string } | null; createdById: number | null; createdAt: Date; expiresAt: Date }[]): Promise<OpenInvite[]> {
  const ids = [...new Set(rows.map((r) => r.createdById).filter((x): x is number => x !== null))];
  const names = new Map((await db.person.findMany({ where: { id: { in: ids } } })).map((p) => [p.id, [p.firstName, p.lastName].filter(Boolean).join(" ")]));
  return rows.map((r) => ({
    id: r.id, role: r.role, boardName: r.board?.shortName ?? null, createdById: r.createdById,
    creatorName: r.createdById === null ? null : (names.get(r.createdById) ?? null), createdAt: r.createdAt, expiresAt: r.expiresAt,
  }));
}

/** The invitations standing at `at` (unused, unexpired, not withdrawn), oldest first. */
export async function openInvites(db: Db, at: Date): Promise<OpenInvite[]> {
  const rows = await db.invite.findMany({ where: standingAt(at), include: { board: { select: { shortName: true } } }, orderBy: { id: "asc" } });
  return withCreators(db, rows);
}

/** One invitation if it still stands at `at`, else null. */
export async function openInvite(db: Db, id: number, at: Date): Promise<OpenInvite | null> {
  const row = await db.invite.findFirst({ where: { id, ...standingAt(at) }, include: { board: { select: { shortName: true } } } });
  return row ? (await withCreators(db, [row]))[0]! : null;
}

/**
 * Withdraws a standing invitation (an admin's /invites), with its audit row
 * ("invite.cancel": who, which, its role, board and creator), in one transaction.
 * Null when it no longer stood (used, expired or withdrawn meanwhile): nothing changed.
 */
export async function cancelInvite(db: Db, id: number, byPersonId: number | null, at: Date): Promise<OpenInvite | null> {
  const invite = await openInvite(db, id, at);
  if (!invite) return null;
  try {
    await db.$transaction([
      db.invite.update({ where: { id, ...standingAt(at) }, data: { cancelledAt: at, cancelReason: WITHDRAWN_BY_ADMIN } }),
      db.auditEvent.create({ data: { personId: byPersonId, action: "invite.cancel", at, detail: { inviteId: id, role: invite.role, boardName: invite.boardName, createdById: invite.createdById } } }),
    ]);
  } catch (e) {
    if (isNotFound(e)) return null;
    throw e;
  }
  return invite;
}

/** Records a wrong code (an invitation's or a link code) typed from `chatId`, the sender's chat-layer id on either messenger (InviteAttempt.telegramId holds it). */
export async function recordFailedAttempt(db: Db, chatId: number, now: Date): Promise<void> {
  await db.inviteAttempt.create({ data: { telegramId: BigInt(chatId), at: now } });
}

/** Wrong codes typed from `chatId` since `since`. */
export async function recentFailedAttempts(db: Db, chatId: number, since: Date): Promise<number> {
  return db.inviteAttempt.count({ where: { telegramId: BigInt(chatId), at: { gte: since } } });
}
