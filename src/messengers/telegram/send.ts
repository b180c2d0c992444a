// Sending from jobs: a person who blocked the bot or never opened it (403) is
// marked unreachable instead of retried for ever, and a person already known to be
// unreachable (a 403 earlier, or a block Telegram told of: features/reminders/chat/reachability.ts)
// is not sent to at all until they write to the bot again; nothing here throws.
import { GrammyError, type Api, type InlineKeyboard } from "grammy";
import { markUnreachable } from "../../shared/db/people.js";
import type { Deps } from "../../shared/deps.js";

export type SendOutcome = "sent" | "unreachable" | "failed";

/**
 * Sends `text` (HTML) to a person's private chat. `to.reachable`: the person's
 * Person.reachable as read by the caller; false skips the send ("unreachable").
 */
export async function sendSafely(
  deps: Deps,
  api: Api,
  to: { personId: number | null; chatId: number; reachable?: boolean },
  text: string,
  keyboard?: InlineKeyboard,
  extra: { protect_content?: boolean } = {},
): Promise<SendOutcome> {
  if (to.reachable === false) return "unreachable";
  try {
    await api.sendMessage(to.chatId, text, { parse_mode: "HTML", ...(keyboard ? { reply_markup: keyboard } : {}), ...extra });
    return "sent";
  } catch (err) {
    if (err instanceof GrammyError && (err.error_code === 403 || (err.error_code === 400 && /chat not found/i.test(err.description)))) {
      if (to.personId !== null) await markUnreachable(deps.db, to.personId, err.description, deps.clock.now());
      deps.logger.warn({ chatId: to.chatId, code: err.error_code }, "recipient unreachable");
      return "unreachable";
    }
    deps.logger.error({ err, chatId: to.chatId }, "send failed");
    return "failed";
  }
}
