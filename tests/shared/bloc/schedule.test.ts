import { describe, expect, it } from "vitest";
import { parsePeriodLabel, periodContaining, periodWindow, reportablePeriod, scheduleSchema, shiftPeriod } from "../../../src/shared/bloc/schedule.js";

const ZONE = "Asia/Ho_Chi_Minh";
const calendar = scheduleSchema.parse({ deadline: { daysAfterEnd: 5, time: "17:00" } });
const cutoff = scheduleSchema.parse({ period: { cut: "day", startDay: 15 }, deadline: { daysAfterEnd: 3, time: "12:00" }, daysOff: { weekends: false } });

describe("periods", () => {
  it("a calendar month runs midnight to midnight in Hà Nội time, due 5 days after its last day", () => {
    const w = periodWindow({ year: 2026, month: 10 }, calendar, ZONE);
    expect(w.startsAt.toISOString()).toBe("2026-09-30T17:00:00.000Z");
    expect(w.endsAt.toISOString()).toBe("2026-10-31T17:00:00.000Z");
    expect(w.deadlineAt.toISOString()).toBe("2026-11-05T10:00:00.000Z");
  });

  it("a cut-off period runs from the 15th to the 14th and is named by the month it ends in", () => {
    const w = periodWindow({ year: 2026, month: 1 }, cutoff, ZONE);
    expect(w.startsAt.toISOString()).toBe("2025-12-14T17:00:00.000Z");
    expect(w.endsAt.toISOString()).toBe("2026-01-14T17:00:00.000Z");
    expect(w.deadlineAt.toISOString()).toBe("2026-01-17T05:00:00.000Z");
    expect(periodContaining(new Date("2026-01-14T16:59:59Z"), cutoff, ZONE)).toEqual({ year: 2026, month: 1 });
    expect(periodContaining(new Date("2026-01-14T17:00:00Z"), cutoff, ZONE)).toEqual({ year: 2026, month: 2 });
  });

  it("the reportable period turns at local midnight, not UTC midnight", () => {
    // 31 Oct 23:59 local = 16:59 UTC: still October, so September is reportable.
    expect(reportablePeriod(new Date("2026-10-31T16:59:00Z"), calendar, ZONE)).toEqual({ year: 2026, month: 9 });
    // 1 Nov 00:00 local = 31 Oct 17:00 UTC: October is reportable although UTC is still in October.
    expect(reportablePeriod(new Date("2026-10-31T17:00:00Z"), calendar, ZONE)).toEqual({ year: 2026, month: 10 });
  });

  it("shifts across year boundaries and parses labels", () => {
    expect(shiftPeriod({ year: 2026, month: 1 }, -1)).toEqual({ year: 2025, month: 12 });
    expect(shiftPeriod({ year: 2025, month: 12 }, 13)).toEqual({ year: 2027, month: 1 });
    expect(parsePeriodLabel("2026-09")).toEqual({ year: 2026, month: 9 });
    expect(parsePeriodLabel("9/2026")).toEqual({ year: 2026, month: 9 });
    expect(parsePeriodLabel("2026-13")).toBeNull();
    expect(parsePeriodLabel("soon")).toBeNull();
  });
});
