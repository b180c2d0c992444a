// What the report dialogue says and asks, made from the draft's state
// (rules/draft.ts) and a Translate: texts in the outbound port's HTML subset and
// choices (label, action), messenger-neutral. The dialogue's ask helper
// (chat/conversations/ask.ts) makes buttons of the choices.
import type { Locale, Translate } from "../../shared/i18n/locale.js";
import type { Choice } from "../../shared/messaging/outbound.js";
import { esc, clip } from "../../shared/text/html.js";
import { choiceLabel, labelsAreCut, type Messenger } from "../../shared/messaging/messengers.js";
import { formatDateTime } from "../../shared/i18n/format.js";
import { formatAmount, formatNumber, type ParseFailure } from "../../shared/bloc/numbers.js";
import { unitLabel } from "../../shared/bloc/units.js";
import { type IndicatorDef, type Values, diffValues, indicatorName, missingIndicators, plausibility } from "./rules/reports.js";
import { mergedOver, type DraftFacts, type DraftState, type Note, type ReportPos } from "./rules/draft.js";

/** A question: its text (HTML), rows of choices, and `tail` rows kept at the end of its last message (back, skip). */
export type Prompt = { text: string; choices: Choice[][]; tail?: Choice[][] };

/** A line said: its text, and whether it is HTML (texts with the person's input are). */
export type Said = { text: string; html: boolean };

/** What the views need besides the draft: the person's language and the report's names. */
export type ReportLook = {
  t: Translate;
  locale: Locale;
  /** The bloc's time zone (IANA). */
  zone: string;
  boardName: string;
  /** The period's month as shown ("10/2026"). */
  month: string;
  /** The period's deadline, ISO 8601. */
  deadlineAt: string;
  /** The sent report's reference, when there is one. */
  reference: string | null;
  /** The messenger the person reads on: choices' labels are cut to a button's width on Telegram, whole on Zalo (shared/messaging/messengers.ts, choiceLabel). */
  messenger: Messenger;
};

/** An example of an answer: last month's value, else a number of the indicator's kind. */
export function exampleFor(ind: IndicatorDef, locale: Locale, last?: number): string {
  if (last !== undefined && last > 0) return formatNumber(last, locale, ind.decimals);
  if (ind.valueType === "integer") return "12";
  return formatNumber(1234.5, locale, 1);
}

/** Why a typed value was refused, with an example and the unit. */
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

/** A list cut at `max` items with a line saying how many more: what a reader can take in. */
function capLines(lines: string[], max: number, more: (n: number) => string): string[] {
  return lines.length <= max ? lines : [...lines.slice(0, max), more(lines.length - max)];
}

/**
 * Names cut to `max` characters for choices side by side, told apart: where two
 * begin alike ("Nộp ngân sách nhà nước của doanh nghiệp FDI" / "… DDI"), their ends
 * are shown; whole on a messenger that writes choices as lines (Zalo).
 */
