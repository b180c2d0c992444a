// The Bot API answered by Zalo. The features keep speaking grammY; a Zalo chat
// is driven by a second Bot whose Bot API calls are answered here, through the
// Zalo Bot API (api.ts), and never reach Telegram. Where the answer is made:
// at the bottom of every Api's transformer chain, as the Bot API itself would
// answer: the Zalo bot's client `fetch` (ZaloBotApi.fetch, given by
// ZaloAdapter.clientOptions()) takes grammY's request and answers it. Not in a
// transformer of its own: inside a dialogue, @grammyjs/conversations installs
// its replay transformer first on the Api it builds (plugin.js, hydrateContext),
// so any transformer a conversation's plugin adds runs outside it, on every
// replay too, and would send each earlier message again on each answer. At the
// bottom, replays are answered from the conversation's log like any call, and
// the transformers above (the retry policy, the courtesy calls, the pop-up
// fallback of chat/middleware/courtesy.ts) keep working unchanged. One
// transformer remains (ZaloBotApi.fileSlots, installed on bot.api and inside
// conversations): it sets files aside so that every request is JSON (grammY
// sends an InputFile as multipart).
// Per method (Zalo's facts: shared/notes/zalo.md):
//  - sendMessage: HTML → plain text (text.ts), the inline keyboard → numbered
//    lines under it, cut to Zalo's 2,000 characters (the lines in the last
//    part); the result is a Telegram Message with a synthetic message_id (ids.ts).
//    A keyboard with choices becomes the chat's latest menu (ZaloMenu); one the
//    composition gives a reference (menuReference, menus.ts: "B3") is also kept
//    under it, answered by "B3 2" after later menus, and says so under its lines.
//    While the chat is in a dialogue (inDialogue), a referenced menu the bot
//    pushes does not take the latest's place from the dialogue's menu (ids.ts,
//    rememberMenu): pushed = not sent while the adapter handles an update of
//    that same chat (inAnswerTo); a copy /ballots was asked for answers the
//    person's press or command, and takes the place. rememberMenu decides from
//    the chat's ZaloMenu row, which it reads anyway, and asks inDialogue (a read
//    of the conversation storage) only when the answer decides: for a pushed
//    referenced menu against a menu without a reference, and for a menu
//    answering the person while a copy waits; never for an ordinary dialogue's.
//  - editMessageText / editMessageCaption / editMessageReplyMarkup: Zalo edits
//    nothing in place [D]: a new message with the new text (and its lines); the
//    result keeps the edited message's id, so what handlers stored stays true.
//    An edit that only removes a keyboard sends nothing and forgets that menu.
//  - answerCallbackQuery: no pop-up exists; its text, if any, is sent as a
//    message. sendChatAction: Zalo's "typing" [D], a courtesy (a failure
//    answers `false`, as messengers/telegram/api-policy.ts's courtesy calls do).
//  - deleteMessage(s) (nothing is deleted [D]; the menu it carried is
//    forgotten), setMyCommands and the other menu and profile calls, getMe,
//    getChat: answered here, shaped as Telegram's.
//  - sendPhoto / sendDocument: Zalo takes images by URL only and has no
//    documents [D]: the bytes are stored (shared/files/store.ts) and sent as a
//    signed, expiring link (shared/files/links.ts): a photo by its URL, a
//    document as a text with the link. Without a public URL, a fixed text
//    (locales: zalo-files-unavailable).
//  - any other method: refused (400) with a description naming it and this
//    file: a programming error, for the tests to catch.
// Zalo's faults: 429, 5xx and network failures are tried again with backoff
// (polling.ts's backoffDelay); 401 (the token reset) answers as Telegram
// answers a revoked token (error_code 401; grammY throws a GrammyError,
// isZaloTokenRevoked) and calls `onTokenRevoked` once; other refusals answer
// `ok: false` with Zalo's code; a network failure after the tries throws
// (grammY's HttpError, as for Telegram). No error holds the token (api.ts masks).
import { AsyncLocalStorage } from "node:async_hooks";
import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { GrammyError, type Transformer } from "grammy";
import type { ApiResponse, InlineKeyboardMarkup, Message, UserFromGetMe } from "grammy/types";
import type { Clock } from "../../shared/clock.js";
import { fileLinkUrl, signFileLink } from "../../shared/files/links.js";
import type { FileStore } from "../../shared/files/store.js";
import type { Logger } from "../../shared/log/logger.js";
import { ZaloApiError, ZaloNetworkError, ZaloRequestError, type ZaloApi } from "./api.js";
import { ZALO_ID_BASE, type ZaloChats } from "./ids.js";
import { normalReference } from "./menus.js";
import { backoffDelay } from "./polling.js";
import { htmlToPlain, keyboardLines, menuChoices, onlyDialogueControls, zaloParts, type ChoiceStyle, type MenuChoice } from "./text.js";
import { sleep, systemTimers, type Timers } from "./timers.js";

