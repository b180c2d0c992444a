// Who holds which role, and taking roles back: /people lists the people with
// roles and the latest revocations; /revoke (buttons, or typed with a reason)
// takes one role or all of a person's roles after a confirmation. Admins only,
// in private. The person is told, their menus follow, a dialogue they have open
// ends at their next update (chat/conversations/rights.ts), and the change is kept
// (RoleRevocation, AuditEvent).
import { Composer, InlineKeyboard } from "grammy";
import type { BotContext } from "../../../chat/context.js";
import type { ButtonTable, CommandTable } from "../../../chat/routing.js";
import { editOrReply } from "../../../chat/replies.js";
import { clip, esc } from "../../../shared/text/html.js";
import { formatDateTime } from "../../../shared/i18n/format.js";
import { translator } from "../../../shared/i18n/messages.js";
import { choiceLabel, messengerOfChatId } from "../../../shared/messaging/messengers.js";
import { isAdmin, isRoleName } from "../../../shared/bloc/roles.js";
import {
  askRevocation, boardByCode, confirmRevoke, dropRevocation, findPersonByToken, grantsOfPerson, isConfigAdmin, peopleHoldingRoles, peopleOverview, personById, tellRevoked,
  type ActiveGrant, type Who,
} from "../use-cases/people.js";
import { grantText, nameOf, revocationNotice } from "../views.js";

/** Reasons offered as buttons; any other is typed: /revoke #id … | reason. */
const REASONS = ["left", "duties", "mistake"] as const;
const MAX_REASON = 300;
/** People offered as buttons by /revoke; more are reached by /people and the typed form. */
const MAX_PEOPLE_BUTTONS = 60;

export function peopleFeature(commands: CommandTable, buttons: ButtonTable) {
  const c = new Composer<BotContext>();

  commands.command(["people", "revoke"], async (ctx, next) => {
    if (!isAdmin(ctx.actor)) return ctx.reply(ctx.t("not-allowed"));
    if (ctx.chat.type !== "private") return ctx.reply(ctx.t("private-only"));
    return next();
  });
  buttons.callbackQuery("rv", /^rv:/, async (ctx, next) => {
    if (isAdmin(ctx.actor) && ctx.chat?.type === "private" && ctx.person) return next();
    await ctx.answerCallbackQuery({ text: ctx.t("not-allowed"), show_alert: true });
  });

  commands.command("people", (ctx) => showPeople(ctx));
  buttons.callbackQuery("menu:people", "menu:people", async (ctx) => {
    if (!isAdmin(ctx.actor) || ctx.chat?.type !== "private") return ctx.answerCallbackQuery({ text: ctx.t("not-allowed"), show_alert: true });
    await ctx.answerCallbackQuery();
    await showPeople(ctx);
  });

  // /revoke → people as buttons; /revoke WHO → their roles; /revoke WHO WHAT | REASON → the confirmation.
  commands.command("revoke", async (ctx) => {
    const [left = "", ...rest] = ctx.match.split("|");
    const reason = rest.join("|").trim();
    const tokens = left.trim().split(/\s+/).filter(Boolean);
    if (tokens.length === 0) return askPerson(ctx);
    const who = await findPersonByToken(ctx.deps, tokens[0]!);
    if (!who) return ctx.reply(ctx.t("revoke-who-unknown", { who: esc(clip(tokens[0]!, 40)) }), { parse_mode: "HTML" });
    const grants = await grantsOfPerson(ctx.deps, who.id);
    if (tokens.length === 1 && !reason) return askRole(ctx, who, grants, false);
    const what = tokens.slice(1).map((s) => s.toLowerCase());
    if (!reason || reason.length > MAX_REASON || what.length === 0 || what.length > 2) return ctx.reply(ctx.t("revoke-usage"), { parse_mode: "HTML" });
    if (what[0] === "all") return request(ctx, who, grants, grants, true, reason, false);
    const role = what.at(-1)!;
    if (!isRoleName(role)) return ctx.reply(ctx.t("revoke-usage"), { parse_mode: "HTML" });
    const boardArg = what.length === 2 ? what[0]! : "-";
    const board = boardArg === "-" || boardArg === "*" ? null : await boardByCode(ctx.deps, boardArg);
    if (boardArg !== "-" && boardArg !== "*" && !board) return ctx.reply(ctx.t("board-not-found", { code: esc(clip(boardArg, 40)) }), { parse_mode: "HTML" });
    if (role === "admin" && isConfigAdmin(ctx.deps, who)) return ctx.reply(ctx.t("revoke-config-admin", { name: nameOf(who) }), { parse_mode: "HTML" });
    const chosen = grants.filter((g) => g.role === role && g.boardId === (board?.id ?? null));
    return request(ctx, who, grants, chosen, false, reason, false);
  });

  buttons.callbackQuery("rv", /^rv:p:(\d{1,9})$/, async (ctx) => {
    await ctx.answerCallbackQuery();
    const who = await personById(ctx.deps, Number(ctx.match[1]));
    if (!who) return editOrReply(ctx, ctx.t("button-expired"));
    await askRole(ctx, who, await grantsOfPerson(ctx.deps, who.id), true);
  });

  // rv:r:<person>:<role id, 0 for all> → the reasons.
  buttons.callbackQuery("rv", /^rv:r:(\d{1,9}):(\d{1,9})$/, async (ctx) => {
    await ctx.answerCallbackQuery();
    const who = await personById(ctx.deps, Number(ctx.match[1]));
    const grants = who ? await grantsOfPerson(ctx.deps, who.id) : [];
    const roleId = Number(ctx.match[2]);
    const chosen = roleId === 0 ? grants : grants.filter((g) => g.roleId === roleId);
    if (!who || chosen.length === 0) return editOrReply(ctx, ctx.t("revoke-nothing"));
    const kb = new InlineKeyboard();
    for (const r of REASONS) kb.text(ctx.t(`revoke-reason-${r}`), `rv:w:${who.id}:${roleId}:${r}`).row();
    kb.text(ctx.t("btn-cancel"), `rv:p:${who.id}`);
    const typed = roleId === 0 ? `/revoke #${who.id} all | …` : typedForm(who.id, chosen[0]!);
    await editOrReply(ctx, ctx.t("revoke-ask-reason", { name: nameOf(who), roles: chosen.map((g) => `• ${grantText(ctx.t, g)}`).join("\n"), typed: esc(typed) }), { parse_mode: "HTML", reply_markup: kb });
  });

  // rv:w:<person>:<role id, 0 for all>:<reason> → the request, and its confirmation.
  buttons.callbackQuery("rv", /^rv:w:(\d{1,9}):(\d{1,9}):([a-z]{1,10})$/, async (ctx) => {
    await ctx.answerCallbackQuery();
    const code = ctx.match[3]!;
    const who = await personById(ctx.deps, Number(ctx.match[1]));
    if (!who || !(REASONS as readonly string[]).includes(code)) return editOrReply(ctx, ctx.t("button-expired"));
    const grants = await grantsOfPerson(ctx.deps, who.id);
    const roleId = Number(ctx.match[2]);
    const chosen = roleId === 0 ? grants : grants.filter((g) => g.roleId === roleId);
    // The record keeps the reason in the bloc's language, whoever chose it.
    const reason = ctx.deps.i18n.t(ctx.deps.config.defaultLocale, `revoke-reason-${code}`);
    await request(ctx, who, grants, chosen, roleId === 0, reason, true);
  });

  buttons.callbackQuery("rv", /^rv:y:(\d{1,9})$/, async (ctx) => {
    await ctx.answerCallbackQuery();
    await confirm(ctx, Number(ctx.match[1]));
  });

  buttons.callbackQuery("rv", /^rv:n:(\d{1,9})$/, async (ctx) => {
    await ctx.answerCallbackQuery();
    const ok = await dropRevocation(ctx.deps, Number(ctx.match[1]), ctx.person!.id);
    await editOrReply(ctx, ctx.t(ok ? "revoke-cancelled" : "button-expired"));
  });

  return c;
}

