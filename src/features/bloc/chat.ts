// Admin commands: boards (list, add, rename, retire, merge), invites, linking the
// group chat and reloading the bloc file. Every handler checks the admin right.
import { Composer, InlineKeyboard } from "grammy";
import { flushGroupPosts, linkGroup } from "../group/use-cases.js";
import { displayName } from "../group/rules.js";
import { findBoardByCode, getBoard } from "../../shared/bloc/store.js";
import { issueInvite as issue, standingInvite, standingInvites, withdrawInvite, type OpenInvite } from "../access/use-cases/invites.js";
import { addBoardNow, auditGroupLink, boardsOfBloc, mergeBoardsNow, reloadBlocFile, renameBoardNow, retireBoardNow } from "./use-cases.js";
import { INVITABLE_ROLES, isAdmin, isRoleName, type RoleName } from "../../shared/bloc/roles.js";
import { formatDateTime, formatMonth } from "../../shared/i18n/format.js";
import { parsePeriodLabel } from "../../shared/bloc/schedule.js";
import type { BotContext } from "../../chat/context.js";
import { usageText } from "../../chat/examples.js";
import type { ButtonTable, CommandTable } from "../../chat/routing.js";
import { clip, esc } from "../../shared/text/html.js";
import { choiceKeyboards, keyboardParts, rowsOf } from "../../chat/keyboards.js";
import { boardChoices } from "../../shared/messaging/choices.js";
import { editButtons, editOrReply } from "../../chat/replies.js";
import { messengerOfChatId } from "../../shared/messaging/messengers.js";

const BOARD_CODE = /^[A-Za-z0-9_-]{1,32}$/;

