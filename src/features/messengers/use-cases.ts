// Which messengers a person is reached on, and their preferred one (issue 16 item 2):
// what /whoami says and /messenger changes; and link codes (/link), which join a
// second messenger's account to a person. Messenger-neutral: plain values in and out.
import type { Deps } from "../../shared/deps.js";
import { accountsOf, audit, setPreferredMessenger } from "../../shared/db/people.js";
import { messengerOfChatId, otherMessenger, type Messenger, type ReachedOn } from "../../shared/messaging/messengers.js";
import { formatTypedCode, newTypedCode } from "../../shared/text/typed-code.js";
import { accountOwner, createLinkCode, findLinkCode, joinAccount } from "./store.js";

/**
 * The messengers a person is reached on, the preferred one first (where reminders
 * and notices go first: src/messengers/route.ts). `personId` null (a stranger
 * without a row) or a person without accounts: the messenger of `chatId`, the
 * chat-layer id they write from.
 */
export async function reachedOn(deps: Pick<Deps, "db">, personId: number | null, chatId: number): Promise<ReachedOn> {
  const here = messengerOfChatId(chatId);
  if (personId === null) return { preferred: here, messengers: [here] };
  const { preferred, accounts } = await accountsOf(deps.db, personId);
  return accounts.length ? { preferred, messengers: accounts.map((a) => a.messenger) } : { preferred: here, messengers: [here] };
}

/**
 * Makes `messenger` the person's preferred one, audited.
 * `not-linked`: they have no account there (they must write to the bot on it first).
 */
export async function choosePreferredMessenger(deps: Pick<Deps, "db" | "clock" | "logger">, personId: number, messenger: Messenger): Promise<"set" | "not-linked"> {
  if (!(await setPreferredMessenger(deps.db, personId, messenger))) return "not-linked";
  await audit(deps.db, personId, "person.preferred_messenger", { messenger }, deps.clock.now());
  deps.logger.info({ personId, messenger }, "preferred messenger set");
  return "set";
}

/** How long a link code stands (minutes). */
export const LINK_CODE_MINUTES = 15;

/** The messengers this bot serves (its configuration: BOT_TOKEN, ZALO_BOT_TOKEN). */
export function servedMessengers(config: Pick<Deps["config"], "botToken" | "zaloBotToken">): Messenger[] {
  return [...(config.botToken ? ["telegram" as const] : []), ...(config.zaloBotToken ? ["zalo" as const] : [])];
}

export type IssuedLinkCode =
  | { ok: true; code: string; on: Messenger; expiresAt: Date }
  | { ok: false; reason: "not_served"; on: Messenger }
  | { ok: false; reason: "already"; on: Messenger };

/**
 * A one-time link code for the person `personId`, who writes from `chatId` (a
 * chat-layer id: its messenger is where the code is issued), to be typed to the bot
 * on the other messenger within LINK_CODE_MINUTES minutes (src/shared/text/typed-code.ts:
 * 8 symbols, returned grouped, "K7M4-Q9TX"; only its hash is kept; earlier codes of
 * the person end). Refused: the other messenger is not served by this bot
 * (`not_served`), or the person is already reached there (`already`).
 */
export async function issueLinkCode(deps: Pick<Deps, "db" | "clock" | "config">, personId: number, chatId: number): Promise<IssuedLinkCode> {
  const from = messengerOfChatId(chatId);
  const on = otherMessenger(from);
  if (!servedMessengers(deps.config).includes(on)) return { ok: false, reason: "not_served", on };
  const { accounts } = await accountsOf(deps.db, personId);
  if (accounts.some((a) => a.messenger === on)) return { ok: false, reason: "already", on };
  const at = deps.clock.now();
  const expiresAt = new Date(at.getTime() + LINK_CODE_MINUTES * 60_000);
  for (;;) {
    const code = newTypedCode("link");
    if (await createLinkCode(deps.db, { code, personId, fromMessenger: from, at, expiresAt })) return { ok: true, code: formatTypedCode(code), on, expiresAt };
  }
}

/**
 * What became of a link code typed from an account:
 *  - `linked`: the account now belongs to the code's person (`personId`), who was
 *    known on `from` (`locale`: their language, if chosen); `merged`: the account had belonged to a person without a role,
 *    whose row stays without it (the strangers' prune takes it);
 *  - `unknown`, `used`, `expired`: a wrong code (counted by the caller towards the
 *    attempt limit);
 *  - `same_messenger`: typed on the messenger it was issued on (to be typed on the other);
 *  - `already_linked`: this account already belongs to the code's person;
 *  - `other_account`: the person is already reached on this messenger by another account;
 *  - `taken`: this account belongs to another person who holds a role (or is an
 *    administrator by ADMIN_IDS): two people are never joined.
 * Nothing changes unless `linked`.
 */
export type LinkRedemption =
  | { ok: true; personId: number; from: Messenger; on: Messenger; merged: boolean; locale: string | null }
  | { ok: false; reason: "unknown" | "used" | "expired" | "same_messenger" | "already_linked" | "other_account" | "taken" };

/**
 * Redeems a link code (canonical form) typed from the account `chatId` (a chat-layer
 * id, either messenger), audited as `person.link` (store.ts joinAccount: one
 * transaction, uniqueness in the database).
 */
export async function redeemLinkCode(deps: Pick<Deps, "db" | "clock" | "config" | "logger">, chatId: number, code: string): Promise<LinkRedemption> {
  const { db, config } = deps;
  const at = deps.clock.now();
  const link = await findLinkCode(db, code);
  if (!link) return { ok: false, reason: "unknown" };
  const on = messengerOfChatId(chatId);
  // The person's own account: typed where the code came from (it is for the other messenger), or where it is linked already.
  if (link.accounts.some((a) => a.messenger === on && a.chatId === chatId)) return { ok: false, reason: on === link.fromMessenger ? "same_messenger" : "already_linked" };
  if (link.usedAt) return { ok: false, reason: "used" };
  if (link.expiresAt.getTime() <= at.getTime()) return { ok: false, reason: "expired" };
  if (on === link.fromMessenger) return { ok: false, reason: "same_messenger" };
  if (link.accounts.some((a) => a.messenger === on)) return { ok: false, reason: "other_account" };
  const owner = await accountOwner(db, on, chatId);
  if (owner && (owner.holdsRole || config.adminIds.includes(owner.firstKnownAs) || config.adminIds.includes(chatId))) return { ok: false, reason: "taken" };
  const outcome = await joinAccount(db, {
    linkCodeId: link.id, personId: link.personId, fromMessenger: link.fromMessenger, messenger: on, chatId,
    strangerAccount: owner && { accountId: owner.accountId, personId: owner.personId }, at,
  });
  if (outcome === "joined") {
    deps.logger.info({ personId: link.personId, messenger: on, mergedPersonId: owner?.personId }, "messenger account linked");
    return { ok: true, personId: link.personId, from: link.fromMessenger, on, merged: owner !== null, locale: link.locale };
  }
  if (outcome === "taken") return { ok: false, reason: "taken" };
  if (outcome === "conflict") return { ok: false, reason: (await accountsOf(db, link.personId)).accounts.some((a) => a.messenger === on && a.chatId === chatId) ? "already_linked" : "other_account" };
  const again = await findLinkCode(db, code);
  return { ok: false, reason: again?.usedAt ? "used" : "expired" };
}
