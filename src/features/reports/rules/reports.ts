// Monthly reports: the indicator catalogue as the report sees it, paste mode,
// plausibility against a board's history, and the differences between versions.
import { parseAmount, type NumberSpec, type ParseFailure } from "../../../shared/bloc/numbers.js";
import type { UnitCode } from "../../../shared/bloc/units.js";
import { matchIndicator } from "./indicator-match.js";
import type { IndicatorDef } from "../../../shared/bloc/store.js";

export type { IndicatorDef };

/** Values by indicator code. */
export type Values = Record<string, number>;

export function specOf(ind: IndicatorDef): NumberSpec {
  return { unit: ind.unit, valueType: ind.valueType, decimals: ind.decimals, min: ind.min, max: ind.max };
}

export function indicatorName(ind: IndicatorDef, locale: "vi" | "en"): string {
  return locale === "vi" ? ind.nameVi : ind.nameEn;
}

/** A short name fits a phone's line with its value: longer aliases are not used as one. */
export const SHORT_NAME_MAX = 24;

/**
 * An indicator's short name, for views that must fit a phone (the summary's
 * first screen): in Vietnamese the bloc file's first alias ("vốn FDI" for "Vốn
 * đầu tư FDI đăng ký cấp mới và tăng thêm") when it is at most SHORT_NAME_MAX
 * characters, with a capital first letter; otherwise, and in English, the name.
 */
export function shortIndicatorName(ind: IndicatorDef, locale: "vi" | "en"): string {
  const alias = locale === "vi" ? ind.aliases.find((a) => [...a].length <= SHORT_NAME_MAX) : undefined;
  if (!alias) return indicatorName(ind, locale);
  return alias.charAt(0).toLocaleUpperCase("vi") + alias.slice(1);
}

/** What an ambiguous line's value is for one of the indicators it may name. */
export type PasteChoice = { code: string; value: number } | { code: string; error: ParseFailure };

export type PasteProblem = {
  /** 1-based line number, and the line trimmed. */
  line: number;
  text: string;
  /**
   * ambiguous: the line names several indicators equally well (`choices`): ask which one;
   * vague: it names more than MAX_CHOICES (`candidates` of them): its name must be written more fully.
   */
  reason: "no_separator" | "unknown_indicator" | "duplicate" | "bad_value" | "too_many_lines" | "ambiguous" | "vague";
  error?: ParseFailure;
  indicator?: string;
  choices?: PasteChoice[];
  candidates?: number;
};

/** A line that may name more indicators than this is not asked about (buttons for each would not help). */
export const MAX_CHOICES = 8;

/** Paste mode reads this many lines; more are reported, not silently dropped. */
export const MAX_PASTE_LINES = 200;
export type PasteResult = { values: Values; problems: PasteProblem[] };

/** A message looks like a paste when it has a line of the form "label: value". */
export function looksLikePaste(text: string): boolean {
  return text.split(/\r?\n/).some((l) => /^[^:=\t]*\p{L}[^:=\t]*[:=\t]\s*\S/u.test(l));
}

/**
 * Paste mode: one "indicator: value" line per indicator (":", "=" or a tab between),
 * the indicator named as people write it (indicator-match.ts: code, name in either
 * language, alias, abbreviations, any order). Each value is parsed like a typed
 * answer. A line that names several indicators equally well is not guessed: it is
 * a problem "ambiguous" with its choices, to be asked back; a unit typed with its
 * value ("FDI: 12 dự án") rules out the indicators counted in another unit, and
 * when that leaves one, the line names it. Values of ambiguous lines are not in
 * `values`; every non-empty line is either in `values` or in `problems`, once.
 */
