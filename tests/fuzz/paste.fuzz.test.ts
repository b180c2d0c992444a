// Property-based tests of paste mode (issue 7, "Bad input, fuzzed"): a pasted
// block of "indicator: value" lines is never a crash, every value taken is
// within its indicator's bounds, and every non-empty line is either taken or
// listed as a problem, so the person hears about each one.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseBlocFile } from "../../src/shared/bloc/bloc-file.js";
import { formatAmount, formatNumber } from "../../src/shared/bloc/numbers.js";
import { looksLikePaste, missingIndicators, parsePaste, specOf, type IndicatorDef } from "../../src/features/reports/rules/reports.js";
import { anyText, NASTY, plausibleAmount, UNIT_CODES, valueProblem } from "./arbitraries.js";

const example = parseBlocFile(readFileSync("config/bloc.example.yaml", "utf8"));
const EXAMPLE: IndicatorDef[] = example.indicators.map((i, n) => ({
  id: n + 1, code: i.code, nameVi: i.nameVi, nameEn: i.nameEn, unit: i.unit as IndicatorDef["unit"], kind: i.kind, valueType: i.valueType,
  decimals: i.decimals, min: i.min, max: i.max, aliases: i.aliases,
}));

/** Other catalogues: random units, types, bounds (some negative) and names. */
const randomCatalogue: fc.Arbitrary<IndicatorDef[]> = fc
  .uniqueArray(
    fc.record({
      code: fc.stringMatching(/^[a-z][a-z0-9_]{0,10}$/),
      nameVi: fc.oneof(fc.constantFrom("Vốn FDI", "Lao động", "Số KCN", "Doanh thu", "Tỷ lệ lấp đầy"), fc.string({ minLength: 1, maxLength: 20 })),
      nameEn: fc.string({ minLength: 1, maxLength: 20 }),
      unit: fc.constantFrom(...UNIT_CODES),
      kind: fc.constantFrom("flow" as const, "stock" as const),
      valueType: fc.constantFrom("integer" as const, "decimal" as const),
      decimals: fc.integer({ min: 0, max: 4 }),
      min: fc.option(fc.constantFrom(0, -100, 1, -1e9), { nil: null }),
      max: fc.option(fc.constantFrom(100, 1e6, 1e12, 0.5), { nil: null }),
      aliases: fc.array(fc.string({ maxLength: 12 }), { maxLength: 2 }),
    }),
    { minLength: 1, maxLength: 8, selector: (i) => i.code },
  )
  .map((list) =>
    list.map((i, n) => ({
      ...i,
      id: n + 1,
      decimals: i.valueType === "integer" ? 0 : i.decimals,
      max: i.max !== null && i.min !== null && i.max < i.min ? null : i.max,
    })),
  );

/** A value inside the indicator's bounds, printed as the bot prints it (with or without the unit). */
const cleanValue = (ind: IndicatorDef): fc.Arbitrary<string> =>
  fc
    .record({
      units: fc.integer({ min: 0, max: 1_000_000 }),
      locale: fc.constantFrom("vi" as const, "en" as const),
      withUnit: fc.boolean(),
    })
    .map(({ units, locale, withUnit }) => {
      const decimals = Math.min(ind.decimals, 2);
      const lo = ind.min ?? 0;
      const hi = ind.max ?? lo + 1e6;
      const value = Math.round((lo + ((hi - lo) * units) / 1_000_000) * 10 ** decimals) / 10 ** decimals;
      return withUnit ? formatAmount(value, ind.unit, locale, decimals) : formatNumber(value, locale, decimals);
    });

function labelsOf(ind: IndicatorDef): string[] {
  return [ind.code, ind.nameVi, ind.nameEn, ...ind.aliases];
}

/** One pasted line: a label (real, mangled or random), a separator, a value. */
const line = (cat: IndicatorDef[]): fc.Arbitrary<string> =>
  fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .record({
          ind: fc.constantFrom(...cat),
          which: fc.nat(),
          number: fc.constantFrom("", "", "1. ", "12) ", "3.", " "),
          mangle: fc.constantFrom("none", "none", "upper", "lower", "strip", "nasty"),
          nasty: fc.constantFrom(...NASTY),
          sep: fc.constantFrom(":", ": ", " : ", "=", " = ", "\t", ":\t", "::", ":=", ""),
        })
        .chain((r) => {
          const labels = labelsOf(r.ind);
          let label = labels[r.which % labels.length]!;
          if (r.mangle === "upper") label = label.toUpperCase();
          if (r.mangle === "lower") label = label.toLowerCase();
          if (r.mangle === "strip") label = label.normalize("NFD").replace(/\p{M}/gu, "");
          if (r.mangle === "nasty") label = `${r.nasty}${label}${r.nasty}`;
          return fc.oneof(cleanValue(r.ind), plausibleAmount(r.ind.unit), anyText(40)).map((value) => `${r.number}${label}${r.sep}${value}`);
        }),
    },
    { weight: 2, arbitrary: fc.tuple(anyText(30), fc.constantFrom(":", "=", "\t"), anyText(30)).map((p) => p.join("")) },
    { weight: 2, arbitrary: anyText(60) },
    { weight: 1, arbitrary: fc.constantFrom("", " ", "\t", "\u00a0", "\u200f", "---", "Báo cáo tháng 10:", ":", "=", "\t\t") },
  );

const pasteFor = (cat: IndicatorDef[], maxLines = 30): fc.Arbitrary<string> =>
  fc
    .tuple(fc.array(line(cat), { minLength: 1, maxLength: maxLines }), fc.constantFrom("\n", "\r\n", "\n\n", "\n \n"))
    .map(([lines, eol]) => lines.join(eol));

