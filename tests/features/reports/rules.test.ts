import { describe, expect, it } from "vitest";
import { diffValues, isLate, looksLikePaste, MAX_CHOICES, parsePaste, plausibility, type IndicatorDef } from "../../../src/features/reports/rules/reports.js";
import { matchIndicator } from "../../../src/features/reports/rules/indicator-match.js";

const ind = (code: string, nameVi: string, nameEn: string, extra: Partial<IndicatorDef> = {}): IndicatorDef => ({
  id: 0, code, nameVi, nameEn, unit: "projects", kind: "flow", valueType: "integer", decimals: 0, min: 0, max: 1000, aliases: [], ...extra,
});
const catalogue = [
  ind("fdi_new", "Dự án FDI cấp mới", "New FDI projects", { aliases: ["FDI cấp mới"] }),
  ind("fdi_capital", "Vốn đầu tư FDI", "FDI capital", { unit: "usd_million", valueType: "decimal", decimals: 2, max: 20000 }),
  ind("workers", "Lao động", "Workers", { unit: "people", kind: "stock", max: 2_000_000 }),
];

describe("names", () => {
  it("compare without case, diacritics or punctuation", () => {
    const code = (label: string) => {
      const m = matchIndicator(label, catalogue);
      return m.kind === "one" ? m.indicator.code : m.kind;
    };
    expect(code("VON DAU TU FDI")).toBe("fdi_capital");
    expect(code("fdi cấp mới")).toBe("fdi_new");
    expect(code("2. Workers")).toBe("workers");
    expect(code("nothing")).toBe("none");
  });
});

describe("paste mode", () => {
  it("reads codes and names in both languages, with :, = or tab", () => {
    const r = parsePaste("fdi_new: 12\nFDI capital = 7.081,7\nLao động\t1.265.945", catalogue);
    expect(r).toEqual({ values: { fdi_new: 12, fdi_capital: 7081.7, workers: 1265945 }, problems: [] });
  });

  it("lists each line it could not use, with the reason", () => {
    const r = parsePaste("fdi_new: 1,5\nnonsense line\nelectricity: 4\nworkers: 10\nworkers: 11\n\nFDI capital: 5 tỷ đồng", catalogue);
    expect(r.values).toEqual({ workers: 10 });
    expect(r.problems.map((p) => [p.line, p.reason, p.error?.code])).toEqual([
      [1, "bad_value", "not_integer"],
      [2, "no_separator", undefined],
      [3, "unknown_indicator", undefined],
      [5, "duplicate", undefined],
      [7, "bad_value", "wrong_unit"],
    ]);
  });

  it("asks back a line that names several indicators, with the value read for each", () => {
    const r = parsePaste("FDI: 5\nFDI: 2,5\nfdi_new: 3", catalogue);
    expect(r.values).toEqual({ fdi_new: 3 });
    expect(r.problems).toEqual([
      { line: 1, text: "FDI: 5", reason: "ambiguous", choices: [{ code: "fdi_new", value: 5 }, { code: "fdi_capital", value: 5 }] },
      { line: 2, text: "FDI: 2,5", reason: "ambiguous", choices: [{ code: "fdi_new", error: { code: "not_integer" } }, { code: "fdi_capital", value: 2.5 }] },
    ]);
  });

  it("a unit typed with the value rules out indicators counted in another unit; bounds and decimals do not", () => {
    const r = parsePaste("FDI: 12 dự án\nFDI = 402,76 triệu USD\nFDI: 5 tỷ đồng", catalogue);
    expect(r.values).toEqual({ fdi_new: 12, fdi_capital: 402.76 });
    // No indicator takes VND: the line is still asked about, and the choice shows why it fails.
    expect(r.problems).toEqual([
      {
        line: 3, text: "FDI: 5 tỷ đồng", reason: "ambiguous",
        choices: [
          { code: "fdi_new", error: { code: "wrong_unit", given: "tỷ đồng", expected: "projects" } },
          { code: "fdi_capital", error: { code: "wrong_unit", given: "tỷ đồng", expected: "usd_million" } },
        ],
      },
    ]);
  });

  it("a line that may name more indicators than can be offered asks for more of the name", () => {
    const many = Array.from({ length: MAX_CHOICES + 1 }, (_, k) => ind(`c${k}`, `Chỉ số FDI loại ${k}`, `FDI measure ${k}`));
    expect(parsePaste("FDI: 5", many).problems).toEqual([{ line: 1, text: "FDI: 5", reason: "vague", candidates: MAX_CHOICES + 1 }]);
    expect(parsePaste("FDI: 5", many.slice(0, MAX_CHOICES)).problems[0]?.reason).toBe("ambiguous");
  });

  it("recognises a paste", () => {
    expect(looksLikePaste("fdi_new: 12")).toBe(true);
    expect(looksLikePaste("12")).toBe(false);
    expect(looksLikePaste("7.081,7")).toBe(false);
    expect(looksLikePaste("12:30")).toBe(false);
  });
});

describe("plausibility", () => {
  it("asks back for ten times last month or a tenth of it", () => {
    expect(plausibility(120, 12, undefined)).toMatchObject({ far: true, base: 12 });
    expect(plausibility(1, 12, undefined)).toMatchObject({ far: true });
    expect(plausibility(30, 12, undefined)).toEqual({ far: false });
    expect(plausibility(0, 50, undefined)).toMatchObject({ far: true });
  });
  it("falls back to last year, and says nothing without history or with a zero base", () => {
    expect(plausibility(500, undefined, 40)).toMatchObject({ far: true, base: 40 });
    expect(plausibility(500, undefined, undefined)).toEqual({ far: false });
    expect(plausibility(500, 0, undefined)).toEqual({ far: false });
  });
});

describe("differences and lateness", () => {
  it("lists changed, added and removed values in catalogue order", () => {
    expect(diffValues({ fdi_new: 1, workers: 5 }, { fdi_new: 2, fdi_capital: 3 }, catalogue)).toEqual([
      { code: "fdi_new", old: 1, new: 2 },
      { code: "fdi_capital", old: null, new: 3 },
      { code: "workers", old: 5, new: null },
    ]);
  });
  it("late is strictly after the deadline", () => {
    const d = new Date("2026-11-05T10:00:00Z");
    expect(isLate(d, d)).toBe(false);
    expect(isLate(new Date(d.getTime() + 1), d)).toBe(true);
  });
});
