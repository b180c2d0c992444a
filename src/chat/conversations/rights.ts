// A dialogue ends when the person loses the role it needs (/revoke): at their
// next update, not at the end. The check reads the outside context's actor,
// which the scope middleware reads from the database for every update (one
// statement, no cache: shared/db/people.ts), so it sees a revocation made a
// moment ago by an admin in another chat.
import type { Conversation } from "@grammyjs/conversations";
import type { BotContext, ConvContext } from "../context.js";
import { work } from "./work.js";

/**
 * Called right after each wait of a dialogue: returns when the person still has
 * the right; otherwise runs `cleanup` (e.g. deletes the report's draft), answers
 * the update with `line` and ends the dialogue. A command is passed on (it is
 * handled as usual), and a button of someone else's message is passed on too
 * (its own handler answers it); a button of this dialogue is answered here.
 */
export async function endIfRightLost(
  conversation: Conversation<BotContext, ConvContext>,
  c: ConvContext,
  still: (octx: BotContext) => boolean,
  line: string,
  opts: { own: (data: string) => boolean; cleanup?: () => Promise<unknown> },
): Promise<void> {
  if (await work(conversation, (octx) => still(octx))) return;
  if (opts.cleanup) await work(conversation, async () => void (await opts.cleanup!()));
  const data = c.callbackQuery?.data;
  const own = data !== undefined && opts.own(data);
  if (own) await c.answerCallbackQuery();
  if (c.chat?.type === "private") await c.reply(line);
  await conversation.halt({ next: !own && (data !== undefined || c.message?.text?.startsWith("/") === true) });
}
