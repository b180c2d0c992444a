// Last in the chain: stray messages in private get a hint, every stray button
// press gets an answer (so the client stops its spinner), groups stay quiet.
import { Composer } from "grammy";
import type { BotContext } from "../context.js";

export function unhandledFeature() {
  const c = new Composer<BotContext>();
  c.on("callback_query", async (ctx) => {
    await ctx.answerCallbackQuery({ text: ctx.t("button-expired"), show_alert: false });
  });
  c.chatType("private").on("message", async (ctx) => {
    if (ctx.message.text?.startsWith("/")) return ctx.reply(ctx.t("unknown-command"));
    await ctx.reply(ctx.t("unhandled-private"));
  });
  return c;
}
