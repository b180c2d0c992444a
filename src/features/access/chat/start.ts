// /start (with invite codes), /help, /whoami and /lang.
import { Composer, InlineKeyboard } from "grammy";
import { blocIntro } from "../../../shared/bloc/store.js";
import { canManageBallots, hasAnyCapability, isAdmin, type Capabilities } from "../../../shared/bloc/roles.js";
import { capabilitiesNow, syncMenus } from "../use-cases/menus.js";
import { chooseLanguage } from "../use-cases/people.js";
import { ensurePerson } from "../../../chat/middleware/scope.js";
import type { BotContext } from "../../../chat/context.js";
import type { ButtonTable, CommandTable } from "../../../chat/routing.js";
import { esc } from "../../../shared/text/html.js";
import { LOCALES } from "../../../shared/i18n/locale.js";
import { mainMenu } from "../../../chat/menu.js";
import { reachedOn } from "../../messengers/use-cases.js";
import { reachedOnText } from "../../../shared/messaging/messengers.js";
import { examplesFor } from "../../../chat/examples.js";

export function startFeature(commands: CommandTable, buttons: ButtonTable) {
  const c = new Composer<BotContext>();
  commands.privateCommand("start", async (ctx, next) => {
    if (ctx.match.trim()) return next(); // a code: ./codes.ts
    const caps = await capabilities(ctx);
    await ctx.reply(await welcomeText(ctx, caps), { parse_mode: "HTML", reply_markup: mainMenu(ctx, caps) });
  });

  commands.privateCommand("help", async (ctx) => {
    await ctx.reply(await helpText(ctx, await capabilities(ctx)), { parse_mode: "HTML" });
  });

  commands.command("whoami", async (ctx) => {
    await ctx.reply(await whoamiText(ctx), { parse_mode: "HTML" });
  });

  commands.privateCommand("lang", async (ctx) => {
    const wanted = ctx.match.trim().toLowerCase();
    if (wanted === "vi" || wanted === "en") return setLanguage(ctx, wanted);
    await ctx.reply(ctx.t("lang-choose"), { reply_markup: languageKeyboard(ctx) });
  });

  buttons.callbackQuery("menu:lang", "menu:lang", async (ctx) => {
    await ctx.answerCallbackQuery();
    await ctx.reply(ctx.t("lang-choose"), { reply_markup: languageKeyboard(ctx) });
  });

  buttons.callbackQuery("lang", /^lang:(vi|en)$/, async (ctx) => {
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
  const person = await ensurePerson(ctx); // a stranger's choice is kept too
  if (!person) return;
  await chooseLanguage(ctx.deps, person.id, locale);
  ctx.locale = locale; // ctx.t follows at once
  await ctx.reply(ctx.t("lang-set"));
  await syncMenus(ctx.deps, [person.id]); // the menu's default language follows
}

/** What this person may do; the leader's and deputy's people are those serving the officer boards of now (use-cases/menus.ts). */
export function capabilities(ctx: BotContext): Promise<Capabilities> {
  return capabilitiesNow(ctx.deps, ctx.actor);
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

/** The bloc's name in the person's language, and whom to ask for an invitation. */
async function blocInfo(ctx: BotContext): Promise<{ name: string; contact: string }> {
  const bloc = await blocIntro(ctx.deps.db);
  const name = esc((ctx.locale === "en" ? bloc?.nameEn : null) ?? bloc?.name ?? "");
  const contact = bloc?.contact;
  return { name, contact: contact ? ctx.t("contact-line", { contact: esc(contact) }) : ctx.t("contact-admin") };
}

/** "You may:" and a line per kind of role. */
export function canDoText(ctx: BotContext, c: Capabilities): string {
  const lines = [ctx.t("start-can")];
  if (c.focal) lines.push(ctx.t("start-can-focal"));
  else if (c.head) lines.push(ctx.t("start-can-head"));
  if (c.focal || c.head) lines.push(ctx.t("start-can-vote"));
  if (c.officer || c.secretariat || c.admin) lines.push(ctx.t("start-can-summary"));
  if (c.secretariat || c.admin) lines.push(ctx.t("start-can-ballots"));
  if (c.admin) lines.push(ctx.t("start-can-admin"));
  return lines.join("\n");
}

async function welcomeText(ctx: BotContext, caps: Capabilities): Promise<string> {
  const name = esc(ctx.from?.first_name ?? "");
  const bloc = await blocInfo(ctx);
  const head = `${ctx.t("start-welcome", { name })}\n${ctx.t("start-about", { bloc: bloc.name })}`;
  if (!hasAnyCapability(caps)) return `${head}\n\n${ctx.t("start-stranger")}\n${bloc.contact}\n\n${ctx.t("start-help-hint")}`;
  return `${head}\n\n${ctx.t("start-your-roles")}\n${rolesText(ctx)}\n\n${canDoText(ctx, caps)}\n\n${ctx.t("start-help-hint")}`;
}

/** Everyone's commands, then a section for each kind of role the person holds; its example dates are of now (chat/examples.ts). */
async function helpText(ctx: BotContext, c: Capabilities): Promise<string> {
  const parts: string[] = [];
  const ex = await examplesFor(ctx);
  if (!hasAnyCapability(c)) {
    const bloc = await blocInfo(ctx);
    parts.push(`${ctx.t("start-about", { bloc: bloc.name })}\n${ctx.t("start-stranger")}\n${bloc.contact}`);
  }
  parts.push(ctx.t("help-everyone"));
  if (hasAnyCapability(c)) parts.push(ctx.t("help-link")); // /link: for people with a role (./codes.ts)
  if (c.focal) parts.push(ctx.t("help-focal", ex));
  else if (c.head) parts.push(ctx.t("help-head", ex));
  if (c.officer && !canManageBallots(ctx.actor)) parts.push(ctx.t("help-officer", ex));
  if (canManageBallots(ctx.actor)) parts.push(ctx.t("help-secretariat", ex));
  if (isAdmin(ctx.actor)) parts.push(ctx.t("help-admin", ex));
  return parts.join("\n\n");
}

async function whoamiText(ctx: BotContext): Promise<string> {
  // The messengers the person is reached on, not a messenger's id (features/messengers).
  const on = await reachedOn(ctx.deps, ctx.person?.id ?? null, ctx.from?.id ?? 0);
  return `${ctx.t("whoami-head", { name: esc(ctx.from?.first_name ?? ""), messengers: esc(reachedOnText(ctx.t, on)) })}\n${rolesText(ctx)}`;
}
