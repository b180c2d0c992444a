// Summaries: /summary [period] by the leader, the deputy, the secretariat or an
// admin, in the group or in private; the buttons under it (another indicator,
// charts, the spreadsheet); and /annual YEAR. (/import: features/imports/chat.ts.)
import { Composer, InputFile } from "grammy";
import type { BotContext } from "../../chat/context.js";
import type { ButtonTable, CommandTable } from "../../chat/routing.js";
import { parseRangeToken, rangeLabel, summaryCaption, summaryCoverageChoices, summaryCoverageText, summaryChoices, summaryShortChoices, summaryShortText, summaryText } from "./views.js";
import { editOrReply } from "../../chat/replies.js";
import { usageText } from "../../chat/examples.js";
import { replyOptions } from "../../chat/choices.js";
import { getBloc } from "../../shared/bloc/store.js";
import { reviewedYear } from "../history/rules.js";
import { clipRange, parseRange, yearRange, type Summary } from "./rules.js";
import { stripDiacritics } from "../../shared/bloc/text.js";
import { buildSummary, latestReportable, maySeeSummary as mayActorSeeSummary } from "./use-cases.js";
import { annualReportContent, exportFile as makeExport, isExportError, type ExportJob } from "../exports/use-cases.js";
import { DateTime } from "luxon";

/** Who may see the summaries: summaries/use-cases.ts, maySeeSummary. */
function maySeeSummary(ctx: BotContext): Promise<boolean> {
  return mayActorSeeSummary(ctx.deps, ctx.actor);
}

/** /summary [period]: the short screen and its buttons. */
async function sendSummary(ctx: BotContext, arg: string) {
  const latest = (await latestReportable(ctx.deps))!;
  const range = parseRange(arg, latest);
  if (!range) return ctx.reply(await usageText(ctx, "summary-usage"), { parse_mode: "HTML" });
  const s = await buildSummary(ctx.deps, range);
  await ctx.reply(summaryShortText(ctx.t, s, ctx.locale), replyOptions({ choices: summaryShortChoices(ctx.t, s) }));
}

function fileName(ctx: BotContext, s: Summary, ext: string): string {
  return stripDiacritics(`${ctx.t("file-prefix")}-${rangeLabel(ctx.t, s.range, ctx.locale)}`).replace(/[^A-Za-z0-9]+/g, "-") + `.${ext}`;
}

