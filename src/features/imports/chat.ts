// /import (admins): earlier figures from a CSV or XLSX file, sent with /import as its
// caption or answered with /import; the rows stored, refused or skipped are told back,
// with a progress message on the way for a large file.
import { Composer, GrammyError } from "grammy";
import type { BotContext } from "../../chat/context.js";
import type { CommandTable } from "../../chat/routing.js";
import { isAdmin } from "../../shared/bloc/roles.js";
import { usageText } from "../../chat/examples.js";
import { FileTooBigError } from "../../shared/download.js";
import { ImportProgressMessage, importReplyText } from "./views.js";
import { DEFAULT_SHEET_LIMITS } from "./sheets/sheet.js";
// The importer loads its libraries on first use: most updates never need them.
const importer = () => import("./use-cases.js");

export function importFeature(commands: CommandTable) {
  const c = new Composer<BotContext>();

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
    if (!isAdmin(ctx.actor)) return ctx.reply(ctx.t("not-allowed"));
    const doc = ctx.msg.reply_to_message?.document;
    if (!doc) return ctx.reply(await usageText(ctx, "import-usage"), { parse_mode: "HTML" });
    await runImport(ctx, doc.file_id, doc.file_name ?? "", doc.file_size);
  });

  return c;
}

/** The largest file /import takes, counted on the bytes actually downloaded. */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

async function runImport(ctx: BotContext, fileId: string, name: string, size: number | undefined) {
  // A size Telegram states is checked before anything is fetched; one that is
  // missing or wrong is caught by the download, which stops past the limit.
  if (size !== undefined && size > MAX_IMPORT_BYTES) return ctx.reply(ctx.t("import-too-big"));
  const kind = /\.xlsx$/i.test(name) ? "xlsx" : /\.csv$/i.test(name) ? "csv" : null;
  if (!kind) return ctx.reply(await usageText(ctx, "import-usage"), { parse_mode: "HTML" });
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
