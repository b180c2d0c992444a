/**
 * Numbers as board staff type them, and numbers as the bot shows them.
 *
 * People type both the Vietnamese style (`7.081,7`: `.` groups thousands, `,` is
 * the decimal mark) and the international style (`7,081.7`), often in the same
 * chat, so the style is decided per number from its separators, never from the
 * user's locale. Amounts may carry unit words ("402,76 triệu USD", "1,2 nghìn
 * tỷ", "5 tỷ USD"); they are converted into the indicator's unit.
 *
 * Parsing is exact: the typed digits are kept as a decimal (digits × 10^exp) and
 * every unit conversion is a power of ten, so conversions only move the decimal
 * point. Fraction-digit checks therefore see exactly what was typed (402,76 has
 * two decimals, 800 triệu đồng in tỷ đồng is exactly 0,8) and the only rounding
 * is the final, correctly rounded conversion to a JavaScript number.
 */
import { fold } from "./text.js";
import { UNITS, type Dimension, type UnitCode } from "./units.js";
import type { Locale } from "../i18n/locale.js";

export type { Locale };

export type NumberSpec = {
  unit: UnitCode;
  valueType: "integer" | "decimal";
  /** Maximum fraction digits accepted for a decimal indicator. */
  decimals: number;
  /** Inclusive bounds; null = unbounded. A negative value is accepted only when min < 0. */
  min: number | null;
  max: number | null;
};

export type ParseFailure =
  | { code: "empty" }
  | { code: "not_a_number" }
  | { code: "bad_separators" }
  | { code: "not_integer" }
  /** `decimals` is the maximum the indicator allows (spec.decimals), like `min`/`max` below. */
  | { code: "too_many_decimals"; decimals: number }
  | { code: "below_min"; min: number }
  | { code: "above_max"; max: number }
  /** `given` is the unit part as typed (trimmed), e.g. "tỷ USD". */
  | { code: "wrong_unit"; given: string; expected: UnitCode }
  | { code: "negative" };

export type ParseResult =
  | { ok: true; value: number; converted: boolean }
  | { ok: false; error: ParseFailure };

export type LooseNumberResult =
  | { ok: true; value: number }
  | { ok: false; error: "empty" | "not_a_number" | "bad_separators" };

/** More digits than this is not a figure anyone means; it also keeps every result finite. */
const MAX_DIGITS = 40;
/** Inputs longer than this are rejected before any regex work. */
const MAX_INPUT_LENGTH = 200;

// ---------------------------------------------------------------------------
// The number part
// ---------------------------------------------------------------------------

/** An exact decimal: (negative ? -1 : 1) × digits × 10^exp, digits without leading zeros ("" = 0). */
type Decimal = { negative: boolean; digits: string; exp: number };

type NumeralError = "not_a_number" | "bad_separators";

/**
 * Sign, then a numeral (digits with `.`/`,` and single spaces between digits),
 * then whatever follows (the unit words). `−` (U+2212) is accepted as a minus
 * because phones and copied documents produce it. The numeral must start with a
 * digit: ".5" is not accepted.
 */
const NUMBER_HEAD = /^([+\-\u2212]?) ?(\d[\d.,]*(?: \d[\d.,]*)*)(.*)$/su;

/** A first thousands group: 1–3 digits, not starting with 0 ("0.500" is no grouping). */
const FIRST_GROUP = /^[1-9]\d{0,2}$/;
const NEXT_GROUP = /^\d{3}$/;

function isGrouping(groups: readonly string[]): boolean {
  const [first, ...rest] = groups;
  return first !== undefined && FIRST_GROUP.test(first) && rest.every((g) => NEXT_GROUP.test(g));
}

/** Whitespace of any kind (NBSP, narrow NBSP, tabs…) becomes one plain space. */
function squashSpaces(text: string): string {
  return text.replace(/\s+/gu, " ").trim();
}

/**
 * Reads a numeral (no sign, no units) into its integer and fraction digits.
 * See the module rules: the separators decide the style.
 */
