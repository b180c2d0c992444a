// Shared generators and checkers for the property-based ("fuzz") tests.
import fc from "fast-check";
import type { NumberSpec } from "../../src/shared/bloc/numbers.js";
import { UNITS, type UnitCode } from "../../src/shared/bloc/units.js";

export const UNIT_CODES = Object.keys(UNITS) as UnitCode[];

/** Characters that have broken parsers and renderers elsewhere. */
export const NASTY = [
  "\u200f", // right-to-left mark
  "\u200e", // left-to-right mark
  "\u202e", // right-to-left override
  "\u2066", "\u2069", // isolates
  "\u200b", "\u200d", "\ufeff", // zero-width space, joiner, BOM
  "\u00a0", "\u202f", "\u2009", "\t", "\r", "\n", "\r\n", "\u2028", "\u2029", // spaces and breaks
  "\u0301", "\u0323", // combining marks
  "😀", "👍🏽", "👨‍👩‍👧", "🇻🇳", "🔒", "\ud83d", "\ude00", // emoji, lone surrogates
  "<b>", "</b>", "<i>", "<", ">", "&", "&amp;", "&lt;", "&#x3C;", "&bogus;", "\"", "'", "<a href=\"x\">", "<script>", // HTML
  "*", "_", "[", "]", "(", ")", "`", "```", "~", "|", "\\", // Markdown
  "٣", "１", "²", "½", "⁵", // digits that are not ASCII digits
  "\u0000", "\u0007", "\u001b", // control characters
  "−", "–", "—", "+", "-", // minus-like signs
  "đ", "Đ", "ỷ", "ữ", "Ư",
];

/** Pieces that look like parts of an amount. */
export const NUMBER_PIECES = [
  "0", "1", "2", "5", "7", "9", "00", "000", "12", "123", "1234", "999", "4294967296", "9007199254740993",
  ".", ",", " ", ".", ",", "..", ",,", ".,", " .", ", ",
  "e", "E", "e10", "e-5", "Infinity", "NaN", "0x1F", "1_000",
  "%", "$", "us$", "USD", "usd", "đồng", "dong", "VND", "đ", "d",
  "nghìn", "ngàn", "k", "K", "triệu", "tr", "m", "mn", "million", "tỷ", "tỉ", "ty", "bn", "billion", "thousand",
  "dự án", "lượt", "người", "KCN", "doanh nghiệp", "dn", "ha", "times", "projects", "people", "zones",
  "nghìn tỷ", "triệu USD", "tỷ đồng", "đô la", "do la",
];

export const adversarialString = (pieces: string[] = [...NUMBER_PIECES, ...NASTY], maxLength = 20): fc.Arbitrary<string> =>
  fc.array(fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 3 }), fc.string({ unit: "binary", maxLength: 2 })), { maxLength }).map((a) => a.join(""));

/** Any string worth throwing at a text parser: random, full Unicode, adversarial mixes, long ones. */
export const anyText = (maxLength = 300): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.string({ maxLength }) },
    { weight: 3, arbitrary: fc.string({ unit: "binary", maxLength }) },
    { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
    { weight: 6, arbitrary: adversarialString() },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom("1", "1.", "1 ", "9,", " ", "\u200f", "a"), fc.integer({ min: 150, max: 3000 })).map(([s, n]) => s.repeat(n)) },
    { weight: 1, arbitrary: fc.string({ minLength: 190, maxLength: 260, unit: fc.constantFrom("1", "2", ".", ",", " ") }) },
  );

/** A number spec as an indicator could have it (bounds sometimes negative, sometimes absent). */
export const numberSpec: fc.Arbitrary<NumberSpec> = fc
  .record({
    unit: fc.constantFrom(...UNIT_CODES),
    valueType: fc.constantFrom("integer" as const, "decimal" as const),
    decimals: fc.integer({ min: 0, max: 4 }),
    min: fc.option(fc.oneof(fc.constant(0), fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.double({ min: -1e9, max: 1e9, noNaN: true })), { nil: null }),
    span: fc.option(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 1_000_000 }), fc.double({ min: 0, max: 1e12, noNaN: true })), { nil: null }),
  })
  .map(({ unit, valueType, decimals, min, span }) => ({
    unit,
    valueType,
    decimals: valueType === "integer" ? 0 : decimals,
    min,
    max: span === null ? null : (min ?? 0) + span,
  }));

