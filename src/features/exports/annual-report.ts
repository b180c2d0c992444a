// The bloc's year-end report (báo cáo tổng kết) as a Word document, laid out as a
// Vietnamese administrative document under Nghị định 30/2020/NĐ-CP, Phụ lục I
// (thể thức và kỹ thuật trình bày văn bản hành chính):
//   A4 portrait, margins top 20 mm, bottom 20 mm, left 30 mm, right 15 mm
//   (the decree: 20–25, 20–25, 30–35, 15–20); Times New Roman throughout; page
//   numbers centred in the top margin from page 2 (13–14 pt).
//   Header (ô 1–4): the bloc's name and, bold, the issuing board (the board that
//     led the bloc that year) with a short rule below, "Số: …/BC-…" (13 pt); on the
//     right the national name (13 pt bold caps) and motto (14 pt bold) with a rule
//     as long as the motto, then place and date (14 pt italic), the date left to fill.
//   Type and subject (ô 5a): "BÁO CÁO" and the subject line (14 pt bold), a short rule;
//     "Kính gửi: …" (14 pt).
//   Body (ô 6, 14 pt, justified, first line indented 1 cm, 6 pt between paragraphs):
//     I.   the emulation movements: headings with placeholders to fill
//     II.  the year's main figures in the words of the bloc's year-end article
//          ("bằng 87,7% so với năm 2021", "tăng 19%"), then a table of every
//          indicator: its unit, the year before, the year, and the ratio (13 pt)
//     III. commendation: the leader and deputy elected for the next year, the
//          award proposals ("đề nghị tặng Cờ thi đua của Bộ trưởng cho …")
//     IV.  next year's tasks, numbered placeholders
//   then the closing line ending "./.".
//   Signature block (ô 7, 14 pt bold: authority, title, name as placeholders) and
//     "Nơi nhận" (ô 9: 12 pt bold italic, the list 11 pt), side by side.
//   Phụ lục on A4 landscape pages (the decree allows tables across the width):
//     the figures of every member board, every indicator, six indicators a table.
// Placeholders (what the secretariat fills in) are highlighted in yellow.
// All fixed wording comes from `t` (keys annual-*); variables are passed as
// strings already formatted, so Fluent never regroups a year ("2.022").
import {
  AlignmentType, BorderStyle, Document, Header, HighlightColor, Packer, PageNumber, PageOrientation, Paragraph, Table, TableBorders, TableCell,
  TableRow, TextRun, VerticalAlign, WidthType, type ISectionOptions,
} from "docx";
import { formatAmount, formatNumber, formatPercent } from "../../shared/bloc/numbers.js";
import type { IndicatorDef } from "../reports/rules/reports.js";
import type { IndicatorTotal, Summary } from "../summaries/rules.js";
import { unitLabel } from "../../shared/bloc/units.js";
import type { Translate } from "./spreadsheet.js";

export type { Translate } from "./spreadsheet.js";

export type AnnualReportInput = {
  /** A year range (yearRange(year)), or the year to date while it runs. */
  summary: Summary;
  blocName: string;
  year: number;
  /**
   * The board that led the bloc in `year` and issues the report: its full name
   * (the issuing body) and its short name (the place of issue). Null when no
   * leader is recorded for the year: both become placeholders.
   */
  issuer: { name: string; place: string } | null;
  /** Full names of the boards elected leader and deputy for year + 1. */
  leader: string | null;
  deputy: string | null;
  /** Award name and the full names of the boards proposed for it. */
  proposals: { award: string; boards: string[] }[];
  t: Translate;
};

/** Indicators per table of the appendix (A4 landscape at 13 pt). */
export const APPENDIX_COLUMNS = 6;
/** Numbered placeholders for next year's tasks. */
export const TASK_PLACEHOLDERS = 5;

const FONT = "Times New Roman";
// Sizes in half-points, as Phụ lục I gives them for each part.
const SIZE = { text: 28, header: 26, number: 26, table: 26, recipientsHead: 24, recipients: 22 } as const;