function readNumeral(numeral: string): { ok: true; int: string; frac: string } | { ok: false; error: NumeralError } {
  if ((numeral.match(/\d/g)?.length ?? 0) > MAX_DIGITS) return { ok: false, error: "not_a_number" };

  if (numeral.includes(" ")) {
    // Space-grouped thousands ("1 265 945", "1 265 945,5"): only the last group
    // may carry a decimal mark, and it must then be a decimal mark.
    const groups = numeral.split(" ");
    const last = groups.pop() ?? "";
    if (groups.some((g) => /[.,]/.test(g))) return { ok: false, error: "bad_separators" };
    const lastParts = last.split(/[.,]/);
    if (lastParts.length > 2 || lastParts.some((p) => p === "")) return { ok: false, error: "bad_separators" };
    const [lastInt = "", frac = ""] = lastParts;
    // Spaces that do not group thousands ("12 34") separate two numbers.
    if (!isGrouping([...groups, lastInt])) return { ok: false, error: "not_a_number" };
    return { ok: true, int: groups.join("") + lastInt, frac };
  }

  const parts = numeral.split(/[.,]/);
  if (parts.length === 1) return { ok: true, int: numeral, frac: "" };
  // "12..5", "5.", "5,": an empty group is never meaningful.
  if (parts.some((p) => p === "")) return { ok: false, error: "bad_separators" };

  const hasDot = numeral.includes(".");
  const hasComma = numeral.includes(",");

  if (hasDot && hasComma) {
    // Both styles' marks: the last mark is the decimal mark, the other groups thousands.
    const cut = Math.max(numeral.lastIndexOf("."), numeral.lastIndexOf(","));
    const decimalMark = numeral.charAt(cut);
    const intText = numeral.slice(0, cut);
    const frac = numeral.slice(cut + 1);
    if (intText.includes(decimalMark)) return { ok: false, error: "bad_separators" };
    const groups = intText.split(decimalMark === "." ? "," : ".");
    if (!isGrouping(groups)) return { ok: false, error: "bad_separators" };
    return { ok: true, int: groups.join(""), frac };
  }

  if (parts.length === 2) {
    const [before = "", after = ""] = parts;
    // A single mark followed by exactly three digits ("1.234", "1,234") is read as
    // a thousands separator in both styles: that is what a Vietnamese user means
    // by 1.234 and what an English user means by 1,234. The price is that a
    // three-decimal figure below 1000 cannot be typed with a single mark
    // ("1,234" is never 1.234); indicators use at most two decimals. If the part
    // before the mark cannot be a first thousands group ("1234,567", "0,500"),
    // the mark can only be a decimal mark.
    if (after.length === 3 && FIRST_GROUP.test(before)) return { ok: true, int: before + after, frac: "" };
    return { ok: true, int: before, frac: after };
  }

  // The same mark several times ("1.265.945", "1,265,945"): thousands grouping only.
  if (!isGrouping(parts)) return { ok: false, error: "bad_separators" };
  return { ok: true, int: parts.join(""), frac: "" };
}

function toDecimal(negative: boolean, int: string, frac: string): Decimal {
  return normalizeDecimal({ negative, digits: (int + frac).replace(/^0+/, ""), exp: -frac.length });
}

/** Moves trailing zeros into the exponent so that `exp` tells the true fraction digits. */
function normalizeDecimal(d: Decimal): Decimal {
  const trimmed = d.digits.replace(/0+$/, "");
  if (trimmed === "") return { negative: d.negative, digits: "", exp: 0 };
  return { negative: d.negative, digits: trimmed, exp: d.exp + (d.digits.length - trimmed.length) };
}

function fractionDigits(d: Decimal): number {
  return Math.max(0, -d.exp);
}

function decimalToNumber(d: Decimal): number {
  if (d.digits === "") return 0; // also avoids -0
  // The engine's string-to-number conversion is correctly rounded: "40276e-2"
  // is exactly the double nearest to 402.76, the same as parsing "402.76".
  const n = Number(`${d.digits}e${d.exp}`);
  return d.negative ? -n : n;
}

type NumberHead =
  | { ok: true; decimal: Decimal; hasMinus: boolean; rest: string }
  | { ok: false; error: "empty" | NumeralError };

/** Splits the text into a number and the (unparsed) words after it. */
function readNumberHead(text: string): NumberHead {
  const s = squashSpaces(text);
  if (s === "") return { ok: false, error: "empty" };
  if (s.length > MAX_INPUT_LENGTH) return { ok: false, error: "not_a_number" };
  const m = NUMBER_HEAD.exec(s);
  if (!m) return { ok: false, error: "not_a_number" };
  const [, sign = "", numeral = "", rest = ""] = m;
  const read = readNumeral(numeral);
  if (!read.ok) return read;
  const hasMinus = sign !== "" && sign !== "+";
  return { ok: true, decimal: toDecimal(hasMinus, read.int, read.frac), hasMinus, rest: rest.trim() };
}

// ---------------------------------------------------------------------------
// Unit words
// ---------------------------------------------------------------------------