export function adminFeature(commands: CommandTable, buttons: ButtonTable) {
  const c = new Composer<BotContext>();

  // Admin-only commands: everyone else gets a refusal and nothing changes.
  const adminCommands = ["boards", "addboard", "renameboard", "retireboard", "mergeboard", "invite", "invites", "linkgroup", "reload"];
  commands.command(adminCommands, async (ctx, next) => {
    if (isAdmin(ctx.actor)) return next();
    await ctx.reply(ctx.t("not-allowed"));
  });
  buttons.callbackQuery(["inv", "menu:boards", "menu:invite"], /^(inv:.*|menu:boards|menu:invite)$/, async (ctx, next) => {
    if (isAdmin(ctx.actor) && ctx.chat?.type === "private") return next();
    await ctx.answerCallbackQuery({ text: ctx.t("not-allowed"), show_alert: true });
  });

  commands.command("boards", (ctx) => showBoards(ctx));
  buttons.callbackQuery("menu:boards", "menu:boards", async (ctx) => {
    await ctx.answerCallbackQuery();
    await showBoards(ctx);
  });

  // /addboard CODE | Short name | Full name [| first period]: without a first period, the first whose deadline is ahead.
  commands.command("addboard", async (ctx) => {
    const parts = ctx.match.split("|").map((s) => s.trim());
    const [code, shortName, name, first] = parts;
    const firstPeriod = first ? parsePeriodLabel(first) : null;
    if (parts.length < 3 || parts.length > 4 || !code || !BOARD_CODE.test(code) || !shortName || !name || shortName.length > 40 || name.length > 200 || (first !== undefined && !firstPeriod)) {
      return ctx.reply(await usageText(ctx, "addboard-usage"), { parse_mode: "HTML" });
    }
    const r = await addBoardNow(ctx.deps, { code, shortName, name, firstPeriod }, ctx.person?.id ?? null);
    if (!r.ok) return ctx.reply(ctx.t("board-exists", { code: esc(code) }), { parse_mode: "HTML" });
    await ctx.reply(ctx.t("board-added", { code: esc(r.board.code), name: esc(r.board.name), month: formatMonth(r.owedFrom, ctx.locale) }), { parse_mode: "HTML" });
  });

  commands.command("renameboard", async (ctx) => {
    const [code, name] = ctx.match.split("|").map((s) => s.trim());
    if (!code || !name || name.length > 200) return ctx.reply(ctx.t("renameboard-usage"), { parse_mode: "HTML" });
    const r = await renameBoardNow(ctx.deps, code, name, ctx.person?.id ?? null);
    if (!r.ok) return ctx.reply(ctx.t(r.reason === "same" ? "board-same-name" : "board-not-found", { code: esc(clip(code, 40)) }), { parse_mode: "HTML" });
    await ctx.reply(ctx.t("board-renamed", { old: esc(r.oldName ?? ""), name: esc(name) }), { parse_mode: "HTML" });
  });

  commands.command("retireboard", async (ctx) => {
    const code = ctx.match.trim();
    if (!code) return ctx.reply(ctx.t("retireboard-usage"), { parse_mode: "HTML" });
    const r = await retireBoardNow(ctx.deps, code, ctx.person?.id ?? null);
    if (!r.ok) return ctx.reply(ctx.t(r.reason === "not_active" ? "board-not-active" : "board-not-found", { code: esc(clip(code, 40)) }), { parse_mode: "HTML" });
    await ctx.reply(ctx.t("board-retired", { name: esc(r.board.name) }), { parse_mode: "HTML" });
  });

  commands.command("mergeboard", async (ctx) => {
    const [from, into] = ctx.match.trim().split(/\s+/);
    if (!from || !into) return ctx.reply(ctx.t("mergeboard-usage"), { parse_mode: "HTML" });
    const r = await mergeBoardsNow(ctx.deps, from, into, ctx.person?.id ?? null);
    if (!r.ok) {
      const key = r.reason === "not_found" ? "board-not-found" : r.reason === "same" ? "mergeboard-usage" : "board-not-active";
      return ctx.reply(ctx.t(key, { code: esc(clip(`${from} ${into}`, 80)) }), { parse_mode: "HTML" });
    }
    await ctx.reply(ctx.t("board-merged", { from: esc(from), into: esc(into) }), { parse_mode: "HTML" });
  });

  // /invite [BOARD] [ROLE]: with arguments the link comes at once, otherwise buttons.
  commands.command("invite", async (ctx) => {
    if (ctx.chat.type !== "private") return ctx.reply(ctx.t("private-only"));
    const [boardArg, roleArg] = ctx.match.trim().split(/\s+/).filter(Boolean);
    if (!boardArg) return askInviteBoard(ctx);
    const bloc = boardArg === "-" || boardArg === "*";
    const role = (roleArg ?? (bloc ? "secretariat" : "focal")).toLowerCase();
    if (!isRoleName(role)) return ctx.reply(ctx.t("invite-usage"), { parse_mode: "HTML" });
    if (bloc) return issueInvite(ctx, null, role);
    const board = await findBoardByCode(ctx.deps.db, boardArg);
    if (!board || board.status !== "active") return ctx.reply(ctx.t("board-not-found", { code: esc(clip(boardArg, 40)) }), { parse_mode: "HTML" });
    return issueInvite(ctx, board.id, role);
  });
  buttons.callbackQuery("menu:invite", "menu:invite", async (ctx) => {
    await ctx.answerCallbackQuery();
    await askInviteBoard(ctx);
  });
  buttons.callbackQuery("inv", /^inv:b:(\d{1,9}|bloc)$/, async (ctx) => {
    await ctx.answerCallbackQuery();
    const target = ctx.match[1]!;
    const roles: RoleName[] = target === "bloc" ? ["secretariat", "admin"] : ["focal", "head"];
    const kb = new InlineKeyboard();
    for (const r of roles) kb.text(ctx.t(`role-${r}`), `inv:r:${target}:${r}`);
    await editOrReply(ctx, ctx.t("invite-choose-role"), { reply_markup: kb });
  });
  buttons.callbackQuery("inv", /^inv:r:(\d{1,9}|bloc):([a-z]{1,12})$/, async (ctx) => {
    await ctx.answerCallbackQuery();
    const [target, role] = [ctx.match[1]!, ctx.match[2]!];
    if (!isRoleName(role) || !INVITABLE_ROLES.includes(role)) return ctx.reply(ctx.t("button-expired"));
    await editButtons(ctx);
    if (target === "bloc") return issueInvite(ctx, null, role);
    const board = await getBoard(ctx.deps.db, Number(target));
    if (!board || board.status !== "active") return ctx.reply(ctx.t("button-expired"));
    return issueInvite(ctx, board.id, role);
  });

  // /invites: the invitations still standing, each with a button to withdraw it (after a confirmation).
  commands.command("invites", async (ctx) => {
    if (ctx.chat.type !== "private") return ctx.reply(ctx.t("private-only"));
    await showInvites(ctx);
  });
  buttons.callbackQuery("inv", /^inv:c:(\d{1,9})$/, async (ctx) => {
    await ctx.answerCallbackQuery();
    const id = Number(ctx.match[1]);
    const invite = await standingInvite(ctx.deps, id);
    if (!invite) return ctx.reply(ctx.t("invites-gone", { id }));
    const kb = new InlineKeyboard().text(ctx.t("invites-btn-cancel"), `inv:y:${id}`).text(ctx.t("invites-btn-keep"), `inv:k:${id}`);
    await ctx.reply(ctx.t("invites-confirm", { line: inviteLine(ctx, invite) }), { parse_mode: "HTML", reply_markup: kb });
  });
  buttons.callbackQuery("inv", /^inv:y:(\d{1,9})$/, async (ctx) => {
    await ctx.answerCallbackQuery();
    const id = Number(ctx.match[1]);
    const invite = await withdrawInvite(ctx.deps, id, ctx.person?.id ?? null);
    await editOrReply(ctx, invite ? ctx.t("invites-cancelled", { line: inviteLine(ctx, invite) }) : ctx.t("invites-gone", { id }), { parse_mode: "HTML" });
  });
  buttons.callbackQuery("inv", /^inv:k:(\d{1,9})$/, async (ctx) => {
    await ctx.answerCallbackQuery();
    await editOrReply(ctx, ctx.t("invites-kept", { id: Number(ctx.match[1]) }));
  });

  commands.command("linkgroup", async (ctx) => {
    if (ctx.chat.type !== "group" && ctx.chat.type !== "supergroup") return ctx.reply(ctx.t("linkgroup-in-group"));
    await linkGroup(ctx.deps, { id: ctx.chat.id, title: ctx.chat.title ?? null }, displayName(ctx.from));
    await auditGroupLink(ctx.deps, ctx.person?.id ?? null, ctx.chat.id);
    await ctx.reply(ctx.t("linkgroup-done", { title: esc(ctx.chat.title ?? "") }), { parse_mode: "HTML" });
    // Also the way back after the bot was removed and added again: what waited goes out now.
    await flushGroupPosts(ctx.deps);
  });

  commands.command("reload", async (ctx) => {
    try {
      const r = await reloadBlocFile(ctx.deps);
      await ctx.reply(r.changed ? ctx.t("reload-done", { boards: r.boardsAdded + r.boardsUpdated, indicators: r.indicatorsAdded + r.indicatorsUpdated + r.indicatorsDeactivated }) : ctx.t("reload-unchanged"));
    } catch (e) {
      await ctx.reply(ctx.t("reload-failed", { error: esc(clip((e as Error).message, 500)) }), { parse_mode: "HTML" });
    }
  });

  return c;
}

