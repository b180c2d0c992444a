// Command menus per language and per scope (private chats, groups, each admin).
// Descriptions come from the Fluent files (cmd-<name>).
import type { Api } from "grammy";
import type { BotCommand } from "grammy/types";
import type { I18n } from "@grammyjs/i18n";
import type { BotContext } from "./context.js";
import { LOCALES } from "./i18n.js";

export const PRIVATE_COMMANDS = ["start", "report", "status", "schedule", "cancel", "whoami", "lang", "help"];
export const GROUP_COMMANDS = ["summary", "annual", "ballots", "whoami"];
export const ADMIN_COMMANDS = [...PRIVATE_COMMANDS, "boards", "invite", "addboard", "renameboard", "retireboard", "mergeboard", "reload", "schedule", "nudge", "digest", "unreachable", "lock", "unlock", "newballot", "closeballot", "openballot", "cancelballot", "summary", "annual", "import", "record"];

export async function registerCommands(api: Api, i18n: I18n<BotContext>, adminIds: number[], defaultLocale: string): Promise<void> {
  const list = (names: string[], locale: string): BotCommand[] =>
    [...new Set(names)].map((command) => ({ command, description: i18n.t(locale, `cmd-${command}`) }));
  for (const locale of LOCALES) {
    // The default locale's menu is also the one for users of any other language.
    const codes = locale === defaultLocale ? [undefined, locale] : [locale];
    for (const language_code of codes) {
      const lang = language_code ? { language_code } : {};
      await api.setMyCommands(list(PRIVATE_COMMANDS, locale), { scope: { type: "all_private_chats" }, ...lang });
      await api.setMyCommands(list(GROUP_COMMANDS, locale), { scope: { type: "all_group_chats" }, ...lang });
      for (const id of adminIds) {
        await api.setMyCommands(list(ADMIN_COMMANDS, locale), { scope: { type: "chat", chat_id: id }, ...lang });
      }
    }
  }
}
