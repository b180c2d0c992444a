// The summary's store reads every value of a year as text (one row per report,
// the values a JSON array SQLite writes with 17 significant digits) and rounds
// each to the indicator's integer unit in JavaScript. Here the stored values are
// doubles that need all 17 digits, values just under a half that a rounding other
// than Math.round's (or a shorter text) would move to the next unit, decimals
// beyond the 6 a sum keeps, a value for an inactive indicator, and periods whose
// ids are not in the order of their months: the figures and the summary must be
// exactly those of the rules from single values (features/summaries/rules.ts figuresOf).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations } from "../../../src/shared/db/migrate.js";
import { openDb, type Db } from "../../../src/shared/db/client.js";
import { loadSummaryFigures } from "../../../src/features/summaries/store.js";
import { activeIndicators } from "../../../src/shared/bloc/store.js";
import { writeSql } from "../../../src/shared/db/sql.js";
import {
  figuresOf, monthRange, previousYear, quarterRange, summarizeFigures, yearRange, type MonthlyValue, type SummaryRange,
} from "../../../src/features/summaries/rules.js";

const ZONE = "Asia/Ho_Chi_Minh";
const BOARDS = 6;
/** Each indicator's decimals (7: more than the 6 a sum keeps); the last one is inactive. */
const DECIMALS = [0, 0, 2, 1, 6, 7, 0];
let dir: string;
let db: Db;

/** A deterministic generator (mulberry32) of doubles with all 53 bits of a mantissa. */
function random(seed: number) {
  const next = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
  return () => ((next() >>> 11) * 2 ** 32 + next()) / 2 ** 53;
}

/**
 * Values whose unit a wrong reading or rounding moves, by decimals:
 * 0.49999999999999994 is 0 by Math.round but 1 by floor(x + 0.5) (x + 0.5 is 1
 * in doubles), as 0.004999999999999999 at 2 decimals; 2.4999999999999996,
 * 7081.749999999999 (1 decimal) and 0.04999999999999999 read with 15 digits
 * move to the next unit.
 */
const EDGES: Record<number, number[]> = {
  0: [0.49999999999999994, 2.4999999999999996, -0.49999999999999994, -2.5, 1e-7],
  1: [7081.749999999999, 0.04999999999999999, 0.35],
  2: [0.004999999999999999, 0.1 + 0.2, 2.675],
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "khoi-summary-values-"));
  const url = `file:${join(dir, "s.db")}`;
  applyMigrations(url);
  db = await openDb(url);
  const rnd = random(20261130);
  await db.board.createMany({ data: Array.from({ length: BOARDS }, (_, i) => ({ code: `B${i}`, name: `Ban ${i}`, shortName: `Ban ${i}`, sortOrder: i })) });
  await db.indicator.createMany({
    data: DECIMALS.map((d, i) => ({
      code: `ind${i}`, nameVi: `Chỉ tiêu ${i}`, nameEn: `Indicator ${i}`, unit: d ? "usd_million" : "projects",
      kind: i % 2 === 1 ? "stock" : "flow", valueType: d ? "decimal" : "integer", decimals: d, sortOrder: i, active: i !== DECIMALS.length - 1, aliases: [],
    })),
  });
  // Periods created in an order unlike that of their months: a stock's latest month is not its largest id.
  const months: { year: number; month: number }[] = [];
  for (let y = 2025; y <= 2026; y++) for (let m = 1; m <= 12; m++) months.push({ year: y, month: m });
  months.sort((a, b) => ((a.month * 7 + a.year) % 11) - ((b.month * 7 + b.year) % 11) || a.year - b.year || a.month - b.month);
  await db.period.createMany({ data: months.map((m) => ({ ...m, startsAt: new Date(), endsAt: new Date(), deadlineAt: new Date() })) });
  const boards = await db.board.findMany();
  const periods = await db.period.findMany();
  const indicators = await db.indicator.findMany();
  await db.report.createMany({
    data: periods.flatMap((p) => boards.filter((b) => (b.id + p.id) % 9 !== 0).map((b) => ({ boardId: b.id, periodId: p.id, reference: `R-${p.id}-${b.id}`, submittedAt: new Date() }))),
  });
  const values: { reportId: number; indicatorId: number; value: number }[] = [];
  const taken = new Map<number, number>(); // per decimals: edges used so far
  const edge = (d: number) => {
    const n = taken.get(d) ?? 0;
    taken.set(d, n + 1);
    return EDGES[d]![n % EDGES[d]!.length]!;
  };
  for (const r of await db.report.findMany({ orderBy: { id: "asc" } })) {
    for (const ind of indicators) {
      if ((r.id + ind.id) % 7 === 0) continue; // an item left empty
      const v = EDGES[ind.decimals] && (r.id + ind.id) % 4 === 0 ? edge(ind.decimals) : (rnd() - 0.1) * 10 ** (2 + (ind.id % 4));
      values.push({ reportId: r.id, indicatorId: ind.id, value: v });
    }
  }
  // Written straight on the connection: Prisma's write of a Float keeps ~16 significant digits (2.4999999999999996 is stored as 2.5).
  await writeSql(db, (sql) => sql.transaction(() => {
    for (const v of values) sql.run(`INSERT INTO "ReportValue" ("reportId", "indicatorId", "value") VALUES (?, ?, ?)`, v.reportId, v.indicatorId, v.value);
  }));
}, 120_000);

