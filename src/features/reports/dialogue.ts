// The monthly report as a dialogue: one question per indicator, each answer
// checked and echoed, a read-back with "send / change one item / cancel",
// paste mode, amendments with a reason, and a receipt. The conversation state is
// stored in the database (ConversationState), every accepted answer is also
// saved as a draft (ReportDraft), and where the dialogue stands (ReportPos) is
// saved at every step, so a restart, an idle close or a release loses nothing
// (dialogue.ts).
//
// The builder is replayed from the top on every update: all database access and
// clock reads are in conversation.external, and return plain JSON values. It runs
// as a loop over positions: show the prompt of a position, save it, wait for an
// answer, apply it; so that it can be entered again at any position.
import { InlineKeyboard } from "grammy";
import type { InlineKeyboardButton } from "grammy/types";
import type { Conversation } from "@grammyjs/conversations";
import type { BotContext, ConvContext } from "../../chat/context.js";
import type { Deps } from "../../shared/deps.js";
import type { Locale } from "../../shared/i18n/locale.js";
import { esc, clip } from "../../shared/text/html.js";
import { formatDateTime, formatMonth } from "../../shared/i18n/format.js";
import { translator } from "../../shared/i18n/messages.js";
import type { Translate } from "../../shared/i18n/locale.js";
import { keyboardParts, rowsOf } from "../../chat/keyboards.js";
import { findPerson } from "../../shared/db/people.js";
import { getBoard } from "../../shared/bloc/store.js";
import { flushGroupPosts, queuePost } from "../group/outbox.js";
import { POST_STALE_MS } from "../../shared/messaging/group-posts.js";
import { getPeriod } from "../../shared/bloc/periods.js";
import { deleteDraft, getDraft, getReport, latestOpenDraft, saveDraft, submitReport, valuesFor } from "./store.js";
import { activeIndicators } from "../../shared/bloc/store.js";
import { formatAmount, formatNumber, type ParseFailure, parseAmount } from "../../shared/bloc/numbers.js";
import { unitLabel } from "../../shared/bloc/units.js";
import {
  type IndicatorDef, type PasteChoice, type Values, diffValues, indicatorName, looksLikePaste, mergeChanges, missingIndicators, parsePaste, plausibility, specOf,
} from "./rules/reports.js";
import { matchIndicator } from "./rules/indicator-match.js";
import type { Api } from "grammy";
import { canSubmitFor } from "../../shared/bloc/roles.js";
import { shiftPeriod } from "../../shared/bloc/schedule.js";
import { boot, DialogueRun, type Answer, type DialogueInput, type DialogueSpec } from "../../chat/conversations/dialogue.js";

export const REPORT_CONVERSATION = "report";

export type ReportArgs = { boardId: number; periodId: number };

type Session = {
  locale: Locale;
  personId: number;
  boardName: string;
  period: { year: number; month: number; deadlineAt: string };
  indicators: IndicatorDef[];
  lastMonth: Values;
  lastYear: Values;
  report: { version: number; reference: string; values: Values; submittedByName: string | null; submittedAt: string } | null;
  draft: { values: Values; baseVersion: number } | null;
  zone: string;
};

type Loaded = { ok: true; session: Session } | { ok: false; key: string; locale: Locale };

async function loadSession(deps: Deps, octx: BotContext, args: ReportArgs): Promise<Loaded> {
  const locale = octx.locale;
  const person = octx.person;
  if (!person) return { ok: false, key: "not-allowed", locale };
  const [board, period] = await Promise.all([getBoard(deps.db, args.boardId), getPeriod(deps.db, args.periodId)]);
  if (!board || board.status !== "active" || !canSubmitFor(octx.actor, board.id)) return { ok: false, key: "report-not-focal", locale };
  if (!period) return { ok: false, key: "button-expired", locale };
  if (period.lockedAt) return { ok: false, key: "report-period-locked", locale };
  const [indicators, report, draft, lastMonth, lastYear] = await Promise.all([
    activeIndicators(deps.db),
    getReport(deps.db, board.id, period.id),
    getDraft(deps.db, person.id, board.id, period.id),
    valuesFor(deps.db, board.id, ...keyArgs(shiftPeriod(period, -1))),
    valuesFor(deps.db, board.id, period.year - 1, period.month),
  ]);
  return {
    ok: true,
    session: {
      locale, personId: person.id, boardName: board.shortName, zone: deps.config.timeZone,
      period: { year: period.year, month: period.month, deadlineAt: period.deadlineAt.toISOString() },
      indicators, lastMonth: lastMonth ?? {}, lastYear: lastYear ?? {},
      report: report ? { version: report.version, reference: report.reference, values: report.values, submittedByName: report.submittedByName, submittedAt: report.submittedAt.toISOString() } : null,
      draft: draft ? { values: draft.values, baseVersion: draft.baseVersion } : null,
    },
  };
}

function keyArgs(k: { year: number; month: number }): [number, number] {
  return [k.year, k.month];
}

