import { describe, expect, it } from "vitest";
import { afterQuietHours, inQuietHours, planDueSlots, slotTimes, STALE_AFTER_HOURS } from "../../src/domain/reminders.js";
import { scheduleSchema } from "../../src/domain/schedule.js";

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
  it("a deadline on a Saturday: earlier slots move to Friday, one a day; escalations move after the weekend", () => {
    const s = scheduleSchema.parse({ reminders: slots, skip: { weekends: true, move: "earlier" } });
    const times = slotTimes(vn("2026-12-05T17:00:00"), s, ZONE).map((x) => `${x.slot.id} ${local(x.at)}`);
    expect(times).toEqual(["d-3 2026-12-02T09:00", "d-1 2026-12-04T09:00", "d+1 2026-12-07T09:00", "h+1 2026-12-07T09:05"]);
  });

  it("a holiday skips a slot when the rule says skip", () => {
    const s = scheduleSchema.parse({ reminders: slots, skip: { holidays: ["2026-11-04"], move: "skip" } });
    expect(slotTimes(vn("2026-11-05T17:00:00"), s, ZONE).map((x) => x.slot.id)).toEqual(["d-3", "d0", "d+1", "h+1"]);
  });

  it("Tết: a run of holidays is crossed", () => {
    const s = scheduleSchema.parse({ reminders: [{ id: "d-1", offsetDays: -1, time: "09:00" }], skip: { holidays: ["2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10"], weekends: true, move: "earlier" } });
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
  it("nothing due, nothing to do", () => {
    expect(planDueSlots([at(10)], new Date(0))).toEqual({ send: null, skip: [] });
  });
});
