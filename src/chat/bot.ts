// The bot factory: no side effects on import. main.ts, the demo and the tests all
// build the bot here, so tests drive exactly what runs in production.
import { Bot, type ApiClientOptions, type Transformer } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import nodeFetch from "node-fetch";
import { guardedFetch, registerSecret } from "../shared/log/secrets.js";
import type { Config } from "../config.js";
import { conversations } from "@grammyjs/conversations";
import { sequentialize } from "@grammyjs/runner";
import type { BotContext } from "./context.js";
import type { Deps } from "../shared/deps.js";
import { scope } from "./middleware/scope.js";
import { dedupe } from "./middleware/dedupe.js";
import { FAIRNESS, queueKeys, rateLimit, type FairnessRules } from "./middleware/fairness.js";
import { loopTurns } from "./middleware/turns.js";
import { startFeature } from "../features/access/chat/start.js";
import { codesFeature } from "../features/access/chat/codes.js";
import { messengerFeature } from "../features/messengers/chat.js";
import { adminFeature } from "../features/bloc/chat.js";
import { peopleFeature } from "../features/access/chat/people.js";
import { unhandledFeature } from "./middleware/unhandled.js";
import { cancelFeature, reportFeature } from "../features/reports/chat.js";
import { remindersFeature } from "../features/reminders/chat/schedule.js";
import { ballotsFeature } from "../features/ballots/chat.js";
import { summaryFeature } from "../features/summaries/chat.js";
import { importFeature } from "../features/imports/chat.js";
import { historyFeature } from "../features/history/chat.js";
import { NEW_BALLOT_CONVERSATION, newBallotDialogue } from "../features/ballots/dialogue.js";
import { REPORT_CONVERSATION, reportDialogue } from "../features/reports/dialogue.js";
import { conversationPlugins } from "./conversations/plugins.js";
import { Dialogues } from "./conversations/dialogue.js";
import { dialoguesFeature } from "./conversations/choice.js";
import { conversationStore } from "./conversations/storage.js";
import { localeMiddleware } from "./i18n.js";
import { toLocale } from "../shared/i18n/locale.js";
import { ButtonTable, CommandTable, recordRoutes } from "./routing.js";
import { isBusy } from "../shared/db/busy.js";
import { groupFeature } from "../features/group/chat.js";
import { reachabilityFeature } from "../features/reminders/chat/reachability.js";
import { PressAnswers, courtesyFailed, popupFallback } from "./middleware/courtesy.js";

export type BotOptions = {
  botInfo?: UserFromGetMe;
  /**
   * How every Bot API call is made (retries, limits, courtesy calls, a group's
   * migration followed): the messenger's list, given by the composition (src/app.ts:
   * Telegram's is botApiTransformers in src/messengers/telegram/api-policy.ts).
   * Installed on bot.api and again inside every conversation, which builds its own Api.
   */
  apiTransformers?: Transformer[];
  client?: ApiClientOptions;
  /** The rate limit and the budgets of people without a role; FAIRNESS unless told (the test harness relaxes them). */
  fairness?: FairnessRules;
};

/**
 * The Bot API client's options: the API root, a time limit on every call
 * (config.apiTimeoutSeconds; grammY aborts the request and throws an HttpError),
 * and a fetch whose errors and answers never carry the token (secrets.ts). Every
 * Api built from them has both: the bot's, the one each conversation builds from
 * `bot.api.options`, and polling's (main.ts, with the long-poll time on top).
 */
export function apiClientOptions(config: Config, client: ApiClientOptions = {}): ApiClientOptions {
  return {
    ...(config.apiRoot ? { apiRoot: config.apiRoot } : {}),
    timeoutSeconds: config.apiTimeoutSeconds,
    ...client,
    fetch: guardedFetch((client.fetch ?? nodeFetch) as Parameters<typeof guardedFetch>[0]) as unknown as ApiClientOptions["fetch"],
  };
}