export function summaryFeature(commands: CommandTable, buttons: ButtonTable) {
  const c = new Composer<BotContext>();

  commands.command(["summary", "annual"], async (ctx, next) => {
    if (await maySeeSummary(ctx)) return next();
    await ctx.reply(ctx.t("summary-not-allowed"));
  });

  commands.command("summary", (ctx) => sendSummary(ctx, ctx.match));
  buttons.callbackQuery("menu:summary", "menu:summary", async (ctx) => {
    if (!(await maySeeSummary(ctx))) return ctx.answerCallbackQuery({ text: ctx.t("summary-not-allowed"), show_alert: true });
    await ctx.answerCallbackQuery();
    await sendSummary(ctx, "");
  });

  // Buttons: sm:i:<range>:<indicator> the details with that indicator's table,
  // sm:s:<range> back to the short screen, sm:r:<range> who reported,
  // sm:c:<range>:<indicator> the charts, sm:x:<range> the spreadsheet.
  buttons.callbackQuery("sm", /^sm:([icxsr]):([mqyt]\d{4}(?:-\d{1,2})?)(?::(\d{1,4}))?$/, async (ctx) => {
    if (!(await maySeeSummary(ctx))) return ctx.answerCallbackQuery({ text: ctx.t("summary-not-allowed"), show_alert: true });
    // The buttons act on the summary message they sit on, never on another message.
    const markup = ctx.callbackQuery.message?.reply_markup?.inline_keyboard ?? [];
    if (!markup.flat().some((b) => "callback_data" in b && b.callback_data.startsWith("sm:"))) return ctx.answerCallbackQuery({ text: ctx.t("button-expired") });
    const bloc = await getBloc(ctx.deps.db);
    const latest = (await latestReportable(ctx.deps))!;
    const token = parseRangeToken(ctx.match[2]!);
    const range = token ? clipRange(token, latest) : null;
    if (!range) return ctx.answerCallbackQuery({ text: ctx.t("button-expired") });
    const s = await buildSummary(ctx.deps, range);
    const idx = ctx.match[3] === undefined ? 0 : Number(ctx.match[3]);
    if (idx >= s.indicators.length) return ctx.answerCallbackQuery({ text: ctx.t("button-expired") });
    await ctx.answerCallbackQuery();
    if (ctx.match[1] === "i") {
      // Pressing the indicator in view changes nothing: Telegram's "message is not modified" is a success (telegram-limits.ts).
      await editOrReply(ctx, summaryText(ctx.t, s, ctx.locale, bloc!.name, idx), replyOptions({ choices: summaryChoices(ctx.t, s, idx, ctx.locale, bloc!.name) }));
    } else if (ctx.match[1] === "s") {
      await editOrReply(ctx, summaryShortText(ctx.t, s, ctx.locale), replyOptions({ choices: summaryShortChoices(ctx.t, s) }));
    } else if (ctx.match[1] === "r") {
      await editOrReply(ctx, summaryCoverageText(ctx.t, s, ctx.locale), replyOptions({ choices: summaryCoverageChoices(ctx.t, s) }));
    } else if (ctx.match[1] === "c") {
      const ind = s.indicators[idx]!;
      const { locale } = ctx;
      const { defaultLocale } = ctx.deps.config;
      await ctx.replyWithChatAction("upload_photo");
      const bars = await exportFile(ctx, { kind: "board-chart", summary: s, indicator: ind.code, locale, defaultLocale });
      if (!bars) return;
      await ctx.replyWithPhoto(new InputFile(bars, fileName(ctx, s, "png")), { caption: summaryCaption(ctx.t, s, ctx.locale) });
      // The trend covers the range's year (to date, while it runs).
      const trend = range.kind === "year" || range.kind === "ytd" ? s : await buildSummary(ctx.deps, parseRange(String(range.year), latest) ?? yearRange(range.year));
      const lines = await exportFile(ctx, { kind: "trend-chart", summary: trend, indicator: ind.code, locale, defaultLocale });
      if (!lines) return;
      await ctx.replyWithPhoto(new InputFile(lines, fileName(ctx, trend, "png").replace(".png", "-trend.png")), { caption: summaryCaption(ctx.t, trend, ctx.locale) });
    } else {
      await ctx.replyWithChatAction("upload_document");
      const period = rangeLabel(ctx.t, range, ctx.locale);
      const book = await exportFile(ctx, { kind: "workbook", summary: s, locale: ctx.locale, defaultLocale: ctx.deps.config.defaultLocale, meta: { blocName: bloc!.name, periodLabel: period } });
      if (!book) return;
      await ctx.replyWithDocument(new InputFile(book, fileName(ctx, s, "xlsx")), { caption: summaryCaption(ctx.t, s, ctx.locale, "xlsx") });
    }
  });

  commands.command("annual", async (ctx) => {
    // Without a year: the year the year-end conference reviews now (this year
    // from July, last year from January to June).
    const today = DateTime.fromJSDate(ctx.deps.clock.now(), { zone: ctx.deps.config.timeZone });
    const arg = ctx.match.trim();
    const year = arg ? (/^\d{4}$/.test(arg) ? Number(arg) : NaN) : reviewedYear(today.year, today.month);
    if (!Number.isInteger(year) || year < 2000 || year > 2100) return ctx.reply(await usageText(ctx, "annual-usage"), { parse_mode: "HTML" });
    // The conference is often in December: a running year is compared month for month.
    const latest = (await latestReportable(ctx.deps))!;
    const content = await annualReportContent(ctx.deps, year, latest);
    if (!content) return ctx.reply(await usageText(ctx, "annual-usage"), { parse_mode: "HTML" });
    // The report is written in Vietnamese, the agencies' language; for a running
    // year the comparison is with the same months a year before (features/exports/render.ts).
    await ctx.replyWithChatAction("upload_document");
    const doc = await exportFile(ctx, { kind: "annual-report", content, ytd: content.summary.range.kind === "ytd", defaultLocale: ctx.deps.config.defaultLocale });
    if (!doc) return;
    await ctx.replyWithDocument(new InputFile(doc, `bao-cao-tong-ket-${year}.docx`), { caption: ctx.t("annual-caption", { year: String(year) }) });
  });

  return c;
}

/**
 * Makes a file in the export worker; a file not made (the queue full, the time
 * limit passed, the worker failed) is answered in the chat and gives null.
 */
async function exportFile(ctx: BotContext, job: ExportJob): Promise<Buffer | null> {
  try {
    return await makeExport(ctx.deps, job);
  } catch (e) {
    if (!isExportError(e)) throw e;
    ctx.deps.logger.warn({ err: e.cause ?? e, kind: job.kind, reason: e.reason }, "file export not made");
    await ctx.reply(ctx.t(`export-${e.reason}`));
    return null;
  }
}
