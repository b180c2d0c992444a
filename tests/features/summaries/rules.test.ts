import { describe, expect, it } from "vitest";
import type { IndicatorDef } from "../../../src/features/reports/rules/reports.js";
import { monthRange, parseRange, quarterRange, summarize, yearRange, ytdRange, type MonthlyValue } from "../../../src/features/summaries/rules.js";
import { comparisonText, parseRangeToken, rangeToken, summaryText } from "../../../src/features/summaries/views.js";
import { createI18n } from "../../../src/shared/i18n/messages.js";

const ind = (code: string, kind: "flow" | "stock", unit: IndicatorDef["unit"], decimals = 0): IndicatorDef => ({
  id: 0, code, nameVi: code, nameEn: code, unit, kind, valueType: decimals ? "decimal" : "integer", decimals, min: 0, max: null, aliases: [],
});
const capital = ind("capital", "flow", "usd_million", 2);
const workers = ind("workers", "stock", "people");
const boards = [1, 2, 3].map((id) => ({ id, code: `B${id}`, shortName: `Board ${id}`, name: `Board ${id}` }));
const v = (boardId: number, year: number, month: number, indicator: string, value: number): MonthlyValue => ({ boardId, year, month, indicator, value });

describe("aggregation", () => {
  const values = [
    v(1, 2026, 1, "capital", 0.1), v(1, 2026, 2, "capital", 0.2), v(2, 2026, 1, "capital", 100.05),
    v(1, 2026, 1, "workers", 1000), v(1, 2026, 2, "workers", 1100), v(2, 2026, 1, "workers", 500),
    v(1, 2025, 1, "capital", 50), v(2, 2025, 2, "capital", 50.35), v(1, 2025, 2, "workers", 1000), v(2, 2025, 2, "workers", 600),
    v(1, 2025, 12, "capital", 999), v(1, 2025, 12, "workers", 9999),
  ];
  const submissions = [
    { boardId: 1, year: 2026, month: 1, late: false }, { boardId: 1, year: 2026, month: 2, late: true }, { boardId: 2, year: 2026, month: 1, late: false },
  ];
  const s = summarize({ range: ytdRange(2026, 2), indicators: [capital, workers], boards, values, submissions });

  it("sums flows over months and boards exactly (no float drift)", () => {
    expect(s.totals[0]!.total).toBe(100.35);
    expect(s.totals[0]!.previous).toBe(100.35);
    expect(s.totals[0]!.ratio).toBe(1);
  });

  it("takes each board's latest month for a stock, never a sum of months", () => {
    // Board 1 at February (1.100) + board 2 at January, its latest (500).
    expect(s.totals[1]!.total).toBe(1600);
    expect(s.totals[1]!.previous).toBe(1600);
    expect(s.byBoard[0]!.values.workers).toBe(1100);
  });

  it("does not reach across the year boundary", () => {
    // December 2025 belongs to neither January–February 2026 nor January–February 2025.
    expect(s.byMonth.map((m) => [m.year, m.month])).toEqual([[2026, 1], [2026, 2]]);
    const q1 = summarize({ range: quarterRange(2026, 1), indicators: [capital], boards, values, submissions });
    expect(q1.totals[0]!.total).toBe(100.35);
    const dec = summarize({ range: monthRange({ year: 2025, month: 12 }), indicators: [capital], boards, values, submissions: [] });
    expect(dec.totals[0]!.total).toBe(999);
    expect(dec.totals[0]!.previous).toBeNull();
  });

  it("reports completeness, missing and late boards", () => {
    expect(s.completeness).toMatchObject({ received: 3, expected: 6 });
    expect(s.completeness.missing.map((b) => b.id)).toEqual([2, 3]);
    expect(s.completeness.late.map((b) => b.id)).toEqual([1]);
    expect(s.byBoard[2]!.values.capital).toBeNull(); // no figure is not zero
  });

  it("has no ratio without a base, or with a zero base", () => {
    const zero = summarize({ range: monthRange({ year: 2026, month: 1 }), indicators: [capital], boards, values: [v(1, 2026, 1, "capital", 5), v(1, 2025, 1, "capital", 0)], submissions: [] });
    expect(zero.totals[0]!.ratio).toBeNull();
    const none = summarize({ range: monthRange({ year: 2026, month: 1 }), indicators: [capital], boards, values: [v(1, 2026, 1, "capital", 5)], submissions: [] });
    expect(none.totals[0]!.previous).toBeNull();
    expect(none.totals[0]!.ratio).toBeNull();
  });
});