function typedForm(personId: number, g: ActiveGrant): string {
  return `/revoke #${personId} ${g.boardCode ?? "-"} ${g.role} | …`;
}

async function askPerson(ctx: BotContext) {
  const people = await peopleHoldingRoles(ctx.deps);
  if (people.length === 0) return ctx.reply(ctx.t("people-none"));
  const kb = new InlineKeyboard();
  const m = messengerOfChatId(ctx.chat?.id ?? 0); // names whole where choices are lines (Zalo)
  people.slice(0, MAX_PEOPLE_BUTTONS).forEach((p, i) => {
    const first = p.grants[0]!;
    kb.text(choiceLabel(m, `${[p.firstName, p.lastName].filter(Boolean).join(" ")} · ${first.boardName ?? ctx.t(`role-${first.role}`)}`, 40), `rv:p:${p.personId}`);
    if (i % 2 === 1) kb.row();
  });
  const more = people.length > MAX_PEOPLE_BUTTONS ? `\n${ctx.t("revoke-more-people", { count: people.length - MAX_PEOPLE_BUTTONS })}` : "";
  await ctx.reply(`${ctx.t("revoke-choose-person")}${more}`, { parse_mode: "HTML", reply_markup: kb });
}

async function askRole(ctx: BotContext, who: Who, grants: ActiveGrant[], edit: boolean) {
  const text = grants.length ? ctx.t("revoke-choose-role", { name: nameOf(who) }) : ctx.t("revoke-no-roles", { name: nameOf(who) });
  const kb = new InlineKeyboard();
  const m = messengerOfChatId(ctx.chat?.id ?? 0);
  for (const g of grants) kb.text(choiceLabel(m, `${ctx.t(`role-${g.role}`)}${g.boardName ? ` — ${g.boardName}` : ""}`, 40), `rv:r:${who.id}:${g.roleId}`).row();
  if (grants.length > 1) kb.text(ctx.t("revoke-all-roles"), `rv:r:${who.id}:0`).row();
  const opts = { parse_mode: "HTML" as const, ...(grants.length ? { reply_markup: kb } : {}) };
  return edit ? editOrReply(ctx, text, opts) : ctx.reply(text, opts);
}

