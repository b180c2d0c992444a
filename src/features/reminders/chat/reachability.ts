// A person who blocks the bot, or unblocks it. Telegram tells the bot with a
// my_chat_member update in the person's private chat (new status "kicked" when
// blocked, "member" when unblocked or started again). A block is recorded at once
// (Person.reachable false, with when and why), so that no send is spent on them:
// the reminders (claimed as 'unreachable', or not sent at their turn), the
// reminders to vote, the closed-draft notices and the admins' notices skip them
// (messengers/telegram/send.ts), and /unreachable lists them. Anything the person sends in private
// afterwards, the "member" update of an unblock included, makes them reachable
// again (shared/db/people.ts touchPerson, from chat/middleware/scope.ts).
import { Composer } from "grammy";
import type { BotContext } from "../../../chat/context.js";
import { markUnreachable } from "../../../shared/db/people.js";

/** The reason recorded for a block: Telegram's own words for the 403 a send would get. */
export const BLOCKED_REASON = "Forbidden: bot was blocked by the user";

/** True for the my_chat_member update of a person blocking the bot in their private chat. */
export function blocksBot(ctx: BotContext): boolean {
  const m = ctx.myChatMember;
  return m !== undefined && m.chat.type === "private" && m.new_chat_member.status === "kicked";
}

export function reachabilityFeature() {
  const c = new Composer<BotContext>();
  c.on("my_chat_member", async (ctx) => {
    if (ctx.myChatMember.chat.type !== "private") return;
    if (!blocksBot(ctx)) {
      ctx.deps.logger.info({ personId: ctx.person?.id ?? null }, "a person unblocked the bot");
      return; // reachable again: scope() has recorded it
    }
    if (!ctx.person) return; // someone the bot never knew: nothing to keep
    await markUnreachable(ctx.deps.db, ctx.person.id, BLOCKED_REASON, ctx.deps.clock.now());
    ctx.deps.logger.info({ personId: ctx.person.id }, "a person blocked the bot");
  });
  return c;
}
