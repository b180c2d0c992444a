// The only place that starts things: database, bot, polling, scheduler, and the
// shutdown that stops them in reverse order. Exit codes: 0 after SIGINT or
// SIGTERM, 1 when the configuration is wrong, Telegram refuses the token (401),
// or something unexpected escapes.
import { ConfigError, createConfig } from "./config.js";
import { createLogger, type Logger } from "./shared/log/logger.js";
import { guardStdio, maskSecrets, registerSecret } from "./shared/log/secrets.js";
import { systemClock } from "./shared/clock.js";
import { createApp, type App } from "./app.js";
import { registerCommands } from "./messengers/telegram/commands.js";
import { BlocFileError } from "./shared/bloc/bloc-file.js";
import { DatabaseOpenError } from "./shared/db/database-file.js";
import { closeExportPool } from "./features/exports/pool.js";
import { FaultReporter, startPolling, TOKEN_REJECTED_LINE, TokenRejectedError, untilTelegramAnswers, type Polling } from "./messengers/telegram/polling.js";

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
  if (!process.env.BOT_TOKEN) {
    console.error(
      "BOT_TOKEN is not set. Create a bot with @BotFather in Telegram (/newbot), then run:\n" +
        "  BOT_TOKEN=123456:ABC... npm start\n" +
        "To see the bot at work without Telegram, run: npm run demo",
    );
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
  if (!config.botToken) throw new Error("BOT_TOKEN is not set"); // checked above; narrows the type
  registerSecret(config.botToken);
  const log = (logger = createLogger(config.logLevel));
  let app: App;
  try {
    app = await createApp({ config, clock: systemClock, logger: log, token: config.botToken });
  } catch (e) {
    // One line naming the setting and the place: BLOC_FILE's line, DATABASE_URL's path.
    if (e instanceof BlocFileError || e instanceof DatabaseOpenError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  const { bot } = app;

  let polling: Polling | undefined;
  let stopping = false;
  const startup = new AbortController();
  const stop = (shutdown = async (code: number, why: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ why }, "stopping");
    startup.abort();
    await app.scheduler.stop();
    await polling?.stop(); // waits for the updates being handled
    await closeExportPool();
    await app.close();
    log.info("stopped");
    process.exit(code);
  });
  process.once("SIGINT", () => void stop(0, "SIGINT"));
  process.once("SIGTERM", () => void stop(0, "SIGTERM"));

  // Telegram unreachable at start: wait for it (one line, then backoff), as polling does.
  try {
    bot.botInfo = await untilTelegramAnswers(() => bot.api.getMe(), new FaultReporter(log, `start-up${config.apiRoot ? ` (${config.apiRoot})` : ""}`), { signal: startup.signal });
  } catch (e) {
    if (stopping) return;
    if (e instanceof TokenRejectedError) {
      log.error(TOKEN_REJECTED_LINE);
      return stop(1, "token rejected");
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
        log.error(TOKEN_REJECTED_LINE);
        return stop(1, "token rejected");
      }
      log.error({ err: e }, "polling stopped");
      return stop(1, "polling stopped");
    },
  );
  await app.scheduler.start();
  log.info({ bot: bot.botInfo.username }, "bot started");
}

main().catch((e: unknown) => fatal("Fatal", e));
