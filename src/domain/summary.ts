// The bloc's summaries: totals of a month, a quarter, a year or the year to
// date, by board and by month, compared with the same period a year before.
// Flows add up over months; stocks take each board's latest month, never a sum.
// Sums are done in integers of the indicator's smallest unit, so 7.081,7 stays
// 7.081,7 however many boards and months add up to it.
import type { IndicatorDef } from "./reports.js";
import { shiftPeriod, type PeriodKey } from "./schedule.js";

export type Granularity = "month" | "quarter" | "year" | "ytd";

export type SummaryRange = {
  kind: Granularity;
  year: number;
  /** The month (kind month), the quarter's number (kind quarter), or the last month included (ytd). */
  index: number | null;
  months: PeriodKey[];
};

export type MonthlyValue = { boardId: number; year: number; month: number; indicator: string; value: number };
export type Submission = { boardId: number; year: number; month: number; late: boolean };
export type BoardRef = { id: number; code: string; shortName: string; name: string };

export type IndicatorTotal = {
  indicator: IndicatorDef;
  total: number | null;
  previous: number | null;
  /** total / previous; null when there is no base (missing, or zero). */
  ratio: number | null;
};

export type BoardRow = {
  board: BoardRef;
  values: Record<string, number | null>;
  previous: Record<string, number | null>;
  reportedMonths: number;
  lateMonths: number;
};

export type MonthRow = { year: number; month: number; values: Record<string, number | null>; previous: Record<string, number | null>; boardsReported: number };

export type Summary = {
  range: SummaryRange;
  previousRange: SummaryRange;
  indicators: IndicatorDef[];
  totals: IndicatorTotal[];
  byBoard: BoardRow[];
  byMonth: MonthRow[];
  completeness: { received: number; expected: number; missing: BoardRef[]; late: BoardRef[] };
};

// --- ranges -------------------------------------------------------------------

function monthsBetween(first: PeriodKey, last: PeriodKey): PeriodKey[] {
  const out: PeriodKey[] = [];
  for (let k = first; k.year * 12 + k.month <= last.year * 12 + last.month; k = shiftPeriod(k, 1)) out.push(k);
  return out;
}

export function monthRange(key: PeriodKey): SummaryRange {
  return { kind: "month", year: key.year, index: key.month, months: [key] };
}

export function quarterRange(year: number, quarter: number): SummaryRange {
  const first = { year, month: (quarter - 1) * 3 + 1 };
  return { kind: "quarter", year, index: quarter, months: monthsBetween(first, shiftPeriod(first, 2)) };
}

export function yearRange(year: number): SummaryRange {
  return { kind: "year", year, index: null, months: monthsBetween({ year, month: 1 }, { year, month: 12 }) };
}

export function ytdRange(year: number, lastMonth: number): SummaryRange {
  return { kind: "ytd", year, index: lastMonth, months: monthsBetween({ year, month: 1 }, { year, month: lastMonth }) };
}

export function previousYear(range: SummaryRange): SummaryRange {
  return { ...range, year: range.year - 1, months: range.months.map((m) => ({ year: m.year - 1, month: m.month })) };
}

/**
 * Reads "/summary" arguments: "" (the latest closed month), "2026-10", "10/2026",
 * "Q3 2026", "2026" (a whole year, or the year to date while it is running),
 * "ytd". `latest` is the latest month that can be reported.
 */
export function parseRange(arg: string, latest: PeriodKey): SummaryRange | null {
  const r = parseRangeWords(arg, latest);
  if (!r) return null;
  // Months not over yet have no figures: a running quarter or year covers the
  // months so far, compared with the same months a year before.
  const months = r.months.filter((m) => m.year * 12 + m.month <= latest.year * 12 + latest.month);
  return months.length ? { ...r, months } : null;
}

function parseRangeWords(arg: string, latest: PeriodKey): SummaryRange | null {
  const s = arg.trim().toLowerCase().replace(/\s+/g, " ");
  if (s === "") return monthRange(latest);
  if (s === "ytd") return ytdRange(latest.year, latest.month);
  let m = /^(\d{4})-(\d{1,2})$/.exec(s) ?? /^(\d{1,2})\/(\d{4})$/.exec(s);
  if (m) {
    const [year, month] = m[1]!.length === 4 ? [Number(m[1]), Number(m[2])] : [Number(m[2]), Number(m[1])];
    return month >= 1 && month <= 12 && year >= 2000 && year <= 2100 ? monthRange({ year, month }) : null;
  }
  m = /^q([1-4]) ?(\d{4})$/.exec(s) ?? /^(\d{4}) ?q([1-4])$/.exec(s);
  if (m) {
    const [q, year] = m[1]!.length === 4 ? [Number(m[2]), Number(m[1])] : [Number(m[1]), Number(m[2])];
    return year >= 2000 && year <= 2100 ? quarterRange(year, q) : null;
  }
  m = /^(\d{4})( ytd)?$/.exec(s);
  if (m) {
    const year = Number(m[1]);
    if (year < 2000 || year > 2100) return null;
    if (year === latest.year && (latest.month < 12 || m[2])) return ytdRange(year, latest.month);
    return yearRange(year);
  }
  return null;
}

