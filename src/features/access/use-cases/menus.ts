// Each person's command menu follows their roles: set through the command-menu port
// (deps.menus: on Telegram, setMyCommands with their private chat as scope) when a
// role is granted or taken back, and kept in step on every tick by the menus job,
// since a menu also changes when the year's leader and deputy change, when the person
// picks a language, and when a call to the messenger failed. What was set is
// remembered per person (Person.menuKey), so a tick only calls the messenger for
// menus that changed.
import { DateTime } from "luxon";
import type { Deps } from "../../../shared/deps.js";
import { toLocale } from "../../../shared/i18n/locale.js";
import { capabilitiesOf, type Actor, type Capabilities } from "../../../shared/bloc/roles.js";
import { officerYears } from "../../history/rules.js";
import { menuHolders, officerBoardIds, setMenuKey } from "../store/menus.js";

/** The boards whose people are the leader's and deputy's people now (features/history/rules.ts, officerYears). */
export async function officerBoardsNow(deps: Deps): Promise<number[]> {
  const today = DateTime.fromJSDate(deps.clock.now(), { zone: deps.config.timeZone });
  return officerBoardIds(deps.db, officerYears(today.year, today.month));
}

/** What a person may do: their grants, and the officers' rights when they serve an officer board now. */
export async function capabilitiesNow(deps: Deps, actor: Actor): Promise<Capabilities> {
  return capabilitiesOf(actor, actor.grants.length ? await officerBoardsNow(deps) : []);
}

/**
 * Sets the menus that differ from what was last set, for everyone concerned or for
 * the people named. A failure leaves the person's key unchanged, so the next tick
 * tries again; it never throws. Returns how many menus were changed.
 */
export async function syncMenus(deps: Deps, onlyPersonIds?: number[]): Promise<number> {
  const { config } = deps;
  const officerBoards = await officerBoardsNow(deps);
  let changed = 0;
  for (const p of await menuHolders(deps.db, config.adminIds, onlyPersonIds)) {
    const actor: Actor = { isAdmin: config.adminIds.includes(p.telegramId), grants: p.grants };
    const caps = capabilitiesOf(actor, officerBoards);
    const locale = toLocale(p.locale, config.defaultLocale);
    const key = deps.menus.keyOf(caps, locale);
    if ((p.menuKey ?? "") === key) continue;
    try {
      await deps.menus.set(p.menuChatId, caps, locale); // a person who joined on Zalo and linked Telegram: their Telegram chat
      await setMenuKey(deps.db, p.personId, key);
      changed++;
    } catch (err) {
      deps.logger.warn({ err, personId: p.personId }, "command menu not set: trying again on the next tick");
    }
  }
  return changed;
}
