// Plugins installed inside every conversation: the messenger's Api transformers
// again (src/chat/bot.ts, BotOptions.apiTransformers), since a conversation builds
// its own Api from the bot's options and bot.api's transformers do not apply there.
import type { Transformer } from "grammy";
import type { ConvContext } from "../context.js";

/** The conversation plugins that install `transformers` on each replay's ctx.api. */
export function conversationPlugins(transformers: Transformer[]) {
  return [
    async (ctx: ConvContext, next: () => Promise<void>) => {
      ctx.api.config.use(...transformers);
      await next();
    },
  ];
}