type SubmitOutcome =
  | { ok: true; kind: "created" | "amended"; reference: string; version: number; late: boolean; at: string; changes: { code: string; old: number | null; new: number | null }[] }
  | { ok: false; reason: "conflict"; current: { version: number; values: Values; byName: string | null; at: string } }
  | { ok: false; reason: "no_changes" | "locked" | "not_allowed" };

async function submit(deps: Deps, octx: BotContext, args: ReportArgs, values: Values, baseVersion: number, reason: string | null, s: Session): Promise<SubmitOutcome> {
  // Rights and the lock are checked again at the moment of sending.
  const person = octx.from ? await findPerson(deps.db, octx.from.id) : null;
  const stillFocal = person?.roles.some((r) => r.role === "focal" && r.boardId === args.boardId && r.boardStatus === "active");
  if (!person || !stillFocal) {
    if (person) await deleteDraft(deps.db, { personId: person.id, boardId: args.boardId, periodId: args.periodId });
    return { ok: false, reason: "not_allowed" };
  }
  const period = await getPeriod(deps.db, args.periodId);
  if (!period || period.lockedAt) {
    await deleteDraft(deps.db, { personId: person.id, boardId: args.boardId, periodId: args.periodId });
    return { ok: false, reason: "locked" };
  }
  const at = deps.clock.now();
  const r = await submitReport(deps.db, {
    boardId: args.boardId, periodId: args.periodId, personId: person.id, values, indicators: s.indicators, at, deadlineAt: period.deadlineAt, baseVersion, reason,
  });
  if (!r.ok) {
    if (r.reason === "no_changes") return { ok: false, reason: "no_changes" };
    return { ok: false, reason: "conflict", current: { version: r.current.version, values: r.current.values, byName: r.current.lastChangedByName, at: r.current.lastChangedAt.toISOString() } };
  }
  await deleteDraft(deps.db, { personId: person.id, boardId: args.boardId, periodId: args.periodId });
  deps.logger.info({ boardId: args.boardId, periodId: args.periodId, kind: r.kind, version: r.version }, "report submitted");
  return { ok: true, kind: r.kind, reference: r.reference, version: r.version, late: r.late, at: at.toISOString(), changes: r.changes };
}

/**
 * When an amendment lands after the period's summary was posted, the group hears
 * what changed, through the group's outbox (sent now, or when the group can take it).
 * A failure here is logged, not shown to the person, whose amendment is stored.
 */
async function notifyGroup(deps: Deps, api: Api, args: ReportArgs, s: Session, amended: { reference: string; version: number; changes: { code: string; old: number | null; new: number | null }[] }): Promise<void> {
  try {
    const period = await getPeriod(deps.db, args.periodId);
    if (!period?.summaryPostedAt) return;
    const locale = deps.config.defaultLocale;
    const lines = amended.changes.map((c) => {
      const ind = s.indicators.find((i) => i.code === c.code)!;
      const f = (v: number | null) => (v === null ? "—" : formatAmount(v, ind.unit, locale, ind.decimals));
      return `• ${esc(indicatorName(ind, locale))}: ${f(c.old)} → ${f(c.new)}`;
    });
    const head = deps.i18n.t(locale, "group-amended", { board: esc(s.boardName), month: formatMonth(s.period, locale) });
    // Every change is listed: a long list is sent in several messages (telegram-limits.ts).
    await queuePost(deps, `amended:${amended.reference}:${amended.version}`, { kind: "text", text: [head, ...lines].join("\n") }, POST_STALE_MS.amendment);
    await flushGroupPosts(deps, api);
  } catch (err) {
    deps.logger.warn({ err, boardId: args.boardId }, "could not tell the group about an amendment");
  }
}

export function exampleFor(ind: IndicatorDef, locale: Locale, last?: number): string {
  if (last !== undefined && last > 0) return formatNumber(last, locale, ind.decimals);
  if (ind.valueType === "integer") return "12";
  return formatNumber(1234.5, locale, 1);
}

export function parseErrorText(t: Translate, e: ParseFailure, text: string, ind: IndicatorDef, locale: Locale, last?: number): string {
  const unit = unitLabel(ind.unit, locale);
  const example = exampleFor(ind, locale, last);
  const given = esc(clip(text.trim(), 40));
  switch (e.code) {
    case "below_min":
    case "above_max":
      return t("num-out-of-range", { min: formatNumber(ind.min ?? 0, locale, ind.decimals), max: ind.max === null ? "∞" : formatNumber(ind.max, locale, ind.decimals), unit });
    case "too_many_decimals":
      return t("num-too-many-decimals", { decimals: e.decimals, example, unit });
    case "wrong_unit":
      return t("num-wrong-unit", { given: esc(clip(e.given, 30)), unit });
    default:
      return t(`num-${e.code.replace(/_/g, "-")}`, { given, example, unit });
  }
}

