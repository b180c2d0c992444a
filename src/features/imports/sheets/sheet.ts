// What the spreadsheet readers (csv.ts, xlsx.ts) hand over: rows one at a
// time, as they are read from the file, never the whole table; how far the
// reading has gone; and, when a file cannot be read, why.
import type { SheetRow } from "../rules/import-rows.js";

export type SheetLimits = {
  /** Columns a row may have; a cell beyond (a non-empty one, in XLSX) stops the reading: too-many-columns. */
  maxColumns: number;
  /** CSV: characters one record may hold (quoted line breaks included): row-too-long. */
  maxRowChars: number;
  /** XLSX: bytes the parts read (workbook, styles, shared strings, the sheet) may unpack to, in all: unpacked-too-big. */
  maxUnpackedBytes: number;
};

export const DEFAULT_SHEET_LIMITS: SheetLimits = {
  maxColumns: 256,
  maxRowChars: 64 * 1024,
  maxUnpackedBytes: 64 * 1024 * 1024,
};

export type SheetProblem =
  /** Neither CSV nor XLSX, or damaged. */
  | "unreadable"
  /** An Excel 97–2003 workbook (.xls), or an XLSX protected by a password (both are OLE files). */
  | "legacy"
  | "too-many-columns"
  | "row-too-long"
  | "unpacked-too-big";

/** Why a file could not be read (further). `row` is the spreadsheet row reached, when known. */
export class SheetError extends Error {
  constructor(readonly problem: SheetProblem, readonly row: number | null = null, detail?: string) {
    super(`${problem}${row !== null ? ` at row ${row}` : ""}${detail ? `: ${detail}` : ""}`);
    this.name = "SheetError";
  }
}

export type Sheet = {
  /** The rows in order, blank ones included (the reader does not judge). Throws SheetError. */
  rows: AsyncIterable<SheetRow>;
  /** How much of the file has been read, from 0 to 1. */
  progress(): number;
  /** The workbook counts dates from 1904 (XLSX from old Mac Excel); false for CSV. */
  date1904(): boolean;
  /** Bytes unpacked so far (XLSX), for the limits' tests and logs; 0 for CSV. */
  unpackedBytes(): number;
  /** The text encoding a CSV was read in ("utf-8", "utf-16le", "windows-1258"); "xlsx" for XLSX. */
  encoding(): string;
};
