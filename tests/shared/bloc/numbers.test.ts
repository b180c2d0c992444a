import { describe, expect, it } from "vitest";
import { formatAmount, formatNumber, formatPercent, parseAmount, parseLooseNumber, type NumberSpec, type ParseFailure } from "../../../src/shared/bloc/numbers.js";
import type { Locale } from "../../../src/shared/i18n/locale.js";
import { UNITS, isUnitCode, unitLabel, type UnitCode } from "../../../src/shared/bloc/units.js";

const NBSP = "\u00A0";
const NNBSP = "\u202F";

function spec(unit: UnitCode, over: Partial<NumberSpec> = {}): NumberSpec {
  const integer = UNITS[unit].dimension === "count";
  return {
    unit,
    valueType: integer ? "integer" : "decimal",
    decimals: integer ? 0 : 2,
    min: 0,
    max: null,
    ...over,
  };
}

const USD_M = spec("usd_million");
const VND_B = spec("vnd_billion");
const PEOPLE = spec("people");
const PROJECTS = spec("projects");

function ok(text: string, s: NumberSpec): { value: number; converted: boolean } {
  const r = parseAmount(text, s);
  if (!r.ok) throw new Error(`expected ${JSON.stringify(text)} to parse, got ${JSON.stringify(r.error)}`);
  return { value: r.value, converted: r.converted };
}

function fail(text: string, s: NumberSpec): ParseFailure {
  const r = parseAmount(text, s);
  if (r.ok) throw new Error(`expected ${JSON.stringify(text)} to fail, got ${r.value}`);
  return r.error;
}

describe("units", () => {
  it("has a consistent catalogue", () => {
    for (const [code, unit] of Object.entries(UNITS)) {
      expect(unit.code).toBe(code);
      expect(isUnitCode(code)).toBe(true);
    }
    expect(UNITS.usd_million.scale).toBe(1e6);
    expect(UNITS.vnd_billion.scale).toBe(1e9);
    expect(UNITS.percent.dimension).toBe("ratio");
  });

  it("rejects unknown codes, including inherited property names", () => {
    expect(isUnitCode("eur")).toBe(false);
    expect(isUnitCode("toString")).toBe(false);
    expect(isUnitCode("")).toBe(false);
  });

  it.each([
    ["usd_million", "triệu USD", "million USD"],
    ["vnd_billion", "tỷ đồng", "billion VND"],
    ["projects", "dự án", "projects"],
    ["times", "lượt", "times"],
    ["people", "người", "people"],
    ["zones", "KCN", "zones"],
    ["firms", "doanh nghiệp", "firms"],
    ["hectares", "ha", "ha"],
    ["percent", "%", "%"],
  ] as const)("labels %s", (code, vi, en) => {
    expect(unitLabel(code, "vi")).toBe(vi);
    expect(unitLabel(code, "en")).toBe(en);
  });
});

