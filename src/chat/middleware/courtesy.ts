// Nobody is left without an answer when a pop-up fails. The answer to a button press
// (answerCallbackQuery) is a courtesy call that never fails the action (see
// messengers/telegram/api-policy.ts); when Telegram refuses it ("query is too old", a restart's
// backlog) and it carried text, that text reaches the person by message instead:
// in private, unless the update already said something to them there.
import type { MiddlewareFn, Transformer } from "grammy";
import type { BotContext } from "../context.js";
import { courtesyFailed } from "../../messengers/telegram/api-policy.js";

/** Methods whose success means the person saw something in their private chat. */
const SHOWS = new Set(["sendMessage", "sendPhoto", "sendDocument", "editMessageText", "editMessageCaption", "editMessageReplyMarkup", "copyMessage", "forwardMessage"]);

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
    if (missed === null || told) return;
    try {
      await ctx.api.sendMessage(presser, missed);
    } catch (err) {
      // Someone who never opened a chat with the bot (a stranger's press in the group) cannot be told.
      ctx.deps.logger.info({ err }, "could not tell a refused pop-up by message");
    }
  };
}