function summaryLine(s: Session, ind: IndicatorDef, idx: number, values: Values, t: Translate): string {
  const L = s.locale;
  const v = values[ind.code];
  const lm = s.lastMonth[ind.code];
  const ly = s.lastYear[ind.code];
  const far = v !== undefined && plausibility(v, lm, ly).far ? " ⚠️" : "";
  const shown = v === undefined ? `<i>${t("report-missing-value")}</i>` : `<b>${formatNumber(v, L, ind.decimals)}</b> ${esc(unitLabel(ind.unit, L))}${far}`;
  const hints = [
    lm !== undefined ? t("report-hint-last-month", { value: formatNumber(lm, L, ind.decimals) }) : null,
    ly !== undefined ? t("report-hint-last-year", { value: formatNumber(ly, L, ind.decimals) }) : null,
  ].filter(Boolean);
  return `${idx + 1}. ${esc(indicatorName(ind, L))}: ${shown}${hints.length ? `\n    <i>${hints.join(" · ")}</i>` : ""}`;
}

/**
 * Names cut to `max` characters for buttons side by side, told apart: where two
 * begin alike ("Nộp ngân sách nhà nước của doanh nghiệp FDI" / "… DDI"), their ends are shown.
 */
function distinctLabels(names: string[], max: number): string[] {
  const heads = names.map((n) => clip(n, max));
  return names.map((n, i) => {
    if (heads.indexOf(heads[i]!) === heads.lastIndexOf(heads[i]!)) return heads[i]!;
    if ([...n].length <= max) return n;
    const words = n.split(/\s+/);
    let tail = words.pop()!;
    while (words.length > 0 && [...`${words.at(-1)} ${tail}`].length < max) tail = `${words.pop()} ${tail}`;
    return `…${clip(tail, max - 1)}`;
  });
}

/** A list cut at `max` items with a line saying how many more: what a reader can take in. */
function capLines(lines: string[], max: number, more: (n: number) => string): string[] {
  return lines.length <= max ? lines : [...lines.slice(0, max), more(lines.length - max)];
}

type Mode = "fill" | "one";

/**
 * Where a report dialogue stands, saved at every step (dialogue.ts): the draft
 * question, question i (`fill`: then the next one missing; `one`: then the
 * read-back; `had`: the draft held a value for it when it was asked), the check
 * of a value far from last month's, the read-back, the choice of the item to
 * change, the amendment's reason, or the conflict with a colleague's sending.
 */
export type ReportPos =
  | { at: "draft" }
  | { at: "ask"; i: number; mode: Mode; had: boolean }
  | { at: "far"; i: number; value: number; mode: Mode }
  | { at: "review" }
  | { at: "pick" }
  | { at: "reason" }
  | { at: "conflict"; theirs: Theirs; reason: string | null; base: Values }
  | { at: "which"; lines: AskedLine[] };

/** A pasted line that names several indicators equally well, asked back (the first of `which` is on screen). */
type AskedLine = { line: number; text: string; choices: PasteChoice[] };

/** Ambiguous lines of one paste asked back one by one; more are listed with the lines not understood. */
const MAX_ASKED_LINES = 10;

type Theirs = { version: number; values: Values; byName: string | null; at: string };

/** What the report dialogue saves: its position, and whether it amends a sent report. */
type ReportSaved = { step: ReportPos; amend: boolean };

/** What one answer does: go to a position (shown), stay (a refused answer), end, or apply the same answer at another position. */
type Outcome = { to: ReportPos } | "refused" | "end" | { redo: ReportPos; answer: Answer };