/**
 * Checks what chat can take back, records the request and shows the
 * confirmation. Refused: nothing chosen, the admin right of ADMIN_IDS (chat
 * cannot take it), the last admin.
 */
async function request(ctx: BotContext, who: Who, all: ActiveGrant[], chosen: ActiveGrant[], allRoles: boolean, reason: string, edit: boolean) {
  const say = (text: string, kb?: InlineKeyboard) => (edit ? editOrReply(ctx, text, { parse_mode: "HTML", ...(kb ? { reply_markup: kb } : {}) }) : ctx.reply(text, { parse_mode: "HTML", ...(kb ? { reply_markup: kb } : {}) }));
  const asked = await askRevocation(ctx.deps, { who, all, chosen, allRoles, reason, byPersonId: ctx.person!.id });
  if (!asked.ok) {
    const key = { config_admin: "revoke-config-admin", nothing: "revoke-nothing", no_roles: "revoke-no-roles", last_admin: "revoke-last-admin" }[asked.reason];
    return say(ctx.t(key, { name: nameOf(who) }));
  }
  const { id, configAdmin } = asked;
  const kb = new InlineKeyboard().text(ctx.t("revoke-btn-confirm"), `rv:y:${id}`).text(ctx.t("btn-cancel"), `rv:n:${id}`);
  const lines = [
    ctx.t("revoke-confirm", { name: nameOf(who), roles: chosen.map((g) => `• ${grantText(ctx.t, g)}`).join("\n"), reason: esc(reason) }),
    ...(configAdmin ? [ctx.t("revoke-config-admin-stays")] : []),
  ];
  return say(lines.join("\n"), kb);
}

async function confirm(ctx: BotContext, id: number) {
  const deps = ctx.deps;
  const r = await confirmRevoke(deps, id, ctx.person!.id);
  if (!r.ok) {
    const key = r.reason === "last_admin" ? "revoke-last-admin" : r.reason === "changed" ? "revoke-changed" : r.reason === "expired" ? "revoke-expired" : "button-expired";
    return editOrReply(ctx, ctx.t(key, { name: r.who ? nameOf(r.who) : "" }), { parse_mode: "HTML" });
  }
  const who = r.who;
  const done = ctx.t("revoke-done", { name: nameOf(who), roles: r.ended.map((g) => `• ${grantText(ctx.t, g)}`).join("\n") });
  const invites = r.invitesWithdrawn > 0 ? `\n${ctx.t("revoke-invites-withdrawn", { count: r.invitesWithdrawn })}` : "";
  await editOrReply(ctx, done + invites, { parse_mode: "HTML" });
  // The person hears it in their language (even when marked unreachable); their menu follows.
  await tellRevoked(deps, r, (locale, ended, contact) => revocationNotice(translator(deps.i18n, locale), ended, contact));
}

async function showPeople(ctx: BotContext) {
  const { config } = ctx.deps;
  const { people, configAdmins, revocations } = await peopleOverview(ctx.deps, 10);
  const lines = people.map((p) => {
    const roles = p.grants.map((g) => grantText(ctx.t, g) + (g.boardStatus && g.boardStatus !== "active" ? ` (${ctx.t(`board-status-${g.boardStatus}`)})` : "")).join("; ");
    return `#${p.personId} ${nameOf(p)}: ${roles}`;
  });
  const admins = configAdmins.map(({ telegramId, person: p }) => (p ? `#${p.id} ${nameOf(p)}` : `Telegram ID <code>${telegramId}</code>`));
  const recent = revocations.map((r) =>
    ctx.t("people-revoked-line", {
      at: formatDateTime(r.doneAt, ctx.locale, config.timeZone), name: esc(clip(r.personName, 60)), roles: r.ended.map((g) => grantText(ctx.t, g)).join("; "),
      by: esc(r.byName ?? "?"), reason: esc(clip(r.reason, 120)),
    }),
  );
  const head = ctx.t("people-head", { count: people.length });
  const tail = [
    ...(admins.length ? ["", ctx.t("people-config-admins"), admins.join(", ")] : []),
    ...(recent.length ? ["", ctx.t("people-recent"), ...recent] : []),
    "", ctx.t("people-help"),
  ].join("\n");
  // Everyone, one line each: a list longer than one message arrives in several, cut at line ends
  // (messengers/telegram/telegram-limits.ts), not shortened (the rest would be out of reach).
  await ctx.reply(`${head}\n${lines.join("\n") || ctx.t("people-none")}\n${tail}`, { parse_mode: "HTML" });
}
