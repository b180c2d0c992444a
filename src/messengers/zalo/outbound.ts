// The outbound port (src/shared/messaging/outbound.ts) on Zalo: a person's chat is
// their Zalo account's chat-layer number (MessengerAccount, messenger zalo), and the
// message goes through the Zalo bot's Bot API (the adapter, bot-api.ts), which
// makes the HTML plain text, the choices numbered lines answered by number, and
// splits the text to Zalo's 2,000 characters. An account known to be unreachable is
// not sent to until the person writes on Zalo again (shared/db/people.ts,
// touchPerson). The group is no business of Zalo's (no group the bot can rely on):
// the route (src/messengers/route.ts) sends it elsewhere.
//
// Which Zalo answers mean "this person cannot be reached" is not documented
// (../shared/notes/zalo.md §11.7): a chat the adapter does not know ("chat not
// found"), Zalo's 404 (not found) and a refusal that says the user blocked the
// bot are taken so [I]; anything else is a failure, logged, the person kept.
import { GrammyError, InlineKeyboard, InputFile, type Api } from "grammy";
import type { Clock } from "../../shared/clock.js";
import type { Db } from "../../shared/db/client.js";
import { markUnreachable } from "../../shared/db/people.js";
import type { Logger } from "../../shared/log/logger.js";
import { checkChoices, type Outbound, type OutboundMessage, type SendOutcome } from "../../shared/messaging/outbound.js";
import type { ZaloFiles } from "./bot-api.js";
import { PictureLinks } from "./picture-links.js";

/** Whether a refused send means the person cannot be reached on Zalo (see the file's head). */
export function isZaloUnreachable(e: unknown): e is GrammyError {
  return e instanceof GrammyError && (e.error_code === 404 || (e.error_code === 400 && /chat not found/i.test(e.description)) || /block/i.test(e.description));
}

/**
 * The port on Zalo. `api`: the Zalo bot's Api (createBot with the adapter's client
 * options: every call is answered through Zalo). `files`: the adapter's (PUBLIC_URL
 * set), where a message's picture is stored once and linked for each recipient;
 * without it the adapter says where files are. One outcome per send; never throws
 * but for checkChoices' programming error.
 */
export function zaloOutbound(deps: { db: Db; clock: Clock; logger: Logger }, api: Api, files?: ZaloFiles): Outbound {
  const pictures = files ? new PictureLinks(files, deps.clock) : undefined;
  return {
    async send(to, message: OutboundMessage): Promise<SendOutcome> {
      checkChoices(message.choices);
      if ("group" in to) {
        deps.logger.error({ key: to.group.key }, "zalo: a group post has no Zalo group to go to");
        return "failed";
      }
      let account: { chatId: bigint; reachable: boolean } | null;
      try {
        account = await deps.db.messengerAccount.findUnique({ where: { personId_messenger: { personId: to.person, messenger: "zalo" } }, select: { chatId: true, reachable: true } });
      } catch (err) {
        deps.logger.error({ err, personId: to.person }, "zalo: send failed");
        return "failed";
      }
      if (!account || (!account.reachable && !to.evenIfUnreachable)) return "unreachable";
      const chatId = Number(account.chatId);
      const keyboard = message.choices?.length ? InlineKeyboard.from(message.choices.map((row) => row.map((c) => InlineKeyboard.text(c.label, c.action)))) : undefined;
      try {
        await api.sendMessage(chatId, message.text, { parse_mode: "HTML", ...(keyboard ? { reply_markup: keyboard } : {}), ...(message.protect ? { protect_content: true } : {}) });
      } catch (err) {
        if (isZaloUnreachable(err)) {
          try {
            await markUnreachable(deps.db, to.person, err.description, deps.clock.now(), "zalo");
          } catch (e) {
            deps.logger.error({ err: e, personId: to.person }, "zalo: could not record an unreachable person");
          }
          deps.logger.warn({ personId: to.person, code: err.error_code }, "zalo: recipient unreachable");
          return "unreachable";
        }
        deps.logger.error({ err, personId: to.person }, "zalo: send failed");
        return "failed";
      }
      if (message.picture) {
        // A bonus after the text, its failure leaves the message sent. With PUBLIC_URL, a signed, expiring link to the
        // picture stored once for all its recipients (picture-links.ts); without it, the adapter (bot-api.ts) sends the
        // line saying where files are available.
        const { picture } = message;
        try {
          await api.sendPhoto(chatId, pictures ? await pictures.link(picture) : new InputFile(picture.png, picture.fileName), { caption: picture.caption });
        } catch (err) {
          deps.logger.warn({ err, personId: to.person }, "zalo: picture not sent (the message was)");
        }
      }
      return "sent";
    },
  };
}
