// What /import shows: the progress message of a long import (one message, edited
// now and then, never a flood) and the reply with the outcome. No messenger is
// imported here: the progress message is written through the two calls it needs
// (ProgressChat), which the bot's Api of any messenger adapter provides.
import type { Logger } from "../../shared/log/logger.js";
import type { Translate } from "../../shared/i18n/locale.js";
import { clip, esc } from "../../shared/text/html.js";
import { formatNumber, formatPercent } from "../../shared/bloc/numbers.js";
import type { Locale } from "../../shared/i18n/locale.js";
import { periodExamples } from "../../shared/i18n/examples.js";
import type { ImportOutcome, ImportProgress } from "./use-cases.js";
import type { SheetLimits } from "./sheets/sheet.js";

/** An import with more rows than this gets a progress message. */
export const PROGRESS_AFTER_ROWS = 1_000;
/** The progress message is edited when it moved by this much, and no sooner than EDIT_EVERY_MS after the last change. */
const EDIT_STEP = 0.1;
const EDIT_EVERY_MS = 2_000;
/** Refused rows listed in the reply (the rest are counted). */
const LISTED_PROBLEMS = 25;

/**
 * The two calls the progress message makes: send a text (HTML) to a chat, and replace
 * the text of a message sent before. A messenger that cannot edit answers the second
 * with an error, which is only logged (a courtesy).
 */
export type ProgressChat = {
  sendMessage(chatId: number, text: string, other: { parse_mode: "HTML" }): Promise<{ message_id: number }>;
  editMessageText(chatId: number, messageId: number, text: string, other: { parse_mode: "HTML" }): Promise<unknown>;
};

/**
 * The progress message: sent once the import has read PROGRESS_AFTER_ROWS rows,
 * edited at most every 10 % and every 2 s, and set to 100 % at the end. Every
 * call is a courtesy: a failure is logged and the import goes on.
 */
export class ImportProgressMessage {
  private chain: Promise<void> = Promise.resolve();
  private messageId: number | null = null;
  private started = false;
  private shown = -1;
  private lastChange = 0;

  constructor(
    private readonly api: ProgressChat,
    private readonly chatId: number,
    private readonly t: Translate,
    private readonly locale: Locale,
    private readonly file: string,
    private readonly logger: Logger,
  ) {}

  private text(key: string, fraction: number, rows: number): string {
    return this.t(key, { file: esc(clip(this.file, 60)), percent: formatPercent(Math.min(1, fraction), this.locale, 0), rows: formatNumber(rows, this.locale, 0) });
  }

  private enqueue(step: () => Promise<unknown>) {
    this.chain = this.chain.then(step).then(
      () => {},
      (e: unknown) => this.logger.debug({ err: e instanceof Error ? e.message : String(e) }, "import progress message failed"),
    );
  }

  update(p: ImportProgress): void {
    if (p.rows < PROGRESS_AFTER_ROWS) return;
    const now = performance.now();
    if (!this.started) {
      this.started = true;
      this.shown = p.fraction;
      this.lastChange = now;
      const text = this.text("import-progress", p.fraction, p.rows);
      this.enqueue(async () => {
        this.messageId = (await this.api.sendMessage(this.chatId, text, { parse_mode: "HTML" })).message_id;
      });
      return;
    }
    if (p.fraction - this.shown < EDIT_STEP || now - this.lastChange < EDIT_EVERY_MS) return;
    this.shown = p.fraction;
    this.lastChange = now;
    this.edit(this.text("import-progress", p.fraction, p.rows));
  }

  private edit(text: string) {
    this.enqueue(async () => {
      if (this.messageId !== null) await this.api.editMessageText(this.chatId, this.messageId, text, { parse_mode: "HTML" });
    });
  }

  /** Sets the message to its end state (when one was sent) and waits for the calls in flight. */
  async finish(rows: number): Promise<void> {
    if (this.started) this.edit(this.text("import-progress-done", 1, rows));
    await this.chain;
  }
}

/** The reply to an import: what stopped it (if anything), what was imported, the refused rows. */
export function importReplyText(t: Translate, locale: Locale, r: ImportOutcome, limits: SheetLimits): string {
  const n = (x: number) => formatNumber(x, locale, 0);
  const lines: string[] = [];
  if (r.stopped) {
    const row = r.stopped.row;
    const max = r.stopped.problem === "unpacked-too-big" ? Math.round(limits.maxUnpackedBytes / (1024 * 1024)) : r.stopped.problem === "row-too-long" ? limits.maxRowChars : limits.maxColumns;
    lines.push(t(`import-stopped-${r.stopped.problem}`, { row: n(row ?? 0), max: n(max) }));
    if (r.rows === 0 && r.rejectedCount === 0) return lines.join("\n");
  }
  if (r.encoding === "windows-1258") lines.push(t("import-encoding-1258"));
  lines.push(t("import-done", { imported: n(r.imported), rejected: n(r.rejectedCount) }));
  // A refused period is answered with example periods, those of the import's time (shared/i18n/examples.ts).
  const examples = periodExamples(r.latest, locale);
  for (const x of r.rejected.slice(0, LISTED_PROBLEMS)) {
    const vars = Object.fromEntries(Object.entries(x.vars ?? {}).map(([k, v]) => [k, typeof v === "string" ? esc(clip(v, 60)) : v]));
    if (typeof vars.reason === "string") vars.reason = t(`import-reason-${vars.reason.replace(/_/g, "-")}`);
    lines.push(`• ${t("import-row", { row: n(x.row) })}: ${t(x.key, { ...examples, ...vars })}`);
  }
  if (r.rejectedCount > LISTED_PROBLEMS) lines.push(t("paste-more", { count: n(r.rejectedCount - LISTED_PROBLEMS) }));
  return lines.join("\n");
}
