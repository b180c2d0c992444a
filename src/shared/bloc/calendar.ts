// The bloc's working calendar: which days are days off (the weekly rest days and
// the holidays the bloc file lists, Tết among them), where a deadline that falls
// on one goes, and when something may be posted (not on a day off, not in quiet
// hours, unless the bloc file allows it). Plain functions of the schedule and an
// instant; all wall-clock reasoning in the bloc's time zone.
import { DateTime } from "luxon";

/** Weekday names as the bloc file writes them, Monday first (luxon's weekday numbers 1–7). */
export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/**
 * What of the bloc's schedule the calendar reads: its days off, quiet hours and where
 * a deadline on a day off goes. A Schedule (shared/bloc/schedule.ts, which builds on
 * this file) is one; the calendar does not import it, so the two never form a cycle.
 */
export type Calendar = {
  daysOff: { weekends: boolean | readonly Weekday[]; holidays: readonly string[]; quiet: boolean; move: "earlier" | "later" };
  quietHours: { from: string; to: string } | null;
  deadline: { onDayOff: "next" | "previous" | "keep" };
};

/** The weekly days off as luxon weekday numbers: `weekends: true` is Saturday and Sunday. */
export function weeklyDaysOff(schedule: Calendar): Set<number> {
  const w = schedule.daysOff.weekends;
  if (w === true) return new Set([6, 7]);
  if (w === false) return new Set();
  return new Set(w.map((d) => WEEKDAYS.indexOf(d) + 1));
}

/** Is this local day a day off (a weekly rest day or a listed holiday)? */
export function isDayOff(day: DateTime, schedule: Calendar): boolean {
  return weeklyDaysOff(schedule).has(day.weekday) || schedule.daysOff.holidays.includes(day.toISODate()!);
}

/** The longest run of days off the calendar crosses (Tết with its weekends is about ten). */
const MAX_RUN = 60;

/**
 * The nearest working day from `day` in the direction `step` (the day itself when
 * it is one). A schedule whose every day is off is refused by its schema; a run
 * longer than MAX_RUN days ends where it stops.
 */
export function workingDay(day: DateTime, step: 1 | -1, schedule: Calendar): DateTime {
  let d = day;
  for (let i = 0; i < MAX_RUN && isDayOff(d, schedule); i++) d = d.plus({ days: step });
  return d;
}

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(":").map(Number) as [number, number];
  return h * 60 + m;
}

/** `day` (a local day) at the local time HH:MM. */
export function atTime(day: DateTime, hhmm: string): DateTime {
  const m = minutes(hhmm);
  return day.set({ hour: Math.floor(m / 60), minute: m % 60, second: 0, millisecond: 0 });
}

/**
 * The deadline of a period on the bloc's calendar: `due` (its last day plus the
 * days the schedule gives, at its time) when that is a working day; otherwise,
 * by `deadline.onDayOff`, the next working day (the default), the previous one
 * (never before the period's last day: then the next), or the day itself
 * (`keep`). The time of day stays.
 */
export function deadlineOnCalendar(due: DateTime, lastDayOfPeriod: DateTime, schedule: Calendar): DateTime {
  const rule = schedule.deadline.onDayOff;
  if (rule === "keep" || !isDayOff(due, schedule)) return due;
  if (rule === "previous") {
    const before = workingDay(due, -1, schedule);
    if (before.startOf("day") >= lastDayOfPeriod.startOf("day") && !isDayOff(before, schedule)) return before;
  }
  return workingDay(due, 1, schedule);
}

/** Is the local time of `at` inside the quiet hours (which may span midnight)? */
export function inQuietHours(at: Date, schedule: Calendar, zone: string): boolean {
  const q = schedule.quietHours;
  if (!q) return false;
  const local = DateTime.fromJSDate(at, { zone });
  const m = local.hour * 60 + local.minute;
  const from = minutes(q.from);
  const to = minutes(q.to);
  return from <= to ? m >= from && m < to : m >= from || m < to;
}

/** The end of the quiet hours that contain `at` (or `at` itself when not quiet). */
export function afterQuietHours(at: Date, schedule: Calendar, zone: string): Date {
  if (!inQuietHours(at, schedule, zone) || !schedule.quietHours) return at;
  const local = DateTime.fromJSDate(at, { zone });
  let end = atTime(local, schedule.quietHours.to);
  if (end <= local) end = end.plus({ days: 1 });
  return end.toJSDate();
}

/** May something be posted at `at`: not in quiet hours, and not on a day off unless `daysOff.quiet` is false. */
export function mayPostAt(at: Date, schedule: Calendar, zone: string): boolean {
  if (inQuietHours(at, schedule, zone)) return false;
  return !(schedule.daysOff.quiet && isDayOff(DateTime.fromJSDate(at, { zone }), schedule));
}

/**
 * The first instant at or after `at` when something may be posted (mayPostAt):
 * out of quiet hours, then off a day off to the start of the next working day
 * (00:00, or the end of quiet hours when they run over midnight). Reminders, the
 * deadline digest and the scheduled summary due at `at` go then, so none is
 * lost to a weekend, Tết or the night.
 */
export function nextPostTime(at: Date, schedule: Calendar, zone: string): Date {
  let t = at;
  for (let i = 0; i < MAX_RUN * 2; i++) {
    t = afterQuietHours(t, schedule, zone);
    const local = DateTime.fromJSDate(t, { zone });
    if (!schedule.daysOff.quiet || !isDayOff(local, schedule)) return t;
    t = workingDay(local.startOf("day"), 1, schedule).startOf("day").toJSDate();
  }
  return t;
}

/**
 * The last minute at or before `at`, and not before `notBefore`, when something
 * may be posted (mayPostAt); null when there is none in between. A time that
 * may not be posted at is brought back to the end of the allowed time before
 * it: the minute before quiet hours begin, or the end of the last day that is
 * not a day off.
 */
export function lastPostTimeAtOrBefore(at: Date, notBefore: Date, schedule: Calendar, zone: string): Date | null {
  const limit = notBefore.getTime();
  let day = DateTime.fromJSDate(at, { zone }).startOf("day");
  for (let i = 0; i < MAX_RUN * 2 && day.plus({ days: 1 }).toMillis() > limit; i++, day = day.minus({ days: 1 })) {
    // Allowed time on a day ends where quiet hours begin or where the day ends.
    const ends = [at.getTime(), day.endOf("day").startOf("minute").toMillis()];
    if (schedule.quietHours) ends.push(atTime(day, schedule.quietHours.from).minus({ minutes: 1 }).toMillis());
    const ok = ends.filter((t) => t <= at.getTime() && t >= limit && t >= day.toMillis() && mayPostAt(new Date(t), schedule, zone));
    if (ok.length) return new Date(Math.max(...ok));
  }
  return null;
}
