// The 2022 article's figures, reproduced to the unit by the year summary.
import { describe, expect, it } from "vitest";
import { articleSummaryInput } from "../../fixtures/article-2022.js";
import { summarize, yearRange } from "../../../src/features/summaries/rules.js";
import { comparisonText, summaryText } from "../../../src/features/summaries/views.js";
import { createI18n } from "../../../src/shared/i18n/messages.js";
import { formatNumber } from "../../../src/shared/bloc/numbers.js";

describe("the 2022 year summary", () => {
  const s = summarize(articleSummaryInput(yearRange(2022)));
  const i18n = createI18n("vi");
  const vi = (k: string, v?: Record<string, string | number>) => i18n.t("vi", k, v);
  const line = (code: string) => {
    const tot = s.totals.find((x) => x.indicator.code === code)!;
    return `${formatNumber(tot.total!, "vi", tot.indicator.decimals)} — ${comparisonText(vi, tot.indicator, tot.ratio, s.range, "vi")}`;
  };

  it("prints the article's numbers exactly", () => {
    const total = (code: string) => s.totals.find((x) => x.indicator.code === code)!.total;
    expect(total("fdi_new")! + total("ddi_new")!).toBe(291);
    expect(line("fdi_new")).toMatch(/^166 /);
    expect(line("ddi_new")).toMatch(/^125 /);
    expect(line("fdi_adjust")).toMatch(/^625 /);
    expect(line("ddi_adjust")).toMatch(/^167 /);
    expect(line("fdi_capital")).toBe("7.081,7 — bằng 87,7% so với năm 2021");
    expect(line("ddi_capital")).toMatch(/^76\.404,8 /);
    expect(line("fdi_revenue")).toBe("154.004,8 — bằng 104,2% so với năm 2021");
    expect(line("ddi_revenue")).toBe("387.188,8 — bằng 146% so với năm 2021");
    expect(line("fdi_budget")).toMatch(/^4\.645,6 /);
    expect(line("ddi_budget")).toMatch(/^38\.676,1 /);
    expect(line("workers")).toBe("1.265.945 — tăng 19% so với năm 2021"); // a stock: December, not a sum
    expect(line("zones_operating")).toMatch(/^90 /);
  });

  it("says so in the summary message", () => {
    const text = summaryText(vi, s, "vi", "Khối", 0);
    expect(text).toContain("<b>7.081,7</b> triệu USD — bằng 87,7% so với năm 2021");
    expect(text).toContain("<b>1.265.945</b> người — tăng 19% so với năm 2021");
    expect(text).toContain("Số liệu: 132/132 báo cáo tháng (100%)");
  });
});
