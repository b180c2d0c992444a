// The bloc's reporting calendar: how periods are cut, when figures are due, and
// the reminder slots around the deadline. All wall-clock times are in the bloc's
// time zone (Asia/Ho_Chi_Minh); instants are plain Dates.
import { DateTime } from "luxon";
import { z } from "zod";

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be a time HH:MM such as 09:00");
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD");

export const reminderSlotSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_+-]{1,20}$/, "must be a short id of letters, digits, _ + -"),
  offsetDays: z.number().int().min(-28).max(28),
  time: hhmm,
  audience: z.enum(["focal", "head", "group"]).default("focal"),
});

export const scheduleSchema = z.object({
  period: z
    .discriminatedUnion("cut", [
      z.object({ cut: z.literal("calendar") }),
      z.object({ cut: z.literal("day"), startDay: z.number().int().min(2).max(28) }),
    ])
    .default({ cut: "calendar" }),
  deadline: z.object({ daysAfterEnd: z.number().int().min(0).max(28), time: hhmm }).default({ daysAfterEnd: 5, time: "17:00" }),
  reminders: z.array(reminderSlotSchema).max(20).default([]),
  quietHours: z.object({ from: hhmm, to: hhmm }).nullable().default(null),
  skip: z
    .object({
      weekends: z.boolean().default(false),
      holidays: z.array(isoDate).default([]),
      /** What a slot that falls on a skipped day does: move to the working day before, after, or not happen. */
      move: z.enum(["earlier", "later", "skip"]).default("earlier"),
    })
    .default({ weekends: false, holidays: [], move: "earlier" }),
  summary: z.object({ daysAfterDeadline: z.number().int().min(0).max(28), time: hhmm }).nullable().default(null),
});

export type Schedule = z.infer<typeof scheduleSchema>;
export type ReminderSlot = z.infer<typeof reminderSlotSchema>;

export type PeriodKey = { year: number; month: number };
export type PeriodWindow = PeriodKey & { startsAt: Date; endsAt: Date; deadlineAt: Date };

function atTime(day: DateTime, time: string): DateTime {
  const [h, m] = time.split(":").map(Number) as [number, number];
  return day.set({ hour: h, minute: m, second: 0, millisecond: 0 });
}

/**
 * The window of period (year, month). Calendar cut: the month itself. Day cut
 * with startDay d: from day d of the previous month to day d-1 of this month
 * (so "15th to the 14th" is labelled by the month it ends in).
 * `endsAt` is exclusive; the deadline counts days from the period's last day.
 */
export function periodWindow(key: PeriodKey, schedule: Schedule, zone: string): PeriodWindow {
  const month = DateTime.fromObject({ year: key.year, month: key.month, day: 1 }, { zone });
  let start: DateTime;
  let end: DateTime;
  if (schedule.period.cut === "calendar") {
    start = month.startOf("month");
    end = start.plus({ months: 1 });
  } else {
    start = month.minus({ months: 1 }).set({ day: schedule.period.startDay }).startOf("day");
    end = month.set({ day: schedule.period.startDay }).startOf("day");
  }
  const lastDay = end.minus({ days: 1 });
  const deadline = atTime(lastDay.plus({ days: schedule.deadline.daysAfterEnd }), schedule.deadline.time);
  return { ...key, startsAt: start.toJSDate(), endsAt: end.toJSDate(), deadlineAt: deadline.toJSDate() };
}

export function shiftPeriod(key: PeriodKey, months: number): PeriodKey {
  const idx = key.year * 12 + (key.month - 1) + months;
  return { year: Math.floor(idx / 12), month: (idx % 12) + 1 };
}

export function comparePeriods(a: PeriodKey, b: PeriodKey): number {
  return a.year * 12 + a.month - (b.year * 12 + b.month);
}

/** The period that contains the instant `at`. */
export function periodContaining(at: Date, schedule: Schedule, zone: string): PeriodKey {
  const local = DateTime.fromJSDate(at, { zone });
  let key: PeriodKey = { year: local.year, month: local.month };
  if (schedule.period.cut === "day" && local.day >= schedule.period.startDay) key = shiftPeriod(key, 1);
  return key;
}

/** The period people report now: the latest one that has ended. */
export function reportablePeriod(at: Date, schedule: Schedule, zone: string): PeriodKey {
  return shiftPeriod(periodContaining(at, schedule, zone), -1);
}

export function periodLabel(key: PeriodKey): string {
  return `${key.year}-${String(key.month).padStart(2, "0")}`;
}

export function parsePeriodLabel(text: string): PeriodKey | null {
  const m = /^(\d{4})-(\d{1,2})$/.exec(text.trim()) ?? /^(\d{1,2})\/(\d{4})$/.exec(text.trim());
  if (!m) return null;
  const [a, b] = [Number(m[1]), Number(m[2])];
  const key = a > 12 ? { year: a, month: b } : { year: b, month: a };
  if (key.month < 1 || key.month > 12 || key.year < 2000 || key.year > 2100) return null;
  return key;
}
