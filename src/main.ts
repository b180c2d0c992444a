// The only place that starts things: database, bots, polling (and Zalo's webhook),
// scheduler, and the shutdown that stops them in reverse order. Exit codes: 0 after
// SIGINT or SIGTERM, 1 when the configuration is wrong, the token of every
// messenger served is refused (401), or something unexpected escapes. One
// messenger refusing its token, at start or later, stops that side with one line
// and leaves the other running: Zalo's 401 leaves Telegram, Telegram's 401 leaves
// Zalo (the scheduler goes on; what it sends to Telegram fails and is retried as
// any failed send). When no side is left, the process exits 1.
import { ConfigError, createConfig, NO_TOKEN_LINE } from "./config.js";
import { createLogger, type Logger } from "./shared/log/logger.js";
import { guardStdio, maskSecrets, registerSecret } from "./shared/log/secrets.js";
import { systemClock } from "./shared/clock.js";
import { createApp, type App } from "./app.js";
import { registerCommands } from "./messengers/telegram/commands.js";
import { BlocFileError } from "./shared/bloc/bloc-file.js";
import { DatabaseOpenError } from "./shared/db/database-file.js";
import { closeExportPool } from "./features/exports/pool.js";
import { FaultReporter, startPolling, TELEGRAM_SIDE_STOPPED_LINE, TOKEN_REJECTED_LINE, TokenRejectedError, untilTelegramAnswers, type Polling } from "./messengers/telegram/polling.js";
// The Zalo side and the HTTP server (fastify, content-disposition) are imported
// only when configured (ZALO_BOT_TOKEN; PUBLIC_URL or the webhook): a bot serving
// Telegram alone never loads them (~100 modules, several MB of its idle memory,
// bench/reading.md "Idle memory").
import type { ZaloApi } from "./messengers/zalo/api.js";
import type { ZaloPolling } from "./messengers/zalo/polling.js";
import type { HttpServer } from "./messengers/http/server.js";

// Whatever is printed, by us or by a library, goes through the mask.
guardStdio();

let logger: Logger | undefined;
let shutdown: ((code: number, why: string) => Promise<void>) | undefined;

function fatal(what: string, e: unknown): void {
  const line = maskSecrets(`${what}: ${e instanceof Error ? e.message : String(e)}`);
  if (logger) logger.fatal({ err: e }, line);
  else console.error(line);
  if (shutdown) void shutdown(1, what);
  else process.exit(1);
}
// Never Node's own report of these (printed outside process.stderr.write, unmasked).
process.on("uncaughtException", (e) => fatal("uncaught exception", e));
process.on("unhandledRejection", (e) => fatal("unhandled rejection", e));

