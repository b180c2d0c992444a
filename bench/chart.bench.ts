// Chart rendering time: npx tsx bench/chart.bench.ts
// The goal is under 300 ms per chart (SVG + PNG) on the 2-core server, so a
// /summary with charts answers promptly even for a bloc of 60 boards.
import { performance } from "node:perf_hooks";
import type { IndicatorDef } from "../src/features/reports/rules/reports.js";
import { summarize, yearRange, type BoardRef, type MonthlyValue } from "../src/features/summaries/rules.js";
import { boardChartPng, boardChartSvg, trendChartPng, trendChartSvg, type Translate } from "../src/features/exports/chart.js";

const WARMUP = 3;
const RUNS = 20;
const BOARDS = 60;

const fdi: IndicatorDef = {
  id: 1, code: "fdi_capital", nameVi: "Vốn đăng ký cấp mới và tăng thêm của dự án FDI", nameEn: "FDI capital, new and added",
  unit: "usd_million", kind: "flow", valueType: "decimal", decimals: 2, min: 0, max: null, aliases: [],
};

const PROVINCES = ["Hà Nội", "Hải Phòng", "Quảng Ninh", "Bắc Ninh", "Vĩnh Phúc", "Hà Nam", "Nam Định", "Ninh Bình", "Hải Dương", "Hưng Yên", "Thái Bình", "Phú Thọ"];
const boards: BoardRef[] = Array.from({ length: BOARDS }, (_, i) => {
  const name = `${PROVINCES[i % PROVINCES.length]} ${Math.floor(i / PROVINCES.length) + 1}`;
  return { id: i + 1, code: `B${i + 1}`, shortName: name, name: `Ban Quản lý các KCN ${name}` };
});

// Deterministic, uneven figures; every seventh board has none this year.
const values: MonthlyValue[] = [];
for (const b of boards) {
  for (const year of [2025, 2026]) {
    if (year === 2026 && b.id % 7 === 0) continue;
    for (let month = 1; month <= 12; month++) {
      const value = ((b.id * 37) % 113) * 1.7 + month * 0.73 + (year - 2025) * 1.5;
      values.push({ boardId: b.id, year, month, indicator: fdi.code, value: Math.round(value * 100) / 100 });
    }
  }
}
const summary = summarize({ range: yearRange(2026), indicators: [fdi], boards, values, submissions: [] });

const TEXTS: Record<string, string> = {
  "chart-board-title": "{indicator} ({unit}) theo Ban Quản lý, {period}",
  "chart-trend-title": "{indicator} ({unit}) theo tháng, năm {year} so với năm {previous}",
  "chart-axis-board": "Ban Quản lý",
  "chart-axis-month": "Tháng",
  "chart-series-current": "Năm {year}",
  "chart-series-previous": "Năm {year}",
  "chart-no-data": "chưa có số liệu",
  "chart-period-year": "năm {year}",
};
const t: Translate = (key, vars) => (TEXTS[key] ?? key).replace(/\{(\w+)\}/g, (_, name: string) => String(vars?.[name] ?? ""));

type Stats = { median: number; p95: number };

function stats(ms: number[]): Stats {
  const sorted = [...ms].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  const median = sorted.length % 2 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, p95: sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)]! };
}

/**
 * Wall-clock time, and this process's CPU time beside it: on a shared machine
 * the wall clock also counts waiting for other processes, CPU time does not
 * (it does count V8's garbage-collector threads, so it can exceed the wall clock).
 */
async function time(run: () => Promise<unknown>): Promise<{ wall: Stats; cpu: Stats }> {
  for (let i = 0; i < WARMUP; i++) await run();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    const startCpu = process.cpuUsage();
    await run();
    const used = process.cpuUsage(startCpu);
    wall.push(performance.now() - start);
    cpu.push((used.user + used.system) / 1000);
  }
  return { wall: stats(wall), cpu: stats(cpu) };
}

const cases: [string, () => Promise<unknown>][] = [
  [`board chart, ${BOARDS} boards: SVG`, () => boardChartSvg(summary, fdi.code, "vi", t)],
  [`board chart, ${BOARDS} boards: PNG`, () => boardChartPng(summary, fdi.code, "vi", t)],
  ["trend chart, 12 months: SVG", () => trendChartSvg(summary, fdi.code, "vi", t)],
  ["trend chart, 12 months: PNG", () => trendChartPng(summary, fdi.code, "vi", t)],
];

const fmt = (n: number) => n.toFixed(1).padStart(9);
const header = `${"chart".padEnd(32)} ${"median".padStart(9)} ${"p95".padStart(9)} ${"cpu med".padStart(9)} ${"cpu p95".padStart(9)}`;
const rows: string[] = [];
for (const [name, run] of cases) {
  const { wall, cpu } = await time(run);
  rows.push(`${name.padEnd(32)} ${fmt(wall.median)} ${fmt(wall.p95)} ${fmt(cpu.median)} ${fmt(cpu.p95)}`);
}
console.log(`${RUNS} runs each after ${WARMUP} warm-up runs; milliseconds; PNG = SVG + rasterising\n`);
console.log(header);
for (const row of rows) console.log(row);
