// Monthly figures: /report (and its buttons), /cancel, /status, and the admin's
// /lock and /unlock of a period. The dialogue itself is features/reports/dialogue.ts.
import { Composer } from "grammy";
import type { BotContext } from "../../chat/context.js";
import { usageText } from "../../chat/examples.js";
import { type ButtonTable, CommandTable } from "../../chat/routing.js";
import { esc } from "../../shared/text/html.js";
import { formatAmount } from "../../shared/bloc/numbers.js";
import { formatDate, formatDateTime, formatMonth } from "../../shared/i18n/format.js";
import { REPORT_CONVERSATION } from "./dialogue.js";
import { choiceKeyboards } from "../../chat/keyboards.js";
import { boardChoices } from "../../shared/messaging/choices.js";
import { cancelOpenDialogue, startDialogue } from "../../chat/conversations/dialogue.js";
import { getBloc } from "../../shared/bloc/store.js";
import { getBoard, owes } from "../../shared/bloc/store.js";
import { ensurePeriod, getPeriod } from "../../shared/bloc/periods.js";
import { lockPeriod, reportStatus, reportWithHistory } from "./use-cases.js";
import { indicatorName } from "./rules/reports.js";
import { boardsWithRole, canViewBoard, isAdmin } from "../../shared/bloc/roles.js";
import { comparePeriods, parsePeriodLabel, reportablePeriod, type PeriodKey } from "../../shared/bloc/schedule.js";

/** How many periods /status shows. */
const STATUS_MONTHS = 6;

/** /cancel, in a table of its own, installed right after the dialogues (they pass every command on). */
export function cancelFeature(): CommandTable {
  const c = new CommandTable();
  c.command("cancel", async (ctx) => {
    // The open dialogue ends, and the draft it was filling goes; other drafts stay.
    if (!(await cancelOpenDialogue(ctx))) return ctx.reply(ctx.t("cancel-nothing"));
    await ctx.reply(ctx.t("report-cancelled"));
  });
  return c;
}

export function reportFeature(commands: CommandTable, buttons: ButtonTable) {
  const c = new Composer<BotContext>();

  commands.command("report", (ctx) => startReport(ctx, ctx.match.trim()));
  buttons.callbackQuery("menu:report", "menu:report", async (ctx) => {
    await ctx.answerCallbackQuery();
    await startReport(ctx, "");
  });
  // Board chosen, or the button of a reminder: rep:<boardId>:<periodId>. Never trusted:
  // startReport checks the board against the person's roles and the period's state.
  buttons.callbackQuery("rep", /^rep:(\d{1,9}):(\d{1,9})$/, async (ctx) => {
    await ctx.answerCallbackQuery();
    await startReportFor(ctx, Number(ctx.match[1]), Number(ctx.match[2]));
  });

  commands.command("status", (ctx) => showStatus(ctx));
  buttons.callbackQuery("menu:status", "menu:status", async (ctx) => {
    await ctx.answerCallbackQuery();
    await showStatus(ctx);
  });

  commands.command(["lock", "unlock"], async (ctx) => {
    if (!isAdmin(ctx.actor)) return ctx.reply(ctx.t("not-allowed"));
    const key = parsePeriodLabel(ctx.match);
    if (!key) return ctx.reply(await usageText(ctx, "lock-usage"), { parse_mode: "HTML" });
    const bloc = await getBloc(ctx.deps.db);
    const lock = ctx.msg.text.startsWith("/lock");
    await lockPeriod(ctx.deps, key, lock, ctx.person?.id ?? null, bloc!.schedule, ctx.deps.config.timeZone);
    await ctx.reply(ctx.t(lock ? "period-locked" : "period-unlocked", { month: formatMonth(key, ctx.locale) }));
  });

  return c;
}

/** The report of a board for a period given by id (a reminder's button, the choice between two dialogues); everything is checked again. */
export async function startReportFor(ctx: BotContext, boardId: number, periodId: number) {
  const period = await getPeriod(ctx.deps.db, periodId);
  if (!period) return ctx.reply(ctx.t("button-expired"));
  await startReport(ctx, `${period.year}-${period.month}`, boardId);
}

