// Invitations: single-use, expiring codes; only their SHA-256 is stored.
import { createHash } from "node:crypto";
import type { RoleName } from "../domain/roles.js";
import type { Db } from "./client.js";
import { grantRoleOps } from "./people.js";

export function hashInviteCode(code: string): string {
  return createHash("sha256").update(code).digest("hex");
}

export async function createInvite(
  db: Db,
  input: { code: string; role: RoleName; boardId: number | null; createdById: number | null; expiresAt: Date },
): Promise<void> {
  await db.invite.create({
    data: { codeHash: hashInviteCode(input.code), role: input.role, boardId: input.boardId, createdById: input.createdById, expiresAt: input.expiresAt },
  });
}

export type RedeemResult =
  | { ok: true; role: RoleName; boardId: number | null; boardName: string | null }
  | { ok: false; reason: "unknown" | "used" | "expired" | "board_inactive" };

/** Redeems a code for a person: the claim is a conditional update, so two people racing for one code cannot both win. */
export async function redeemInvite(db: Db, code: string, personId: number, now: Date): Promise<RedeemResult> {
  const invite = await db.invite.findUnique({ where: { codeHash: hashInviteCode(code) }, include: { board: true } });
  if (!invite) return { ok: false, reason: "unknown" };
  if (invite.usedAt) return { ok: false, reason: "used" };
  if (invite.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: "expired" };
  if (invite.board && invite.board.status !== "active") return { ok: false, reason: "board_inactive" };
  const claimed = await db.invite.updateMany({ where: { id: invite.id, usedAt: null }, data: { usedAt: now, usedByPersonId: personId } });
  if (claimed.count !== 1) return { ok: false, reason: "used" };
  await grantRoleOps(db, personId, invite.role as RoleName, invite.boardId, invite.createdById, now);
  return { ok: true, role: invite.role as RoleName, boardId: invite.boardId, boardName: invite.board?.shortName ?? null };
}

export async function recordFailedAttempt(db: Db, telegramId: number, now: Date): Promise<void> {
  await db.inviteAttempt.create({ data: { telegramId: BigInt(telegramId), at: now } });
}

export async function recentFailedAttempts(db: Db, telegramId: number, since: Date): Promise<number> {
  return db.inviteAttempt.count({ where: { telegramId: BigInt(telegramId), at: { gte: since } } });
}
