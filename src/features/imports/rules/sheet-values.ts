/**
 * What a spreadsheet cell means, as Excel and people write it: the cell kinds a
 * reader hands over, Excel's error values, its date serials, and the ways a
 * month is written in a period column.
 *
 * Sources of the rules:
 * - Cell kinds, error values and formulas with a cached result: ECMA-376 Part 1
 *   (Office Open XML), §18.3.1.4 `c` (Cell), §18.18.11 ST_CellType and the list
 *   of error values in §18.17.2 (plus those newer Excel adds: #SPILL!, #CALC!...).
 * - Date serials: §18.17.4.1. In the 1900 system day 1 is 1 January 1900 and
 *   day 60 the 29 February 1900 that never was (kept for Lotus 1-2-3), so from
 *   day 61 on a serial counts days since 30 December 1899; in the 1904 system
 *   (`date1904` in the workbook) it counts days since 1 January 1904.
 * - Periods are calendar months (src/shared/bloc/schedule.ts, PeriodKey). A date
 *   stands for a month only when it is the first of that month: any other day
 *   would be guessing. Two-digit years are 2000–2099.
 */
import type { PeriodKey } from "../../../shared/bloc/schedule.js";
import { fold } from "../../../shared/bloc/text.js";

/**
 * A cell as a reader hands it over. CSV gives only `text` and `empty`; XLSX
 * gives every kind. `number.date` says that the cell's number format shows a
 * date, so the number is a date serial.
 */
export type Cell =
  | { kind: "empty" }
  | { kind: "text"; text: string }
  | { kind: "number"; value: number; date: boolean }
  | { kind: "bool"; value: boolean }
  /** An ISO 8601 date cell (t="d"), rare, written by some tools instead of a serial. */
  | { kind: "date"; iso: string }
  /** An error value such as "#DIV/0!", cached as the result of a formula or typed. */
  | { kind: "error"; code: string }
  /** A formula whose result was never computed and stored (written by a program, not by Excel). */
  | { kind: "formula-without-result" };

export const EMPTY: Cell = { kind: "empty" };

const ERROR_VALUES = new Set([
  "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
  "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!", "#EXTERNAL!", "#PYTHON!",
]);

/** An Excel error value written as text (a CSV saved by Excel writes "#DIV/0!"), upper-cased, or null. */
export function errorValue(text: string): string | null {
  const t = text.trim().toUpperCase();
  return ERROR_VALUES.has(t) ? t : null;
}

/** A text cell, with Excel's error values recognised for what they are. */
export function textCell(text: string): Cell {
  if (text.trim() === "") return EMPTY;
  const code = errorValue(text);
  return code ? { kind: "error", code } : { kind: "text", text };
}

export function isBlank(cell: Cell | undefined): boolean {
  return cell === undefined || cell.kind === "empty" || (cell.kind === "text" && cell.text.trim() === "");
}

/** A row with nothing in it: no cell, empty cells, or bare separators (";;;"). */
export function isBlankRow(cells: readonly (Cell | undefined)[]): boolean {
  return cells.every(isBlank);
}

/** Plain (proleptic Gregorian) calendar date. */
export type CalendarDate = { year: number; month: number; day: number };

