// The bloc's working calendar: days off, deadlines that fall on them, and when posting is allowed.
import { describe, expect, it } from "vitest";
import { DateTime } from "luxon";
import { isDayOff, lastPostTimeAtOrBefore, mayPostAt, nextPostTime } from "../../../src/shared/bloc/calendar.js";
import { digestDueAt, summaryDueAt, voteReminderAt, voteReminderDue } from "../../../src/features/reminders/rules.js";
import { firstOwedPeriod, periodWindow, scheduleSchema } from "../../../src/shared/bloc/schedule.js";

const ZONE = "Asia/Ho_Chi_Minh";
const vn = (local: string) => new Date(`${local}+07:00`);
const local = (d: Date) => new Date(d.getTime() + 7 * 3600_000).toISOString().slice(0, 16);
const TET_2027 = ["2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11"];
const schedule = (onDayOff: "next" | "previous" | "keep", extra: Record<string, unknown> = {}) =>
  scheduleSchema.parse({ deadline: { daysAfterEnd: 5, time: "17:00", onDayOff }, quietHours: { from: "21:00", to: "07:00" }, daysOff: { weekends: true, holidays: TET_2027 }, summary: { daysAfterDeadline: 1, time: "08:30" }, ...extra });
const deadline = (year: number, month: number, s = schedule("next")) => local(periodWindow({ year, month }, s, ZONE).deadlineAt);

describe("deadlines on days off", () => {
  it("November 2026 is due Saturday 5 December: next working day by default, or the one before, or kept", () => {
    expect(deadline(2026, 11)).toBe("2026-12-07T17:00");
    expect(deadline(2026, 11, schedule("previous"))).toBe("2026-12-04T17:00");
    expect(deadline(2026, 11, schedule("keep"))).toBe("2026-12-05T17:00");
    expect(deadline(2026, 10)).toBe("2026-11-05T17:00"); // a Thursday: unchanged
  });

  it("January 2027 is due on 29 Tết (Friday 5 February): after Tết and its weekend, Friday 12 February", () => {
    expect(deadline(2027, 1)).toBe("2027-02-12T17:00");
    expect(deadline(2027, 1, schedule("previous"))).toBe("2027-02-04T17:00");
  });

  it("`previous` never goes before the period's last day: then the next working day", () => {
    // October 2026 ends on Saturday 31 October; due the same day, the day before would be inside the period.
    const s = schedule("previous", { deadline: { daysAfterEnd: 0, time: "17:00", onDayOff: "previous" } });
    expect(deadline(2026, 10, s)).toBe("2026-11-02T17:00");
  });

  it("weekly days off are the bloc file's: Sunday only, or none", () => {
    const sundays = scheduleSchema.parse({ daysOff: { weekends: ["sun"] } });
    expect(isDayOff(DateTime.fromISO("2026-12-05", { zone: ZONE }), sundays)).toBe(false);
    expect(isDayOff(DateTime.fromISO("2026-12-06", { zone: ZONE }), sundays)).toBe(true);
    expect(deadline(2026, 11, sundays)).toBe("2026-12-05T17:00");
    expect(scheduleSchema.safeParse({ daysOff: { weekends: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] } }).success).toBe(false);
    expect(scheduleSchema.safeParse({ daysOff: { holidays: ["2027-02-30"] } }).success).toBe(false);
  });
});

describe("when posting is allowed", () => {
  const s = schedule("keep");
  it("a post due on a Saturday waits for Monday at the end of quiet hours; at 22:00 for the next morning", () => {
    expect(local(nextPostTime(vn("2026-12-05T17:00:00"), s, ZONE))).toBe("2026-12-07T07:00");
    expect(local(nextPostTime(vn("2026-12-08T22:00:00"), s, ZONE))).toBe("2026-12-09T07:00");
    expect(local(nextPostTime(vn("2026-12-04T22:00:00"), s, ZONE))).toBe("2026-12-07T07:00"); // Friday night → Monday
    expect(local(nextPostTime(vn("2027-02-04T23:00:00"), s, ZONE))).toBe("2027-02-12T07:00"); // into Tết
    expect(local(nextPostTime(vn("2026-12-08T10:00:00"), s, ZONE))).toBe("2026-12-08T10:00");
    expect(mayPostAt(vn("2026-12-05T10:00:00"), s, ZONE)).toBe(false);
  });

  it("without quiet hours a day off ends at midnight; with days off not quiet, only the night holds posts", () => {
    expect(local(nextPostTime(vn("2026-12-05T17:00:00"), { ...s, quietHours: null }, ZONE))).toBe("2026-12-07T00:00");
    const open = { ...s, daysOff: { ...s.daysOff, quiet: false } };
    expect(local(nextPostTime(vn("2026-12-05T17:00:00"), open, ZONE))).toBe("2026-12-05T17:00");
    expect(local(nextPostTime(vn("2026-12-05T21:30:00"), open, ZONE))).toBe("2026-12-06T07:00");
  });

  it("the digest and the summary follow the deadline and the calendar", () => {
    const next = schedule("next");
    const due = periodWindow({ year: 2026, month: 11 }, next, ZONE).deadlineAt; // Monday 7 December 17:00
    expect(local(digestDueAt(due, next, ZONE))).toBe("2026-12-07T17:00");
    expect(local(summaryDueAt(due, next, ZONE)!)).toBe("2026-12-08T08:30");
    const kept = periodWindow({ year: 2026, month: 11 }, s, ZONE).deadlineAt; // Saturday 5 December, kept
    expect(local(digestDueAt(kept, s, ZONE))).toBe("2026-12-07T07:00");
    expect(local(summaryDueAt(kept, s, ZONE)!)).toBe("2026-12-07T07:00");
  });
});

