// Monthly reports: the indicator catalogue as the report sees it, paste mode,
// plausibility against a board's history, and the differences between versions.
import { parseAmount, type NumberSpec, type ParseFailure } from "./numbers.js";
import type { UnitCode } from "./units.js";

export type IndicatorDef = {
  id: number;
  code: string;
  nameVi: string;
  nameEn: string;
  unit: UnitCode;
  kind: "flow" | "stock";
  valueType: "integer" | "decimal";
  decimals: number;
  min: number | null;
  max: number | null;
  aliases: string[];
};

/** Values by indicator code. */
export type Values = Record<string, number>;

export function specOf(ind: IndicatorDef): NumberSpec {
  return { unit: ind.unit, valueType: ind.valueType, decimals: ind.decimals, min: ind.min, max: ind.max };
}

export function indicatorName(ind: IndicatorDef, locale: "vi" | "en"): string {
  return locale === "vi" ? ind.nameVi : ind.nameEn;
}

/** Lower case, no diacritics (đ → d), single spaces: how names are compared. */
export function normalizeName(s: string): string {
  return s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/[^a-z0-9%]+/g, " ")
    .trim();
}

export function matchIndicator(label: string, indicators: IndicatorDef[]): IndicatorDef | null {
  const key = normalizeName(label.replace(/^\s*\d{1,2}[.)]\s+/, "")); // "3. Vốn FDI" → "von fdi"
  if (!key) return null;
  for (const ind of indicators) {
    const names = [ind.code, ind.nameVi, ind.nameEn, ...ind.aliases].map(normalizeName);
    if (names.includes(key)) return ind;
  }
  return null;
}

export type PasteProblem = { line: number; text: string; reason: "no_separator" | "unknown_indicator" | "duplicate" | "bad_value" | "too_many_lines"; error?: ParseFailure; indicator?: string };

/** Paste mode reads this many lines; more are reported, not silently dropped. */
export const MAX_PASTE_LINES = 200;
export type PasteResult = { values: Values; problems: PasteProblem[] };

/** A message looks like a paste when it has a line of the form "label: value". */
export function looksLikePaste(text: string): boolean {
  return text.split(/\r?\n/).some((l) => /^[^:=\t]*\p{L}[^:=\t]*[:=\t]\s*\S/u.test(l));
}

/**
 * Paste mode: one "indicator: value" line per indicator (":", "=" or a tab between),
 * by code or name in either language. Each line is parsed like a typed answer.
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
    const ind = matchIndicator(m[1]!, indicators);
    if (!ind) return problems.push({ line: i + 1, text: line, reason: "unknown_indicator" });
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