describe("parseLooseNumber", () => {
  it.each([
    ["7.081,7", 7081.7],
    ["7081.7", 7081.7],
    ["7081,7", 7081.7],
    ["7,081.7", 7081.7],
    ["1.265.945", 1265945],
    ["1,265,945", 1265945],
    ["1 265 945", 1265945],
    [`1${NBSP}265${NBSP}945`, 1265945],
    [`1${NNBSP}265${NNBSP}945`, 1265945],
    ["1 265 945,5", 1265945.5],
    ["1 265 945.5", 1265945.5],
    ["0,5", 0.5],
    ["0.5", 0.5],
    ["+12", 12],
    ["-3", -3],
    ["\u22123", -3],
    ["- 3", -3],
    ["  42  ", 42],
    ["\t42\n", 42],
    ["0", 0],
    ["007", 7],
    ["76.404,8", 76404.8],
    ["154.004,8", 154004.8],
    ["387,188.8", 387188.8],
    ["1.234.567,89", 1234567.89],
    ["1,234,567.89", 1234567.89],
    ["12,5", 12.5],
    ["12,55", 12.55],
    ["12,5555", 12.5555],
    ["12.5555", 12.5555],
  ])("reads %j as %d", (text, value) => {
    expect(parseLooseNumber(text)).toEqual({ ok: true, value });
  });

  // One mark followed by exactly three digits groups thousands, in both styles.
  it.each([
    ["1.234", 1234],
    ["1,234", 1234],
    ["7.081", 7081],
    ["999,000", 999000],
  ])("reads the ambiguous %j as thousands (%d)", (text, value) => {
    expect(parseLooseNumber(text)).toEqual({ ok: true, value });
  });

  it.each([
    ["1234,567", 1234.567],
    ["1234.567", 1234.567],
    ["0,500", 0.5],
    ["0.125", 0.125],
  ])("reads %j as a decimal because the part before the mark cannot be a thousands group", (text, value) => {
    expect(parseLooseNumber(text)).toEqual({ ok: true, value });
  });

  it("never returns negative zero", () => {
    const r = parseLooseNumber("-0");
    expect(r.ok && Object.is(r.value, 0)).toBe(true);
    const r2 = parseLooseNumber("-0,00");
    expect(r2.ok && Object.is(r2.value, 0)).toBe(true);
  });

  it.each(["", "   ", `${NBSP}${NNBSP}`, "\n\t"])("reports %j as empty", (text) => {
    expect(parseLooseNumber(text)).toEqual({ ok: false, error: "empty" });
  });

  it.each([
    "3.131.93",
    "1,2,3.4.5",
    "12..5",
    "12,,5",
    "1.23,5",
    "1,2345.6",
    "1.234,5.6",
    "1,234.5,6",
    "5.",
    "5,",
    "12.34.567",
    "1234.567.890",
    "0.123.456",
    "1.234 567",
    "1 234,5.6",
    "1 234,",
  ])("reports %j as bad_separators", (text) => {
    expect(parseLooseNumber(text)).toEqual({ ok: false, error: "bad_separators" });
  });

  it.each([
    "abc",
    "12abc",
    "1e5",
    "0x10",
    "∞",
    "NaN",
    "Infinity",
    "-Infinity",
    ".5",
    ",5",
    "12 34",
    "1 2345",
    "1 23",
    "0 500",
    "12 - 3",
    "1/2",
    "+",
    "-",
    "+-12",
    "--3",
    "12 tỷ", // no unit words here
    "1".repeat(41),
    "1".repeat(300),
  ])("reports %j as not_a_number", (text) => {
    expect(parseLooseNumber(text)).toEqual({ ok: false, error: "not_a_number" });
  });

  it("accepts up to 40 digits and stays finite", () => {
    const r = parseLooseNumber("9".repeat(40));
    expect(r.ok).toBe(true);
    if (r.ok) expect(Number.isFinite(r.value)).toBe(true);
  });
});

describe("parseAmount: plain numbers", () => {
  it.each([
    ["7.081,7", 7081.7],
    ["7081.7", 7081.7],
    ["7081,7", 7081.7],
    ["7,081.7", 7081.7],
    ["4.645,6", 4645.6],
    ["0,5", 0.5],
    ["+12", 12],
    [" 12 ", 12],
  ])("reads %j in the indicator's unit", (text, value) => {
    expect(ok(text, USD_M)).toEqual({ value, converted: false });
  });

  it.each([
    ["1.265.945", 1265945],
    ["1,265,945", 1265945],
    ["1 265 945", 1265945],
    [`1${NBSP}265${NBSP}945`, 1265945],
    [`1${NNBSP}265${NNBSP}945`, 1265945],
    ["166", 166],
    ["1.234", 1234],
    ["1,234", 1234],
  ])("reads the count %j", (text, value) => {
    expect(ok(text, PEOPLE)).toEqual({ value, converted: false });
  });
});

