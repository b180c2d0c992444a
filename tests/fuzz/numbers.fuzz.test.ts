// Property-based tests of the number parser (issue 7, "Bad input, fuzzed"):
// whatever people type, parseAmount answers (never throws), and what it accepts
// is a finite number inside the indicator's bounds with the allowed decimals;
// what the bot prints, it reads back.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatAmount, formatNumber, parseAmount, parseLooseNumber, type NumberSpec } from "../../src/shared/bloc/numbers.js";
import type { Locale } from "../../src/shared/i18n/locale.js";
import { UNITS, type UnitCode } from "../../src/shared/bloc/units.js";
import { anyText, adversarialString, numberSpec, plausibleAmount, UNIT_CODES, valueProblem, wideSpec } from "./arbitraries.js";

const LOCALES: Locale[] = ["vi", "en"];
const FAILURE_CODES = ["empty", "not_a_number", "bad_separators", "not_integer", "too_many_decimals", "below_min", "above_max", "wrong_unit", "negative"];

function checkResult(text: string, spec: NumberSpec): void {
  const r = parseAmount(text, spec);
  if (r.ok) {
    const problem = valueProblem(r.value, spec);
    if (problem) throw new Error(`parseAmount(${JSON.stringify(text)}, ${JSON.stringify(spec)}) accepted ${problem}`);
    expect(typeof r.converted).toBe("boolean");
  } else {
    expect(FAILURE_CODES).toContain(r.error.code);
    if (r.error.code === "below_min") expect(r.error.min).toBe(spec.min);
    if (r.error.code === "above_max") expect(r.error.max).toBe(spec.max);
    if (r.error.code === "too_many_decimals") expect(r.error.decimals).toBe(spec.decimals);
    if (r.error.code === "wrong_unit") {
      expect(r.error.expected).toBe(spec.unit);
      expect(r.error.given.length).toBeLessThanOrEqual(text.length);
    }
  }
}

describe("parseAmount under fuzzed input", () => {
  it("never throws on any string and only accepts values inside the spec", () => {
    fc.assert(fc.property(anyText(), numberSpec, (text, spec) => checkResult(text, spec)), { numRuns: 6000 });
  });

  it("never throws on full-Unicode strings", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 60 }), numberSpec, (text, spec) => checkResult(text, spec)), { numRuns: 2000 });
  });

  it("holds for number-shaped inputs with unit words, signs, emoji and RTL marks", () => {
    const shaped = fc
      .tuple(
        fc.constantFrom("", "-", "+", "−", "\u200f", "\u202e", " "),
        fc.oneof(fc.integer({ min: 0, max: 2_000_000_000 }).map(String), fc.double({ min: 0, max: 1e15, noNaN: true }).map((d) => d.toFixed(3)), adversarialString(["0", "1", "2", "3", "9", ".", ",", " "], 14)),
        fc.constantFrom("", ",5", ".5", ",25", ".125", ",1234", ".000", ",00001"),
        fc.constantFrom("", " ", "\u00a0", "\u202f", "\u200f", "😀"),
        fc.oneof(fc.constant(""), adversarialString(undefined, 4)),
      )
      .map((parts) => parts.join(""));
    fc.assert(fc.property(shaped, numberSpec, (text, spec) => checkResult(text, spec)), { numRuns: 6000 });
  });

  it("holds for amounts typed the way people type them, against wide bounds", () => {
    const typed = wideSpec.chain((spec) => fc.tuple(fc.constant(spec), plausibleAmount(spec.unit)));
    fc.assert(fc.property(typed, ([spec, text]) => checkResult(text, spec)), { numRuns: 6000 });
  });

  it("accepts only finite numbers from the loose parser, and never throws", () => {
    fc.assert(
      fc.property(anyText(), (text) => {
        const r = parseLooseNumber(text);
        if (r.ok) {
          expect(Number.isFinite(r.value)).toBe(true);
          expect(Object.is(r.value, -0)).toBe(false);
        } else expect(["empty", "not_a_number", "bad_separators"]).toContain(r.error);
      }),
      { numRuns: 3000 },
    );
  });

  // How long these take is measured in bench/parsers.bench.ts (goal: under 1.5 s
  // each; backtracking would take minutes), not here: a test must not depend on
  // the machine's speed.
  it("answers long inputs (1,000–100,000 repeats of a troublesome piece) with a number or a reason", () => {
    const spec: NumberSpec = { unit: "vnd_billion", valueType: "decimal", decimals: 2, min: 0, max: null };
    fc.assert(
      fc.property(fc.constantFrom("1 ", "1.", "1,", "1 1", "\u00a0", "a", "tỷ ", "😀", "1.000 "), fc.integer({ min: 1000, max: 100_000 }), (unit, n) => {
        const text = unit.repeat(n);
        for (const r of [parseAmount(text, spec), parseAmount(`1 ${text}`, spec), parseLooseNumber(text)]) {
          expect(r.ok ? Number.isFinite(r.value) : r.error !== undefined).toBe(true);
        }
      }),
      { numRuns: 30 },
    );
  });
});

