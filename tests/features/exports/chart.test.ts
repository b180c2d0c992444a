import { describe, expect, it } from "vitest";
import type { IndicatorDef } from "../../../src/features/reports/rules/reports.js";
import { quarterRange, summarize, yearRange, type BoardRef, type MonthlyValue, type SummaryRange } from "../../../src/features/summaries/rules.js";
import { boardChartPng, boardChartSvg, trendChartPng, trendChartSvg, type Translate } from "../../../src/features/exports/chart.js";
import { strictTranslator } from "../../harness/translate.js";

const fdi: IndicatorDef = {
  id: 1, code: "fdi_capital", nameVi: "Vốn FDI cấp mới và tăng thêm", nameEn: "FDI capital, new and added",
  unit: "usd_million", kind: "flow", valueType: "decimal", decimals: 2, min: 0, max: null, aliases: [],
};
const workers: IndicatorDef = {
  id: 2, code: "workers", nameVi: "Lao động trong các KCN", nameEn: "Workers in the zones",
  unit: "people", kind: "stock", valueType: "integer", decimals: 0, min: 0, max: null, aliases: [],
};

const boards: BoardRef[] = [
  { id: 1, code: "HP", shortName: "Hải Phòng", name: "Ban Quản lý KKT Hải Phòng" },
  { id: 2, code: "BN", shortName: "Bắc Ninh", name: "Ban Quản lý các KCN Bắc Ninh" },
  { id: 3, code: "HNa", shortName: "Hà Nam", name: "Ban Quản lý các KCN Hà Nam" },
  { id: 4, code: "VP", shortName: "Vĩnh Phúc", name: "Ban Quản lý các KCN Vĩnh Phúc" },
];

/** 2025 and 2026 month by month. Vĩnh Phúc reported FDI only in 2025, so it has no 2026 figure. */
function dataset(): MonthlyValue[] {
  const out: MonthlyValue[] = [];
  const put = (boardId: number, year: number, month: number, indicator: string, value: number) =>
    out.push({ boardId, year, month, indicator, value });
  for (let month = 1; month <= 12; month++) {
    // Hải Phòng's 2026 FDI sums to 7.081,7.
    put(1, 2026, month, "fdi_capital", month === 12 ? 591.7 : 590);
    put(2, 2026, month, "fdi_capital", 100.25);
    put(3, 2026, month, "fdi_capital", 12.5);
    put(1, 2025, month, "fdi_capital", 500);
    put(2, 2025, month, "fdi_capital", 90);
    put(3, 2025, month, "fdi_capital", 10);
    put(4, 2025, month, "fdi_capital", 20);
    for (const b of boards) {
      // A stock: December's level, never the sum of the months.
      put(b.id, 2026, month, "workers", b.id === 1 ? 1_265_933 + month : 40_000 * b.id + month);
      put(b.id, 2025, month, "workers", 30_000 * b.id + month);
    }
  }
  return out;
}

function summary(range: SummaryRange = yearRange(2026)) {
  return summarize({ range, indicators: [fdi, workers], boards, values: dataset(), submissions: [] });
}

// Stand-ins for the Fluent messages proposed with this module.
const translator = strictTranslator;

/** Text of every <text> element, or of those inside the groups of the given mark class (text groups hold no inner <g>). */
function texts(svg: string, group?: string): string[] {
  const scopes = group ? [...svg.matchAll(new RegExp(`<g class="${group}[^"]*"[^>]*>(.*?)</g>`, "gs"))].map((m) => m[1]!) : [svg];
  if (group) expect(scopes.length, `groups ${group}`).toBeGreaterThan(0);
  return scopes.flatMap((scope) => [...scope.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!));
}

