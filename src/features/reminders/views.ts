// What the reminders feature says: the reminders themselves, the group's line, the
// deadline digest, and how /schedule reads: the bloc's calendar in plain words (no
// slot ids), with the dates it gives for one period. Built from the schedule and a period by
// the rules of shared/bloc/calendar.ts and features/reminders/rules.ts; only the words here.
import { DateTime } from "luxon";
import type { Locale } from "../../shared/i18n/locale.js";
import type { Translate } from "../../shared/i18n/locale.js";
import { formatDate, formatDateTime, formatMonth } from "../../shared/i18n/format.js";
import { weeklyDaysOff } from "../../shared/bloc/calendar.js";
import { daysToDeadline, digestDueAt, planSlots, summaryDueAt, summaryLatestAt, summaryLatestDays } from "./rules.js";
import { formatPercent } from "../../shared/bloc/numbers.js";
import { periodWindow, type PeriodKey, type Schedule } from "../../shared/bloc/schedule.js";
import { esc } from "../../shared/text/html.js";
import { translator } from "../../shared/i18n/messages.js";
import type { OutboundMessage } from "../../shared/messaging/outbound.js";
import type { PeriodRow } from "../../shared/bloc/periods.js";
import type { ReminderKind, ReminderWords, WordsDeps as ReminderTexts } from "./use-cases/words.js";

/**
 * A reminder in the recipient's language: its text (the port's HTML) and, for a focal
 * person, one choice that opens the report of the board and period (`rep:<board id>:<period id>`,
 * read again by the reports feature's handler).
 */
export function reminderMessage(deps: ReminderTexts, locale: Locale, kind: ReminderKind, board: { id: number; shortName: string }, period: PeriodRow, now: Date): OutboundMessage {
  const t = translator(deps.i18n, locale);
  const days = daysToDeadline(now, period.deadlineAt, deps.config.timeZone);
  const vars = { board: esc(board.shortName), month: formatMonth(period, locale), deadline: formatDateTime(period.deadlineAt, locale, deps.config.timeZone), days: Math.abs(days) };
  const overdue = now.getTime() > period.deadlineAt.getTime();
  const text = kind === "head" ? t("remind-head", vars) : t(overdue ? "remind-overdue" : days === 0 ? "remind-today" : "remind-before", vars);
  return kind === "focal" ? { text, choices: [[{ label: t("remind-button"), action: `rep:${board.id}:${period.id}` }]] } : { text };
}

/** The line in the group listing the boards still missing (their short names). */
export function groupLine(deps: ReminderTexts, locale: Locale, period: PeriodRow, missing: string[], now: Date): string {
  const days = Math.abs(daysToDeadline(now, period.deadlineAt, deps.config.timeZone));
  return deps.i18n.t(locale, "remind-group", { month: formatMonth(period, locale), days, boards: missing.map(esc).join(", "), count: missing.length });
}

/** The deadline digest: how many boards reported, which are missing, which were late (each board by its short name). */
export function digestText(deps: ReminderTexts, locale: Locale, period: PeriodRow, rows: { shortName: string; report: { late: boolean } | null }[]): string {
  const t = translator(deps.i18n, locale);
  const reported = rows.filter((r) => r.report);
  const missing = rows.filter((r) => !r.report);
  const late = reported.filter((r) => r.report!.late);
  const lines = [
    t("digest-head", { month: formatMonth(period, locale), deadline: formatDateTime(period.deadlineAt, locale, deps.config.timeZone) }),
    t("digest-count", { reported: reported.length, total: rows.length }),
    missing.length ? t("digest-missing", { boards: missing.map((b) => esc(b.shortName)).join(", ") }) : t("digest-none-missing"),
  ];
  if (late.length) lines.push(t("digest-late", { boards: late.map((b) => esc(b.shortName)).join(", ") }));
  return lines.join("\n");
}

/** How many of the holidays ahead /schedule names. */
const HOLIDAYS_SHOWN = 6;

/** A day and time with its weekday: "thứ Hai, 07/12/2026 17:00". */
export function dayAndTime(t: Translate, at: Date, locale: Locale, zone: string): string {
  return `${t(`weekday-${DateTime.fromJSDate(at, { zone }).weekday}`)}, ${formatDateTime(at, locale, zone)}`;
}

/** A day with its weekday: "thứ Bảy, 05/12/2026". */
export function dayOf(t: Translate, at: Date, locale: Locale, zone: string): string {
  return `${t(`weekday-${DateTime.fromJSDate(at, { zone }).weekday}`)}, ${formatDate(at, locale, zone)}`;
}

/** Consecutive dates as ranges: 05/02/2027, 08/02/2027–11/02/2027. */
function dateRuns(dates: string[], locale: Locale, zone: string): string {
  const runs: [DateTime, DateTime][] = [];
  for (const iso of dates) {
    const d = DateTime.fromISO(iso, { zone });
    const last = runs.at(-1);
    if (last && last[1].plus({ days: 1 }).hasSame(d, "day")) last[1] = d;
    else runs.push([d, d]);
  }
  const f = (d: DateTime) => formatDate(d.toJSDate(), locale, zone);
  return runs.map(([a, b]) => (a.equals(b) ? f(a) : `${f(a)}–${f(b)}`)).join(", ");
}