describe("parseAmount: unit words", () => {
  it.each([
    ["402,76 triệu USD", 402.76, false],
    ["402.76 million USD", 402.76, false],
    ["402,76 triệu", 402.76, false],
    ["402,76 trieu usd", 402.76, false],
    ["402,76 TRIỆU USD", 402.76, false],
    ["402,76 mn USD", 402.76, false],
    ["402,76m", 402.76, false],
    ["402,76 tr", 402.76, false],
    ["7.081,7 triệu đô", 7081.7, false],
    ["7.081,7 triệu đô la", 7081.7, false],
    ["7,081.7 million dollars", 7081.7, false],
    ["7.081,7 triệu US$", 7081.7, false],
    ["7.081,7 triệu $", 7081.7, false],
    ["5 tỷ USD", 5000, true],
    ["5 ty USD", 5000, true],
    ["5 tỉ USD", 5000, true],
    ["5 billion USD", 5000, true],
    ["5bn", 5000, true],
    ["5 tỷ", 5000, true],
    ["1,2 nghìn tỷ USD", 1_200_000, true],
    ["500 nghìn USD", 0.5, true],
    ["500 ngàn USD", 0.5, true],
    ["500 ngan usd", 0.5, true],
    ["500k USD", 0.5, true],
    ["500 thousand USD", 0.5, true],
    ["250.000 USD", 0.25, true],
    ["250.000 $", 0.25, true],
    ["250.000$", 0.25, true],
  ])("reads %j into usd_million as %d", (text, value, converted) => {
    expect(ok(text, USD_M)).toEqual({ value, converted });
  });

  it.each([
    ["3.131,93 tỷ đồng", 3131.93, false],
    ["3,131.93 billion VND", 3131.93, false],
    ["3.131,93 ty dong", 3131.93, false],
    ["3.131,93 tỷ VNĐ", 3131.93, false],
    ["3.131,93 tỷ vnd", 3131.93, false],
    ["3.131,93 tỷ đ", 3131.93, false],
    ["3.131,93 tỷ", 3131.93, false],
    ["1,2 nghìn tỷ", 1200, true],
    ["1,2 nghìn tỷ đồng", 1200, true],
    ["1,2 nghin ty dong", 1200, true],
    ["1,2 ngàn tỷ", 1200, true],
    ["1.2 thousand billion VND", 1200, true],
    ["800 triệu đồng", 0.8, true],
    ["800 triệu", 0.8, true],
    ["800tr", 0.8, true],
    ["800 million VND", 0.8, true],
    ["76.404,8 tỷ đồng", 76404.8, false],
    ["3.131.930.000.000 đồng", 3131.93, true],
    ["3.131.930.000.000đ", 3131.93, true],
  ])("reads %j into vnd_billion as %d", (text, value, converted) => {
    expect(ok(text, VND_B)).toEqual({ value, converted });
  });

  it("converts between the smaller money units", () => {
    expect(ok("5 triệu USD", spec("usd_thousand"))).toEqual({ value: 5000, converted: true });
    expect(ok("5 nghìn USD", spec("usd_thousand"))).toEqual({ value: 5, converted: false });
    expect(ok("5 nghìn", spec("usd"))).toEqual({ value: 5000, converted: true });
    expect(ok("1,5 tỷ đồng", spec("vnd_million"))).toEqual({ value: 1500, converted: true });
    expect(ok("1,5 tỷ", spec("vnd"))).toEqual({ value: 1_500_000_000, converted: true });
  });

  it.each([
    ["1,2 nghìn", 1200, true],
    ["1,2 nghin", 1200, true],
    ["1,2k", 1200, true],
    ["1,2 nghìn người", 1200, true],
    ["1,2 thousand people", 1200, true],
    ["1.265.945 người", 1265945, false],
    ["1.265.945 nguoi", 1265945, false],
    ["1,265,945 workers", 1265945, false],
    ["1,265,945 persons", 1265945, false],
    ["1.265.945 lao động", 1265945, false],
    ["1,3 triệu lao động", 1300000, true],
  ])("reads the people count %j as %d", (text, value, converted) => {
    expect(ok(text, PEOPLE)).toEqual({ value, converted });
  });

  it("accepts each count unit's own words", () => {
    expect(ok("166 dự án", PROJECTS).value).toBe(166);
    expect(ok("166 du an", PROJECTS).value).toBe(166);
    expect(ok("166 projects", PROJECTS).value).toBe(166);
    expect(ok("1 project", PROJECTS).value).toBe(1);
    expect(ok("625 lượt", spec("times")).value).toBe(625);
    expect(ok("625 times", spec("times")).value).toBe(625);
    expect(ok("90 KCN", spec("zones")).value).toBe(90);
    expect(ok("90 kcn", spec("zones")).value).toBe(90);
    expect(ok("90 zones", spec("zones")).value).toBe(90);
    expect(ok("40 doanh nghiệp", spec("firms")).value).toBe(40);
    expect(ok("40 DN", spec("firms")).value).toBe(40);
    expect(ok("40 firms", spec("firms")).value).toBe(40);
    expect(ok("1.250,5 ha", spec("hectares")).value).toBe(1250.5);
    expect(ok("1,250.5 hectares", spec("hectares")).value).toBe(1250.5);
    expect(ok("87,7%", spec("percent")).value).toBe(87.7);
    expect(ok("87.7 %", spec("percent")).value).toBe(87.7);
  });

  it("accepts decomposed (NFD) Vietnamese text", () => {
    expect(ok("3.131,93 tỷ đồng".normalize("NFD"), VND_B).value).toBe(3131.93);
    expect(ok("1,2 nghìn người".normalize("NFD"), PEOPLE).value).toBe(1200);
  });
});

