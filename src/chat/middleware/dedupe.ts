// Each Telegram update is handled once. Its id is recorded (chat/middleware/update-ledger.ts) before
// handling, so a second delivery is dropped. Recording first is deliberate:
// applying an answer twice to a conversation (once per question) would be worse
// than losing one message, which the person can simply resend.
import type { MiddlewareFn } from "grammy";
import type { BotContext } from "../context.js";
import type { Deps } from "../../shared/deps.js";
import { updateLedger } from "./update-ledger.js";

export function dedupe(deps: Deps): MiddlewareFn<BotContext> {
  const ledger = updateLedger(deps.db, deps.clock);
  return async (ctx, next) => {
    if (!(await ledger.record(ctx.update.update_id))) {
      deps.logger.info({ updateId: ctx.update.update_id }, "update delivered again: skipped");
      return;
    }
    return next(); // not awaited here: this frame need not stay alive while the update is handled
  };
}
