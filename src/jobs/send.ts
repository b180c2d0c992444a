// Sending from jobs: a person who blocked the bot or never opened it (403) is
// marked unreachable instead of retried for ever; nothing here throws.
import { GrammyError, type Api, type InlineKeyboard } from "grammy";
import { markUnreachable } from "../db/people.js";
import type { Deps } from "../bot/context.js";

export type SendOutcome = "sent" | "unreachable" | "failed";

export async function sendSafely(
  deps: Deps,
  api: Api,
  to: { personId: number | null; chatId: number },
  text: string,
  keyboard?: InlineKeyboard,
  extra: { protect_content?: boolean } = {},
): Promise<SendOutcome> {
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
