// Builds the whole application (database, bloc, i18n, the bots) from a configuration.
// main.ts, the demo and the tests use this, and differ only in what they pass.
// One process, two messengers (issue 16 item 1): the Telegram bot (a token) and the
// Zalo bot (a ZaloApi: src/messengers/zalo/adapter.ts) share the Deps, the database
// and the scheduler; the outbound port routes each person's messages to their
// preferred messenger (src/messengers/route.ts). Either alone is a valid
// configuration; so are both.
import { inDialogue } from "./chat/conversations/storage.js";
import type { ApiClientOptions } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { Config } from "./config.js";
import type { Clock } from "./shared/clock.js";
import type { Logger } from "./shared/log/logger.js";
import { openDb, type Db } from "./shared/db/client.js";
import { applyMigrations } from "./shared/db/migrate.js";
import { syncBlocFile } from "./features/bloc/store/bloc.js";
import { settleCalendar } from "./shared/bloc/periods.js";
import { readBlocFile } from "./shared/bloc/bloc-file.js";
import { createBot } from "./chat/bot.js";
import type { FairnessRules } from "./chat/middleware/fairness.js";
import { createI18n } from "./shared/i18n/messages.js";
import type { Deps } from "./shared/deps.js";
import { Scheduler } from "./shared/jobs/scheduler.js";
import { allJobs } from "./jobs.js";
import { UNWIRED } from "./shared/messaging/outbound.js";
import { telegramOutbound } from "./messengers/telegram/outbound.js";
import { flushGroupPosts, queuePost, registerCopyRenderer, registerPostRenderer } from "./features/group/use-cases.js";
import { renderBallotCopy, renderBallotPost, useBallotTexts } from "./features/ballots/use-cases.js";
import { ballotMenuReference, ballotTexts } from "./features/ballots/views.js";
import { renderSummaryPost } from "./features/summaries/jobs.js";
import { UNWIRED_CHATS } from "./shared/messaging/chats.js";
import { telegramChats } from "./messengers/telegram/chats.js";
import { telegramMenus } from "./messengers/telegram/commands.js";
import { UNWIRED_MENUS } from "./shared/messaging/menus.js";
import { maskedError } from "./shared/log/secrets.js";
import { FileTooBigError, readCapped } from "./shared/download.js";
import { botApiTransformers } from "./messengers/telegram/api-policy.js";
import type { ZaloApi } from "./messengers/zalo/api.js";
// The Zalo adapter and the files served at PUBLIC_URL are imported only with a Zalo side (see main.ts).
import type { ZaloAdapter, ZaloFiles } from "./messengers/zalo/adapter.js";
import { routeOutbound } from "./messengers/route.js";
import { toLocale } from "./shared/i18n/locale.js";
import { localeOfChatNow } from "./shared/db/people.js";
import type { Outbound } from "./shared/messaging/outbound.js";
import { FILE_RETENTION_DAYS } from "./shared/db/retention-rules.js";

export type AppOptions = {
  config: Config;
  clock: Clock;
  logger: Logger;
  /** Telegram's bot token; absent: no Telegram side (then `zalo` is required). */
  token?: string;
  botInfo?: UserFromGetMe;
  /** The Zalo side; absent: none. */
  zalo?: ZaloSide;
  client?: ApiClientOptions;
  fairness?: FairnessRules;
};

/** What the composition needs for the Zalo side. */
export type ZaloSide = {
  /** ZALO_BOT_TOKEN (the Zalo bot's grammY Bot carries it; the adapter answers its calls). */
  token: string;
  /** The client, with the token and the root (config.zaloBotToken, config.zaloApiRoot); tests give it a fake's fetch. */
  api: ZaloApi;
  /** getMe's account_name, for the bot's username. */
  accountName?: string;
  /** Called once when Zalo refuses the token (401) on a send: main.ts stops the Zalo side. */
  onTokenRevoked?: () => void;
};

