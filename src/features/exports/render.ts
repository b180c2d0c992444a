// What a file export is asked for, as plain data, and the one function that makes
// its bytes. The export pool (pool.ts) runs it in a worker thread (worker.ts); it
// is a plain function of its input, so a test can call it here and compare.
//
// A job carries the summary (plain data: it crosses to the worker by structured
// clone) and the languages, never a translation function: the worker builds its
// own from the same locales/*.ftl (shared/i18n/messages.ts), so the wording is the bot's.
import { createI18n, translator, type Messages } from "../../shared/i18n/messages.js";
import type { Locale, Translate } from "../../shared/i18n/locale.js";
import type { Summary } from "../summaries/rules.js";
import { annualReportDocx, type AnnualReportInput } from "./annual-report.js";
import { boardChartPng, trendChartPng } from "./chart.js";
import { summaryWorkbook } from "./spreadsheet.js";

export type ExportJob =
  /** Bars: one indicator by board over the summary's range (chart.ts boardChartPng). */
  | { kind: "board-chart"; summary: Summary; indicator: string; locale: Locale; defaultLocale: Locale }
  /** Lines: the indicator month by month against the year before (chart.ts trendChartPng). */
  | { kind: "trend-chart"; summary: Summary; indicator: string; locale: Locale; defaultLocale: Locale }
  /** The summary as an XLSX workbook (spreadsheet.ts summaryWorkbook). */
  | { kind: "workbook"; summary: Summary; locale: Locale; defaultLocale: Locale; meta: { blocName: string; periodLabel: string } }
  /**
   * The year-end report as DOCX (annual-report.ts), always in Vietnamese, the
   * agencies' language; `ytd`: a running year, compared with the same months a
   * year before (the annual-cmp-*-ytd wordings).
   */
  | { kind: "annual-report"; content: Omit<AnnualReportInput, "t">; ytd: boolean; defaultLocale: Locale };

const i18ns = new Map<Locale, Messages>();

function i18nFor(defaultLocale: Locale): Messages {
  let i18n = i18ns.get(defaultLocale);
  if (!i18n) i18ns.set(defaultLocale, (i18n = createI18n(defaultLocale)));
  return i18n;
}

/** The annual report's wording: Vietnamese, with the year-to-date comparisons for a running year. */
export function annualTranslate(i18n: Messages, ytd: boolean): Translate {
  return (key, vars) => i18n.t("vi", ytd && key.startsWith("annual-cmp-") ? `${key}-ytd` : key, vars);
}

/** Makes the file a job asks for. */
export async function renderExport(job: ExportJob): Promise<Uint8Array> {
  const i18n = i18nFor(job.defaultLocale);
  switch (job.kind) {
    case "board-chart": {
      return boardChartPng(job.summary, job.indicator, job.locale, translator(i18n, job.locale));
    }
    case "trend-chart": {
      return trendChartPng(job.summary, job.indicator, job.locale, translator(i18n, job.locale));
    }
    case "workbook": {
      return summaryWorkbook(job.summary, job.locale, translator(i18n, job.locale), job.meta);
    }
    case "annual-report": {
      return annualReportDocx({ ...job.content, t: annualTranslate(i18n, job.ytd) });
    }
  }
}