/** The calendar date of an Excel serial (the time of day, a fraction, is dropped); null outside year 1900–9999. */
export function serialToDate(serial: number, date1904 = false): CalendarDate | null {
  if (!Number.isFinite(serial) || serial < 0) return null;
  const days = Math.floor(serial);
  let utc: number;
  if (date1904) utc = Date.UTC(1904, 0, 1) + days * 86_400_000;
  else if (days >= 61) utc = Date.UTC(1899, 11, 30) + days * 86_400_000;
  else if (days >= 1 && days < 60) utc = Date.UTC(1899, 11, 31) + days * 86_400_000;
  else return null; // day 0 and the phantom 29 February 1900
  const d = new Date(utc);
  if (d.getUTCFullYear() > 9999) return null;
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export type PeriodReading =
  | { ok: true; period: PeriodKey }
  /** `date`: a real date that is not the first of a month, so no month can be told from it. */
  | { ok: false; reason: "unreadable" | "date" };

const MIN_YEAR = 2000;
const MAX_YEAR = 2100;

function month(year: number, m: number): PeriodReading {
  if (!Number.isInteger(m) || m < 1 || m > 12 || year < MIN_YEAR || year > MAX_YEAR) return { ok: false, reason: "unreadable" };
  return { ok: true, period: { year, month: m } };
}

function fromDate(d: CalendarDate | null): PeriodReading {
  if (!d || d.year < MIN_YEAR || d.year > MAX_YEAR) return { ok: false, reason: "unreadable" };
  return d.day === 1 ? { ok: true, period: { year: d.year, month: d.month } } : { ok: false, reason: "date" };
}

function validDate(year: number, m: number, day: number): CalendarDate | null {
  if (m < 1 || m > 12 || day < 1) return null;
  const d = new Date(Date.UTC(year, m - 1, day));
  return d.getUTCMonth() === m - 1 ? { year, month: m, day } : null;
}

const fullYear = (y: string) => (y.length === 2 ? 2000 + Number(y) : Number(y));

/** Serials of 1 January 2000 and 1 January 2101 in the 1900 system: a General cell's number is a serial only in between. */
const SERIAL_2000 = 36_526;
const SERIAL_2101 = 73_416;

/**
 * The period of a number in a period column: a date serial, whether the cell is
 * formatted as a date or left General (Excel turned the date into a number).
 */
export function periodFromSerial(serial: number, date1904 = false): PeriodReading {
  const base = date1904 ? serial + 1462 : serial;
  if (base < SERIAL_2000 || base >= SERIAL_2101) return { ok: false, reason: "unreadable" };
  return fromDate(serialToDate(serial, date1904));
}

/** The period of an ISO 8601 date cell ("2025-10-01", with or without a time). */
export function periodFromIso(iso: string): PeriodReading {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(iso.trim());
  if (!m) return { ok: false, reason: "unreadable" };
  return fromDate(validDate(Number(m[1]), Number(m[2]), Number(m[3])));
}

// Month names, after accents are taken off and the text lower-cased: English
// (as Excel writes "Oct-25" under an English locale).
const EN_MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11, november: 11, dec: 12, december: 12,
};

/** Folded (text.ts: lower case, no accents, "đ" as "d"), spaces squeezed. */
function squeezedFold(text: string): string {
  return fold(text).replace(/\s+/g, " ").trim();
}

// A time of day left by a date written as text ("2025-10-01 00:00:00", "01/10/2025 0:00").
const TIME = String.raw`(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?`;
const SEP = String.raw`\s*[-/.]\s*`;

/**
 * The period written in a period column, in the forms people and Excel use:
 * - a month: "2025-10", "2025/10", "10/2025", "10-2025", "10.2025";
 * - Vietnamese: "Tháng 10/2025", "tháng 10 năm 2025", "T10/2025", "T10-2025",
 *   "thg 10 2025", "Thg10-25" (Excel's "mmm-yy" under a Vietnamese locale);
 * - English: "Oct-25", "Oct 2025", "October 2025";
 * - the first day of the month as a date: "01/10/2025" (day first, as Vietnam
 *   writes it), "10/1/2025" (month first, as US Excel writes it), "2025-10-01".
 *   A date stands for its month only as the first of it, so of the two
 *   readings of "a/b/yyyy" the one that is a first of a month is taken (both
 *   are only when a = b = 1, the same month); a date that is a first of no
 *   month is refused as a date;
 * - a date serial written as text ("45931", a General cell saved to CSV).
 */
