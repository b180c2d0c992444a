import { describe, expect, it } from "vitest";
import { afterQuietHours, freshUntil, inQuietHours, planDueSlots, planSlots, slotTimes, STALE_AFTER_HOURS } from "../../../src/features/reminders/rules.js";
import { scheduleSchema } from "../../../src/shared/bloc/schedule.js";

const ZONE = "Asia/Ho_Chi_Minh";
const vn = (local: string) => new Date(`${local}+07:00`);
const local = (d: Date) => new Date(d.getTime() + 7 * 3600_000).toISOString().slice(0, 16);

const slots = [
  { id: "d-3", offsetDays: -3, time: "09:00" },
  { id: "d-1", offsetDays: -1, time: "09:00" },
  { id: "d0", offsetDays: 0, time: "08:00" },
  { id: "d+1", offsetDays: 1, time: "09:00" },
  { id: "h+1", offsetDays: 1, time: "09:05", audience: "head" },
];

describe("slot times", () => {
  it("a deadline kept on a Saturday: earlier slots move to Friday, one a day, and the deadline day's reminder is the one kept; escalations move after the weekend", () => {
    const s = scheduleSchema.parse({ reminders: slots, daysOff: { weekends: true, move: "earlier" } });
    const times = slotTimes(vn("2026-12-05T17:00:00"), s, ZONE).map((x) => `${x.slot.id} ${local(x.at)}`);
    expect(times).toEqual(["d-3 2026-12-02T09:00", "d0 2026-12-04T08:00", "d+1 2026-12-07T09:00", "h+1 2026-12-07T09:05"]);
    const merged = planSlots(vn("2026-12-05T17:00:00"), s, ZONE).filter((p) => p.mergedInto);
    expect(merged.map((p) => `${p.slot.id} → ${p.mergedInto!.slot.id}`)).toEqual(["d-1 → d0"]);
  });

  it("days off that are not quiet (posts allowed) move nothing", () => {
    const s = scheduleSchema.parse({ reminders: slots, daysOff: { weekends: true, quiet: false } });
    const times = slotTimes(vn("2026-12-05T17:00:00"), s, ZONE).map((x) => `${x.slot.id} ${local(x.at)}`);
    expect(times).toEqual(["d-3 2026-12-02T09:00", "d-1 2026-12-04T09:00", "d0 2026-12-05T08:00", "d+1 2026-12-06T09:00", "h+1 2026-12-06T09:05"]);
  });

  it("move: later sends a reminder due on a day off on the next working day, and never on a day off after quiet hours", () => {
    const s = scheduleSchema.parse({ reminders: [{ id: "late", offsetDays: -1, time: "22:30" }, ...slots.slice(0, 1)], quietHours: { from: "21:00", to: "07:00" }, daysOff: { weekends: true, move: "later" } });
    // Deadline Tuesday 8 December: 22:30 on Monday is quiet, and 07:00 Tuesday is the next time allowed.
    expect(slotTimes(vn("2026-12-08T17:00:00"), s, ZONE).map((x) => `${x.slot.id} ${local(x.at)}`)).toEqual(["d-3 2026-12-07T09:00", "late 2026-12-08T07:00"]);
    // Deadline Monday 7 December: 22:30 on Sunday (a day off) moves to Monday, whose 22:30 waits for Tuesday 07:00.
    expect(slotTimes(vn("2026-12-07T17:00:00"), s, ZONE).map((x) => `${x.slot.id} ${local(x.at)}`)).toEqual(["d-3 2026-12-04T09:00", "late 2026-12-08T07:00"]);
  });

  it("a bloc file of before days off had their section: `skip` is read as daysOff, and a slot it skipped now moves", () => {
    const s = scheduleSchema.parse({ reminders: slots, skip: { holidays: ["2026-11-04"], move: "skip" } });
    expect(s.daysOff).toEqual({ weekends: false, holidays: ["2026-11-04"], quiet: true, move: "earlier" });
    expect(slotTimes(vn("2026-11-05T17:00:00"), s, ZONE).map((x) => `${x.slot.id} ${local(x.at)}`)).toEqual([
      "d-3 2026-11-02T09:00", "d-1 2026-11-03T09:00", "d0 2026-11-05T08:00", "d+1 2026-11-06T09:00", "h+1 2026-11-06T09:05",
    ]);
  });

  it("Tết: a run of holidays is crossed", () => {
    const s = scheduleSchema.parse({ reminders: [{ id: "d-1", offsetDays: -1, time: "09:00" }], daysOff: { holidays: ["2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10"], weekends: true, move: "earlier" } });
    expect(slotTimes(vn("2027-02-11T17:00:00"), s, ZONE).map((x) => local(x.at))).toEqual(["2027-02-04T09:00"]);
  });

  it("quiet hours spanning midnight hold a slot until they end", () => {
    const s = scheduleSchema.parse({ quietHours: { from: "21:00", to: "07:00" } });
    expect(inQuietHours(vn("2026-11-02T22:00:00"), s, ZONE)).toBe(true);
    expect(inQuietHours(vn("2026-11-02T06:59:00"), s, ZONE)).toBe(true);
    expect(inQuietHours(vn("2026-11-02T07:00:00"), s, ZONE)).toBe(false);
    expect(local(afterQuietHours(vn("2026-11-02T22:30:00"), s, ZONE))).toBe("2026-11-03T07:00");
    expect(local(afterQuietHours(vn("2026-11-03T05:00:00"), s, ZONE))).toBe("2026-11-03T07:00");
  });
});

describe("catch-up", () => {
  const at = (h: number) => ({ slot: { id: `s${h}`, offsetDays: 0, time: "09:00", audience: "focal" as const }, at: new Date(h * 3600_000) });
  it("sends only the latest due slot and skips the older ones", () => {
    const plan = planDueSlots([at(1), at(2), at(3), at(10)], new Date(5 * 3600_000));
    expect(plan.send?.slot.id).toBe("s3");
    expect(plan.skip.map((s) => s.slot.id)).toEqual(["s1", "s2"]);
  });
  it("sends nothing stale", () => {
    const plan = planDueSlots([at(1)], new Date((1 + STALE_AFTER_HOURS + 1) * 3600_000));
    expect(plan.send).toBeNull();
    expect(plan.skip).toHaveLength(1);
  });
  it("a slot missed on Friday by a bot that was down is still fresh on Monday morning, not on Tuesday", () => {
    const s = scheduleSchema.parse({ quietHours: { from: "21:00", to: "07:00" }, daysOff: { weekends: true } });
    const friday = { slot: { id: "d-1", offsetDays: -1, time: "09:00", audience: "focal" as const }, at: vn("2026-12-04T09:00:00") };
    const fresh = (at: Date) => freshUntil(at, s, ZONE);
    expect(local(fresh(friday.at))).toBe("2026-12-07T07:00");
    expect(planDueSlots([friday], vn("2026-12-07T07:00:00"), fresh).send?.slot.id).toBe("d-1");
    expect(planDueSlots([friday], vn("2026-12-07T07:01:00"), fresh).send).toBeNull();
  });
  it("nothing due, nothing to do", () => {
    expect(planDueSlots([at(10)], new Date(0))).toEqual({ send: null, skip: [] });
  });
});
