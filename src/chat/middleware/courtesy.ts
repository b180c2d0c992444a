// Nobody is left without an answer when a pop-up fails. The answer to a button press
// (answerCallbackQuery) is a courtesy call that never fails the action (see
// courtesyCalls below, installed by each messenger's list of Api transformers); when Telegram refuses it ("query is too old", a restart's
// backlog) and it carried text, that text reaches the person by message instead:
// in private, unless the update already said something to them there (or on their
// preferred messenger through the outbound port: markToldPrivately).
//
// That private chat is on the messenger pressed on (the update's own Api), even
// for a person who prefers another one, and that is deliberate. A pop-up's words
// are written to be read beside the message pressed (“Lựa chọn này đã hết hiệu
// lực”, “Cuộc bỏ phiếu này đã đóng”, “Đã đề cử Hà Nam”): on Telegram, where the
// person has just pressed and is looking, they still point at that message; sent
// to Zalo they would name nothing there. What answers a press on its own (a vote's
// receipt, naming the ballot) goes to the preferred messenger (features/ballots/chat.ts,
// tellPresser), and, marked as told, keeps this fallback from repeating it.
// Checked by tests/chat/courtesy.test.ts (“a person who prefers Zalo”).
import type { MiddlewareFn, Transformer } from "grammy";
import type { BotContext } from "../context.js";
import type { Logger } from "../../shared/log/logger.js";

/** Methods whose success means the person saw something in their private chat. */
const SHOWS = new Set(["sendMessage", "sendPhoto", "sendDocument", "editMessageText", "editMessageCaption", "editMessageReplyMarkup", "copyMessage", "forwardMessage"]);

/** Updates whose presser was told something in private through the outbound port (another Api than the update's own). */
const toldElsewhere = new WeakSet<object>();

/**
 * Records that the presser of this update was sent a message in private by
 * another way than the update's own Api (deps.notify, on their preferred
 * messenger): a refused pop-up's text is then not sent again beside it.
 */
export function markToldPrivately(ctx: BotContext): void {
  toldElsewhere.add(ctx);
}

export function popupFallback(): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const cq = ctx.callbackQuery;
    if (!cq) return next();
    const presser = cq.from.id;
    let missed: string | null = null;
    let told = false;
    const watch: Transformer = (async (prev, method, payload, signal) => {
      const r = await prev(method, payload, signal);
      const p = payload as Record<string, unknown>;
      if (method === "answerCallbackQuery") {
        if (r.ok && courtesyFailed(r.result) && typeof p.text === "string" && p.text) missed = p.text;
      } else if (r.ok && SHOWS.has(method) && Number(p.chat_id) === presser) {
        told = true;
      }
      return r;
    }) as Transformer;
    ctx.api.config.use(watch);
    await next();
    if (missed === null || told || toldElsewhere.has(ctx)) return;
    try {
      await ctx.api.sendMessage(presser, missed);
    } catch (err) {
      // Someone who never opened a chat with the bot (a stranger's press in the group) cannot be told.
      ctx.deps.logger.info({ err }, "could not tell a refused pop-up by message");
    }
  };
}

/**
 * Calls that only make the client look right: the pop-up answer to a button press,
 * the "typing…" chat action, a reaction, and removing a keyboard (tidying after the
 * action, which is already done and stored). Their failure must never stop the action
 * they accompany.
 */
export function isCourtesyCall(method: string, payload: Record<string, unknown>): boolean {
  if (method === "answerCallbackQuery" || method === "sendChatAction" || method === "setMessageReaction") return true;
  if (method === "editMessageReplyMarkup") {
    const markup = payload.reply_markup as { inline_keyboard?: unknown[] } | undefined;
    return markup === undefined || (Array.isArray(markup.inline_keyboard) && markup.inline_keyboard.length === 0);
  }
  return false;
}

/**
 * How long a courtesy call may take, in milliseconds, when the Bot API's own limit
 * (TELEGRAM_TIMEOUT_SECONDS) is longer: the action it accompanies waits for it, and
 * a pop-up seconds late is worth nothing (Telegram refuses answers to presses that
 * are no longer fresh).
 */
export const COURTESY_TIMEOUT_MS = 5_000;

/**
 * Courtesy calls never throw: a refusal ("query is too old and response timeout
 * expired or query ID is invalid"), a 5xx or a network failure resolves to `false`
 * instead, logged at info; so does a call still unanswered after `limitMs`
 * (COURTESY_TIMEOUT_MS), which is aborted, so that a pop-up that hangs delays the
 * vote or the send it accompanies by seconds, not by the Bot API's whole time limit.
 * Installed innermost, so they are not retried either (a late pop-up is worth
 * nothing, and the person should not wait for it).
 */
export function courtesyCalls(logger: Logger, limitMs = COURTESY_TIMEOUT_MS): Transformer {
  return (async (prev, method, payload, signal) => {
    if (!isCourtesyCall(method, payload as Record<string, unknown>)) return prev(method, payload, signal);
    const cut = new AbortController();
    const follow = () => cut.abort();
    if (signal?.aborted) cut.abort();
    signal?.addEventListener("abort", follow, { once: true });
    const timer = setTimeout(() => cut.abort(), limitMs);
    try {
      const r = await prev(method, payload, cut.signal as unknown as NonNullable<typeof signal>); // (grammY types signals with a polyfill's type)
      if (r.ok) return r;
      logger.info({ method, code: r.error_code, description: r.description }, "courtesy call refused");
    } catch (err) {
      logger.info({ method, err, timedOut: cut.signal.aborted && !signal?.aborted }, "courtesy call failed");
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", follow);
    }
    return { ok: true, result: false };
  }) as Transformer;
}

/** True when a courtesy call's result says it failed (see courtesyCalls). */
export function courtesyFailed(result: unknown): boolean {
  return result === false;
}
