// Summaries: /summary [period] by the leader, the deputy, the secretariat or an
// admin, in the group or in private; the buttons under it (another indicator,
// charts, the spreadsheet); /annual YEAR; and /import of earlier figures.
import { Composer, GrammyError, InputFile } from "grammy";
import { DateTime } from "luxon";
import type { BotContext } from "../../chat/context.js";
import type { ButtonTable, CommandTable } from "../../chat/routing.js";
import { esc, clip } from "../../shared/text/html.js";
import { ImportProgressMessage, importReplyText } from "../imports/views.js";
import { parseRangeToken, rangeLabel, summaryCaption, summaryCoverageKeyboard, summaryCoverageText, summaryKeyboard, summaryShortKeyboard, summaryShortText, summaryText } from "./views.js";
import { editOrReply } from "../../chat/replies.js";
import { getBloc } from "../../shared/bloc/store.js";
import { officersOf } from "../ballots/store.js";
import { isAdmin, isSecretariat, votingBoards } from "../../shared/bloc/roles.js";
import { officerYears, reviewedYear } from "../history/rules.js";
import { reportablePeriod } from "../../shared/bloc/schedule.js";
import { clipRange, parseRange, yearRange, type Summary } from "./rules.js";
import { stripDiacritics } from "../../shared/bloc/text.js";
import { buildSummary } from "./jobs.js";
import { annualReportContent } from "../exports/use-cases.js";
import { FileTooBigError } from "../../shared/download.js";
import { DEFAULT_SHEET_LIMITS } from "../imports/sheets/sheet.js";
import { ExportError, makeFile } from "../exports/pool.js";
import type { ExportJob } from "../exports/render.js";
// The importer loads its libraries on first use: most updates never need them.
// The file makers (charts, XLSX, DOCX) run in the export worker (features/exports/pool.ts).
const importer = () => import("../imports/use-cases.js");

/**
 * The leader's and deputy's people (the officers of this year, and until June
 * also of last year, whose leader still closes it: features/history/rules.ts
 * officerYears), elected or recorded with /record; the secretariat and admins.
 */
async function maySeeSummary(ctx: BotContext): Promise<boolean> {
  if (isAdmin(ctx.actor) || isSecretariat(ctx.actor)) return true;
  const mine = votingBoards(ctx.actor);
  if (mine.length === 0) return false;
  const today = DateTime.fromJSDate(ctx.deps.clock.now(), { zone: ctx.deps.config.timeZone });
  for (const year of officerYears(today.year, today.month)) {
    if ((await officersOf(ctx.deps.db, year)).some((o) => mine.includes(o.boardId))) return true;
  }
  return false;
}

/** /summary [period]: the short screen and its buttons. */
async function sendSummary(ctx: BotContext, arg: string) {
  const bloc = await getBloc(ctx.deps.db);
  const latest = reportablePeriod(ctx.deps.clock.now(), bloc!.schedule, ctx.deps.config.timeZone);
  const range = parseRange(arg, latest);
  if (!range) return ctx.reply(ctx.t("summary-usage"), { parse_mode: "HTML" });
  const s = await buildSummary(ctx.deps, range);
  await ctx.reply(summaryShortText(ctx.t, s, ctx.locale), { parse_mode: "HTML", reply_markup: summaryShortKeyboard(ctx.t, s) });
}

function fileName(ctx: BotContext, s: Summary, ext: string): string {
  return stripDiacritics(`${ctx.t("file-prefix")}-${rangeLabel(ctx.t, s.range, ctx.locale)}`).replace(/[^A-Za-z0-9]+/g, "-") + `.${ext}`;
}

