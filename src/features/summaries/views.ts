// How a summary reads in chat. First a short screen that fits a phone (see
// summaryShortText): how complete the figures are, then every indicator by its
// short name with its value and the comparison with a year before. Behind its
// buttons, edited in place: the details (every indicator by its full name with
// the comparison written the bloc's way, "bằng 87,7% so với cùng kỳ", "tăng 19%",
// and a table by board for one indicator, ◀ ▶ for another: see layout) and who
// reported (summaryCoverageText). Totals over incomplete figures say whose
// figures they add up, and compare like for like (features/summaries/rules.ts).
import type { Choice } from "../../shared/messaging/outbound.js";
import type { Locale } from "../../shared/i18n/locale.js";
import { esc, clip } from "../../shared/text/html.js";
import { formatMonth } from "../../shared/i18n/format.js";
import type { Translate } from "../../shared/i18n/locale.js";
import { formatNumber, formatPercent } from "../../shared/bloc/numbers.js";
import { indicatorName, shortIndicatorName, type IndicatorDef } from "../reports/rules/reports.js";
import type { IndicatorTotal, Summary, SummaryRange } from "./rules.js";
import { monthRange, quarterRange, yearRange, ytdRange } from "./rules.js";
import { unitLabel } from "../../shared/bloc/units.js";
import { joinWithin, visibleLength } from "../../shared/text/split.js";
import { MESSAGE_LIMITS } from "../../shared/messaging/limits.js";

export type T = Translate;

export function rangeLabel(t: T, range: SummaryRange, locale: Locale): string {
  switch (range.kind) {
    case "month":
      return formatMonth({ year: range.year, month: range.index! }, locale);
    case "quarter":
      return t("range-quarter", { quarter: range.index!, year: range.year });
    case "year":
      return t("range-year", { year: range.year });
    case "ytd":
      return t("range-ytd", { month: range.index!, year: range.year });
  }
}

/** The comparison with the same period a year before, as the bloc writes it. */
export function comparisonText(t: T, ind: IndicatorDef, ratio: number | null, range: SummaryRange, locale: Locale): string {
  if (ratio === null) return t("cmp-none");
  const base = range.kind === "year" ? t("cmp-base-year", { year: range.year - 1 }) : t("cmp-base-period");
  if (ind.kind === "flow") return t("cmp-flow", { pct: formatPercent(ratio, locale, 1), base });
  const change = ratio - 1;
  if (Math.abs(change) < 0.0005) return t("cmp-stock-same", { base });
  return t(change > 0 ? "cmp-stock-up" : "cmp-stock-down", { pct: formatPercent(Math.abs(change), locale, 1), base });
}

/** The comparison a summary shows first: like for like where the boards differ between the periods (see IndicatorTotal). */
function shownRatio(tot: IndicatorTotal): { ratio: number | null; likeForLike: boolean } {
  return tot.likeForLike ? { ratio: tot.likeForLike.ratio, likeForLike: true } : { ratio: tot.ratio, likeForLike: false };
}

/**
 * The comparison of a total in the details: like for like where the boards
 * differ ("bằng 92,3% so với cùng kỳ, trên cùng 9 đơn vị có số liệu cả hai kỳ;
 * tổng chung bằng 120,0%"), otherwise the plain comparison.
 */
export function totalComparisonText(t: T, tot: IndicatorTotal, range: SummaryRange, locale: Locale): string {
  const lfl = tot.likeForLike;
  if (!lfl) return comparisonText(t, tot.indicator, tot.ratio, range, locale);
  return t("cmp-like-for-like", {
    cmp: comparisonText(t, tot.indicator, lfl.ratio, range, locale),
    boards: lfl.boards,
    plain: tot.ratio === null ? t("cmp-plain-none") : formatPercent(tot.ratio, locale, 1),
  });
}

/** The comparison on the short screen: "107,1%" for a flow, "+17,6%" or "−2,0%" for a stock, "—" without a base. */
function shortComparison(ind: IndicatorDef, ratio: number | null, locale: Locale): string {
  if (ratio === null) return "—";
  if (ind.kind === "flow") return formatPercent(ratio, locale, 1);
  const change = ratio - 1;
  if (Math.abs(change) < 0.0005) return "=";
  return `${change > 0 ? "+" : "−"}${formatPercent(Math.abs(change), locale, 1)}`;
}

