// Charts of a bloc summary as PNG images for Telegram: one indicator by board
// (bars) and month by month against the year before (lines).
//
// Vega-lite builds the chart, vega renders it to SVG with no DOM or canvas, and
// resvg rasterises it. The font ships from npm (dejavu-fonts-ttf) rather than
// coming from the system: a fresh machine or the Docker image may have no fonts
// at all, and DejaVu Sans covers every Vietnamese diacritic.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Resvg } from "@resvg/resvg-js";
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import { formatNumber } from "../../shared/bloc/numbers.js";
import { indicatorName, type IndicatorDef } from "../reports/rules/reports.js";
import type { Summary } from "../summaries/rules.js";
import { unitLabel } from "../../shared/bloc/units.js";

import type { Locale, Translate } from "../../shared/i18n/locale.js";
export type { Translate };

const FONT_FAMILY = "DejaVu Sans";
const FONT_DIR = join(dirname(createRequire(import.meta.url).resolve("dejavu-fonts-ttf/package.json")), "ttf");
const FONT_FILES = [join(FONT_DIR, "DejaVuSans.ttf"), join(FONT_DIR, "DejaVuSans-Bold.ttf")];

/** Width of the PNG; the SVG is laid out at the same width so font sizes are what they say. */
const WIDTH = 1000;

const COLOR_CURRENT = "#1f5f99";
const COLOR_PREVIOUS = "#9aa9b8";
const COLOR_TEXT = "#1f2933";
const COLOR_MUTED = "#7b8794";

// d3-format reads these; vega's default locale would print 7,081.7 in Vietnamese charts.
const NUMBER_LOCALES = {
  vi: { decimal: ",", thousands: ".", grouping: [3], currency: ["", ""] },
  en: { decimal: ".", thousands: ",", grouping: [3], currency: ["", ""] },
} as const;

// --- text measurement -----------------------------------------------------------------

/**
 * Vega lays out axes, legends and label truncation from text widths. Without a
 * canvas in Node it guesses 0.8 em per character, which is far too wide for
 * DejaVu Sans (so the plot shrinks and names get cut) and blind to bold. Reading
 * the advance widths from the very font files resvg draws with makes the layout
 * match the picture.
 */
type FontMetrics = { unitsPerEm: number; advance: (codePoint: number) => number };

function readFontMetrics(file: string): FontMetrics {
  const buf = readFileSync(file);
  const tables = new Map<string, number>();
  const numTables = buf.readUInt16BE(4);
  for (let i = 0; i < numTables; i++) {
    const rec = 12 + i * 16;
    tables.set(buf.toString("latin1", rec, rec + 4), buf.readUInt32BE(rec + 8));
  }
  const table = (tag: string) => {
    const at = tables.get(tag);
    if (at === undefined) throw new Error(`${file}: no ${tag} table`);
    return at;
  };
  const unitsPerEm = buf.readUInt16BE(table("head") + 18);
  const numberOfHMetrics = buf.readUInt16BE(table("hhea") + 34);
  const hmtx = table("hmtx");
  const advanceOfGlyph = (glyph: number) => buf.readUInt16BE(hmtx + Math.min(glyph, numberOfHMetrics - 1) * 4);

  // Format 4 (the BMP) is all the text here needs: Vietnamese lives in Latin-1,
  // Latin Extended-A/B, Latin Extended Additional and the combining marks.
  const cmap = table("cmap");
  let sub = -1;
  for (let i = 0, n = buf.readUInt16BE(cmap + 2); i < n; i++) {
    const rec = cmap + 4 + i * 8;
    const platform = buf.readUInt16BE(rec);
    const encoding = buf.readUInt16BE(rec + 2);
    const at = cmap + buf.readUInt32BE(rec + 4);
    if (buf.readUInt16BE(at) === 4 && (platform === 0 || (platform === 3 && encoding === 1))) sub = at;
  }
  if (sub < 0) throw new Error(`${file}: no Unicode BMP cmap`);
  const segCount = buf.readUInt16BE(sub + 6) / 2;
  const ends = sub + 14;
  const starts = ends + segCount * 2 + 2;
  const deltas = starts + segCount * 2;
  const rangeOffsets = deltas + segCount * 2;
  const glyphOf = (cp: number): number => {
    if (cp > 0xffff) return 0;
    for (let s = 0; s < segCount; s++) {
      if (cp > buf.readUInt16BE(ends + s * 2)) continue;
      const start = buf.readUInt16BE(starts + s * 2);
      if (cp < start) return 0;
      const delta = buf.readUInt16BE(deltas + s * 2);
      const ro = buf.readUInt16BE(rangeOffsets + s * 2);
      if (ro === 0) return (cp + delta) & 0xffff;
      const g = buf.readUInt16BE(rangeOffsets + s * 2 + ro + (cp - start) * 2);
      return g === 0 ? 0 : (g + delta) & 0xffff;
    }
    return 0;
  };
  const cache = new Map<number, number>();
  return {
    unitsPerEm,
    advance: (cp) => {
      let w = cache.get(cp);
      if (w === undefined) cache.set(cp, (w = advanceOfGlyph(glyphOf(cp))));
      return w;
    },
  };
}

