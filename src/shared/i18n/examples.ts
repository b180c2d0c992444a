// The dates that /help and the usage lines give as examples ("/summary 2026-10",
// "/annual 2026", a ballot closing "12/12/2026 17:00"), made from the bot's clock.
// Written as literals in locales/*.ftl they were right the year they were written,
// then looked wrong, or named a time the same message says is refused. Every
// example date of a message the bot sends comes from here, as Fluent variables
// (tests/shared/i18n/locales.test.ts refuses a year written into a message).
import { DateTime } from "luxon";
import type { Locale } from "./locale.js";
import { periodLabel, reportablePeriod, shiftPeriod, type PeriodKey, type Schedule } from "../bloc/schedule.js";

/**
 * The example dates of one period, as the commands and the import take them
 * (`latest` is the latest period people report: shared/bloc/schedule.ts
 * reportablePeriod). Fluent variables, all strings (no grouping of years):
 * - examplePeriod "2029-02": `latest`, as /report, /lock, /addboard and /summary take a month;
 * - exampleEarlierPeriod "2029-01": the month before it (/report of an earlier period still open);
 * - exampleQuarter "Q1 2029": the quarter `latest` is in: the current quarter, or the
 *   last finished one when `latest` ended it; /summary takes it, since a month of it has ended;
 * - exampleYear "2029": the year of `latest`: the current year (last year in January,
 *   when no month of this year has ended yet and /summary of this year has nothing);
 * - exampleMonthSlash "02/2029", exampleMonthName "Tháng 02/2029" (vi) or "Feb 2029" (en),
 *   exampleFirstDay "01/02/2029": `latest` in the other forms /import's period column takes
 *   (features/imports/rules/sheet-values.ts readPeriod).
 */
export function periodExamples(latest: PeriodKey, locale: Locale): Record<string, string> {
  const first = DateTime.fromObject({ year: latest.year, month: latest.month, day: 1 });
  const slash = first.toFormat("MM/yyyy");
  return {
    examplePeriod: periodLabel(latest),
    exampleEarlierPeriod: periodLabel(shiftPeriod(latest, -1)),
    exampleQuarter: `Q${Math.ceil(latest.month / 3)} ${latest.year}`,
    exampleYear: String(latest.year),
    exampleMonthSlash: slash,
    exampleMonthName: locale === "vi" ? `Tháng ${slash}` : first.setLocale("en-GB").toFormat("LLL yyyy"),
    exampleFirstDay: first.toFormat("dd/MM/yyyy"),
  };
}

/**
 * Every example date of /help and the usage lines at `now`, in the bloc's time
 * zone `zone` (Asia/Ho_Chi_Minh): periodExamples of the latest period people report
 * under `schedule` (null, no bloc yet: calendar months), and
 * - exampleLastYear "2028": the last finished year (/annual, /record);
 * - exampleHoliday "2029-04-30", exampleHolidayNext "2029-05-01": the next 30 April still
 *   ahead (Reunification Day) and 1 May (Labour Day), holidays of every year, as
 *   /schedule holiday takes dates: one within the coming year.
 */
export function exampleDates(now: Date, schedule: Schedule | null, zone: string, locale: Locale): Record<string, string> {
  const today = DateTime.fromJSDate(now, { zone }).startOf("day");
  const latest = schedule ? reportablePeriod(now, schedule, zone) : shiftPeriod({ year: today.year, month: today.month }, -1);
  let holiday = today.set({ month: 4, day: 30 });
  if (holiday <= today) holiday = holiday.plus({ years: 1 });
  return {
    ...periodExamples(latest, locale),
    exampleLastYear: String(today.year - 1),
    exampleHoliday: holiday.toISODate()!,
    exampleHolidayNext: holiday.plus({ days: 1 }).toISODate()!,
  };
}

/**
 * A ballot's closing time as /newballot's dialogue takes it typed
 * ("dd/mm/yyyy hh:mm", features/ballots/dialogue.ts): 17:00 three days after
 * `now`'s day in `zone`, between 2 and 4 days ahead, so inside the 10 minutes to
 * 90 days the dialogue accepts. "13/03/2029 17:00".
 */
export function closingTimeExample(now: Date, zone: string): string {
  return DateTime.fromJSDate(now, { zone }).startOf("day").plus({ days: 3 }).set({ hour: 17 }).toFormat("dd/MM/yyyy HH:mm");
}
