// When reminders are due: slot times computed from the deadline, moved or
// dropped for weekends and holidays, held back during quiet hours, and the
// catch-up rule after downtime (only the latest missed slot, and only while it
// is fresh). Plain functions of the schedule and the clock.
import { DateTime } from "luxon";
import type { ReminderSlot, Schedule } from "./schedule.js";

/** A missed slot older than this is not sent after downtime. */
export const STALE_AFTER_HOURS = 48;

export type SlotTime = { slot: ReminderSlot; at: Date };

function isSkippedDay(day: DateTime, schedule: Schedule): boolean {
  if (schedule.skip.weekends && (day.weekday === 6 || day.weekday === 7)) return true;
  return schedule.skip.holidays.includes(day.toISODate()!);
}

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(":").map(Number) as [number, number];
  return h * 60 + m;
}

/** Is the local time of `at` inside the quiet hours (which may span midnight)? */
export function inQuietHours(at: Date, schedule: Schedule, zone: string): boolean {
  const q = schedule.quietHours;
  if (!q) return false;
  const local = DateTime.fromJSDate(at, { zone });
  const m = local.hour * 60 + local.minute;
  const from = minutes(q.from);
  const to = minutes(q.to);
  return from <= to ? m >= from && m < to : m >= from || m < to;
}

/** The end of the quiet hours that contain `at` (or `at` itself when not quiet). */
export function afterQuietHours(at: Date, schedule: Schedule, zone: string): Date {
  if (!inQuietHours(at, schedule, zone) || !schedule.quietHours) return at;
  const local = DateTime.fromJSDate(at, { zone });
  const to = minutes(schedule.quietHours.to);
  let end = local.set({ hour: Math.floor(to / 60), minute: to % 60, second: 0, millisecond: 0 });
  if (end <= local) end = end.plus({ days: 1 });
  return end.toJSDate();
}

/**
 * The instant of a slot for a deadline, or null when it falls on a skipped day
 * and the rule says skip. A slot before the deadline moves as configured; a slot
 * after it (an escalation) always moves later, so that it never comes before the
 * deadline it escalates.
 */
export function slotTime(slot: ReminderSlot, deadlineAt: Date, schedule: Schedule, zone: string): { at: Date; moved: boolean } | null {
  const deadlineDay = DateTime.fromJSDate(deadlineAt, { zone }).startOf("day");
  let day = deadlineDay.plus({ days: slot.offsetDays });
  let moved = false;
  if (isSkippedDay(day, schedule)) {
    if (schedule.skip.move === "skip") return null;
    const step = slot.offsetDays > 0 || schedule.skip.move === "later" ? 1 : -1;
    for (let i = 0; i < 31 && isSkippedDay(day, schedule); i++) day = day.plus({ days: step });
    moved = true;
  }
  const m = minutes(slot.time);
  const at = day.set({ hour: Math.floor(m / 60), minute: m % 60 }).toJSDate();
  return { at: afterQuietHours(at, schedule, zone), moved };
}

/**
 * All slots of a period, in time order. When moving puts two slots of one
 * audience on the same day, one reminder that day is enough: the slot that was
 * not moved stays (or the later one).
 */
export function slotTimes(deadlineAt: Date, schedule: Schedule, zone: string): SlotTime[] {
  const candidates: (SlotTime & { moved: boolean; day: string })[] = [];
  for (const slot of schedule.reminders) {
    const r = slotTime(slot, deadlineAt, schedule, zone);
    if (r) candidates.push({ slot, at: r.at, moved: r.moved, day: DateTime.fromJSDate(r.at, { zone }).toISODate()! });
  }
  const kept = candidates.filter((c) => {
    const rivals = candidates.filter((o) => o !== c && o.slot.audience === c.slot.audience && o.day === c.day);
    return rivals.every((o) => (c.moved !== o.moved ? !c.moved : c.at.getTime() > o.at.getTime() || (c.at.getTime() === o.at.getTime() && candidates.indexOf(c) > candidates.indexOf(o))));
  });
  return kept.map(({ slot, at }) => ({ slot, at })).sort((a, b) => a.at.getTime() - b.at.getTime());
}

export type SlotPlan = { send: SlotTime | null; skip: SlotTime[] };

/**
 * Of the slots of one audience that are due and not yet handled, which to send
 * now: only the latest, and only while it is fresh; the older ones are marked
 * skipped so that downtime never turns into a burst of stale reminders.
 */
export function planDueSlots(pending: SlotTime[], now: Date): SlotPlan {
  const due = pending.filter((s) => s.at.getTime() <= now.getTime()).sort((a, b) => a.at.getTime() - b.at.getTime());
  if (due.length === 0) return { send: null, skip: [] };
  const latest = due[due.length - 1]!;
  const fresh = now.getTime() - latest.at.getTime() <= STALE_AFTER_HOURS * 3600_000;
  return fresh ? { send: latest, skip: due.slice(0, -1) } : { send: null, skip: due };
}

/** Whole days from `now` to the deadline (negative once it passed), in the bloc's calendar. */
export function daysToDeadline(now: Date, deadlineAt: Date, zone: string): number {
  const a = DateTime.fromJSDate(now, { zone }).startOf("day");
  const b = DateTime.fromJSDate(deadlineAt, { zone }).startOf("day");
  return Math.round(b.diff(a, "days").days);
}