describe("parseAmount: failures", () => {
  it.each(["", "   ", NBSP])("empty: %j", (text) => {
    expect(fail(text, USD_M)).toEqual({ code: "empty" });
  });

  it.each([
    "abc",
    "12abc",
    "1e5",
    "0x10",
    "∞",
    "NaN",
    ".5",
    "12 34",
    "12 triệu 5",
    "5 USD USD",
    "5 USD triệu",
    "5 tỷ nghìn",
    "5 triệu triệu",
    "5 nghìn triệu tỷ",
    "5 m2",
    "5 euro",
    "USD 5",
    "5 tỷ USD nhé",
    "1".repeat(41),
  ])("not_a_number: %j", (text) => {
    expect(fail(text, USD_M)).toEqual({ code: "not_a_number" });
  });

  it.each(["3.131.93", "1,2,3.4.5", "12..5", "1.23,5", "1,2345.6", "3.131.93 tỷ đồng"])(
    "bad_separators: %j",
    (text) => {
      expect(fail(text, VND_B)).toEqual({ code: "bad_separators" });
    },
  );

  it("not_integer for a fraction of a count, also after conversion", () => {
    expect(fail("12,5", PROJECTS)).toEqual({ code: "not_integer" });
    expect(fail("1265945.5", PEOPLE)).toEqual({ code: "not_integer" });
    expect(fail("1,2345 nghìn", PEOPLE)).toEqual({ code: "not_integer" });
  });

  it("too_many_decimals reports the allowed maximum", () => {
    expect(fail("402,7651", USD_M)).toEqual({ code: "too_many_decimals", decimals: 2 });
    expect(fail("7.081,765", USD_M)).toEqual({ code: "too_many_decimals", decimals: 2 });
    // The documented ambiguity: one mark and three digits groups thousands.
    expect(ok("402,765", USD_M).value).toBe(402765);
    expect(fail("3.131,93", spec("vnd_billion", { decimals: 1 }))).toEqual({ code: "too_many_decimals", decimals: 1 });
    expect(fail("12,5", spec("usd_million", { decimals: 0 }))).toEqual({ code: "too_many_decimals", decimals: 0 });
    // Conversion into a larger unit moves the decimal point left.
    expect(fail("1.234 USD", USD_M)).toEqual({ code: "too_many_decimals", decimals: 2 });
    expect(fail("850 triệu đồng", spec("vnd_billion", { decimals: 1 }))).toEqual({
      code: "too_many_decimals",
      decimals: 1,
    });
  });

  it("has no floating-point noise in the decimals check", () => {
    expect(ok("402,76", USD_M).value).toBe(402.76);
    expect(ok("402,76 triệu USD", USD_M).value).toBe(402.76);
    expect(ok("800 triệu đồng", spec("vnd_billion", { decimals: 1 })).value).toBe(0.8);
    expect(ok("0,3", spec("usd_million", { decimals: 1 })).value).toBe(0.3);
    expect(ok("1,15", USD_M).value).toBe(1.15);
    expect(ok("4.645,6 triệu USD", spec("usd_million", { decimals: 1 })).value).toBe(4645.6);
    expect(ok("0,07 tỷ USD", spec("usd_million", { decimals: 0 })).value).toBe(70);
    expect(ok("1,1 nghìn tỷ", spec("vnd_billion", { decimals: 0 })).value).toBe(1100);
    expect(ok("402,7600", USD_M).value).toBe(402.76); // trailing zeros are not decimals
    expect(ok("12,000 triệu USD", spec("usd_million", { decimals: 0 })).value).toBe(12000);
  });

  it("below_min and above_max are inclusive", () => {
    const s = spec("usd_million", { min: 1, max: 100 });
    expect(fail("0,99", s)).toEqual({ code: "below_min", min: 1 });
    expect(fail("100,01", s)).toEqual({ code: "above_max", max: 100 });
    expect(ok("1", s).value).toBe(1);
    expect(ok("100", s).value).toBe(100);
    expect(fail("1 tỷ USD", s)).toEqual({ code: "above_max", max: 100 });
    expect(fail("500 nghìn USD", s)).toEqual({ code: "below_min", min: 1 });
  });

  it("unbounded when min and max are null", () => {
    const s = spec("people", { min: null, max: null });
    expect(ok("9.999.999.999", s).value).toBe(9999999999);
  });

  it("wrong_unit for another currency, money for a count, or another count", () => {
    expect(fail("5 USD", VND_B)).toEqual({ code: "wrong_unit", given: "USD", expected: "vnd_billion" });
    expect(fail("5 tỷ USD", VND_B)).toEqual({ code: "wrong_unit", given: "tỷ USD", expected: "vnd_billion" });
    expect(fail("5 triệu đô", VND_B)).toEqual({ code: "wrong_unit", given: "triệu đô", expected: "vnd_billion" });
    expect(fail("3.131,93 tỷ đồng", USD_M)).toEqual({ code: "wrong_unit", given: "tỷ đồng", expected: "usd_million" });
    expect(fail("5 VND", USD_M)).toEqual({ code: "wrong_unit", given: "VND", expected: "usd_million" });
    expect(fail("5 tỷ đồng", PEOPLE)).toEqual({ code: "wrong_unit", given: "tỷ đồng", expected: "people" });
    expect(fail("5 USD", PEOPLE)).toEqual({ code: "wrong_unit", given: "USD", expected: "people" });
    expect(fail("5$", PROJECTS)).toEqual({ code: "wrong_unit", given: "$", expected: "projects" });
    expect(fail("5 dự án", PEOPLE)).toEqual({ code: "wrong_unit", given: "dự án", expected: "people" });
    expect(fail("5 người", USD_M)).toEqual({ code: "wrong_unit", given: "người", expected: "usd_million" });
    expect(fail("87,7%", USD_M)).toEqual({ code: "wrong_unit", given: "%", expected: "usd_million" });
    expect(fail("5 ha", spec("zones"))).toEqual({ code: "wrong_unit", given: "ha", expected: "zones" });
    expect(fail(`5${NBSP}tỷ${NBSP} USD`, VND_B)).toEqual({ code: "wrong_unit", given: "tỷ USD", expected: "vnd_billion" });
  });

  it("negative unless min < 0", () => {
    expect(fail("-3", USD_M)).toEqual({ code: "negative" });
    expect(fail("-3", spec("usd_million", { min: null }))).toEqual({ code: "negative" });
    expect(fail("-0", USD_M)).toEqual({ code: "negative" });
    expect(fail("\u22125 tỷ USD", USD_M)).toEqual({ code: "negative" });
    const signed = spec("usd_million", { min: -10000 });
    expect(ok("-3", signed)).toEqual({ value: -3, converted: false });
    expect(ok("-1,5 tỷ USD", signed)).toEqual({ value: -1500, converted: true });
    expect(fail("-10.000,01", signed)).toEqual({ code: "below_min", min: -10000 });
    const zero = ok("-0", signed).value;
    expect(Object.is(zero, 0)).toBe(true);
  });

  it("checks in order: syntax, unit, sign, decimals, bounds", () => {
    expect(fail("-3.131.93 USD", VND_B)).toEqual({ code: "bad_separators" });
    expect(fail("-5 USD", VND_B).code).toBe("wrong_unit");
    expect(fail("-5,555", USD_M).code).toBe("negative");
    expect(fail("1.000,555", spec("usd_million", { max: 10 })).code).toBe("too_many_decimals");
  });

  it("always returns finite numbers", () => {
    const huge = ok("9".repeat(40) + " nghìn tỷ", spec("vnd_billion", { max: null }));
    expect(Number.isFinite(huge.value)).toBe(true);
    const tiny = parseAmount("0," + "0".repeat(37) + "1 đồng", spec("vnd_billion", { decimals: 100 }));
    expect(tiny.ok).toBe(true);
    if (tiny.ok) expect(Number.isFinite(tiny.value)).toBe(true);
  });
});

