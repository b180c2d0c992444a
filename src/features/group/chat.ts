// The group's life as Telegram reports it: the group upgraded to a supergroup (the
// service message in the old chat, or the one in the new chat, whichever comes), and
// the bot removed from the group or added back (my_chat_member). The rules are in
// features/group/use-cases.ts. Seen on Telegram (tdlib/telegram-bot-api#266): an upgrade
// sends the bot a "joined" my_chat_member for the supergroup and no "left" for the
// old group; a deleted supergroup sends "left" for both.
import { Composer } from "grammy";
import type { BotContext } from "../../chat/context.js";
import { flushGroupPosts, followMigration, groupAdded, groupGone } from "./use-cases.js";
import { displayName } from "./rules.js";

export function groupFeature() {
  const c = new Composer<BotContext>();

  // Sent in the old group: "the group was upgraded to a supergroup".
  c.on("message:migrate_to_chat_id", async (ctx) => {
    await followMigration(ctx.deps, ctx.chat.id, ctx.msg.migrate_to_chat_id);
    await flushGroupPosts(ctx.deps);
  });
  // Sent in the new supergroup: "the supergroup was created from a group".
  c.on("message:migrate_from_chat_id", async (ctx) => {
    await followMigration(ctx.deps, ctx.msg.migrate_from_chat_id, ctx.chat.id);
    await flushGroupPosts(ctx.deps);
  });

  c.on("my_chat_member", async (ctx, next) => {
    const { chat, new_chat_member: now, old_chat_member: before } = ctx.myChatMember;
    if (chat.type !== "group" && chat.type !== "supergroup") return next(); // a private chat: features/reminders/chat/reachability.ts
    const by = ctx.from?.id === ctx.me.id ? null : displayName(ctx.from);
    const out = (s: string) => s === "left" || s === "kicked";
    if (out(now.status)) {
      await groupGone(ctx.deps, { chatId: chat.id, byName: by, detail: `my_chat_member: ${now.status}` });
    } else if (out(before.status)) {
      await groupAdded(ctx.deps, { id: chat.id, title: chat.title ?? null }, by);
    }
  });

  return c;
}
