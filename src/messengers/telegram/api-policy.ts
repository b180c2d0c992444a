// How every Bot API call is made, in one list installed on bot.api and again inside
// conversations (which build their own Api): courtesy calls that never fail the action,
// bounded retries, a group that moved to a supergroup followed wherever a call finds it,
// and Telegram's limits kept (telegram-limits.ts: a long text sent in parts, each part
// retried and followed on its own; an edit that changes nothing taken as done).
import type { Transformer } from "grammy";
import type { ApiResponse } from "grammy/types";
import type { Logger } from "../../shared/log/logger.js";
import type { Deps } from "../../shared/deps.js";
import { retryPolicy } from "./retry.js";
import { courtesyCalls } from "../../chat/middleware/courtesy.js";
import { telegramLimits } from "./telegram-limits.js";
import { followMigration } from "../../features/group/use-cases.js";

/** Methods whose chat_id is where a new message goes: after a migration they are sent again to the new chat. */
function createsMessage(method: string): boolean {
  return (method.startsWith("send") && method !== "sendChatAction") || /^(copy|forward)Messages?$/.test(method);
}

/**
 * Telegram answers a call to a group that became a supergroup with 400 and
 * `parameters.migrate_to_chat_id`. `onMigrate(from, to)` moves what is stored under
 * the old id; a call that creates a message is then made again to the new chat (so
 * the post that failed lands there), any other (an edit of a message that stayed in
 * the old chat) returns the error.
 */
export function chatMigration(onMigrate: (from: number, to: number) => Promise<void>, logger: Logger): Transformer {
  return (async (prev, method, payload, signal) => {
    const r = await prev(method, payload, signal);
    const to = r.ok ? undefined : r.parameters?.migrate_to_chat_id;
    const from = Number((payload as { chat_id?: unknown }).chat_id);
    if (to === undefined || !Number.isSafeInteger(from) || from === to) return r;
    try {
      await onMigrate(from, to);
    } catch (err) {
      logger.error({ err, from, to }, "could not follow the group's move to a supergroup");
    }
    if (!createsMessage(method)) return r;
    const { reply_parameters: _r, reply_to_message_id: _m, ...rest } = payload as Record<string, unknown>;
    return prev(method, { ...rest, chat_id: to } as typeof payload, signal) as Promise<ApiResponse<never>>;
  }) as Transformer;
}

/**
 * The transformers of every Api the bot uses, innermost first: courtesy calls,
 * then the retry policy, then the migration (so that the call made again to the new
 * chat is retried like any other), then Telegram's limits (so that each part of a
 * long text is retried and followed to a new chat like any other call).
 */
export function apiTransformers(opts: { logger: Logger; onMigrate: (from: number, to: number) => Promise<void> }): Transformer[] {
  return [courtesyCalls(opts.logger), ...retryPolicy(), chatMigration(opts.onMigrate, opts.logger), telegramLimits(opts.logger)];
}

/** apiTransformers bound to the bot's dependencies: for bot.api, and again inside conversations (conversationPlugins). */
export function botApiTransformers(deps: Deps): Transformer[] {
  return apiTransformers({ logger: deps.logger, onMigrate: (from, to) => followMigration(deps, from, to) });
}
