// Command menus per language and per scope. Everyone's menu (private chats with
// no menu of their own) and the group's are set at start-up; each person with a
// role gets a menu of their own (scope: their private chat), set when a role is
// granted or taken back and kept in step by the menus job (features/access/jobs.ts)
// through the command-menu port (telegramMenus).
// Descriptions come from the Fluent files (cmd-<name>).
import type { Api } from "grammy";
import type { BotCommand, LanguageCode } from "grammy/types";
import { hasAnyCapability, type Capabilities } from "../../shared/bloc/roles.js";
import type { CommandMenus } from "../../shared/messaging/menus.js";
import type { Messages } from "../../shared/i18n/messages.js";
import { LOCALES } from "../../shared/i18n/locale.js";

/** What everyone may use in private: the default menu of private chats. */
export const PRIVATE_COMMANDS = ["start", "whoami", "messenger", "lang", "help"];
export const GROUP_COMMANDS = ["summary", "annual", "ballots", "whoami"];

/** The commands each kind of role adds to a person's private menu. */
export const ROLE_COMMANDS: Record<keyof Capabilities, string[]> = {
  focal: ["report", "status", "schedule", "ballots", "cancel", "link"],
  head: ["report", "status", "schedule", "ballots", "link"],
  officer: ["summary", "annual", "link"],
  secretariat: ["summary", "annual", "newballot", "ballots", "closeballot", "openballot", "cancelballot", "schedule", "cancel", "link"],
  admin: [
    "summary", "annual", "import", "newballot", "ballots", "closeballot", "openballot", "cancelballot",
    "boards", "people", "invite", "invites", "revoke", "addboard", "renameboard", "retireboard", "mergeboard",
    "schedule", "nudge", "digest", "unreachable", "lock", "unlock", "record", "reload", "report", "status", "cancel", "link",
  ],
};

/** The order of commands in a menu: the daily ones first. */
const ORDER = [
  "start", "report", "status", "summary", "annual", "ballots", "newballot", "closeballot", "openballot", "cancelballot", "schedule",
  "boards", "people", "invite", "invites", "revoke", "addboard", "renameboard", "retireboard", "mergeboard", "nudge", "digest", "unreachable",
  "lock", "unlock", "import", "record", "reload", "cancel", "whoami", "messenger", "link", "lang", "help",
];

/** Every command an admin's menu holds (every other role's commands among them). */
export const ADMIN_COMMANDS = privateCommandsFor({ admin: true, secretariat: false, focal: false, head: false, officer: false });

/** A person's private menu: everyone's commands and those of each of their roles, in menu order. */
export function privateCommandsFor(c: Capabilities): string[] {
  const names = new Set(PRIVATE_COMMANDS);
  for (const kind of Object.keys(ROLE_COMMANDS) as (keyof Capabilities)[]) if (c[kind]) for (const n of ROLE_COMMANDS[kind]) names.add(n);
  return ORDER.filter((n) => names.has(n));
}

export function commandList(i18n: Messages, names: string[], locale: string): BotCommand[] {
  return [...new Set(names)].map((command) => ({ command, description: i18n.t(locale, `cmd-${command}`) }));
}

/** The language variants a menu is set for: each language by its code, and the default (no code) in `fallback`. */
export function menuVariants(fallback: string): { language_code?: LanguageCode; locale: string }[] {
  return [...LOCALES.map((l) => ({ language_code: l as LanguageCode, locale: l })), { locale: fallback }];
}

/**
 * Everyone's menus, at start-up: private chats (what a person without a role may
 * use), group chats, and the admins of ADMIN_IDS (who may have no Person row yet
 * for the menus job to follow).
 */
export async function registerCommands(api: Api, i18n: Messages, adminIds: number[], defaultLocale: string): Promise<void> {
  for (const v of menuVariants(defaultLocale)) {
    const lang = v.language_code ? { language_code: v.language_code } : {};
    await api.setMyCommands(commandList(i18n, PRIVATE_COMMANDS, v.locale), { scope: { type: "all_private_chats" }, ...lang });
    await api.setMyCommands(commandList(i18n, GROUP_COMMANDS, v.locale), { scope: { type: "all_group_chats" }, ...lang });
    for (const id of adminIds) {
      await api.setMyCommands(commandList(i18n, ADMIN_COMMANDS, v.locale), { scope: { type: "chat", chat_id: id }, ...lang });
    }
  }
}

/**
 * Whether a chat id can be Telegram's: Telegram's user and chat ids "have at most 52
 * significant bits" (Bot API, User.id and Chat.id); numbers beyond are other
 * messengers' people (Zalo's are numbered from 2^52).
 */
export function isTelegramChat(chatId: number): boolean {
  return Number.isSafeInteger(chatId) && Math.abs(chatId) < 2 ** 52;
}

/**
 * The command-menu port (src/shared/messaging/menus.ts) on Telegram: a person's menu
 * is the commands of their roles (privateCommandsFor), set with their private chat
 * as scope in each language and as the default; none of their own when they have no
 * role. The key names the language and the commands. A person of another messenger
 * is left alone (their messenger's adapter keeps menus of its own).
 */
export function telegramMenus(api: Api, i18n: Messages): CommandMenus {
  const commandsOf = (caps: Capabilities) => (hasAnyCapability(caps) ? privateCommandsFor(caps) : []);
  return {
    keyOf(caps, locale) {
      const commands = commandsOf(caps);
      return commands.length ? `${locale}:${commands.join(",")}` : "";
    },
    async set(chatId, caps, locale) {
      if (!isTelegramChat(chatId)) return; // a person of another messenger (Zalo: src/messengers/zalo/ids.ts): not Telegram's to set
      const commands = commandsOf(caps);
      for (const v of menuVariants(locale)) {
        const scope = { scope: { type: "chat" as const, chat_id: chatId }, ...(v.language_code ? { language_code: v.language_code } : {}) };
        if (commands.length) await api.setMyCommands(commandList(i18n, commands, v.locale), scope);
        else await api.deleteMyCommands(scope);
      }
    },
  };
}