let metrics: { regular: FontMetrics; bold: FontMetrics } | null = null;

function textWidth(text: string, fontSize: number, bold: boolean): number {
  metrics ??= { regular: readFontMetrics(FONT_FILES[0]!), bold: readFontMetrics(FONT_FILES[1]!) };
  const font = bold ? metrics.bold : metrics.regular;
  let units = 0;
  // NFC first: a name typed with combining marks is drawn as precomposed glyphs.
  for (const ch of text.normalize("NFC")) units += font.advance(ch.codePointAt(0)!);
  return (units / font.unitsPerEm) * fontSize;
}

type TextItem = { fontSize?: number | string; fontWeight?: number | string };

let measuring = false;

/** Points vega's (process-wide, untyped) text measurer at the DejaVu metrics. */
function useDejaVuMetrics(): void {
  if (measuring) return;
  const tm = (vega as unknown as { textMetrics?: { width: (item: TextItem, text?: unknown) => number } }).textMetrics;
  // vega's own hook (vega-scenegraph's textMetrics, whose `width` vega itself
  // switches between its estimate and a canvas): read here only, and a vega
  // without it fails loudly rather than laying out titles with a rough estimate.
  if (!tm || typeof tm.width !== "function") throw new Error("vega no longer exposes textMetrics.width: src/features/exports/chart.ts needs updating");
  tm.width = (item, text) => {
    const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
    const s = text == null ? "" : String(text).trim();
    const weight = item.fontWeight;
    const bold = weight === "bold" || weight === "bolder" || Number(weight) >= 600;
    return size <= 0 || !s ? 0 : textWidth(s, size, bold);
  };
  measuring = true;
}

