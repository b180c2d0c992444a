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
//
// A press is answered once (PressAnswers): Telegram refuses a second answer as too
// old, so a later one (the error handler's, after a handler answered at once and then
// failed) is not sent, and its text goes by message in the same way.
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

/**
 * The presses this bot has answered: one answerCallbackQuery per press. Telegram
 * takes the first answer of a callback query and refuses any other with 400 "query
 * is too old and response timeout expired or query ID is invalid" (the words of a
 * query no longer fresh), so a second answer shows the person nothing. Handlers
 * answer a press at once, without text, so that the client stops its spinner, and
 * then act; when the action fails, the error handler's answer (src/chat/bot.ts) is
 * that second answer, as is a dialogue's entered again from its saved position.
 *
 * fetch() wraps the fetch of the bot's Api client (createBot), which every Api of
 * the bot uses: bot.api, each update's, and each conversation's, on every messenger
 * (Zalo has no pop-ups and sends an answer's text as a message: one answer, one
 * message at most). It lets the first answer of each press through and no other: a
 * later one is answered `{ ok: true, result: false }` at once, as a refused courtesy
 * call is (courtesyFailed), so that its text reaches the person by message
 * (popupFallback, the error handler, a dialogue's "button expired"). At the fetch,
 * below the Api's transformers, because @grammyjs/conversations replays a dialogue's
 * calls through them (returning the logged results): a transformer that answered a
 * replayed call from its own memory would break the replay. An answer counts from
 * its first try, whatever became of it: one that timed out may have reached
 * Telegram, and a press refused as too old stays so.
 *
 * Keyed by callback_query_id (unique per press on both messengers: Telegram's, and
 * messengers/zalo/bot-api.ts callbackQueryId), read from the call's JSON body, the
 * Bot API's own request format (grammY sends a call without files as JSON; an
 * answer never has files). The newest `capacity` ids are kept: a press is answered
 * within its update, long before that many others are.
 */
export class PressAnswers {
  private readonly ids = new Set<string>();
  constructor(private readonly logger: Logger, private readonly capacity = 10_000) {}

  /** Whether the press with this callback_query_id was answered (or an answer tried). */
  answered(callbackQueryId: string): boolean {
    return this.ids.has(callbackQueryId);
  }

  /** Records an answer to this press: true if it is the first. */
  private take(callbackQueryId: string): boolean {
    if (this.ids.has(callbackQueryId)) return false;
    this.ids.add(callbackQueryId);
    if (this.ids.size > this.capacity) this.ids.delete(this.ids.values().next().value!);
    return true;
  }

  /** `inner`, with the second and later answers to a press answered here instead (see the class). */
  fetch<F extends (url: never, init?: never) => Promise<unknown>>(inner: F): F {
    return (async (url: unknown, init?: { body?: unknown }) => {
      const id = answerOf(url, init?.body);
      if (id !== undefined && !this.take(id)) {
        this.logger.debug("a press already answered: not answered again");
        return new Response(JSON.stringify({ ok: true, result: false }), { status: 200, headers: { "content-type": "application/json" } });
      }
      return inner(url as never, init as never);
    }) as unknown as F;
  }
}

/** The callback_query_id of an answerCallbackQuery request (its URL ends with the method's name), or undefined. */
function answerOf(url: unknown, body: unknown): string | undefined {
  const href = typeof url === "string" ? url : url instanceof URL ? url.href : (url as { url?: unknown } | null)?.url;
  if (typeof href !== "string" || !href.endsWith("/answerCallbackQuery") || typeof body !== "string") return undefined;
  try {
    const id = (JSON.parse(body) as { callback_query_id?: unknown }).callback_query_id;
    return typeof id === "string" || typeof id === "number" ? String(id) : undefined;
  } catch {
    return undefined;
  }
}

/** True when a courtesy call's result says it failed (see courtesyCalls). */
export function courtesyFailed(result: unknown): boolean {
  return result === false;
}
