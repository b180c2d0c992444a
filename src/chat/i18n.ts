// ctx.t: the bot's messages (src/shared/i18n/messages.ts) in the language of the
// person an update comes from.
import type { MiddlewareFn } from "grammy";
import type { BotContext } from "./context.js";
import type { Messages } from "../shared/i18n/messages.js";

/**
 * ctx.t for every update: the message in ctx.locale, read when the message is
 * made, so a change of language during the update (/lang) takes effect at once.
 */
export function localeMiddleware(i18n: Messages): MiddlewareFn<BotContext> {
  return (ctx, next) => {
    ctx.t = (key, vars) => i18n.t(ctx.locale, key, vars);
    return next();
  };
}