/** The <path> elements of every group of the given mark class. */
function markPaths(svg: string, group: string): string[] {
  const out: string[] = [];
  for (const m of svg.matchAll(new RegExp(`<g class="${group}[^"]*"[^>]*>(.*?)</g>`, "gs"))) {
    out.push(...(m[1]!.match(/<path[^>]*>/g) ?? []));
  }
  return out;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function expectPng(png: Buffer): void {
  expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  // The first chunk is IHDR: length 13, type, then width and height.
  expect(png.readUInt32BE(8)).toBe(13);
  expect(png.toString("latin1", 12, 16)).toBe("IHDR");
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  expect(width).toBe(1000);
  expect(height).toBeGreaterThan(200);
  expect(height).toBeLessThan(4000);
}

describe("board chart", () => {
  it("renders a PNG 1000 px wide", async () => {
    expectPng(await boardChartPng(summary(), "fdi_capital", "vi", translator("vi")));
  });

  it("writes Vietnamese names and Vietnamese numbers for vi", async () => {
    const svg = await boardChartSvg(summary(), "fdi_capital", "vi", translator("vi"));
    const all = texts(svg);
    for (const name of ["Hải Phòng", "Bắc Ninh", "Hà Nam", "Vĩnh Phúc"]) expect(all).toContain(name);
    const labels = texts(svg, "mark-text role-mark");
    expect(labels).toEqual(expect.arrayContaining(["7.081,7", "1.203", "150"]));
    expect(all.join(" ")).toContain("Vốn FDI cấp mới và tăng thêm (triệu USD) theo Ban Quản lý, năm 2026");
    // Axis ticks follow the locale too: 7.081,7 needs ticks in the thousands.
    expect(texts(svg, "mark-text role-axis-label").some((s) => /^\d{1,3}(\.\d{3})+$/.test(s))).toBe(true);
  });

  it("writes English numbers for en", async () => {
    const svg = await boardChartSvg(summary(), "fdi_capital", "en", translator("en"));
    const labels = texts(svg, "mark-text role-mark");
    expect(labels).toEqual(expect.arrayContaining(["7,081.7", "1,203", "150"]));
    expect(labels).not.toContain("7.081,7");
    expect(texts(svg, "mark-text role-axis-label").some((s) => /^\d{1,3}(,\d{3})+$/.test(s))).toBe(true);
  });

  it("sorts the boards by value, largest first, the board with no figure last", async () => {
    const svg = await boardChartSvg(summary(), "fdi_capital", "vi", translator("vi"));
    const axis = texts(svg, "mark-text role-axis-label").filter((s) => /\p{L}/u.test(s));
    expect(axis).toEqual(["Hải Phòng", "Bắc Ninh", "Hà Nam", "Vĩnh Phúc"]);
  });

  it("does not draw a board with no figure as 0", async () => {
    const svg = await boardChartSvg(summary(), "fdi_capital", "vi", translator("vi"));
    expect(markPaths(svg, "mark-rect role-mark")).toHaveLength(3);
    const labels = texts(svg, "mark-text role-mark");
    expect(labels).toContain("chưa có số liệu");
    expect(labels).not.toContain("0");
    expect(labels).toHaveLength(4);
  });

  it("shows a stock's latest level, not a sum of months", async () => {
    const svg = await boardChartSvg(summary(), "workers", "vi", translator("vi"));
    expect(texts(svg, "mark-text role-mark")).toContain("1.265.945");
  });

  it("names the period from the summary's range", async () => {
    const svg = await boardChartSvg(summary(quarterRange(2026, 4)), "fdi_capital", "en", translator("en"));
    expect(texts(svg).join(" ")).toContain("FDI capital, new and added (million USD) by board, Q4 2026");
  });

  it("refuses an indicator the summary does not have", async () => {
    await expect(boardChartSvg(summary(), "nope", "vi", translator("vi"))).rejects.toThrow(/nope/);
  });
});

describe("trend chart", () => {
  it("renders a PNG 1000 px wide", async () => {
    expectPng(await trendChartPng(summary(), "fdi_capital", "vi", translator("vi")));
  });

  it("has a line for each year, labelled in the legend", async () => {
    const svg = await trendChartSvg(summary(), "fdi_capital", "vi", translator("vi"));
    expect(texts(svg, "mark-text role-legend-label")).toEqual(["Năm 2026", "Năm 2025"]);
    const lines = markPaths(svg, "mark-line role-mark");
    expect(lines).toHaveLength(2);
    // The year before is the dashed one.
    const dashed = (p: string) => /stroke-dasharray="\d+,[1-9]/.test(p);
    expect(lines.filter(dashed)).toHaveLength(1);
    // Twelve months of each year.
    expect(markPaths(svg, "mark-symbol role-mark")).toHaveLength(24);
  });

  it("labels the months and the current year's points in the locale's style", async () => {
    const vi = await trendChartSvg(summary(), "fdi_capital", "vi", translator("vi"));
    expect(texts(vi, "mark-text role-axis-label")).toEqual(expect.arrayContaining(["T1", "T10", "T12"]));
    // December 2026: 591,7 + 100,25 + 12,5.
    expect(texts(vi, "mark-text role-mark")).toContain("704,45");
    expect(texts(vi).join(" ")).toContain("theo tháng, năm 2026 so với năm 2025");

    const en = await trendChartSvg(summary(), "fdi_capital", "en", translator("en"));
    expect(texts(en, "mark-text role-axis-label")).toEqual(expect.arrayContaining(["Jan", "Oct", "Dec"]));
    expect(texts(en, "mark-text role-mark")).toContain("704.45");
    expect(texts(en, "mark-text role-legend-label")).toEqual(["2026", "2025"]);
  });
});
