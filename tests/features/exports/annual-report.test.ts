// The year-end report as a Vietnamese administrative document (Nghị định
// 30/2020/NĐ-CP, Phụ lục I): the DOCX is unzipped and each required part is
// checked (national header and motto, issuing board, number and date to fill,
// type and subject, "Kính gửi", the sections, every indicator with both years
// and the ratio, officers and awards, "Nơi nhận", the signature block, font,
// sizes, page size and margins), and the article's figures come out exactly.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { IndicatorDef } from "../../../src/features/reports/rules/reports.js";
import { summarize, yearRange, ytdRange, type Summary } from "../../../src/features/summaries/rules.js";
import { formatNumber, formatPercent } from "../../../src/shared/bloc/numbers.js";
import { unitLabel } from "../../../src/shared/bloc/units.js";
import { annualReportDocx, APPENDIX_COLUMNS, TASK_PLACEHOLDERS, type AnnualReportInput } from "../../../src/features/exports/annual-report.js";
import { ARTICLE_2021_TOTALS, ARTICLE_2022_TOTALS, articleSummaryInput } from "../../fixtures/article-2022.js";
import { localeKeys, strictTranslator } from "../../harness/translate.js";
import { readDocx, toMm, type Docx, type Para } from "../../harness/docx.js";

const translator = strictTranslator;

/** The document's text, one line per paragraph (runs joined), entities decoded. */
async function docText(buf: Buffer): Promise<string> {
  return (await readDocx(buf)).text;
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
    issuer: { name: HP, place: "Hải Phòng" },
    leader: "Ban Quản lý các KCN Hà Nam", deputy: "Ban Quản lý các KCN Vĩnh Phúc",
    proposals: [
      { award: "Cờ thi đua của Bộ trưởng", boards: [HP, ND] },
      { award: "Bằng khen của Bộ trưởng", boards: [NB, BN, HN] },
    ],
    t: translator("vi"), ...extra,
  };
}

const s2022 = summarize(articleSummaryInput(yearRange(2022)));

/** The paragraph whose text is exactly `text` (the first one), or a failed expectation. */
function para(d: Docx, text: string | RegExp): Para {
  const p = d.paragraphs.find((x) => (typeof text === "string" ? x.text === text : text.test(x.text)));
  expect(p, `no paragraph ${String(text)}`).toBeDefined();
  return p!;
}
const indexOf = (d: Docx, text: string | RegExp) => d.paragraphs.indexOf(para(d, text));
/** The texts of a paragraph's highlighted runs: its placeholders. */
const placeholders = (p: Para) => p.runs.filter((r) => r.highlight === "yellow").map((r) => r.text);
const textRuns = (p: Para) => p.runs.filter((r) => r.text !== "");
/** Every non-empty run of the paragraph has this look. */
function looks(p: Para, look: { size: number; bold?: boolean; italics?: boolean }) {
  for (const r of textRuns(p)) {
    expect({ text: r.text, size: r.size, bold: r.bold, italics: r.italics }).toEqual({
      text: r.text, size: look.size, bold: look.bold ?? r.bold, italics: look.italics ?? r.italics,
    });
  }
}

