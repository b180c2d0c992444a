// Invitations: an admin issues one (a single-use code for a role, of a board or of the
// bloc), lists those still standing and withdraws one; a person redeems a code
// (/start CODE). Who may issue and withdraw is checked by the handlers (admins only);
// what a code grants, and when it no longer stands, is decided here and in the store
// (one transaction: store/invites.ts redeemInvite).
import type { Deps } from "../../../shared/deps.js";
import { getBoard } from "../../../shared/bloc/store.js";
import { audit } from "../../../shared/db/people.js";
import type { RoleName } from "../../../shared/bloc/roles.js";
import { INVITE_TTL_DAYS, looksLikeInviteCode, newInviteCode } from "../rules/invite-code.js";
import { cancelInvite, createInvite, openInvite, openInvites, recentFailedAttempts, recordFailedAttempt, redeemInvite, type OpenInvite, type RedeemResult } from "../store/invites.js";

export type { OpenInvite };

/** Failed invite attempts allowed per person per hour before further tries are refused. */
export const INVITE_ATTEMPTS_PER_HOUR = 5;

export type IssuedInvite =
  | { ok: true; code: string; role: RoleName; board: { id: number; shortName: string } | null; expiresAt: Date }
  | { ok: false; reason: "role_needs_board" | "role_of_bloc" | "board_inactive" };

/**
 * Issues an invitation for `role` (focal and head: of a board, `boardId`; the bloc's
 * roles: `boardId` null), valid INVITE_TTL_DAYS days, audited as `invite.create`. The
 * code is returned once (only its SHA-256 is kept). Refused: a board role without a
 * board, a bloc role with one, a board that is not active.
 */
export async function issueInvite(deps: Deps, input: { role: RoleName; boardId: number | null; byPersonId: number | null }): Promise<IssuedInvite> {
  const boardRole = input.role === "focal" || input.role === "head";
  if (boardRole && input.boardId === null) return { ok: false, reason: "role_needs_board" };
  if (!boardRole && input.boardId !== null) return { ok: false, reason: "role_of_bloc" };
  const board = input.boardId === null ? null : await getBoard(deps.db, input.boardId);
  if (input.boardId !== null && (!board || board.status !== "active")) return { ok: false, reason: "board_inactive" };
  const now = deps.clock.now();
  const code = newInviteCode();
  const expiresAt = new Date(now.getTime() + INVITE_TTL_DAYS * 86400_000);
  await createInvite(deps.db, { code, role: input.role, boardId: input.boardId, createdById: input.byPersonId, createdAt: now, expiresAt });
  await audit(deps.db, input.byPersonId, "invite.create", { role: input.role, boardId: input.boardId }, now);
  return { ok: true, code, role: input.role, board: board && { id: board.id, shortName: board.shortName }, expiresAt };
}

/** The invitations standing now (unused, unexpired, not withdrawn), oldest first. */
export function standingInvites(deps: Deps): Promise<OpenInvite[]> {
  return openInvites(deps.db, deps.clock.now());
}

/** One invitation if it stands now, else null. */
export function standingInvite(deps: Deps, id: number): Promise<OpenInvite | null> {
  return openInvite(deps.db, id, deps.clock.now());
}

/** Withdraws a standing invitation (audited as `invite.cancel`); null when it no longer stood. */
export function withdrawInvite(deps: Deps, id: number, byPersonId: number | null): Promise<OpenInvite | null> {
  return cancelInvite(deps.db, id, byPersonId, deps.clock.now());
}

export type Redemption = RedeemResult | { ok: false; reason: "too_many" };

/**
 * A person's /start CODE: refused after INVITE_ATTEMPTS_PER_HOUR failed attempts in the
 * hour (`too_many`, not counted again); otherwise the code is redeemed (store/invites.ts
 * redeemInvite: one transaction) and a failure is counted against the person's
 * Telegram id (`telegramId`).
 */
export async function redeemInvitation(deps: Deps, person: { id: number; telegramId: number }, code: string): Promise<Redemption> {
  const { db, clock, config } = deps;
  const now = clock.now();
  if ((await recentFailedAttempts(db, person.telegramId, new Date(now.getTime() - 3600_000))) >= INVITE_ATTEMPTS_PER_HOUR) return { ok: false, reason: "too_many" };
  const result = looksLikeInviteCode(code) ? await redeemInvite(db, code, person.id, now, config.adminIds) : ({ ok: false, reason: "unknown" } as const);
  if (!result.ok) await recordFailedAttempt(db, person.telegramId, now);
  else deps.logger.info({ personId: person.id, role: result.role, boardId: result.boardId }, "invite redeemed");
  return result;
}
