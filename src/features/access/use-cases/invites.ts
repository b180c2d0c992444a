// Invitations: an admin issues one (a single-use code for a role, of a board or of the
// bloc, with a short code to type on a phone), lists those still standing and withdraws
// one; a person redeems a code (/start CODE, or the short code typed alone); a code
// typed alone may also be a link code (features/messengers: /link). Who may issue and withdraw is checked by the handlers (admins only);
// what a code grants, and when it no longer stands, is decided here and in the store
// (one transaction: store/invites.ts redeemInvite).
import type { Deps } from "../../../shared/deps.js";
import { getBoard } from "../../../shared/bloc/store.js";
import { audit } from "../../../shared/db/people.js";
import type { RoleName } from "../../../shared/bloc/roles.js";
import { INVITE_TTL_DAYS, looksLikeInviteCode, newInviteCode } from "../rules/invite-code.js";
import { cancelInvite, createInvite, openInvite, openInvites, recentFailedAttempts, recordFailedAttempt, redeemInvite, type InviteCode, type OpenInvite, type RedeemResult } from "../store/invites.js";
import { formatTypedCode, newTypedCode, readTypedCode } from "../../../shared/text/typed-code.js";
import { redeemLinkCode, type LinkRedemption } from "../../messengers/use-cases.js";

export type { OpenInvite };

/** Failed invite attempts allowed per person per hour before further tries are refused. */
export const INVITE_ATTEMPTS_PER_HOUR = 5;

export type IssuedInvite =
  | { ok: true; code: string; shortCode: string; role: RoleName; board: { id: number; shortName: string } | null; expiresAt: Date }
  | { ok: false; reason: "role_needs_board" | "role_of_bloc" | "board_inactive" };

/**
 * Issues an invitation for `role` (focal and head: of a board, `boardId`; the bloc's
 * roles: `boardId` null), valid INVITE_TTL_DAYS days, audited as `invite.create`. The
 * code is returned once (only its SHA-256 is kept). Refused: a board role without a
 * board, a bloc role with one, a board that is not active. `code` is the deep link's
 * (128 bits); `shortCode` the one typed on a phone (src/shared/text/typed-code.ts: 10
 * symbols, grouped "K7M4Q-9TXAB"), both single-use and expiring with the invitation.
 */
export async function issueInvite(deps: Deps, input: { role: RoleName; boardId: number | null; byPersonId: number | null }): Promise<IssuedInvite> {
  const boardRole = input.role === "focal" || input.role === "head";
  if (boardRole && input.boardId === null) return { ok: false, reason: "role_needs_board" };
  if (!boardRole && input.boardId !== null) return { ok: false, reason: "role_of_bloc" };
  const board = input.boardId === null ? null : await getBoard(deps.db, input.boardId);
  if (input.boardId !== null && (!board || board.status !== "active")) return { ok: false, reason: "board_inactive" };
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + INVITE_TTL_DAYS * 86400_000);
  let code: string, shortCode: string;
  // A short code already taken (unique in the database) is drawn again.
  do {
    code = newInviteCode();
    shortCode = newTypedCode("invite");
  } while (!(await createInvite(deps.db, { code, shortCode, role: input.role, boardId: input.boardId, createdById: input.byPersonId, createdAt: now, expiresAt })));
  await audit(deps.db, input.byPersonId, "invite.create", { role: input.role, boardId: input.boardId }, now);
  return { ok: true, code, shortCode: formatTypedCode(shortCode), role: input.role, board: board && { id: board.id, shortName: board.shortName }, expiresAt };
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

/** Whether `chatId` (the sender's chat-layer id) has typed INVITE_ATTEMPTS_PER_HOUR wrong codes in the last hour. */
async function locked(deps: Deps, chatId: number, now: Date): Promise<boolean> {
  return (await recentFailedAttempts(deps.db, chatId, new Date(now.getTime() - 3600_000))) >= INVITE_ATTEMPTS_PER_HOUR;
}

/**
 * A person's /start CODE (the deep link's code, or an invitation's short code, in
 * any case, with or without its dash): refused after INVITE_ATTEMPTS_PER_HOUR wrong
 * codes in the hour from this account (`too_many`, not counted again); otherwise the
 * code is redeemed (store/invites.ts redeemInvite: one transaction) and a failure is
 * counted against `chatId`, the sender's chat-layer id on either messenger.
 */
export async function redeemInvitation(deps: Deps, sender: { personId: number; chatId: number }, code: string): Promise<Redemption> {
  const now = deps.clock.now();
  if (await locked(deps, sender.chatId, now)) return { ok: false, reason: "too_many" };
  const typed = readTypedCode(code);
  const which: InviteCode | null = looksLikeInviteCode(code) ? { code } : typed?.kind === "invite" ? { shortCode: typed.code } : null;
  return invitation(deps, sender, which, now);
}

async function invitation(deps: Deps, sender: { personId: number; chatId: number }, code: InviteCode | null, now: Date): Promise<RedeemResult> {
  const result = code ? await redeemInvite(deps.db, code, sender.personId, now, deps.config.adminIds) : ({ ok: false, reason: "unknown" } as const);
  if (!result.ok) await recordFailedAttempt(deps.db, sender.chatId, now);
  else deps.logger.info({ personId: sender.personId, role: result.role, boardId: result.boardId }, "invite redeemed");
  return result;
}

/**
 * What became of a code typed alone (or after /start, /link): an invitation's
 * (`invite`), a link code (`link`), or something shaped like a code that none can
 * be (`wrong`: a symbol missing or too many); `too_many` when the sender has typed
 * INVITE_ATTEMPTS_PER_HOUR wrong codes in the last hour (nothing tried, not counted).
 */
export type TypedCodeOutcome =
  | { kind: "invite"; result: RedeemResult }
  | { kind: "link"; result: LinkRedemption }
  | { kind: "wrong" }
  | { kind: "too_many" };

/**
 * A code typed to the bot in private, on either messenger (src/shared/text/typed-code.ts
 * reads it; null when the text is no code at all). An invitation's code is redeemed
 * by the sender's person row (`personId()` makes it for a stranger, only then); a
 * link code joins the sender's account to the person who asked for it
 * (features/messengers: redeemLinkCode). Wrong, used and expired codes of either
 * kind count towards the same limit, per sender's account (`chatId`); a valid link
 * code refused for another reason (typed on the wrong messenger, an account of
 * someone else) does not.
 */
export async function redeemTypedCode(deps: Deps, sender: { chatId: number; personId: () => Promise<number | null> }, text: string): Promise<TypedCodeOutcome | null> {
  const typed = readTypedCode(text);
  if (!typed) return null;
  const now = deps.clock.now();
  if (await locked(deps, sender.chatId, now)) return { kind: "too_many" };
  if (typed.kind === "malformed") {
    await recordFailedAttempt(deps.db, sender.chatId, now);
    return { kind: "wrong" };
  }
  if (typed.kind === "invite") {
    const personId = await sender.personId();
    if (personId === null) return null;
    return { kind: "invite", result: await invitation(deps, { personId, chatId: sender.chatId }, { shortCode: typed.code }, now) };
  }
  const result = await redeemLinkCode(deps, sender.chatId, typed.code);
  if (!result.ok && (result.reason === "unknown" || result.reason === "used" || result.reason === "expired")) await recordFailedAttempt(deps.db, sender.chatId, now);
  return { kind: "link", result };
}
