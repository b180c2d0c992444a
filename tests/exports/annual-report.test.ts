import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import JSZip from "jszip";
import type { IndicatorDef } from "../../src/domain/reports.js";
import { summarize, yearRange, type Summary } from "../../src/domain/summary.js";
import { annualReportDocx, type AnnualReportInput, type Translate } from "../../src/exports/annual-report.js";
import { articleSummaryInput } from "../fixtures/article-2022.js";
import { localeKeys, strictTranslator } from "../harness/translate.js";

// The keys the report uses, as they are meant for locales/*.ftl (kept here so the
// test does not depend on files others edit).

const translator = strictTranslator;

/** The document's text, one line per paragraph (runs joined), entities decoded. */
async function docText(buf: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(buf);
  const xml = await zip.file("word/document.xml")!.async("string");
  const decode = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");
  return [...xml.matchAll(/<w:p\b[^>]*>([\s\S]*?)<\/w:p>/g)]
    .map((p) => [...p[1]!.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((t) => decode(t[1]!)).join(""))
    .join("\n");
}

const HN = "Ban Quản lý các KCN và CX Hà Nội";
const HP = "Ban Quản lý KKT Hải Phòng";
const BN = "Ban Quản lý các KCN Bắc Ninh";
const ND = "Ban Quản lý các KCN Nam Định";
const NB = "Ban Quản lý các KCN Ninh Bình";
const BLOC = "Khối thi đua các Ban Quản lý KCN, KKT vùng Đồng bằng sông Hồng";

function input(summary: Summary, extra: Partial<AnnualReportInput> = {}): AnnualReportInput {
  return {
    summary, blocName: BLOC, year: summary.range.year,
    leader: "Ban Quản lý các KCN Hà Nam", deputy: "Ban Quản lý các KCN Vĩnh Phúc",
    proposals: [
      { award: "Cờ thi đua của Bộ trưởng", boards: [HP, ND] },
      { award: "Bằng khen của Bộ trưởng", boards: [NB, BN, HN] },
    ],
    t: translator("vi"), ...extra,
  };
}

const s2022 = summarize(articleSummaryInput(yearRange(2022)));

describe("annualReportDocx", () => {
  it("writes the 2022 figures the way the article does", async () => {
    const buf = await annualReportDocx(input(s2022));
    expect(Buffer.isBuffer(buf)).toBe(true);
    const text = await docText(buf);
    for (const s of [
      "291 dự án, gồm 166 dự án FDI và 125 dự án DDI",
      "7.081,7 triệu USD, bằng 87,7% so với năm 2021",
      "154.004,8 triệu USD, bằng 104,2% so với năm 2021",
      "bằng 146% so với năm 2021",
      "1.265.945 người",
      "tăng 19%",
    ]) expect(text).toContain(s);

    // The article's sentences, word for word where the article has no extra comparison.
    expect(text).toContain(
      "Năm 2022 đã cấp mới Giấy chứng nhận đăng ký đầu tư cho 291 dự án, gồm 166 dự án FDI và 125 dự án DDI; " +
        "thực hiện điều chỉnh Giấy chứng nhận đăng ký đầu tư cho 792 lượt dự án, trong đó có 625 lượt dự án FDI và 167 lượt dự án DDI; " +
        "tổng vốn đầu tư cấp mới và điều chỉnh tăng thêm trong năm 2022 của các dự án FDI ước đạt 7.081,7 triệu USD, bằng 87,7% so với năm 2021 và dự án DDI ước đạt 76.404,8 tỷ đồng",
    );
    expect(text).toContain("tổng doanh thu khối doanh nghiệp DDI ước đạt 387.188,8 tỷ đồng, bằng 146% so với năm 2021");
    expect(text).toContain("nộp ngân sách nhà nước của khối doanh nghiệp FDI và DDI lần lượt ước đạt 4.645,6 triệu USD");
    expect(text).toContain("38.676,1 tỷ đồng");
    expect(text).toContain("tạo việc làm ổn định cho người lao động trong các KCN, KKT là 1.265.945 người, ước tăng 19% so với năm 2021.");
    // Other indicators: the generic sentence (a stock: "tăng").
    expect(text).toContain("Số KCN đang hoạt động: 90 KCN, tăng 5,9% so với năm 2021.");
    expect(text).toContain("BÁO CÁO TỔNG KẾT CÔNG TÁC THI ĐUA, KHEN THƯỞNG NĂM 2022");
    expect(text).toContain(BLOC);
    // Every month of every board arrived: no note about missing reports.
    expect(text).not.toContain("Ghi chú");
  });

  it("elects the leader and deputy for the next year and lists the proposals", async () => {
    const text = await docText(await annualReportDocx(input(s2022)));
    expect(text).toContain("III. BẦU KHỐI TRƯỞNG, KHỐI PHÓ KHỐI THI ĐUA NĂM 2023");
    expect(text).toContain(
      "Các thành viên Khối thi đua đã tín nhiệm bầu Ban Quản lý các KCN Hà Nam làm Khối trưởng Khối thi đua năm 2023 và Ban Quản lý các KCN Vĩnh Phúc làm Khối phó Khối thi đua năm 2023.",
    );
    expect(text).toContain(
      `các thành viên Khối thi đua đã nhất trí đề nghị tặng Cờ thi đua của Bộ trưởng cho ${HP} và ${ND}; ` +
        `tặng Bằng khen của Bộ trưởng cho ${NB}, ${BN} và ${HN}.`,
    );
  });

  it("has a table by board with the key indicators in Vietnamese number style", async () => {
    const buf = await annualReportDocx(input(s2022));
    const xml = await (await JSZip.loadAsync(buf)).file("word/document.xml")!.async("string");
    expect(xml).toContain("<w:tbl>");
    expect(xml).toContain('w:orient="landscape"');
    const text = await docText(buf);
    const lines = text.split("\n");
    for (const h of ["STT", "Đơn vị", "Dự án FDI cấp mới Giấy chứng nhận đăng ký đầu tư (dự án)", "Vốn đầu tư FDI đăng ký cấp mới và tăng thêm (triệu USD)", "Lao động làm việc trong các KCN, KKT (người)"]) {
      expect(lines).toContain(h);
    }
    // A row per board, in roster order, then the bloc total.
    const i = lines.indexOf("Hà Nội");
    expect(i).toBeGreaterThan(0);
    const hn = s2022.byBoard[0]!;
    expect(lines.slice(i - 1, i + 8)).toEqual([
      "1", "Hà Nội",
      String(hn.values.fdi_new), String(hn.values.ddi_new),
      new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 2 }).format(hn.values.fdi_capital!),
      new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 2 }).format(hn.values.ddi_capital!),
      new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 2 }).format(hn.values.fdi_revenue!),
      new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 2 }).format(hn.values.ddi_revenue!),
      new Intl.NumberFormat("vi-VN").format(hn.values.workers!),
    ]);
    const total = lines.indexOf("Toàn Khối");
    expect(lines.slice(total, total + 8)).toEqual(["Toàn Khối", "166", "125", "7.081,7", "76.404,8", "154.004,8", "387.188,8", "1.265.945"]);
    expect(lines.indexOf("Thái Bình")).toBeLessThan(total);
  });

  it("leaves the comparison out when there is no base year", async () => {
    const s2021 = summarize(articleSummaryInput(yearRange(2021)));
    const text = await docText(await annualReportDocx(input(s2021, { leader: null, deputy: null, proposals: [] })));
    expect(text).toContain("cho 260 dự án, gồm 150 dự án FDI và 110 dự án DDI");
    expect(text).toContain("của các dự án FDI ước đạt 8.075 triệu USD và dự án DDI ước đạt 70.000 tỷ đồng.");
    expect(text).toContain("là 1.063.819 người.");
    expect(text).not.toContain("so với năm 2020");
    expect(text).not.toContain("ước tăng");
    expect(text).toContain("Khối thi đua chưa bầu Khối trưởng, Khối phó năm 2022.");
    expect(text).toContain("Khối thi đua không có đề nghị khen thưởng năm 2021.");
  });

  it("writes decreases of stocks as 'giảm', and only the officers it has", async () => {
    const s: Summary = {
      ...s2022,
      totals: s2022.totals.map((x) => (x.indicator.code === "workers" ? { ...x, total: 1000000, ratio: 1000000 / (x.previous ?? 1) } : x)),
    };
    const text = await docText(await annualReportDocx(input(s, { deputy: null })));
    expect(text).toContain("là 1.000.000 người, ước giảm 6% so với năm 2021.");
    expect(text).toContain("bầu Ban Quản lý các KCN Hà Nam làm Khối trưởng Khối thi đua năm 2023.");
    expect(text).not.toContain("Khối phó Khối thi đua năm 2023");
  });

  it("gives any other indicator, or an incomplete group, the generic sentence", async () => {
    const base = articleSummaryInput(yearRange(2022));
    const extra: IndicatorDef = {
      id: 99, code: "exports", nameVi: "Kim ngạch xuất khẩu", nameEn: "Exports", unit: "usd_million", kind: "flow",
      valueType: "decimal", decimals: 1, min: 0, max: null, aliases: [],
    };
    const indicators = [...base.indicators.filter((i) => i.code !== "ddi_new"), extra];
    const hn = base.boards[0]!.id;
    const values = [
      ...base.values,
      { boardId: hn, year: 2022, month: 1, indicator: "exports", value: 1234.5 },
      { boardId: hn, year: 2021, month: 1, indicator: "exports", value: 1000 },
    ];
    // Thái Bình's December is missing.
    const tb = base.boards.find((b) => b.code === "TB")!.id;
    const submissions = base.submissions.filter((x) => !(x.boardId === tb && x.year === 2022 && x.month === 12));
    const s = summarize({ ...base, indicators, values, submissions });
    const text = await docText(await annualReportDocx(input(s)));
    expect(text).toContain("Kim ngạch xuất khẩu: 1.234,5 triệu USD, bằng 123,5% so với năm 2021.");
    // Without ddi_new the new-projects sentence cannot be written: fdi_new gets the generic one.
    expect(text).not.toContain("dự án, gồm");
    expect(text).toContain("Dự án FDI cấp mới Giấy chứng nhận đăng ký đầu tư: 166 dự án, bằng 110,7% so với năm 2021.");
    expect(text).toContain("Năm 2022 thực hiện điều chỉnh Giấy chứng nhận đăng ký đầu tư cho 792 lượt dự án");
    expect(text).toContain("Ghi chú: số liệu được tổng hợp từ 131/132 báo cáo tháng; đơn vị chưa gửi đủ báo cáo: Thái Bình.");
  });

  it("takes all its wording from t: an English bundle gives an English report", async () => {
    const text = await docText(await annualReportDocx(input(s2022, { t: translator("en") })));
    expect(text).toContain("investment registration certificates issued for 291 new projects, 166 FDI and 125 DDI");
    expect(text).toContain("7.081,7 triệu USD, 87,7% of 2021");
    expect(text).not.toMatch(/Năm 2022|bằng 87/);
  });

  it("uses only keys of both locale files, and every annual- key there is used", () => {
    const src = readFileSync(fileURLToPath(new URL("../../src/exports/annual-report.ts", import.meta.url)), "utf8");
    const used = [...src.matchAll(/\bt\(\s*"([a-z][a-z0-9-]*)"/g)].map((m) => m[1]!);
    // Keys of this prefix used elsewhere (the command's own messages, the year-to-date variants).
    const elsewhere = readFileSync(fileURLToPath(new URL("../../src/bot/features/summary.ts", import.meta.url)), "utf8");
    const listed = localeKeys("vi").filter((k) => k.startsWith("annual-"));
    expect(localeKeys("en").filter((k) => k.startsWith("annual-"))).toEqual(listed);
    expect([...new Set(used)].filter((k) => !listed.includes(k))).toEqual([]);
    const unused = listed.filter((k) => !used.includes(k) && !used.includes(k.replace(/-ytd$/, "")) && !elsewhere.includes(`"${k}"`));
    expect(unused).toEqual([]);
    expect(used.every((k) => k.startsWith("annual-"))).toBe(true);
  });
});