/** Amounts as people type them: sign, grouped or plain digits, a decimal part, unit words. */
const UNIT_WORDS_FOR: Record<UnitCode, string[]> = {
  usd_million: ["USD", "usd", "$", "us$", "đô la"],
  usd_thousand: ["USD", "$"],
  usd: ["USD", "$", "dollars"],
  vnd_billion: ["đồng", "dong", "VND", "đ"],
  vnd_million: ["đồng", "VND", "đ"],
  vnd: ["đồng", "VND", "d"],
  projects: ["dự án", "projects", "du an"],
  times: ["lượt", "times"],
  people: ["người", "people", "lao động", "workers"],
  zones: ["KCN", "zones"],
  firms: ["doanh nghiệp", "firms", "DN"],
  hectares: ["ha", "hectares"],
  percent: ["%"],
};
const ANY_UNIT_WORD = ["", "", "USD", "usd", "$", "us$", "đô la", "đồng", "dong", "VND", "đ", "d", "dự án", "lượt", "người", "KCN", "doanh nghiệp", "ha", "%", "projects", "people", "firms", "zones", "hectares", "times"];

export const plausibleAmount = (unit?: UnitCode): fc.Arbitrary<string> => fc
  .record({
    lead: fc.constantFrom("", "", "", "", "", " ", "\u200f", "\u00a0"),
    sign: fc.constantFrom("", "", "", "-", "+", "−", "- "),
    int: fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: 0, max: 999 }).map(String) },
      { weight: 2, arbitrary: fc.integer({ min: 0, max: 2_000_000 }).map(String) },
      fc.bigInt({ min: 0n, max: 10n ** 16n }).map(String),
      fc.tuple(fc.integer({ min: 1, max: 999 }), fc.array(fc.integer({ min: 0, max: 999 }), { minLength: 1, maxLength: 5 }), fc.constantFrom(".", ",", " ", "\u00a0", "\u202f"))
        .map(([first, rest, sep]) => [String(first), ...rest.map((g) => String(g).padStart(3, "0"))].join(sep)),
      fc.constantFrom("0", "00", "007", "0.5", "1.000", "1,000", "1 000", "12.345.678", "2.000.000,5"),
    ),
    frac: fc.oneof(fc.constant(""), fc.tuple(fc.constantFrom(".", ","), fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: 1, maxLength: 6 })).map(([m, d]) => m + d)),
    gap: fc.constantFrom("", " ", "  ", "\u00a0"),
    scale: fc.constantFrom("", "", "", "", "", "nghìn ", "ngàn ", "k ", "triệu ", "tr ", "million ", "tỷ ", "tỉ ", "billion ", "bn ", "nghìn tỷ ", "triệu tỷ ", "tỷ nghìn ", "TỶ ", "Triệu "),
    unit: unit ? fc.oneof(fc.constant(""), fc.constantFrom(...UNIT_WORDS_FOR[unit]), fc.constantFrom(...ANY_UNIT_WORD)) : fc.constantFrom(...ANY_UNIT_WORD),
    trail: fc.constantFrom("", "", "", "", "", "", " ", "\u200f", ".", " 😀"),
  })
  .map((a) => `${a.lead}${a.sign}${a.int}${a.frac}${a.gap}${a.scale}${a.unit}`.trimEnd() + a.trail);

/** Specs with wide bounds, so that many typed amounts are accepted. */
export const wideSpec: fc.Arbitrary<NumberSpec> = fc
  .record({
    unit: fc.constantFrom(...UNIT_CODES),
    valueType: fc.constantFrom("integer" as const, "decimal" as const),
    decimals: fc.integer({ min: 0, max: 4 }),
    min: fc.constantFrom(0, 0, null, -1e6, -1e15, 1),
    max: fc.constantFrom(null, null, 1e6, 1e9, 1e15, 2_000_000),
  })
  .map((s) => ({ ...s, decimals: s.valueType === "integer" ? 0 : s.decimals }));

/** True when `value` has at most `digits` fraction digits, as far as a double can tell. */
export function hasAtMostDecimals(value: number, digits: number): boolean {
  if (digits === 0) return Number.isInteger(value);
  return Number(value.toFixed(digits)) === value || Math.abs(value) >= 1e21;
}

/** Why a value is not acceptable for a spec, or null when it is. */
export function valueProblem(value: number, spec: Pick<NumberSpec, "valueType" | "decimals" | "min" | "max">): string | null {
  if (typeof value !== "number" || !Number.isFinite(value)) return `not finite: ${value}`;
  if (Object.is(value, -0)) return "negative zero";
  if (spec.min !== null && value < spec.min) return `${value} below min ${spec.min}`;
  if (spec.max !== null && value > spec.max) return `${value} above max ${spec.max}`;
  if (value < 0 && !(spec.min !== null && spec.min < 0)) return `${value} negative although min is ${spec.min}`;
  if (spec.valueType === "integer" && !Number.isInteger(value)) return `${value} not an integer`;
  if (spec.valueType === "decimal" && !hasAtMostDecimals(value, spec.decimals)) return `${value} has more than ${spec.decimals} decimals`;
  return null;
}
