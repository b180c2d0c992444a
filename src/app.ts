// Builds the whole application (database, bloc, i18n, bot) from a configuration.
// main.ts, the demo and the tests use this, and differ only in what they pass.
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
import { flushGroupPosts, queuePost, registerPostRenderer } from "./features/group/use-cases.js";
import { renderBallotPost, useBallotTexts } from "./features/ballots/use-cases.js";
import { ballotTexts } from "./features/ballots/views.js";
import { renderSummaryPost } from "./features/summaries/jobs.js";
import { UNWIRED_CHATS } from "./shared/messaging/chats.js";
import { telegramChats } from "./messengers/telegram/chats.js";
import { telegramMenus } from "./messengers/telegram/commands.js";
import { UNWIRED_MENUS } from "./shared/messaging/menus.js";
import { maskedError } from "./shared/log/secrets.js";
import { FileTooBigError, readCapped } from "./shared/download.js";
import { botApiTransformers } from "./messengers/telegram/api-policy.js";

export type AppOptions = {
  config: Config;
  clock: Clock;
  logger: Logger;
  token: string;
  botInfo?: UserFromGetMe;
  client?: ApiClientOptions;
  fairness?: FairnessRules;
};

export async function createApp(opts: AppOptions) {
  const { config, clock, logger } = opts;
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
  const bot = createBot(opts.token, deps, { botInfo: opts.botInfo, client: opts.client, fairness: opts.fairness, apiTransformers: botApiTransformers(deps) });
  // The outbound port on Telegram; the group's posts go through the group's outbox,
  // which sends through the chats port and has the ballots and the summaries render
  // the posts they own.
  deps.chats = telegramChats(bot.api);
  deps.notify = telegramOutbound(deps, bot.api, {
    queue: (key, content, staleAfterMs) => queuePost(deps, key, content, staleAfterMs),
    flush: () => flushGroupPosts(deps),
  });
  useBallotTexts(ballotTexts);
  registerPostRenderer("ballot", renderBallotPost);
  registerPostRenderer("summary", renderSummaryPost);
  deps.menus = telegramMenus(bot.api, i18n);
  const scheduler = new Scheduler(deps, bot.api, allJobs());
  return {
    bot,
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