describe("a board's first period", () => {
  const s = schedule("next");
  it("is the period being reported while its deadline is ahead, else the next", () => {
    expect(firstOwedPeriod(vn("2026-11-02T10:00:00"), s, ZONE)).toEqual({ year: 2026, month: 10 });
    expect(firstOwedPeriod(vn("2026-11-05T16:59:00"), s, ZONE)).toEqual({ year: 2026, month: 10 });
    expect(firstOwedPeriod(vn("2026-11-05T17:00:00"), s, ZONE)).toEqual({ year: 2026, month: 11 });
    expect(firstOwedPeriod(vn("2026-11-20T10:00:00"), s, ZONE)).toEqual({ year: 2026, month: 11 });
  });
});

describe("the reminder to vote", () => {
  const s = schedule("next");
  const at = (opened: string, closes: string, sched = s) => local(voteReminderAt(vn(opened), vn(closes), sched, ZONE));
  it("a day before the close, or halfway, when posting is allowed then", () => {
    expect(at("2026-12-07T09:00:00", "2026-12-10T09:00:00")).toBe("2026-12-09T09:00");
    expect(at("2026-12-10T09:00:00", "2026-12-10T13:00:00")).toBe("2026-12-10T11:00");
  });

  it("out of quiet hours and days off: later when that is before the close, else the last allowed minute before", () => {
    expect(at("2026-12-10T09:00:00", "2026-12-11T09:00:00")).toBe("2026-12-11T07:00"); // Thursday 21:00 → Friday 07:00
    expect(at("2026-12-11T09:00:00", "2026-12-12T09:00:00")).toBe("2026-12-11T20:59"); // Friday 21:00; Monday is after the close
    expect(at("2026-12-11T09:00:00", "2026-12-14T08:00:00")).toBe("2026-12-14T07:00"); // Sunday 08:00 → Monday 07:00
    expect(at("2026-12-11T09:00:00", "2026-12-14T06:00:00")).toBe("2026-12-11T20:59"); // Sunday 06:00; Monday 07:00 is after the close
    expect(at("2027-02-04T10:00:00", "2027-02-09T10:00:00")).toBe("2027-02-04T20:59"); // during Tết: back to the day before it
  });

  it("at its own time only when the ballot's whole span allows no post", () => {
    expect(at("2026-12-12T10:00:00", "2026-12-12T14:00:00")).toBe("2026-12-12T12:00"); // all on a Saturday
    expect(lastPostTimeAtOrBefore(vn("2026-12-12T12:00:00"), vn("2026-12-12T10:00:00"), s, ZONE)).toBeNull();
  });

  it("caught up after downtime while posting is allowed, or at once when waiting would reach the close", () => {
    const due = (now: string, opened: string, closes: string) => voteReminderDue(vn(now), vn(opened), vn(closes), s, ZONE);
    expect(due("2026-12-11T06:59:00", "2026-12-10T09:00:00", "2026-12-11T09:00:00")).toBe(false);
    expect(due("2026-12-11T07:00:00", "2026-12-10T09:00:00", "2026-12-11T09:00:00")).toBe(true);
    // Due Friday 20:59 before a Saturday close; the bot was down until 22:00: waiting for Monday would miss the close.
    expect(due("2026-12-11T22:00:00", "2026-12-11T09:00:00", "2026-12-12T09:00:00")).toBe(true);
    // Due Monday 07:00, before a Monday 08:00 close: a bot back at 06:00 waits for 07:00.
    expect(due("2026-12-14T06:00:00", "2026-12-11T09:00:00", "2026-12-14T08:00:00")).toBe(false);
    expect(mayPostAt(vn("2026-12-11T20:59:00"), s, ZONE)).toBe(true);
  });
});
