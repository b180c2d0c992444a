// The test harness: the real bot (built by createApp, as in production) on a
// real SQLite file per test, fed Telegram Update objects, its Bot API calls
// captured by FakeTelegram, with a clock the test moves.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { BotError } from "grammy";
import type { Update, Message, InlineKeyboardButton } from "grammy/types";
import { createApp, type App } from "../../src/app.js";
import { createConfig, type Config } from "../../src/config.js";
import { FakeClock } from "../../src/shared/clock.js";
import { createLogger } from "../../src/shared/log/logger.js";
import { FakeTelegram, BOT_INFO, type ApiCall, type StoredMessage } from "./fake-telegram.js";
import type { FairnessRules } from "../../src/chat/middleware/fairness.js";
import { ZaloApi } from "../../src/messengers/zalo/api.js";
import { FAKE_ZALO_TOKEN, type FakeZalo } from "./fake-zalo.js";

export const TEST_TOKEN = "123456789:TEST_TOKEN_abcdefghijklmnopqrstuvwxyz012";
export const EXAMPLE_BLOC = resolve("config/bloc.example.yaml");

/**
 * The harness's clock stands still unless a test moves it, so a test that sends a
 * person's dozens of messages "at once" would be a flood to the production rate
 * limit, which no person can be. Tests run with these relaxed rules (the
 * middleware still runs); the fairness tests pass FAIRNESS.
 */
export const RELAXED_FAIRNESS: FairnessRules = {
  person: { burst: Number.MAX_SAFE_INTEGER, refillMs: 1, warnEveryMs: 60_000 },
  roleless: { burst: Number.MAX_SAFE_INTEGER, refillMs: 1 },
  outsiderGroupWindowMs: 0,
  outsiderGroup: { burst: Number.MAX_SAFE_INTEGER, refillMs: 1 },
};

export type HarnessOptions = {
  /** The rate limit and outsiders' group window: RELAXED_FAIRNESS unless told. */
  fairness?: FairnessRules;
  adminIds?: number[];
  blocFile?: string;
  now?: string;
  env?: Record<string, string>;
  /** Serve Zalo too, on this in-process fake (the composition's Zalo side: app.zalo). */
  zalo?: FakeZalo;
  dir?: string;
  /** The first update id fed (another harness on the same database file has used the lower ones: the ledger skips them). */
  firstUpdateId?: number;
};

export class Harness {
  readonly tg = new FakeTelegram();
  readonly clock: FakeClock;
  readonly dir: string;
  readonly config: Config;
  app!: App;
  private updateId = 1;
  private ownsDir: boolean;
  private readonly fairness: FairnessRules;
  private readonly zaloFake: FakeZalo | undefined;
  readonly logs: string[] = [];

  private constructor(opts: HarnessOptions) {
    this.ownsDir = !opts.dir;
    this.fairness = opts.fairness ?? RELAXED_FAIRNESS;
    this.zaloFake = opts.zalo;
    this.updateId = opts.firstUpdateId ?? 1;
    this.dir = opts.dir ?? mkdtempSync(join(tmpdir(), "khoi-test-"));
    this.clock = new FakeClock(opts.now ?? "2026-11-02T02:00:00Z");
    this.config = createConfig({
      BOT_TOKEN: TEST_TOKEN,
      DATABASE_URL: `file:${join(this.dir, "bot.db")}`,
      ADMIN_IDS: (opts.adminIds ?? [1]).join(","),
      BLOC_FILE: opts.blocFile ?? EXAMPLE_BLOC,
      LOG_LEVEL: "warn",
      ...(opts.zalo ? { ZALO_BOT_TOKEN: FAKE_ZALO_TOKEN } : {}), // the configuration serves Zalo as the composition does
      ...opts.env,
    });
  }

  static async create(opts: HarnessOptions = {}): Promise<Harness> {
    const h = new Harness(opts);
    await h.start();
    return h;
  }

  /** Builds the app as main.ts does (migrations, bloc file, bot). */
  async start(): Promise<void> {
    const sink = { write: (s: string) => (this.logs.push(s), true) } as unknown as NodeJS.WritableStream;
    this.app = await createApp({
      config: this.config,
      clock: this.clock,
      logger: createLogger(this.config.logLevel, sink),
      token: TEST_TOKEN,
      botInfo: BOT_INFO,
      client: { fetch: this.tg.fetch as never, apiRoot: "http://fake.telegram" },
      fairness: this.fairness,
      ...(this.zaloFake ? { zalo: { token: FAKE_ZALO_TOKEN, api: new ZaloApi({ token: FAKE_ZALO_TOKEN, apiRoot: "http://fake.zalo", fetch: this.zaloFake.fetch }) } } : {}),
    });
  }

  /** A restart: a new bot instance on the same database file and the same fake Telegram. */
  async restart(): Promise<void> {
    await this.app.close();
    await this.start();
  }

