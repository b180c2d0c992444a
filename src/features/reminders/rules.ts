// When reminders are due: slot times computed from the deadline, moved off days
// off and out of quiet hours (shared/bloc/calendar.ts), one a day for each audience,
// and the catch-up rule after downtime (only the latest missed slot, and only
// while it is fresh). Plain functions of the schedule and the clock.
import { DateTime } from "luxon";
import { atTime, isDayOff, lastPostTimeAtOrBefore, mayPostAt, nextPostTime, workingDay } from "../../shared/bloc/calendar.js";
import type { ReminderSlot, Schedule } from "../../shared/bloc/schedule.js";

export { afterQuietHours, inQuietHours } from "../../shared/bloc/calendar.js";

/** A missed slot older than this is not sent after downtime. */
export const STALE_AFTER_HOURS = 48;

export type SlotTime = { slot: ReminderSlot; at: Date };

/**
 * When a slot goes out for a deadline. Its day is the deadline's day plus its
 * offset; on a day off (when days off are quiet) a slot before the deadline, or
 * on its day, goes to the working day before (`daysOff.move: earlier`, the
 * default) or after (`later`), and a slot after the deadline (an escalation)
 * always to the working day after, so that it never comes before the deadline it
 * escalates. Then quiet hours and days off hold it to the next time posting is
 * allowed (nextPostTime). `moved`: it does not go at its own day and time.
 */
export function slotTime(slot: ReminderSlot, deadlineAt: Date, schedule: Schedule, zone: string): { at: Date; moved: boolean } {
  const natural = DateTime.fromJSDate(deadlineAt, { zone }).startOf("day").plus({ days: slot.offsetDays });
  let day: DateTime = natural;
  if (schedule.daysOff.quiet && isDayOff(day, schedule)) {
    day = workingDay(day, slot.offsetDays > 0 || schedule.daysOff.move === "later" ? 1 : -1, schedule);
  }
  const at = nextPostTime(atTime(day, slot.time).toJSDate(), schedule, zone);
  return { at, moved: at.getTime() !== atTime(natural, slot.time).toMillis() };
}

/** A slot of a period with where it went: `mergedInto` is the slot of the same audience and day that goes instead. */
export type PlannedSlot = SlotTime & { moved: boolean; mergedInto: SlotTime | null };

/**
 * Every slot of a period, in time order, with where it went. One audience gets
 * at most one reminder a day: when moving puts two of its slots on one day, the
 * one nearest the deadline goes (the deadline day's own first, so it is never
 * the one left out; between equals, the later), and the other is merged into
 * it: the reminder sent that day says the same, counted from the deadline.
 */
