// The indicator matcher over the example bloc file: each indicator written the ways
// people write it, lines that name several equally well, and nonsense.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseBlocFile } from "../../../src/shared/bloc/bloc-file.js";
import { INDICATOR_VOCABULARY, matchIndicator, type IndicatorMatch } from "../../../src/features/reports/rules/indicator-match.js";
import { type IndicatorDef } from "../../../src/features/reports/rules/reports.js";
import { foldedWords } from "../../../src/shared/bloc/text.js";

const example = parseBlocFile(readFileSync("config/bloc.example.yaml", "utf8"));
const EXAMPLE: IndicatorDef[] = example.indicators.map((i, n) => ({
  id: n + 1, code: i.code, nameVi: i.nameVi, nameEn: i.nameEn, unit: i.unit as IndicatorDef["unit"], kind: i.kind, valueType: i.valueType,
  decimals: i.decimals, min: i.min, max: i.max, aliases: i.aliases,
}));

function shown(m: IndicatorMatch<IndicatorDef>): string | string[] | null {
  if (m.kind === "one") return m.indicator.code;
  if (m.kind === "several") return m.candidates.map((c) => c.code);
  return null;
}
const match = (label: string) => shown(matchIndicator(label, EXAMPLE));

describe("each indicator of the example bloc, written the ways people write it", () => {
  // The example's names, aliases and codes, plus how they are typed: without accents,
  // in capitals, abbreviated, in another order, in part, in English.
  const WRITTEN: Record<string, string[]> = {
    fdi_new: [
      "Dự án FDI cấp mới Giấy chứng nhận đăng ký đầu tư", "Dự án FDI cấp mới", "du an fdi cap moi", "DỰ ÁN FDI CẤP MỚI",
      "DA FDI cấp mới", "Số DA FDI cấp mới GCNĐKĐT", "cấp mới dự án FDI", "FDI cấp mới", "dự án FDI", "Dự án FDI mới",
      "Dự án đầu tư trực tiếp nước ngoài cấp mới", "New FDI projects licensed", "new FDI projects", "FDI projects", "fdi_new", "FDI_NEW",
      "1. Dự án FDI cấp mới", "- Dự án FDI cấp mới (dự án)", "Ðự án FDI cấp mới" /* Ð: U+00D0, a look-alike of Đ */, "Dự án ĐTNN cấp mới",
    ],
    ddi_new: [
      "Dự án DDI cấp mới Giấy chứng nhận đăng ký đầu tư", "Dự án DDI cấp mới", "du an DDI cap moi", "DA DDI", "cấp mới dự án DDI",
      "DDI cấp mới", "Dự án đầu tư trong nước cấp mới", "New domestic (DDI) projects licensed", "new domestic projects", "ddi_new",
    ],
    fdi_adjust: [
      "Lượt điều chỉnh dự án FDI", "luot dieu chinh du an fdi", "LƯỢT ĐIỀU CHỈNH DỰ ÁN FDI", "điều chỉnh FDI", "ĐC dự án FDI",
      "dự án FDI điều chỉnh", "FDI điều chỉnh GCN", "FDI licence adjustments", "FDI adjustments", "fdi_adjust",
    ],
    ddi_adjust: [
      "Lượt điều chỉnh dự án DDI", "luot dieu chinh du an ddi", "điều chỉnh DDI", "ĐC DA DDI", "DDI điều chỉnh",
      "Dự án trong nước điều chỉnh", "DDI licence adjustments", "domestic adjustments", "ddi_adjust",
    ],
    fdi_capital: [
      "Vốn đầu tư FDI đăng ký cấp mới và tăng thêm", "von dau tu fdi dang ky cap moi va tang them", "VỐN FDI", "vốn FDI", "von FDI",
      "Vốn ĐK FDI (tr USD)", "Vốn ĐK FDI (triệu USD)", "FDI vốn đăng ký", "Vốn đầu tư trực tiếp nước ngoài", "Tổng vốn FDI thu hút",
      "FDI capital, new and added", "FDI capital", "capital FDI", "fdi_capital",
    ],
    ddi_capital: [
      "Vốn đầu tư DDI đăng ký cấp mới và tăng thêm", "vốn DDI", "von ddi", "Vốn ĐK DDI (tỷ đ)", "Vốn đầu tư trong nước",
      "DDI vốn đăng ký cấp mới", "DDI capital, new and added", "domestic capital", "ddi_capital",
    ],
    fdi_revenue: [
      "Doanh thu của doanh nghiệp FDI", "doanh thu cua doanh nghiep fdi", "DOANH THU FDI", "doanh thu FDI", "Doanh thu DN FDI",
      "FDI doanh thu", "Doanh thu (triệu USD)", "Doanh thu doanh nghiệp có vốn nước ngoài", "Doanh thu của DN có vốn ĐTNN", "Revenue of FDI firms",
      "FDI revenue", "fdi_revenue",
    ],
    ddi_revenue: [
      "Doanh thu của doanh nghiệp DDI", "doanh thu DDI", "Doanh thu DN DDI", "DDI doanh thu", "Doanh thu (tỷ đồng)",
      "Doanh thu doanh nghiệp trong nước", "Revenue of DDI firms", "domestic firms revenue", "ddi_revenue",
    ],
    fdi_budget: [
      "Nộp ngân sách nhà nước của doanh nghiệp FDI", "nop ngan sach nha nuoc cua doanh nghiep fdi", "ngân sách FDI", "nộp ngân sách FDI",
      "Nộp NSNN DN FDI", "FDI nộp ngân sách", "NS FDI (tr USD)", "State-budget payments of FDI firms", "FDI budget payments", "fdi_budget",
    ],
    ddi_budget: [
      "Nộp ngân sách nhà nước của doanh nghiệp DDI", "ngân sách DDI", "nộp ngân sách DDI", "Nộp NSNN DN DDI", "DDI nộp NSNN",
      "State-budget payments of DDI firms", "domestic budget payments", "ddi_budget",
    ],
    workers: [
      "Lao động làm việc trong các KCN, KKT", "lao dong lam viec trong cac kcn, kkt", "LAO ĐỘNG", "lao động", "LĐ", "Số lao động",
      "số LĐ", "người lao động", "Lao động làm việc trong khu công nghiệp, khu kinh tế", "Lao động (người)", "Workers employed in the zones",
      "Workers", "labour", "employees", "workers",
    ],
    zones_operating: [
      "Số KCN đang hoạt động", "so kcn dang hoat dong", "SỐ KCN ĐANG HOẠT ĐỘNG", "KCN hoạt động", "số KCN", "KCN",
      "Số khu công nghiệp đang hoạt động", "Số KCN đã đi vào hoạt động", "hoạt động KCN", "Industrial zones in operation", "industrial zones operating",
      "zones_operating",
    ],
  };

  it("covers every indicator of the example", () => {
    expect(Object.keys(WRITTEN).sort()).toEqual(EXAMPLE.map((i) => i.code).sort());
  });

  for (const [code, labels] of Object.entries(WRITTEN)) {
    it(`${code}: ${labels.length} ways`, () => {
      expect(labels.map((l) => [l, match(l)])).toEqual(labels.map((l) => [l, code]));
    });
  }
});