async function showBoards(ctx: BotContext) {
  const boards = await boardsOfBloc(ctx.deps);
  // Active boards first, every one of them: a long list is sent in several messages (telegram-limits.ts).
  const ordered = [...boards.filter((b) => b.status === "active"), ...boards.filter((b) => b.status !== "active")];
  const lines = ordered.map((b) => {
    const status = b.status === "active" ? "" : ` <i>(${ctx.t(`board-status-${b.status}`)})</i>`;
    const first = b.firstPeriod ? ` · ${ctx.t("board-first-period", { month: formatMonth(b.firstPeriod, ctx.locale) })}` : "";
    return `<code>${esc(b.code)}</code> ${esc(clip(b.shortName, 40))} — ${esc(clip(b.name, 90))}${first}${status}`;
  });
  const head = ctx.t("boards-head", { count: boards.filter((b) => b.status === "active").length });
  await ctx.reply(`${head}\n${lines.join("\n")}\n\n${ctx.t("boards-help")}`, { parse_mode: "HTML" });
}

/** One invitation as /invites shows it: number, role, board, creator, creation and expiry (never the code: only its hash is kept). */
function inviteLine(ctx: BotContext, i: OpenInvite): string {
  const tz = ctx.deps.config.timeZone;
  return ctx.t("invites-line", {
    id: i.id, role: ctx.t(`role-${i.role}`), board: esc(clip(i.boardName ?? "", 40)), hasBoard: i.boardName ? "yes" : "no",
    by: esc(clip(i.creatorName ?? "?", 60)), created: formatDateTime(i.createdAt, ctx.locale, tz), expires: formatDateTime(i.expiresAt, ctx.locale, tz),
  });
}