export function reportConversation(deps: Deps) {
  return async function report(conversation: Conversation<BotContext, ConvContext>, ctx: ConvContext, input: DialogueInput<ReportArgs>) {
    const args = input.args;
    const loaded = await boot(conversation, (octx) => loadSession(deps, octx, args));
    if (!loaded.ok) {
      await ctx.reply(deps.i18n.t(loaded.locale, loaded.key));
      return;
    }
    const s = loaded.session;
    const L = s.locale;
    const t = translator(deps.i18n, L);
    const run = new DialogueRun<ReportSaved>(conversation, ctx, { id: REPORT_CONVERSATION, prefix: "rq", version: REPORT_VERSION }, input, t, { other: "report-text-only", editOld: "report-edit-old" }, loaded);
    const saved = await run.begin();
    const html = { parse_mode: "HTML" as const };
    const n = s.indicators.length;
    const month = formatMonth(s.period, L);
    const draftKey = { personId: s.personId, boardId: args.boardId, periodId: args.periodId };
    run.needs((octx) => canSubmitFor(octx.actor, args.boardId), () => deleteDraft(deps.db, draftKey));
    const amend = saved ? saved.amend : s.report !== null;
    const started: Values = amend && s.report ? { ...s.report.values } : {};
    let base: Values = { ...started }; // what this person started from
    // The draft mirrors the values once the dialogue is past its draft question:
    // entered again, the dialogue takes them from there (read now: the session
    // may have been loaded when the dialogue began).
    const draftNow = run.resumed && saved?.step.at !== "draft" ? await conversation.external(() => getDraft(deps.db, s.personId, args.boardId, args.periodId).then((d) => (d ? { values: d.values, baseVersion: d.baseVersion } : null))) : null;
    let values: Values = draftNow ? { ...draftNow.values } : { ...started };
    let baseVersion = draftNow ? draftNow.baseVersion : (s.report?.version ?? 0);
    let echo = ""; // what was understood, put in front of the next message

    const missingAfter = (i: number) => s.indicators.findIndex((ind, j) => j > i && !Object.hasOwn(values, ind.code));
    const ask = (i: number, mode: Mode): ReportPos => ({ at: "ask", i, mode, had: Object.hasOwn(values, s.indicators[i]!.code) });
    /** After question i: the next one missing (fill) or the read-back. */
    const after = (i: number, mode: Mode): ReportPos => {
      const j = mode === "fill" ? missingAfter(i) : -1;
      return j >= 0 ? ask(j, "fill") : { at: "review" };
    };
    const start = (): ReportPos => {
      echo = amend
        ? t("report-amend-intro", { board: esc(s.boardName), month, reference: s.report!.reference })
        : t("report-intro", { board: esc(s.boardName), month, total: n, deadline: formatDateTime(new Date(s.period.deadlineAt), L, s.zone) });
      return amend ? { at: "review" } : after(-1, "fill");
    };

    // Where to begin: a new dialogue at its draft question or its first question;
    // one entered again where it was saved (without showing anything: its prompt
    // is on screen), or, with no position saved (an older build), where the draft says.
    let pos: ReportPos;
    let show = true;
    if (!run.resumed) {
      pos = s.draft && Object.keys(s.draft.values).length > 0 ? { at: "draft" } : start();
    } else if (saved) {
      pos = saved.step;
      show = false;
      // A hard stop after the draft took an answer and before the position was saved: the next question is the one on screen.
      if (pos.at === "ask" && !pos.had && pos.i < n && Object.hasOwn(values, s.indicators[pos.i]!.code) && !amend) pos = after(pos.i, pos.mode);
      if (pos.at === "ask" && pos.i >= n) pos = { at: "review" }; // an indicator retired meanwhile
    } else {
      pos = amend ? { at: "review" } : after(-1, "fill");
      show = false;
    }

    function kb(rows: [string, string][][]): InlineKeyboard {
      const k = new InlineKeyboard();
      rows.forEach((row, i) => {
        for (const [label, action] of row) k.text(label, run.data(action));
        if (i < rows.length - 1) k.row();
      });
      return k;
    }

    async function persist() {
      await conversation.external(() => saveDraft(deps.db, draftKey, values, baseVersion, deps.clock.now()));
    }

    const understood = (ind: IndicatorDef, v: number) => t("report-understood", { name: esc(indicatorName(ind, L)), value: formatAmount(v, ind.unit, L, ind.decimals) });

    /**
     * Tries a message as a paste: null when it is not one; else where to go next:
     * the read-back, or the question about its first line that names several
     * indicators equally well.
     */
    async function tryPaste(text: string): Promise<ReportPos | null> {
      const multi = text.includes("\n");
      if (!looksLikePaste(text)) return null;
      if (!multi) {
        const label = text.split(/[:=\t]/)[0] ?? "";
        if (matchIndicator(label, s.indicators).kind === "none") return null;
      }
      const r = parsePaste(text, s.indicators);
      const asked = r.problems.filter((p) => p.reason === "ambiguous").slice(0, MAX_ASKED_LINES);
      const filled = Object.keys(r.values).length;
      if (filled === 0 && asked.length === 0 && !multi) return null;
      values = { ...values, ...r.values };
      if (filled > 0) await persist();
      const listed = r.problems.filter((p) => !asked.includes(p));
      if (filled > 0 || listed.length > 0 || asked.length === 0) {
        const lines = [t("paste-filled", { count: filled })];
        if (listed.length) {
          lines.push(t("paste-problems"));
          const problems = listed.map((p) => {
            const ind = p.indicator ? s.indicators.find((i) => i.code === p.indicator) : undefined;
            const why =
              p.reason === "bad_value" && p.error && ind ? parseErrorText(t, p.error, p.text.split(/[:=\t]/).slice(1).join(":"), ind, L, s.lastMonth[ind.code])
              : p.reason === "vague" || p.reason === "ambiguous" ? t("paste-vague", { count: p.candidates ?? p.choices?.length ?? 0 })
              : t(`paste-${p.reason.replace(/_/g, "-")}`);
            return `• ${t("paste-line", { line: p.line })} “${esc(clip(p.text, 60))}”: ${why}`;
          });
          lines.push(...capLines(problems, 12, (more) => t("paste-more", { count: more })));
        }
        await run.say(lines.join("\n"), html);
      }
      if (asked.length === 0) return { at: "review" };
      return { at: "which", lines: asked.map((p) => ({ line: p.line, text: clip(p.text, 60), choices: p.choices! })) };
    }

    /**
     * After a hard stop between an accepted answer (saved in the draft) and the
     * save of the conversation's own state, the conversation is one question
     * behind what the person saw. The draft tells: if it holds an answer to the
     * question being asked, take the draft's values and treat the text as the
     * answer to the question that was actually on screen.
     */
    async function behindDraft(code: string): Promise<Values | null> {
      if (amend) return null;
      // Decided inside external(): the conversation's log keeps null, not the whole draft, at every answer.
      return conversation.external(async () => {
        const draft = (await getDraft(deps.db, s.personId, args.boardId, args.periodId))?.values ?? null;
        return draft && Object.hasOwn(draft, code) && !Object.hasOwn(values, code) ? draft : null;
      });
    }

    async function showPrompt(p: ReportPos) {
      const lead = echo;
      echo = "";
      const withLead = (body: string) => [lead, body].filter(Boolean).join("\n");
      switch (p.at) {
        case "draft": {
          const d = s.draft!;
          const answered = amend ? diffValues(s.report!.values, d.values, s.indicators).length : Object.keys(d.values).length;
          await run.say(withLead(t(amend ? "report-draft-found-amend" : "report-draft-found", { board: esc(s.boardName), month, answered, total: n })), {
            ...html, reply_markup: kb([[[t("btn-resume"), "resume"], [t("btn-restart"), "restart"]]]),
          });
          return;
        }
        case "ask": {
          const ind = s.indicators[p.i]!;
          const lm = s.lastMonth[ind.code];
          const ly = s.lastYear[ind.code];
          const hints = [
            lm !== undefined ? t("report-hint-last-month", { value: formatAmount(lm, ind.unit, L, ind.decimals) }) : null,
            ly !== undefined ? t("report-hint-last-year", { value: formatAmount(ly, ind.unit, L, ind.decimals) }) : null,
          ].filter(Boolean);
          const current = values[ind.code];
          const body = [
            lead,
            t("report-question", { index: p.i + 1, total: n, name: esc(indicatorName(ind, L)), unit: esc(unitLabel(ind.unit, L)) }),
            hints.length ? `<i>${hints.join(" · ")}</i>` : "",
            current !== undefined ? t("report-current", { value: formatAmount(current, ind.unit, L, ind.decimals) }) : "",
            t("report-answer-hint", { example: exampleFor(ind, L, lm) }),
          ].filter(Boolean).join("\n");
          const buttons: [string, string][] = [];
          if (p.mode === "one" || p.i > 0) buttons.push([t("btn-back"), "back"]);
          if (ind.kind === "stock" && lm !== undefined) buttons.push([t("btn-same", { value: formatNumber(lm, L, ind.decimals) }), "same"]);
          if (current !== undefined) buttons.push([t("btn-keep"), "keep"]);
          buttons.push([t("btn-cancel"), "cancel"]);
          await run.say(body, { ...html, reply_markup: kb([buttons]) });
          return;
        }
        case "far": {
          const ind = s.indicators[p.i]!;
          const far = plausibility(p.value, s.lastMonth[ind.code], s.lastYear[ind.code]);
          const compared = far.far ? far.base : (s.lastMonth[ind.code] ?? 0);
          await run.say(withLead(t("report-far", { value: formatAmount(p.value, ind.unit, L, ind.decimals), base: formatAmount(compared, ind.unit, L, ind.decimals) })), {
            ...html, reply_markup: kb([[[t("btn-yes-sure"), "yes"], [t("btn-retype"), "no"]]]),
          });
          return;
        }
        case "review": {
          const missing = missingIndicators(values, s.indicators);
          const lines = s.indicators.map((ind, i) => summaryLine(s, ind, i, values, t));
          const head = t(amend ? "review-head-amend" : "review-head", { board: esc(s.boardName), month });
          const anyFar = s.indicators.some((ind) => values[ind.code] !== undefined && plausibility(values[ind.code]!, s.lastMonth[ind.code], s.lastYear[ind.code]).far);
          const foot = [missing.length ? t("review-missing", { count: missing.length }) : t("review-check"), anyFar ? t("review-far-note") : ""].filter(Boolean).join("\n");
          await run.say([lead, head, "", ...lines, "", foot].join("\n").trim(), {
            ...html, reply_markup: kb([[[t(missing.length ? "btn-fill-missing" : "btn-send"), "send"]], [[t("btn-change"), "change"], [t("btn-cancel"), "cancel"]]]),
          });
          return;
        }
        case "pick": {
          // A button per indicator, two to a row; more than a keyboard holds continue in another message.
          const items = s.indicators.map((ind, i) => InlineKeyboard.text(`${i + 1}. ${clip(indicatorName(ind, L), 28)}`, run.data(`item:${i}`)));
          const picks = keyboardParts(rowsOf(items, 2), [[InlineKeyboard.text(t("btn-back"), run.data("back"))]]);
          for (const [i, pick] of picks.entries()) await run.say(i === 0 ? withLead(t("review-pick")) : t("buttons-continued"), { ...html, reply_markup: pick });
          return;
        }
        case "reason":
          await run.say(withLead(t("amend-reason")), { ...html, reply_markup: kb([[[t("btn-skip"), "skip"]]]) });
          return;
        case "which": {
          const asked = p.lines[0]!;
          const offered = asked.choices
            .map((c, k) => ({ k, ind: s.indicators.find((i) => i.code === c.code) }))
            .filter((o): o is { k: number; ind: IndicatorDef } => o.ind !== undefined); // not those retired since the paste
          const labels = distinctLabels(offered.map((o) => indicatorName(o.ind, L)), 28);
          const list: string[] = [];
          const choices: InlineKeyboardButton[] = [];
          offered.forEach(({ k, ind }, n) => {
            const now = values[ind.code];
            const current = now === undefined ? "" : ` <i>(${t("paste-which-current", { value: formatAmount(now, ind.unit, L, ind.decimals) })})</i>`;
            list.push(`${k + 1}. ${esc(indicatorName(ind, L))}${current}`);
            choices.push(InlineKeyboard.text(`${k + 1}. ${labels[n]}`, run.data(`which:${k}`)));
          });
          // More choices than a keyboard holds continue in another message.
          const keyboards = keyboardParts(rowsOf(choices, 2), [[InlineKeyboard.text(t("btn-skip"), run.data("skip"))]]);
          const text = withLead([t("paste-which", { line: asked.line, text: esc(asked.text) }), ...list, t("paste-which-hint")].join("\n"));
          for (const [i, choose] of keyboards.entries()) await run.say(i === 0 ? text : t("buttons-continued"), { ...html, reply_markup: choose });
          return;
        }
        case "conflict": {
          // Someone else of the board sent in the meantime: keep their changes, apply
          // this person's own, show what that changes in the stored report, and ask.
          const theirs = p.theirs;
          const merged = mergeChanges(p.base, values, theirs.values, s.indicators);
          const diffs = diffValues(theirs.values, merged, s.indicators).map((c) => {
            const ind = s.indicators.find((i) => i.code === c.code)!;
            const f = (v: number | null) => (v === null ? "—" : formatNumber(v, L, ind.decimals));
            return `• ${esc(indicatorName(ind, L))}: ${f(c.old)} → <b>${f(c.new)}</b>`;
          });
          await run.say(
            withLead([t("conflict-head", { name: esc(theirs.byName ?? "?"), at: formatDateTime(new Date(theirs.at), L, s.zone) }), ...(diffs.length ? diffs : [t("conflict-same")]), t(diffs.length ? "conflict-ask" : "conflict-nothing")].join("\n")),
            { ...html, reply_markup: kb(diffs.length ? [[[t("btn-send-anyway"), "force"], [t("btn-cancel"), "cancel"]]] : [[[t("btn-ok"), "cancel"]]]) },
          );
          return;
        }
      }
    }

    async function cancelled(): Promise<"end"> {
      await conversation.external(() => deleteDraft(deps.db, draftKey));
      await run.say(t(amend ? "report-cancelled-amend" : "report-cancelled"));
      return "end";
    }

    /** Sends the report; a conflict with a colleague's sending goes to the conflict question. */
    async function send(reason: string | null): Promise<Outcome> {
      const outcome = await conversation.external((octx) => submit(deps, octx, args, values, baseVersion, reason, s));
      if (!outcome.ok) {
        if (outcome.reason === "conflict") return { to: { at: "conflict", theirs: outcome.current, reason, base } };
        await conversation.external(() => deleteDraft(deps.db, draftKey));
        if (outcome.reason === "no_changes") await run.say(t("report-no-changes"));
        else await run.say(t(outcome.reason === "locked" ? "report-period-locked" : "report-not-focal"));
        return "end";
      }
      const when = formatDateTime(new Date(outcome.at), L, s.zone);
      if (outcome.kind === "created") {
        const receipt = t("receipt", { board: esc(s.boardName), month, at: when, reference: outcome.reference });
        await run.say(outcome.late ? `${receipt}\n${t("receipt-late")}` : receipt, html);
      } else {
        await run.say(t("receipt-amended", { board: esc(s.boardName), month, at: when, reference: outcome.reference, revision: outcome.version, count: outcome.changes.length }), html);
        const amended = { reference: outcome.reference, version: outcome.version, changes: outcome.changes };
        await conversation.external((octx) => notifyGroup(deps, octx.api, args, s, amended));
      }
      return "end";
    }

    /**
     * The answer to "which indicator did line N mean?": a button (`which:k`), the
     * number typed, "skip", or another paste. The value was read for each choice
     * when the paste was (parsePaste); the chosen one is applied, or its error said.
     */
    async function answerWhich(p: ReportPos & { at: "which" }, pressed: string | null, action: string | null, text: string | null, mid: number): Promise<Outcome> {
      const asked = p.lines[0]!;
      const rest = p.lines.slice(1);
      const onward: Outcome = { to: rest.length > 0 ? { at: "which", lines: rest } : { at: "review" } };
      if (action === "skip") {
        echo = t("paste-which-skipped", { line: asked.line });
        return onward;
      }
      const typed = text === null ? null : /^\s*(\d{1,2})\s*[.)]?\s*$/.exec(text);
      if (text !== null && !typed) {
        const pasted = await tryPaste(text);
        if (pasted) {
          run.last = { mid, q: run.q, ok: true, ref: "paste" };
          return { to: pasted };
        }
        await run.say(t("report-press-button"));
        return "refused";
      }
      const k = typed ? Number(typed[1]) - 1 : pressed !== null ? Number(pressed) : -1;
      const choice = asked.choices[k];
      const ind = choice ? s.indicators.find((i) => i.code === choice.code) : undefined;
      if (!choice || !ind) {
        if (text !== null) await run.say(t("report-press-button"));
        return "refused";
      }
      if (typed) run.last = { mid, q: run.q, ok: true, ref: null };
      if ("error" in choice) {
        echo = `${t("paste-line", { line: asked.line })}: ${parseErrorText(t, choice.error, asked.text.split(/[:=\t]/).slice(1).join(":"), ind, L, s.lastMonth[ind.code])}`;
        return onward;
      }
      const old = values[ind.code];
      values[ind.code] = choice.value;
      await persist();
      echo = old === undefined || old === choice.value
        ? understood(ind, choice.value)
        : t("paste-which-replaced", { name: esc(indicatorName(ind, L)), old: formatAmount(old, ind.unit, L, ind.decimals), new: formatAmount(choice.value, ind.unit, L, ind.decimals) });
      return onward;
    }

    /** The answer `a` to the prompt of position `p`. */
    async function apply(p: ReportPos, a: Answer & { kind: "text" | "button" }): Promise<Outcome> {
      const button = a.kind === "button" ? /^([a-z]{1,10})(?::(\d{1,4}))?$/.exec(a.action) : null;
      const action = button?.[1] ?? null;
      const text = a.kind === "text" ? a.text : null;
      const mid = a.kind === "text" ? a.mid : 0;
      const pressButton = async (): Promise<Outcome> => {
        await run.say(t("report-press-button"));
        return "refused";
      };
      switch (p.at) {
        case "draft":
          if (action === "resume" || action === "restart") {
            if (action === "resume") {
              values = { ...s.draft!.values };
              baseVersion = s.draft!.baseVersion;
            }
            await persist(); // reopens the draft: it is being worked on again
            return { to: start() };
          }
          return text !== null ? pressButton() : "refused";
        case "ask": {
          const ind = s.indicators[p.i]!;
          const lm = s.lastMonth[ind.code];
          const ly = s.lastYear[ind.code];
          if (action === "cancel") return cancelled();
          if (action === "back") return p.mode === "one" ? { to: { at: "review" } } : p.i > 0 ? { to: ask(p.i - 1, "fill") } : "refused";
          if (action === "keep" && values[ind.code] !== undefined) return { to: after(p.i, p.mode) };
          if (action === "same" && lm !== undefined && ind.kind === "stock") {
            values[ind.code] = lm;
            await persist();
            echo = understood(ind, lm);
            return { to: after(p.i, p.mode) };
          }
          if (text === null) return "refused";
          if (!text.includes("\n")) {
            const draft = await behindDraft(ind.code);
            if (draft) {
              // Caught up with the draft: the text answers the question after this one.
              values = { ...draft };
              return { redo: after(p.i, "fill"), answer: a };
            }
          }
          const pasted = await tryPaste(text);
          if (pasted) {
            run.last = { mid, q: run.q, ok: true, ref: "paste" };
            return { to: pasted };
          }
          const r = parseAmount(text, specOf(ind));
          run.last = { mid, q: run.q, ok: r.ok, ref: p.i };
          if (!r.ok) {
            await run.say(parseErrorText(t, r.error, text, ind, L, lm), html);
            return "refused";
          }
          if (plausibility(r.value, lm, ly).far) {
            run.last.ok = false; // the value waits for the check
            return { to: { at: "far", i: p.i, value: r.value, mode: p.mode } };
          }
          values[ind.code] = r.value;
          await persist();
          echo = understood(ind, r.value);
          return { to: after(p.i, p.mode) };
        }
        case "far": {
          const ind = s.indicators[p.i]!;
          if (action === "no") return { to: ask(p.i, p.mode) }; // ask the same question again
          if (action === "yes") {
            values[ind.code] = p.value;
            await persist();
            echo = understood(ind, p.value);
            return { to: after(p.i, p.mode) };
          }
          return text !== null ? pressButton() : "refused";
        }
        case "review":
          if (text !== null) {
            const pasted = await tryPaste(text);
            if (pasted) {
              run.last = { mid, q: run.q, ok: true, ref: "paste" };
              return { to: pasted };
            }
            return pressButton();
          }
          if (action === "cancel") return cancelled();
          if (action === "change") return { to: { at: "pick" } };
          if (action !== "send") return "refused";
          if (missingIndicators(values, s.indicators).length) return { to: after(-1, "fill") };
          if (amend && diffValues(base, values, s.indicators).length === 0 && baseVersion === s.report!.version) {
            await conversation.external(() => deleteDraft(deps.db, draftKey));
            await run.say(t("report-no-changes"));
            return "end";
          }
          return amend ? { to: { at: "reason" } } : send(null);
        case "pick": {
          const k = button?.[2] === undefined ? -1 : Number(button[2]);
          if (action === "item" && k >= 0 && k < n) return { to: ask(k, "one") };
          if (action === "back") return { to: { at: "review" } };
          if (text !== null) {
            const pasted = await tryPaste(text);
            if (pasted) {
              run.last = { mid, q: run.q, ok: true, ref: "paste" };
              return { to: pasted };
            }
            return pressButton();
          }
          return "refused";
        }
        case "which":
          return answerWhich(p, action === "which" ? (button?.[2] ?? null) : null, action, text, mid);
        case "reason":
          if (text !== null) return send(clip(text.trim(), 500));
          if (action === "skip") return send(null);
          return "refused";
        case "conflict": {
          const theirs = p.theirs;
          const merged = mergeChanges(p.base, values, theirs.values, s.indicators);
          const same = diffValues(theirs.values, merged, s.indicators).length === 0;
          if (action === "cancel" || (action === "force" && same)) {
            await conversation.external(() => deleteDraft(deps.db, draftKey));
            await run.say(t(same ? "report-no-changes" : amend || baseVersion > 0 ? "report-cancelled-amend" : "report-kept-theirs"));
            return "end";
          }
          if (action === "force") {
            values = merged;
            base = theirs.values;
            baseVersion = theirs.version;
            return send(p.reason);
          }
          return text !== null ? pressButton() : "refused";
        }
      }
    }

    /**
     * An edit of the latest typed answer. Refused where it was given (still on
     * screen): it is that answer, typed again. Accepted as a value: checked again
     * as a typed answer to its question, and the value replaced (or kept, with the
     * reason). A paste: read again. Returns what to do next, or null to stay.
     */
    async function applyEdit(p: ReportPos, a: Answer & { kind: "edit" }): Promise<Outcome | "again" | null> {
      const last = run.last!;
      if (!last.ok && last.q === run.q) return apply(p, { kind: "text", text: a.text, mid: a.mid });
      if (last.ok && last.ref === "paste") {
        const pasted = await tryPaste(a.text);
        return pasted?.at === "which" ? { to: pasted } : "again";
      }
      if (last.ok && typeof last.ref === "number" && last.ref < n) {
        const ind = s.indicators[last.ref]!;
        const lm = s.lastMonth[ind.code];
        const r = parseAmount(a.text, specOf(ind));
        const old = values[ind.code];
        if (!r.ok) {
          const kept = old === undefined ? "" : `\n${t("report-edit-kept", { value: formatAmount(old, ind.unit, L, ind.decimals) })}`;
          await run.say(parseErrorText(t, r.error, a.text, ind, L, lm) + kept, html);
          return "refused";
        }
        values[ind.code] = r.value;
        await persist();
        const far = plausibility(r.value, lm, s.lastYear[ind.code]).far;
        echo = t("report-edit-applied", {
          name: esc(indicatorName(ind, L)),
          old: old === undefined ? "—" : formatAmount(old, ind.unit, L, ind.decimals),
          new: formatAmount(r.value, ind.unit, L, ind.decimals),
        }) + (far ? " ⚠️" : "");
        return "again";
      }
      await run.say(t("report-edit-old"), html);
      return "refused";
    }

    // --- the dialogue -------------------------------------------------------
    let pending: Answer | null = null;
    for (;;) {
      if (show) {
        run.q++;
        await showPrompt(pos);
      }
      show = false;
      if ((await run.save({ step: pos, amend })) === "reenter") return;
      const a = pending ?? (await run.next());
      pending = null;
      let outcome: Outcome | "again" | null;
      if (a.kind === "bound") {
        await run.say(t("report-paused", { count: run.refused }), html);
        return;
      }
      if (a.kind === "refused") continue;
      if (a.kind === "again") outcome = "again";
      else if (a.kind === "edit") outcome = await applyEdit(pos, a);
      else outcome = await apply(pos, a);
      if (outcome === "end") return;
      if (outcome === "again") {
        show = true;
      } else if (outcome === "refused" || outcome === null) {
        if (run.refuse()) {
          await run.say(t("report-paused", { count: run.refused }), html);
          return;
        }
      } else if ("redo" in outcome) {
        pos = outcome.redo;
        pending = outcome.answer;
      } else {
        run.accepted();
        pos = outcome.to;
        show = true;
      }
    }
  };
}

