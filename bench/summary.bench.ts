// A year summary over 60 boards, 15 indicators and 10 years of monthly data, on
// SQLite on disk: the database query and the aggregation. Goal: well under 50 ms.
// Run alone: npx tsx bench/summary.bench.ts (npm run bench runs all benchmarks).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { applyMigrations } from "../src/shared/db/migrate.js";
import { openDb } from "../src/shared/db/client.js";
import { loadSummaryFigures } from "../src/features/summaries/store.js";
import { summarizeFigures, yearRange } from "../src/features/summaries/rules.js";
import { performance } from "node:perf_hooks";
import { mainThreadCpuMs, ms, percentile, table, timeRuns, type Row } from "./lib.js";

const BOARDS = 60;
const INDICATORS = 15;
const YEARS = 10;

export async function benchSummary(): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), "khoi-bench-"));
  const url = `file:${join(dir, "bench.db")}`;
  applyMigrations(url);
  const db = await openDb(url);
  try {
    await db.board.createMany({ data: Array.from({ length: BOARDS }, (_, i) => ({ code: `B${i}`, name: `Ban Quản lý ${i}`, shortName: `Ban ${i}`, sortOrder: i })) });
    await db.indicator.createMany({
      data: Array.from({ length: INDICATORS }, (_, i) => ({
        code: `ind${i}`, nameVi: `Chỉ tiêu ${i}`, nameEn: `Indicator ${i}`, unit: i % 3 === 0 ? "usd_million" : "projects",
        kind: i % 5 === 4 ? "stock" : "flow", valueType: i % 3 === 0 ? "decimal" : "integer", decimals: i % 3 === 0 ? 2 : 0, sortOrder: i, aliases: [],
      })),
    });
    const boards = await db.board.findMany();
    const indicators = await db.indicator.findMany();
    const first = 2017;
    const periods = [];
    for (let y = first; y < first + YEARS; y++) for (let m = 1; m <= 12; m++) periods.push({ year: y, month: m, startsAt: new Date(), endsAt: new Date(), deadlineAt: new Date() });
    await db.period.createMany({ data: periods });
    const periodRows = await db.period.findMany();
    await db.report.createMany({
      data: periodRows.flatMap((p) => boards.map((b) => ({ boardId: b.id, periodId: p.id, reference: `R-${p.id}-${b.id}`, submittedAt: new Date() }))),
    });
    const reports = await db.report.findMany({ select: { id: true, boardId: true, periodId: true } });
    const values = reports.flatMap((r) => indicators.map((ind) => ({ reportId: r.id, indicatorId: ind.id, value: ((r.boardId * 31 + r.periodId * 7 + ind.id) % 1000) + (ind.decimals ? 0.25 : 0) })));
    for (let i = 0; i < values.length; i += 20_000) await db.reportValue.createMany({ data: values.slice(i, i + 20_000) });

    const range = yearRange(first + YEARS - 1);
    if (process.env.BENCH_DEBUG) {
      const input = await loadSummaryFigures(db, range);
      const load = await timeRuns(20, 5, () => loadSummaryFigures(db, range));
      const agg = await timeRuns(20, 5, async () => summarizeFigures(input));
      console.log(`load ${percentile(load, 50).toFixed(1)} ms, summarize ${percentile(agg, 50).toFixed(1)} ms`);
    }
    let check = 0;
    // The main thread's CPU time for each run too: on a machine shared with other
    // work a run can wait for a core (wall time without CPU time).
    const cpu: number[] = [];
    const times = await timeRuns(30, 5, async () => {
      const c0 = mainThreadCpuMs();
      const s = summarizeFigures(await loadSummaryFigures(db, range));
      cpu.push(mainThreadCpuMs() - c0);
      check += s.totals.length;
    });
    const timedCpu = cpu.slice(-times.length); // the warm-up runs left out
    const p50 = percentile(times, 50);
    const p95 = percentile(times, 95);
    return [
      { name: `summary: year, ${BOARDS} boards × ${INDICATORS} indicators, ${YEARS} years stored (${values.length.toLocaleString("en")} values), median`, value: ms(p50), goal: "< 50 ms", ok: p50 < 50 },
      { name: "summary: same, 95th percentile", value: ms(p95), goal: "< 50 ms", ok: p95 < 50 },
      { name: "summary: same, CPU time of the main thread: median, 95th percentile (information: the rest of the wall time waited for a core)", value: `${ms(percentile(timedCpu, 50))}, ${ms(percentile(timedCpu, 95))}` },
      ...(check > 0 ? [] : [{ name: "summary check", value: "no totals", goal: "", ok: false }]),
    ];
  } finally {
    await db.$disconnect();
    if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
    else console.log(dir);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  console.log(table(await benchSummary()));
}