function check(text: string, cat: IndicatorDef[]): void {
  const r = parsePaste(text, cat);
  // 1. Every value belongs to a known indicator and is within its bounds.
  for (const [code, value] of Object.entries(r.values)) {
    const ind = cat.find((i) => i.code === code);
    if (!ind) throw new Error(`value for unknown indicator ${code}`);
    const problem = valueProblem(value, specOf(ind));
    if (problem) throw new Error(`parsePaste(${JSON.stringify(text)}) stored ${code} = ${problem}`);
  }
  // 2. Every non-empty line (of the first 200) is a value or a listed problem, once.
  const lines = text.split(/\r?\n/);
  const considered = lines.slice(0, 200);
  const nonEmpty = considered.map((l, i) => ({ line: i + 1, text: l.trim() })).filter((l) => l.text !== "");
  const problemLines = r.problems.map((p) => p.line);
  expect(new Set(problemLines).size, "a line listed twice").toBe(problemLines.length);
  for (const p of r.problems) {
    const l = nonEmpty.find((x) => x.line === p.line);
    expect(l, `problem for line ${p.line}, which is empty`).toBeDefined();
    expect(p.text).toBe(l!.text);
    if (p.reason === "bad_value" || p.reason === "duplicate") expect(cat.map((i) => i.code)).toContain(p.indicator);
  }
  expect(Object.keys(r.values).length + r.problems.length, `lines: ${JSON.stringify(nonEmpty)}\nresult: ${JSON.stringify(r)}`).toBe(nonEmpty.length);
}

describe("parsePaste under fuzzed input", () => {
  it("never throws, keeps values in bounds and accounts for every line (example catalogue)", () => {
    fc.assert(fc.property(pasteFor(EXAMPLE), (text) => check(text, EXAMPLE)), { numRuns: 1000 });
  });

  it("does the same for random catalogues", () => {
    fc.assert(
      fc.property(randomCatalogue.chain((cat) => fc.tuple(fc.constant(cat), pasteFor(cat, 12))), ([cat, text]) => check(text, cat)),
      { numRuns: 800 },
    );
  });

  it("never throws on arbitrary text, and looksLikePaste never throws either", () => {
    fc.assert(
      fc.property(fc.oneof(anyText(500), fc.string({ unit: "binary", maxLength: 500 })), (text) => {
        looksLikePaste(text);
        check(text, EXAMPLE);
      }),
      { numRuns: 1500 },
    );
  });

  // How long this takes is measured in bench/parsers.bench.ts (goal: under 1.5 s),
  // not here: a test must not depend on the machine's speed.
  it("reads a Telegram-sized message (4096 characters) of any shape", () => {
    fc.assert(
      fc.property(fc.constantFrom(" ", "a", "a ", "1", ":", "a:", " :", "\t", "lao động: 1", "\n", "a\n"), (unit) => {
        const text = unit.repeat(Math.ceil(4096 / unit.length)).slice(0, 4096);
        looksLikePaste(text);
        const r = parsePaste(text, EXAMPLE);
        for (const value of Object.values(r.values)) expect(Number.isFinite(value)).toBe(true);
      }),
      { numRuns: 30 },
    );
  });

  // FINDING (see the fuzz report): parsePaste reads only the first 200 lines
  // (`text.split(/\r?\n/).slice(0, 200)`, blank lines included) and says
  // nothing about the rest: a value on line 201 is neither taken nor listed as
  // a problem, and the person is told "0 filled" with no reason. Minimal case:
  // "\n".repeat(200) + "workers: 5" → { values: {}, problems: [] }.
  it("accounts for lines after the 200th too", () => {
    const text = `${"\n".repeat(200)}workers: 5`;
    const r = parsePaste(text, EXAMPLE);
    expect(Object.keys(r.values).length + r.problems.length).toBe(1);
  });

  // FINDING (see the fuzz report): the bloc file accepts any code matching
  // /^[A-Za-z0-9_-]{1,32}$/, including names of Object.prototype members
  // ("constructor", "toString", "valueOf", "hasOwnProperty", "__proto__"...).
  // Values are kept in plain objects and tested with `code in values`
  // (parsePaste's duplicate check, missingIndicators, the report
  // conversation's fillMissing, all in src/features/reports/rules/reports.ts and
  // src/features/reports/dialogue.ts), so such an indicator always looks
  // answered: paste mode calls its first line a duplicate and takes nothing,
  // and the report is never asked for it nor listed as missing.
  // Minimal case: indicator code "constructor"; parsePaste("constructor: 5")
  // → { values: {}, problems: [{ line: 1, reason: "duplicate" }] }.
  const PROTO_NAMES = ["constructor", "toString", "valueOf", "hasOwnProperty", "isPrototypeOf", "__proto__"];
  const protoIndicator = (code: string): IndicatorDef => ({ ...EXAMPLE[0]!, id: 99, code, aliases: [] });

  it("paste mode fills indicators whose code is an Object.prototype name", () => {
    fc.assert(
      fc.property(fc.constantFrom(...PROTO_NAMES.filter((c) => c !== "__proto__")), fc.integer({ min: 0, max: 500 }), (code, n) => {
        const r = parsePaste(`${code}: ${n}`, [protoIndicator(code)]);
        expect(r.values[code], JSON.stringify(r)).toBe(n);
      }),
    );
  });

  it("an unanswered indicator whose code is an Object.prototype name is listed as missing", () => {
    for (const code of PROTO_NAMES) expect(missingIndicators({}, [protoIndicator(code)]).map((i) => i.code), code).toEqual([code]);
  });
});