function distinctLabels(names: string[], max: number, m: Messenger): string[] {
  if (!labelsAreCut(m)) return names;
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

const byCode = (f: DraftFacts, code: string) => f.indicators.find((i) => i.code === code)!;

/** A note in words (rules/draft.ts, Note). */
export function noteText(v: ReportLook, f: DraftFacts, note: Note): Said {
  const { t, locale: L } = v;
  const amount = (ind: IndicatorDef, x: number) => formatAmount(x, ind.unit, L, ind.decimals);
  const plain = (key: string): Said => ({ text: t(key), html: false });
  switch (note.kind) {
    case "intro":
      return { text: t("report-intro", { board: esc(v.boardName), month: v.month, total: f.indicators.length, deadline: formatDateTime(new Date(v.deadlineAt), L, v.zone) }), html: true };
    case "amend-intro":
      return { text: t("report-amend-intro", { board: esc(v.boardName), month: v.month, reference: v.reference ?? "" }), html: true };
    case "understood": {
      const ind = byCode(f, note.code);
      return { text: t("report-understood", { name: esc(indicatorName(ind, L)), value: amount(ind, note.value) }), html: true };
    }
    case "replaced": {
      const ind = byCode(f, note.code);
      return { text: t("paste-which-replaced", { name: esc(indicatorName(ind, L)), old: amount(ind, note.old), new: amount(ind, note.value) }), html: true };
    }
    case "edited": {
      const ind = byCode(f, note.code);
      const line = t("report-edit-applied", { name: esc(indicatorName(ind, L)), old: note.old === null ? "—" : amount(ind, note.old), new: amount(ind, note.value) });
      return { text: line + (note.far ? " ⚠️" : ""), html: true };
    }
    case "which-skipped":
      return { text: t("paste-which-skipped", { line: note.line }), html: true };
    case "which-error": {
      const ind = byCode(f, note.code);
      return { text: `${t("paste-line", { line: note.line })}: ${parseErrorText(t, note.error, note.text, ind, L, f.lastMonth[ind.code])}`, html: true };
    }
    case "pasted": {
      const lines = [t("paste-filled", { count: note.filled })];
      if (note.problems.length) {
        lines.push(t("paste-problems"));
        const problems = note.problems.map((p) => {
          const ind = p.indicator ? f.indicators.find((i) => i.code === p.indicator) : undefined;
          const why =
            p.reason === "bad_value" && p.error && ind ? parseErrorText(t, p.error, p.text.split(/[:=\t]/).slice(1).join(":"), ind, L, f.lastMonth[ind.code])
            : p.reason === "vague" || p.reason === "ambiguous" ? t("paste-vague", { count: p.candidates ?? p.choices?.length ?? 0 })
            : t(`paste-${p.reason.replace(/_/g, "-")}`);
          return `• ${t("paste-line", { line: p.line })} “${esc(clip(p.text, 60))}”: ${why}`;
        });
        lines.push(...capLines(problems, 12, (more) => t("paste-more", { count: more })));
      }
      return { text: lines.join("\n"), html: true };
    }
    case "parse-error": {
      const ind = byCode(f, note.code);
      const kept = note.kept === null ? "" : `\n${t("report-edit-kept", { value: amount(ind, note.kept) })}`;
      return { text: parseErrorText(t, note.error, note.text, ind, L, f.lastMonth[ind.code]) + kept, html: true };
    }
    case "press-button":
      return plain("report-press-button");
    case "edit-old":
      return { text: t("report-edit-old"), html: true };
    case "cancelled":
      return plain("report-cancelled");
    case "cancelled-amend":
      return plain("report-cancelled-amend");
    case "kept-theirs":
      return plain("report-kept-theirs");
    case "no-changes":
      return plain("report-no-changes");
    case "locked":
      return plain("report-period-locked");
    case "not-focal":
      return plain("report-not-focal");
    case "received": {
      const o = note.outcome;
      const when = formatDateTime(new Date(o.at), L, v.zone);
      if (o.kind === "created") {
        const receipt = t("receipt", { board: esc(v.boardName), month: v.month, at: when, reference: o.reference });
        return { text: o.late ? `${receipt}\n${t("receipt-late")}` : receipt, html: true };
      }
      return { text: t("receipt-amended", { board: esc(v.boardName), month: v.month, at: when, reference: o.reference, revision: o.version, count: o.changes.length }), html: true };
    }
  }
}

/**
 * The items of the read-back, one line each (a second, indented, for the hints):
 * its number, name, value (⚠️ when far from last month's) and hints; and whether
 * any value is far. What does not change from item to item (a unit's label, the
 * missing value's words) is made once: the read-back of 60 items is rendered in
 * the answer that ends the report.
 */
function summaryLines(v: ReportLook, f: DraftFacts, values: Values): { lines: string[]; anyFar: boolean } {
  const { t, locale: L } = v;
  const units = new Map<string, string>();
  const unitOf = (ind: IndicatorDef) => {
    let u = units.get(ind.unit);
    if (u === undefined) units.set(ind.unit, (u = esc(unitLabel(ind.unit, L))));
    return u;
  };
  let missing: string | null = null;
  let anyFar = false;
  const lines = f.indicators.map((ind, idx) => {
    const x = values[ind.code];
    const lm = f.lastMonth[ind.code];
    const ly = f.lastYear[ind.code];
    let shown: string;
    if (x === undefined) shown = (missing ??= `<i>${t("report-missing-value")}</i>`);
    else {
      const far = plausibility(x, lm, ly).far;
      anyFar ||= far;
      shown = `<b>${formatNumber(x, L, ind.decimals)}</b> ${unitOf(ind)}${far ? " ⚠️" : ""}`;
    }
    const line = `${idx + 1}. ${esc(indicatorName(ind, L))}: ${shown}`;
    if (lm === undefined && ly === undefined) return line;
    const month = lm !== undefined ? t("report-hint-last-month", { value: formatNumber(lm, L, ind.decimals) }) : "";
    const year = ly !== undefined ? t("report-hint-last-year", { value: formatNumber(ly, L, ind.decimals) }) : "";
    return `${line}\n    <i>${month && year ? `${month} · ${year}` : month || year}</i>`;
  });
  return { lines, anyFar };
}

const choice = (label: string, action: string): Choice => ({ label, action });

/** Choices two to a row. */
function pairs(choices: Choice[]): Choice[][] {
  const rows: Choice[][] = [];
  for (let i = 0; i < choices.length; i += 2) rows.push(choices.slice(i, i + 2));
  return rows;
}

/** The question of position `state.pos`, `lead` (what was understood) in front. */
export function promptOf(v: ReportLook, f: DraftFacts, state: DraftState, lead: Note | null): Prompt {
  const { t, locale: L } = v;
  const n = f.indicators.length;
  const values = state.values;
  const before = lead ? noteText(v, f, lead).text : "";
  const withLead = (body: string) => [before, body].filter(Boolean).join("\n");
  const p: ReportPos = state.pos;
  switch (p.at) {
    case "draft": {
      const d = f.draft ?? { values: {}, baseVersion: 0 };
      const answered = state.amend && f.report ? diffValues(f.report.values, d.values, f.indicators).length : Object.keys(d.values).length;
      return {
        text: withLead(t(state.amend ? "report-draft-found-amend" : "report-draft-found", { board: esc(v.boardName), month: v.month, answered, total: n })),
        choices: [[choice(t("btn-resume"), "resume"), choice(t("btn-restart"), "restart")]],
      };
    }
    case "ask": {
      const ind = f.indicators[p.i]!;
      const lm = f.lastMonth[ind.code];
      const ly = f.lastYear[ind.code];
      const hints = [
        lm !== undefined ? t("report-hint-last-month", { value: formatAmount(lm, ind.unit, L, ind.decimals) }) : null,
        ly !== undefined ? t("report-hint-last-year", { value: formatAmount(ly, ind.unit, L, ind.decimals) }) : null,
      ].filter(Boolean);
      const current = values[ind.code];
      const text = [
        before,
        t("report-question", { index: p.i + 1, total: n, name: esc(indicatorName(ind, L)), unit: esc(unitLabel(ind.unit, L)) }),
        hints.length ? `<i>${hints.join(" · ")}</i>` : "",
        current !== undefined ? t("report-current", { value: formatAmount(current, ind.unit, L, ind.decimals) }) : "",
        t("report-answer-hint", { example: exampleFor(ind, L, lm) }),
      ].filter(Boolean).join("\n");
      const row: Choice[] = [];
      if (p.mode === "one" || p.i > 0) row.push(choice(t("btn-back"), "back"));
      if (ind.kind === "stock" && lm !== undefined) row.push(choice(t("btn-same", { value: formatNumber(lm, L, ind.decimals) }), "same"));
      if (current !== undefined) row.push(choice(t("btn-keep"), "keep"));
      row.push(choice(t("btn-cancel"), "cancel"));
      return { text, choices: [row] };
    }
    case "far": {
      const ind = f.indicators[p.i]!;
      const far = plausibility(p.value, f.lastMonth[ind.code], f.lastYear[ind.code]);
      const compared = far.far ? far.base : (f.lastMonth[ind.code] ?? 0);
      return {
        text: withLead(t("report-far", { value: formatAmount(p.value, ind.unit, L, ind.decimals), base: formatAmount(compared, ind.unit, L, ind.decimals) })),
        choices: [[choice(t("btn-yes-sure"), "yes"), choice(t("btn-retype"), "no")]],
      };
    }
    case "review": {
      const missing = missingIndicators(values, f.indicators);
      const { lines, anyFar } = summaryLines(v, f, values);
      const head = t(state.amend ? "review-head-amend" : "review-head", { board: esc(v.boardName), month: v.month });
      const foot = [missing.length ? t("review-missing", { count: missing.length }) : t("review-check"), t("review-change-hint"), anyFar ? t("review-far-note") : ""].filter(Boolean).join("\n");
      return {
        text: [before, head, "", ...lines, "", foot].join("\n").trim(),
        choices: [[choice(t(missing.length ? "btn-fill-missing" : "btn-send"), "send")], [choice(t("btn-change"), "change"), choice(t("btn-cancel"), "cancel")]],
      };
    }
    case "pick":
      // A choice per indicator, two to a row; the whole name where choices are lines (Zalo).
      return {
        text: withLead(t("review-pick")),
        choices: pairs(f.indicators.map((ind, i) => choice(`${i + 1}. ${choiceLabel(v.messenger, indicatorName(ind, L), 28)}`, `item:${i}`))),
        tail: [[choice(t("btn-back"), "back")]],
      };
    case "reason":
      return { text: withLead(t("amend-reason")), choices: [[choice(t("btn-skip"), "skip")]] };
    case "which": {
      const asked = p.lines[0]!;
      const offered = asked.choices
        .map((c, k) => ({ k, ind: f.indicators.find((i) => i.code === c.code) }))
        .filter((o): o is { k: number; ind: IndicatorDef } => o.ind !== undefined); // not those retired since the paste
      const labels = distinctLabels(offered.map((o) => indicatorName(o.ind, L)), 28, v.messenger);
      // One list. Where choices are buttons cut to their width (Telegram), the text
      // lists each indicator whole with what it holds and the buttons carry its
      // number; where choices are lines of text (Zalo), those lines are the list,
      // whole, each with what it holds, and the text lists nothing again.
      const listed = labelsAreCut(v.messenger);
      const list: string[] = [];
      const choices: Choice[] = [];
      offered.forEach(({ k, ind }, j) => {
        const now = values[ind.code];
        const current = now === undefined ? null : t("paste-which-current", { value: formatAmount(now, ind.unit, L, ind.decimals) });
        if (listed) list.push(`${k + 1}. ${esc(indicatorName(ind, L))}${current === null ? "" : ` <i>(${current})</i>`}`);
        choices.push(choice(`${k + 1}. ${labels[j]}${!listed && current !== null ? ` (${current})` : ""}`, `which:${k}`));
      });
      return {
        text: withLead([t("paste-which", { line: asked.line, text: esc(asked.text) }), ...list, t("paste-which-hint")].join("\n")),
        choices: pairs(choices),
        tail: [[choice(t("btn-skip"), "skip")]],
      };
    }
    case "conflict": {
      // Someone else of the board sent in the meantime: keep their changes, apply
      // this person's own, show what that changes in the stored report, and ask.
      const theirs = p.theirs;
      const diffs = diffValues(theirs.values, mergedOver(f, state, p), f.indicators).map((c) => {
        const ind = byCode(f, c.code);
        const fmt = (x: number | null) => (x === null ? "—" : formatNumber(x, L, ind.decimals));
        return `• ${esc(indicatorName(ind, L))}: ${fmt(c.old)} → <b>${fmt(c.new)}</b>`;
      });
      return {
        text: withLead([t("conflict-head", { name: esc(theirs.byName ?? "?"), at: formatDateTime(new Date(theirs.at), L, v.zone) }), ...(diffs.length ? diffs : [t("conflict-same")]), t(diffs.length ? "conflict-ask" : "conflict-nothing")].join("\n")),
        choices: diffs.length ? [[choice(t("btn-send-anyway"), "force"), choice(t("btn-cancel"), "cancel")]] : [[choice(t("btn-ok"), "cancel")]],
      };
    }
  }
}

/**
 * What the group hears when an amendment lands after the period's summary was
 * posted: every change, old → new, in the bloc's default language. A long list is
 * split by the messenger's adapter.
 */
export function amendedNotice(t: Translate, locale: Locale, indicators: IndicatorDef[], board: string, month: string, changes: { code: string; old: number | null; new: number | null }[]): string {
  const lines = changes.map((c) => {
    const ind = indicators.find((i) => i.code === c.code)!;
    const f = (x: number | null) => (x === null ? "—" : formatAmount(x, ind.unit, locale, ind.decimals));
    return `• ${esc(indicatorName(ind, locale))}: ${f(c.old)} → ${f(c.new)}`;
  });
  return [t("group-amended", { board: esc(board), month }), ...lines].join("\n");
}
