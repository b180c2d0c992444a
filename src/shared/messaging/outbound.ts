// The outbound port: what a use case or a job sends, and to whom, without knowing the
// messenger. Telegram implements it in src/messengers/telegram/outbound.ts; Zalo
// (issue 16) is one more implementation. Inline keyboards, parse modes, edits, deep
// links and command menus are the adapters' business, never the caller's.

import type { Locale } from "../i18n/locale.js";

/**
 * A choice under a message: what the person sees (`label`) and the opaque data the
 * bot gets back when it is chosen (`action`, at most MAX_ACTION_BYTES bytes of UTF-8,
 * read and checked again by the handler it names: never trusted). Telegram shows a
 * button; a messenger without buttons shows a numbered line answered by its number.
 */
export type Choice = { label: string; action: string };

/** Telegram's limit on callback data (Bot API, InlineKeyboardButton.callback_data: 1–64 bytes); the port keeps it for every messenger. */
export const MAX_ACTION_BYTES = 64;

/**
 * A message as the port carries it.
 *  - `text`: the port's HTML subset, <b> <i> <u> <s> <code> <pre> <a href="…">, with
 *    every other `<`, `>` and `&` escaped (src/shared/text/html.ts, esc). An adapter
 *    that cannot carry a tag shows its content as plain text. Long texts are split by
 *    the adapter to its messenger's limit (src/shared/text/split.ts); choices go under
 *    the last part.
 *  - `choices`: rows of choices, in order.
 *  - `protect`: ask the messenger to keep the message from being forwarded or saved
 *    (Telegram's protect_content; best effort where a messenger has no such thing).
 */
export type OutboundMessage = {
  text: string;
  choices?: Choice[][];
  protect?: boolean;
  /**
   * A picture sent after the text, once the text was taken (a chart). A bonus: its
   * failure is logged and leaves the outcome "sent". Telegram sends it as a photo;
   * a messenger that takes pictures by URL only (Zalo) as a signed, expiring link
   * to it (one file for every recipient of the same picture: messengers/zalo/
   * picture-links.ts), or a line saying where files are available
   * (messengers/zalo/bot-api.ts).
   */
  picture?: OutboundPicture;
};

/** A PNG picture with its file name and a caption (plain text, at most 1,024 characters). */
export type OutboundPicture = { png: Uint8Array; fileName: string; caption: string };

/**
 * Who receives a message.
 *  - `{ person }`: a person by their id (Person.id); the adapter picks the messenger
 *    and the chat (today: their private chat with the bot on Telegram). A person
 *    marked unreachable is not tried ("unreachable"), unless `evenIfUnreachable`
 *    (one message that matters most to them: their roles taken back).
 *  - `{ group }`: the bloc's group, through the group's outbox (GroupPost): queued
 *    under `key` (once per key: a key already queued or sent is not queued again),
 *    delivered at least once, in order, while a group is linked, and given up after
 *    `staleAfterMs` (src/shared/messaging/group-posts.ts, POST_STALE_MS); while the
 *    bloc has no group, sent instead to each board's focal persons and heads in
 *    private, once each (features/group/use-cases.ts, private copies). The send
 *    resolves once the post is queued and its delivery runs apart; with `wait`, it
 *    resolves only after the outbox's attempt to deliver what is due (an admin who
 *    asked for the post hears whether it went out; a job hands such a send off, so
 *    that a slow group never holds it). `texts`: the same message in each language
 *    the bot speaks (by Locale), so that each person's private copy is in their
 *    own; the group reads `message.text` (the bloc's default language).
 */
export type Recipient =
  | { person: number; evenIfUnreachable?: boolean }
  | { group: { key: string; staleAfterMs: number; wait?: boolean; texts?: Partial<Record<Locale, string>> } };

/**
 * What became of a message:
 *  - `sent`: the messenger took it (for the group: the outbox holds it, now or from
 *    an earlier send under the same key);
 *  - `unreachable`: the person blocked the bot or never opened a chat with it; they
 *    are marked unreachable (Person.reachable) and not retried;
 *  - `failed`: anything else (logged by the adapter).
 * Sending never throws, except for a programming error found before anything is sent
 * (choice data over MAX_ACTION_BYTES: checkChoices).
 */
export type SendOutcome = "sent" | "unreachable" | "failed";

/** The port. */
export interface Outbound {
  send(to: Recipient, message: OutboundMessage): Promise<SendOutcome>;
}

/** Throws when a choice's action data is empty or longer than MAX_ACTION_BYTES bytes: a programming error, caught by the tests. */
export function checkChoices(choices: Choice[][] | undefined): void {
  for (const row of choices ?? []) {
    for (const c of row) {
      const bytes = Buffer.byteLength(c.action, "utf8");
      if (bytes === 0 || bytes > MAX_ACTION_BYTES) throw new Error(`choice "${c.label}": action data of ${bytes} bytes (1–${MAX_ACTION_BYTES})`);
    }
  }
}

/** An Outbound that refuses to send: what Deps holds until the composition (src/app.ts) wires the messengers. */
export const UNWIRED: Outbound = {
  send: () => Promise.reject(new Error("the outbound port is not wired yet (src/app.ts wires it after building the bot)")),
};
