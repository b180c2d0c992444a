// The only place that starts things: database, bot, runner, scheduler, and the
// shutdown hook that stops them in reverse order.
import { run } from "@grammyjs/runner";
import { ConfigError, createConfig } from "./config.js";
import { createLogger, maskSecrets } from "./logger.js";
import { systemClock } from "./clock.js";
import { createApp } from "./app.js";
import { registerCommands } from "./bot/commands.js";
import { BlocFileError } from "./domain/bloc-file.js";

async function main() {
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
  if (!config.botToken) {
    console.error(
      "BOT_TOKEN is not set. Create a bot with @BotFather in Telegram (/newbot), then run:\n" +
        "  BOT_TOKEN=123456:ABC... npm start\n" +
        "To see the bot at work without Telegram, run: npm run demo",
    );
    process.exit(1);
  }
  const logger = createLogger(config.logLevel);
  let app;
  try {
    app = await createApp({ config, clock: systemClock, logger, token: config.botToken });
  } catch (e) {
    if (e instanceof BlocFileError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  const { bot } = app;
  try {
    bot.botInfo = await bot.api.getMe();
  } catch (e) {
    console.error(maskSecrets(`Cannot reach Telegram${config.apiRoot ? ` at ${config.apiRoot}` : ""}: ${(e as Error).message}`));
    await app.close();
    process.exit(1);
  }
  await registerCommands(bot.api, app.deps.i18n, config.adminIds, config.defaultLocale).catch((err) =>
    logger.warn({ err }, "could not register the command menus"),
  );
  const runner = run(bot, { runner: { fetch: { allowed_updates: ["message", "edited_message", "callback_query", "my_chat_member"] } } });
  await app.scheduler.start();
  logger.info({ bot: bot.botInfo.username }, "bot started");

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping");
    await app.scheduler.stop();
    if (runner.isRunning()) await runner.stop(); // waits for in-flight updates
    await app.close();
    logger.info("stopped");
    process.exit(0);
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((e: unknown) => {
  console.error(maskSecrets(`Fatal: ${e instanceof Error ? e.message : String(e)}`));
  process.exit(1);
});