describe("formatNumber", () => {
  it.each([
    [7081.7, "7.081,7", "7,081.7"],
    [1265945, "1.265.945", "1,265,945"],
    [0.5, "0,5", "0.5"],
    [154004.8, "154.004,8", "154,004.8"],
    [1234, "1.234", "1,234"],
    [12.3456, "12,35", "12.35"],
    [12.1, "12,1", "12.1"],
    [12.1 + 0.2, "12,3", "12.3"], // float noise never shows
    [-5.5, "-5,5", "-5.5"],
    [0, "0", "0"],
    [-0, "0", "0"],
    [-0.001, "0", "0"],
  ])("formats %d as %j / %j", (value, vi, en) => {
    expect(formatNumber(value, "vi")).toBe(vi);
    expect(formatNumber(value, "en")).toBe(en);
  });

  it("takes a maximum number of fraction digits", () => {
    expect(formatNumber(7081.75, "vi", 1)).toBe("7.081,8");
    // Remembered per language and number of decimals: asked again, or otherwise, the right text.
    expect([formatNumber(7081.75, "vi", 1), formatNumber(7081.75, "vi", 2), formatNumber(7081.75, "en", 1), formatNumber(7081.75, "en", 2)]).toEqual(["7.081,8", "7.081,75", "7,081.8", "7,081.75"]);
    expect(formatNumber(7081.7, "vi", 0)).toBe("7.082");
    expect(formatNumber(7081.7, "en", 3)).toBe("7,081.7");
    expect(formatNumber(-0.04, "en", 1)).toBe("0");
  });
});