/** A value with at most `decimals` fraction digits, exactly as the decimal digits say. */
const decimalValue = (decimals: number, maxUnits: number, allowNegative: boolean) =>
  fc.integer({ min: allowNegative ? -maxUnits : 0, max: maxUnits }).map((n) => {
    const v = Number(`${n}e-${decimals}`);
    return Object.is(v, -0) ? 0 : v;
  });

const roundTripCase = fc
  .record({
    unit: fc.constantFrom(...UNIT_CODES),
    locale: fc.constantFrom(...LOCALES),
    decimals: fc.constantFrom(0, 1, 2),
    negative: fc.boolean(),
    size: fc.constantFrom(1_000, 1_000_000, 1_000_000_000, Number.MAX_SAFE_INTEGER),
  })
  .chain((c) => decimalValue(c.decimals, c.size, c.negative).map((value) => ({ ...c, value })));

function specFor(unit: UnitCode, decimals: number, negative: boolean): NumberSpec {
  return { unit, valueType: decimals === 0 ? "integer" : "decimal", decimals, min: negative ? -Number.MAX_VALUE : 0, max: null };
}

describe("formatting then parsing round-trips", () => {
  it("formatNumber → parseAmount gives the value back, in both locales (0–2 decimals)", () => {
    fc.assert(
      fc.property(roundTripCase, ({ unit, locale, decimals, negative, value }) => {
        const text = formatNumber(value, locale, decimals);
        const r = parseAmount(text, specFor(unit, decimals, negative));
        expect(r, `${value} printed as ${JSON.stringify(text)} (${locale})`).toEqual({ ok: true, value, converted: false });
      }),
      { numRuns: 4000 },
    );
  });

  it("formatAmount (with the unit label) → parseAmount gives the value back, in both locales", () => {
    fc.assert(
      fc.property(roundTripCase, ({ unit, locale, decimals, negative, value }) => {
        const text = formatAmount(value, unit, locale, decimals);
        const r = parseAmount(text, specFor(unit, decimals, negative));
        expect(r, `${value} ${UNITS[unit].code} printed as ${JSON.stringify(text)} (${locale})`).toMatchObject({ ok: true, value });
      }),
      { numRuns: 4000 },
    );
  });

  it("the loose parser reads what formatNumber prints", () => {
    fc.assert(
      fc.property(roundTripCase, ({ locale, decimals, value }) => {
        expect(parseLooseNumber(formatNumber(value, locale, decimals))).toEqual({ ok: true, value });
      }),
      { numRuns: 2000 },
    );
  });

  it("round-trips large values up to 40 digits", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 30n }), fc.constantFrom(...LOCALES), (big, locale) => {
        const value = Number(big);
        const text = formatNumber(value, locale, 0);
        expect(parseLooseNumber(text), text).toEqual({ ok: true, value });
      }),
      { numRuns: 1000 },
    );
  });

  // FINDING (see the fuzz report): the bloc file allows indicators with up to 4
  // decimals, but a value below 1000 with exactly three decimals is printed as
  // "1,234" (vi) / "1.234" (en), which the parser reads as one thousand two
  // hundred thirty-four (a single mark followed by three digits groups
  // thousands). What the bot shows (e.g. the answer hint "exampleFor" built
  // from last month's value) cannot be typed back. Minimal case: value 1.234,
  // decimals 3, locale vi: formatNumber gives "1,234", parseAmount gives 1234.
  // Kept as a known limit of the notation: bloc files therefore allow at most
  // two decimals (src/shared/bloc/bloc-file.ts), so no indicator can ask for three.
  it.fails("round-trips values with three decimals (a limit of the notation)", () => {
    fc.assert(
      fc.property(fc.constantFrom(...LOCALES), decimalValue(3, 999_999, false), (locale, value) => {
        const text = formatNumber(value, locale, 3);
        const r = parseAmount(text, { unit: "usd_million", valueType: "decimal", decimals: 3, min: 0, max: null });
        expect(r, `${value} printed as ${text}`).toEqual({ ok: true, value, converted: false });
      }),
      { numRuns: 300 },
    );
  });
});