async function startReport(ctx: BotContext, arg: string, boardId?: number) {
  if (ctx.chat?.type !== "private") return ctx.reply(ctx.t("private-only"));
  const focal = boardsWithRole(ctx.actor, "focal");
  const heads = boardsWithRole(ctx.actor, "head");
  if (focal.length === 0 && heads.length === 0) return ctx.reply(ctx.t("report-not-focal"));

  const { db, clock, config } = ctx.deps;
  const bloc = await getBloc(db);
  const latest = reportablePeriod(clock.now(), bloc!.schedule, config.timeZone);
  let key: PeriodKey = latest;
  if (arg) {
    const parsed = parsePeriodLabel(arg);
    if (!parsed) return ctx.reply(await usageText(ctx, "report-usage"), { parse_mode: "HTML" });
    if (comparePeriods(parsed, latest) > 0) return ctx.reply(ctx.t("report-period-not-over", { month: formatMonth(parsed, ctx.locale) }));
    key = parsed;
  }
  const period = await ensurePeriod(db, key, bloc!.schedule, config.timeZone);

  if (focal.length === 0) {
    // A board head sees the board's report but cannot submit.
    for (const b of heads) await showReport(ctx, b, period.id);
    return;
  }
  if (period.lockedAt) return ctx.reply(ctx.t("report-period-locked"));
  if (boardId !== undefined && !focal.includes(boardId)) return ctx.reply(ctx.t("report-not-focal"));
  // Only the boards that owe the period: nothing before a board's first period is reported in chat.
  const candidates = (await Promise.all((boardId !== undefined ? [boardId] : focal).map((id) => getBoard(db, id)))).filter((b) => b !== null);
  const owing = candidates.filter((b) => owes(b, key));
  if (owing.length === 0) {
    const b = candidates[0];
    if (!b?.firstPeriod) return ctx.reply(ctx.t("report-not-focal"));
    return ctx.reply(ctx.t("report-before-first", { board: esc(b.shortName), month: formatMonth(key, ctx.locale), first: formatMonth(b.firstPeriod, ctx.locale) }), { parse_mode: "HTML" });
  }
  if (owing.length > 1) {
    // The which-board picker, one board to a row; more boards than a keyboard holds continue in a further message.
    const parts = choiceKeyboards(boardChoices(owing, (id) => `rep:${id}:${period.id}`));
    for (const [i, kb] of parts.entries()) await ctx.reply(i === 0 ? ctx.t("report-which-board", { month: formatMonth(key, ctx.locale) }) : ctx.t("buttons-continued"), { reply_markup: kb });
    return;
  }
  // One dialogue at a time: with another one open, the person chooses.
  const board = owing[0]!.id;
  await startDialogue(ctx, REPORT_CONVERSATION, { boardId: board, periodId: period.id }, `r:${board}:${period.id}`);
}

/** A read-only view of a board's report with its revision history. */
async function showReport(ctx: BotContext, boardId: number, periodId: number) {
  const { config } = ctx.deps;
  if (!canViewBoard(ctx.actor, boardId)) return ctx.reply(ctx.t("not-allowed"));
  const found = await reportWithHistory(ctx.deps, boardId, periodId);
  if (!found) return;
  const { report, indicators } = found;
  const month = formatMonth(found.period, ctx.locale);
  if (!report) return ctx.reply(ctx.t("view-none", { board: esc(found.boardName), month }), { parse_mode: "HTML" });
  const lines = indicators.map((ind) => {
    const v = report.values[ind.code];
    return `• ${esc(indicatorName(ind, ctx.locale))}: <b>${v === undefined ? "—" : formatAmount(v, ind.unit, ctx.locale, ind.decimals)}</b>`;
  });
  const revs = found.revisions.slice(1).map((r) => ctx.t("view-revision", { revision: r.revision, at: formatDateTime(r.at, ctx.locale, config.timeZone), name: esc(r.byName ?? "?"), count: r.changes.length, reason: esc(r.reason ?? "—") }));
  await ctx.reply(
    [ctx.t("view-head", { board: esc(found.boardName), month, reference: report.reference, at: formatDateTime(report.submittedAt, ctx.locale, config.timeZone), late: report.late ? "yes" : "no" }), ...lines, ...revs].join("\n"),
    { parse_mode: "HTML" },
  );
}

async function showStatus(ctx: BotContext) {
  if (ctx.chat?.type !== "private") return ctx.reply(ctx.t("private-only"));
  const boards = [...new Set([...boardsWithRole(ctx.actor, "focal"), ...boardsWithRole(ctx.actor, "head")])];
  if (boards.length === 0 || !ctx.person) return ctx.reply(ctx.t("report-not-focal"));
  const { db, clock, config } = ctx.deps;
  const bloc = await getBloc(db);
  const latest = reportablePeriod(clock.now(), bloc!.schedule, config.timeZone);
  const status = await reportStatus(ctx.deps, { personId: ctx.person.id, boardIds: boards }, latest, STATUS_MONTHS, bloc!.schedule, config.timeZone);
  const now = clock.now();
  const parts: string[] = [];
  for (const board of status) {
    const lines = board.rows.map((r) => {
      const month = formatMonth(r, ctx.locale);
      let state: string;
      if (r.report) {
        state = ctx.t(r.report.late ? "status-late" : "status-submitted", { at: formatDate(r.report.submittedAt, ctx.locale, config.timeZone), reference: r.report.reference });
        if (r.report.version > 1) state += ` ${ctx.t("status-amended", { count: r.report.version - 1 })}`;
      } else if (r.deadlineAt.getTime() < now.getTime()) state = ctx.t("status-missing-overdue");
      else state = ctx.t("status-missing", { deadline: formatDateTime(r.deadlineAt, ctx.locale, config.timeZone) });
      if (r.draft && !r.report) state += ` ${ctx.t("status-draft")}`;
      if (r.locked) state += " 🔒";
      return `• ${month}: ${state}`;
    });
    // Nothing before the board's first period is owed: those months are not listed.
    if (board.firstPeriod && board.listed < STATUS_MONTHS) lines.push(ctx.t("status-first-period", { first: formatMonth(board.firstPeriod, ctx.locale) }));
    parts.push(`<b>${esc(board.boardName)}</b>\n${lines.join("\n")}`);
  }
  await ctx.reply(`${ctx.t("status-head")}\n\n${parts.join("\n\n")}`, { parse_mode: "HTML" });
}
