// Each Telegram update is handled once. Telegram (or a restart before the
// runner confirmed an offset) may deliver an update again; its id is recorded
// before handling, so a second delivery is dropped. Recording first is
// deliberate: applying an answer twice to a conversation (once per question)
// would be worse than losing one message, which the person can simply resend.
import type { MiddlewareFn } from "grammy";
import type { BotContext, Deps } from "../context.js";
import { sqlDate, sqlOf } from "../../db/sql.js";
import { PEOPLE_EPOCH_SQL } from "../../db/people.js";

export function dedupe(deps: Deps): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    // Direct SQL on this hot path: one prepared statement per update, which also
    // reads the people cache's epoch for the scope middleware (see db/people.ts).
    const sql = await sqlOf(deps.db);
    const row = sql.get<{ epoch: number | null }>(
      `INSERT OR IGNORE INTO "ProcessedUpdate" ("updateId", "at") VALUES (?, ?) RETURNING (${PEOPLE_EPOCH_SQL}) AS epoch`,
      ctx.update.update_id, sqlDate(deps.clock.now()),
    );
    if (row === undefined) {
      deps.logger.info({ updateId: ctx.update.update_id }, "update delivered again: skipped");
      return;
    }
    ctx.peopleEpoch = row.epoch ?? undefined;
    await next();
  };
}

/** Forgets ids older than a week: Telegram keeps undelivered updates for a day. */
export async function pruneProcessedUpdates(deps: Deps, now: Date): Promise<void> {
  await deps.db.processedUpdate.deleteMany({ where: { at: { lt: new Date(now.getTime() - 7 * 86400_000) } } });
}
