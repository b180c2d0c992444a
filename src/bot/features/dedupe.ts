// Each Telegram update is handled once. Telegram (or a restart before the
// runner confirmed an offset) may deliver an update again; its id is recorded
// before handling, so a second delivery is dropped. Recording first is
// deliberate: applying an answer twice to a conversation (once per question)
// would be worse than losing one message, which the person can simply resend.
import type { MiddlewareFn } from "grammy";
import type { BotContext, Deps } from "../context.js";
import { sqlDate, sqlOf } from "../../db/sql.js";

export function dedupe(deps: Deps): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    // Direct SQL on this hot path: one prepared statement per update.
    const sql = await sqlOf(deps.db);
    const inserted = sql.run(`INSERT OR IGNORE INTO "ProcessedUpdate" ("updateId", "at") VALUES (?, ?)`, ctx.update.update_id, sqlDate(deps.clock.now()));
    if (inserted === 0) {
      deps.logger.info({ updateId: ctx.update.update_id }, "update delivered again: skipped");
      return;
    }
    await next();
  };
}

/** Forgets ids older than a week: Telegram keeps undelivered updates for a day. */
export async function pruneProcessedUpdates(deps: Deps, now: Date): Promise<void> {
  await deps.db.processedUpdate.deleteMany({ where: { at: { lt: new Date(now.getTime() - 7 * 86400_000) } } });
}