/** Raise with every change of the report dialogue's code: dialogues open under another version continue from their saved position (dialogue.ts). */
export const REPORT_VERSION = 4;

/** The report dialogue, as dialogue.ts runs it. */
export function reportDialogue(deps: Deps): DialogueSpec<ReportArgs> {
  async function names(ctx: BotContext, args: ReportArgs) {
    const [board, period] = await Promise.all([getBoard(deps.db, args.boardId), getPeriod(deps.db, args.periodId)]);
    return { board: esc(board?.shortName ?? "?"), month: period ? formatMonth(period, ctx.locale) : "?" };
  }
  return {
    id: REPORT_CONVERSATION,
    version: REPORT_VERSION,
    prefix: "rq",
    builder: reportConversation(deps),
    describe: async (ctx, args) => ctx.t("dialogue-report", await names(ctx, args)),
    putAside: async (ctx, args) => ctx.t("dialogue-report-aside", await names(ctx, args)),
    async cancel(ctx, args) {
      if (!ctx.person) return;
      if (Number.isInteger(args.boardId) && Number.isInteger(args.periodId)) {
        await deleteDraft(deps.db, { personId: ctx.person.id, boardId: args.boardId, periodId: args.periodId });
        return;
      }
      // Arguments not understood: the draft being filled is the person's latest open one.
      const draft = await latestOpenDraft(deps.db, ctx.person.id);
      if (draft) await deps.db.reportDraft.delete({ where: { id: draft.id } });
    },
  };
}
