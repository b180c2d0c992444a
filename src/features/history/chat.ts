// /record (admins, in private): the bloc's officers and award proposals of the
// years the bot did not run the ballots of. A change is shown for confirmation,
// applied with an audit row, and can be undone from its receipt; `/record 2022`
// shows a year, `/record` the recent years. Buttons: rec:ok:<change> and
// rec:no:<change> (the proposer's own preview), rec:undo:<change> (any admin).
import { Composer, InlineKeyboard } from "grammy";
import type { BotContext } from "../../chat/context.js";
import type { ButtonTable, CommandTable } from "../../chat/routing.js";
import { usageText } from "../../chat/examples.js";
import { clip, esc } from "../../shared/text/html.js";
import {
  awardKinds as historyAwardKinds, cancelRecord, confirmRecord, historyBoardNames, proposeRecord, recordChange, undoRecord, yearRecords, type YearRecord,
} from "./use-cases.js";
import { isAdmin } from "../../shared/bloc/roles.js";
import { parseRecordCommand, type HistorySlot } from "./rules.js";
import { DateTime } from "luxon";

/** Years shown by /record without arguments. */
const HISTORY_YEARS = 6;

type Award = { code: string; nameVi: string; nameEn: string };

export function historyFeature(commands: CommandTable, buttons: ButtonTable) {
  const c = new Composer<BotContext>();

  commands.command("record", async (ctx) => {
    if (!isAdmin(ctx.actor)) return ctx.reply(ctx.t("not-allowed"));
    if (ctx.chat.type !== "private") return ctx.reply(ctx.t("private-only"));
    const { clock, config } = ctx.deps;
    const awards = await awardKinds(ctx);
    const currentYear = DateTime.fromJSDate(clock.now(), { zone: config.timeZone }).year;
    const cmd = parseRecordCommand(ctx.match, awards.map((a) => a.code), currentYear);
    const html = { parse_mode: "HTML" as const };
    if ("error" in cmd) {
      if (cmd.error === "usage") return ctx.reply(await usage(ctx, awards), html);
      if (cmd.error === "year") return ctx.reply(ctx.t("record-bad-year", { min: String(cmd.min), max: String(cmd.max) }), html);
      if (cmd.error === "slot") return ctx.reply(ctx.t("record-bad-slot", { slot: esc(clip(cmd.slot, 40)), awards: awards.map((a) => `<code>${esc(a.code)}</code>`).join(", ") }), html);
      if (cmd.error === "one_board") return ctx.reply(ctx.t("record-one-board"), html);
      return ctx.reply(ctx.t("record-too-many", { max: cmd.max }), html);
    }
    if (cmd.kind === "history") {
      const records = await yearRecords(ctx.deps, { limit: HISTORY_YEARS });
      const body = records.length ? records.map((r) => yearText(ctx, r, awards)).join("\n\n") : ctx.t("record-history-none");
      return ctx.reply(`${ctx.t("record-history-head")}\n\n${body}\n\n${await usage(ctx, awards)}`, html);
    }
    if (cmd.kind === "show") {
      const [record] = await yearRecords(ctx.deps, { years: [cmd.year] });
      return ctx.reply(yearText(ctx, record!, awards), html);
    }

    const r = await proposeRecord(ctx.deps, { year: cmd.year, slot: cmd.slot, boardCodes: cmd.boardCodes, byPersonId: ctx.person?.id ?? null });
    if (!r.ok && r.reason === "unknown_boards") return ctx.reply(ctx.t("record-unknown-boards", { codes: r.codes.map((u) => `“${esc(clip(u, 32))}”`).join(", ") }), html);
    const slot = slotName(ctx, cmd.slot, awards);
    if (!r.ok && r.reason === "unchanged") return ctx.reply(ctx.t("record-unchanged", { slot, year: String(cmd.year) }), html);
    if (!r.ok) return ctx.reply(await sameBoardText(ctx, r.role, r.boardId, cmd.year), html);
    const names = await boardNames(ctx);
    const kb = new InlineKeyboard().text(ctx.t("record-btn-confirm"), `rec:ok:${r.change.id}`).text(ctx.t("btn-cancel"), `rec:no:${r.change.id}`);
    await ctx.reply(
      ctx.t("record-preview", { slot, year: String(cmd.year), before: listText(ctx, r.change.before, names), after: listText(ctx, r.change.after, names) }),
      { ...html, reply_markup: kb },
    );
  });

  // Every rec: button is for admins, in private; the data is checked against the stored change.
  buttons.callbackQuery("rec", /^rec:/, async (ctx, next) => {
    if (isAdmin(ctx.actor) && ctx.chat?.type === "private") return next();
    await ctx.answerCallbackQuery({ text: ctx.t("not-allowed"), show_alert: true });
  });

  buttons.callbackQuery("rec", /^rec:(ok|no|undo):(\d{1,9})$/, async (ctx) => {
    const action = ctx.match[1]!;
    const change = await recordChange(ctx.deps, Number(ctx.match[2]));
    const personId = ctx.person?.id ?? null;
    // A preview is confirmed or turned down by the admin who asked for it.
    if (!change || (action !== "undo" && change.byPersonId !== personId)) {
      return ctx.answerCallbackQuery({ text: ctx.t("button-expired") });
    }
    const html = { parse_mode: "HTML" as const };
    const awards = await awardKinds(ctx);
    const slot = slotName(ctx, change.slot, awards);
    const year = String(change.year);
    const names = await boardNames(ctx);

    if (action === "no") {
      const ok = await cancelRecord(ctx.deps, change.id);
      if (!ok) return ctx.answerCallbackQuery({ text: ctx.t("button-expired") });
      await courtesy(ctx, ctx.answerCallbackQuery());
      await courtesy(ctx, ctx.editMessageReplyMarkup());
      return ctx.reply(ctx.t("record-cancelled"));
    }

    if (action === "ok") {
      const r = await confirmRecord(ctx.deps, change.id, personId);
      if (!r.ok && (r.reason === "not_pending" || r.reason === "not_found")) return ctx.answerCallbackQuery({ text: ctx.t("button-expired") });
      await courtesy(ctx, ctx.answerCallbackQuery());
      await courtesy(ctx, ctx.editMessageReplyMarkup());
      if (!r.ok && r.reason === "same_board") return ctx.reply(await sameBoardText(ctx, r.role, r.boardId, change.year), html);
      if (!r.ok) return ctx.reply(ctx.t("record-stale", { slot, year }), html);
      ctx.deps.logger.info({ change: change.id, year: change.year }, "history recorded");
      const kb = new InlineKeyboard().text(ctx.t("record-btn-undo"), `rec:undo:${change.id}`);
      return ctx.reply(ctx.t("record-done", { slot, year, after: listText(ctx, change.after, names) }), { ...html, reply_markup: kb });
    }

    const r = await undoRecord(ctx.deps, change.id, personId);
    if (!r.ok && (r.reason === "not_applied" || r.reason === "not_found")) return ctx.answerCallbackQuery({ text: ctx.t("button-expired") });
    await courtesy(ctx, ctx.answerCallbackQuery());
    await courtesy(ctx, ctx.editMessageReplyMarkup());
    if (!r.ok && r.reason === "same_board") return ctx.reply(await sameBoardText(ctx, r.role, r.boardId, change.year), html);
    if (!r.ok) return ctx.reply(ctx.t("record-undo-stale", { slot, year }), html);
    return ctx.reply(ctx.t("record-undone", { slot, year, after: listText(ctx, change.before, names) }), html);
  });

  return c;
}