describe("ranges", () => {
  const latest = { year: 2026, month: 10 };
  it("parses what people type", () => {
    expect(parseRange("", latest)).toEqual(monthRange(latest));
    expect(parseRange("2026-09", latest)?.months).toEqual([{ year: 2026, month: 9 }]);
    expect(parseRange("Q3 2026", latest)).toEqual(quarterRange(2026, 3));
    expect(parseRange("2026q3", latest)).toEqual(quarterRange(2026, 3));
    expect(parseRange("2025", latest)).toEqual(yearRange(2025));
    expect(parseRange("2026", latest)).toEqual(ytdRange(2026, 10)); // the running year: to date
    expect(parseRange("ytd", latest)).toEqual(ytdRange(2026, 10));
    for (const bad of ["2026-13", "Q5 2026", "soon", "1999", "12/3000", "2026-11", "2027"]) expect(parseRange(bad, latest)).toBeNull();
    // A running quarter covers its months so far.
    expect(parseRange("Q4 2026", latest)?.months).toEqual([{ year: 2026, month: 10 }]);
  });
  it("round-trips through button data and refuses forged tokens", () => {
    for (const r of [monthRange({ year: 2026, month: 3 }), quarterRange(2026, 4), yearRange(2025), ytdRange(2026, 7)]) expect(parseRangeToken(rangeToken(r))).toEqual(r);
    for (const bad of ["m2026-13", "q2026-5", "y2026-1", "x2026", "m20261", "t2026"]) expect(parseRangeToken(bad)).toBeNull();
  });
});

describe("wording and formatting", () => {
  const i18n = createI18n("vi");
  const vi = (k: string, v?: Record<string, string | number>) => i18n.t("vi", k, v);
  const en = (k: string, v?: Record<string, string | number>) => i18n.t("en", k, v);
  it("writes comparisons the bloc's way", () => {
    expect(comparisonText(vi, capital, 0.877, yearRange(2022), "vi")).toBe("bằng 87,7% so với năm 2021");
    expect(comparisonText(vi, capital, 1.46, monthRange({ year: 2022, month: 5 }), "vi")).toBe("bằng 146% so với cùng kỳ");
    expect(comparisonText(vi, workers, 1.19, yearRange(2022), "vi")).toBe("tăng 19% so với năm 2021");
    expect(comparisonText(vi, workers, 0.95, yearRange(2022), "vi")).toBe("giảm 5% so với năm 2021");
    expect(comparisonText(vi, workers, null, yearRange(2022), "vi")).toBe("chưa có số liệu cùng kỳ");
    expect(comparisonText(en, capital, 0.877, yearRange(2022), "en")).toBe("87.7% of 2021");
    expect(comparisonText(en, workers, 1.19, quarterRange(2022, 2), "en")).toBe("up 19% on the same period last year");
  });
  it("formats the summary message in both locales, escaping names", () => {
    const s = summarize({
      range: monthRange({ year: 2026, month: 1 }), indicators: [capital, workers],
      boards: [{ id: 1, code: "A", shortName: "A<b>", name: "A" }, { id: 2, code: "B", shortName: "B", name: "B" }],
      values: [v(1, 2026, 1, "capital", 7081.7), v(1, 2026, 1, "workers", 1265945)], submissions: [{ boardId: 1, year: 2026, month: 1, late: false }],
    });
    const textVi = summaryText(vi, s, "vi", "Khối <ĐBSH>", 0);
    expect(textVi).toContain("<b>7.081,7</b> triệu USD");
    expect(textVi).toContain("<b>1.265.945</b> người");
    expect(textVi).toContain("Khối &lt;ĐBSH&gt;");
    expect(textVi).toContain("Thiếu: B.");
    expect(textVi).toContain("A&lt;b&gt;");
    const textEn = summaryText(en, s, "en", "Bloc", 0);
    expect(textEn).toContain("<b>7,081.7</b> million USD");
    expect(textEn).toContain("Summary for January 2026");
  });
});

describe("membership changes", () => {
  const A = { id: 1, code: "A", shortName: "A", name: "A", lastMonth: { year: 2026, month: 5 } }; // merged into C in June
  const C = { id: 3, code: "C", shortName: "C", name: "C" };
  const values: MonthlyValue[] = [];
  for (let m = 1; m <= 12; m++) {
    if (m <= 5) values.push(v(1, 2026, m, "workers", 1000), v(1, 2026, m, "capital", 1));
    values.push(v(3, 2026, m, "workers", m <= 5 ? 5000 : 6000), v(3, 2026, m, "capital", 2));
  }
  const submissions = values.filter((x) => x.indicator === "workers").map((x) => ({ boardId: x.boardId, year: x.year, month: x.month, late: false }));
  const s = summarize({ range: yearRange(2026), indicators: [capital, workers], boards: [A, C], values, submissions });

  it("a merged board's stock is not counted again at the year's end; its flows still are", () => {
    expect(s.totals.find((t) => t.indicator.code === "workers")!.total).toBe(6000);
    expect(s.totals.find((t) => t.indicator.code === "capital")!.total).toBe(5 + 24);
  });

  it("a merged board owes only the months it was a member", () => {
    expect(s.completeness).toMatchObject({ received: 17, expected: 17 });
    expect(s.completeness.missing).toEqual([]);
  });
});