async function showInvites(ctx: BotContext) {
  const invites = await standingInvites(ctx.deps);
  if (invites.length === 0) return ctx.reply(ctx.t("invites-none"));
  const text = [ctx.t("invites-head", { count: invites.length }), ...invites.map((i) => inviteLine(ctx, i))].join("\n");
  // A long list is split by the bot's API (its keyboard on the last part); buttons beyond one keyboard continue in further messages.
  const parts = keyboardParts(rowsOf(invites.map((i) => InlineKeyboard.text(`✖ #${i.id}`, `inv:c:${i.id}`)), 4));
  for (const [n, kb] of parts.entries()) await ctx.reply(n === 0 ? text : ctx.t("buttons-continued"), { parse_mode: "HTML", reply_markup: kb });
}

async function askInviteBoard(ctx: BotContext) {
  const boards = await boardsOfBloc(ctx.deps, { activeOnly: true });
  // The which-board picker, three boards to a row, then the bloc's roles; more boards than a keyboard holds continue in a second message.
  const parts = choiceKeyboards(boardChoices(boards, (id) => `inv:b:${id}`, { perRow: 3 }), [[{ label: ctx.t("invite-bloc-roles"), action: "inv:b:bloc" }]]);
  for (const [i, kb] of parts.entries()) await ctx.reply(ctx.t(i === 0 ? "invite-choose-board" : "buttons-continued"), { reply_markup: kb });
}

async function issueInvite(ctx: BotContext, boardId: number | null, role: RoleName) {
  const r = await issue(ctx.deps, { role, boardId, byPersonId: ctx.person?.id ?? null });
  if (!r.ok) return r.reason === "board_inactive" ? ctx.reply(ctx.t("button-expired")) : ctx.reply(ctx.t("invite-usage"), { parse_mode: "HTML" });
  const { board, code, shortCode, expiresAt } = r;
  // A deep link exists on Telegram only: an invitation made on Zalo has its short code alone.
  const onTelegram = messengerOfChatId(ctx.chat!.id) === "telegram";
  await ctx.reply(
    ctx.t(onTelegram ? "invite-link" : "invite-code-only", {
      role: ctx.t(`role-${role}`),
      board: esc(board?.shortName ?? ""),
      hasBoard: board ? "yes" : "no",
      link: `https://t.me/${ctx.me.username}?start=${code}`,
      code: shortCode,
      expires: formatDateTime(expiresAt, ctx.locale, ctx.deps.config.timeZone),
    }),
    { parse_mode: "HTML", link_preview_options: { is_disabled: true } },
  );
}