describe("formatAmount and formatPercent", () => {
  it("formats amounts with unit labels", () => {
    expect(formatAmount(7081.7, "usd_million", "vi")).toBe("7.081,7 triệu USD");
    expect(formatAmount(7081.7, "usd_million", "en")).toBe("7,081.7 million USD");
    expect(formatAmount(76404.8, "vnd_billion", "vi")).toBe("76.404,8 tỷ đồng");
    expect(formatAmount(166, "projects", "vi")).toBe("166 dự án");
    expect(formatAmount(166, "projects", "en")).toBe("166 projects");
    expect(formatAmount(1265945, "people", "vi")).toBe("1.265.945 người");
    expect(formatAmount(90, "zones", "vi")).toBe("90 KCN");
    expect(formatAmount(87.7, "percent", "vi")).toBe("87,7%");
    expect(formatAmount(1.234, "usd_million", "en", 1)).toBe("1.2 million USD");
  });

  it("formats ratios as percentages", () => {
    expect(formatPercent(0.877, "vi")).toBe("87,7%");
    expect(formatPercent(0.877, "en")).toBe("87.7%");
    expect(formatPercent(1.042, "vi")).toBe("104,2%");
    expect(formatPercent(1.46, "vi")).toBe("146%");
    expect(formatPercent(0.19, "en")).toBe("19%");
    expect(formatPercent(0.12345, "en", 2)).toBe("12.35%");
    expect(formatPercent(-0.0001, "vi")).toBe("0%");
  });
});

describe("round trips", () => {
  // Deterministic pseudo-random values with up to two decimals over many magnitudes.
  function* values(count: number): Generator<number> {
    let seed = 12345;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed;
    };
    for (let i = 0; i < count; i++) {
      const magnitude = 10 ** (next() % 13); // up to 10^12
      const cents = next() % 100;
      const sign = i % 7 === 0 ? -1 : 1;
      yield sign * ((Math.floor((next() / 2147483648) * magnitude) * 100 + cents) / 100);
    }
  }
  const LOCALES: Locale[] = ["vi", "en"];
  const generated = [...values(400)];

  it.each(LOCALES)("formatNumber then parseLooseNumber gives the same value (%s)", (locale) => {
    for (const v of generated) {
      const text = formatNumber(v, locale);
      expect(parseLooseNumber(text), text).toEqual({ ok: true, value: v });
    }
  });

  it.each(LOCALES)("formatAmount then parseAmount gives the same value (%s)", (locale) => {
    for (const unit of ["usd_million", "vnd_billion"] as const) {
      const s = spec(unit, { min: -1e13, max: null });
      for (const v of generated) {
        const text = formatAmount(v, unit, locale);
        expect(parseAmount(text, s), text).toEqual({ ok: true, value: v, converted: false });
      }
    }
  });

  it.each(LOCALES)("integer counts survive a round trip (%s)", (locale) => {
    for (const v of generated) {
      const n = Math.abs(Math.trunc(v));
      const text = formatAmount(n, "people", locale);
      expect(parseAmount(text, PEOPLE), text).toEqual({ ok: true, value: n, converted: false });
    }
  });

  it.each(LOCALES)("every unit label parses back into its own unit (%s)", (locale) => {
    for (const code of Object.keys(UNITS).filter(isUnitCode)) {
      const text = formatAmount(1234, code, locale);
      expect(parseAmount(text, spec(code)), text).toEqual({ ok: true, value: 1234, converted: false });
    }
  });

  it.each(LOCALES)("formatPercent then parseAmount as percent gives the percentage (%s)", (locale) => {
    for (const ratio of [0.877, 1.042, 1.46, 0.19, 0.005, 12.3456]) {
      const text = formatPercent(ratio, locale);
      const r = parseAmount(text, spec("percent", { decimals: 1 }));
      expect(r.ok, text).toBe(true);
      if (r.ok) expect(r.value).toBeCloseTo(ratio * 100, 1);
    }
  });
});
