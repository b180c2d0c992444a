// The bloc's reporting calendar: how periods are cut, when figures are due, and
// the reminder slots around the deadline. All wall-clock times are in the bloc's
// time zone (Asia/Ho_Chi_Minh); instants are plain Dates.
import { DateTime } from "luxon";
import { z } from "zod";
import { WEEKDAYS, atTime, deadlineOnCalendar } from "./calendar.js";

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be a time HH:MM such as 09:00");
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD")
  .refine((d) => DateTime.fromISO(d).isValid, "is not a date of the calendar");

/** A slot's id for a slot added in chat by its day and time (`d-2_0900`): stable while they are. */
export function derivedSlotId(offsetDays: number, time: string): string {
  return `d${offsetDays > 0 ? "+" : ""}${offsetDays}_${time.replace(":", "")}`;
}

/**
 * A reminder slot: `offsetDays` days from the deadline's day (negative before,
 * 0 the deadline's day, positive after), at a local time, to an audience. The
 * id keys the reminder ledger (ReminderSlotSent.slot) and is never shown to
 * people.
 */
export const reminderSlotSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_+-]{1,20}$/, "must be a short id of letters, digits, _ + -"),
  offsetDays: z.number().int().min(-28).max(28),
  time: hhmm,
  audience: z.enum(["focal", "head", "group"]).default("focal"),
});

/**
 * Days off (shared/bloc/calendar.ts): the weekly rest days and the holidays. A
 * deadline that falls on one moves (deadline.onDayOff); nothing is posted on one
 * unless `quiet` is false.
 */
export const daysOffSchema = z.object({
  /** The weekly days off: true for Saturday and Sunday, false for none, or a list such as [sat, sun]. */
  weekends: z
    .union([z.boolean(), z.array(z.enum(WEEKDAYS)).max(6, "must leave at least one working day")])
    .default(true),
  /** Public holidays (Tết and the others), as the government announces them each year. */
  holidays: z.array(isoDate).max(1000).default([]),
  /** Nothing is posted on a day off: reminders, the digest and the summary wait for the next working day. */
  quiet: z.boolean().default(true),
  /** A reminder due before the deadline on a day off goes on the working day before (earlier) or after (later); reminders after the deadline always go later. */
  move: z.enum(["earlier", "later"]).default("earlier"),
});

/**
 * The `skip:` section of bloc files and stored schedules from before days off
 * had their own section: `{ weekends, holidays, move: earlier|later|skip }`, the
 * weekends off only when said. Read as `daysOff` (a slot that was "skipped" on a
 * day off now moves earlier: no reminder is dropped for a day off).
 */
const legacySkipSchema = z.object({
  weekends: z.boolean().default(false),
  holidays: z.array(isoDate).max(1000).default([]),
  move: z.enum(["earlier", "later", "skip"]).default("earlier"),
});

export const scheduleSchema = z
  .object({
    period: z
      .discriminatedUnion("cut", [
        z.object({ cut: z.literal("calendar") }),
        z.object({ cut: z.literal("day"), startDay: z.number().int().min(2).max(28) }),
      ])
      .default({ cut: "calendar" }),
    /**
     * Figures are due `daysAfterEnd` days after the period's last day at `time`;
     * on a day off the deadline goes to the next working day (`next`, the
     * default), the one before (`previous`), or stays (`keep`).
     */
    deadline: z
      .object({ daysAfterEnd: z.number().int().min(0).max(28), time: hhmm, onDayOff: z.enum(["next", "previous", "keep"]).default("next") })
      .default({ daysAfterEnd: 5, time: "17:00", onDayOff: "next" }),
    reminders: z.array(reminderSlotSchema).max(20).default([]).superRefine((slots, ctx) => {
      const seen = new Set<string>();
      slots.forEach((s, i) => {
        const key = `${s.audience}:${s.id}`;
        if (seen.has(key)) ctx.addIssue({ code: "custom", message: `repeats a reminder of the same audience (id "${s.id}")`, path: [i, "id"] });
        seen.add(key);
      });
    }),
    /** Nothing is posted between `from` and `to` (local; may span midnight): what falls due waits for the end. */
    quietHours: z.object({ from: hhmm, to: hhmm }).nullable().default(null),
    daysOff: daysOffSchema.optional(),
    skip: legacySkipSchema.optional(),
    /**
     * The month's summary in the group: due `daysAfterDeadline` days after the
     * deadline at `time`; with `minShare` (0–1) it then waits until that share of
     * the boards owing the month have reported, but no later than
     * `latestDaysAfterDeadline` days after the deadline at `time` (default: a week
     * after it was due; a value below `daysAfterDeadline` is read as it), and goes
     * out however complete (issue 14 item 4; summaryLatestAt in features/reminders/rules.ts).
     */
    summary: z
      .object({
        daysAfterDeadline: z.number().int().min(0).max(28),
        time: hhmm,
        minShare: z.number().min(0).max(1).nullable().default(null),
        latestDaysAfterDeadline: z.number().int().min(0).max(28).nullable().default(null),
      })
      .nullable()
      .default(null),
  })
  .transform(({ skip, daysOff, ...rest }) => ({
    ...rest,
    daysOff: daysOff ?? (skip
      ? { weekends: skip.weekends, holidays: skip.holidays, quiet: true, move: skip.move === "later" ? ("later" as const) : ("earlier" as const) }
      : { weekends: true, holidays: [], quiet: true, move: "earlier" as const }),
  }));

export type Schedule = z.infer<typeof scheduleSchema>;
export type ReminderSlot = z.infer<typeof reminderSlotSchema>;

export type PeriodKey = { year: number; month: number };
export type PeriodWindow = PeriodKey & { startsAt: Date; endsAt: Date; deadlineAt: Date };

/**
 * The window of period (year, month). Calendar cut: the month itself. Day cut
 * with startDay d: from day d of the previous month to day d-1 of this month
 * (so "15th to the 14th" is labelled by the month it ends in).
 * `endsAt` is exclusive; the deadline counts days from the period's last day,
 * and moves off a day off as `deadline.onDayOff` says (shared/bloc/calendar.ts).
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
  const deadline = deadlineOnCalendar(atTime(lastDay.plus({ days: schedule.deadline.daysAfterEnd }), schedule.deadline.time), lastDay, schedule);
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

/**
 * The first period a board added at `at` owes: the one being reported then
 * (reportablePeriod) if its deadline is still ahead, else the one after. So a
 * board added on 2 November owes October (due 5 November), one added on 20
 * November owes November first, and the bot's first day makes nobody overdue.
 */
export function firstOwedPeriod(at: Date, schedule: Schedule, zone: string): PeriodKey {
  const key = reportablePeriod(at, schedule, zone);
  return periodWindow(key, schedule, zone).deadlineAt.getTime() > at.getTime() ? key : shiftPeriod(key, 1);
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
