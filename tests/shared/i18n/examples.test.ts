// The example dates of the help and usage texts (src/shared/i18n/examples.ts): of
// the clock's time in Hà Nội, in the forms the commands take, each one accepted by
// the command it illustrates, whatever the day (the harness side is
// tests/chat/examples.test.ts).
import { describe, expect, it } from "vitest";
import { DateTime } from "luxon";
import { closingTimeExample, exampleDates, periodExamples } from "../../../src/shared/i18n/examples.js";
import { parsePeriodLabel, scheduleSchema, type Schedule } from "../../../src/shared/bloc/schedule.js";
import { parseRange } from "../../../src/features/summaries/rules.js";
import { parseRecordCommand } from "../../../src/features/history/rules.js";
import { readPeriod } from "../../../src/features/imports/rules/sheet-values.js";
import { parseLocalDateTime } from "../../../src/features/ballots/dialogue.js";

const ZONE = "Asia/Ho_Chi_Minh";
const CALENDAR: Schedule = scheduleSchema.parse({});
const DAY_15: Schedule = scheduleSchema.parse({ period: { cut: "day", startDay: 15 } });
const vn = (local: string) => DateTime.fromISO(local, { zone: ZONE }).toJSDate();

describe("exampleDates", () => {
  it("on 10 March 2029, 09:00: February, the month before, its quarter and year, 2028 finished, the coming 30 April", () => {
    expect(exampleDates(vn("2029-03-10T09:00"), CALENDAR, ZONE, "vi")).toEqual({
      examplePeriod: "2029-02",
      exampleEarlierPeriod: "2029-01",
      exampleQuarter: "Q1 2029",
      exampleYear: "2029",
      exampleMonthSlash: "02/2029",
      exampleMonthName: "Tháng 02/2029",
      exampleFirstDay: "01/02/2029",
      exampleLastYear: "2028",
      exampleHoliday: "2029-04-30",
      exampleHolidayNext: "2029-05-01",
    });
    expect(exampleDates(vn("2029-03-10T09:00"), CALENDAR, ZONE, "en").exampleMonthName).toBe("Feb 2029");
  });

  it("in January the latest period is last December: its quarter and year are last year's, which /summary has figures for", () => {
    const e = exampleDates(vn("2030-01-15T09:00"), CALENDAR, ZONE, "vi");
    expect([e.examplePeriod, e.exampleEarlierPeriod, e.exampleQuarter, e.exampleYear, e.exampleLastYear]).toEqual(["2029-12", "2029-11", "Q4 2029", "2029", "2029"]);
  });

  it("the holiday is the next 30 April still ahead: this year's until the day before, next year's from that day", () => {
    expect(exampleDates(vn("2029-04-29T23:59"), CALENDAR, ZONE, "vi").exampleHoliday).toBe("2029-04-30");
    expect(exampleDates(vn("2029-04-30T00:00"), CALENDAR, ZONE, "vi").exampleHoliday).toBe("2030-04-30");
    expect(exampleDates(vn("2029-12-31T23:00"), CALENDAR, ZONE, "vi")).toMatchObject({ exampleHoliday: "2030-04-30", exampleHolidayNext: "2030-05-01", exampleLastYear: "2028" });
  });

  it("counts in Hà Nội, not UTC: 1 March 01:00 there is still 28 February in UTC", () => {
    const e = exampleDates(new Date("2029-02-28T18:00:00Z"), CALENDAR, ZONE, "vi");
    expect(e.examplePeriod).toBe("2029-02");
    expect(exampleDates(new Date("2029-12-31T17:30:00Z"), CALENDAR, ZONE, "vi").exampleLastYear).toBe("2029"); // 1 January 2030, 00:30
  });

  it("follows the bloc's cut: with periods from the 15th, on 20 March the latest is the one ending 14 March; without a bloc, calendar months", () => {
    expect(exampleDates(vn("2029-03-20T09:00"), DAY_15, ZONE, "vi").examplePeriod).toBe("2029-03");
    expect(exampleDates(vn("2029-03-20T09:00"), null, ZONE, "vi").examplePeriod).toBe("2029-02");
  });

  it("every day of two years, each example is taken by the command it illustrates", () => {
    let day = DateTime.fromISO("2028-01-01T08:00", { zone: ZONE });
    const wrong: string[] = [];
    for (let i = 0; i < 731; i++, day = day.plus({ days: 1 })) {
      const now = day.toJSDate();
      const e = exampleDates(now, CALENDAR, ZONE, "vi");
      const latest = parsePeriodLabel(e.examplePeriod!)!;
      const year = day.year;
      const ok = [
        parseRange(e.examplePeriod!, latest) !== null,
        parseRange(e.exampleEarlierPeriod!, latest) !== null,
        parseRange(e.exampleQuarter!, latest) !== null,
        parseRange(e.exampleYear!, latest) !== null,
        parseRange(e.exampleLastYear!, latest)?.kind === "year", // /annual: a whole year that has ended
        !("error" in parseRecordCommand(`${e.exampleLastYear} leader HNA`, ["flag"], year)),
        !("error" in parseRecordCommand(`${e.exampleLastYear} flag HP ND`, ["flag"], year)),
        e.exampleHoliday! > day.toISODate()! && e.exampleHoliday! <= day.plus({ years: 1 }).toISODate()!,
        ...["vi", "en"].flatMap((l) => {
          const p = periodExamples(latest, l as "vi" | "en");
          return [p.examplePeriod, p.exampleMonthSlash, p.exampleMonthName, p.exampleFirstDay].map((x) => {
            const r = readPeriod(x!);
            return r.ok && r.period.year === latest.year && r.period.month === latest.month;
          });
        }),
      ];
      if (ok.includes(false)) wrong.push(`${day.toISODate()}: ${ok.map((x, j) => (x ? "" : j)).join(" ").trim()}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe("closingTimeExample", () => {
  it("17:00 three days after today in Hà Nội", () => {
    expect(closingTimeExample(vn("2029-03-10T09:00"), ZONE)).toBe("13/03/2029 17:00");
    expect(closingTimeExample(vn("2029-12-30T23:59"), ZONE)).toBe("02/01/2030 17:00");
  });

  it("at any minute of the day it is a time /newballot takes: at least 10 minutes ahead, within 90 days", () => {
    let at = DateTime.fromISO("2029-03-10T00:00", { zone: ZONE });
    const wrong: string[] = [];
    for (let i = 0; i < 24 * 4; i++, at = at.plus({ minutes: 15 })) {
      const now = at.toJSDate();
      const typed = parseLocalDateTime(closingTimeExample(now, ZONE), ZONE);
      const ahead = typed ? typed.getTime() - now.getTime() : -1;
      if (!(ahead > 10 * 60_000 && ahead <= 90 * 86400_000)) wrong.push(at.toISO()!);
    }
    at = DateTime.fromISO("2029-03-10T23:59", { zone: ZONE });
    expect(parseLocalDateTime(closingTimeExample(at.toJSDate(), ZONE), ZONE)!.getTime() - at.toMillis()).toBeGreaterThan(2 * 86400_000);
    expect(wrong).toEqual([]);
  });
});