/** The description of the 401 answer when Zalo refuses the token. */
export const ZALO_TOKEN_REVOKED = "Unauthorized: Zalo refused the bot token (reset in Zalo Bot Creator, or wrong)";

/**
 * Whether `e` is the error a Bot API call of the Zalo bot fails with once Zalo
 * refuses the token: a GrammyError 401, as Telegram's revoked token gives.
 */
export function isZaloTokenRevoked(e: unknown): boolean {
  return e instanceof GrammyError && e.error_code === 401;
}

/** Thrown inside the retry loop on 401, turned into the 401 answer. */
class Revoked extends Error {}

/** Where files are served: the public URL (PUBLIC_URL), the store, and the links' key (32 bytes or more). */
export type ZaloFiles = { store: FileStore; key: Uint8Array | string; publicUrl: string };

export type ZaloBotApiOptions = {
  api: Pick<ZaloApi, "sendMessage" | "sendPhoto" | "sendChatAction">;
  chats: ZaloChats;
  clock: Clock;
  logger: Logger;
  /**
   * The adapter's fixed texts (zalo-files-unavailable, zalo-typed-choice,
   * zalo-menu-reference, zalo-unsupported) for the chat they go to (its chat-layer number, 2^52 + n):
   * Zalo tells no one's language, so the composition writes them in the language
   * the person of that chat chose (Person.locale), else the bloc's default.
   */
  t: (key: string, vars: Record<string, string | number> | undefined, chat: number) => string;
  /**
   * Whether a menu sits under a question that also takes a typed answer (a
   * figure): then a typed number is that answer, not a choice, and the choices
   * are written and answered by their words. Default: text.ts's
   * onlyDialogueControls (back, cancel, skip, keep, same of a dialogue).
   */
  takesTypedAnswers?: (choices: MenuChoice[]) => boolean;
  /**
   * The reference of a menu that stays answerable after later ones ("B3": an
   * open ballot's copy; menus.ts), or null: answered then by a bare number as
   * the latest menu only. Default: none has one.
   */
  menuReference?: (choices: MenuChoice[]) => string | null;
  /**
   * Whether chat `chat` is in a dialogue now (a conversation stored for it:
   * chat/conversations/dialogue.ts, inDialogue): then a pushed referenced menu
   * leaves the latest's place to the dialogue's menu (ids.ts, rememberMenu).
   * Default: never.
   */
  inDialogue?: (chat: number) => Promise<boolean>;
  /** Files as links; undefined when no public URL is configured. */
  files?: ZaloFiles;
  /** Called once, the first time Zalo refuses the token. */
  onTokenRevoked?: () => void;
  /** Tries of a send on 429, 5xx or a network failure (the first included). Default 4. */
  tries?: number;
  /** First wait before a second try (ms), doubled each time up to `maxRetryMs`, with jitter. Default 1 000. */
  firstRetryMs?: number;
  /** Default 15 000. */
  maxRetryMs?: number;
  timers?: Timers;
  random?: () => number;
  /** getMe's answer (username: Zalo's account name). */
  botInfo: UserFromGetMe;
};

/** The bot as grammY knows it on Zalo: id 2^52 (ids.ts), `username` Zalo's account name (getMe's `account_name`). */
export function zaloBotInfo(accountName = "zalo_bot", firstName = "Bot"): UserFromGetMe {
  return {
    id: ZALO_ID_BASE,
    is_bot: true,
    first_name: firstName,
    username: accountName,
    can_join_groups: false,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
  } as UserFromGetMe;
}

