// The Zalo adapter: what lets a second grammY Bot, with the same handlers and
// dialogues as the Telegram one, serve Zalo (issue 16 item 3). Outbound, the
// Bot API calls are answered through the Zalo Bot API at the bottom of every
// Api's transformer chain (bot-api.ts, which says why there); inbound, Zalo
// events become grammY updates (updates.ts); the ids, message ids and menus
// live in the database (ids.ts). The composition wires it:
//
//   const zaloApi = new ZaloApi({ token: config.zaloBotToken, apiRoot: config.zaloApiRoot });
//   const zalo = new ZaloAdapter({ api: zaloApi, db, clock, logger, t: (key, vars, chat) => i18n.t(toLocale(localeOfChatNow(db, chat), config.defaultLocale), key, vars),
//                                  files, onTokenRevoked: () => void polling.stop() });
//   const zaloBot = createBot(config.zaloBotToken, deps, { botInfo: zalo.botInfo, client: zalo.clientOptions(),
//                                                         apiTransformers: zalo.transformers() }); // bot.api and conversations
//   const polling = startZaloPolling({ api: zaloApi, logger, seen: zalo.seen, handle: (e) => zalo.handle(zaloBot, e) });
import { BotError, type ApiClientOptions, type Bot, type Context, type Transformer } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { Clock } from "../../shared/clock.js";
import type { Db } from "../../shared/db/client.js";
import type { Logger } from "../../shared/log/logger.js";
import type { ZaloApi } from "./api.js";
import { ZaloBotApi, zaloBotInfo, type ZaloBotApiOptions } from "./bot-api.js";
import type { ZaloEvent } from "./events.js";
import { ZaloChats, ZaloInbound, type ZaloIds } from "./ids.js";
import type { SeenMessages } from "./intake.js";
import type { Timers } from "./timers.js";
import type { MenuChoice } from "./text.js";
import { ZaloUpdates } from "./updates.js";

export { isZaloTokenRevoked, ZALO_TOKEN_REVOKED, type ZaloFiles } from "./bot-api.js";

/**
 * The adapter's options: those of its Bot API translation (bot-api.ts: the Zalo API,
 * clock, logger, fixed texts — here also zalo-unsupported —, files, retry policy,
 * onTokenRevoked), which it builds with its own chats and bot info, and these.
 */
export type ZaloAdapterOptions = Omit<ZaloBotApiOptions, "chats" | "botInfo"> & {
  db: Db;
  /** getMe's account_name, for the bot's username. */
  accountName?: string;
  /**
   * The fixed answer to what the bot cannot read goes to a chat at most once in
   * this time (ms): a flood of stickers costs one send, not one each (they never
   * reach the bot's own rate limit, chat/middleware/fairness.ts). Default 60 000.
   */
  unsupportedEveryMs?: number;
};

export class ZaloAdapter {
  readonly botInfo: UserFromGetMe;
  /** Chat id ⇄ Zalo id. */
  readonly ids: ZaloIds;
  /** The database-backed de-duplication by Zalo message id, for startZaloPolling and the webhook. */
  readonly seen: SeenMessages;
  readonly botApi: ZaloBotApi;
  private readonly chats: ZaloChats;
  private readonly updates: ZaloUpdates;
  /** When each chat last got the fixed answer (ms). */
  private readonly toldUnsupported = new Map<number, number>();

  constructor(private readonly opts: ZaloAdapterOptions) {
    this.botInfo = zaloBotInfo(opts.accountName);
    this.chats = new ZaloChats(opts.db, () => opts.clock.now());
    this.ids = this.chats;
    const inbound = new ZaloInbound(opts.db, () => opts.clock.now());
    this.seen = inbound;
    this.botApi = new ZaloBotApi({ ...opts, chats: this.chats, botInfo: this.botInfo });
    this.updates = new ZaloUpdates(this.chats, inbound, opts.clock, this.botInfo, (choices) => this.botApi.typedAnswers(choices), async (chat) => (await opts.inDialogue?.(chat)) ?? false);
  }

  /**
   * The transformers of every Api of the Zalo bot, in place of the Telegram
   * policy (messengers/telegram/api-policy.ts: its retries would repeat the
   * adapter's own): createBot's BotOptions.apiTransformers, which puts them on
   * bot.api and on each conversation's Api (chat/conversations/plugins.ts; or
   * conversationPlugin() for a bot built otherwise). Without them a photo or a
   * document fails with an error saying so; everything else is answered by
   * clientOptions().
   */
  transformers(): Transformer[] {
    return [this.botApi.fileSlots()];
  }

  /** A conversation plugin installing transformers() on the conversation's own Api (bot.api's do not reach it). */
  conversationPlugin<C extends Context>(): (ctx: C, next: () => Promise<void>) => Promise<void> {
    return async (ctx, next) => {
      ctx.api.config.use(...this.transformers());
      await next();
    };
  }

  /**
   * The Zalo bot's client options (the Bot constructor's `client`; every Api
   * built from the bot's options, the conversations' included, gets them): the
   * fetch that answers each call through Zalo instead of the network, and a
   * time limit (grammY's, per call) above the adapter's tries: 4 tries of up to
   * 60 s (sendPhoto, Zalo downloading the image) and the waits between them.
   */
  clientOptions(): ApiClientOptions {
    return {
      apiRoot: "http://zalo.adapter.invalid",
      timeoutSeconds: 300,
      fetch: this.botApi.fetch as unknown as ApiClientOptions["fetch"],
    };
  }

  /**
   * Handles one Zalo event with `bot`: the synthesized update through
   * bot.handleUpdate (a failure to bot.errorHandler, as @grammyjs/runner does),
   * a fixed polite answer to what the bot cannot read, nothing when there is no
   * one to answer. For startZaloPolling's and the webhook's `handle`.
   */
  async handle<C extends Context>(bot: Bot<C>, event: ZaloEvent): Promise<void> {
    const s = await this.updates.synthesize(event);
    if (s.kind === "none") {
      this.opts.logger.info({ event: event.eventName }, `zalo: ${s.why}; nobody to answer`);
      return;
    }
    if (s.kind === "unsupported") {
      const now = this.opts.clock.now().getTime();
      const last = this.toldUnsupported.get(s.chat);
      if (last !== undefined && now - last < (this.opts.unsupportedEveryMs ?? 60_000)) return;
      if (this.toldUnsupported.size >= 10_000) this.toldUnsupported.clear();
      this.toldUnsupported.set(s.chat, now);
      await this.botApi.answer("sendMessage", { chat_id: s.chat, text: this.opts.t("zalo-unsupported", undefined, s.chat) });
      return;
    }
    if (s.kind === "no_choice") {
      await this.botApi.answer("sendMessage", { chat_id: s.chat, text: this.opts.t("zalo-menu-no-choice", { ref: s.ref, answer: s.answer.slice(0, 40) }, s.chat) });
      return;
    }
    // The menus sent to this chat while its update is handled answer the person (bot-api.ts, inAnswerTo).
    const chat = s.update.message?.chat.id ?? s.update.callback_query?.message?.chat.id;
    try {
      await (chat === undefined ? bot.handleUpdate(s.update) : this.botApi.inAnswerTo(chat, () => bot.handleUpdate(s.update)));
    } catch (e) {
      if (!(e instanceof BotError)) throw e;
      await bot.errorHandler(e as BotError<C>);
    }
  }
}