/** Millimetres in twips, rounded up so that a bound of the decree is never undercut. */
export const mm = (x: number) => Math.ceil((x * 1440) / 25.4);
const A4 = { width: 11906, height: 16838 };
export const MARGIN = { top: mm(20), bottom: mm(20), left: mm(30), right: mm(15) };
const PORTRAIT_WIDTH = A4.width - MARGIN.left - MARGIN.right;
const LANDSCAPE_WIDTH = A4.height - MARGIN.left - MARGIN.right;
const INDENT = mm(10);

// A placeholder travels through Fluent wrapped in two control characters that
// never occur in text; the paragraph builder turns it into a highlighted run.
const PH = /\u0001([^\u0001\u0002]*)\u0002/g;
function placeholder(text: string): string {
  return `\u0001${text}\u0002`;
}

// --- wording -----------------------------------------------------------------------

/** "A", "A và B", "A, B và C". */
function joinList(items: string[], t: Translate): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} ${t("annual-and")} ${items.at(-1)!}`;
}

class Wording {
  readonly base: string;
  private readonly byCode: Map<string, IndicatorTotal>;

  constructor(private readonly summary: Summary, private readonly t: Translate) {
    this.base = String(summary.previousRange.year);
    this.byCode = new Map(summary.totals.map((x) => [x.indicator.code, x]));
  }

  total(code: string): IndicatorTotal | undefined {
    return this.byCode.get(code);
  }

  /** Every code is in the catalogue and has a figure this year. */
  has(...codes: string[]): boolean {
    return codes.every((c) => this.byCode.get(c)?.total != null);
  }

  number(code: string): string {
    const x = this.byCode.get(code)!;
    return formatNumber(x.total!, "vi", x.indicator.decimals);
  }

  /** The sum of several same-unit counts, in scaled integers ("291" = 166 + 125). */
  sum(...codes: string[]): string {
    const inds = codes.map((c) => this.byCode.get(c)!);
    const decimals = Math.max(...inds.map((x) => x.indicator.decimals));
    const scale = 10 ** Math.min(decimals, 6);
    const scaled = inds.reduce((a, x) => a + Math.round(x.total! * scale), 0);
    return formatNumber(scaled / scale, "vi", decimals);
  }

  amount(code: string): string {
    const x = this.byCode.get(code)!;
    return formatAmount(x.total!, x.indicator.unit, "vi", x.indicator.decimals);
  }

  /** "bằng 87,7% so với năm 2021" (flow), "tăng 19% so với năm 2021" (stock), or null without a base. */
  comparison(code: string): string | null {
    const x = this.byCode.get(code);
    if (!x || x.ratio === null) return null;
    if (x.indicator.kind === "flow") return this.t("annual-cmp-flow", { percent: formatPercent(x.ratio, "vi"), year: this.base });
    const change = x.ratio - 1;
    const percent = formatPercent(Math.abs(change), "vi");
    if (percent === formatPercent(0, "vi")) return this.t("annual-cmp-same", { year: this.base });
    return change > 0
      ? this.t("annual-cmp-up", { percent, year: this.base })
      : this.t("annual-cmp-down", { percent, year: this.base });
  }

  /** "7.081,7 triệu USD, bằng 87,7% so với năm 2021" or "76.404,8 tỷ đồng". */
  amountCompared(code: string): string {
    const cmp = this.comparison(code);
    return cmp ? `${this.amount(code)}, ${cmp}` : this.amount(code);
  }
}

type Block = { label: string | null; text: string };

/** Section I: the article's sentences where the catalogue has the codes, generic ones for the rest. */
function headlineBlocks(w: Wording, t: Translate, summary: Summary, year: string): Block[] {
  const used = new Set<string>();
  const use = (...codes: string[]) => codes.forEach((c) => used.add(c));
  const blocks: Block[] = [];

  const investment: string[] = [];
  if (w.has("fdi_new", "ddi_new")) {
    investment.push(t("annual-new-projects", { total: w.sum("fdi_new", "ddi_new"), fdi: w.number("fdi_new"), ddi: w.number("ddi_new") }));
    use("fdi_new", "ddi_new");
  }
  if (w.has("fdi_adjust", "ddi_adjust")) {
    investment.push(t("annual-adjustments", { total: w.sum("fdi_adjust", "ddi_adjust"), fdi: w.number("fdi_adjust"), ddi: w.number("ddi_adjust") }));
    use("fdi_adjust", "ddi_adjust");
  }
  if (w.has("fdi_capital", "ddi_capital")) {
    investment.push(t("annual-capital", { year, fdi: w.amountCompared("fdi_capital"), ddi: w.amountCompared("ddi_capital") }));
    use("fdi_capital", "ddi_capital");
  }
  if (investment.length) blocks.push({ label: t("annual-investment-label"), text: t("annual-investment", { year, details: investment.join("; ") }) });

  const business: string[] = [];
  if (w.has("fdi_revenue", "ddi_revenue")) {
    business.push(t("annual-revenue", { fdi: w.amountCompared("fdi_revenue"), ddi: w.amountCompared("ddi_revenue") }));
    use("fdi_revenue", "ddi_revenue");
  }
  if (w.has("fdi_budget", "ddi_budget")) {
    business.push(t("annual-budget", { fdi: w.amountCompared("fdi_budget"), ddi: w.amountCompared("ddi_budget") }));
    use("fdi_budget", "ddi_budget");
  }
  if (business.length) blocks.push({ label: t("annual-business-label"), text: t("annual-business", { year, details: business.join("; ") }) });

  if (w.has("workers")) {
    const change = w.comparison("workers");
    blocks.push({
      label: null,
      text: change
        ? t("annual-workers-change", { year, value: w.amount("workers"), change })
        : t("annual-workers", { year, value: w.amount("workers") }),
    });
    use("workers");
  }

  const others = summary.totals.filter((x) => !used.has(x.indicator.code));
  if (others.length) {
    blocks.push({ label: null, text: t("annual-other-intro") });
    for (const x of others) {
      const value = x.total === null ? t("annual-no-data") : w.amountCompared(x.indicator.code);
      blocks.push({ label: null, text: t("annual-other", { name: x.indicator.nameVi, value }) });
    }
  }
  return blocks;
}

// --- layout ------------------------------------------------------------------------

type Align = (typeof AlignmentType)[keyof typeof AlignmentType];
type RunStyle = { bold?: boolean; italics?: boolean; size?: number };
type ParaStyle = RunStyle & { align?: Align; indent?: boolean; before?: number; after?: number; keepNext?: boolean };

/** Runs of a text, its placeholders highlighted. */
function runs(text: string, style: RunStyle): TextRun[] {
  const out: TextRun[] = [];
  const base = { bold: style.bold ?? false, italics: style.italics ?? false, size: style.size ?? SIZE.text, font: FONT };
  let last = 0;
  for (const m of text.matchAll(PH)) {
    if (m.index > last) out.push(new TextRun({ ...base, text: text.slice(last, m.index) }));
    out.push(new TextRun({ ...base, text: m[1]!, highlight: HighlightColor.YELLOW }));
    last = m.index + m[0].length;
  }
  if (last < text.length || out.length === 0) out.push(new TextRun({ ...base, text: text.slice(last) }));
  return out;
}

function para(text: string, style: ParaStyle = {}): Paragraph {
  return new Paragraph({
    alignment: style.align ?? AlignmentType.JUSTIFIED,
    ...(style.indent ? { indent: { firstLine: INDENT } } : {}),
    spacing: { before: style.before ?? 0, after: style.after ?? 120, line: 300 },
    keepNext: style.keepNext ?? false,
    children: runs(text, style),
  });
}

/** A body paragraph: justified, first line indented 1 cm. */
function body(text: string, label: string | null = null, italics = false): Paragraph {
  const children = label ? [...runs(label, { bold: true }), ...runs(" ", {}), ...runs(text, { italics })] : runs(text, { italics });
  return new Paragraph({ alignment: AlignmentType.JUSTIFIED, indent: { firstLine: INDENT }, spacing: { after: 120, line: 300 }, children });
}

/** A section heading ("I. …") or a numbered sub-heading ("1. …"), bold, kept with what follows. */
function heading(text: string): Paragraph {
  return para(text, { bold: true, indent: true, before: 120, keepNext: true });
}

const centered = (text: string, style: RunStyle & { before?: number; after?: number } = {}) => para(text, { ...style, align: AlignmentType.CENTER });

/** A horizontal rule `width` twips long, centred in a column `within` twips wide (the decree's lines under names). */
function rule(width: number, within: number): Paragraph {
  const side = Math.max(0, Math.round((within - width) / 2));
  return new Paragraph({
    indent: { left: side, right: side },
    spacing: { before: 0, after: 120, line: 120, lineRule: "exact" },
    border: { top: { style: BorderStyle.SINGLE, size: 6, color: "000000", space: 1 } },
    children: [new TextRun({ text: "", size: 2, font: FONT })],
  });
}

const NO_BORDERS = TableBorders.NONE;
const CELL_BORDER = { style: BorderStyle.SINGLE, size: 4, color: "000000" };
const CELL_BORDERS = { top: CELL_BORDER, bottom: CELL_BORDER, left: CELL_BORDER, right: CELL_BORDER };

/** A cell of a data table (13 pt, bordered). */
function cell(text: string, width: number, opts: { bold?: boolean; align?: Align } = {}): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    verticalAlign: VerticalAlign.CENTER,
    borders: CELL_BORDERS,
    margins: { left: 60, right: 60, top: 30, bottom: 30 },
    children: [new Paragraph({ alignment: opts.align ?? AlignmentType.LEFT, children: runs(text, { bold: opts.bold ?? false, size: SIZE.table }) })],
  });
}

/** A cell of a layout table (no borders). */
function frame(width: number, children: Paragraph[]): TableCell {
  return new TableCell({ width: { size: width, type: WidthType.DXA }, margins: { left: 0, right: 0 }, children });
}

function layoutTable(widths: [number, number], cells: [Paragraph[], Paragraph[]]): Table {
  return new Table({
    width: { size: widths[0] + widths[1], type: WidthType.DXA },
    columnWidths: widths,
    borders: NO_BORDERS,
    rows: [new TableRow({ cantSplit: true, children: [frame(widths[0], cells[0]), frame(widths[1], cells[1])] })],
  });
}

// --- the parts ---------------------------------------------------------------------

/** Ô 1–4: issuing body and number on the left, national name, motto, place and date on the right. */
function documentHeader(input: AnnualReportInput): Table {
  const { t } = input;
  // The national name (13 pt bold caps) must fit on one line on the right.
  const left = mm(62);
  const right = PORTRAIT_WIDTH - left;
  const issuer = input.issuer ? input.issuer.name.toLocaleUpperCase("vi") : placeholder(t("annual-issuer-placeholder", { year: String(input.year) }));
  const place = input.issuer ? input.issuer.place : placeholder(t("annual-place-placeholder"));
  const blank = placeholder("…");
  return layoutTable([left, right], [
    [
      centered(input.blocName.toLocaleUpperCase("vi"), { size: SIZE.header, after: 0 }),
      centered(issuer, { size: SIZE.header, bold: true, after: 0 }),
      rule(Math.round(left * 0.4), left),
      centered(t("annual-number", { number: blank, code: blank }), { size: SIZE.number }),
    ],
    [
      centered(t("annual-nation"), { size: SIZE.header, bold: true, after: 0 }),
      centered(t("annual-motto"), { size: SIZE.text, bold: true, after: 0 }),
      rule(mm(70), right),
      centered(t("annual-place-date", { place, day: blank, month: blank, year: blank }), { italics: true }),
    ],
  ]);
}

/** Ô 5a and "Kính gửi": the type of document, its subject, the addressee. */
function titleBlock(input: AnnualReportInput): Paragraph[] {
  const { t } = input;
  const year = String(input.year);
  const next = String(input.year + 1);
  return [
    centered(t("annual-doc-type"), { bold: true, before: 240, after: 0 }),
    centered(t("annual-subject", { year, next }), { bold: true, after: 0 }),
    rule(mm(50), PORTRAIT_WIDTH),
    centered(t("annual-to", { recipient: placeholder(t("annual-to-placeholder")) }), { after: 240 }),
    body(t("annual-opening", { basis: placeholder(t("annual-basis-placeholder", { year })), bloc: input.blocName, year, next })),
  ];
}

function movementsSection(input: AnnualReportInput): Paragraph[] {
  const { t } = input;
  return [
    heading(t("annual-section-movements", { year: String(input.year) })),
    heading(t("annual-movements-direction")),
    body(placeholder(t("annual-movements-direction-placeholder"))),
    heading(t("annual-movements-results")),
    body(placeholder(t("annual-movements-results-placeholder"))),
    heading(t("annual-movements-limits")),
    body(placeholder(t("annual-movements-limits-placeholder"))),
  ];
}

/** The column titles of the two years (a running year: the months to date of both). */
function yearColumns(summary: Summary, t: Translate): { previous: string; current: string; ratio: string } {
  const year = String(summary.range.year);
  const base = String(summary.previousRange.year);
  if (summary.range.kind === "ytd") {
    const months = String(summary.range.months.length);
    return { previous: t("annual-col-months", { months, year: base }), current: t("annual-col-months", { months, year }), ratio: t("annual-col-ratio-ytd") };
  }
  return { previous: t("annual-col-year", { year: base }), current: t("annual-col-year", { year }), ratio: t("annual-col-ratio", { year, base }) };
}

/** Every indicator of the year against the year before: unit, both values, the ratio. */
function figuresTable(summary: Summary, t: Translate): Table {
  const widths = [mm(12), mm(55), mm(22), mm(24), mm(24)];
  widths.push(PORTRAIT_WIDTH - widths.reduce((a, b) => a + b, 0));
  const [no, name, unit, prev, cur, ratio] = widths as [number, number, number, number, number, number];
  const cols = yearColumns(summary, t);
  const center = AlignmentType.CENTER;
  const right = AlignmentType.RIGHT;
  const show = (v: number | null, ind: IndicatorDef) => (v === null ? "-" : formatNumber(v, "vi", ind.decimals));
  const header = new TableRow({
    tableHeader: true,
    children: [
      cell(t("annual-table-no"), no, { bold: true, align: center }),
      cell(t("annual-col-indicator"), name, { bold: true, align: center }),
      cell(t("annual-col-unit"), unit, { bold: true, align: center }),
      cell(cols.previous, prev, { bold: true, align: center }),
      cell(cols.current, cur, { bold: true, align: center }),
      cell(cols.ratio, ratio, { bold: true, align: center }),
    ],
  });
  const rows = summary.totals.map(
    (x, i) =>
      new TableRow({
        cantSplit: true,
        children: [
          cell(String(i + 1), no, { align: center }),
          cell(x.indicator.nameVi, name),
          cell(unitLabel(x.indicator.unit, "vi"), unit, { align: center }),
          cell(show(x.previous, x.indicator), prev, { align: right }),
          cell(show(x.total, x.indicator), cur, { align: right }),
          cell(x.ratio === null ? "-" : formatPercent(x.ratio, "vi"), ratio, { align: right }),
        ],
      }),
  );
  return new Table({ width: { size: PORTRAIT_WIDTH, type: WidthType.DXA }, columnWidths: widths, rows: [header, ...rows] });
}

/** "bằng 92,3% so với năm 2021" (flow), "tăng 3,1% so với năm 2021" (stock), as Wording.comparison writes a total's. */
function ratioWords(ind: IndicatorDef, ratio: number, t: Translate, year: string): string {
  if (ind.kind === "flow") return t("annual-cmp-flow", { percent: formatPercent(ratio, "vi"), year });
  const percent = formatPercent(Math.abs(ratio - 1), "vi");
  if (percent === formatPercent(0, "vi")) return t("annual-cmp-same", { year });
  return ratio > 1 ? t("annual-cmp-up", { percent, year }) : t("annual-cmp-down", { percent, year });
}

function figuresSection(input: AnnualReportInput): (Paragraph | Table)[] {
  const { summary, t } = input;
  const year = String(input.year);
  const w = new Wording(summary, t);
  const out: (Paragraph | Table)[] = [
    heading(t("annual-section-results", { year })),
    body(t("annual-results-intro", { year })),
    ...headlineBlocks(w, t, summary, year).map((b) => body(b.text, b.label)),
  ];
  const { received, expected, missing } = summary.completeness;
  if (received < expected) {
    // An incomplete year says so, says whose figures the totals add up, and compares like for like where the boards differ.
    const boards = missing.map((b) => b.shortName).join(", ");
    const cov = summary.coverage;
    out.push(body(t("annual-incomplete", { received: String(received), expected: String(expected), reported: cov.reported, owing: cov.owing, boards }), null, true));
  }
  const likeForLike = summary.totals.filter((x) => x.likeForLike && x.likeForLike.ratio !== null);
  if (likeForLike.length) {
    const list = likeForLike.map((x) => `${x.indicator.nameVi} ${ratioWords(x.indicator, x.likeForLike!.ratio!, t, String(summary.previousRange.year))} (${x.likeForLike!.boards} ${t("annual-boards")})`).join("; ");
    out.push(body(t("annual-like-for-like", { list }), null, true));
  }
  out.push(para(t("annual-figures-intro", { year, base: String(summary.previousRange.year) }), { indent: true, keepNext: true }));
  out.push(figuresTable(summary, t));
  out.push(para(t("annual-appendix-ref"), { italics: true, indent: true, before: 120 }));
  return out;
}

function commendationSection(input: AnnualReportInput): Paragraph[] {
  const { t } = input;
  return [
    heading(t("annual-section-commendation")),
    heading(t("annual-election-head", { year: String(input.year + 1) })),
    body(electionText(input)),
    heading(t("annual-awards-head", { year: String(input.year) })),
    body(proposalsText(input)),
  ];
}

function tasksSection(input: AnnualReportInput): Paragraph[] {
  const { t } = input;
  const next = String(input.year + 1);
  return [
    heading(t("annual-section-tasks", { year: next })),
    body(t("annual-tasks-intro", { year: next, previous: String(input.year) })),
    ...Array.from({ length: TASK_PLACEHOLDERS }, (_, i) => body(`${i + 1}. ${placeholder(t("annual-task-placeholder"))}`)),
  ];
}

/** Ô 7 and 9: "Nơi nhận" on the left, the signature block on the right (TM. KHỐI THI ĐUA, KHỐI TRƯỞNG, the name to fill). */
function signatureBlock(input: AnnualReportInput): Table {
  const { t } = input;
  const left = mm(75);
  const right = PORTRAIT_WIDTH - left;
  const recipient = (text: string) => para(text, { size: SIZE.recipients, align: AlignmentType.LEFT, after: 0 });
  return layoutTable([left, right], [
    [
      para(t("annual-recipients-head"), { size: SIZE.recipientsHead, bold: true, italics: true, align: AlignmentType.LEFT, after: 0 }),
      recipient(t("annual-recipient-above")),
      recipient(t("annual-recipient-members")),
      recipient(t("annual-recipient-archive", { unit: placeholder("…") })),
    ],
    // The leader signs for the bloc (“TM.”: on behalf of a collective, Phụ lục I
    // mục 8 of the decree); only the signer's name is left to fill.
    [
      centered(t("annual-sign-authority"), { bold: true, after: 0 }),
      centered(t("annual-sign-title"), { bold: true, after: mm(30) }),
      centered(placeholder(t("annual-sign-name")), { bold: true }),
    ],
  ]);
}

/** The appendix: the figures of every member board, APPENDIX_COLUMNS indicators a table, on landscape pages. */
function appendix(input: AnnualReportInput): (Paragraph | Table)[] {
  const { summary, t } = input;
  const year = String(input.year);
  const out: (Paragraph | Table)[] = [
    centered(t("annual-appendix"), { bold: true, after: 0 }),
    centered(t("annual-appendix-title", { year }), { bold: true, after: 0 }),
    centered(t("annual-appendix-note", { year, bloc: input.blocName }), { italics: true, after: 240 }),
  ];
  for (let i = 0; i < summary.indicators.length; i += APPENDIX_COLUMNS) {
    if (i > 0) out.push(para("", { after: 240 }));
    out.push(boardTable(summary, summary.indicators.slice(i, i + APPENDIX_COLUMNS), t));
  }
  return out;
}

function boardTable(summary: Summary, inds: IndicatorDef[], t: Translate): Table {
  const noWidth = mm(12);
  const boardWidth = mm(45);
  const valueWidth = Math.floor((LANDSCAPE_WIDTH - noWidth - boardWidth) / APPENDIX_COLUMNS);
  const widths = [noWidth, boardWidth, ...inds.map(() => valueWidth)];
  const show = (v: number | null | undefined, ind: IndicatorDef) => (v === null || v === undefined ? "-" : formatNumber(v, "vi", ind.decimals));
  const right = AlignmentType.RIGHT;
  const center = AlignmentType.CENTER;

  const header = new TableRow({
    tableHeader: true,
    children: [
      cell(t("annual-table-no"), noWidth, { bold: true, align: center }),
      cell(t("annual-table-board"), boardWidth, { bold: true, align: center }),
      ...inds.map((ind) => cell(t("annual-table-column", { name: ind.nameVi, unit: unitLabel(ind.unit, "vi") }), valueWidth, { bold: true, align: center })),
    ],
  });
  const rows = summary.byBoard.map(
    (r, i) =>
      new TableRow({
        cantSplit: true,
        children: [
          cell(String(i + 1), noWidth, { align: center }),
          cell(r.board.shortName, boardWidth),
          ...inds.map((ind) => cell(show(r.values[ind.code], ind), valueWidth, { align: right })),
        ],
      }),
  );
  const totals = new TableRow({
    cantSplit: true,
    children: [
      cell("", noWidth),
      cell(t("annual-table-total"), boardWidth, { bold: true }),
      ...inds.map((ind) => cell(show(summary.totals.find((x) => x.indicator.code === ind.code)?.total, ind), valueWidth, { bold: true, align: right })),
    ],
  });
  return new Table({ width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA }, columnWidths: widths, rows: [header, ...rows, totals] });
}

function electionText(input: AnnualReportInput): string {
  const next = String(input.year + 1);
  const { t, leader, deputy } = input;
  if (leader && deputy) return t("annual-election", { leader, deputy, year: next });
  if (leader) return t("annual-election-leader", { leader, year: next });
  if (deputy) return t("annual-election-deputy", { deputy, year: next });
  return t("annual-election-none", { year: next });
}

function proposalsText(input: AnnualReportInput): string {
  const { t } = input;
  const year = String(input.year);
  const items = input.proposals
    .filter((p) => p.boards.length > 0)
    .map((p) => t("annual-proposal-item", { award: p.award, boards: joinList(p.boards, t) }));
  return items.length ? t("annual-proposals", { year, items: items.join("; ") }) : t("annual-proposals-none", { year });
}

/** Page numbers: centred in the top margin, 14 pt, not on the first page. */
function pageNumberHeader(): Header {
  return new Header({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT], font: FONT, size: SIZE.text })] })] });
}

/** The year-end report as a .docx file (wording from `t`, numbers in Vietnamese style). */
export async function annualReportDocx(input: AnnualReportInput): Promise<Buffer> {
  const { t } = input;
  const year = String(input.year);
  const next = String(input.year + 1);
  const page = (orientation: (typeof PageOrientation)[keyof typeof PageOrientation]) => ({ size: { ...A4, orientation }, margin: MARGIN });
  const sections: ISectionOptions[] = [
    {
      properties: { titlePage: true, page: page(PageOrientation.PORTRAIT) },
      headers: { default: pageNumberHeader(), first: new Header({ children: [new Paragraph({ children: [] })] }) },
      children: [
        documentHeader(input),
        ...titleBlock(input),
        ...movementsSection(input),
        ...figuresSection(input),
        ...commendationSection(input),
        ...tasksSection(input),
        body(t("annual-closing", { year, next, bloc: input.blocName })),
        para("", { after: 120 }),
        signatureBlock(input),
      ],
    },
    { properties: { page: page(PageOrientation.LANDSCAPE) }, headers: { default: pageNumberHeader() }, children: appendix(input) },
  ];
  const doc = new Document({
    creator: input.blocName,
    title: `${t("annual-doc-type")} ${t("annual-subject", { year, next })}`,
    styles: { default: { document: { run: { font: FONT, size: SIZE.text } } } },
    sections,
  });
  return Packer.toBuffer(doc);
}
