// Dates and months in the user's language, in the bloc's time zone.
import { DateTime } from "luxon";
import type { Locale } from "./locale.js";
import type { PeriodKey } from "../bloc/schedule.js";

const intlLocale = (l: Locale) => (l === "vi" ? "vi-VN" : "en-GB");

export function formatDateTime(at: Date, locale: Locale, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).setLocale(intlLocale(locale)).toFormat("dd/MM/yyyy HH:mm");
}

export function formatDate(at: Date, locale: Locale, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).setLocale(intlLocale(locale)).toFormat("dd/MM/yyyy");
}

export function formatMonth(key: PeriodKey, locale: Locale): string {
  if (locale === "vi") return `tháng ${key.month}/${key.year}`;
  return DateTime.fromObject({ year: key.year, month: key.month, day: 1 }).setLocale("en-GB").toFormat("LLLL yyyy");
}