export async function createApp(opts: AppOptions) {
  const { config, clock, logger } = opts;
  if (!opts.token && !opts.zalo) throw new Error("createApp: neither a Telegram token nor a Zalo side");
  const migrations = applyMigrations(config.databaseUrl);
  if (migrations.applied.length) logger.info({ applied: migrations.applied }, "migrations applied");
  const db: Db = await openDb(config.databaseUrl, { busyWaitMs: config.dbBusyWaitMs });
  try {
    const { file, source } = readBlocFile(config.blocFile);
    const sync = await syncBlocFile(db, file, source, config.timeZone, clock.now());
    if (sync.changed) logger.info({ file: config.blocFile, ...sync }, "bloc file loaded");
    const filled = await settleCalendar(db, config.timeZone, clock.now());
    if (filled) logger.info({ boards: filled }, "first periods given to the boards of a database from before");
  } catch (e) {
    await db.$disconnect();
    throw e;
  }
  const i18n = createI18n(config.defaultLocale);
  const apiRoot = opts.client?.apiRoot ?? config.apiRoot ?? "https://api.telegram.org";
  const fetchFile = opts.client?.fetch ?? fetch;
  const files: Deps["files"] = {
    // The URL holds the token: it is never logged, and errors name only the status
    // or the failure. The request and the body's read share the Bot API calls' time
    // limit; the body is read only up to `maxBytes` (src/shared/download.ts).
    async download(filePath, { maxBytes = Infinity } = {}) {
      if (!opts.token) throw new Error("files are downloaded from Telegram, and no BOT_TOKEN is set");
      const limitMs = config.apiTimeoutSeconds * 1000;
      const signal = AbortSignal.timeout(limitMs);
      const timedOut = new Promise<never>((_, reject) =>
        signal.addEventListener("abort", () => reject(new Error(`file download timed out after ${config.apiTimeoutSeconds} s`)), { once: true }),
      );
      timedOut.catch(() => undefined); // settled by whichever comes first
      try {
        const res = await Promise.race([(fetchFile as typeof fetch)(`${apiRoot}/file/bot${opts.token}/${filePath}`, { signal }), timedOut]);
        if (!res.ok) {
          await res.body?.cancel().catch(() => {});
          throw new Error(`file download failed with HTTP ${res.status}`);
        }
        return await Promise.race([readCapped(res, maxBytes), timedOut]);
      } catch (e) {
        if (e instanceof FileTooBigError) throw e;
        if (signal.aborted) throw new Error(`file download timed out after ${config.apiTimeoutSeconds} s`);
        throw maskedError(e);
      }
    },
  };
  const deps: Deps = { config, db, logger, clock, i18n, files, notify: UNWIRED, chats: UNWIRED_CHATS, menus: UNWIRED_MENUS };
  const telegramBot = opts.token
    ? createBot(opts.token, deps, { botInfo: opts.botInfo, client: opts.client, fairness: opts.fairness, apiTransformers: botApiTransformers(deps) })
    : undefined;
  // The Zalo bot: the same handlers and dialogues, its calls answered through Zalo
  // by the adapter (no Telegram policy on it: its retries would repeat the adapter's).
  let zalo: { adapter: ZaloAdapter; bot: ReturnType<typeof createBot>; api: ZaloApi } | undefined;
  // Zalo takes pictures by URL only and has no documents: with PUBLIC_URL, the
  // files the bot makes for Zalo are kept in FILES_DIR and sent as signed,
  // expiring links to PUBLIC_URL/files/ (main.ts serves them); without it, the
  // adapter says where files are (locales: zalo-files-unavailable).
  let linkedFiles: ZaloFiles | undefined;
  if (opts.zalo && config.publicUrl) {
    const [{ fileLinkKey }, { FileStore }] = await Promise.all([import("./shared/files/key.js"), import("./shared/files/store.js")]);
    const { key } = fileLinkKey({ configured: config.fileLinkKey, databaseUrl: config.databaseUrl });
    linkedFiles = { store: new FileStore({ dir: config.filesDir, clock, ttlMs: FILE_RETENTION_DAYS * 86_400_000 }), key, publicUrl: config.publicUrl };
  }
  let zaloOutbound: typeof import("./messengers/zalo/outbound.js").zaloOutbound | undefined;
  if (opts.zalo) {
    const side = opts.zalo;
    const [{ ZaloAdapter }, outbound] = await Promise.all([import("./messengers/zalo/adapter.js"), import("./messengers/zalo/outbound.js")]);
    zaloOutbound = outbound.zaloOutbound;
    const adapter = new ZaloAdapter({
      api: side.api, db, clock, logger, accountName: side.accountName,
      ...(linkedFiles ? { files: linkedFiles } : {}), onTokenRevoked: () => side.onTokenRevoked?.(),
      // Zalo tells no one's language: the adapter's own lines go in the one the person chose.
      t: (key, vars, chat) => i18n.t(toLocale(localeOfChatNow(db, chat), config.defaultLocale), key, vars),
      // A ballot's private copy stays answerable ("B3 2") while other menus come after it.
      menuReference: (choices) => ballotMenuReference(choices.map((c) => c.data)),
      // ...but one pushed mid-dialogue leaves the bare numbers to the dialogue's menu.
      inDialogue: (chat) => inDialogue(db, chat),
    });
    const zaloBot = createBot(side.token, deps, { botInfo: adapter.botInfo, client: adapter.clientOptions(), apiTransformers: adapter.transformers(), fairness: opts.fairness });
    zalo = { adapter, bot: zaloBot, api: side.api };
  }
  // The bot whose Api the jobs and the chats port get (Telegram's; Zalo's when it serves alone).
  const bot = telegramBot ?? zalo!.bot;
  // The outbound port: each person on their preferred messenger; the group's posts
  // through the group's outbox (a group exists on Telegram only), which sends through
  // the chats port and has the ballots and the summaries render the posts they own.
  deps.chats = telegramChats(bot.api);
  const telegramPort = telegramOutbound(deps, bot.api, {
    queue: (key, content, staleAfterMs) => queuePost(deps, key, content, staleAfterMs),
    flush: () => flushGroupPosts(deps),
  });
  useBallotTexts(ballotTexts);
  registerPostRenderer("ballot", renderBallotPost);
  registerCopyRenderer("ballot", renderBallotCopy);
  registerPostRenderer("summary", renderSummaryPost);
  const ports: { telegram?: Outbound; zalo?: Outbound } = {};
  if (telegramBot) ports.telegram = telegramPort;
  if (zalo && zaloOutbound) ports.zalo = zaloOutbound(deps, zalo.bot.api, linkedFiles);
  deps.notify = routeOutbound(deps, ports, telegramPort);
  deps.menus = telegramMenus(bot.api, i18n);
  const scheduler = new Scheduler(deps, bot.api, allJobs(linkedFiles ? { files: linkedFiles.store } : {}));
  return {
    /** The Telegram bot, or the Zalo bot when Zalo is served alone. */
    bot,
    /** The Telegram bot; undefined without BOT_TOKEN. */
    telegramBot,
    /** The Zalo side; undefined without ZALO_BOT_TOKEN. */
    zalo,
    /** The files served at PUBLIC_URL/files/ (store, links' key, public URL); undefined without a Zalo side or PUBLIC_URL. */
    linkedFiles,
    db,
    deps,
    scheduler,
    async close() {
      await scheduler.stop();
      await db.$disconnect();
    },
  };
}

export type App = Awaited<ReturnType<typeof createApp>>;
