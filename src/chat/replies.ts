// Answers to a button press on the message that carried the button: shown in place
// when the message can still be edited, as a new message otherwise (Bot API: a
// message older than 48 hours, or deleted, cannot be edited). A messenger without
// edits (Zalo) gets a new message from its adapter either way.
import { GrammyError, type Context } from "grammy";
import type { InlineKeyboardMarkup } from "grammy/types";

/**
 * Telegram's answer when a message cannot be edited any more: deleted ("message
 * to edit not found"), older than 48 hours or not the bot's ("message can't be
 * edited"), or of another kind ("there is no text in the message to edit").
 */
export function cannotEdit(err: unknown): boolean {
  return err instanceof GrammyError && err.error_code === 400 && /message to edit not found|message can't be edited|MESSAGE_ID_INVALID|there is no text in the message to edit/i.test(err.description);
}

/** Shows `text` in place of the message whose button was pressed; when that message cannot be edited, as a new message. */
export async function editOrReply(ctx: Context, text: string, other: Parameters<Context["reply"]>[1] = {}): Promise<void> {
  try {
    await ctx.editMessageText(text, other as Parameters<Context["editMessageText"]>[1]);
  } catch (err) {
    if (!cannotEdit(err)) throw err;
    await ctx.reply(text, other);
  }
}

/** Changes (or, with none, removes) the buttons of the message pressed; nothing to do when it cannot be edited. */
export async function editButtons(ctx: Context, markup?: InlineKeyboardMarkup): Promise<void> {
  try {
    await ctx.editMessageReplyMarkup(markup ? { reply_markup: markup } : undefined);
  } catch (err) {
    if (!cannotEdit(err)) throw err;
  }
}