export type ScheduleViewInput = {
  schedule: Schedule;
  /** The period whose dates are shown, with its deadline as stored. */
  period: PeriodKey & { deadlineAt: Date };
  now: Date;
  zone: string;
  /**
   * Where the group's posts go (group/use-cases.ts copyMode): "group", a group is
   * linked (or its posts wait for one to be linked again); "private", the bloc has no
   * group, so the group's reminder lines, the deadline digest and the summary go to
   * each board's focal persons and heads in private.
   */
  where: "group" | "private";
};

/** The lines of /schedule, in the reader's language. */
export function scheduleLines(t: Translate, locale: Locale, input: ScheduleViewInput): string[] {
  const { schedule: s, period, now, zone, where } = input;
  const month = formatMonth(period, locale);
  const when = (at: Date) => dayAndTime(t, at, locale, zone);
  const lines = [t("schedule-head")];
  lines.push(s.period.cut === "calendar" ? t("schedule-period-calendar") : t("schedule-period-day", { day: s.period.startDay, last: s.period.startDay - 1 }));

  lines.push(t("schedule-deadline", { days: s.deadline.daysAfterEnd, time: s.deadline.time, rule: s.deadline.onDayOff }));
  // The day the rule gives before it moves off a day off, to say why the date moved.
  const unmoved = periodWindow(period, { ...s, deadline: { ...s.deadline, onDayOff: "keep" } }, zone).deadlineAt;
  const moved = !DateTime.fromJSDate(unmoved, { zone }).hasSame(DateTime.fromJSDate(period.deadlineAt, { zone }), "day");
  lines.push("  " + (moved ? t("schedule-deadline-moved", { month, at: when(period.deadlineAt), day: dayOf(t, unmoved, locale, zone) }) : t("schedule-deadline-of", { month, at: when(period.deadlineAt) })));

  // In the order of the rules (days from the deadline, then the time), each with its date.
  const planned = planSlots(period.deadlineAt, s, zone).sort((a, b) => a.slot.offsetDays - b.slot.offsetDays || a.slot.time.localeCompare(b.slot.time));
  lines.push(t("schedule-slots", { month }));
  if (!planned.length) lines.push(`  – ${t("schedule-no-slots")}`);
  for (const p of planned) {
    const side = p.slot.offsetDays < 0 ? "before" : p.slot.offsetDays > 0 ? "after" : "on";
    const vars = { when: t("schedule-when", { side, days: Math.abs(p.slot.offsetDays) }), time: p.slot.time, audience: t(`audience-${p.slot.audience}`, { where }), at: when(p.at) };
    if (p.mergedInto) lines.push(`  ${t("schedule-slot-merged", { ...vars, at: when(p.mergedInto.at) })}`);
    else lines.push(`  ${t(p.moved ? "schedule-slot-moved" : "schedule-slot", vars)}`);
  }
  lines.push(t("schedule-digest", { where, month, at: when(digestDueAt(period.deadlineAt, s, zone)) }));
  const summaryAt = summaryDueAt(period.deadlineAt, s, zone);
  lines.push(summaryAt && s.summary ? t("schedule-summary", { where, days: s.summary.daysAfterDeadline, time: s.summary.time, month, at: when(summaryAt) }) : t("schedule-no-summary"));
  const latestAt = summaryLatestAt(period.deadlineAt, s, zone);
  if (s.summary?.minShare != null && latestAt) lines.push(t("schedule-summary-wait", { pct: formatPercent(s.summary.minShare, locale, 0), days: summaryLatestDays(s.summary), at: when(latestAt) }));

  const weekly = [...weeklyDaysOff(s)].sort((a, b) => a - b);
  lines.push(weekly.length ? t("schedule-weekly-off", { days: weekly.map((d) => t(`weekday-${d}`)).join(", ") }) : t("schedule-no-weekly-off"));
  const today = DateTime.fromJSDate(now, { zone }).toISODate()!;
  const ahead = [...s.daysOff.holidays].sort().filter((d) => d >= today);
  if (!s.daysOff.holidays.length) lines.push(t("schedule-no-holidays"));
  else if (!ahead.length) lines.push(t("schedule-holidays-none-ahead", { count: s.daysOff.holidays.length }));
  else lines.push(t("schedule-holidays", { count: s.daysOff.holidays.length, next: dateRuns(ahead.slice(0, HOLIDAYS_SHOWN), locale, zone) }));

  const q = s.quietHours;
  if (q && s.daysOff.quiet) lines.push(t("schedule-quiet-both", { from: q.from, to: q.to }));
  else if (q) lines.push(t("schedule-quiet-hours", { from: q.from, to: q.to }));
  else if (s.daysOff.quiet) lines.push(t("schedule-quiet-days"));
  else lines.push(t("schedule-quiet-none"));
  if (s.daysOff.quiet) lines.push(t("schedule-move", { move: s.daysOff.move }));
  lines.push(t("schedule-one-a-day"));
  return lines;
}

/** The words the reminders' use cases are given (use-cases/words.ts). */
export const reminderWords: ReminderWords = { reminder: reminderMessage, groupLine, digest: digestText };