type UnitWord =
  | { kind: "scale"; exp: number }
  | { kind: "currency"; dimension: "USD" | "VND" }
  | { kind: "unit"; unit: UnitCode };

/**
 * Unit words, written without diacritics and in lower case: input is folded the
 * same way (fold(), text.ts) before matching, so "tỷ", "tỉ", "ty" and "TỶ" are all one word.
 * Note that folding turns "đ" into "d", so "d" is the đồng sign "đ".
 */
const UNIT_WORDS: ReadonlyArray<readonly [string, UnitWord]> = [
  // Scale words. "tr" is the everyday Vietnamese shorthand for triệu ("800tr").
  ...["nghin", "ngan", "thousand", "thousands", "k"].map((w) => [w, { kind: "scale", exp: 3 }] as const),
  ...["trieu", "tr", "million", "millions", "mn", "m"].map((w) => [w, { kind: "scale", exp: 6 }] as const),
  ...["ty", "ti", "billion", "billions", "bn"].map((w) => [w, { kind: "scale", exp: 9 }] as const),
  // Currencies.
  ...["usd", "us$", "$", "do", "do la", "dollar", "dollars"].map(
    (w) => [w, { kind: "currency", dimension: "USD" }] as const,
  ),
  ...["dong", "vnd", "d"].map((w) => [w, { kind: "currency", dimension: "VND" }] as const),
  // Count, area and ratio units.
  ...["du an", "project", "projects"].map((w) => [w, { kind: "unit", unit: "projects" }] as const),
  ...["luot", "times"].map((w) => [w, { kind: "unit", unit: "times" }] as const),
  ...["nguoi", "people", "person", "persons", "worker", "workers", "lao dong"].map(
    (w) => [w, { kind: "unit", unit: "people" }] as const,
  ),
  ...["kcn", "zone", "zones"].map((w) => [w, { kind: "unit", unit: "zones" }] as const),
  ...["doanh nghiep", "firm", "firms", "dn"].map((w) => [w, { kind: "unit", unit: "firms" }] as const),
  ...["ha", "hectare", "hectares"].map((w) => [w, { kind: "unit", unit: "hectares" }] as const),
  ["%", { kind: "unit", unit: "percent" }],
];

// Longest first, so "do la" wins over "do" and "dn" is tried before "d".
const UNIT_WORDS_BY_LENGTH = [...UNIT_WORDS].sort((a, b) => b[0].length - a[0].length);

/** Splits folded unit text into known words; null if anything is not a unit word. */
function tokenizeUnitWords(folded: string): UnitWord[] | null {
  const words: UnitWord[] = [];
  let i = 0;
  while (i < folded.length) {
    if (folded[i] === " ") {
      i++;
      continue;
    }
    const hit = UNIT_WORDS_BY_LENGTH.find(([w]) => {
      if (!folded.startsWith(w, i)) return false;
      // A word made of letters must end at a word boundary ("5 dn" is not "5 đ" + "n").
      const next = folded.charAt(i + w.length);
      return !/[\p{L}\p{N}]/u.test(w.at(-1) ?? "") || !/[\p{L}\p{N}]/u.test(next);
    });
    if (!hit) return null;
    words.push(hit[1]);
    i += hit[0].length;
  }
  return words;
}

type UnitPhrase = { scaleExp: number; kind: Exclude<UnitWord, { kind: "scale" }> | null };

/**
 * Grammar: at most two scale words, in increasing size ("nghìn tỷ" = 10^12),
 * then at most one currency or unit word. Anything else is not an amount.
 */
function readUnitPhrase(rest: string): UnitPhrase | null {
  if (rest === "") return { scaleExp: 0, kind: null };
  const words = tokenizeUnitWords(fold(rest));
  if (!words || words.length === 0) return null;
  const last = words.at(-1);
  const kind = last && last.kind !== "scale" ? last : null;
  const scales = kind ? words.slice(0, -1) : words;
  if (scales.length > 2) return null;
  let scaleExp = 0;
  let previous = 0;
  for (const w of scales) {
    if (w.kind !== "scale" || w.exp <= previous) return null;
    scaleExp += w.exp;
    previous = w.exp;
  }
  return { scaleExp, kind };
}

function isMoney(d: Dimension): boolean {
  return d === "USD" || d === "VND";
}

/** log10 of a unit scale; every scale in the catalogue is a power of ten. */
function scaleExponent(scale: number): number {
  const exp = Math.round(Math.log10(scale));
  if (Number(`1e${exp}`) !== scale) throw new Error(`unit scale ${scale} is not a power of ten`);
  return exp;
}

// ---------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------