export function planSlots(deadlineAt: Date, schedule: Schedule, zone: string): PlannedSlot[] {
  const all = schedule.reminders.map((slot, index) => {
    const r = slotTime(slot, deadlineAt, schedule, zone);
    return { slot, at: r.at, moved: r.moved, index, day: DateTime.fromJSDate(r.at, { zone }).toISODate()! };
  });
  const rank = (c: (typeof all)[number]) => [-Math.abs(c.slot.offsetDays), c.at.getTime(), c.index];
  const beats = (a: (typeof all)[number], b: (typeof all)[number]) => {
    const [x, y] = [rank(a), rank(b)];
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! > y[i]!;
    return false;
  };
  const planned = all.map((c) => {
    const rivals = all.filter((o) => o !== c && o.slot.audience === c.slot.audience && o.day === c.day);
    const winner = [c, ...rivals].reduce((best, o) => (beats(o, best) ? o : best));
    return { slot: c.slot, at: c.at, moved: c.moved, mergedInto: winner === c ? null : { slot: winner.slot, at: winner.at } };
  });
  return planned.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** The slots of a period that go out (planSlots without the merged ones), in time order. */
export function slotTimes(deadlineAt: Date, schedule: Schedule, zone: string): SlotTime[] {
  return planSlots(deadlineAt, schedule, zone).filter((p) => !p.mergedInto).map(({ slot, at }) => ({ slot, at }));
}

/** When the deadline digest goes to the group: at the deadline, or the next time posting is allowed. */
export function digestDueAt(deadlineAt: Date, schedule: Schedule, zone: string): Date {
  return nextPostTime(deadlineAt, schedule, zone);
}

/**
 * When the scheduled summary of a period goes to the group: `summary.daysAfterDeadline`
 * days after the deadline's day at `summary.time`, or the next time posting is
 * allowed; null when the bloc file schedules none.
 */
export function summaryDueAt(deadlineAt: Date, schedule: Schedule, zone: string): Date | null {
  if (!schedule.summary) return null;
  const day = DateTime.fromJSDate(deadlineAt, { zone }).startOf("day").plus({ days: schedule.summary.daysAfterDeadline });
  return nextPostTime(atTime(day, schedule.summary.time).toJSDate(), schedule, zone);
}

/** How long a summary waits for its share of reports when the bloc file gives no last day. */
const SUMMARY_DEFAULT_WAIT_DAYS = 7;

/** The day after the deadline the summary goes out at the latest, however complete (see Schedule's summary). */
export function summaryLatestDays(summary: NonNullable<Schedule["summary"]>): number {
  if (summary.minShare === null) return summary.daysAfterDeadline;
  return Math.max(summary.daysAfterDeadline, summary.latestDaysAfterDeadline ?? summary.daysAfterDeadline + SUMMARY_DEFAULT_WAIT_DAYS);
}

/**
 * When the summary of a period goes out at the latest, however complete: its
 * last day (summaryLatestDays) at `summary.time`, or the next time posting is
 * allowed; its due time when it does not wait for reports.
 */
export function summaryLatestAt(deadlineAt: Date, schedule: Schedule, zone: string): Date | null {
  if (!schedule.summary) return null;
  return summaryDueAt(deadlineAt, { ...schedule, summary: { ...schedule.summary, daysAfterDeadline: summaryLatestDays(schedule.summary) } }, zone);
}

/**
 * When the boards that have not voted are reminded of a ballot open from
 * `openedAt` to `closesAt`: a day before the close, or halfway for shorter
 * ballots; held out of quiet hours and days off to the next time posting is
 * allowed, or, when that would be the close or later, brought back to the last
 * time posting is allowed before it (not before the ballot opened); at its own
 * time only when the ballot's whole span is one where nothing may be posted.
 */
export function voteReminderAt(openedAt: Date, closesAt: Date, schedule: Schedule, zone: string): Date {
  const span = closesAt.getTime() - openedAt.getTime();
  const planned = new Date(closesAt.getTime() - Math.min(24 * 3600_000, span / 2));
  const later = nextPostTime(planned, schedule, zone);
  if (later.getTime() < closesAt.getTime()) return later;
  return lastPostTimeAtOrBefore(planned, openedAt, schedule, zone) ?? planned;
}

/**
 * Does the reminder to vote go at `now`: once its time (voteReminderAt) has come,
 * and when posting is allowed, or when waiting for that would reach the close
 * (a bot that was down through the allowed time still reminds before the close).
 */
export function voteReminderDue(now: Date, openedAt: Date, closesAt: Date, schedule: Schedule, zone: string): boolean {
  if (now.getTime() < voteReminderAt(openedAt, closesAt, schedule, zone).getTime()) return false;
  return mayPostAt(now, schedule, zone) || nextPostTime(now, schedule, zone).getTime() >= closesAt.getTime();
}

/**
 * Until when a post due at `due` is still worth sending after downtime: its
 * time plus `staleAfterHours`, and if that end falls where nothing may be posted
 * (a weekend, Tết, the night), until the next time posting is allowed: a
 * reminder missed on Friday by a bot that was down still goes on Monday morning.
 */
export function freshUntil(due: Date, schedule: Schedule, zone: string, staleAfterHours = STALE_AFTER_HOURS): Date {
  return nextPostTime(new Date(due.getTime() + staleAfterHours * 3600_000), schedule, zone);
}

export type SlotPlan = { send: SlotTime | null; skip: SlotTime[] };

/**
 * Of the slots of one audience that are due and not yet handled, which to send
 * now: only the latest, and only while it is fresh (`fresh`, by default within
 * STALE_AFTER_HOURS of its time; the jobs pass freshUntil); the older ones are
 * marked skipped so that downtime never turns into a burst of stale reminders.
 */
export function planDueSlots(pending: SlotTime[], now: Date, fresh: (at: Date) => Date = (at) => new Date(at.getTime() + STALE_AFTER_HOURS * 3600_000)): SlotPlan {
  const due = pending.filter((s) => s.at.getTime() <= now.getTime()).sort((a, b) => a.at.getTime() - b.at.getTime());
  if (due.length === 0) return { send: null, skip: [] };
  const latest = due[due.length - 1]!;
  return now.getTime() <= fresh(latest.at).getTime() ? { send: latest, skip: due.slice(0, -1) } : { send: null, skip: due };
}

/** Whole days from `now` to the deadline (negative once it passed), in the bloc's calendar. */
export function daysToDeadline(now: Date, deadlineAt: Date, zone: string): number {
  const a = DateTime.fromJSDate(now, { zone }).startOf("day");
  const b = DateTime.fromJSDate(deadlineAt, { zone }).startOf("day");
  return Math.round(b.diff(a, "days").days);
}