async function main() {
  // Before anything else, as scripts/build.mjs --require-token does before it
  // compiles (npm start): the same condition (unset or empty) and the same text.
  if (!process.env.BOT_TOKEN && !process.env.ZALO_BOT_TOKEN) {
    console.error(NO_TOKEN_LINE);
    process.exit(1);
  }
  let config;
  try {
    config = createConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  if (!config.botToken && !config.zaloBotToken) {
    console.error(NO_TOKEN_LINE);
    process.exit(1);
  }
  if (config.botToken) registerSecret(config.botToken);
  const log = (logger = createLogger(config.logLevel));
  // The Zalo side: its client (registers the token for masking), and what stops it.
  const zaloModules = config.zaloBotToken ? await Promise.all([import("./messengers/zalo/api.js"), import("./messengers/zalo/polling.js")]) : undefined;
  const zaloApi = zaloModules && config.zaloBotToken ? new zaloModules[0].ZaloApi({ token: config.zaloBotToken, apiRoot: config.zaloApiRoot }) : undefined;
  let stopZalo: (why: "revoked-on-send" | "revoked-on-poll") => void = () => undefined;
  let app: App;
  try {
    app = await createApp({
      config, clock: systemClock, logger: log, token: config.botToken,
      ...(zaloApi && config.zaloBotToken ? { zalo: { token: config.zaloBotToken, api: zaloApi, onTokenRevoked: () => stopZalo("revoked-on-send") } } : {}),
    });
  } catch (e) {
    // One line naming the setting and the place: BLOC_FILE's line, DATABASE_URL's path.
    if (e instanceof BlocFileError || e instanceof DatabaseOpenError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  const bot = app.telegramBot;

  let polling: Polling | undefined;
  let zaloPolling: ZaloPolling | undefined;
  let zaloServer: HttpServer | undefined;
  let zaloStopped: Promise<void> | undefined;
  let stopping = false;
  const startup = new AbortController();
  const stop = (shutdown = async (code: number, why: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ why }, "stopping");
    startup.abort();
    await app.scheduler.stop();
    await Promise.all([polling?.stop(), endZalo(true)]); // each waits for the updates being handled
    await closeExportPool();
    await app.close();
    log.info("stopped");
    process.exit(code);
  });
  process.once("SIGINT", () => void stop(0, "SIGINT"));
  process.once("SIGTERM", () => void stop(0, "SIGTERM"));

  const webhookMode = Boolean(config.publicUrl && config.zaloWebhookSecret);
  let serverStopped: Promise<void> | undefined;
  const stopServer = (): Promise<void> => (serverStopped ??= zaloServer ? zaloServer.stop() : Promise.resolve());
  /**
   * Ends the Zalo side once: polling stopped, or the webhook removed (at a
   * shutdown; with a revoked token there is nothing to remove), each waiting for
   * the events being handled. The HTTP server goes with it, unless it serves the
   * file links already sent (PUBLIC_URL/files/): those stay good until the
   * process stops, whatever became of the token.
   */
  function endZalo(atShutdown: boolean): Promise<void> {
    zaloStopped ??= (async () => {
      await zaloPolling?.stop();
      if (atShutdown && webhookMode && zaloApi) await zaloApi.deleteWebhook({ signal: AbortSignal.timeout(10_000) }).catch((err: unknown) => log.warn({ err }, "zalo: the webhook could not be removed"));
    })();
    return atShutdown || !app.linkedFiles ? zaloStopped.then(stopServer) : zaloStopped;
  }
  let telegramStopped = false;
  stopZalo = (why) => {
    if (zaloStopped || stopping) return;
    // Polling has said it (ZALO_TOKEN_REVOKED_LINE); a refused send has not.
    if (why === "revoked-on-send" && zaloModules) log.error(zaloModules[1].ZALO_TOKEN_REVOKED_LINE);
    if (!bot || telegramStopped) return void stop(1, "zalo token rejected");
    void endZalo(false).then(() => log.info("zalo side stopped; Telegram goes on"));
  };

  if (app.zalo && zaloApi && zaloModules) {
    const [{ ZaloApiError }, { startZaloPolling, ZALO_TOKEN_REVOKED_LINE }] = zaloModules;
    const zalo = app.zalo;
    const handle = (e: Parameters<typeof zalo.adapter.handle>[1]) => zalo.adapter.handle(zalo.bot, e);
    const files = app.linkedFiles;
    if (webhookMode || files) {
      // One HTTP server behind PUBLIC_URL: the webhook (when Zalo delivers) and
      // the signed file links (whenever PUBLIC_URL is set).
      const { createHttpServer } = await import("./messengers/http/server.js");
      zaloServer = createHttpServer({
        logger: log, host: config.httpHost, port: config.httpPort,
        ...(webhookMode && config.zaloWebhookSecret ? { zaloWebhook: { secret: config.zaloWebhookSecret, seen: zalo.adapter.seen, onEvent: handle } } : {}),
        ...(files ? { files: { store: files.store, key: files.key } } : {}),
      });
      log.info({ listening: (await zaloServer.start()).url, files: Boolean(files), webhook: webhookMode }, "http server listening");
    }
    if (webhookMode && config.publicUrl && config.zaloWebhookSecret) {
      // The webhook: served (above), then registered; removed at shutdown.
      const url = `${config.publicUrl}/zalo/webhook`;
      try {
        await zaloApi.setWebhook(url, config.zaloWebhookSecret, { signal: startup.signal });
        log.info({ url }, "zalo webhook registered");
      } catch (e) {
        if (stopping) return;
        if (e instanceof ZaloApiError && e.errorCode === 401) {
          log.error(ZALO_TOKEN_REVOKED_LINE);
          if (!bot) return stop(1, "zalo token rejected");
          await endZalo(false);
        } else log.error({ err: e }, "zalo: the webhook could not be registered (Zalo delivers only to a registered one); restart to try again");
      }
    } else {
      zaloPolling = startZaloPolling({
        api: zaloApi, logger: log, seen: zalo.adapter.seen, handle,
        onTokenRevoked: () => stopZalo("revoked-on-poll"),
        // A webhook left from an earlier configuration keeps polling from working: remove it.
        onWebhookSet: () => void zaloApi.deleteWebhook().then(() => log.info("zalo: the webhook left from before was removed; polling goes on"), (err: unknown) => log.warn({ err }, "zalo: the webhook could not be removed")),
      });
    }
  }
  if (!bot) {
    await app.scheduler.start();
    log.info("bot started (Zalo only)");
    return;
  }
  /**
   * Telegram refused the token: with the Zalo side serving, the Telegram side
   * stops and Zalo goes on (one line); otherwise the process stops (exit 1).
   * True when the process goes on.
   */
  const telegramRejected = (): boolean => {
    if (!app.zalo || zaloStopped) {
      log.error(TOKEN_REJECTED_LINE);
      void stop(1, "token rejected");
      return false;
    }
    telegramStopped = true;
    log.error(TELEGRAM_SIDE_STOPPED_LINE);
    return true;
  };

  // Telegram unreachable at start: wait for it (one line, then backoff), as polling does.
  try {
    bot.botInfo = await untilTelegramAnswers(() => bot.api.getMe(), new FaultReporter(log, `start-up${config.apiRoot ? ` (${config.apiRoot})` : ""}`), { signal: startup.signal });
  } catch (e) {
    if (stopping) return;
    if (e instanceof TokenRejectedError) {
      if (!telegramRejected()) return;
      await app.scheduler.start();
      log.info("bot started (Zalo only: Telegram refused its token)");
      return;
    }
    throw e;
  }
  await registerCommands(bot.api, app.deps.i18n, config.adminIds, config.defaultLocale).catch((err) =>
    log.warn({ err }, "could not register the command menus"),
  );
  if (stopping) return;
  polling = startPolling(bot, { logger: log, allowedUpdates: ["message", "edited_message", "callback_query", "my_chat_member"] });
  polling.done.then(
    () => undefined,
    (e: unknown) => {
      if (e instanceof TokenRejectedError) {
        if (telegramRejected()) log.info("telegram side stopped; Zalo goes on");
        return;
      }
      log.error({ err: e }, "polling stopped");
      return stop(1, "polling stopped");
    },
  );
  await app.scheduler.start();
  log.info({ bot: bot.botInfo.username }, "bot started");
}

main().catch((e: unknown) => fatal("Fatal", e));