type Payload = Record<string, unknown>;
type Result = ApiResponse<unknown>;

/** Calls answered here with `true`: menus, profile, reactions (no such things on Zalo [D]). */
const ANSWERED_TRUE = new Set([
  "setMyCommands",
  "deleteMyCommands",
  "setChatMenuButton",
  "setMyDescription",
  "setMyShortDescription",
  "setMyName",
  "setMyDefaultAdministratorRights",
  "setMessageReaction",
]);

/** The callback query ids updates.ts makes: `zalo:<chat number>:<update id>`. */
export function callbackQueryId(chat: number, updateId: number): string {
  return `zalo:${chat}:${updateId}`;
}

function chatOfQuery(id: unknown): number | null {
  const m = typeof id === "string" ? /^zalo:(\d{16}):\d+$/.exec(id) : null;
  const n = m ? Number(m[1]) : NaN;
  return Number.isSafeInteger(n) && n > ZALO_ID_BASE ? n : null;
}

const FILE_SLOT = "zalo-file-slot:";

function answerWith(r: Result): Response {
  return new Response(JSON.stringify(r), { status: 200, headers: { "content-type": "application/json" } });
}

function ok(result: unknown): Result {
  return { ok: true, result } as Result;
}

function refused(code: number, description: string): Result {
  return { ok: false, error_code: code, description } as Result;
}

function markupOf(p: Payload): InlineKeyboardMarkup | undefined {
  const m = p.reply_markup as InlineKeyboardMarkup | undefined;
  return m && Array.isArray(m.inline_keyboard) ? m : undefined;
}

function plainOf(text: unknown, parseMode: unknown): string {
  const s = typeof text === "string" ? text : "";
  return parseMode === "HTML" ? htmlToPlain(s) : s;
}

/** InputFile-like: grammY's InputFile (toRaw, filename). */
type FileLike = { filename?: string; toRaw(): Promise<Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>> };

function isFileLike(v: unknown): v is FileLike {
  return typeof v === "object" && v !== null && typeof (v as FileLike).toRaw === "function";
}

/** The outbound translation of one Zalo bot (see the file's head). */
export class ZaloBotApi {
  private revokedTold = false;
  private readonly timers: Timers;

  constructor(private readonly opts: ZaloBotApiOptions) {
    this.timers = opts.timers ?? systemTimers;
  }

  private readonly slots = new Map<string, FileLike>();

  /**
   * The transformer of every Api of the Zalo bot (bot.api, and each
   * conversation's through its plugins): a file (grammY's InputFile) in
   * sendPhoto or sendDocument is set aside under a random key and the call goes
   * on as JSON (grammY sends files as multipart, which fetch() does not read).
   * Keys not taken (a conversation's replay asks again and is answered from its
   * log) are dropped beyond the last 64.
   */
  fileSlots(): Transformer {
    return (async (prev, method, payload, signal) => {
      const p = payload as Payload | undefined;
      const field = method === "sendPhoto" ? "photo" : method === "sendDocument" ? "document" : undefined;
      if (!p || !field || !isFileLike(p[field])) return prev(method, payload, signal);
      const key = `${FILE_SLOT}${randomBytes(12).toString("hex")}`;
      this.slots.set(key, p[field] as FileLike);
      while (this.slots.size > 64) this.slots.delete(this.slots.keys().next().value as string);
      return prev(method, { ...p, [field]: key } as typeof payload, signal);
    }) as Transformer;
  }

