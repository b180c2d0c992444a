// The messengers the bot serves, and how a chat-layer id tells which one it is on.
// A person is held apart from any one messenger (prisma/schema.prisma,
// MessengerAccount): the chat layer (grammY) sees a number for each person and
// chat, Telegram's own id, or the Zalo adapter's number from 2^52
// (src/messengers/zalo/ids.ts, ZALO_ID_BASE), so the two never collide.

import type { Translate } from "../i18n/locale.js";
import { clip } from "../text/html.js";

/** A messenger, as the database's Messenger enum names it. */
export type Messenger = "telegram" | "zalo";

export const MESSENGERS: readonly Messenger[] = ["telegram", "zalo"];

/** 2^52: Telegram's ids stay below it (Bot API: "at most 52 significant bits"); the Zalo adapter numbers its chats above it. */
export const ZALO_CHAT_ID_BASE = 2 ** 52;

/** The messenger a chat-layer id (a grammY update's from.id or chat.id) belongs to. */
export function messengerOfChatId(chatId: number): Messenger {
  return chatId > ZALO_CHAT_ID_BASE ? "zalo" : "telegram";
}

/** The other messenger. */
export function otherMessenger(m: Messenger): Messenger {
  return m === "telegram" ? "zalo" : "telegram";
}

/** Where a person is reached: the preferred messenger, and every one they have an account on (the preferred first). */
export type ReachedOn = { preferred: Messenger; messengers: Messenger[] };

/** A messenger's name (locales: messenger-name-*). */
export function messengerName(t: Translate, m: Messenger): string {
  return t(`messenger-name-${m}`);
}

/** "Zalo (preferred), Telegram": the person's messengers, the preferred one marked when there are several (plain text). */
export function reachedOnText(t: Translate, r: ReachedOn): string {
  if (r.messengers.length <= 1) return messengerName(t, r.messengers[0] ?? r.preferred);
  return r.messengers.map((m) => (m === r.preferred ? t("messenger-preferred", { messenger: messengerName(t, m) }) : messengerName(t, m))).join(", ");
}

/**
 * A choice's label as `m` shows it (issue 16 item 3): cut to `max` characters
 * (with "…") where choices are buttons (Telegram: its apps cut a long label at
 * the button's width anyway, about 28 characters two to a row on a phone), whole
 * where they are lines of text (Zalo: a long line is split with the message, at
 * its 2,000 characters, by the adapter).
 */
export function choiceLabel(m: Messenger, label: string, max: number): string {
  return labelsAreCut(m) ? clip(label, max) : label;
}

/** Whether `m` shows choices as buttons of a limited width (Telegram), where labels are cut to fit; Zalo writes them whole as lines. */
export function labelsAreCut(m: Messenger): boolean {
  return m === "telegram";
}