/** A call that only tidies up or acknowledges: its failure never stops the action. */
async function courtesy(ctx: BotContext, call: Promise<unknown>): Promise<void> {
  try {
    await call;
  } catch (e) {
    ctx.deps.logger.debug({ err: e }, "courtesy call failed");
  }
}

async function awardKinds(ctx: BotContext): Promise<Award[]> {
  return historyAwardKinds(ctx.deps);
}

/** Board id → short name, for every board (retired and merged ones too: history names them). */
async function boardNames(ctx: BotContext): Promise<Map<number, string>> {
  return historyBoardNames(ctx.deps);
}

function slotName(ctx: BotContext, slot: HistorySlot, awards: Award[]): string {
  if (slot.kind !== "award") return ctx.t(`ballot-kind-${slot.kind}`);
  const a = awards.find((x) => x.code === slot.code);
  return esc(a ? (ctx.locale === "vi" ? a.nameVi : a.nameEn) : slot.code);
}

function listText(ctx: BotContext, ids: number[], names: Map<number, string>): string {
  return ids.length ? ids.map((id) => `<b>${esc(clip(names.get(id) ?? `#${id}`, 40))}</b>`).join(", ") : ctx.t("record-none");
}

async function sameBoardText(ctx: BotContext, role: "leader" | "deputy", boardId: number, year: number): Promise<string> {
  const names = await boardNames(ctx);
  return ctx.t("record-same-board", { board: esc(clip(names.get(boardId) ?? "", 40)), role: ctx.t(`ballot-kind-${role}`), year: String(year) });
}

function yearText(ctx: BotContext, r: YearRecord, awards: Award[]): string {
  const name = (b: { shortName: string } | null) => (b ? `<b>${esc(clip(b.shortName, 40))}</b>` : ctx.t("record-none"));
  const lines = [
    ctx.t("record-year-head", { year: String(r.year) }),
    `${ctx.t("ballot-kind-leader")}: ${name(r.leader)}`,
    `${ctx.t("ballot-kind-deputy")}: ${name(r.deputy)}`,
  ];
  for (const a of awards) {
    const boards = r.proposals.find((p) => p.awardKindCode === a.code)?.boards ?? [];
    if (boards.length) lines.push(`${esc(ctx.locale === "vi" ? a.nameVi : a.nameEn)}: ${boards.map(name).join(", ")}`);
  }
  return lines.join("\n");
}

/** How /record is written, its example year the last finished one (chat/examples.ts). */
function usage(ctx: BotContext, awards: Award[]): Promise<string> {
  const award = awards[0]?.code ?? "flag";
  return usageText(ctx, "record-usage", { award: esc(award), awards: awards.map((a) => `<code>${esc(a.code)}</code> (${esc(ctx.locale === "vi" ? a.nameVi : a.nameEn)})`).join(", ") || "—" });
}