  async close(): Promise<void> {
    await this.app.close();
    if (this.ownsDir) rmSync(this.dir, { recursive: true, force: true });
  }

  get db() {
    return this.app.db;
  }

  nextUpdateId(): number {
    return this.updateId++;
  }

  /**
   * Feeds one update and returns the Bot API calls it caused. A failing update
   * goes to the bot's error handler, as @grammyjs/runner does in production.
   */
  async handle(update: Omit<Update, "update_id">): Promise<ApiCall[]> {
    const before = this.tg.calls.length;
    try {
      await this.app.bot.handleUpdate({ update_id: this.nextUpdateId(), ...update } as Update);
    } catch (e) {
      if (!(e instanceof BotError)) throw e;
      await this.app.bot.errorHandler(e as BotError<never>);
    }
    return this.tg.calls.slice(before);
  }

  /**
   * Feeds updates the way @grammyjs/runner feeds a getUpdates batch: all started at
   * once, handled concurrently, failures to the error handler. Returns the calls made.
   */
  async deliverBatch(updates: Update[]): Promise<ApiCall[]> {
    const before = this.tg.calls.length;
    await Promise.all(updates.map((u) => this.dispatch(u)));
    return this.tg.calls.slice(before);
  }

  /** Feeds one whole update (with its own id) as the runner does: failures to the error handler. */
  async dispatch(update: Update): Promise<void> {
    try {
      await this.app.bot.handleUpdate(update);
    } catch (e) {
      if (!(e instanceof BotError)) throw e;
      await this.app.bot.errorHandler(e as BotError<never>);
    }
  }

  /** A text message from a person in private, as a whole update (for deliverBatch). */
  textUpdate(user: FakeUser, text: string): Update {
    return { update_id: this.nextUpdateId(), ...textMessage(this, user.tg, { id: user.tg.id, type: "private", first_name: user.tg.first_name }, text) } as Update;
  }

  user(id: number, firstName: string, opts: { language?: string; lastName?: string; username?: string } = {}): FakeUser {
    this.tg.chatTypes.set(id, "private");
    return new FakeUser(this, { id, is_bot: false, first_name: firstName, ...(opts.lastName ? { last_name: opts.lastName } : {}), ...(opts.username ? { username: opts.username } : {}), language_code: opts.language ?? "vi" });
  }

  /** A group chat (a supergroup unless told: a basic "group" can be upgraded, see FakeGroup.upgrade). */
  group(chatId = -1001234567890, title = "Khối thi đua ĐBSH", type: "group" | "supergroup" = "supergroup"): FakeGroup {
    this.tg.chatTypes.set(chatId, type);
    return new FakeGroup(this, chatId, title, type);
  }
}

type TgUser = { id: number; is_bot: false; first_name: string; last_name?: string; username?: string; language_code?: string };

function textMessage(h: Harness, from: TgUser, chat: Message["chat"], text: string): Omit<Update, "update_id"> {
  const entities = text.startsWith("/") ? [{ type: "bot_command" as const, offset: 0, length: text.split(/\s/)[0]!.length }] : undefined;
  return {
    message: {
      message_id: h.nextUpdateId() + 500000,
      date: Math.floor(h.clock.now().getTime() / 1000),
      chat,
      from,
      text,
      ...(entities ? { entities } : {}),
    } as unknown as Update["message"],
  };
}

function findButton(msg: StoredMessage | undefined, label: string | RegExp): InlineKeyboardButton.CallbackButton | undefined {
  for (const row of msg?.reply_markup?.inline_keyboard ?? []) {
    for (const b of row) {
      if (!("callback_data" in b)) continue;
      if (typeof label === "string" ? b.text === label || b.text.includes(label) : label.test(b.text)) return b;
    }
  }
  return undefined;
}

export function buttonsOf(msg: StoredMessage | undefined): string[] {
  return (msg?.reply_markup?.inline_keyboard ?? []).flat().map((b) => b.text);
}

/** A message's buttons row by row, each as "label → callback data" (a URL button shows its URL). */
export function buttonRowsOf(msg: StoredMessage | undefined): string[][] {
  return (msg?.reply_markup?.inline_keyboard ?? []).map((row) => row.map((b) => `${b.text} → ${"callback_data" in b ? b.callback_data : "url" in b ? b.url : "?"}`));
}

abstract class Chat {
  constructor(protected h: Harness) {}
  abstract get chatId(): number;

  /** Messages the bot has in this chat, oldest first. */
  messages(): StoredMessage[] {
    return this.h.tg.messages(this.chatId);
  }
  last(): StoredMessage | undefined {
    return this.messages().at(-1);
  }
  lastText(): string {
    const m = this.last();
    return m?.text ?? m?.caption ?? "";
  }
  /** Texts of messages sent to this chat since message index `from`. */
  textsSince(count: number): string[] {
    return this.messages().slice(count).map((m) => m.text ?? m.caption ?? "");
  }
}

