// The command-menu port: each person's menu follows their roles. What a menu holds
// and how it is set is the messenger's business (Telegram: setMyCommands with the
// person's private chat as scope, one per language; a messenger without command
// menus does nothing); the access feature decides who should have which menu and
// remembers what was set (Person.menuKey). Telegram's implementation is
// src/messengers/telegram/commands.ts (telegramMenus); src/app.ts wires it into Deps.
import type { Capabilities } from "../bloc/roles.js";
import type { Locale } from "../i18n/locale.js";

export interface CommandMenus {
  /**
   * The menu a person with these capabilities should have, in their language, as a
   * key that changes whenever the menu would: "" when the messenger's default menu of
   * private chats is right (no menu of their own).
   */
  keyOf(caps: Capabilities, locale: Locale): string;
  /**
   * Sets the person's own menu (`chatId`: their private chat), or removes it when
   * keyOf gives "". Throws when the messenger refused: the caller keeps the old key
   * and tries again later.
   */
  set(chatId: number, caps: Capabilities, locale: Locale): Promise<void>;
}

const unwired = () => {
  throw new Error("the command-menu port is not wired yet (src/app.ts wires it after building the bot)");
};

/** What Deps holds until the composition (src/app.ts) wires the messenger's menus: any use throws. */
export const UNWIRED_MENUS: CommandMenus = { keyOf: unwired, set: () => Promise.reject(new Error("the command-menu port is not wired yet")) };
