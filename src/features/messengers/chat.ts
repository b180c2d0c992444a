// /messenger: the messenger reminders and notices reach a person on first (issue 16
// item 2). /whoami (features/access/chat/start.ts) names the person's messengers
// through this feature's use case (reachedOn).
import { Composer, InlineKeyboard } from "grammy";
import type { BotContext } from "../../chat/context.js";
import type { ButtonTable, CommandTable } from "../../chat/routing.js";
import { ensurePerson } from "../../chat/middleware/scope.js";
import { messengerName, type Messenger } from "../../shared/messaging/messengers.js";
import { choosePreferredMessenger, reachedOn } from "./use-cases.js";
import { messengerChoices, MESSENGER_ACTION } from "./views.js";

export function messengerFeature(commands: CommandTable, buttons: ButtonTable) {
  const c = new Composer<BotContext>();
  commands.privateCommand("messenger", async (ctx) => {
    const wanted = ctx.match.trim().toLowerCase();
    if (wanted === "telegram" || wanted === "zalo") return choose(ctx, wanted);
    const r = await reachedOn(ctx.deps, ctx.person?.id ?? null, ctx.from.id);
    if (r.messengers.length < 2) {
      await ctx.reply(ctx.t("messenger-only", { messenger: messengerName(ctx.t, r.preferred) }));
      return;
    }
    const kb = InlineKeyboard.from(messengerChoices(ctx.t, r).map((row) => row.map((ch) => InlineKeyboard.text(ch.label, ch.action))));
    await ctx.reply(ctx.t("messenger-choose", { preferred: messengerName(ctx.t, r.preferred) }), { reply_markup: kb });
  });

  buttons.callbackQuery("msgr", MESSENGER_ACTION, async (ctx) => {
    await ctx.answerCallbackQuery().catch(() => undefined); // a courtesy: the choice is made whatever becomes of it
    if (ctx.chat?.type !== "private") return;
    await choose(ctx, ctx.match[1] as Messenger);
  });
  return c;
}

/** Makes `messenger` the speaker's preferred one, if they are reached there (checked again: the button's data is not trusted). */
async function choose(ctx: BotContext, messenger: Messenger): Promise<void> {
  const person = await ensurePerson(ctx);
  if (!person) return;
  const outcome = await choosePreferredMessenger(ctx.deps, person.id, messenger);
  const name = messengerName(ctx.t, messenger);
  await ctx.reply(ctx.t(outcome === "set" ? "messenger-set" : "messenger-not-linked", { messenger: name }));
}
