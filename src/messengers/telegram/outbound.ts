// The outbound port (src/shared/messaging/outbound.ts) on Telegram: a person's
// private chat is their Telegram id; the text goes in HTML parse mode, choices as an
// inline keyboard, `protect` as protect_content. Long texts are split by the Api's
// limits transformer (telegram-limits.ts, keyboard on the last part); a 403 or "chat
// not found" marks the person unreachable, and a person known to be unreachable (an
// earlier 403, or a block Telegram told of) is not sent to until they write again
// (send.ts). The group goes through the group's outbox, which the composition passes
// in (src/app.ts).
import { InlineKeyboard, InputFile, type Api } from "grammy";
import type { Db } from "../../shared/db/client.js";
import type { Clock } from "../../shared/clock.js";
import type { Logger } from "../../shared/log/logger.js";
import type { PostContent } from "../../shared/messaging/group-posts.js";
import { checkChoices, type Choice, type Outbound, type OutboundMessage, type SendOutcome } from "../../shared/messaging/outbound.js";
import { sendSafely } from "./send.js";
import type { Deps } from "../../shared/deps.js";

/** The group's outbox as the port needs it: queue a post under a key (false: the key was already queued or sent), and start a flush. */
export type GroupOutbox = {
  queue(key: string, content: PostContent, staleAfterMs: number): Promise<boolean>;
  flush(): Promise<void>;
};

/** Choices as an inline keyboard: one callback button per choice, rows kept. */
export function keyboardOf(choices: Choice[][]): InlineKeyboard {
  return InlineKeyboard.from(choices.map((row) => row.map((c) => InlineKeyboard.text(c.label, c.action))));
}

export function telegramOutbound(deps: Deps & { db: Db; clock: Clock; logger: Logger }, api: Api, group: GroupOutbox): Outbound {
  return {
    async send(to, message: OutboundMessage): Promise<SendOutcome> {
      checkChoices(message.choices);
      if ("group" in to) {
        try {
          const content: PostContent = {
            kind: "text", text: message.text,
            ...(message.choices ? { buttons: message.choices.map((row) => row.map((c) => ({ label: c.label, data: c.action }))) } : {}),
            ...(to.group.texts ? { texts: to.group.texts } : {}),
          };
          await group.queue(to.group.key, content, to.group.staleAfterMs);
          const flushing = group.flush().catch((err: unknown) => deps.logger.error({ err }, "group posts: flush failed"));
          if (to.group.wait) await flushing;
          return "sent";
        } catch (err) {
          deps.logger.error({ err, key: to.group.key }, "group post could not be queued");
          return "failed";
        }
      }
      let chatId: number;
      let reachable: boolean;
      try {
        const row = await deps.db.person.findUnique({ where: { id: to.person }, select: { telegramId: true, reachable: true, accounts: { where: { messenger: "telegram" }, select: { chatId: true } } } });
        if (!row) {
          deps.logger.error({ personId: to.person }, "send: no such person");
          return "failed";
        }
        chatId = Number(row.accounts[0]?.chatId ?? row.telegramId); // the Telegram account's (MessengerAccount)
        reachable = row.reachable || to.evenIfUnreachable === true;
      } catch (err) {
        deps.logger.error({ err, personId: to.person }, "send failed");
        return "failed";
      }
      const keyboard = message.choices?.length ? keyboardOf(message.choices) : undefined;
      const outcome = await sendSafely(deps, api, { personId: to.person, chatId, reachable }, message.text, keyboard, message.protect ? { protect_content: true } : {});
      if (outcome === "sent" && message.picture) {
        // A bonus after the text: its failure leaves the message sent.
        try {
          await api.sendPhoto(chatId, new InputFile(message.picture.png, message.picture.fileName), { caption: message.picture.caption });
        } catch (err) {
          deps.logger.warn({ err, personId: to.person }, "picture not sent (the message was)");
        }
      }
      return outcome;
    },
  };
}