// --- aggregation ----------------------------------------------------------------

const scaleOf = (ind: IndicatorDef) => 10 ** Math.min(ind.decimals, 6);

type Index = Map<string, number>; // `${boardId}:${year}:${month}:${code}` → value

function key(boardId: number, year: number, month: number, code: string): string {
  return `${boardId}:${year}:${month}:${code}`;
}

/** A board's figure over a range: the sum (flow) or the latest month reported (stock), in scaled integers. */
function boardScaled(idx: Index, ind: IndicatorDef, boardId: number, months: PeriodKey[]): number | null {
  const scale = scaleOf(ind);
  if (ind.kind === "stock") {
    for (let i = months.length - 1; i >= 0; i--) {
      const v = idx.get(key(boardId, months[i]!.year, months[i]!.month, ind.code));
      if (v !== undefined) return Math.round(v * scale);
    }
    return null;
  }
  let sum = 0;
  let any = false;
  for (const m of months) {
    const v = idx.get(key(boardId, m.year, m.month, ind.code));
    if (v !== undefined) {
      sum += Math.round(v * scale);
      any = true;
    }
  }
  return any ? sum : null;
}

function sumScaled(parts: (number | null)[]): number | null {
  const present = parts.filter((p): p is number => p !== null);
  return present.length ? present.reduce((a, b) => a + b, 0) : null;
}

export function summarize(input: {
  range: SummaryRange;
  indicators: IndicatorDef[];
  boards: BoardRef[];
  values: MonthlyValue[];
  submissions: Submission[];
}): Summary {
  const { range, indicators, boards } = input;
  const previousRange = previousYear(range);
  const idx: Index = new Map(input.values.map((v) => [key(v.boardId, v.year, v.month, v.indicator), v.value]));
  const unscale = (ind: IndicatorDef, v: number | null) => (v === null ? null : v / scaleOf(ind));

  const byBoard: BoardRow[] = boards.map((board) => {
    const subs = input.submissions.filter((s) => s.boardId === board.id && range.months.some((m) => m.year === s.year && m.month === s.month));
    return {
      board,
      values: Object.fromEntries(indicators.map((ind) => [ind.code, unscale(ind, boardScaled(idx, ind, board.id, range.months))])),
      previous: Object.fromEntries(indicators.map((ind) => [ind.code, unscale(ind, boardScaled(idx, ind, board.id, previousRange.months))])),
      reportedMonths: subs.length,
      lateMonths: subs.filter((s) => s.late).length,
    };
  });

  const totals: IndicatorTotal[] = indicators.map((ind) => {
    const total = sumScaled(boards.map((b) => boardScaled(idx, ind, b.id, range.months)));
    const previous = sumScaled(boards.map((b) => boardScaled(idx, ind, b.id, previousRange.months)));
    return {
      indicator: ind,
      total: unscale(ind, total),
      previous: unscale(ind, previous),
      ratio: total !== null && previous !== null && previous > 0 ? total / previous : null,
    };
  });

  const byMonth: MonthRow[] = range.months.map((m) => {
    const prev = { year: m.year - 1, month: m.month };
    const month = (k: PeriodKey) =>
      Object.fromEntries(indicators.map((ind) => [ind.code, unscale(ind, sumScaled(boards.map((b) => boardScaled(idx, ind, b.id, [k]))))]));
    return {
      year: m.year, month: m.month, values: month(m), previous: month(prev),
      boardsReported: new Set(input.submissions.filter((s) => s.year === m.year && s.month === m.month && boards.some((b) => b.id === s.boardId)).map((s) => s.boardId)).size,
    };
  });

  const expected = boards.length * range.months.length;
  const received = byBoard.reduce((a, r) => a + r.reportedMonths, 0);
  return {
    range, previousRange, indicators, totals, byBoard, byMonth,
    completeness: {
      received, expected,
      missing: byBoard.filter((r) => r.reportedMonths < range.months.length).map((r) => r.board),
      late: byBoard.filter((r) => r.lateMonths > 0).map((r) => r.board),
    },
  };
}