/** Breaks a title into lines that fit the chart, since vega never wraps text. */
function wrap(text: string, fontSize: number, bold: boolean, maxWidth: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (line && textWidth(next, fontSize, bold) > maxWidth) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

// --- labels ---------------------------------------------------------------------------

/**
 * Month names come from code, not Fluent: the bot hands Fluent every number as
 * a string, so a Fluent selector on the month number could never match.
 */
function monthShort(month: number, locale: Locale): string {
  return locale === "vi" ? `T${month}` : new Intl.DateTimeFormat("en-US", { month: "short", timeZone: "UTC" }).format(Date.UTC(2000, month - 1, 1));
}

function monthLong(month: number, locale: Locale): string {
  return locale === "vi" ? `tháng ${month}` : new Intl.DateTimeFormat("en-US", { month: "long", timeZone: "UTC" }).format(Date.UTC(2000, month - 1, 1));
}

/** "tháng 10/2026", "quý 3/2026", "năm 2026"… from the summary's range. Years go as strings so no t() groups them ("2.026"). */
function periodLabel(summary: Summary, locale: Locale, t: Translate): string {
  const { kind, year, index } = summary.range;
  const y = String(year);
  switch (kind) {
    case "month":
      return t("chart-period-month", { month: String(index ?? 1), monthName: monthLong(index ?? 1, locale), year: y });
    case "quarter":
      return t("chart-period-quarter", { quarter: String(index ?? 1), year: y });
    case "ytd":
      return t("chart-period-ytd", { month: String(index ?? 12), monthName: monthLong(index ?? 12, locale), year: y });
    case "year":
      return t("chart-period-year", { year: y });
  }
}

function indicatorOf(summary: Summary, code: string): IndicatorDef {
  const ind = summary.indicators.find((i) => i.code === code);
  if (!ind) throw new Error(`indicator ${code} is not in the summary`);
  return ind;
}

// --- common look ----------------------------------------------------------------------

const TITLE_SIZE = 17;

function baseConfig(locale: Locale) {
  return {
    font: FONT_FAMILY,
    // The picture is a PNG: ARIA attributes would only fatten the SVG.
    aria: false,
    locale: { number: NUMBER_LOCALES[locale] },
    background: "white",
    padding: { left: 16, right: 24, top: 16, bottom: 12 },
    view: { stroke: null },
    title: { anchor: "start", fontSize: TITLE_SIZE, fontWeight: "bold", color: COLOR_TEXT, offset: 14, lineHeight: 22 },
    axis: {
      labelFontSize: 12,
      titleFontSize: 12,
      titleFontWeight: "bold",
      labelColor: COLOR_TEXT,
      titleColor: COLOR_MUTED,
      domainColor: "#cbd2d9",
      tickColor: "#cbd2d9",
      gridColor: "#e4e7eb",
      labelLimit: 260,
    },
    legend: { labelFontSize: 13, symbolSize: 140, symbolStrokeWidth: 3, labelColor: COLOR_TEXT },
  } as const;
}

function titleLines(text: string): string[] {
  // The padding and a margin for the rounding of the fit.
  return wrap(text, TITLE_SIZE, true, WIDTH - 16 - 24 - 8);
}

// --- rendering ------------------------------------------------------------------------

async function toSvg(spec: TopLevelSpec): Promise<string> {
  useDejaVuMetrics();
  // Errors only: the specs are fixed code, and vega-lite warns on every chart
  // that a step height turns "fit" into "fit-x", which is what we ask for.
  const { spec: vgSpec } = compile(spec, { logger: vega.logger(vega.Error) });
  const view = new vega.View(vega.parse(vgSpec), { renderer: "none", logLevel: vega.Error });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

function rasterise(svg: string): Buffer {
  const resvg = new Resvg(svg, {
    font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
    fitTo: { mode: "width", value: WIDTH },
  });
  return resvg.render().asPng();
}

// --- board chart ----------------------------------------------------------------------

type BoardDatum = { board: string; value: number | null; label: string; labelAt: number; missing: boolean };

function boardSpec(summary: Summary, indicatorCode: string, locale: Locale, t: Translate): TopLevelSpec {
  const ind = indicatorOf(summary, indicatorCode);
  const rows: BoardDatum[] = summary.byBoard.map((r) => {
    const value = r.values[ind.code] ?? null;
    return {
      board: r.board.shortName,
      value,
      label: value === null ? t("chart-no-data") : formatNumber(value, locale, ind.decimals),
      // A board with no figure gets its note at the axis, never a bar of 0.
      labelAt: value ?? 0,
      missing: value === null,
    };
  });
  // Sorted here rather than with vega-lite's sort, which would put the boards
  // with no figure among the zeros instead of last.
  const order = [...rows]
    .sort((a, b) => (a.value === null ? 1 : 0) - (b.value === null ? 1 : 0) || (b.value ?? 0) - (a.value ?? 0) || a.board.localeCompare(b.board, locale))
    .map((r) => r.board);
  const present = rows.flatMap((r) => (r.value === null ? [] : [r.value]));
  const max = Math.max(0, ...present);
  const min = Math.min(0, ...present);
  // Room to the right of the longest bar for its label (roughly 9 characters).
  const headroom = (max - min || 1) * 0.14;

  const y = { field: "board", type: "nominal", sort: order, title: t("chart-axis-board"), axis: { ticks: false, domain: false, labelPadding: 8, titlePadding: 12 } } as const;
  const x = {
    type: "quantitative",
    title: unitLabel(ind.unit, locale),
    scale: { domain: [min < 0 ? min - headroom : 0, max + headroom], nice: false, zero: true },
    axis: { grid: true, tickCount: 6, titlePadding: 10 },
  } as const;

  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    config: baseConfig(locale),
    width: WIDTH,
    autosize: { type: "fit-x", contains: "padding" },
    height: { step: 26 },
    title: {
      text: titleLines(t("chart-board-title", { indicator: indicatorName(ind, locale), unit: unitLabel(ind.unit, locale), period: periodLabel(summary, locale, t) })),
    },
    data: { values: rows },
    encoding: { y },
    layer: [
      {
        transform: [{ filter: "!datum.missing" }],
        mark: { type: "bar", color: COLOR_CURRENT, height: { band: 0.72 } },
        encoding: { x: { ...x, field: "value" } },
      },
      {
        mark: { type: "text", align: "left", baseline: "middle", dx: 5, fontSize: 12 },
        encoding: {
          x: { ...x, field: "labelAt" },
          text: { field: "label", type: "nominal" },
          color: { condition: { test: "datum.missing", value: COLOR_MUTED }, value: COLOR_TEXT },
        },
      },
    ],
  } as unknown as TopLevelSpec;
}

// --- trend chart ----------------------------------------------------------------------

type TrendDatum = { month: string; order: number; series: string; value: number | null; label: string };

function trendSpec(summary: Summary, indicatorCode: string, locale: Locale, t: Translate): TopLevelSpec {
  const ind = indicatorOf(summary, indicatorCode);
  const year = summary.range.year;
  const previous = summary.previousRange.year;
  const current = t("chart-series-current", { year: String(year) });
  const before = t("chart-series-previous", { year: String(previous) });
  const months = summary.byMonth.map((m, i) => ({ label: monthShort(m.month, locale), order: i, row: m }));
  const rows: TrendDatum[] = months.flatMap(({ label, order, row }) => {
    const v = row.values[ind.code] ?? null;
    const p = row.previous[ind.code] ?? null;
    return [
      { month: label, order, series: before, value: p, label: "" },
      { month: label, order, series: current, value: v, label: v === null ? "" : formatNumber(v, locale, ind.decimals) },
    ];
  });
  // Series are drawn in the order they first appear in the data: the previous
  // year goes first so the current year's line sits on top where they cross.
  rows.sort((a, b) => (a.series === b.series ? a.order - b.order : a.series === before ? -1 : 1));

  const x = { field: "month", type: "ordinal", sort: months.map((m) => m.label), title: t("chart-axis-month"), axis: { labelAngle: 0, ticks: false, titlePadding: 10 } } as const;
  const yEnc = { field: "value", type: "quantitative", title: unitLabel(ind.unit, locale), axis: { grid: true, tickCount: 6, titlePadding: 10 } } as const;
  // Colour and dash share one legend, drawn as line samples, so the previous
  // year still reads as "the dashed one" in a grey-scale print.
  const legend = { orient: "top", title: null, direction: "horizontal", offset: 6, symbolType: "stroke", symbolSize: 500 } as const;
  const color = { field: "series", type: "nominal", scale: { domain: [current, before], range: [COLOR_CURRENT, COLOR_PREVIOUS] }, legend } as const;
  const strokeDash = { field: "series", type: "nominal", scale: { domain: [current, before], range: [[1, 0], [6, 4]] }, legend } as const;

  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    config: baseConfig(locale),
    width: WIDTH,
    height: 420,
    autosize: { type: "fit-x", contains: "padding" },
    title: {
      text: titleLines(t("chart-trend-title", { indicator: indicatorName(ind, locale), unit: unitLabel(ind.unit, locale), year: String(year), previous: String(previous) })),
    },
    data: { values: rows },
    encoding: { x, y: yEnc, color },
    layer: [
      { mark: { type: "line", strokeWidth: 3, interpolate: "monotone" }, encoding: { strokeDash } },
      { mark: { type: "point", filled: true, size: 70, opacity: 1 } },
      {
        transform: [{ filter: "datum.label !== ''" }],
        mark: { type: "text", dy: -12, fontSize: 11, color: COLOR_TEXT },
        encoding: { text: { field: "label", type: "nominal" }, color: { value: COLOR_TEXT } },
      },
    ],
  } as unknown as TopLevelSpec;
}

// --- API ------------------------------------------------------------------------------

/** Bars: one indicator's value per board over the summary's range (boards with no figure shown as missing, not zero). */
export async function boardChartSvg(summary: Summary, indicatorCode: string, locale: Locale, t: Translate): Promise<string> {
  return toSvg(boardSpec(summary, indicatorCode, locale, t));
}

/** Lines: the indicator month by month in the summary's range against the same months a year before. */
export async function trendChartSvg(summary: Summary, indicatorCode: string, locale: Locale, t: Translate): Promise<string> {
  return toSvg(trendSpec(summary, indicatorCode, locale, t));
}

export async function boardChartPng(summary: Summary, indicatorCode: string, locale: Locale, t: Translate): Promise<Buffer> {
  return rasterise(await boardChartSvg(summary, indicatorCode, locale, t));
}

export async function trendChartPng(summary: Summary, indicatorCode: string, locale: Locale, t: Translate): Promise<Buffer> {
  return rasterise(await trendChartSvg(summary, indicatorCode, locale, t));
}
