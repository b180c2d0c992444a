// Telegram's limits, kept for every Bot API call the bot makes (installed on
// bot.api and again inside conversations, see apiTransformers in retry.ts):
//  - a sendMessage text longer than 4,096 characters (counted after entity
//    parsing, as Telegram counts) is sent as several messages, split by
//    src/shared/text/split.ts at line boundaries, the keyboard on the last part and a
//    reply reference on the first; the last message is the call's result;
//  - an edit that changes nothing ("message is not modified") is a success:
//    the message already shows what was wanted;
//  - a button pressed on a message that can no longer be edited (deleted, older
//    than 48 hours) gets its answer as a new message (editOrReply, editButtons);
//  - what cannot be split is shortened, and logged as the defect it is: an
//    edited text (it must stay one message; views that edit in place page or
//    shorten themselves, see summary-view.ts and ballot-view.ts), a caption
//    over 1,024 characters, an alert over 200.
// Limits and their sources: tests/harness/telegram-rules.ts.
import { GrammyError, type Context, type Transformer } from "grammy";
import type { InlineKeyboardMarkup } from "grammy/types";
import { splitIfLonger, splitText, visibleLength } from "../../shared/text/split.js";
import type { Logger } from "../../shared/log/logger.js";
import { MESSAGE_LIMITS } from "../../shared/messaging/limits.js";

/** Telegram's limits: the ones every message the features compose keeps (src/shared/messaging/limits.ts). */
export const TELEGRAM = MESSAGE_LIMITS;

/** A text cut into messages Telegram accepts (HTML when `html`), in order. */
export function messageParts(text: string, html: boolean): string[] {
  return splitText(text, { limit: TELEGRAM.messageText, html, maxEntities: html ? TELEGRAM.entities : undefined });
}

/** messageParts of a text over Telegram's limit; null when it fits (read once for both). */
function partsIfLonger(text: string, html: boolean): string[] | null {
  return splitIfLonger(text, { limit: TELEGRAM.messageText, html, maxEntities: html ? TELEGRAM.entities : undefined });
}

/** The first part of a text that fits `limit`, with "…" when something was left out. */
export function shortened(text: string, html: boolean, limit: number): string {
  const first = splitText(text, { limit: limit - 1, html, maxEntities: html ? TELEGRAM.entities : undefined })[0] ?? "…";
  return first === text ? text : `${first}…`;
}

type Payload = Record<string, unknown>;
type Result = Awaited<ReturnType<Parameters<Transformer>[0]>>;

const EDITS = new Set(["editMessageText", "editMessageCaption", "editMessageReplyMarkup"]);
const CAPTIONED = new Set(["sendPhoto", "sendDocument", "sendVideo", "sendAudio", "sendAnimation", "sendVoice", "editMessageCaption"]);

const isHtml = (p: Payload) => typeof p.parse_mode === "string" && p.parse_mode.toLowerCase() === "html";

/** Whether a text is over `limit` as Telegram counts; parsing only texts whose raw length is over it (parsing only shortens). */
const over = (text: string, html: boolean, limit: number) => text.length > limit && visibleLength(text, html) > limit;

/**
 * The transformer that keeps Telegram's limits. `logger` hears about every text
 * that had to be shortened (never its content, which may be personal data).
 */
export function telegramLimits(logger?: Pick<Logger, "warn">): Transformer {
  return async (prev, method, payload, signal) => {
    const p = payload as Payload;
    // (A text with explicit entities is not split: their offsets would no longer hold. The bot writes HTML.)
    // (Only a text longer than the limit in characters can be over it as Telegram counts.)
    const parts = method === "sendMessage" && typeof p.text === "string" && p.entities === undefined && p.text.length > TELEGRAM.messageText ? partsIfLonger(p.text, isHtml(p)) : null;
    if (parts) {
      let last: Result | undefined;
      for (const [i, text] of parts.entries()) {
        const part: Payload = { ...p, text };
        if (i < parts.length - 1) delete part.reply_markup;
        if (i > 0) delete part.reply_parameters;
        last = await prev(method, part as typeof payload, signal);
        if (!last.ok) return last;
      }
      if (last) return last;
    }
    if (method === "editMessageText" && typeof p.text === "string" && over(p.text, isHtml(p), TELEGRAM.messageText)) {
      logger?.warn({ method, length: visibleLength(p.text, isHtml(p)) }, "edited text over Telegram's limit: shortened");
      payload = { ...p, text: shortened(p.text, isHtml(p), TELEGRAM.messageText) } as typeof payload;
    }
    if (CAPTIONED.has(method) && typeof p.caption === "string" && over(p.caption, isHtml(p), TELEGRAM.caption)) {
      logger?.warn({ method, length: visibleLength(p.caption, isHtml(p)) }, "caption over Telegram's limit: shortened");
      payload = { ...p, caption: shortened(p.caption, isHtml(p), TELEGRAM.caption) } as typeof payload;
    }
    if (method === "answerCallbackQuery" && typeof p.text === "string" && p.text.length > TELEGRAM.alert) {
      logger?.warn({ method, length: p.text.length }, "alert over Telegram's limit: shortened");
      payload = { ...p, text: shortened(p.text, false, TELEGRAM.alert) } as typeof payload;
    }
    const result = await prev(method, payload, signal);
    if (EDITS.has(method) && !result.ok && result.error_code === 400 && /message is not modified/i.test(result.description)) {
      return { ok: true, result: true } as Result;
    }
    return result;
  };
}