  /**
   * The Zalo bot's client fetch: takes grammY's request (POST
   * `<apiRoot>/bot<token>/<method>`, a JSON body) and answers it with answer(),
   * as the Bot API would (HTTP 200, `{ok, result}` or `{ok: false, error_code,
   * description}`). It never touches the network itself. A multipart body (a
   * file that did not pass fileSlots()) is refused with an error saying so.
   */
  readonly fetch = async (url: string | URL | { url: string }, init?: { body?: unknown; headers?: unknown }): Promise<Response> => {
    const href = typeof url === "string" ? url : url instanceof URL ? url.href : url.url;
    const method = decodeURIComponent(new URL(href).pathname.split("/").pop() ?? "");
    if (typeof init?.body !== "string") {
      throw new Error(`Zalo adapter: ${method} was sent as multipart (a file): install ZaloAdapter.transformers() on this Api (bot.api, and inside conversations)`);
    }
    let payload: Payload;
    try {
      payload = JSON.parse(init.body) as Payload;
    } catch {
      throw new Error(`Zalo adapter: ${method}'s body is not JSON`);
    }
    for (const field of ["photo", "document"]) {
      const v = payload[field];
      if (typeof v === "string" && v.startsWith(FILE_SLOT)) {
        const file = this.slots.get(v);
        this.slots.delete(v);
        if (!file) return answerWith(refused(400, "Bad Request: the file set aside for this call is gone"));
        payload[field] = file;
      }
    }
    return answerWith(await this.answer(method, payload));
  };

  /** The chat whose update is being handled (inAnswerTo), in the async context of its handling. */
  private readonly answering = new AsyncLocalStorage<number>();

  /**
   * Runs `handle` (the handling of an update of chat `chat`) so that the menus it
   * sends to that chat answer the person: they are not pushed (the file's head).
   */
  inAnswerTo<T>(chat: number, handle: () => Promise<T>): Promise<T> {
    return this.answering.run(chat, handle);
  }

  /**
   * Remembers a menu sent to chat `n` (ids.ts, rememberMenu), saying whether it
   * answers the person (inAnswerTo) or is pushed; rememberMenu asks inDialogue
   * only when that decides (a pushed referenced menu, or a menu answering while
   * a copy waits), so an ordinary dialogue's menus read no conversation storage.
   */
  private async remember(n: number, messageId: number, text: string, markup: InlineKeyboardMarkup): Promise<void> {
    const inDialogue = this.opts.inDialogue;
    const sending = inDialogue ? { inAnswer: this.answering.getStore() === n, inDialogue: () => inDialogue(n) } : undefined;
    await this.opts.chats.rememberMenu(n, { messageId, text, markup, shownAt: this.opts.clock.now(), ref: this.referenceOf(markup) }, sending);
  }

  /** Whether a menu of these choices is answered by words only (see takesTypedAnswers). */
  typedAnswers(choices: MenuChoice[]): boolean {
    return choices.length > 0 && (this.opts.takesTypedAnswers ?? onlyDialogueControls)(choices);
  }

  /** The reference of a menu of these choices (menuReference, normalized), or null. */
  private referenceOf(markup: InlineKeyboardMarkup | undefined): string | null {
    const choices = menuChoices(markup);
    return choices.length > 0 && this.opts.menuReference ? normalReference(this.opts.menuReference(choices)) : null;
  }

  /**
   * The lines of a keyboard under `text` (as sent), numbered (after the text's own
   * numbered lines: text.ts, menuChoices) or to be answered by words; under a
   * referenced menu, how to answer it by its reference.
   */
  private lines(markup: InlineKeyboardMarkup | undefined, chat: number, text: string): string[] {
    const style: ChoiceStyle = this.typedAnswers(menuChoices(markup))
      ? { kind: "words", line: (label, words) => this.opts.t("zalo-typed-choice", { label, words }, chat) }
      : { kind: "numbers" };
    const lines = keyboardLines(markup, style, text);
    const ref = style.kind === "numbers" ? this.referenceOf(markup) : null;
    return ref ? [...lines, "", this.opts.t("zalo-menu-reference", { ref }, chat)] : lines;
  }

  /** Answers one Bot API call (see the file's head); never throws for Zalo's refusals, throws after network failures. */
  async answer(method: string, p: Payload): Promise<Result> {
    try {
      return await this.answerOrRevoked(method, p);
    } catch (e) {
      if (e instanceof Revoked) return refused(401, ZALO_TOKEN_REVOKED);
      throw e;
    }
  }

