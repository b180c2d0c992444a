// Who holds which role, and taking roles back (/people, /revoke): an admin's request
// is checked and recorded, then confirmed by the same admin; the person hears it in
// their language through the outbound port and their menu follows at once. A person's
// choice of language (/lang) is kept here too, with the menu that follows it.
import type { Deps } from "../../../shared/deps.js";
import type { Locale } from "../../../shared/i18n/locale.js";
import { toLocale } from "../../../shared/i18n/locale.js";
import { setLocale } from "../../../shared/db/people.js";
import { findBoardByCode, getBlocSettings } from "../../../shared/bloc/store.js";
import {
  activeGrants, cancelRevocation, configAdminsKnown, confirmRevocation, findPersonById, findPersonByUsername, getRevocation, otherActiveAdmins, peopleWithRoles, recentRevocations,
  requestRevocation, type ActiveGrant, type DoneRevocation, type EndedGrant, type PersonRoles,
} from "../store/revocations.js";
import { syncMenus } from "./menus.js";

export type { ActiveGrant, DoneRevocation, EndedGrant, PersonRoles };

/** A person as the revocation pages name them. */
export type Who = { id: number; telegramId: number; firstName: string; lastName: string | null; username: string | null };

/** A person by "#id" or "id" (Person.id) or "@username" (one match only); null otherwise. */
export async function findPersonByToken(deps: Deps, token: string): Promise<Who | null> {
  const id = /^#?(\d{1,9})$/.exec(token)?.[1];
  if (id) return findPersonById(deps.db, Number(id));
  if (/^@[A-Za-z0-9_]{3,32}$/.test(token)) return findPersonByUsername(deps.db, token);
  return null;
}

/** A person by id, or null. */
export function personById(deps: Deps, id: number): Promise<Who | null> {
  return findPersonById(deps.db, id);
}

/** A person's active grants (empty when unknown or none). */
export function grantsOfPerson(deps: Deps, personId: number): Promise<ActiveGrant[]> {
  return activeGrants(deps.db, personId);
}

/** Everyone holding a role, with their grants. */
export function peopleHoldingRoles(deps: Deps): Promise<PersonRoles[]> {
  return peopleWithRoles(deps.db);
}

/** A board by its code (for the typed /revoke), or null. */
export function boardByCode(deps: Deps, code: string) {
  return findBoardByCode(deps.db, code);
}

/** /people: the people with roles, the admins of ADMIN_IDS (with their Person row when they have written to the bot), the latest revocations. */
export async function peopleOverview(deps: Deps, recent = 10) {
  const { db, config } = deps;
  const [people, known, revocations] = await Promise.all([peopleWithRoles(db), configAdminsKnown(db, config.adminIds), recentRevocations(db, recent)]);
  const byTelegramId = new Map(known.map((p) => [p.telegramId, p]));
  const configAdmins = config.adminIds.map((telegramId) => ({ telegramId, person: byTelegramId.get(telegramId) ?? null }));
  return { people, configAdmins, revocations };
}

/** Whether the admin right of this person comes from ADMIN_IDS (chat cannot take it back). */
export function isConfigAdmin(deps: Deps, who: { telegramId: number }): boolean {
  return deps.config.adminIds.includes(who.telegramId);
}

export type RevocationAsked =
  | { ok: true; id: number; configAdmin: boolean }
  | { ok: false; reason: "config_admin" | "nothing" | "no_roles" | "last_admin" };

/**
 * Records an admin's request to take back `chosen` (some of `all`, the person's active
 * grants; `allRoles` for all of them) with a reason; the grants end only when the same
 * admin confirms (confirmRevoke). Refused: the admin right of ADMIN_IDS (unless all
 * roles are asked: the other roles go, the right stays: `configAdmin`), nothing chosen,
 * a person without roles, the last admin when ADMIN_IDS names nobody.
 */
export async function askRevocation(
  deps: Deps,
  r: { who: Who; all: ActiveGrant[]; chosen: ActiveGrant[]; allRoles: boolean; reason: string; byPersonId: number },
): Promise<RevocationAsked> {
  const { config, db, clock } = deps;
  const configAdmin = isConfigAdmin(deps, r.who);
  if (!r.allRoles && configAdmin && r.chosen.some((g) => g.role === "admin")) return { ok: false, reason: "config_admin" };
  if (r.chosen.length === 0) return { ok: false, reason: r.all.length ? "nothing" : "no_roles" };
  if (config.adminIds.length === 0 && r.chosen.some((g) => g.role === "admin") && (await otherActiveAdmins(db, r.who.id)) === 0) return { ok: false, reason: "last_admin" };
  const id = await requestRevocation(db, { personId: r.who.id, roleIds: r.chosen.map((g) => g.roleId), allRoles: r.allRoles, reason: r.reason, requestedById: r.byPersonId, at: clock.now() });
  return { ok: true, id, configAdmin };
}

/** The words the person hears when their roles are taken back (views: the feature's chat layer renders them). */
export type RevocationNotice = (locale: Locale, ended: EndedGrant[], contact: string | null) => string;

export type RevokeConfirmed =
  | { ok: true; who: Who; ended: EndedGrant[]; invitesWithdrawn: number }
  | { ok: false; reason: "not_pending" | "expired" | "changed" | "last_admin"; who: Who | null };

/**
 * The admin confirms request `id` (store/revocations.ts confirmRevocation: one
 * transaction). The handler answers the admin, then tells the person (tellRevoked).
 */
export async function confirmRevoke(deps: Deps, id: number, byPersonId: number): Promise<RevokeConfirmed> {
  const { db, clock, config } = deps;
  const rev = await getRevocation(db, id);
  const r = await confirmRevocation(db, id, { byPersonId, at: clock.now(), adminIds: config.adminIds });
  const person = rev ? await findPersonById(db, rev.personId) : null;
  if (!r.ok || !person) return { ok: false, reason: r.ok ? "not_pending" : r.reason, who: person };
  deps.logger.info({ revocationId: id, personId: person.id, ended: r.ended.length }, "roles revoked");
  return { ok: true, who: person, ended: r.ended, invitesWithdrawn: r.invitesWithdrawn };
}

/**
 * After a confirmed revocation: the person hears it in their language through the
 * outbound port, tried even when they are marked unreachable (one message, and the
 * news that matters most to them), and their menu follows at once (and on the next
 * tick if the messenger fails now).
 */
export async function tellRevoked(deps: Deps, done: { who: Who; ended: EndedGrant[] }, notice: RevocationNotice): Promise<void> {
  const person = await findPersonById(deps.db, done.who.id);
  const contact = (await getBlocSettings(deps.db)).contact;
  const locale = toLocale(person?.locale, deps.config.defaultLocale);
  await deps.notify.send({ person: done.who.id, evenIfUnreachable: true }, { text: notice(locale, done.ended, contact) });
  await syncMenus(deps, [done.who.id]);
}

/** The admin says no to their request; false when it was no longer pending. */
export function dropRevocation(deps: Deps, id: number, byPersonId: number): Promise<boolean> {
  return cancelRevocation(deps.db, id, byPersonId);
}

/** A person's choice of language, kept (their menu follows: syncMenus, once they have been answered). */
export async function chooseLanguage(deps: Deps, personId: number, locale: Locale): Promise<void> {
  await setLocale(deps.db, personId, locale);
}