export function createBot(token: string, deps: Deps, options: BotOptions = {}): Bot<BotContext> {
  registerSecret(token);
  // One answer per button press, on every Api of the bot, conversations' included (PressAnswers).
  const presses = new PressAnswers(deps.logger);
  const client = apiClientOptions(deps.config, options.client);
  const bot = new Bot<BotContext>(token, {
    ...(options.botInfo ? { botInfo: options.botInfo } : {}),
    client: { ...client, fetch: presses.fetch(client.fetch!) },
  });
  const transformers = options.apiTransformers ?? [];
  bot.api.config.use(...transformers);

  // First the per-person rate limit and the budgets of people without a role:
  // over them, an update costs no database write and leaves its runner slot at
  // once (see chat/middleware/fairness.ts). It decides synchronously, so the ledger next
  // still gets the updates of one getUpdates batch in the order they came (see
  // chat/middleware/update-ledger.ts).
  const fairness = options.fairness ?? FAIRNESS;
  bot.use(rateLimit(deps, fairness));
  bot.use(dedupe(deps));
  // A few updates of a batch go on per turn of the event loop, in order (chat/middleware/turns.ts).
  bot.use(loopTurns());
  // Updates of one chat (and of one user) are handled in order, others in
  // parallel; those of people without a role in their own queue only (queueKeys).
  bot.use(sequentialize(queueKeys));
  bot.use(scope(deps));
  bot.use(localeMiddleware(deps.i18n));
  bot.use(popupFallback());
  // Dialogues (chat/conversations/dialogue.ts): stored with where they stand, versioned,
  // continued from their saved position after a release or a failed replay.
  const dialogues = new Dialogues(deps, conversationStore(deps.db, deps.clock)).add(reportDialogue(deps)).add(newBallotDialogue(deps));
  bot.use(conversations<BotContext, BotContext>({ storage: dialogues.storage() }));
  bot.use(dialogues.conversation(REPORT_CONVERSATION, conversationPlugins(transformers)));
  bot.use(dialogues.conversation(NEW_BALLOT_CONVERSATION, conversationPlugins(transformers)));
  // After the dialogues (which pass every command on): /cancel then also finds a
  // dialogue that was just continued after a release.
  const cancel = cancelFeature();
  bot.use(cancel);

  // Each feature registers its commands in the table, its buttons in the button
  // table, and returns the rest (files). Commands go first, dispatched by name (see
  // routing.ts); no other handler of a feature takes a text message that starts
  // with a command. The buttons then run in the order the features registered them.
  const commands = new CommandTable();
  const buttons = new ButtonTable();
  const features = [startFeature(commands, buttons), messengerFeature(commands, buttons), reportFeature(commands, buttons), remindersFeature(commands), ballotsFeature(commands, buttons), summaryFeature(commands, buttons), importFeature(commands), historyFeature(commands, buttons), adminFeature(commands, buttons), peopleFeature(commands, buttons), codesFeature(commands)];
  dialoguesFeature(buttons, dialogues);
  bot.use(groupFeature(), reachabilityFeature());
  bot.use(commands);
  bot.use(buttons, ...features);
  // What the bot answers, read by routesOf(bot) (the authorisation matrix checks it has a row for each).
  recordRoutes(bot, { commands: [cancel, commands], buttons, dialoguePrefixes: [] }); // the dialogues' buttons are in the table (choice.ts)
  bot.use(unhandledFeature());

  // The polite answer to a failed update: the pop-up if it was a press not answered yet,
  // and a message in private when the press was answered already (a handler answers at
  // once, then acts: PressAnswers), when the pop-up is refused, or when the update was a
  // message there.
  bot.catch(async (err) => {
    const ctx = err.ctx;
    const busy = isBusy(err.error);
    if (busy) deps.logger.warn({ updateId: ctx.update.update_id }, "update failed: the database stayed locked by another process");
    else deps.logger.error({ err: err.error, updateId: ctx.update.update_id }, "update failed");
    try {
      const locale = toLocale(ctx.locale, deps.config.defaultLocale);
      const text = deps.i18n.t(locale, busy ? "error-busy" : "error-generic");
      let told = false;
      if (ctx.callbackQuery && !presses.answered(ctx.callbackQuery.id)) told = !courtesyFailed(await ctx.answerCallbackQuery({ text, show_alert: true }));
      const chatId = ctx.chat?.type === "private" ? ctx.chat.id : ctx.callbackQuery ? ctx.callbackQuery.from.id : undefined;
      if (!told && chatId !== undefined) await ctx.api.sendMessage(chatId, text);
    } catch (e) {
      deps.logger.warn({ err: e }, "could not tell the user about the failure");
    }
  });
  return bot;
}
