// /start (with invite codes), /help, /whoami and /lang.
import { Composer, InlineKeyboard } from "grammy";
import { redeemInvite, recentFailedAttempts, recordFailedAttempt } from "../../db/invites.js";
import { findPerson, setLocale } from "../../db/people.js";
import { looksLikeInviteCode } from "../../domain/invite-code.js";
import { canManageBallots, isAdmin } from "../../domain/roles.js";
import { grantsOf } from "./scope.js";
import type { BotContext } from "../context.js";
import type { CommandTable } from "../routing.js";
import { esc } from "../html.js";
import { LOCALES } from "../i18n.js";
import { mainMenu } from "../menu.js";

/** Failed invite attempts allowed per person per hour before further tries are refused. */
export const INVITE_ATTEMPTS_PER_HOUR = 5;

export function startFeature(commands: CommandTable) {
  const c = new Composer<BotContext>();
  commands.privateCommand("start", async (ctx) => {
    const payload = ctx.match.trim();
    if (payload) {
      await handleInvite(ctx, payload);
      return;
    }
    await ctx.reply(welcomeText(ctx), { parse_mode: "HTML", reply_markup: mainMenu(ctx) });
  });

  commands.privateCommand("help", async (ctx) => {
    await ctx.reply(helpText(ctx), { parse_mode: "HTML" });
  });

  commands.command("whoami", async (ctx) => {
    await ctx.reply(whoamiText(ctx), { parse_mode: "HTML" });
  });

  commands.privateCommand("lang", async (ctx) => {
    const wanted = ctx.match.trim().toLowerCase();
    if (wanted === "vi" || wanted === "en") return setLanguage(ctx, wanted);
    await ctx.reply(ctx.t("lang-choose"), { reply_markup: languageKeyboard(ctx) });
  });

  c.callbackQuery("menu:lang", async (ctx) => {
    await ctx.answerCallbackQuery();
    await ctx.reply(ctx.t("lang-choose"), { reply_markup: languageKeyboard(ctx) });
  });

  c.callbackQuery(/^lang:(vi|en)$/, async (ctx) => {
    if (ctx.chat?.type !== "private") return ctx.answerCallbackQuery();
    await ctx.answerCallbackQuery();
    await setLanguage(ctx, ctx.match[1] as "vi" | "en");
  });

  return c;
}

function languageKeyboard(ctx: BotContext) {
  const kb = new InlineKeyboard();
  for (const l of LOCALES) kb.text(ctx.t(`lang-name-${l}`), `lang:${l}`);
  return kb;
}

async function setLanguage(ctx: BotContext, locale: "vi" | "en") {
  if (!ctx.person) return;
  await setLocale(ctx.deps.db, ctx.person.id, locale);
  ctx.locale = locale; // ctx.t follows at once
  await ctx.reply(ctx.t("lang-set"));
}

async function handleInvite(ctx: BotContext, code: string) {
  const { db, clock } = ctx.deps;
  const person = ctx.person;
  if (!person) return;
  const now = clock.now();
  const hourAgo = new Date(now.getTime() - 3600_000);
  if ((await recentFailedAttempts(db, person.telegramId, hourAgo)) >= INVITE_ATTEMPTS_PER_HOUR) {
    await ctx.reply(ctx.t("invite-too-many"));
    return;
  }
  const result = looksLikeInviteCode(code) ? await redeemInvite(db, code, person.id, now) : ({ ok: false, reason: "unknown" } as const);
  if (!result.ok) {
    await recordFailedAttempt(db, person.telegramId, now);
    await ctx.reply(ctx.t(`invite-${result.reason.replace("_", "-")}`));
    return;
  }
  ctx.deps.logger.info({ personId: person.id, role: result.role, boardId: result.boardId }, "invite redeemed");
  ctx.person = await findPerson(db, person.telegramId);
  ctx.actor = { ...ctx.actor, grants: grantsOf(ctx.person) };
  await ctx.reply(
    ctx.t("invite-welcome", { role: ctx.t(`role-${result.role}`), board: esc(result.boardName ?? "") , hasBoard: result.boardName ? "yes" : "no" }),
    { parse_mode: "HTML", reply_markup: mainMenu(ctx) },
  );
}

export function rolesText(ctx: BotContext): string {
  const lines: string[] = [];
  if (isAdmin(ctx.actor) && !ctx.person?.roles.some((r) => r.role === "admin")) lines.push(`• ${ctx.t("role-admin")}`);
  for (const r of ctx.person?.roles ?? []) {
    const board = r.boardName ? ` — ${esc(r.boardName)}${r.boardStatus && r.boardStatus !== "active" ? ` (${ctx.t(`board-status-${r.boardStatus}`)})` : ""}` : "";
    lines.push(`• ${ctx.t(`role-${r.role}`)}${board}`);
  }
  return lines.length ? lines.join("\n") : ctx.t("roles-none");
}

function welcomeText(ctx: BotContext): string {
  const name = esc(ctx.from?.first_name ?? "");
  return `${ctx.t("start-welcome", { name })}\n\n${ctx.t("start-your-roles")}\n${rolesText(ctx)}\n\n${ctx.t("start-help-hint")}`;
}

function helpText(ctx: BotContext): string {
  const parts = [ctx.t("help-everyone")];
  if (ctx.actor.grants.some((g) => g.role === "focal" || g.role === "head")) parts.push(ctx.t("help-board"));
  if (canManageBallots(ctx.actor)) parts.push(ctx.t("help-secretariat"));
  if (isAdmin(ctx.actor)) parts.push(ctx.t("help-admin"));
  return parts.join("\n\n");
}

function whoamiText(ctx: BotContext): string {
  const from = ctx.from;
  return `${ctx.t("whoami-head", { name: esc(from?.first_name ?? ""), id: String(from?.id ?? "") })}\n${rolesText(ctx)}`;
}
