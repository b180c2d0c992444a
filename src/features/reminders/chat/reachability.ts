// A person who blocks the bot, or unblocks it. Telegram tells the bot with a
// my_chat_member update in the person's private chat (new status "kicked" when
// blocked, "member" when unblocked or started again). A block is recorded at once
// (Person.reachable false, with when and why), so that no send is spent on them:
// the reminders (claimed as 'unreachable', or not sent at their turn), the
// reminders to vote, the closed-draft notices and the admins' notices skip them
// (the outbound port: messengers/telegram/outbound.ts), and /unreachable lists them. Anything the person sends in private
// afterwards, the "member" update of an unblock included, makes them reachable
// again (shared/db/people.ts touchPerson, from chat/middleware/scope.ts).
import { Composer } from "grammy";
import type { BotContext } from "../../../chat/context.js";
import { personBlockedBot } from "../use-cases/reachability.js";


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
    await personBlockedBot(ctx.deps, ctx.person.id, ctx.deps.clock.now());
    ctx.deps.logger.info({ personId: ctx.person.id }, "a person blocked the bot");
  });
  return c;
}
