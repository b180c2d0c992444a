// Codes typed to the bot (issue 16 item 2): an invitation's short code, typed alone in
// a private chat on Zalo (which has no deep links) or on Telegram; and /link, which
// gives a person known on one messenger a one-time code to type to the bot on the
// other, joining that account to them. A text that is no code at all (a word, a
// number, a sentence: src/shared/text/typed-code.ts) goes on to the next handler.
import { Composer } from "grammy";
import type { BotContext } from "../../../chat/context.js";
import type { CommandTable } from "../../../chat/routing.js";
import { ensurePerson, grantsOf } from "../../../chat/middleware/scope.js";
import { mainMenu } from "../../../chat/menu.js";
import { findPerson } from "../../../shared/db/people.js";
import { isAdmin } from "../../../shared/bloc/roles.js";
import { formatDateTime } from "../../../shared/i18n/format.js";
import { toLocale } from "../../../shared/i18n/locale.js";
import { messengerName, messengerOfChatId, otherMessenger } from "../../../shared/messaging/messengers.js";
import { clip, esc } from "../../../shared/text/html.js";
import { readTypedCode } from "../../../shared/text/typed-code.js";
import { issueLinkCode, LINK_CODE_MINUTES, reachedOn } from "../../messengers/use-cases.js";
import { redeemInvitation, redeemTypedCode, type Redemption, type TypedCodeOutcome } from "../use-cases/invites.js";
import { syncMenus } from "../use-cases/menus.js";
import { canDoText, capabilities } from "./start.js";

export function codesFeature(commands: CommandTable) {
  const c = new Composer<BotContext>();

  // /start CODE: an invitation's code (the deep link's, or the short one), or a link code.
  commands.privateCommand("start", async (ctx) => {
    const payload = ctx.match.trim();
    if (readTypedCode(payload)?.kind === "link") await answerCode(ctx, payload);
    else await handleInvite(ctx, payload);
  });

  // /link: a code for the other messenger; /link CODE: a code typed after the command.
  commands.privateCommand("link", async (ctx) => {
    const typed = ctx.match.trim();
    if (typed) {
      if (!(await answerCode(ctx, typed))) await ctx.reply(ctx.t("code-wrong", { code: esc(clip(typed, 30)) }), { parse_mode: "HTML" });
      return;
    }
    if (!ctx.person || (!ctx.person.roles.length && !isAdmin(ctx.actor))) {
      await ctx.reply(ctx.t("link-no-role"));
      return;
    }
    const issued = await issueLinkCode(ctx.deps, ctx.person.id, ctx.from.id);
    const messenger = messengerName(ctx.t, issued.on);
    if (!issued.ok) {
      await ctx.reply(ctx.t(issued.reason === "already" ? "link-already" : "link-not-served", { messenger, here: messengerName(ctx.t, otherMessenger(issued.on)) }));
      return;
    }
    await ctx.reply(
      ctx.t("link-code", { code: issued.code, messenger, minutes: LINK_CODE_MINUTES, expires: formatDateTime(issued.expiresAt, ctx.locale, ctx.deps.config.timeZone) }),
      { parse_mode: "HTML" },
    );
  });

  // A code typed alone, in private.
  c.chatType("private").on("message:text", async (ctx, next) => {
    const text = ctx.message.text;
    if (text.startsWith("/") || !(await answerCode(ctx, text))) return next();
  });
  return c;
}

async function handleInvite(ctx: BotContext, code: string) {
  const person = await ensurePerson(ctx); // the invitation is redeemed by a Person row
  if (!person) return;
  const result = await redeemInvitation(ctx.deps, { personId: person.id, chatId: ctx.from!.id }, code);
  await invited(ctx, result);
}

/** The answer to an invitation redeemed (by /start CODE or a typed code: the sender's person row exists), or refused. */
async function invited(ctx: BotContext, result: Redemption) {
  if (!result.ok) {
    await ctx.reply(ctx.t(`invite-${result.reason.replace("_", "-")}`));
    return;
  }
  const person = await findPerson(ctx.deps.db, ctx.from!.id);
  if (!person) throw new Error("an invitation was redeemed by a person row that cannot be found");
  ctx.person = person;
  ctx.actor = { ...ctx.actor, grants: grantsOf(ctx.person) };
  const caps = await capabilities(ctx);
  await ctx.reply(
    [
      ctx.t("invite-welcome", { role: ctx.t(`role-${result.role}`), board: esc(result.boardName ?? ""), hasBoard: result.boardName ? "yes" : "no" }),
      "", canDoText(ctx, caps), "", ctx.t("start-help-hint"),
    ].join("\n"),
    { parse_mode: "HTML", reply_markup: mainMenu(ctx, caps) },
  );
  await syncMenus(ctx.deps, [person.id]); // the new role's commands in the person's menu
}

/** Redeems `text` as a code typed by the sender and answers; false when it is no code (nothing done, nothing said). */
export async function answerCode(ctx: BotContext, text: string): Promise<boolean> {
  const chatId = ctx.from!.id;
  const outcome = await redeemTypedCode(ctx.deps, { chatId, personId: async () => (await ensurePerson(ctx))?.id ?? null }, text);
  if (!outcome) return false;
  await answer(ctx, outcome, text);
  return true;
}

async function answer(ctx: BotContext, outcome: TypedCodeOutcome, text: string): Promise<void> {
  const here = messengerOfChatId(ctx.from!.id);
  switch (outcome.kind) {
    case "too_many":
      await ctx.reply(ctx.t("invite-too-many"));
      return;
    case "wrong":
      await ctx.reply(ctx.t("code-wrong", { code: esc(clip(text.trim(), 30)) }), { parse_mode: "HTML" });
      return;
    case "invite":
      await invited(ctx, outcome.result);
      return;
    case "link": {
      const r = outcome.result;
      if (!r.ok) {
        const messenger = messengerName(ctx.t, r.reason === "same_messenger" ? otherMessenger(here) : here);
        await ctx.reply(ctx.t(`link-${r.reason.replace("_", "-")}`, { messenger, minutes: LINK_CODE_MINUTES }));
        return;
      }
      // The person's own language from now on (the sender was a stranger here a moment ago).
      const locale = toLocale(r.locale, ctx.deps.config.defaultLocale);
      ctx.locale = locale;
      const on = await reachedOn(ctx.deps, r.personId, ctx.from!.id);
      await ctx.reply(ctx.t("link-done", { messenger: messengerName(ctx.t, r.on), preferred: messengerName(ctx.t, on.preferred) }));
      if (r.on === "telegram") await syncMenus(ctx.deps, [r.personId]); // their commands in the Telegram chat now theirs
      // The other side is told too: a link made by someone else would show at once.
      const t = (key: string, args?: Record<string, string | number>) => ctx.deps.i18n.t(locale, key, args);
      await ctx.deps.notify.send({ person: r.personId }, {
        text: t("link-done-other", { messenger: t(`messenger-name-${r.on}`), at: formatDateTime(ctx.deps.clock.now(), locale, ctx.deps.config.timeZone) }),
      });
    }
  }
}
