// Each person's command menu follows their roles: set (Bot API setMyCommands,
// scope: their private chat, one per language and a default) when a role is
// granted or taken back, and kept in step on every tick, since a menu also
// changes when the year's leader and deputy change, when the person picks a
// language, and when a call to Telegram failed. What was set is remembered per
// person (Person.menuKey), so a tick only calls Telegram for menus that changed.
import type { Api } from "grammy";
import { DateTime } from "luxon";
import type { Deps } from "../../shared/deps.js";
import { commandList, menuVariants, privateCommandsFor } from "../../messengers/telegram/commands.js";
import { toLocale } from "../../shared/i18n/locale.js";
import { capabilitiesOf, hasAnyCapability, type Actor, type RoleName } from "../../shared/bloc/roles.js";
import { officerYears } from "../history/rules.js";
import type { Job } from "../../shared/jobs/scheduler.js";

/**
 * The menu each person should have, and its key ("" when the default menu of
 * private chats is right, i.e. no menu of their own). Only people whose menu
 * may differ from the default are read: those with a role, those with a menu
 * set, the admins of ADMIN_IDS.
 */
/** The boards whose people are the leader's and deputy's people now (features/history/rules.ts, officerYears). */
export async function officerBoardsNow(deps: Deps): Promise<number[]> {
  const today = DateTime.fromJSDate(deps.clock.now(), { zone: deps.config.timeZone });
  const rows = await deps.db.blocOfficer.findMany({ where: { year: { in: officerYears(today.year, today.month) } }, select: { boardId: true } });
  return [...new Set(rows.map((o) => o.boardId))];
}

async function wanted(deps: Deps, onlyPersonIds?: number[]): Promise<{ personId: number; chatId: number; locale: string; current: string | null; key: string; commands: string[] }[]> {
  const { db, config } = deps;
  const officerBoards = await officerBoardsNow(deps);
  const people = await db.person.findMany({
    where: {
      reachable: true,
      ...(onlyPersonIds ? { id: { in: onlyPersonIds } } : {}),
      OR: [{ roles: { some: { revokedAt: null } } }, { menuKey: { not: null } }, { telegramId: { in: config.adminIds.map((id) => BigInt(id)) } }],
    },
    select: { id: true, telegramId: true, locale: true, menuKey: true, roles: { where: { revokedAt: null }, select: { role: true, boardId: true, board: { select: { status: true } } } } },
    orderBy: { id: "asc" },
  });
  return people.map((p) => {
    const chatId = Number(p.telegramId);
    const actor: Actor = { isAdmin: config.adminIds.includes(chatId), grants: p.roles.map((r) => ({ role: r.role, boardId: r.boardId, boardStatus: r.board?.status ?? null })) };
    const caps = capabilitiesOf(actor, officerBoards);
    const locale = toLocale(p.locale, config.defaultLocale);
    const commands = hasAnyCapability(caps) ? privateCommandsFor(caps) : [];
    return { personId: p.id, chatId, locale, current: p.menuKey, key: commands.length ? `${locale}:${commands.join(",")}` : "", commands };
  });
}

/**
 * Sets the menus that differ from what was last set, for everyone concerned or
 * for the people named. A failure leaves the person's key unchanged, so the next
 * tick tries again; it never throws. Returns how many menus were changed.
 */
export async function syncMenus(deps: Deps, api: Api, onlyPersonIds?: number[]): Promise<number> {
  let changed = 0;
  for (const w of await wanted(deps, onlyPersonIds)) {
    if ((w.current ?? "") === w.key) continue;
    try {
      for (const v of menuVariants(w.locale)) {
        const scope = { scope: { type: "chat" as const, chat_id: w.chatId }, ...(v.language_code ? { language_code: v.language_code } : {}) };
        if (w.commands.length) await api.setMyCommands(commandList(deps.i18n, w.commands, v.locale), scope);
        else await api.deleteMyCommands(scope);
      }
      await deps.db.person.update({ where: { id: w.personId }, data: { menuKey: w.key || null } });
      changed++;
    } catch (err) {
      deps.logger.warn({ err, personId: w.personId }, "command menu not set: trying again on the next tick");
    }
  }
  return changed;
}

export const menusJob: Job = {
  name: "menus",
  async run({ deps, api }) {
    await syncMenus(deps, api);
  },
};