export function readPeriod(text: string): PeriodReading {
  const t = squeezedFold(text);
  if (t === "") return { ok: false, reason: "unreadable" };
  let m: RegExpExecArray | null;
  // YYYY-MM
  if ((m = new RegExp(`^(\\d{4})${SEP}(\\d{1,2})$`).exec(t))) return month(Number(m[1]), Number(m[2]));
  // MM/YYYY
  if ((m = new RegExp(`^(\\d{1,2})${SEP}(\\d{4})$`).exec(t))) return month(Number(m[2]), Number(m[1]));
  // YYYY-MM-DD
  if ((m = new RegExp(`^(\\d{4})${SEP}(\\d{1,2})${SEP}(\\d{1,2})${TIME}$`).exec(t))) return fromDate(validDate(Number(m[1]), Number(m[2]), Number(m[3])));
  // DD/MM/YYYY or MM/DD/YYYY
  if ((m = new RegExp(`^(\\d{1,2})${SEP}(\\d{1,2})${SEP}(\\d{4}|\\d{2})${TIME}$`).exec(t))) {
    const [a, b, y] = [Number(m[1]), Number(m[2]), fullYear(m[3]!)];
    const readings = [validDate(y, b, a), validDate(y, a, b)].filter((d): d is CalendarDate => d !== null);
    if (readings.length === 0) return { ok: false, reason: "unreadable" };
    return fromDate(readings.find((d) => d.day === 1) ?? readings[0]!);
  }
  // Vietnamese: "thang 10/2025", "thang 10 nam 2025", "t10/2025", "thg 10 2025", "thg10-25"
  if ((m = /^(?:thang|thg|t)\s*(\d{1,2})(?:\s*[-/.,]\s*|\s+nam\s+|\s+)(\d{4}|\d{2})$/.exec(t))) return month(fullYear(m[2]!), Number(m[1]));
  // English: "oct-25", "oct 2025", "october, 2025"
  if ((m = /^([a-z]+)\.?(?:\s*[-/.,]\s*|\s+)(\d{4}|\d{2})$/.exec(t)) && EN_MONTHS[m[1]!]) return month(fullYear(m[2]!), EN_MONTHS[m[1]!]!);
  // A date serial
  if (/^\d{5}$/.test(t)) return periodFromSerial(Number(t));
  return { ok: false, reason: "unreadable" };
}

/** The period in a period column's cell, whatever its kind. */
export function periodOfCell(cell: Cell, date1904 = false): PeriodReading {
  switch (cell.kind) {
    case "text":
      return readPeriod(cell.text);
    case "number":
      return periodFromSerial(cell.value, date1904);
    case "date":
      return periodFromIso(cell.iso);
    default:
      return { ok: false, reason: "unreadable" };
  }
}

/**
 * A number cell as the text a person would have typed, for the same checks as a
 * typed answer (src/shared/bloc/numbers.ts). Written without grouping, with "," as
 * the decimal mark only when there is a fraction, and never in a form the
 * parser could read as thousands ("12.345" would be ambiguous): up to 6
 * decimals, trailing zeros dropped, and exactly three decimals padded to four
 * ("12,3450"). Binary noise (7081.700000000001) goes with the rounding.
 */
export function numberText(v: number): string {
  if (Number.isInteger(v)) return String(v);
  const fixed = v.toFixed(6).replace(/0+$/, "").replace(/\.$/, "");
  const [int, frac = ""] = fixed.split(".");
  if (frac === "") return int!;
  return `${int},${frac.length === 3 ? `${frac}0` : frac}`;
}

/** What a cell shows, for messages and header names (never for figures: see numberText). */
export function cellDisplay(cell: Cell): string {
  switch (cell.kind) {
    case "empty":
    case "formula-without-result":
      return "";
    case "text":
      return cell.text;
    case "number":
      return numberText(cell.value);
    case "bool":
      return cell.value ? "TRUE" : "FALSE";
    case "date":
      return cell.iso;
    case "error":
      return cell.code;
  }
}