  private async answerOrRevoked(method: string, p: Payload): Promise<Result> {
    if (ANSWERED_TRUE.has(method)) return ok(true);
    switch (method) {
      case "getMe":
        return ok(this.opts.botInfo);
      case "getMyCommands":
        return ok([]);
      case "getChatMenuButton":
        return ok({ type: "default" });
      case "getChat":
        return this.getChat(p);
      case "sendMessage":
        return this.sendMessage(p);
      case "editMessageText":
      case "editMessageCaption":
      case "editMessageReplyMarkup":
        return this.edit(method, p);
      case "answerCallbackQuery":
        return this.answerCallbackQuery(p);
      case "sendChatAction":
        return this.chatAction(p);
      case "deleteMessage":
      case "deleteMessages":
        return this.deleteMessages(p);
      case "sendPhoto":
      case "sendDocument":
        return this.sendFile(method, p);
    }
    this.opts.logger.error({ method }, "zalo: a Bot API method with no Zalo translation was called");
    return refused(400, `Bad Request: the Bot API method "${method}" has no Zalo translation (src/messengers/zalo/bot-api.ts)`);
  }

  // ---- the chat -----------------------------------------------------------

  /** The Zalo id of a Bot API chat_id, or a Telegram-shaped refusal. */
  private async zaloChat(method: string, p: Payload): Promise<{ n: number; zaloId: string } | Result> {
    const n = typeof p.chat_id === "number" ? p.chat_id : typeof p.chat_id === "string" && /^\d+$/.test(p.chat_id) ? Number(p.chat_id) : NaN;
    const zaloId = Number.isSafeInteger(n) ? await this.opts.chats.zaloIdOf(n) : null;
    if (!zaloId) {
      this.opts.logger.warn({ method }, "zalo: a call to a chat that is no Zalo chat");
      return refused(400, "Bad Request: chat not found");
    }
    return { n, zaloId };
  }

  private message(n: number, messageId: number, fields: Record<string, unknown>): Message {
    return {
      message_id: messageId,
      date: Math.floor(this.opts.clock.now().getTime() / 1000),
      chat: { id: n, type: "private", first_name: "" },
      from: this.opts.botInfo,
      ...fields,
    } as unknown as Message;
  }

  private async getChat(p: Payload): Promise<Result> {
    const chat = await this.zaloChat("getChat", p);
    if ("ok" in chat) return chat;
    return ok({ id: chat.n, type: "private", first_name: "" });
  }

  // ---- sending --------------------------------------------------------------