/** The number part only (sign allowed, no unit words). */
export function parseLooseNumber(text: string): LooseNumberResult {
  const head = readNumberHead(text);
  if (!head.ok) return head;
  if (head.rest !== "") return { ok: false, error: "not_a_number" };
  return { ok: true, value: decimalToNumber(head.decimal) };
}

/**
 * Parses an amount typed for an indicator and converts it into the indicator's
 * unit. Checks run in this order: syntax, unit words, sign, integer/decimals,
 * bounds.
 */
export function parseAmount(text: string, spec: NumberSpec): ParseResult {
  const head = readNumberHead(text);
  if (!head.ok) return { ok: false, error: { code: head.error } };

  const phrase = readUnitPhrase(head.rest);
  if (!phrase) return { ok: false, error: { code: "not_a_number" } };

  const target = UNITS[spec.unit];
  const targetExp = scaleExponent(target.scale);
  const wrongUnit: ParseResult = {
    ok: false,
    error: { code: "wrong_unit", given: squashSpaces(head.rest), expected: spec.unit },
  };

  // Exponent of the unit the typed number is counted in, in the target's dimension.
  // Money with a currency word or a scale word is counted in plain USD/VND
  // ("5 tỷ" for a USD indicator is five billion dollars); everything else is
  // counted in the indicator's own unit ("1,2 nghìn" people = 1200 people).
  let typedUnitExp: number;
  const kind = phrase.kind;
  if (kind?.kind === "currency") {
    if (kind.dimension !== target.dimension) return wrongUnit;
    typedUnitExp = 0;
  } else if (kind?.kind === "unit") {
    if (kind.unit !== spec.unit) return wrongUnit;
    typedUnitExp = targetExp;
  } else if (phrase.scaleExp !== 0 && isMoney(target.dimension)) {
    typedUnitExp = 0;
  } else {
    typedUnitExp = targetExp;
  }
  const shift = phrase.scaleExp + typedUnitExp - targetExp;

  if (head.hasMinus && !(spec.min !== null && spec.min < 0)) return { ok: false, error: { code: "negative" } };

  const converted = normalizeDecimal({ ...head.decimal, exp: head.decimal.exp + shift });
  const fraction = fractionDigits(converted);
  if (spec.valueType === "integer" && fraction > 0) return { ok: false, error: { code: "not_integer" } };
  if (spec.valueType === "decimal" && fraction > spec.decimals) {
    return { ok: false, error: { code: "too_many_decimals", decimals: spec.decimals } };
  }

  const value = decimalToNumber(converted);
  // Unreachable with MAX_DIGITS and the catalogue's scales; kept as the guarantee.
  if (!Number.isFinite(value)) return { ok: false, error: { code: "not_a_number" } };

  if (spec.min !== null && value < spec.min) return { ok: false, error: { code: "below_min", min: spec.min } };
  if (spec.max !== null && value > spec.max) return { ok: false, error: { code: "above_max", max: spec.max } };
  return { ok: true, value, converted: shift !== 0 };
}

const INTL_LOCALE: Record<Locale, string> = { vi: "vi-VN", en: "en-US" };
/** One Intl formatter per language, style and decimals: making one costs far more than using it. */
const formatters = new Map<string, Intl.NumberFormat>();

function formatter(locale: Locale, style: "decimal" | "percent", decimals: number): Intl.NumberFormat {
  const key = `${locale}|${style}|${decimals}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(INTL_LOCALE[locale], {
      style,
      minimumFractionDigits: 0,
      maximumFractionDigits: decimals,
      // Never print "-0", including for small negatives that round to zero.
      signDisplay: "negative",
    });
    formatters.set(key, f);
  }
  return f;
}

/** vi: "7.081,7", "1.265.945"; en: "7,081.7". `decimals` = maximum fraction digits (default 2). */
export function formatNumber(value: number, locale: Locale, decimals = 2): string {
  return formatter(locale, "decimal", decimals).format(value);
}

/** "7.081,7 triệu USD", "166 dự án"; a percent amount is written "87,7%" with no space. */
export function formatAmount(value: number, unit: UnitCode, locale: Locale, decimals?: number): string {
  const number = formatNumber(value, locale, decimals);
  const label = UNITS[unit][locale];
  return unit === "percent" ? `${number}${label}` : `${number} ${label}`;
}

/** A ratio as a percentage: 0.877 -> "87,7%" (vi) / "87.7%" (en); `decimals` = maximum fraction digits. */
export function formatPercent(ratio: number, locale: Locale, decimals = 1): string {
  return formatter(locale, "percent", decimals).format(ratio);
}
