// The bloc's summaries: totals of a month, a quarter, a year or the year to
// date, by board and by month, compared with the same period a year before.
// Flows add up over months; stocks take each board's latest month, never a sum.
// Sums are done in integers of the indicator's smallest unit, so 7.081,7 stays
// 7.081,7 however many boards and months add up to it.
import type { IndicatorDef } from "../reports/rules/reports.js";
import { shiftPeriod, type PeriodKey } from "../../shared/bloc/schedule.js";

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
export type BoardRef = {
  id: number;
  code: string;
  shortName: string;
  name: string;
  /** For a board retired or merged: the last month it was a member (it owes nothing after). */
  lastMonth?: PeriodKey | null;
  /** The board's first period: it owes nothing before (a board added mid-year). */
  firstMonth?: PeriodKey | null;
};

const idx = (k: PeriodKey) => k.year * 12 + k.month;

/** The months of a range a board owes: from its first period, while it was a member. */
function memberMonths(board: BoardRef, months: PeriodKey[]): PeriodKey[] {
  return months.filter((m) => (!board.lastMonth || idx(m) <= idx(board.lastMonth)) && (!board.firstMonth || idx(m) >= idx(board.firstMonth)));
}

export type IndicatorTotal = {
  indicator: IndicatorDef;
  /** The sum over the boards with a figure (all of the bloc only when `Summary.coverage.complete`). */
  total: number | null;
  previous: number | null;
  /** total / previous; null when there is no base (missing, or zero). */
  ratio: number | null;
  /**
   * Like for like: the same comparison over only the boards with a figure for
   * this indicator in both periods. Null when the two periods have the same
   * boards (then `ratio` is already like for like) or no board is in both.
   */
  likeForLike: { total: number; previous: number; ratio: number | null; boards: number } | null;
};

/**
 * How complete a summary is, counted in boards (the headline's "9/11 đơn vị đã
 * báo cáo"): `owing` boards owe figures for at least one month of the range,
 * `reported` of them reported every month they owe, `partial` some but not all;
 * `withFigures` boards have figures (the totals add theirs). `complete` when
 * every board owing figures has reported all of them.
 */
export type Coverage = { owing: number; reported: number; partial: number; withFigures: number; complete: boolean };

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
  coverage: Coverage;
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
  return r ? clipRange(r, latest) : null;
}

/**
 * Months not over yet have no figures: a running quarter or year covers the
 * months so far, compared with the same months a year before. Null when the
 * whole range is in the future.
 */