  /**
   * Sends `call` with the retry policy: 429, 5xx and network failures are tried
   * again after a backoff, `tries` times in all; 401 throws Revoked (answer() makes it the 401 answer).
   */
  private async withRetry<T>(method: string, call: () => Promise<T>): Promise<T> {
    const tries = this.opts.tries ?? 4;
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (e) {
        if (e instanceof ZaloApiError && e.errorCode === 401) throw this.revoked();
        const again = (e instanceof ZaloApiError && (e.errorCode === 429 || e.errorCode >= 500)) || e instanceof ZaloNetworkError;
        if (!again || attempt >= tries) throw e;
        const wait = backoffDelay(attempt, this.opts.firstRetryMs ?? 1000, this.opts.maxRetryMs ?? 15_000, this.opts.random);
        this.opts.logger.info({ method, attempt, waitMs: wait, err: e }, "zalo: a send failed; trying again");
        await sleep(wait, this.timers, undefined, `zalo ${method} retry`);
      }
    }
  }

  private revoked(): Revoked {
    if (!this.revokedTold) {
      this.revokedTold = true;
      this.opts.logger.error("Zalo refused the bot token (401): it was reset in Zalo Bot Creator, or is wrong. The Zalo side stops; set ZALO_BOT_TOKEN to the current token and start again.");
      try {
        this.opts.onTokenRevoked?.();
      } catch (e) {
        this.opts.logger.error({ err: e }, "zalo: onTokenRevoked failed");
      }
    }
    return new Revoked();
  }

  /** Sends the parts of a text one after another; a Zalo refusal (not retried) answers as Telegram's would. */
  private async sendParts(method: string, zaloId: string, parts: string[]): Promise<Result | null> {
    for (const part of parts) {
      try {
        await this.withRetry(method, () => this.opts.api.sendMessage(zaloId, part));
      } catch (e) {
        const r = this.refusal(e);
        if (r) return r;
        throw e;
      }
    }
    return null;
  }

  /** A Zalo refusal as a Telegram-shaped error answer; null for what must throw (401, network). */
  private refusal(e: unknown): Result | null {
    if (e instanceof ZaloApiError) return refused(e.errorCode || 400, `Zalo: ${e.description || "refused"}`);
    if (e instanceof ZaloRequestError) return refused(400, `Bad Request: ${e.message}`);
    return null;
  }

  /** Sends text (plain) with the keyboard's lines, remembers the menu under `messageId`. */
  private async deliver(method: string, chat: { n: number; zaloId: string }, messageId: number, sourceText: string, plain: string, markup: InlineKeyboardMarkup | undefined): Promise<Result | null> {
    const parts = zaloParts(plain, this.lines(markup, chat.n, sourceText));
    if (parts.length === 0) return refused(400, "Bad Request: message text is empty");
    const failed = await this.sendParts(method, chat.zaloId, parts);
    if (failed) return failed;
    if (menuChoices(markup).length > 0) {
      await this.remember(chat.n, messageId, sourceText, markup!);
    }
    return null;
  }

  private async sendMessage(p: Payload): Promise<Result> {
    const chat = await this.zaloChat("sendMessage", p);
    if ("ok" in chat) return chat;
    const text = typeof p.text === "string" ? p.text : "";
    const plain = plainOf(text, p.parse_mode);
    if (!plain.trim()) return refused(400, "Bad Request: message text is empty");
    const messageId = await this.opts.chats.nextMessageId(chat.n);
    const markup = markupOf(p);
    const failed = await this.deliver("sendMessage", chat, messageId, text, plain, markup);
    if (failed) return failed;
    return ok(this.message(chat.n, messageId, { text: plain, ...(markup ? { reply_markup: markup } : {}) }));
  }

  private async edit(method: string, p: Payload): Promise<Result> {
    if (p.inline_message_id !== undefined) return refused(400, `Bad Request: ${method} of an inline message has no Zalo translation`);
    const chat = await this.zaloChat(method, p);
    if ("ok" in chat) return chat;
    const messageId = Number(p.message_id);
    if (!Number.isSafeInteger(messageId) || messageId <= 0) return refused(400, "Bad Request: message to edit not found");
    const markup = markupOf(p);
    const choices = menuChoices(markup).length > 0;
    let source: string;
    let plain: string;
    if (method === "editMessageReplyMarkup") {
      if (!choices) {
        // Only the keyboard goes: nothing to say on Zalo; its numbers no longer answer.
        await this.opts.chats.forgetMenu(chat.n, messageId);
        return ok(this.message(chat.n, messageId, {}));
      }
      // The text stays as it was (shown above): the new choices alone.
      const latest = await this.opts.chats.latestMenu(chat.n);
      source = latest?.messageId === messageId ? latest.text : "";
      plain = "";
    } else {
      source = typeof (method === "editMessageText" ? p.text : p.caption) === "string" ? String(method === "editMessageText" ? p.text : p.caption) : "";
      plain = plainOf(source, p.parse_mode);
    }
    if (!choices) await this.opts.chats.forgetMenu(chat.n, messageId);
    if (!plain.trim() && !choices) return ok(this.message(chat.n, messageId, {}));
    const failed = await this.deliver(method, chat, messageId, source, plain, markup);
    if (failed) return failed;
    const field = method === "editMessageCaption" ? "caption" : "text";
    return ok(this.message(chat.n, messageId, { ...(plain ? { [field]: plain } : {}), ...(markup ? { reply_markup: markup } : {}) }));
  }

  private async answerCallbackQuery(p: Payload): Promise<Result> {
    const text = typeof p.text === "string" ? p.text.trim() : "";
    const n = chatOfQuery(p.callback_query_id);
    if (!text || n === null) return ok(true);
    const zaloId = await this.opts.chats.zaloIdOf(n);
    if (!zaloId) return ok(true);
    try {
      const failed = await this.sendParts("answerCallbackQuery", zaloId, zaloParts(text, []));
      if (failed) {
        this.opts.logger.info({ code: failed.ok ? 0 : failed.error_code }, "zalo: the text of a press's answer was refused");
        return ok(false); // as a refused courtesy call: chat/middleware/courtesy.ts sends it again
      }
    } catch (e) {
      if (e instanceof Revoked) throw e;
      this.opts.logger.info({ err: e }, "zalo: the text of a press's answer could not be sent");
      return ok(false);
    }
    return ok(true);
  }

  /** Zalo's "typing" (its "upload_photo" is "coming soon" [D]) for every action: a courtesy, never failing the action. */
  private async chatAction(p: Payload): Promise<Result> {
    const chat = await this.zaloChat("sendChatAction", p);
    if ("ok" in chat) return ok(false);
    try {
      await this.opts.api.sendChatAction(chat.zaloId, "typing");
      return ok(true);
    } catch (e) {
      if (e instanceof ZaloApiError && e.errorCode === 401) throw this.revoked();
      this.opts.logger.info({ err: e }, "zalo: the chat action was refused (a courtesy)");
      return ok(false);
    }
  }

  private async deleteMessages(p: Payload): Promise<Result> {
    const chat = await this.zaloChat("deleteMessage", p);
    if ("ok" in chat) return chat;
    const ids = Array.isArray(p.message_ids) ? p.message_ids : [p.message_id];
    for (const id of ids) if (Number.isSafeInteger(Number(id))) await this.opts.chats.forgetMenu(chat.n, Number(id));
    return ok(true);
  }

  // ---- files ---------------------------------------------------------------

  private async sendFile(method: "sendPhoto" | "sendDocument", p: Payload): Promise<Result> {
    const chat = await this.zaloChat(method, p);
    if ("ok" in chat) return chat;
    const input = method === "sendPhoto" ? p.photo : p.document;
    const captionSource = typeof p.caption === "string" ? p.caption : "";
    const caption = plainOf(captionSource, p.parse_mode).trim();
    const markup = markupOf(p);
    const lines = this.lines(markup, chat.n, captionSource);
    const messageId = await this.opts.chats.nextMessageId(chat.n);
    const files = this.opts.files;

    let url: string | undefined;
    let fileName = "file";
    if (typeof input === "string" && /^https?:\/\//i.test(input)) {
      url = input; // already public: Zalo fetches it
      const last = new URL(input).pathname.split("/").pop() || "file";
      try {
        fileName = decodeURIComponent(last);
      } catch {
        fileName = last;
      }
    } else if (isFileLike(input)) {
      fileName = input.filename ?? (method === "sendPhoto" ? "image.png" : "file");
      if (files) {
        const raw = await input.toRaw();
        const content = raw instanceof Uint8Array ? raw : Readable.from(raw as AsyncIterable<Uint8Array>);
        const stored = await files.store.put(content, { fileName });
        url = fileLinkUrl(files.publicUrl, signFileLink(files.key, stored.id, stored.expiresAt));
      }
    } else {
      return refused(400, `Bad Request: on Zalo, ${method} takes a file (InputFile) or an http(s) URL; a Telegram file_id means nothing there`);
    }

    let parts: string[];
    if (!url) {
      parts = zaloParts([caption, this.opts.t("zalo-files-unavailable", undefined, chat.n)].filter(Boolean).join("\n\n"), lines);
    } else if (method === "sendPhoto") {
      const withCaption = zaloParts(caption, lines);
      const captionFits = withCaption.length <= 1;
      try {
        await this.withRetry(method, () => this.opts.api.sendPhoto(chat.zaloId, url, captionFits ? withCaption[0] : undefined));
      } catch (e) {
        const r = this.refusal(e);
        if (r) return r;
        throw e;
      }
      parts = captionFits ? [] : withCaption;
    } else {
      parts = zaloParts([caption, `${fileName}: ${url}`].filter(Boolean).join("\n\n"), lines);
    }
    const failed = await this.sendParts(method, chat.zaloId, parts);
    if (failed) return failed;
    if (menuChoices(markup).length > 0) await this.remember(chat.n, messageId, captionSource, markup!);
    const fields: Record<string, unknown> = caption ? { caption } : {};
    if (method === "sendPhoto") fields.photo = [];
    else fields.document = { file_id: "", file_unique_id: "", file_name: fileName };
    return ok(this.message(chat.n, messageId, fields));
  }
}