afterAll(async () => {
  await db.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

/** Every stored value of both ranges, read one by one through Prisma (its reads keep every digit). */
async function singleValues(range: SummaryRange): Promise<MonthlyValue[]> {
  const keys = new Set([...range.months, ...previousYear(range).months].map((m) => m.year * 12 + m.month));
  const rows = await db.reportValue.findMany({ include: { report: { include: { period: true } }, indicator: true } });
  return rows
    .filter((r) => keys.has(r.report.period.year * 12 + r.report.period.month))
    .map((r) => ({ boardId: r.report.boardId, year: r.report.period.year, month: r.report.period.month, indicator: r.indicator.code, value: r.value }));
}

describe("the summary's figures from the stored values", () => {
  it("stores doubles that need 17 significant digits, and values a rounding could move (the test's own premise)", async () => {
    const stored = (await db.reportValue.findMany({ select: { value: true } })).map((r) => r.value);
    expect(stored.filter((v) => Number(v.toPrecision(16)) !== v).length).toBeGreaterThan(100);
    for (const v of Object.values(EDGES).flat()) expect(stored).toContain(v);
    expect(Math.round(0.49999999999999994)).not.toBe(Math.floor(0.49999999999999994 + 0.5));
    expect(Math.round(Number((2.4999999999999996).toPrecision(15)))).not.toBe(Math.round(2.4999999999999996));
  });

  const ranges: [string, SummaryRange][] = [["a year", yearRange(2026)], ["a quarter", quarterRange(2026, 3)], ["a month", monthRange({ year: 2026, month: 11 })]];
  for (const [label, range] of ranges) {
    it(`are exactly the rules' from single values, and so is the summary: ${label}`, async () => {
      const loaded = await loadSummaryFigures(db, range, ZONE);
      const reference = figuresOf({ range, indicators: await activeIndicators(db), boards: loaded.boards, values: await singleValues(range), submissions: [] });
      expect(loaded.byBoard).toEqual(reference.byBoard);
      expect(loaded.byMonth).toEqual(reference.byMonth);
      const figures = summarizeFigures(loaded);
      expect(figures.totals).toEqual(summarizeFigures(reference).totals);
      expect(figures.byBoard.map((r) => [r.values, r.previous])).toEqual(summarizeFigures(reference).byBoard.map((r) => [r.values, r.previous]));
      expect(loaded.byBoard.size).toBe(BOARDS);
      expect(figures.totals.every((t) => t.total !== null && t.previous !== null)).toBe(true);
    });
  }
});
