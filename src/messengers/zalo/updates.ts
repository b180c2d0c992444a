// A Zalo event (events.ts) as the grammY Update Telegram would have sent, so
// that the same handlers and dialogues serve Zalo:
//  - a text → `message` (a leading "/word" gets a bot_command entity, as
//    Telegram marks commands);
//  - a reference and an answer ("B3 2", menus.ts) that answers the menu the chat
//    was last shown under that reference (ids.ts, ZaloMenuRef), whatever came
//    after it → `callback_query` as below, on that menu's message; when the
//    reference is known but no choice of its menu answers, no update: the
//    adapter says so (locales: zalo-menu-no-choice);
//  - a text that answers the chat's latest numbered menu (ids.ts, ZaloMenu) by
//    its number or by one choice's words (text.ts, matchChoice) →
//    `callback_query` with that choice's data, its `message` the menu's
//    message (synthetic id, text, keyboard), as if the button were pressed
//    there; a number beyond the menu, or after the menu was replaced by a newer
//    one, answers only the newer one or nothing; a number of one of the text's
//    own numbered lines (a read-back's items: the menu is numbered after them,
//    text.ts menuChoices) goes on as the text typed, for the dialogue to read;
//    under a question that takes a typed answer (a figure: bot-api.ts,
//    typedAnswers) a number is that answer, and only the words answer a
//    choice; a ballot's copy pushed while the person is in a dialogue (ids.ts,
//    rememberMenu) leaves the bare numbers to the dialogue's menu (a figure,
//    "1" on the read-back) and is answered by its reference; once the dialogue
//    is over, a bare number answers it, until a newer menu is shown (/start's,
//    /ballots'); whether the chat is in a dialogue is read only while such a
//    copy waits;
//  - anything else (an image, a sticker, a voice note, `unsupported`, an event
//    without `message`, an unknown kind) → no update: the adapter answers it
//    with a fixed polite text (issue 16 item 8).
// Ids: chats and users as numbers from 2^52 up, update ids from the ZaloInbound
// row of the Zalo message id (ids.ts). Dates in seconds, as Telegram's.
import type { Chat, Update, User } from "grammy/types";
import type { Clock } from "../../shared/clock.js";
import type { ZaloEvent } from "./events.js";
import { ZALO_ID_BASE, type ZaloChats, type ZaloInbound, type ZaloMenu } from "./ids.js";
import { referencedAnswer } from "./menus.js";
import { callbackQueryId } from "./bot-api.js";
import { htmlToPlain, matchChoice, menuChoices, type MenuChoice } from "./text.js";
import { randomBytes } from "node:crypto";

/** What an event becomes: an update for the bot, or a fixed answer to the chat `chat` (unsupported; a referenced menu without that choice), or nothing at all (no chat to answer). */
export type Synthesized =
  | { kind: "update"; update: Update }
  | { kind: "unsupported"; chat: number }
  | { kind: "no_choice"; chat: number; ref: string; answer: string }
  | { kind: "none"; why: string };

const COMMAND = /^\/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{1,64})?(?=\s|$)/;

export class ZaloUpdates {
  constructor(
    private readonly chats: ZaloChats,
    private readonly inbound: ZaloInbound,
    private readonly clock: Clock,
    private readonly botInfo: User,
    /** Whether a menu is answered by words only (bot-api.ts, typedAnswers). */
    private readonly typedAnswers: (choices: MenuChoice[]) => boolean,
    /** Whether a chat is in a dialogue now (bot-api.ts, ZaloBotApiOptions.inDialogue). */
    private readonly inDialogue: (chat: number) => Promise<boolean> = async () => false,
  ) {}

  /**
   * The menu a bare number of chat `chatNo` answers: the latest (ids.ts), unless
   * a ballot's copy waits behind it (pushed mid-dialogue, ids.ts rememberMenu):
   * then, in the dialogue, the dialogue's menu (none once it was forgotten), and
   * after it, the copy.
   */
  private async numberedMenu(chatNo: number): Promise<ZaloMenu | null> {
    const latest = await this.chats.latestMenu(chatNo);
    if (!latest?.waitingRef) return latest;
    const waiting = await this.chats.menuByRef(chatNo, latest.waitingRef);
    const isWaiting = waiting?.messageId === latest.messageId;
    if (await this.inDialogue(chatNo)) return isWaiting ? null : latest;
    return waiting ?? (isWaiting ? null : latest);
  }

  async synthesize(event: ZaloEvent): Promise<Synthesized> {
    const chatZaloId = event.chat?.id ?? event.from?.id;
    if (!chatZaloId) return { kind: "none", why: `a ${event.kind} event without a chat or sender` };
    const chatNo = await this.chats.numberOf(chatZaloId);
    if (event.kind !== "text" || typeof event.text !== "string" || !event.from) return { kind: "unsupported", chat: chatNo };

    const fromNo = event.from.id === chatZaloId ? chatNo : await this.chats.numberOf(event.from.id);
    // An event without a message id (never seen for a text) still needs an update id of its own.
    const updateId = await this.inbound.updateIdOf(event.messageId ?? `none:${randomBytes(12).toString("hex")}`);
    const date = Math.floor((event.date ?? this.clock.now()).getTime() / 1000);
    const name = event.from.displayName || "Zalo";
    const from = { id: fromNo, is_bot: false, first_name: name } as User;
    const chat =
      event.chat?.type === "group"
        ? ({ id: chatNo, type: "group", title: "Zalo" } as const)
        : ({ id: chatNo, type: "private", first_name: name } as const);

    const referenced = referencedAnswer(event.text);
    const byRef = referenced ? await this.chats.menuByRef(chatNo, referenced.ref) : null;
    if (byRef) {
      const choice = matchChoice(referenced!.answer, menuChoices(byRef.markup, byRef.text));
      if (choice) return { kind: "update", update: this.pressed(updateId, chatNo, from, chat, byRef, choice) };
      return { kind: "no_choice", chat: chatNo, ref: referenced!.ref, answer: referenced!.answer };
    } else {
      const menu = await this.numberedMenu(chatNo);
      const choices = menu ? menuChoices(menu.markup, menu.text) : [];
      const choice = menu ? matchChoice(event.text, choices, { numbers: !this.typedAnswers(choices) }) : null;
      if (menu && choice) return { kind: "update", update: this.pressed(updateId, chatNo, from, chat, menu, choice) };
    }

    const messageId = await this.chats.nextMessageId(chatNo);
    const command = COMMAND.exec(event.text);
    return {
      kind: "update",
      update: {
        update_id: updateId,
        message: {
          message_id: messageId,
          date,
          chat,
          from,
          text: event.text,
          ...(command ? { entities: [{ type: "bot_command", offset: 0, length: command[0].length }] } : {}),
        },
      } as Update,
    };
  }

  /** The press of `choice` on `menu`'s message, as Telegram sends a button's press. */
  private pressed(updateId: number, chatNo: number, from: User, chat: Chat, menu: ZaloMenu, choice: MenuChoice): Update {
    return {
      update_id: updateId,
      callback_query: {
        id: callbackQueryId(chatNo, updateId),
        from,
        chat_instance: `zalo${chatNo - ZALO_ID_BASE}`,
        data: choice.data,
        message: {
          message_id: menu.messageId,
          date: Math.floor(menu.shownAt.getTime() / 1000),
          chat,
          from: this.botInfo,
          text: htmlToPlain(menu.text),
          reply_markup: menu.markup,
        },
      },
    } as Update;
  }
}