export function clipRange(r: SummaryRange, latest: PeriodKey): SummaryRange | null {
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

/** The integer unit of an indicator's sums: its value × 10^decimals (at most 6). */
export const scaleOf = (ind: IndicatorDef) => 10 ** Math.min(ind.decimals, 6);

/** A month's value in its indicator's integer unit (`scale`: scaleOf), rounded half up as Math.round does: what every sum adds. */
export const scaledValue = (value: number, scale: number) => Math.round(value * scale);

/**
 * A board's figure for one indicator over some months, in scaled integers: the
 * sum of its months (what a flow takes) and the value of its latest month with a
 * figure (what a stock takes); null where it has none.
 */
export type RangeFigure = { sum: number | null; latest: number | null };

/**
 * What a summary is computed from: added up over the database's rows
 * (features/summaries/store.ts), or from single values (figuresOf, the reference
 * the store is tested against). Every number is a scaled integer (scaleOf: each
 * month's value rounded to the indicator's decimals before anything is added);
 * lists follow `indicators` and `range.months`.
 */
export type SummaryFigures = {
  range: SummaryRange;
  indicators: IndicatorDef[];
  /** The boards of the summary: the active ones, and any other with figures in either year. */
  boards: BoardRef[];
  /** By board id, per indicator: the range's figure and that of the same months a year before. */
  byBoard: Map<number, { current: RangeFigure[]; previous: RangeFigure[] }>;
  /** Per month of the range, per indicator: the sum over boards, and that of the same month a year before. */
  byMonth: { current: (number | null)[]; previous: (number | null)[] }[];
  /** Reports in the range by board id: the months reported and how many were late. */
  reported: Map<number, { months: number; late: number }>;
  /** Per month of the range: how many boards reported. */
  boardsReported: number[];
};

/**
 * Values of the range and the previous year's range in one dense grid
 * (board × month × indicator), in scaled integers, NaN where nothing was
 * reported: a year over 60 boards and 15 indicators is 21.600 cells.
 */
class Grid {
  readonly cells: Float64Array;
  private readonly boardIdx = new Map<number, number>();
  private readonly monthIdx = new Map<number, number>();
  private readonly indIdx = new Map<string, number>();

  constructor(boards: BoardRef[], months: PeriodKey[], private readonly indicators: IndicatorDef[], values: MonthlyValue[]) {
    boards.forEach((b, i) => this.boardIdx.set(b.id, i));
    months.forEach((m, i) => this.monthIdx.set(m.year * 12 + m.month, i));
    indicators.forEach((ind, i) => this.indIdx.set(ind.code, i));
    this.cells = new Float64Array(boards.length * months.length * indicators.length).fill(NaN);
    const scales = indicators.map(scaleOf);
    for (const v of values) {
      const b = this.boardIdx.get(v.boardId);
      const m = this.monthIdx.get(v.year * 12 + v.month);
      const k = this.indIdx.get(v.indicator);
      if (b === undefined || m === undefined || k === undefined) continue;
      this.cells[this.at(b, m, k)] = scaledValue(v.value, scales[k]!);
    }
  }

  private at(b: number, m: number, k: number): number {
    return (b * this.monthIdx.size + m) * this.indicators.length + k;
  }

  monthIndexes(months: PeriodKey[]): number[] {
    return months.map((m) => this.monthIdx.get(m.year * 12 + m.month)!);
  }

  /** A board's sum and latest figure over some months (in order). */
  figure(b: number, k: number, months: number[]): RangeFigure {
    let sum = 0;
    let latest: number | null = null;
    let any = false;
    for (const m of months) {
      const v = this.cells[this.at(b, m, k)]!;
      if (!Number.isNaN(v)) {
        sum += v;
        latest = v;
        any = true;
      }
    }
    return { sum: any ? sum : null, latest };
  }
}

function sumScaled(parts: (number | null)[]): number | null {
  let sum = 0;
  let any = false;
  for (const p of parts) {
    if (p !== null) {
      sum += p;
      any = true;
    }
  }
  return any ? sum : null;
}

/** The figures of a summary from single monthly values: the rules, plainly (features/summaries/store.ts does the same over the database's rows). */
export function figuresOf(input: {
  range: SummaryRange;
  indicators: IndicatorDef[];
  boards: BoardRef[];
  values: MonthlyValue[];
  submissions: Submission[];
}): SummaryFigures {
  const { range, indicators, boards } = input;
  const previousRange = previousYear(range);
  const grid = new Grid(boards, [...range.months, ...previousRange.months], indicators, input.values);
  const cur = grid.monthIndexes(range.months);
  const prev = grid.monthIndexes(previousRange.months);
  const byBoard = new Map(boards.map((board, b) => [board.id, {
    current: indicators.map((_, k) => grid.figure(b, k, cur)),
    previous: indicators.map((_, k) => grid.figure(b, k, prev)),
  }]));
  const monthSum = (mi: number) => indicators.map((_, k) => sumScaled(boards.map((__, b) => grid.figure(b, k, [mi]).sum)));
  const byMonth = range.months.map((_, i) => ({ current: monthSum(cur[i]!), previous: monthSum(prev[i]!) }));

  const inRange = new Set(range.months.map((m) => m.year * 12 + m.month));
  const boardIds = new Set(boards.map((b) => b.id));
  const subs = input.submissions.filter((s) => boardIds.has(s.boardId) && inRange.has(s.year * 12 + s.month));
  const reported = new Map<number, { months: number; late: number }>();
  for (const board of boards) {
    const mine = subs.filter((s) => s.boardId === board.id);
    if (mine.length) reported.set(board.id, { months: new Set(mine.map((s) => s.year * 12 + s.month)).size, late: mine.filter((s) => s.late).length });
  }
  const boardsReported = range.months.map((m) => new Set(subs.filter((s) => s.year === m.year && s.month === m.month).map((s) => s.boardId)).size);
  return { range, indicators, boards, byBoard, byMonth, reported, boardsReported };
}

/** A summary from single monthly values (figuresOf, then summarizeFigures). */
export function summarize(input: Parameters<typeof figuresOf>[0]): Summary {
  return summarizeFigures(figuresOf(input));
}

/**
 * The summary from its figures: flows take each board's sum, stocks its latest
 * month, except a board that left before the range ended (its level is part of
 * another board's now, after a merger); totals add the boards' figures.
 */
export function summarizeFigures(f: SummaryFigures): Summary {
  const { range, indicators, boards } = f;
  const previousRange = previousYear(range);
  const unscale = (k: number, v: number | null) => (v === null ? null : v / scaleOf(indicators[k]!));
  const lastOf = (months: PeriodKey[]) => idx(months[months.length - 1]!);
  const memberAtEnd = (board: BoardRef, months: PeriodKey[]) => !board.lastMonth || idx(board.lastMonth) >= lastOf(months);
  const none: RangeFigure = { sum: null, latest: null };
  const pick = (k: number, fig: RangeFigure | undefined, member: boolean) =>
    indicators[k]!.kind === "stock" ? (member ? (fig ?? none).latest : null) : (fig ?? none).sum;

  // perBoard[b][k]: scaled figures of board b for indicator k, this range's and last year's.
  const perBoard = boards.map((board) => {
    const figs = f.byBoard.get(board.id);
    return indicators.map((__, k) => [pick(k, figs?.current[k], memberAtEnd(board, range.months)), pick(k, figs?.previous[k], memberAtEnd(board, previousRange.months))] as const);
  });

  const byBoard: BoardRow[] = boards.map((board, b) => ({
    board,
    values: Object.fromEntries(indicators.map((ind, k) => [ind.code, unscale(k, perBoard[b]![k]![0])])),
    previous: Object.fromEntries(indicators.map((ind, k) => [ind.code, unscale(k, perBoard[b]![k]![1])])),
    reportedMonths: f.reported.get(board.id)?.months ?? 0,
    lateMonths: f.reported.get(board.id)?.late ?? 0,
  }));

  const ratioOf = (total: number | null, previous: number | null) => (total !== null && previous !== null && previous > 0 ? total / previous : null);
  const totals: IndicatorTotal[] = indicators.map((indicator, k) => {
    const total = sumScaled(perBoard.map((row) => row[k]![0]));
    const previous = sumScaled(perBoard.map((row) => row[k]![1]));
    // Like for like: the boards with a figure in both periods, when some board has one in only one of them.
    const both = perBoard.filter((row) => row[k]![0] !== null && row[k]![1] !== null);
    const differ = perBoard.some((row) => (row[k]![0] === null) !== (row[k]![1] === null));
    let likeForLike: IndicatorTotal["likeForLike"] = null;
    if (differ && both.length > 0) {
      const lt = sumScaled(both.map((row) => row[k]![0]))!;
      const lp = sumScaled(both.map((row) => row[k]![1]))!;
      likeForLike = { total: unscale(k, lt)!, previous: unscale(k, lp)!, ratio: ratioOf(lt, lp), boards: both.length };
    }
    return { indicator, total: unscale(k, total), previous: unscale(k, previous), ratio: ratioOf(total, previous), likeForLike };
  });

  const byMonth: MonthRow[] = range.months.map((m, i) => {
    const month = (sums: (number | null)[]) => Object.fromEntries(indicators.map((ind, k) => [ind.code, unscale(k, sums[k] ?? null)]));
    return { year: m.year, month: m.month, values: month(f.byMonth[i]!.current), previous: month(f.byMonth[i]!.previous), boardsReported: f.boardsReported[i] ?? 0 };
  });

  // A board owes the months in which it was a member; one gone before the range owes nothing.
  const owed = new Map(boards.map((b) => [b.id, memberMonths(b, range.months).length]));
  const expected = [...owed.values()].reduce((a, n) => a + n, 0);
  const received = byBoard.reduce((a, r) => a + Math.min(r.reportedMonths, owed.get(r.board.id)!), 0);
  const owing = byBoard.filter((r) => owed.get(r.board.id)! > 0);
  const reportedAll = owing.filter((r) => r.reportedMonths >= owed.get(r.board.id)!).length;
  const coverage: Coverage = {
    owing: owing.length,
    reported: reportedAll,
    partial: owing.filter((r) => r.reportedMonths > 0 && r.reportedMonths < owed.get(r.board.id)!).length,
    withFigures: perBoard.filter((row) => row.some(([cur]) => cur !== null)).length,
    complete: reportedAll === owing.length,
  };
  return {
    range, previousRange, indicators, totals, byBoard, byMonth,
    completeness: {
      received, expected,
      missing: byBoard.filter((r) => r.reportedMonths < owed.get(r.board.id)!).map((r) => r.board),
      late: byBoard.filter((r) => r.lateMonths > 0).map((r) => r.board),
    },
    coverage,
  };
}