describe("annualReportDocx: the parts of an administrative document (Nghị định 30/2020/NĐ-CP, Phụ lục I)", () => {
  it("has the national name and motto on the right of the header, the motto underlined by a rule", async () => {
    const d = await readDocx(await annualReportDocx(input(s2022)));
    const header = d.tables[0]!;
    expect(header).toHaveLength(1);
    const [left, right] = header[0]!;
    expect(right!.split("\n").slice(0, 2)).toEqual(["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]);
    looks(para(d, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), { size: 26, bold: true, italics: false });
    looks(para(d, "Độc lập - Tự do - Hạnh phúc"), { size: 28, bold: true, italics: false });
    expect(d.paragraphs[indexOf(d, "Độc lập - Tự do - Hạnh phúc") + 1]!.topBorder).toBe(true);
    expect(left).toContain("BAN QUẢN LÝ KKT HẢI PHÒNG");
  });

  it("names the issuing board (the year's leader) under the bloc, with a rule, and leaves the number to fill", async () => {
    const d = await readDocx(await annualReportDocx(input(s2022)));
    const [left] = d.tables[0]![0]!;
    expect(left!.split("\n")).toEqual([BLOC.toUpperCase(), "BAN QUẢN LÝ KKT HẢI PHÒNG", "", "Số: …/BC-…"]);
    looks(para(d, BLOC.toUpperCase()), { size: 26, bold: false });
    looks(para(d, "BAN QUẢN LÝ KKT HẢI PHÒNG"), { size: 26, bold: true });
    expect(d.paragraphs[indexOf(d, "BAN QUẢN LÝ KKT HẢI PHÒNG") + 1]!.topBorder).toBe(true);
    const number = para(d, "Số: …/BC-…");
    looks(number, { size: 26, bold: false, italics: false });
    expect(placeholders(number)).toEqual(["…", "…"]);
  });

  it("writes the place of issue (the leader's province) and leaves the date to fill, in italics", async () => {
    const d = await readDocx(await annualReportDocx(input(s2022)));
    const date = para(d, "Hải Phòng, ngày … tháng … năm …");
    looks(date, { size: 28, italics: true, bold: false });
    expect(placeholders(date)).toEqual(["…", "…", "…"]);
    expect(d.tables[0]![0]![1]).toContain("Hải Phòng, ngày … tháng … năm …");
  });

  it("without a leader recorded for the year, the issuing board and the place are placeholders", async () => {
    const d = await readDocx(await annualReportDocx(input(s2022, { issuer: null })));
    expect(placeholders(para(d, "TÊN ĐƠN VỊ KHỐI TRƯỞNG NĂM 2022"))).toEqual(["TÊN ĐƠN VỊ KHỐI TRƯỞNG NĂM 2022"]);
    expect(placeholders(para(d, /, ngày … tháng … năm …$/))).toEqual(["Địa danh", "…", "…", "…"]);
    expect(d.text).not.toContain("BAN QUẢN LÝ KKT HẢI PHÒNG");
  });

  it("has the type and subject in bold, a rule under them, then “Kính gửi” with the addressee to fill", async () => {
    const d = await readDocx(await annualReportDocx(input(s2022)));
    const type = indexOf(d, "BÁO CÁO");
    const subject = "Tổng kết công tác thi đua, khen thưởng năm 2022 và phương hướng, nhiệm vụ năm 2023";
    expect(indexOf(d, subject)).toBe(type + 1);
    looks(d.paragraphs[type]!, { size: 28, bold: true });
    looks(para(d, subject), { size: 28, bold: true });
    expect(para(d, subject).align).toBe("center");
    expect(d.paragraphs[type + 2]!.topBorder).toBe(true);
    const to = d.paragraphs[type + 3]!;
    expect(to.text).toBe("Kính gửi: Tên cơ quan, đơn vị nhận báo cáo");
    expect(placeholders(to)).toEqual(["Tên cơ quan, đơn vị nhận báo cáo"]);
    looks(to, { size: 28 });
    expect(d.paragraphs[type + 4]!.text).toMatch(new RegExp(`^Thực hiện văn bản hướng dẫn công tác thi đua, khen thưởng năm 2022, ${BLOC} báo cáo`));
  });

  it("has the four sections in order, the movements and next year's tasks as placeholders to fill", async () => {
    const d = await readDocx(await annualReportDocx(input(s2022)));
    const headings = [
      "I. KẾT QUẢ TRIỂN KHAI CÁC PHONG TRÀO THI ĐUA NĂM 2022",
      "1. Công tác chỉ đạo, tổ chức triển khai các phong trào thi đua",
      "2. Kết quả các phong trào thi đua",
      "3. Tồn tại, hạn chế và nguyên nhân",
      "II. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CHỦ YẾU NĂM 2022",
      "III. CÔNG TÁC KHEN THƯỞNG",
      "1. Bầu Khối trưởng, Khối phó Khối thi đua năm 2023",
      "2. Đề nghị khen thưởng năm 2022",
      "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2023",
    ];
    const at = headings.map((h) => indexOf(d, h));
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    for (const h of headings) looks(para(d, h), { size: 28, bold: true });
    // Under each heading of section I, one paragraph that is all placeholder.
    for (const h of headings.slice(1, 4)) {
      const next = d.paragraphs[indexOf(d, h) + 1]!;
      expect(placeholders(next)).toEqual([next.text]);
      expect(next.text.length).toBeGreaterThan(10);
    }
    // Next year's tasks: numbered placeholders.
    const tasks = d.paragraphs.slice(at.at(-1)! + 2, at.at(-1)! + 2 + TASK_PLACEHOLDERS);
    expect(tasks.map((p) => p.text)).toEqual(Array.from({ length: TASK_PLACEHOLDERS }, (_, i) => `${i + 1}. Nhiệm vụ`));
    for (const p of tasks) expect(placeholders(p)).toEqual(["Nhiệm vụ"]);
    // Body text: justified, first line indented 1 cm, 14 pt.
    const intro = para(d, /^Với những cố gắng, nỗ lực/);
    expect(intro.align).toBe("both");
    expect(toMm(intro.firstLineIndent!)).toBeCloseTo(10, 0);
    looks(intro, { size: 28 });
    expect(para(d, /^Trên đây là báo cáo tổng kết công tác thi đua, khen thưởng năm 2022/).text).toMatch(/\.\/\.$/);
  });

  it("tabulates every indicator with its unit, both years' values and the ratio", async () => {
    const d = await readDocx(await annualReportDocx(input(s2022)));
    const table = d.tables.find((t) => t[0]?.[1] === "Chỉ tiêu")!;
    expect(table[0]).toEqual(["STT", "Chỉ tiêu", "Đơn vị tính", "Năm 2021", "Năm 2022", "Năm 2022 so với năm 2021"]);
    expect(table).toHaveLength(1 + s2022.indicators.length);
    expect(s2022.indicators).toHaveLength(12);
    s2022.totals.forEach((x, i) => {
      const ind = x.indicator;
      expect(table[i + 1]).toEqual([
        String(i + 1), ind.nameVi, unitLabel(ind.unit, "vi"),
        formatNumber(ARTICLE_2021_TOTALS[ind.code]!, "vi", ind.decimals),
        formatNumber(ARTICLE_2022_TOTALS[ind.code]!, "vi", ind.decimals),
        formatPercent(ARTICLE_2022_TOTALS[ind.code]! / ARTICLE_2021_TOTALS[ind.code]!, "vi"),
      ]);
    });
    // The article's figures and comparisons, as it prints them.
    const row = (code: string) => table[s2022.totals.findIndex((x) => x.indicator.code === code) + 1]!.slice(3);
    expect(row("fdi_capital")).toEqual(["8.075", "7.081,7", "87,7%"]);
    expect(row("fdi_revenue")).toEqual(["147.797,3", "154.004,8", "104,2%"]);
    expect(row("ddi_revenue")).toEqual(["265.197,8", "387.188,8", "146%"]);
    expect(row("workers")).toEqual(["1.063.819", "1.265.945", "119%"]);
    expect(indexOf(d, "Các chỉ tiêu chủ yếu năm 2022 so với năm 2021:")).toBeGreaterThan(indexOf(d, "II. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CHỦ YẾU NĂM 2022"));
  });

  it("a year to date compares the same months, and a missing figure is a dash", async () => {
    const base = articleSummaryInput(ytdRange(2022, 11));
    const s = summarize({ ...base, values: base.values.filter((v) => !(v.indicator === "zones_operating" && v.year === 2021)) });
    const d = await readDocx(await annualReportDocx(input(s)));
    const table = d.tables.find((t) => t[0]?.[1] === "Chỉ tiêu")!;
    expect(table[0]!.slice(3)).toEqual(["11 tháng năm 2021", "11 tháng năm 2022", "So với cùng kỳ"]);
    expect(table.at(-1)!.slice(3)).toEqual(["-", "90", "-"]);
  });

  it("records the officers elected for next year and the award proposals under commendation", async () => {
    const d = await readDocx(await annualReportDocx(input(s2022)));
    const election = d.paragraphs[indexOf(d, "1. Bầu Khối trưởng, Khối phó Khối thi đua năm 2023") + 1]!;
    expect(election.text).toBe(
      "Các thành viên Khối thi đua đã tín nhiệm bầu Ban Quản lý các KCN Hà Nam làm Khối trưởng Khối thi đua năm 2023 và Ban Quản lý các KCN Vĩnh Phúc làm Khối phó Khối thi đua năm 2023.",
    );
    const awards = d.paragraphs[indexOf(d, "2. Đề nghị khen thưởng năm 2022") + 1]!;
    expect(awards.text).toBe(
      `Ghi nhận những đóng góp tích cực của các thành viên trong Khối thi đua năm 2022, Khối thi đua đề nghị tặng Cờ thi đua của Bộ trưởng cho ${HP} và ${ND}; ` +
        `tặng Bằng khen của Bộ trưởng cho ${NB}, ${BN} và ${HN}.`,
    );
  });

  it("ends with “Nơi nhận” (12 pt bold italic, the list 11 pt) beside the signature block to fill (14 pt bold)", async () => {
    const d = await readDocx(await annualReportDocx(input(s2022)));
    const block = d.tables.find((t) => t[0]?.[0]?.startsWith("Nơi nhận:"))!;
    expect(block[0]![0]!.split("\n")).toEqual(["Nơi nhận:", "- Như trên;", "- Các đơn vị thành viên Khối thi đua;", "- Lưu: VT, …."]);
    // The leader signs on behalf of the bloc (“TM.”, Phụ lục I mục 8): not the decree's form labels.
    expect(block[0]![1]!.split("\n")).toEqual(["TM. KHỐI THI ĐUA", "KHỐI TRƯỞNG", "Họ và tên"]);
    looks(para(d, "Nơi nhận:"), { size: 24, bold: true, italics: true });
    for (const line of ["- Như trên;", "- Các đơn vị thành viên Khối thi đua;", "- Lưu: VT, …."]) looks(para(d, line), { size: 22, bold: false, italics: false });
    for (const line of ["TM. KHỐI THI ĐUA", "KHỐI TRƯỞNG", "Họ và tên"]) looks(para(d, line), { size: 28, bold: true });
    expect(placeholders(para(d, "TM. KHỐI THI ĐUA"))).toEqual([]);
    expect(placeholders(para(d, "KHỐI TRƯỞNG"))).toEqual([]);
    expect(placeholders(para(d, "Họ và tên"))).toEqual(["Họ và tên"]);
    // The signature block comes after the closing line, and before the appendix.
    expect(indexOf(d, "Nơi nhận:")).toBeGreaterThan(indexOf(d, /^Trên đây là báo cáo/));
    expect(indexOf(d, "Nơi nhận:")).toBeLessThan(indexOf(d, "Phụ lục"));
  });

  it("uses Times New Roman everywhere, 13–14 pt for the text (12 and 11 pt only in “Nơi nhận”)", async () => {
    const d = await readDocx(await annualReportDocx(input(s2022)));
    expect(d.styles).toMatch(/<w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman"[^>]*\/><w:sz w:val="28"\/>/);
    const runs = d.paragraphs.flatMap((p) => textRuns(p).map((r) => ({ ...r, para: p.text })));
    expect(runs.length).toBeGreaterThan(300);
    const recipients = new Set(["Nơi nhận:", "- Như trên;", "- Các đơn vị thành viên Khối thi đua;", "- Lưu: VT, …."]);
    for (const r of runs) {
      expect(r.font, r.text).toBe("Times New Roman");
      if (recipients.has(r.para)) expect([22, 24], r.text).toContain(r.size);
      else expect([26, 28], r.text).toContain(r.size);
    }
  });

  it("is A4 with the decree's margins, numbered from page 2 in the top margin, the appendix landscape", async () => {
    const d = await readDocx(await annualReportDocx(input(s2022)));
    expect(d.sections).toHaveLength(2);
    const [portrait, landscape] = d.sections as [Docx["sections"][0], Docx["sections"][0]];
    expect([toMm(portrait.width), toMm(portrait.height)].map(Math.round)).toEqual([210, 297]);
    expect(portrait.orient).toBe("portrait");
    expect([toMm(landscape.width), toMm(landscape.height)].map(Math.round)).toEqual([297, 210]);
    expect(landscape.orient).toBe("landscape");
    for (const s of d.sections) {
      const m = s.margin;
      expect(toMm(m.top)).toBeGreaterThanOrEqual(20);
      expect(toMm(m.top)).toBeLessThanOrEqual(25);
      expect(toMm(m.bottom)).toBeGreaterThanOrEqual(20);
      expect(toMm(m.bottom)).toBeLessThanOrEqual(25);
      expect(toMm(m.left)).toBeGreaterThanOrEqual(30);
      expect(toMm(m.left)).toBeLessThanOrEqual(35);
      expect(toMm(m.right)).toBeGreaterThanOrEqual(15);
      expect(toMm(m.right)).toBeLessThanOrEqual(20);
    }
    // The first page has a header of its own, without the number.
    expect(portrait.titlePage).toBe(true);
    const numbered = d.headers.filter((h) => /PAGE/.test(h));
    expect(numbered.length).toBeGreaterThan(0);
    for (const h of numbered) expect(h).toMatch(/<w:jc w:val="center"\/>/);
    expect(d.headers.some((h) => !/PAGE/.test(h))).toBe(true);
  });

  it("has an appendix with every board and every indicator, a table per six indicators, and the bloc totals", async () => {
    const d = await readDocx(await annualReportDocx(input(s2022)));
    expect(para(d, "Phụ lục").align).toBe("center");
    para(d, "SỐ LIỆU CỦA CÁC ĐƠN VỊ THÀNH VIÊN NĂM 2022");
    const tables = d.tables.filter((t) => t[0]?.[1] === "Đơn vị");
    expect(tables).toHaveLength(Math.ceil(12 / APPENDIX_COLUMNS));
    const columns = tables.flatMap((t) => t[0]!.slice(2));
    expect(columns).toEqual(s2022.indicators.map((i) => `${i.nameVi} (${unitLabel(i.unit, "vi")})`));
    for (const t of tables) {
      expect(t.slice(1, -1).map((r) => r[1])).toEqual(s2022.byBoard.map((b) => b.board.shortName));
      expect(t.at(-1)![1]).toBe("Toàn Khối");
    }
    const totals = tables.flatMap((t) => t.at(-1)!.slice(2));
    expect(totals).toEqual(s2022.indicators.map((i) => formatNumber(ARTICLE_2022_TOTALS[i.code]!, "vi", i.decimals)));
    const hn = s2022.byBoard[0]!;
    expect(tables[0]![1]).toEqual(["1", "Hà Nội", ...s2022.indicators.slice(0, APPENDIX_COLUMNS).map((i) => formatNumber(hn.values[i.code]!, "vi", i.decimals))]);
  });
});

describe("annualReportDocx: the figures and wording", () => {
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
    expect(text).toContain(BLOC);
    // Every month of every board arrived: no note about missing reports.
    expect(text).not.toContain("Ghi chú");
  });

  it("elects the leader and deputy for the next year and lists the proposals", async () => {
    const text = await docText(await annualReportDocx(input(s2022)));
    expect(text).toContain(
      "Các thành viên Khối thi đua đã tín nhiệm bầu Ban Quản lý các KCN Hà Nam làm Khối trưởng Khối thi đua năm 2023 và Ban Quản lý các KCN Vĩnh Phúc làm Khối phó Khối thi đua năm 2023.",
    );
    expect(text).toContain(
      `Khối thi đua đề nghị tặng Cờ thi đua của Bộ trưởng cho ${HP} và ${ND}; ` +
        `tặng Bằng khen của Bộ trưởng cho ${NB}, ${BN} và ${HN}.`,
    );
  });

  it("leaves the comparison out when there is no base year", async () => {
    const s2021 = summarize(articleSummaryInput(yearRange(2021)));
    const text = await docText(await annualReportDocx(input(s2021, { leader: null, deputy: null, proposals: [] })));
    expect(text).toContain("cho 260 dự án, gồm 150 dự án FDI và 110 dự án DDI");
    expect(text).toContain("của các dự án FDI ước đạt 8.075 triệu USD và dự án DDI ước đạt 70.000 tỷ đồng.");
    expect(text).toContain("là 1.063.819 người.");
    expect(text).not.toMatch(/(bằng|tăng|giảm) [\d,]+% so với năm 2020/);
    expect(text).not.toContain("ước tăng");
    // The table has the year before's column, empty, and no ratios.
    const table = (await readDocx(await annualReportDocx(input(s2021, { leader: null, deputy: null, proposals: [] })))).tables.find((t) => t[0]?.[1] === "Chỉ tiêu")!;
    expect(table.slice(1).map((r) => [r[3], r[5]])).toEqual(s2021.indicators.map(() => ["-", "-"]));
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
    expect(text).not.toContain("làm Khối phó Khối thi đua năm 2023");
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
    expect(text).toContain("Ghi chú: số liệu được tổng hợp từ 131/132 báo cáo tháng (10/11 đơn vị đã báo cáo đủ); các số tổng là tổng của các đơn vị đã báo cáo; đơn vị chưa gửi đủ báo cáo: Thái Bình.");
  });

  it("an incomplete year compares like for like where the boards differ between the years, and says whose totals they are", async () => {
    const base = articleSummaryInput(yearRange(2022));
    // Thái Bình sent nothing in 2022: its 2021 figures are left out of the like-for-like comparison.
    const tb = base.boards.find((b) => b.code === "TB")!.id;
    const s = summarize({ ...base, values: base.values.filter((v) => !(v.boardId === tb && v.year === 2022)), submissions: base.submissions.filter((x) => !(x.boardId === tb && x.year === 2022)) });
    const capital = s.totals.find((x) => x.indicator.code === "fdi_capital")!;
    expect(capital.likeForLike!.boards).toBe(10);
    expect(capital.likeForLike!.ratio).not.toBe(capital.ratio);
    const text = await docText(await annualReportDocx(input(s)));
    expect(text).toContain("(10/11 đơn vị đã báo cáo đủ); các số tổng là tổng của các đơn vị đã báo cáo; đơn vị chưa gửi đủ báo cáo: Thái Bình.");
    expect(text).toContain("So sánh trên cùng các đơn vị có số liệu cả hai năm: ");
    expect(text).toContain(`Vốn đầu tư FDI đăng ký cấp mới và tăng thêm bằng ${formatPercent(capital.likeForLike!.ratio!, "vi")} so với năm 2021 (10 đơn vị)`);
    // The complete year has no such paragraph.
    expect(await docText(await annualReportDocx(input(s2022)))).not.toContain("So sánh trên cùng");
  });

  it("takes all its wording from t: an English bundle gives an English report", async () => {
    const text = await docText(await annualReportDocx(input(s2022, { t: translator("en") })));
    expect(text).toContain("investment registration certificates issued for 291 new projects, 166 FDI and 125 DDI");
    expect(text).toContain("7.081,7 triệu USD, 87,7% of 2021");
    expect(text).not.toMatch(/Năm 2022|bằng 87/);
  });

  it("uses only keys of both locale files, and every annual- key there is used", () => {
    const src = readFileSync(fileURLToPath(new URL("../../../src/features/exports/annual-report.ts", import.meta.url)), "utf8");
    const used = [...src.matchAll(/\bt\(\s*"([a-z][a-z0-9-]*)"/g)].map((m) => m[1]!);
    // Keys of this prefix used elsewhere (the command's own messages, the year-to-date variants).
    const elsewhere = readFileSync(fileURLToPath(new URL("../../../src/features/summaries/chat.ts", import.meta.url)), "utf8");
    const listed = localeKeys("vi").filter((k) => k.startsWith("annual-"));
    expect(localeKeys("en").filter((k) => k.startsWith("annual-"))).toEqual(listed);
    expect([...new Set(used)].filter((k) => !listed.includes(k))).toEqual([]);
    const unused = listed.filter((k) => !used.includes(k) && !used.includes(k.replace(/-ytd$/, "")) && !elsewhere.includes(`"${k}"`));
    expect(unused).toEqual([]);
    expect(used.every((k) => k.startsWith("annual-"))).toBe(true);
  });
});