export class FakeUser extends Chat {
  constructor(h: Harness, readonly tg: TgUser) {
    super(h);
  }
  get id() {
    return this.tg.id;
  }
  get chatId() {
    return this.tg.id;
  }

  /** The id of the latest message this person sent with send(). */
  lastSentId = 0;

  /** Sends a private message to the bot. */
  send(text: string): Promise<ApiCall[]> {
    const update = textMessage(this.h, this.tg, { id: this.tg.id, type: "private", first_name: this.tg.first_name }, text);
    this.lastSentId = update.message!.message_id;
    return this.h.handle(update);
  }

  /**
   * The person blocks the bot (`true`) or unblocks it (`false`), as Telegram reports
   * it: my_chat_member in the private chat (the bot "kicked", or a "member" again),
   * and from then on every call to the chat answered 403 "bot was blocked by the user", or not.
   */
  setBlocked(blocked: boolean): Promise<ApiCall[]> {
    if (blocked) this.h.tg.block(this.tg.id);
    else this.h.tg.unblock(this.tg.id);
    const member = (status: string) => ({ user: BOT_INFO, status, ...(status === "kicked" ? { until_date: 0 } : {}) });
    return this.h.handle({
      my_chat_member: {
        chat: { id: this.tg.id, type: "private", first_name: this.tg.first_name },
        from: this.tg,
        date: Math.floor(this.h.clock.now().getTime() / 1000),
        old_chat_member: member(blocked ? "member" : "kicked"),
        new_chat_member: member(blocked ? "kicked" : "member"),
      } as unknown as Update["my_chat_member"],
    });
  }

  /** Edits a message this person sent in private (Telegram's edited_message update). */
  edit(messageId: number, text: string): Promise<ApiCall[]> {
    const now = Math.floor(this.h.clock.now().getTime() / 1000);
    return this.h.handle({
      edited_message: {
        message_id: messageId,
        date: now - 1,
        edit_date: now,
        chat: { id: this.tg.id, type: "private", first_name: this.tg.first_name },
        from: this.tg,
        text,
      } as unknown as Update["edited_message"],
    });
  }

  /** A press of the newest button matching `label` in this private chat, as a whole update (for deliverBatch). */
  pressUpdate(label: string | RegExp, where: { in?: FakeGroup; messageId?: number } = {}): Update {
    const chatId = where.in?.chatId ?? this.tg.id;
    const candidates = where.messageId ? [this.h.tg.message(chatId, where.messageId)] : [...this.h.tg.messages(chatId)].reverse();
    for (const msg of candidates) {
      const b = findButton(msg, label);
      if (!b || !msg) continue;
      const chat = chatId === this.tg.id ? { id: chatId, type: "private" as const, first_name: this.tg.first_name } : { id: chatId, type: "supergroup" as const, title: "Group" };
      return {
        update_id: this.h.nextUpdateId(),
        callback_query: {
          id: String(this.h.nextUpdateId() + 900000),
          from: this.tg,
          chat_instance: `ci${chatId}`,
          data: b.callback_data,
          message: { message_id: msg.message_id, date: Math.floor(this.h.clock.now().getTime() / 1000), chat, from: BOT_INFO, text: msg.text ?? "", ...(msg.reply_markup ? { reply_markup: msg.reply_markup } : {}) } as Message.TextMessage,
        },
      } as Update;
    }
    throw new Error(`no button ${String(label)} in chat ${chatId}`);
  }

  /**
   * Sends a document (a file) in private, with an optional caption. `fileSize`:
   * the file_size the update and getFile state (default: the real length; null: none).
   */
  sendDocument(fileName: string, bytes: Uint8Array, caption?: string, opts: { fileSize?: number | null } = {}): Promise<ApiCall[]> {
    const fileId = `file-${this.h.nextUpdateId()}`;
    const stated = opts.fileSize === undefined ? bytes.length : opts.fileSize;
    this.h.tg.files.set(fileId, { path: `documents/${fileId}/${fileName}`, bytes, statedSize: stated });
    return this.h.handle({
      message: {
        message_id: this.h.nextUpdateId() + 500000,
        date: Math.floor(this.h.clock.now().getTime() / 1000),
        chat: { id: this.tg.id, type: "private", first_name: this.tg.first_name },
        from: this.tg,
        document: { file_id: fileId, file_unique_id: `u${fileId}`, file_name: fileName, ...(stated === null ? {} : { file_size: stated }) },
        ...(caption ? { caption, caption_entities: caption.startsWith("/") ? [{ type: "bot_command", offset: 0, length: caption.split(/\s/)[0]!.length }] : [] } : {}),
      } as unknown as Update["message"],
    });
  }

