// Fair to everyone (issue 13): nobody's flood takes the bot from the others.
//  - rateLimit() runs before anything else, the update ledger included: a person
//    over the limit costs no database write, and their update leaves the runner's
//    slot at once instead of waiting in their chat's queue (sequentialize), where
//    560 of them kept another person's /whoami waiting 61 s. It decides
//    synchronously, so that the ledger still sees each chat's updates in the
//    order they came (see db/ledger.ts). An update
//    dropped here is not recorded, so a redelivery is judged again, never handled
//    twice. A dropped button press still gets an empty answer, or the person's
//    client keeps spinning (see answerDropped).
//  - outsidersInGroups() runs after scope (it needs the roles): a person with no
//    role gets at most one answer to a command in a group chat per hour. Group
//    sends are rate-limited by Telegram, and strangers' answers there delayed a
//    real vote's update by 18 s. Service messages, plain messages and button
//    presses go on (a button press is answered in a pop-up, not in the chat).
import type { MiddlewareFn } from "grammy";
import type { BotContext, Deps } from "../context.js";
import { OncePer, RateLimiter, type RateLimitRule } from "../rate-limit.js";
import { toLocale } from "../i18n.js";

export type FairnessRules = {
  /** The per-person rate limit. */
  person: RateLimitRule;
  /** An outsider's commands in a group chat: one answered per this window (ms), per chat. */
  outsiderGroupWindowMs: number;
};

/**
 * Per person: 20 updates at once, then one every 3 s (20 a minute), "slow down"
 * once a minute at most: a person answering a report, pasting a table or ticking
 * candidates stays far below. Outsiders: one answer in a group per hour.
 */
export const FAIRNESS: FairnessRules = {
  person: { burst: 20, refillMs: 3_000, warnEveryMs: 60_000 },
  outsiderGroupWindowMs: 3_600_000,
};

/**
 * Empty answers to dropped presses in flight at once, whoever pressed: beyond
 * this a dropped press goes unanswered (the client stops its spinner after its
 * own time-out), so that a flood of presses cannot make the bot hold an
 * unbounded number of requests to Telegram.
 */
export const MAX_DROPPED_ANSWERS_IN_FLIGHT = 50;

export function rateLimit(deps: Deps, rule: RateLimitRule = FAIRNESS.person): MiddlewareFn<BotContext> {
  const limiter = new RateLimiter(rule);
  const inFlight = { n: 0 };
  return (ctx, next) => {
    const from = ctx.from;
    if (!from) return next();
    const verdict = limiter.take(String(from.id), deps.clock.now().getTime());
    if (verdict === "pass") return next();
    deps.logger.debug({ updateId: ctx.update.update_id, userId: from.id, verdict }, "over the rate limit: dropped");
    if (verdict === "warn") return slowDown(ctx, deps);
    if (ctx.callbackQuery) answerDropped(ctx, deps, inFlight);
  };
}

/**
 * A dropped press is answered without text, so that the presser's client stops
 * spinning: a courtesy call, not awaited (the update leaves its runner slot at
 * once, however slow Telegram is) and never failing (a refusal is only logged).
 * At most MAX_DROPPED_ANSWERS_IN_FLIGHT at once.
 */
function answerDropped(ctx: BotContext, deps: Deps, inFlight: { n: number }): void {
  if (inFlight.n >= MAX_DROPPED_ANSWERS_IN_FLIGHT) return;
  inFlight.n++;
  let answering: Promise<unknown>;
  try {
    answering = ctx.answerCallbackQuery();
  } catch (err) {
    answering = Promise.reject(err);
  }
  answering
    .catch((err: unknown) => deps.logger.debug({ err }, "a dropped press was not answered"))
    .finally(() => inFlight.n--);
}

// In a private chat a message, for a button press a pop-up; in a group nothing (a
// message there would add to the flood). A failed courtesy is only logged.
async function slowDown(ctx: BotContext, deps: Deps): Promise<void> {
  const locale = toLocale(ctx.from?.language_code?.startsWith("en") ? "en" : undefined, deps.config.defaultLocale);
  const text = deps.i18n.t(locale, "rate-limit-slow-down");
  try {
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text, show_alert: true });
    else if (ctx.chat?.type === "private") await ctx.reply(text);
  } catch (err) {
    deps.logger.warn({ err }, "could not ask a person to slow down");
  }
}

export function outsidersInGroups(deps: Deps, windowMs = FAIRNESS.outsiderGroupWindowMs): MiddlewareFn<BotContext> {
  const answered = new OncePer(windowMs);
  return (ctx, next) => {
    const chat = ctx.chat;
    if (!chat || (chat.type !== "group" && chat.type !== "supergroup")) return next();
    if (ctx.actor.isAdmin || ctx.actor.grants.length > 0) return next();
    if (!isCommand(ctx)) return next();
    if (answered.allow(`${chat.id}:${ctx.from?.id ?? "?"}`, deps.clock.now().getTime())) return next();
    deps.logger.debug({ updateId: ctx.update.update_id, chatId: chat.id, userId: ctx.from?.id }, "an outsider's command in a group, answered once this hour: dropped");
  };
}

/** A message (or an edit) whose text or caption (a document sent with /import) starts with a command. */
function isCommand(ctx: BotContext): boolean {
  const msg = ctx.message ?? ctx.editedMessage;
  return (msg?.text ?? msg?.caption)?.startsWith("/") ?? false;
}
