// Choices (src/shared/messaging/outbound.ts) in the chat layer: as grammY's inline
// keyboard for a reply, and a message to the person who pressed a button, in their
// private chat, on the update's own Api (so the pop-up's fallback,
// chat/middleware/courtesy.ts, sees that they were told).
import { GrammyError, InlineKeyboard } from "grammy";
import type { BotContext } from "./context.js";
import type { Choice, OutboundMessage, SendOutcome } from "../shared/messaging/outbound.js";
import { markUnreachable } from "../shared/db/people.js";
import { messengerOfChatId } from "../shared/messaging/messengers.js";
import { markToldPrivately } from "./middleware/courtesy.js";
import { choiceButtons } from "./keyboards.js";

/** Choices as an inline keyboard: one callback button per choice, rows kept. */
export function choicesKeyboard(choices: Choice[][]): InlineKeyboard {
  return new InlineKeyboard(choiceButtons(choices));
}

/** The reply options that carry a message's HTML and choices (and `protect`). */
export function replyOptions(message: Omit<OutboundMessage, "text">) {
  return {
    parse_mode: "HTML" as const,
    ...(message.choices?.length ? { reply_markup: choicesKeyboard(message.choices) } : {}),
    ...(message.protect ? { protect_content: true } : {}),
  };
}

/**
 * Sends `message` to the presser's (or sender's) private chat. Someone who blocked
 * the bot or never opened it is marked unreachable (when they have a Person row)
 * and gets "unreachable"; never throws for a refusal ("failed", logged).
 */
export async function sendPrivately(ctx: BotContext, message: OutboundMessage): Promise<SendOutcome> {
  const chatId = ctx.from?.id;
  if (chatId === undefined) return "failed";
  try {
    await ctx.api.sendMessage(chatId, message.text, replyOptions(message));
    return "sent";
  } catch (err) {
    if (err instanceof GrammyError && (err.error_code === 403 || (err.error_code === 400 && /chat not found/i.test(err.description)))) {
      // The messenger the update came on (ctx.api is its bot's): only that account is marked.
      if (ctx.person) await markUnreachable(ctx.deps.db, ctx.person.id, err.description, ctx.deps.clock.now(), messengerOfChatId(chatId));
      ctx.deps.logger.warn({ chatId, code: err.error_code }, "recipient unreachable");
      return "unreachable";
    }
    ctx.deps.logger.error({ err, chatId }, "send failed");
    return "failed";
  }
}

/**
 * Sends `message` in private to the person behind this update (its presser or
 * sender) on their preferred messenger, and on their other one when that cannot
 * reach them (deps.notify, issue 16 item 4): what answers an action taken in the
 * group. "unreachable" when the bot knows no person for them. A message sent so
 * counts as telling them, for the pop-up's fallback (middleware/courtesy.ts).
 */
export async function sendToPerson(ctx: BotContext, message: OutboundMessage): Promise<SendOutcome> {
  if (!ctx.person) return "unreachable";
  const outcome = await ctx.deps.notify.send({ person: ctx.person.id }, message);
  if (outcome === "sent") markToldPrivately(ctx);
  return outcome;
}