  /** Sends a message in a group chat. */
  sendIn(group: FakeGroup, text: string): Promise<ApiCall[]> {
    return this.h.handle(textMessage(this.h, this.tg, group.chat, text));
  }

  /**
   * Presses a button, as Telegram reports it: by default the newest message
   * in this private chat with a matching button; pass `in` for another chat.
   */
  async press(label: string | RegExp, where: { in?: FakeGroup; messageId?: number } = {}): Promise<ApiCall[]> {
    const chatId = where.in?.chatId ?? this.tg.id;
    const candidates = where.messageId ? [this.h.tg.message(chatId, where.messageId)] : [...this.h.tg.messages(chatId)].reverse();
    for (const msg of candidates) {
      const b = findButton(msg, label);
      if (b && msg) return this.pressData(b.callback_data, { chatId, messageId: msg.message_id });
    }
    throw new Error(`no button ${String(label)} in chat ${chatId}; last buttons: ${JSON.stringify(buttonsOf(candidates[0]))}`);
  }

  /** Sends raw callback data (forged or stale) as if pressed on a message. */
  pressData(data: string, where: { chatId?: number; messageId?: number } = {}): Promise<ApiCall[]> {
    const chatId = where.chatId ?? this.tg.id;
    const stored = where.messageId ? this.h.tg.message(chatId, where.messageId) : this.h.tg.messages(chatId).at(-1);
    const chat = chatId === this.tg.id ? { id: chatId, type: "private" as const, first_name: this.tg.first_name } : { id: chatId, type: "supergroup" as const, title: "Group" };
    return this.h.handle({
      callback_query: {
        id: String(this.h.nextUpdateId() + 900000),
        from: this.tg,
        chat_instance: `ci${chatId}`,
        data,
        message: {
          message_id: stored?.message_id ?? 1,
          date: Math.floor(this.h.clock.now().getTime() / 1000),
          chat,
          from: BOT_INFO,
          text: stored?.text ?? "",
          ...(stored?.reply_markup ? { reply_markup: stored.reply_markup } : {}),
        } as Message.TextMessage,
      },
    });
  }
}

export class FakeGroup extends Chat {
  constructor(h: Harness, readonly chatId: number, readonly title: string, readonly type: "group" | "supergroup" = "supergroup") {
    super(h);
  }

  get chat(): Message["chat"] {
    return { id: this.chatId, type: this.type, title: this.title } as Message["chat"];
  }

  /**
   * Telegram upgrades this group to a supergroup with id `to`: calls to the old id
   * are refused with migrate_to_chat_id from now on. No service message is
   * delivered: feed them with migratedTo / migratedFrom.
   */
  upgrade(to: number): FakeGroup {
    this.h.tg.migrateChat(this.chatId, to);
    return this.h.group(to, this.title, "supergroup");
  }

  /** The service message in the old group: "upgraded to the supergroup `to`". */
  migratedTo(to: FakeGroup, by: FakeUser): Promise<ApiCall[]> {
    return this.service(by, { migrate_to_chat_id: to.chatId });
  }

  /** The service message in the new supergroup: "created from the group `from`". */
  migratedFrom(from: FakeGroup, by: FakeUser): Promise<ApiCall[]> {
    return this.service(by, { migrate_from_chat_id: from.chatId });
  }

  /** my_chat_member: `by` changed the bot's status in this group (removed: "left" or "kicked"; added: "member"). */
  botStatus(by: FakeUser, from: "member" | "left" | "kicked" | "administrator", to: "member" | "left" | "kicked" | "administrator"): Promise<ApiCall[]> {
    const member = (status: string) => ({ user: BOT_INFO, status, ...(status === "kicked" ? { until_date: 0 } : {}) });
    return this.h.handle({
      my_chat_member: {
        chat: this.chat,
        from: by.tg,
        date: Math.floor(this.h.clock.now().getTime() / 1000),
        old_chat_member: member(from),
        new_chat_member: member(to),
      } as unknown as Update["my_chat_member"],
    });
  }

  private service(by: FakeUser, fields: Record<string, number>): Promise<ApiCall[]> {
    return this.h.handle({
      message: { message_id: this.h.nextUpdateId() + 500000, date: Math.floor(this.h.clock.now().getTime() / 1000), chat: this.chat, from: by.tg, ...fields } as unknown as Update["message"],
    });
  }
}

/** The answerCallbackQuery texts among some calls. */
export function alerts(calls: ApiCall[]): string[] {
  return calls.filter((c) => c.method === "answerCallbackQuery").map((c) => String(c.payload.text ?? ""));
}

/** The texts of sendMessage/editMessageText calls among some calls. */
export function texts(calls: ApiCall[]): string[] {
  return calls.filter((c) => c.method === "sendMessage" || c.method === "editMessageText").map((c) => String(c.payload.text));
}
