/**
 * The unit catalogue: every unit an indicator can be measured in.
 *
 * Units of the same dimension convert into each other through `scale`, the size
 * of the unit in the dimension's base unit (1 USD, 1 VND, 1 item, 1 ha, a ratio
 * of 1). Units of different dimensions never convert: a USD figure is not a VND
 * figure at any exchange rate the bot could know.
 *
 * Every scale is a power of ten; numbers.ts relies on that to convert typed
 * amounts exactly (decimal digit shifts, no floating-point noise).
 */

export type UnitCode =
  | "usd_million"
  | "usd_thousand"
  | "usd"
  | "vnd_billion"
  | "vnd_million"
  | "vnd"
  | "projects"
  | "times"
  | "people"
  | "zones"
  | "firms"
  | "hectares"
  | "percent";

export type Dimension = "USD" | "VND" | "count" | "area" | "ratio";

export type Unit = {
  code: UnitCode;
  dimension: Dimension;
  /** Size in the dimension's base unit, e.g. usd_million = 1e6, vnd_billion = 1e9. */
  scale: number;
  /** Vietnamese display label, e.g. "triệu USD". */
  vi: string;
  /** English display label, e.g. "million USD". */
  en: string;
};

export const UNITS: Record<UnitCode, Unit> = {
  usd_million: { code: "usd_million", dimension: "USD", scale: 1e6, vi: "triệu USD", en: "million USD" },
  usd_thousand: { code: "usd_thousand", dimension: "USD", scale: 1e3, vi: "nghìn USD", en: "thousand USD" },
  usd: { code: "usd", dimension: "USD", scale: 1, vi: "USD", en: "USD" },
  vnd_billion: { code: "vnd_billion", dimension: "VND", scale: 1e9, vi: "tỷ đồng", en: "billion VND" },
  vnd_million: { code: "vnd_million", dimension: "VND", scale: 1e6, vi: "triệu đồng", en: "million VND" },
  vnd: { code: "vnd", dimension: "VND", scale: 1, vi: "đồng", en: "VND" },
  projects: { code: "projects", dimension: "count", scale: 1, vi: "dự án", en: "projects" },
  times: { code: "times", dimension: "count", scale: 1, vi: "lượt", en: "times" },
  people: { code: "people", dimension: "count", scale: 1, vi: "người", en: "people" },
  zones: { code: "zones", dimension: "count", scale: 1, vi: "KCN", en: "zones" },
  firms: { code: "firms", dimension: "count", scale: 1, vi: "doanh nghiệp", en: "firms" },
  hectares: { code: "hectares", dimension: "area", scale: 1, vi: "ha", en: "ha" },
  // A percentage is a ratio in hundredths: 87.7 percent = 0.877.
  percent: { code: "percent", dimension: "ratio", scale: 0.01, vi: "%", en: "%" },
};

export function isUnitCode(s: string): s is UnitCode {
  return Object.hasOwn(UNITS, s);
}

export function unitLabel(code: UnitCode, locale: "vi" | "en"): string {
  return UNITS[code][locale];
}
