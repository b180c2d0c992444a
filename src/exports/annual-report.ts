// The bloc's year-end report (báo cáo tổng kết) as a Word document, in the
// register of the bloc's own year-end articles:
//   title and bloc name
//   I.   the year's headline figures, compared with the year before the bloc's way
//        (flows "bằng 87,7% so với năm 2021", stocks "tăng 19% so với năm 2021";
//        no base figure → no comparison)
//   II.  a table by board (landscape page): key indicators, Vietnamese number style
//   III. the leader and deputy elected for the next year
//   IV.  the award proposals ("nhất trí đề nghị ... tặng Cờ thi đua cho ...")
// The example catalogue's codes (fdi_new … workers) get the article's sentences;
// any other indicator, or a group with a code missing, gets a generic sentence.
// All fixed wording comes from `t` (keys annual-*); variables are passed as
// strings already formatted, so Fluent never regroups a year ("2.022").
import {
  AlignmentType, BorderStyle, Document, Packer, PageOrientation, Paragraph, Table, TableCell, TableRow, TextRun,
  VerticalAlign, WidthType, type ISectionOptions,
} from "docx";
import { formatAmount, formatNumber, formatPercent } from "../domain/numbers.js";
import type { IndicatorDef } from "../domain/reports.js";
import type { IndicatorTotal, Summary } from "../domain/summary.js";
import { unitLabel } from "../domain/units.js";
import type { Translate } from "./spreadsheet.js";

export type { Translate } from "./spreadsheet.js";

export type AnnualReportInput = {
  /** A year range (yearRange(year)). */
  summary: Summary;
  blocName: string;
  year: number;
  /** Full names of the boards elected leader and deputy for year + 1. */
  leader: string | null;
  deputy: string | null;
  /** Award name and the full names of the boards proposed for it. */
  proposals: { award: string; boards: string[] }[];
  t: Translate;
};

/** Columns of the table by board, when the catalogue has them; otherwise its first indicators. */
export const ANNUAL_TABLE_CODES = ["fdi_new", "ddi_new", "fdi_capital", "ddi_capital", "fdi_revenue", "ddi_revenue", "workers"] as const;
const TABLE_FALLBACK_COLUMNS = 7;

const FONT = "Times New Roman";
const BODY_SIZE = 26; // half-points: 13 pt, the usual size of administrative documents
const TABLE_SIZE = 20;
// A4 in twips (portrait), margins 2 cm top/bottom, 3 cm left, 1,5 cm right.
const A4 = { width: 11906, height: 16838 };
const MARGIN = { top: 1134, bottom: 1134, left: 1701, right: 850 };
// The table by board: A4 landscape, 2 cm all round.
const LANDSCAPE_MARGIN = { top: 1134, bottom: 1134, left: 1134, right: 1134 };

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

function centered(text: string, opts: { bold?: boolean; size?: number; after?: number } = {}): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { after: opts.after ?? 120 },
    children: [new TextRun({ text, bold: opts.bold ?? false, size: opts.size ?? BODY_SIZE, font: FONT })],
  });
}

function heading(text: string): Paragraph {
  return new Paragraph({ spacing: { before: 240, after: 120 }, children: [new TextRun({ text, bold: true, font: FONT, size: BODY_SIZE })] });
}

function body(text: string, label: string | null = null, italics = false): Paragraph {
  const runs = label ? [new TextRun({ text: label, bold: true, font: FONT, size: BODY_SIZE }), new TextRun({ text: " ", font: FONT, size: BODY_SIZE })] : [];
  runs.push(new TextRun({ text, italics, font: FONT, size: BODY_SIZE }));
  return new Paragraph({ alignment: AlignmentType.JUSTIFIED, indent: { firstLine: 567 }, spacing: { after: 120, line: 300 }, children: runs });
}

const CELL_BORDER = { style: BorderStyle.SINGLE, size: 4, color: "000000" };
const CELL_BORDERS = { top: CELL_BORDER, bottom: CELL_BORDER, left: CELL_BORDER, right: CELL_BORDER };

function cell(text: string, width: number, opts: { bold?: boolean; align?: (typeof AlignmentType)[keyof typeof AlignmentType] } = {}): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    verticalAlign: VerticalAlign.CENTER,
    borders: CELL_BORDERS,
    margins: { left: 60, right: 60, top: 30, bottom: 30 },
    children: [new Paragraph({ alignment: opts.align ?? AlignmentType.LEFT, children: [new TextRun({ text, bold: opts.bold ?? false, font: FONT, size: TABLE_SIZE })] })],
  });
}

function tableColumns(summary: Summary): IndicatorDef[] {
  const known = ANNUAL_TABLE_CODES.map((c) => summary.indicators.find((i) => i.code === c)).filter((i): i is IndicatorDef => i !== undefined);
  return known.length ? known : summary.indicators.slice(0, TABLE_FALLBACK_COLUMNS);
}

function boardTable(summary: Summary, t: Translate): Table {
  const inds = tableColumns(summary);
  const usable = A4.height - LANDSCAPE_MARGIN.left - LANDSCAPE_MARGIN.right; // landscape page
  const noWidth = 600;
  const boardWidth = 2400;
  const valueWidth = Math.floor((usable - noWidth - boardWidth) / Math.max(inds.length, 1));
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
  return new Table({ width: { size: usable, type: WidthType.DXA }, columnWidths: widths, rows: [header, ...rows, totals] });
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

/** The year-end report as a .docx file (Vietnamese; wording from `t`, numbers in Vietnamese style). */
export async function annualReportDocx(input: AnnualReportInput): Promise<Buffer> {
  const { summary, t } = input;
  const year = String(input.year);
  const w = new Wording(summary, t);

  const intro: Paragraph[] = [
    centered(t("annual-title", { year }), { bold: true, size: 28, after: 60 }),
    centered(input.blocName, { bold: true, after: 360 }),
    heading(t("annual-section-results", { year })),
    body(t("annual-results-intro", { year })),
    ...headlineBlocks(w, t, summary, year).map((b) => body(b.text, b.label)),
  ];
  const { received, expected, missing } = summary.completeness;
  if (received < expected) {
    const boards = missing.map((b) => b.shortName).join(", ");
    intro.push(body(t("annual-incomplete", { received: String(received), expected: String(expected), boards }), null, true));
  }

  const portrait = { page: { size: { ...A4, orientation: PageOrientation.PORTRAIT }, margin: MARGIN } };
  const landscape = { page: { size: { ...A4, orientation: PageOrientation.LANDSCAPE }, margin: LANDSCAPE_MARGIN } };
  const sections: ISectionOptions[] = [
    { properties: portrait, children: intro },
    { properties: landscape, children: [heading(t("annual-section-boards", { year })), boardTable(summary, t)] },
    {
      properties: portrait,
      children: [
        heading(t("annual-section-election", { year: String(input.year + 1) })),
        body(electionText(input)),
        heading(t("annual-section-awards", { year })),
        body(proposalsText(input)),
      ],
    },
  ];
  const doc = new Document({
    creator: input.blocName,
    title: t("annual-title", { year }),
    styles: { default: { document: { run: { font: FONT, size: BODY_SIZE } } } },
    sections,
  });
  return Packer.toBuffer(doc);
}