export function summaryFeature(commands: CommandTable, buttons: ButtonTable) {
  const c = new Composer<BotContext>();

  commands.command(["summary", "annual", "import"], async (ctx, next) => {
    const isImport = ctx.msg.text.startsWith("/import");
    const allowed = isImport ? isAdmin(ctx.actor) : await maySeeSummary(ctx);
    if (allowed) return next();
    await ctx.reply(ctx.t(isImport ? "not-allowed" : "summary-not-allowed"));
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
    const latest = reportablePeriod(ctx.deps.clock.now(), bloc!.schedule, ctx.deps.config.timeZone);
    const token = parseRangeToken(ctx.match[2]!);
    const range = token ? clipRange(token, latest) : null;
    if (!range) return ctx.answerCallbackQuery({ text: ctx.t("button-expired") });
    const s = await buildSummary(ctx.deps, range);
    const idx = ctx.match[3] === undefined ? 0 : Number(ctx.match[3]);
    if (idx >= s.indicators.length) return ctx.answerCallbackQuery({ text: ctx.t("button-expired") });
    await ctx.answerCallbackQuery();
    if (ctx.match[1] === "i") {
      // Pressing the indicator in view changes nothing: Telegram's "message is not modified" is a success (telegram-limits.ts).
      await editOrReply(ctx, summaryText(ctx.t, s, ctx.locale, bloc!.name, idx), { parse_mode: "HTML", reply_markup: summaryKeyboard(ctx.t, s, idx, ctx.locale, bloc!.name) });
    } else if (ctx.match[1] === "s") {
      await editOrReply(ctx, summaryShortText(ctx.t, s, ctx.locale), { parse_mode: "HTML", reply_markup: summaryShortKeyboard(ctx.t, s) });
    } else if (ctx.match[1] === "r") {
      await editOrReply(ctx, summaryCoverageText(ctx.t, s, ctx.locale), { parse_mode: "HTML", reply_markup: summaryCoverageKeyboard(ctx.t, s) });
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
    if (!Number.isInteger(year) || year < 2000 || year > 2100) return ctx.reply(ctx.t("annual-usage"), { parse_mode: "HTML" });
    const bloc = await getBloc(ctx.deps.db);
    // The conference is often in December: a running year is compared month for month.
    const latest = reportablePeriod(ctx.deps.clock.now(), bloc!.schedule, ctx.deps.config.timeZone);
    const content = await annualReportContent(ctx.deps, year, latest);
    if (!content) return ctx.reply(ctx.t("annual-usage"), { parse_mode: "HTML" });
    // The report is written in Vietnamese, the agencies' language; for a running
    // year the comparison is with the same months a year before (features/exports/render.ts).
    await ctx.replyWithChatAction("upload_document");
    const doc = await exportFile(ctx, { kind: "annual-report", content, ytd: content.summary.range.kind === "ytd", defaultLocale: ctx.deps.config.defaultLocale });
    if (!doc) return;
    await ctx.replyWithDocument(new InputFile(doc, `bao-cao-tong-ket-${year}.docx`), { caption: ctx.t("annual-caption", { year: String(year) }) });
  });

  // /import as the caption of a CSV or XLSX document (or in reply to one).
  c.on("message:document", async (ctx, next) => {
    const caption = ctx.msg.caption?.trim() ?? "";
    const m = /^\/import(?:@(\w+))?(?=\s|$)/.exec(caption);
    // "/import@another_bot" is for another bot in the group, as grammY's command filter would say.
    if (!m || (m[1] !== undefined && m[1].toLowerCase() !== ctx.me.username.toLowerCase())) return next();
    if (!isAdmin(ctx.actor)) return ctx.reply(ctx.t("not-allowed"));
    await runImport(ctx, ctx.msg.document.file_id, ctx.msg.document.file_name ?? "", ctx.msg.document.file_size);
  });
  commands.command("import", async (ctx) => {
    const doc = ctx.msg.reply_to_message?.document;
    if (!doc) return ctx.reply(ctx.t("import-usage"), { parse_mode: "HTML" });
    await runImport(ctx, doc.file_id, doc.file_name ?? "", doc.file_size);
  });

  return c;
}

/**
 * Makes a file in the export worker; a file not made (the queue full, the time
 * limit passed, the worker failed) is answered in the chat and gives null.
 */
async function exportFile(ctx: BotContext, job: ExportJob): Promise<Buffer | null> {
  try {
    return await makeFile(job, { timeoutMs: ctx.deps.config.exportTimeoutSeconds * 1000 });
  } catch (e) {
    if (!(e instanceof ExportError)) throw e;
    ctx.deps.logger.warn({ err: e.cause ?? e, kind: job.kind, reason: e.reason }, "file export not made");
    await ctx.reply(ctx.t(`export-${e.reason}`));
    return null;
  }
}

/** The largest file /import takes, counted on the bytes actually downloaded. */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

async function runImport(ctx: BotContext, fileId: string, name: string, size: number | undefined) {
  // A size Telegram states is checked before anything is fetched; one that is
  // missing or wrong is caught by the download, which stops past the limit.
  if (size !== undefined && size > MAX_IMPORT_BYTES) return ctx.reply(ctx.t("import-too-big"));
  const kind = /\.xlsx$/i.test(name) ? "xlsx" : /\.csv$/i.test(name) ? "csv" : null;
  if (!kind) return ctx.reply(ctx.t("import-usage"), { parse_mode: "HTML" });
  let bytes: Uint8Array;
  try {
    const file = await ctx.api.getFile(fileId);
    if (file.file_size !== undefined && file.file_size > MAX_IMPORT_BYTES) return ctx.reply(ctx.t("import-too-big"));
    if (!file.file_path) return ctx.reply(ctx.t("import-failed"));
    bytes = await ctx.deps.files.download(file.file_path, { maxBytes: MAX_IMPORT_BYTES });
  } catch (e) {
    // Telegram refuses getFile past 20 MB ("file is too big").
    if (e instanceof FileTooBigError || (e instanceof GrammyError && /too big/i.test(e.description))) return ctx.reply(ctx.t("import-too-big"));
    ctx.deps.logger.warn({ err: e instanceof Error ? e.message : String(e) }, "import: the file could not be fetched");
    return ctx.reply(ctx.t("import-failed"));
  }
  const { importFigures } = await importer();
  const progress = new ImportProgressMessage(ctx.api, ctx.chat!.id, ctx.t, ctx.locale, name, ctx.deps.logger);
  const outcome = await importFigures({
    db: ctx.deps.db, clock: ctx.deps.clock, zone: ctx.deps.config.timeZone, personId: ctx.person?.id ?? null,
    file: { kind, bytes, name }, onProgress: (p) => progress.update(p),
  });
  await progress.finish(outcome.rows);
  if (outcome.stopped) ctx.deps.logger.info({ file: name, stopped: outcome.stopped.message, unpackedBytes: outcome.unpackedBytes }, "import stopped");
  await ctx.reply(importReplyText(ctx.t, ctx.locale, outcome, DEFAULT_SHEET_LIMITS), { parse_mode: "HTML" });
}