describe("lines that name several indicators equally well", () => {
  it.each([
    ["FDI", ["fdi_new", "fdi_adjust", "fdi_capital", "fdi_revenue", "fdi_budget"]],
    ["ddi", ["ddi_new", "ddi_adjust", "ddi_capital", "ddi_revenue", "ddi_budget"]],
    ["Dự án", ["fdi_new", "ddi_new", "fdi_adjust", "ddi_adjust"]],
    ["Lượt điều chỉnh", ["fdi_adjust", "ddi_adjust"]],
    ["Doanh thu", ["fdi_revenue", "ddi_revenue"]],
    ["Vốn ĐK", ["fdi_capital", "ddi_capital"]],
    ["vốn đầu tư đăng ký", ["fdi_capital", "ddi_capital"]],
    ["Nộp ngân sách", ["fdi_budget", "ddi_budget"]],
    ["Doanh nghiệp FDI", ["fdi_revenue", "fdi_budget"]],
    ["zones", ["workers", "zones_operating"]],
  ])("%s", (label, candidates) => {
    expect(match(label)).toEqual(candidates);
  });

  it("two indicators sharing an alias are asked about, not decided by catalogue order", () => {
    const twins = [
      { ...EXAMPLE[0]!, code: "a", aliases: ["dự án mới"] },
      { ...EXAMPLE[1]!, code: "b", aliases: ["dự án mới"] },
    ];
    expect(shown(matchIndicator("Dự án mới", twins))).toEqual(["a", "b"]);
  });
});

describe("what names no indicator", () => {
  it.each(["nonsense", "tiền điện", "electricity", "Tháng 10", "2026", "", "   ", "---", "Báo cáo", "số", "xyz abc def", "Vốn FDI xyz abc def ghi"])("%j", (label) => {
    expect(match(label)).toBeNull();
  });
});

describe("the vocabulary", () => {
  it("is written folded, so that it matches folded text", () => {
    for (const [meaning, forms] of Object.entries(INDICATOR_VOCABULARY)) {
      for (const w of [meaning, ...forms]) expect(foldedWords(w.replace(/ \+ /g, " ")).join(" "), w).toBe(w.replace(/ \+ /g, " "));
    }
  });

  it("applies to the bloc's names as to the lines: an abbreviation in a name matches the words written out", () => {
    const cat = [{ ...EXAMPLE[0]!, code: "x", nameVi: "Diện tích KCN", nameEn: "Area", aliases: [] }, { ...EXAMPLE[1]!, code: "y", nameVi: "Diện tích đất ở", nameEn: "Land", aliases: [] }];
    expect(shown(matchIndicator("diện tích khu công nghiệp", cat))).toBe("x");
  });
});
