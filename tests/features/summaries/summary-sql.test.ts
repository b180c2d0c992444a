// The summary's figures computed in SQL (features/summaries/store.ts) are exactly those the
// rules give from single values (features/summaries/rules.ts figuresOf), over many boards
// with every case the rules know: flows and stocks, decimals that round, months
// missing, late reports, boards retired or merged during a year, a report with
// no values, an inactive indicator, periods of the year before.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DateTime } from "luxon";
import { applyMigrations } from "../../../src/shared/db/migrate.js";
import { openDb, type Db } from "../../../src/shared/db/client.js";
import { loadSummaryFigures } from "../../../src/features/summaries/store.js";
import { activeIndicators } from "../../../src/shared/bloc/store.js";
import { shiftPeriod } from "../../../src/shared/bloc/schedule.js";
import {
  monthRange, previousYear, quarterRange, summarize, summarizeFigures, yearRange, ytdRange, type BoardRef, type MonthlyValue, type SummaryRange,
} from "../../../src/features/summaries/rules.js";

const ZONE = "Asia/Ho_Chi_Minh";
const BOARDS = 120;
let dir: string;
let db: Db;

/** A small deterministic generator (mulberry32), so that a failure can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "khoi-summary-"));
  const url = `file:${join(dir, "s.db")}`;
  applyMigrations(url);
  db = await openDb(url);
  const rnd = random(20261102);
  await db.board.createMany({
    data: Array.from({ length: BOARDS }, (_, i) => ({
      code: `B${i}`, name: `Ban ${i}`, shortName: `Ban ${i}`, sortOrder: BOARDS - i, // sort order not id order
      // Some boards left: retired or merged in 2026, one in 2025, one long before.
      ...(i % 17 === 3 ? { status: "retired", retiredAt: new Date(`2026-0${1 + (i % 8)}-15T03:00:00Z`) } : {}),
      ...(i % 23 === 5 ? { status: "merged", retiredAt: new Date("2026-04-01T00:30:00Z") } : {}),
      ...(i === 7 ? { status: "retired", retiredAt: new Date("2025-06-10T00:00:00Z") } : {}),
      ...(i === 8 ? { status: "retired", retiredAt: new Date("2020-01-10T00:00:00Z") } : {}),
      // Some boards were added in 2026: they owe, and report, from their first period on.
      ...(i % 19 === 4 ? { firstYear: 2026, firstMonth: 1 + (i % 12) } : {}),
    })),
  });
  const decimals = [0, 2, 1, 0, 3, 0, 2];
  await db.indicator.createMany({
    data: decimals.map((d, i) => ({
      code: `ind${i}`, nameVi: `Chỉ tiêu ${i}`, nameEn: `Indicator ${i}`, unit: d ? "usd_million" : "projects",
      kind: i % 3 === 1 ? "stock" : "flow", valueType: d ? "decimal" : "integer", decimals: d, sortOrder: 7 - i, active: i !== 5, aliases: [],
    })),
  });
  const periods = [];
  for (let y = 2024; y <= 2026; y++) for (let m = 1; m <= 12; m++) periods.push({ year: y, month: m, startsAt: new Date(), endsAt: new Date(), deadlineAt: new Date() });
  await db.period.createMany({ data: periods });
  const boards = await db.board.findMany();
  const indicators = await db.indicator.findMany();
  const periodRows = await db.period.findMany();
  const reports = [];
  const owes = (b: (typeof boards)[number], p: (typeof periodRows)[number]) => b.firstYear === null || p.year * 12 + p.month >= b.firstYear * 12 + b.firstMonth!;
  for (const p of periodRows) for (const b of boards) if (rnd() < 0.8 && owes(b, p)) reports.push({ boardId: b.id, periodId: p.id, reference: `R-${p.id}-${b.id}`, submittedAt: new Date(), late: rnd() < 0.2 });
  await db.report.createMany({ data: reports });
  const stored = await db.report.findMany({ select: { id: true } });
  const values = [];
  for (const r of stored) {
    if (r.id % 97 === 0) continue; // a report without values
    for (const ind of indicators) {
      if (rnd() < 0.15) continue; // an item left empty
      const scale = 10 ** ind.decimals;
      // Values as typed (within the indicator's decimals), and now and then one
      // with a decimal more (an older bloc file allowed it) that must round.
      const extra = rnd() < 0.1 ? 10 : 1;
      const v = Math.round(rnd() * 5000 * scale * extra) / (scale * extra);
      values.push({ reportId: r.id, indicatorId: ind.id, value: rnd() < 0.02 ? -v : v });
    }
  }
  for (let i = 0; i < values.length; i += 20_000) await db.reportValue.createMany({ data: values.slice(i, i + 20_000) });
}, 120_000);

afterAll(async () => {
  await db.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

/** The summary computed from every single value, as the rules state it (the reference). */
async function fromSingleValues(range: SummaryRange) {
  const previous = previousYear(range);
  const keys = new Set([...range.months, ...previous.months].map((m) => m.year * 12 + m.month));
  const rows = await db.reportValue.findMany({ include: { report: { include: { period: true } }, indicator: true } });
  const values: MonthlyValue[] = rows
    .filter((r) => keys.has(r.report.period.year * 12 + r.report.period.month))
    .map((r) => ({ boardId: r.report.boardId, year: r.report.period.year, month: r.report.period.month, indicator: r.indicator.code, value: r.value }));
  const withData = new Set(values.map((v) => v.boardId));
  const last = Math.max(...range.months.map((m) => m.year * 12 + m.month));
  const boards: BoardRef[] = (await db.board.findMany({ orderBy: [{ sortOrder: "asc" }, { id: "asc" }] }))
    .filter((b) => (b.status === "active" && (b.firstYear === null || b.firstYear * 12 + b.firstMonth! <= last)) || withData.has(b.id))
    .map((b) => {
      const left = b.status !== "active" && b.retiredAt ? DateTime.fromJSDate(b.retiredAt, { zone: ZONE }) : null;
      return {
        id: b.id, code: b.code, shortName: b.shortName, name: b.name, lastMonth: left ? shiftPeriod({ year: left.year, month: left.month }, -1) : null,
        firstMonth: b.firstYear !== null ? { year: b.firstYear, month: b.firstMonth! } : null,
      };
    });
  const inRange = new Set(range.months.map((m) => m.year * 12 + m.month));
  const submissions = (await db.report.findMany({ include: { period: true } }))
    .filter((r) => inRange.has(r.period.year * 12 + r.period.month))
    .map((r) => ({ boardId: r.boardId, year: r.period.year, month: r.period.month, late: r.late }));
  return summarize({ range, indicators: await activeIndicators(db), boards, values, submissions });
}

describe("the summary computed in SQL", () => {
  const ranges: [string, SummaryRange][] = [
    ["a month", monthRange({ year: 2026, month: 3 })],
    ["a month a board left in", monthRange({ year: 2026, month: 4 })],
    ["a quarter", quarterRange(2026, 2)],
    ["a year", yearRange(2026)],
    ["a year with no year before", yearRange(2024)],
    ["the year to date", ytdRange(2026, 7)],
    ["a month with no periods at all", monthRange({ year: 2030, month: 1 })],
  ];
  for (const [label, range] of ranges) {
    it(`gives exactly the figures of the rules: ${label}`, async () => {
      const expected = await fromSingleValues(range);
      const actual = summarizeFigures(await loadSummaryFigures(db, range, ZONE));
      expect(actual).toEqual(expected);
      if (label === "a year") {
        expect(actual.byBoard.length).toBeGreaterThan(100);
        expect(actual.totals.every((t) => t.total !== null)).toBe(true);
      }
    });
  }
});