/** A compact token for a range in button data: m2026-10, q2026-3, y2026, t2026-10. */
export function rangeToken(r: SummaryRange): string {
  return r.kind === "year" ? `y${r.year}` : `${r.kind === "month" ? "m" : r.kind === "quarter" ? "q" : "t"}${r.year}-${r.index}`;
}

export function parseRangeToken(s: string): SummaryRange | null {
  const m = /^([mqyt])(\d{4})(?:-(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  const year = Number(m[2]);
  const i = m[3] === undefined ? null : Number(m[3]);
  if (year < 2000 || year > 2100) return null;
  if (m[1] === "y") return i === null ? yearRange(year) : null;
  if (i === null) return null;
  if (m[1] === "m") return i >= 1 && i <= 12 ? monthRange({ year, month: i }) : null;
  if (m[1] === "q") return i >= 1 && i <= 4 ? quarterRange(year, i) : null;
  return i >= 1 && i <= 12 ? ytdRange(year, i) : null;
}

function pad(s: string, n: number): string {
  const chars = [...s];
  return chars.length >= n ? chars.slice(0, n).join("") : s + " ".repeat(n - chars.length);
}

function padStart(s: string, n: number): string {
  return s.length >= n ? s : " ".repeat(n - s.length) + s;
}

/** How many names the missing and late lines list before "and N more". */
const MAX_NAMES = 12;
/** Rows of the table by board kept when the totals must be shown a window at a time. */
const WINDOWED_TABLE_ROWS = 20;

function names(t: T, boards: { shortName: string }[]): string {
  const shown = boards.slice(0, MAX_NAMES).map((b) => esc(b.shortName)).join(", ");
  return boards.length > MAX_NAMES ? `${shown} ${t("summary-and-more", { count: boards.length - MAX_NAMES })}` : shown;
}

const len = (lines: string[]) => visibleLength(lines.join("\n"));

/**
 * How a summary is laid out in one message, which is edited in place by ◀ ▶ and
 * so must stay within Telegram's 4,096 characters whatever the bloc holds: all
 * the totals and the whole table when they fit; otherwise the totals a window
 * at a time (the window holding the indicator of the table, ⏪ ⏩ to jump a
 * window), the table cut to its first rows (the spreadsheet has them all).
 */
type Layout = { head: string[]; totals: string[]; windows: [number, number][] | null };

// The text and the keyboard of one summary message share its layout.
const layouts = new WeakMap<Summary, Map<string, Layout>>();

function layout(t: T, s: Summary, locale: Locale, blocName: string): Layout {
  const key = `${locale}\u0000${blocName}`;
  const known = layouts.get(s)?.get(key);
  if (known) return known;
  const made = makeLayout(t, s, locale, blocName);
  if (!layouts.has(s)) layouts.set(s, new Map());
  layouts.get(s)!.set(key, made);
  return made;
}

/** "9/11 đơn vị đã báo cáo" or "đủ 11/11 đơn vị": the headline's count (see Coverage). */
export function coverageHeadline(t: T, s: Summary): string {
  const c = s.coverage;
  const multi = s.range.months.length > 1;
  if (c.complete) return t("summary-coverage-complete", { reported: c.reported, owing: c.owing });
  return t(multi ? "summary-coverage-partial-multi" : "summary-coverage-partial", { reported: c.reported, owing: c.owing });
}

/**
 * The caption of a summary's chart or spreadsheet: the period and how complete
 * its figures are ("Tổng hợp tháng 10/2026 · ⚠️ 9/11 đơn vị đã báo cáo: số liệu
 * của các đơn vị đã báo cáo"). Plain text, within a caption's 1.024 characters.
 */
export function summaryCaption(t: T, s: Summary, locale: Locale, of: "chart" | "xlsx" = "chart"): string {
  const period = rangeLabel(t, s.range, locale);
  const head = `${of === "xlsx" ? t("summary-xlsx-caption", { period }) : t("summary-caption", { period })} · ${coverageHeadline(t, s)}`;
  return s.coverage.complete ? head : `${head}${t("summary-caption-partial")}`;
}

/** The heading of the totals: the bloc's, or the sum of the boards with figures when some have not reported. */
function totalsHeading(t: T, s: Summary): string {
  return s.coverage.complete ? t("summary-totals") : t("summary-totals-partial", { boards: s.coverage.withFigures, owing: s.coverage.owing });
}

function makeLayout(t: T, s: Summary, locale: Locale, blocName: string): Layout {
  const c = s.completeness;
  const head = [t("summary-head", { period: rangeLabel(t, s.range, locale), bloc: esc(blocName) }), coverageHeadline(t, s)];
  const pct = c.expected ? formatPercent(c.received / c.expected, locale, 0) : "—";
  if (s.range.months.length > 1) head.push(t("summary-completeness-multi", { received: c.received, expected: c.expected, pct, boards: s.byBoard.filter((b) => b.reportedMonths > 0).length, total: s.byBoard.length }));
  if (c.missing.length) head.push(t("summary-missing", { boards: names(t, c.missing) }));
  if (c.late.length) head.push(t("summary-late", { boards: names(t, c.late) }));
  const totals = s.totals.map((tot) => {
    const ind = tot.indicator;
    if (tot.total === null) return `• ${esc(indicatorName(ind, locale))}: — ${t("summary-no-figures")}`;
    const value = `<b>${formatNumber(tot.total, locale, ind.decimals)}</b> ${esc(unitLabel(ind.unit, locale))}`;
    return `• ${esc(indicatorName(ind, locale))}: ${value} — ${totalComparisonText(t, tot, s.range, locale)}`;
  });
  // Everything at once if the widest table any indicator gives fits with all the totals.
  const widest = (rows: number) => Math.max(0, ...s.indicators.map((_, i) => len(tableLines(t, s, locale, i, rows))));
  const upToTotals = len([...head, "", totalsHeading(t, s), ...totals]);
  if (upToTotals < MESSAGE_LIMITS.messageText && upToTotals + 1 + widest(s.byBoard.length) <= MESSAGE_LIMITS.messageText) return { head, totals, windows: null };
  // Totals in windows: the room left once the head, a short table and the window's note are counted.
  const note = len([t("summary-totals-window", { from: s.totals.length, to: s.totals.length, total: s.totals.length })]);
  const room = MESSAGE_LIMITS.messageText - len([...head, "", totalsHeading(t, s)]) - note - 3 - widest(WINDOWED_TABLE_ROWS);
  const windows: [number, number][] = [];
  let from = 0;
  let used = 0;
  totals.forEach((line, i) => {
    const cost = visibleLength(line) + 1;
    if (i > from && used + cost > room) {
      windows.push([from, i]);
      from = i;
      used = 0;
    }
    used += cost;
  });
  windows.push([from, totals.length]);
  return { head, totals, windows };
}

/** The table by board for indicator `idx`: its heading, `maxRows` rows (and a line for the rest), the legend. */
function tableLines(t: T, s: Summary, locale: Locale, idx: number, maxRows: number): string[] {
  const ind = s.indicators[idx];
  if (!ind) return [];
  const rows = [...s.byBoard].sort((a, b) => (b.values[ind.code] ?? -1) - (a.values[ind.code] ?? -1));
  const table = rows.map((r) => {
    const v = r.values[ind.code];
    const mark = r.reportedMonths === 0 ? "✗" : r.reportedMonths < s.range.months.length ? "…" : r.lateMonths ? "⏰" : " ";
    return `${pad(r.board.shortName, 12)}${padStart(v === null || v === undefined ? "—" : formatNumber(v, locale, ind.decimals), 13)} ${mark}`;
  });
  const shown = table.slice(0, maxRows);
  if (shown.length < table.length) shown.push(t("summary-rows-more", { count: table.length - shown.length }));
  return [
    t("summary-by-board", { indicator: esc(clip(indicatorName(ind, locale), 60)), unit: esc(unitLabel(ind.unit, locale)) }),
    `<pre>${esc(shown.join("\n"))}</pre>`,
    t("summary-legend"),
  ];
}

function windowOf(l: Layout, idx: number): number {
  return Math.max(0, l.windows?.findIndex(([from, to]) => idx >= from && idx < to) ?? 0);
}

/** The summary message with the table for indicator `boardIndicator`: within Telegram's limit, always (see layout). */
export function summaryText(t: T, s: Summary, locale: Locale, blocName: string, boardIndicator: number): string {
  const l = layout(t, s, locale, blocName);
  let totals = l.totals;
  const lines = [...l.head, "", totalsHeading(t, s)];
  if (l.windows) {
    const [from, to] = l.windows[windowOf(l, boardIndicator)]!;
    lines.push(t("summary-totals-window", { from: from + 1, to, total: l.totals.length }));
    totals = l.totals.slice(from, to);
  }
  lines.push(...totals);
  if (!s.indicators[boardIndicator]) return lines.join("\n");
  // As many rows of the table as fit, down to none.
  let rows = l.windows ? WINDOWED_TABLE_ROWS : s.byBoard.length;
  let text = [...lines, "", ...tableLines(t, s, locale, boardIndicator, rows)].join("\n");
  while (rows > 0 && visibleLength(text) > MESSAGE_LIMITS.messageText) {
    rows = Math.max(0, rows - Math.max(1, Math.ceil((visibleLength(text) - MESSAGE_LIMITS.messageText) / 28)));
    text = [...lines, "", ...tableLines(t, s, locale, boardIndicator, rows)].join("\n");
  }
  return text;
}

/**
 * Buttons under a summary: another indicator for the table (◀ ▶), a chart, the
 * spreadsheet; when the totals are shown a window at a time, ⏪ ⏩ jump to the
 * previous or next window. Every button is sm:i|c|x:<range>[:<indicator>].
 */
export function summaryChoices(t: T, s: Summary, boardIndicator: number, locale: Locale, blocName: string): Choice[][] {
  const token = rangeToken(s.range);
  const n = s.indicators.length;
  const rows: Choice[][] = [[
    { label: "◀", action: `sm:i:${token}:${(boardIndicator - 1 + n) % n}` },
    { label: t("summary-btn-indicator", { index: boardIndicator + 1, total: n }), action: `sm:i:${token}:${boardIndicator}` },
    { label: "▶", action: `sm:i:${token}:${(boardIndicator + 1) % n}` },
  ]];
  const l = layout(t, s, locale, blocName);
  if (l.windows && l.windows.length > 1) {
    const w = windowOf(l, boardIndicator);
    const [pf, pt] = l.windows[(w - 1 + l.windows.length) % l.windows.length]!;
    const [nf, nt] = l.windows[(w + 1) % l.windows.length]!;
    rows.push([{ label: `⏪ ${pf + 1}–${pt}`, action: `sm:i:${token}:${pf}` }, { label: `${nf + 1}–${nt} ⏩`, action: `sm:i:${token}:${nf}` }]);
  }
  rows.push([{ label: t("summary-btn-chart"), action: `sm:c:${token}:${boardIndicator}` }, { label: t("summary-btn-xlsx"), action: `sm:x:${token}` }]);
  rows.push([{ label: t("summary-btn-coverage", { reported: s.coverage.reported, owing: s.coverage.owing }), action: `sm:r:${token}` }, { label: t("summary-btn-short"), action: `sm:s:${token}` }]);
  return rows;
}

// --- the short screen -------------------------------------------------------------

/** The indicators the short screen lists; the others are in the details. */
export const SHORT_MAX_INDICATORS = 12;
/** Names of boards that have not reported on the short screen before "and N more". */
const SHORT_MAX_NAMES = 3;

/**
 * The summary's first screen, for a phone: at most SHORT_MAX_INDICATORS + 4
 * lines (16) whatever the bloc holds, and under 1.000 characters on the example
 * bloc (12 indicators, 11 boards): the headline with how many boards reported,
 * the boards missing (three named), the heading of the totals (the bloc's, or
 * the sum of the boards that reported), one line per indicator (short name,
 * value, unit, comparison; * marks a like-for-like comparison), and a line for
 * the indicators left out. No table: the buttons (summaryShortChoices) open it.
 */
export function summaryShortText(t: T, s: Summary, locale: Locale): string {
  const lines = [`${t("summary-short-head", { period: rangeLabel(t, s.range, locale) })} · ${coverageHeadline(t, s)}`];
  if (!s.coverage.complete && s.completeness.missing.length) {
    const missing = s.completeness.missing;
    const shown = missing.slice(0, SHORT_MAX_NAMES).map((b) => esc(b.shortName)).join(", ");
    const more = missing.length > SHORT_MAX_NAMES ? ` ${t("summary-and-more", { count: missing.length - SHORT_MAX_NAMES })}` : "";
    lines.push(t(s.range.months.length > 1 ? "summary-short-missing-multi" : "summary-short-missing", { boards: shown + more }));
  }
  const base = s.range.kind === "year" ? t("cmp-base-year", { year: s.range.year - 1 }) : t("cmp-base-period");
  const anyLikeForLike = s.totals.some((x) => x.likeForLike);
  const heading = s.coverage.complete ? t("summary-totals") : t("summary-short-totals-partial", { boards: s.coverage.withFigures });
  lines.push(t(anyLikeForLike ? "summary-short-totals-lfl" : "summary-short-totals", { totals: heading, base }));
  for (const tot of s.totals.slice(0, SHORT_MAX_INDICATORS)) {
    const ind = tot.indicator;
    const name = esc(clip(shortIndicatorName(ind, locale), 40));
    if (tot.total === null) {
      lines.push(`• ${name}: —`);
      continue;
    }
    const { ratio, likeForLike } = shownRatio(tot);
    lines.push(`• ${name}: <b>${formatNumber(tot.total, locale, ind.decimals)}</b> ${esc(unitLabel(ind.unit, locale))} · ${shortComparison(ind, ratio, locale)}${likeForLike ? "*" : ""}`);
  }
  if (s.totals.length > SHORT_MAX_INDICATORS) lines.push(t("summary-short-more", { count: s.totals.length - SHORT_MAX_INDICATORS }));
  return lines.join("\n");
}

/** Buttons under the short screen: the details (all indicators, the table by board), who reported, the charts, the spreadsheet. */
export function summaryShortChoices(t: T, s: Summary): Choice[][] {
  const token = rangeToken(s.range);
  return [
    [{ label: t("summary-btn-details"), action: `sm:i:${token}:0` }, { label: t("summary-btn-coverage", { reported: s.coverage.reported, owing: s.coverage.owing }), action: `sm:r:${token}` }],
    [{ label: t("summary-btn-chart"), action: `sm:c:${token}:0` }, { label: t("summary-btn-xlsx"), action: `sm:x:${token}` }],
  ];
}

/**
 * Who reported, in full (within one message: a bloc of hundreds of boards
 * ends its lists with "and N more", the spreadsheet has them all): the boards
 * that reported, those that have not or only some months, those late.
 */
export function summaryCoverageText(t: T, s: Summary, locale: Locale): string {
  const owed = (r: Summary["byBoard"][number]) => !s.completeness.missing.includes(r.board);
  const reported = s.byBoard.filter((r) => r.reportedMonths > 0 && owed(r)).map((r) => esc(r.board.shortName));
  const partial = s.byBoard.filter((r) => r.reportedMonths > 0 && !owed(r)).map((r) => esc(r.board.shortName));
  const none = s.byBoard.filter((r) => r.reportedMonths === 0 && !owed(r)).map((r) => esc(r.board.shortName));
  const late = s.completeness.late.map((b) => esc(b.shortName));
  const c = s.completeness;
  const head = [
    `${t("summary-short-head", { period: rangeLabel(t, s.range, locale) })} · ${coverageHeadline(t, s)}`,
    t(s.range.months.length > 1 ? "summary-completeness-multi" : "summary-completeness", {
      received: c.received, expected: c.expected, pct: c.expected ? formatPercent(c.received / c.expected, locale, 0) : "—",
      boards: s.byBoard.filter((b) => b.reportedMonths > 0).length, total: s.byBoard.length,
    }),
  ];
  const groups: [string, string[]][] = [["summary-coverage-reported", reported], ["summary-coverage-partial-list", partial], ["summary-coverage-none", none], ["summary-coverage-late", late]];
  const shown = groups.filter(([, xs]) => xs.length);
  // Each list gets an equal share of the room left.
  const room = Math.floor((MESSAGE_LIMITS.messageText - len(head) - 40 * shown.length) / Math.max(1, shown.length));
  const lists = shown.map(([key, xs]) => t(key, { count: xs.length, boards: joinWithin(xs, room, { more: (count) => t("summary-and-more", { count }) }) }));
  return [...head, "", ...lists].join("\n");
}

/** The button back to the short screen, under the list of who reported. */
export function summaryCoverageChoices(t: T, s: Summary): Choice[][] {
  const token = rangeToken(s.range);
  return [[{ label: t("summary-btn-details"), action: `sm:i:${token}:0` }, { label: t("summary-btn-short"), action: `sm:s:${token}` }]];
}
