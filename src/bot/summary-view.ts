// How a summary reads in chat: the bloc's totals with the comparison written the
// bloc's way ("bằng 87,7% so với cùng kỳ", "tăng 19%"), completeness, and a table
// by board for one indicator, short enough for a phone and for one Telegram
// message, which ◀ ▶ edit in place (see layout).
import { InlineKeyboard } from "grammy";
import type { Locale } from "./context.js";
import { esc, clip } from "./html.js";
import { formatMonth } from "./format.js";
import type { Translate } from "./i18n.js";
import { formatNumber, formatPercent } from "../domain/numbers.js";
import { indicatorName, type IndicatorDef } from "../domain/reports.js";
import type { Summary, SummaryRange } from "../domain/summary.js";
import { monthRange, quarterRange, yearRange, ytdRange } from "../domain/summary.js";
import { unitLabel } from "../domain/units.js";
import { visibleLength } from "../text/split.js";
import { TELEGRAM } from "./telegram-limits.js";

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

function makeLayout(t: T, s: Summary, locale: Locale, blocName: string): Layout {
  const c = s.completeness;
  const head = [t("summary-head", { period: rangeLabel(t, s.range, locale), bloc: esc(blocName) })];
  const pct = c.expected ? formatPercent(c.received / c.expected, locale, 0) : "—";
  head.push(t(s.range.months.length > 1 ? "summary-completeness-multi" : "summary-completeness", { received: c.received, expected: c.expected, pct, boards: s.byBoard.filter((b) => b.reportedMonths > 0).length, total: s.byBoard.length }));
  if (c.missing.length) head.push(t("summary-missing", { boards: names(t, c.missing) }));
  if (c.late.length) head.push(t("summary-late", { boards: names(t, c.late) }));
  const totals = s.totals.map((tot) => {
    const ind = tot.indicator;
    if (tot.total === null) return `• ${esc(indicatorName(ind, locale))}: — ${t("summary-no-figures")}`;
    const value = `<b>${formatNumber(tot.total, locale, ind.decimals)}</b> ${esc(unitLabel(ind.unit, locale))}`;
    return `• ${esc(indicatorName(ind, locale))}: ${value} — ${comparisonText(t, ind, tot.ratio, s.range, locale)}`;
  });
  // Everything at once if the widest table any indicator gives fits with all the totals.
  const widest = (rows: number) => Math.max(0, ...s.indicators.map((_, i) => len(tableLines(t, s, locale, i, rows))));
  const upToTotals = len([...head, "", t("summary-totals"), ...totals]);
  if (upToTotals < TELEGRAM.messageText && upToTotals + 1 + widest(s.byBoard.length) <= TELEGRAM.messageText) return { head, totals, windows: null };
  // Totals in windows: the room left once the head, a short table and the window's note are counted.
  const note = len([t("summary-totals-window", { from: s.totals.length, to: s.totals.length, total: s.totals.length })]);
  const room = TELEGRAM.messageText - len([...head, "", t("summary-totals")]) - note - 3 - widest(WINDOWED_TABLE_ROWS);
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
  const lines = [...l.head, "", t("summary-totals")];
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
  while (rows > 0 && visibleLength(text) > TELEGRAM.messageText) {
    rows = Math.max(0, rows - Math.max(1, Math.ceil((visibleLength(text) - TELEGRAM.messageText) / 28)));
    text = [...lines, "", ...tableLines(t, s, locale, boardIndicator, rows)].join("\n");
  }
  return text;
}

/**
 * Buttons under a summary: another indicator for the table (◀ ▶), a chart, the
 * spreadsheet; when the totals are shown a window at a time, ⏪ ⏩ jump to the
 * previous or next window. Every button is sm:i|c|x:<range>[:<indicator>].
 */
export function summaryKeyboard(t: T, s: Summary, boardIndicator: number, locale: Locale, blocName: string): InlineKeyboard {
  const token = rangeToken(s.range);
  const n = s.indicators.length;
  const kb = new InlineKeyboard()
    .text("◀", `sm:i:${token}:${(boardIndicator - 1 + n) % n}`)
    .text(t("summary-btn-indicator", { index: boardIndicator + 1, total: n }), `sm:i:${token}:${boardIndicator}`)
    .text("▶", `sm:i:${token}:${(boardIndicator + 1) % n}`)
    .row();
  const l = layout(t, s, locale, blocName);
  if (l.windows && l.windows.length > 1) {
    const w = windowOf(l, boardIndicator);
    const [pf, pt] = l.windows[(w - 1 + l.windows.length) % l.windows.length]!;
    const [nf, nt] = l.windows[(w + 1) % l.windows.length]!;
    kb.text(`⏪ ${pf + 1}–${pt}`, `sm:i:${token}:${pf}`).text(`${nf + 1}–${nt} ⏩`, `sm:i:${token}:${nf}`).row();
  }
  return kb.text(t("summary-btn-chart"), `sm:c:${token}:${boardIndicator}`).text(t("summary-btn-xlsx"), `sm:x:${token}`);
}
