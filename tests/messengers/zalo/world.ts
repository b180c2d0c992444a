// A small grammY bot served on Zalo through the adapter, for the adapter's tests:
// a real SQLite file (the project's migrations), the fake Zalo Bot API in
// process, the file server on 127.0.0.1, a clock the test moves. The bot has
// a question with three choices and a link, an edit, a long text, HTML, a
// photo and a document, a dialogue (@grammyjs/conversations) and an echo of
// any other text, so a test reads on the fake what a Zalo user would see.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { conversations, createConversation, type Conversation, type ConversationFlavor } from "@grammyjs/conversations";
import { Bot, Context, InlineKeyboard, InputFile } from "grammy";
import { createI18n } from "../../../src/shared/i18n/messages.js";
import { FakeClock } from "../../../src/shared/clock.js";
import { openDb, type Db } from "../../../src/shared/db/client.js";
import { applyMigrations } from "../../../src/shared/db/migrate.js";
import { FileStore } from "../../../src/shared/files/store.js";
import { createHttpServer, type HttpServer } from "../../../src/messengers/http/server.js";
import { ZaloApi } from "../../../src/messengers/zalo/api.js";
import { ZaloAdapter, type ZaloAdapterOptions } from "../../../src/messengers/zalo/adapter.js";
import { parseZaloEvent } from "../../../src/messengers/zalo/events.js";
import type { Timers } from "../../../src/messengers/zalo/timers.js";
import { FakeZalo, FAKE_ZALO_TOKEN, type FakeZaloUser, type RawZaloEvent, type SentByBot } from "../../harness/fake-zalo.js";
import { captureLogger } from "../../harness/log-lines.js";

export type Ctx = ConversationFlavor<Context>;

/** What the bot's handlers saw of a press: the choice's data and the message it was pressed on. */
export type Press = { data: string; messageId: number; text: string | undefined; buttons: string[] };

export const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4, 5]);
export const LINK_KEY = "k".repeat(40);

/** A long HTML text: 60 paragraphs of about 90 characters (≈ 5,500 in all), with markup and entities. */
export function longHtml(): string {
  return Array.from({ length: 60 }, (_, i) => `<b>Chỉ tiêu ${i + 1}</b>: doanh thu &amp; vốn đầu tư tăng ${i},5% so với cùng kỳ năm trước; đạt kế hoạch.`).join("\n\n");
}

export function askKeyboard(): InlineKeyboard {
  return new InlineKeyboard().text("✅ Gửi", "c:send").text("✏️ Sửa", "c:edit").row().text("❌ Hủy", "c:cancel").row().url("Hướng dẫn", "https://example.vn/huong-dan");
}

export class ZaloWorld {
  readonly clock = new FakeClock("2026-11-02T02:00:00Z");
  readonly fake = new FakeZalo({ now: () => this.clock.now().getTime() });
  readonly log = captureLogger("info");
  readonly i18n = createI18n("vi");
  readonly presses: Press[] = [];
  readonly errors: unknown[] = [];
  /** What the handlers' Bot API calls returned, by the handler's name. */
  readonly results: Record<string, unknown> = {};
  revoked = 0;
  db!: Db;
  adapter!: ZaloAdapter;
  bot!: Bot<Ctx>;
  server: HttpServer | undefined;
  publicUrl: string | undefined;
  store!: FileStore;
  private constructor(
    readonly dir: string,
    private readonly ownsDir: boolean,
  ) {}

  static async create(opts: { publicUrl?: boolean; dir?: string; adapter?: Partial<ZaloAdapterOptions>; timers?: Timers } = {}): Promise<ZaloWorld> {
    const w = new ZaloWorld(opts.dir ?? mkdtempSync(join(tmpdir(), "khoi-zalo-")), !opts.dir);
    await w.start(opts);
    return w;
  }

  /** Opens the database and builds the adapter and the bot (again, after stop(): a restart). */
  async start(opts: { publicUrl?: boolean; adapter?: Partial<ZaloAdapterOptions>; timers?: Timers } = {}): Promise<void> {
    const url = `file:${join(this.dir, "bot.db")}`;
    applyMigrations(url);
    this.db = await openDb(url);
    this.store = new FileStore({ dir: join(this.dir, "files"), clock: this.clock });
    if (opts.publicUrl !== false) {
      this.server = createHttpServer({ logger: this.log.logger, port: 0, files: { store: this.store, key: LINK_KEY }, clock: this.clock });
      this.publicUrl = (await this.server.start()).url;
    }
    const api = new ZaloApi({ token: FAKE_ZALO_TOKEN, apiRoot: "http://fake.zalo", fetch: this.fake.fetch });
    this.adapter = new ZaloAdapter({
      api,
      db: this.db,
      clock: this.clock,
      logger: this.log.logger,
      t: (key, vars) => this.i18n.t("vi", key, vars),
      ...(this.publicUrl ? { files: { store: this.store, key: LINK_KEY, publicUrl: this.publicUrl } } : {}),
      onTokenRevoked: () => this.revoked++,
      firstRetryMs: 1,
      maxRetryMs: 4,
      ...(opts.timers ? { timers: opts.timers } : {}),
      ...opts.adapter,
    });
    this.bot = this.makeBot();
  }

  async stop(): Promise<void> {
    await this.server?.stop(1000);
    this.server = undefined;
    await this.db.$disconnect();
  }

  async close(): Promise<void> {
    await this.stop();
    if (this.ownsDir) rmSync(this.dir, { recursive: true, force: true });
  }

