// How a summary reads in chat: the bloc's totals with the comparison written the
// bloc's way ("bằng 87,7% so với cùng kỳ", "tăng 19%"), completeness, and a table
// by board for one indicator, short enough for a phone.
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

/** Telegram refuses longer messages; the table by board gives way first. */
const MAX_MESSAGE = 4000;
const MAX_NAMES = 12;

function names(t: T, boards: { shortName: string }[]): string {
  const shown = boards.slice(0, MAX_NAMES).map((b) => esc(b.shortName)).join(", ");
  return boards.length > MAX_NAMES ? `${shown} ${t("summary-and-more", { count: boards.length - MAX_NAMES })}` : shown;
}

export function summaryText(t: T, s: Summary, locale: Locale, blocName: string, boardIndicator: number): string {
  const c = s.completeness;
  const lines = [t("summary-head", { period: rangeLabel(t, s.range, locale), bloc: esc(blocName) })];
  const pct = c.expected ? formatPercent(c.received / c.expected, locale, 0) : "—";
  lines.push(t(s.range.months.length > 1 ? "summary-completeness-multi" : "summary-completeness", { received: c.received, expected: c.expected, pct, boards: s.byBoard.filter((b) => b.reportedMonths > 0).length, total: s.byBoard.length }));
  if (c.missing.length) lines.push(t("summary-missing", { boards: names(t, c.missing) }));
  if (c.late.length) lines.push(t("summary-late", { boards: names(t, c.late) }));
  lines.push("", t("summary-totals"));
  for (const tot of s.totals) {
    const ind = tot.indicator;
    if (tot.total === null) {
      lines.push(`• ${esc(indicatorName(ind, locale))}: — ${t("summary-no-figures")}`);
      continue;
    }
    const value = `<b>${formatNumber(tot.total, locale, ind.decimals)}</b> ${esc(unitLabel(ind.unit, locale))}`;
    lines.push(`• ${esc(indicatorName(ind, locale))}: ${value} — ${comparisonText(t, ind, tot.ratio, s.range, locale)}`);
  }
  const ind = s.indicators[boardIndicator];
  if (ind) {
    lines.push("", t("summary-by-board", { indicator: esc(clip(indicatorName(ind, locale), 60)), unit: esc(unitLabel(ind.unit, locale)) }));
    const rows = [...s.byBoard].sort((a, b) => (b.values[ind.code] ?? -1) - (a.values[ind.code] ?? -1));
    const table = rows.map((r) => {
      const v = r.values[ind.code];
      const mark = r.reportedMonths === 0 ? "✗" : r.reportedMonths < s.range.months.length ? "…" : r.lateMonths ? "⏰" : " ";
      return `${pad(r.board.shortName, 12)}${padStart(v === null || v === undefined ? "—" : formatNumber(v, locale, ind.decimals), 13)} ${mark}`;
    });
    // Cut the table so that the whole message fits.
    const head = lines.join("\n").length + 200;
    let rowsShown = table.length;
    while (rowsShown > 0 && head + table.slice(0, rowsShown).join("\n").length > MAX_MESSAGE) rowsShown--;
    const shown = table.slice(0, rowsShown);
    if (rowsShown < table.length) shown.push(t("summary-rows-more", { count: table.length - rowsShown }));
    lines.push(`<pre>${esc(shown.join("\n"))}</pre>`, t("summary-legend"));
  }
  return lines.join("\n");
}

/** Buttons under a summary: another indicator for the table, a chart, the spreadsheet. */
export function summaryKeyboard(t: T, s: Summary, boardIndicator: number): InlineKeyboard {
  const token = rangeToken(s.range);
  const n = s.indicators.length;
  const kb = new InlineKeyboard()
    .text("◀", `sm:i:${token}:${(boardIndicator - 1 + n) % n}`)
    .text(t("summary-btn-indicator", { index: boardIndicator + 1, total: n }), `sm:i:${token}:${boardIndicator}`)
    .text("▶", `sm:i:${token}:${(boardIndicator + 1) % n}`)
    .row()
    .text(t("summary-btn-chart"), `sm:c:${token}:${boardIndicator}`)
    .text(t("summary-btn-xlsx"), `sm:x:${token}`);
  return kb;
}
