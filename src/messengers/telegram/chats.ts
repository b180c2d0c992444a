// The chats port (src/shared/messaging/chats.ts) on Telegram: HTML parse mode,
// choices as an inline keyboard, `protect` as protect_content, pictures as photos.
// The Api's transformers (api-policy.ts) keep Telegram's limits, retry what may be
// retried and follow a group that became a supergroup; what still fails comes back
// as a ChatCallError carrying Telegram's error_code, with any secret masked.
import { GrammyError, HttpError, InputFile, type Api } from "grammy";
import type { Message } from "grammy/types";
import { ChatCallError, type Chats, type LandedMessage } from "../../shared/messaging/chats.js";
import { checkChoices, type OutboundMessage } from "../../shared/messaging/outbound.js";
import { maskSecrets } from "../../shared/log/logger.js";
import { keyboardOf } from "./outbound.js";
import { messageParts } from "./telegram-limits.js";

function callError(err: unknown): ChatCallError {
  if (err instanceof GrammyError) return new ChatCallError(err.error_code, err.description);
  if (err instanceof HttpError) return new ChatCallError(null, maskSecrets(`network: ${err.message}`));
  return new ChatCallError(0, maskSecrets(err instanceof Error ? err.message : String(err)));
}

function options(message: OutboundMessage) {
  checkChoices(message.choices);
  return {
    parse_mode: "HTML" as const,
    ...(message.choices?.length ? { reply_markup: keyboardOf(message.choices) } : {}),
    ...(message.protect ? { protect_content: true } : {}),
  };
}

export function telegramChats(api: Api): Chats {
  return {
    async send(chatId, message, progress): Promise<LandedMessage> {
      const opts = options(message);
      try {
        if (!progress) {
          const m = await api.sendMessage(chatId, message.text, opts);
          return { chatId: m.chat.id, messageId: m.message_id };
        }
        // In parts here rather than in telegram-limits.ts, so that each part that lands is told.
        const parts = messageParts(message.text, true);
        const { reply_markup: _keyboard, ...rest } = opts;
        let m: Message.TextMessage | undefined;
        for (let i = Math.min(progress.skip, parts.length - 1); i < parts.length; i++) {
          const last = i === parts.length - 1;
          m = await api.sendMessage(chatId, parts[i]!, last ? opts : rest);
          if (!last) await progress.landed(i + 1);
        }
        return { chatId: m!.chat.id, messageId: m!.message_id };
      } catch (err) {
        throw err instanceof ChatCallError ? err : callError(err);
      }
    },
    async edit(at, message) {
      const opts = options(message);
      try {
        await api.editMessageText(at.chatId, at.messageId, message.text, opts);
        return "edited";
      } catch (err) {
        throw callError(err);
      }
    },
    async sendPicture(chatId, picture) {
      try {
        const m = await api.sendPhoto(chatId, new InputFile(picture.png, picture.fileName), { caption: picture.caption });
        return { chatId: m.chat.id, messageId: m.message_id };
      } catch (err) {
        throw callError(err);
      }
    },
  };
}