  private makeBot(): Bot<Ctx> {
    const adapter = this.adapter;
    const bot = new Bot<Ctx>("zalo", { botInfo: adapter.botInfo, client: adapter.clientOptions() });
    bot.api.config.use(...adapter.transformers());
    bot.catch((err) => void this.errors.push(err.error));
    bot.use(conversations());
    const count = async (conversation: Conversation<Ctx, Context>, ctx: Context) => {
      await ctx.reply("Số doanh nghiệp mới?", { reply_markup: new InlineKeyboard().text("Bỏ qua", "d:skip") });
      const answer = await conversation.wait();
      if (answer.callbackQuery?.data === "d:skip") await answer.reply("Đã bỏ qua.");
      else await answer.reply(`Đã ghi: ${answer.message?.text ?? "?"}`);
    };
    bot.use(createConversation(count, { id: "count", plugins: [adapter.conversationPlugin()] }));

    bot.command("ask", async (ctx) => {
      this.results.ask = await ctx.reply("<b>Chọn</b> một mục:", { parse_mode: "HTML", reply_markup: askKeyboard() });
    });
    bot.command("ask2", (ctx) => ctx.reply("Chọn lại:", { reply_markup: new InlineKeyboard().text("Một", "m:1").text("Hai", "m:2") }));
    bot.command("long", (ctx) => ctx.reply(longHtml(), { parse_mode: "HTML", reply_markup: new InlineKeyboard().text("Tiếp", "l:next").text("Thôi", "l:stop") }));
    bot.command("html", (ctx) =>
      ctx.reply(`<b>Tổng</b> &amp; <i>cộng</i>: 7.081,7 &lt;tr USD&gt; — <a href="https://example.vn/bao-cao">báo cáo</a>, <a href="https://example.vn">https://example.vn</a>, <a href="tg://user?id=5">Lan</a> &#128512;`, { parse_mode: "HTML" }),
    );
    bot.command("photo", (ctx) => ctx.replyWithPhoto(new InputFile(PNG, "bieu-do.png"), { caption: "<b>Biểu đồ</b> tháng 10", parse_mode: "HTML" }));
    bot.command("photolong", (ctx) => ctx.replyWithPhoto(new InputFile(PNG, "bieu-do.png"), { caption: "Chú thích. ".repeat(250).trim(), reply_markup: new InlineKeyboard().text("Tải lại", "l:again") }));
    bot.command("doc", (ctx) => ctx.replyWithDocument(new InputFile(PNG, "Báo cáo tháng 10.xlsx"), { caption: "Bảng tổng hợp" }));
    bot.command("typing", async (ctx) => {
      this.results.typing = await ctx.replyWithChatAction("typing");
      await ctx.reply("xong");
    });
    bot.command("menu", async (ctx) => {
      this.results.menu = await ctx.api.setMyCommands([{ command: "ask", description: "ask" }], { scope: { type: "chat", chat_id: ctx.chat.id } });
      this.results.me = await ctx.api.getMe();
      this.results.deleted = await ctx.api.deleteMessage(ctx.chat.id, ctx.msg.message_id);
    });
    bot.command("poll", (ctx) => ctx.api.sendPoll(ctx.chat.id, "?", ["a", "b"]).then(() => undefined));
    bot.command("count", (ctx) => ctx.conversation.enter("count"));

    bot.on("callback_query:data", async (ctx, next) => {
      const m = ctx.callbackQuery.message;
      this.presses.push({
        data: ctx.callbackQuery.data,
        messageId: m?.message_id ?? 0,
        text: m && "text" in m ? m.text : undefined,
        buttons: (m?.reply_markup?.inline_keyboard ?? []).flat().map((b) => b.text),
      });
      await next();
    });
    bot.callbackQuery("c:edit", async (ctx) => {
      await ctx.answerCallbackQuery();
      this.results.edit = await ctx.editMessageText("<b>Sửa</b> mục nào?", { parse_mode: "HTML", reply_markup: new InlineKeyboard().text("Một", "e:1").text("Hai", "e:2") });
    });
    bot.callbackQuery("c:send", async (ctx) => {
      await ctx.answerCallbackQuery({ text: "Đã gửi báo cáo.", show_alert: true });
      this.results.unmark = await ctx.editMessageReplyMarkup({ reply_markup: undefined });
    });
    bot.callbackQuery(/^(c:cancel|e:\d|m:\d|l:\w+)$/, async (ctx) => {
      await ctx.answerCallbackQuery();
      await ctx.reply(`bấm ${ctx.callbackQuery.data}`);
    });
    bot.on("message:text", (ctx) => ctx.reply(`chữ: ${ctx.msg.text}`));
    return bot;
  }

  /** Handles one raw event as the polling loop or the webhook would hand it over. */
  async event(raw: RawZaloEvent): Promise<void> {
    const e = parseZaloEvent(raw);
    if (!e) throw new Error("not an event");
    await this.adapter.handle(this.bot, e);
  }

  /** `user` types `text` to the bot. */
  send(user: FakeZaloUser, text: string, opts: { messageId?: string } = {}): Promise<void> {
    return this.event(this.fake.textEvent(user, text, opts));
  }

  /** What the bot sent to `user` on Zalo, oldest first. */
  sent(user: FakeZaloUser): SentByBot[] {
    return this.fake.sent.get(user.id) ?? [];
  }

  /** The texts (or captions) sent to `user` since index `from`. */
  texts(user: FakeZaloUser, from = 0): string[] {
    return this.sent(user)
      .slice(from)
      .map((s) => s.text ?? s.caption ?? "");
  }
}