export function parsePaste(text: string, indicators: IndicatorDef[]): PasteResult {
  const values: Values = {};
  const problems: PasteProblem[] = [];
  const all = text.split(/\r?\n/);
  const lines = all.slice(0, MAX_PASTE_LINES);
  const rest = all.slice(MAX_PASTE_LINES).findIndex((l) => l.trim() !== "");
  if (rest >= 0) problems.push({ line: MAX_PASTE_LINES + rest + 1, text: all[MAX_PASTE_LINES + rest]!.trim(), reason: "too_many_lines" });
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const m = /^(.*?)\s*[:=\t]\s*(.+)$/.exec(line);
    if (!m) return problems.push({ line: i + 1, text: line, reason: "no_separator" });
    const match = matchIndicator(m[1]!, indicators);
    if (match.kind === "none") return problems.push({ line: i + 1, text: line, reason: "unknown_indicator" });
    let ind: IndicatorDef;
    if (match.kind === "several") {
      const tried = match.candidates.map((c) => ({ ind: c, r: parseAmount(m[2]!, specOf(c)) }));
      const fitting = tried.filter((t) => t.r.ok || t.r.error.code !== "wrong_unit");
      const left = fitting.length > 0 ? fitting : tried;
      if (left.length > MAX_CHOICES) return problems.push({ line: i + 1, text: line, reason: "vague", candidates: left.length });
      if (left.length > 1) {
        const choices = left.map((t): PasteChoice => (t.r.ok ? { code: t.ind.code, value: t.r.value } : { code: t.ind.code, error: t.r.error }));
        return problems.push({ line: i + 1, text: line, reason: "ambiguous", choices });
      }
      ind = left[0]!.ind;
    } else {
      ind = match.indicator;
    }
    if (Object.hasOwn(values, ind.code)) return problems.push({ line: i + 1, text: line, reason: "duplicate", indicator: ind.code });
    const r = parseAmount(m[2]!, specOf(ind));
    if (!r.ok) return problems.push({ line: i + 1, text: line, reason: "bad_value", error: r.error, indicator: ind.code });
    values[ind.code] = r.value;
  });
  return { values, problems };
}

/** How far a value is from last month's before the bot asks "are you sure?". */
export const FAR_FACTOR = 10;

export type Plausibility = { far: false } | { far: true; base: number; ratio: number };

/** Compares with last month, or when there is none with the same month last year. */
export function plausibility(value: number, lastMonth: number | undefined, lastYear: number | undefined): Plausibility {
  const base = lastMonth ?? lastYear;
  if (base === undefined || base <= 0) return { far: false };
  const ratio = value / base;
  if (ratio >= FAR_FACTOR || (value > 0 && ratio <= 1 / FAR_FACTOR) || (value === 0 && base >= FAR_FACTOR)) return { far: true, base, ratio };
  return { far: false };
}

export type Change = { code: string; old: number | null; new: number | null };

export function diffValues(before: Values, after: Values, order: IndicatorDef[]): Change[] {
  const changes: Change[] = [];
  for (const ind of order) {
    const a = before[ind.code];
    const b = after[ind.code];
    if (a !== b) changes.push({ code: ind.code, old: a ?? null, new: b ?? null });
  }
  return changes;
}

export function missingIndicators(values: Values, indicators: IndicatorDef[]): IndicatorDef[] {
  return indicators.filter((i) => !Object.hasOwn(values, i.code));
}

export function isLate(submittedAt: Date, deadlineAt: Date): boolean {
  return submittedAt.getTime() > deadlineAt.getTime();
}

/**
 * Three-way merge for two focal persons editing one report: start from the
 * version now stored (theirs) and apply only the items this person changed from
 * the version they started from (base). Items nobody changed stay as stored.
 */
export function mergeChanges(base: Values, mine: Values, theirs: Values, order: IndicatorDef[]): Values {
  const merged: Values = { ...theirs };
  for (const ind of order) {
    const code = ind.code;
    if (mine[code] === base[code]) continue;
    if (mine[code] === undefined) delete merged[code];
    else merged[code] = mine[code]!;
  }
  return merged;
}
