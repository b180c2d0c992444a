// Fair to everyone (issue 13): nobody's flood takes the bot from the others.
//  - rateLimit() runs before anything else, the update ledger included: a person
//    over the limit costs no database write, and their update leaves the runner's
//    slot at once instead of waiting in their chat's queue (sequentialize), where
//    560 of them kept another person's /whoami waiting 61 s. It decides
//    synchronously, so that the ledger still sees each chat's updates in the
//    order they came (see chat/middleware/update-ledger.ts). An update
//    dropped here is not recorded, so a redelivery is judged again, never handled
//    twice. A dropped button press still gets an empty answer, or the person's
//    client keeps spinning (see answerDropped).
//  - In the same step, people without a role (strangers, outsiders in the group)
//    share one budget, however many they are: 3,000 strangers' /start at once
//    stalled the loop for seconds, and 30 outsiders pressing a ballot's buttons
//    delayed a member's vote 16 s. What they send in a group that is not a
//    command or a press is dropped (the bot answers nothing there); their
//    commands in a group are answered once an hour per outsider, and a few an
//    hour for all outsiders of that group together (group sends are
//    rate-limited by Telegram: 30 outsiders' /whoami delayed a vote 31 s).
//  - queueKeys(): their updates queue behind their own only, never in a shared
//    chat's queue, so that they cannot hold up a member there.
// Who holds a role is read synchronously (shared/db/people.ts: holdsRoleNow).
import type { MiddlewareFn } from "grammy";
import type { BotContext } from "../context.js";
import type { Deps } from "../../shared/deps.js";
import { OncePer, RateLimiter, type RateLimitRule, type RateVerdict } from "./rate-limit.js";
import { toLocale } from "../../shared/i18n/locale.js";
import { holdsRoleNow } from "../../shared/db/people.js";

/** A budget shared by several people: `burst` at once, then one more every `refillMs` (ms). */
export type SharedBudget = { burst: number; refillMs: number };

export type FairnessRules = {
  /** The per-person rate limit. */
  person: RateLimitRule;
  /** Everyone without a role together (private messages, presses, commands in a group). */
  roleless: SharedBudget;
  /** An outsider's commands in a group chat: one answered per this window (ms), per outsider and chat. */
  outsiderGroupWindowMs: number;
  /** All outsiders' commands in one group chat together. */
  outsiderGroup: SharedBudget;
};

/**
 * Per person: 20 updates at once, then one every 3 s (20 a minute), "slow down"
 * once a minute at most: a person answering a report, pasting a table or ticking
 * candidates stays far below. Everyone without a role together: 30 at once, then
 * 5 a second (a newcomer's /start with an invitation is still answered at once on
 * a usual day, and however many strangers write, they take a few milliseconds of
 * the loop a second). Outsiders in a group: one answer each an hour, and 3 at
 * once then one every 20 minutes for all of them together.
 */
export const FAIRNESS: FairnessRules = {
  person: { burst: 20, refillMs: 3_000, warnEveryMs: 60_000 },
  roleless: { burst: 30, refillMs: 200 },
  outsiderGroupWindowMs: 3_600_000,
  outsiderGroup: { burst: 3, refillMs: 1_200_000 },
};

/**
 * Empty answers to dropped presses in flight at once, whoever pressed: beyond
 * this a dropped press goes unanswered (the client stops its spinner after its
 * own time-out), so that a flood of presses cannot make the bot hold an
 * unbounded number of requests to Telegram.
 */
export const MAX_DROPPED_ANSWERS_IN_FLIGHT = 50;

/** Updates of people without a role, as rateLimit() saw them: queued by person only (queueKeys). */
const roleless = new WeakSet<object>();

/**
 * The per-person rate limit and the budgets of people without a role (see the
 * header). A person holds a role if ADMIN_IDS names them or they hold one in the
 * database; when that cannot be told synchronously (the connection not open
 * yet), the update is judged by the per-person limit only.
 */
export function rateLimit(deps: Deps, rules: FairnessRules = FAIRNESS): MiddlewareFn<BotContext> {
  const limiter = new RateLimiter(rules.person);
  const shared = new RateLimiter({ ...rules.roleless, warnEveryMs: Infinity });
  const outsiderAnswered = new OncePer(rules.outsiderGroupWindowMs);
  const groups = new RateLimiter({ ...rules.outsiderGroup, warnEveryMs: Infinity });
  const inFlight = { n: 0 };
  return (ctx, next) => {
    const from = ctx.from;
    if (!from) return next();
    const now = deps.clock.now().getTime();
    let verdict = limiter.take(String(from.id), now);
    if (isRequest(ctx) && !holdsRole(deps, from.id)) {
      roleless.add(ctx);
      if (verdict !== "drop") verdict = rolelessVerdict(ctx, now, verdict);
    }
    if (verdict === "pass") return next();
    deps.logger.debug({ updateId: ctx.update.update_id, userId: from.id, verdict }, "over the rate limit: dropped");
    if (verdict === "warn") return slowDown(ctx, deps);
    if (ctx.callbackQuery) answerDropped(ctx, deps, inFlight);
  };

  // The shared budgets of people without a role; a warning costs a send, so it is counted too.
  function rolelessVerdict(ctx: BotContext, now: number, verdict: "pass" | "warn"): RateVerdict {
    const chat = ctx.chat;
    if (chat && (chat.type === "group" || chat.type === "supergroup") && !ctx.callbackQuery) {
      if (!isCommand(ctx)) return "drop"; // the bot answers nothing there
      if (verdict === "warn") return "drop"; // no "slow down" in a group
      const key = `${chat.id}:${ctx.from?.id ?? "?"}`;
      if (!outsiderAnswered.allows(key, now) || groups.take(String(chat.id), now) !== "pass") return "drop";
      if (shared.take("", now) !== "pass") return "drop";
      outsiderAnswered.allow(key, now);
      return "pass";
    }
    return shared.take("", now) === "pass" ? verdict : "drop";
  }
}

function holdsRole(deps: Deps, telegramId: number): boolean {
  if (deps.config.adminIds.includes(telegramId)) return true;
  return holdsRoleNow(deps.db, telegramId) ?? true;
}

/**
 * What a person asks of the bot: a message (or an edit) or a button press.
 * Chat member updates and the group's upgrade to a supergroup are not: the bot
 * must see them whoever caused them (features/group/chat.ts).
 */
function isRequest(ctx: BotContext): boolean {
  if (ctx.callbackQuery || ctx.inlineQuery) return true;
  const msg = ctx.message ?? ctx.editedMessage;
  return msg !== undefined && msg.migrate_to_chat_id === undefined && msg.migrate_from_chat_id === undefined;
}

/**
 * The keys of the runner's queues (sequentialize) an update waits in: a chat's
 * updates in order, and a person's. Updates of people without a role wait in
 * their own person's queue only, so that however many they are they never hold
 * up a member in a shared chat (their updates there change nothing of the chat's).
 */
export function queueKeys(ctx: BotContext): string[] {
  const keys = roleless.has(ctx) ? [ctx.from?.id] : [ctx.chatId, ctx.from?.id];
  return keys.filter((x) => x !== undefined).map(String);
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

/** A message (or an edit) whose text or caption (a document sent with /import) starts with a command. */
function isCommand(ctx: BotContext): boolean {
  const msg = ctx.message ?? ctx.editedMessage;
  return (msg?.text ?? msg?.caption)?.startsWith("/") ?? false;
}
