// CSV as Excel and people save it, read as a stream with csv-parse: the text is
// decoded and fed in chunks, each record taken as soon as it is complete, so
// memory holds one chunk and the records not yet taken, never the table.
//
// - Encoding: UTF-8 (with or without the BOM Excel's "CSV UTF-8" writes), or
//   UTF-16 with its BOM (Excel's "Unicode Text"); any other file is read as
//   Windows-1258, the code page of Vietnamese Windows, which Excel's plain "CSV"
//   uses there. A file written on a Western Windows (Windows-1252) reads the same
//   wherever it matters: codes, periods and figures are ASCII in both, and the
//   letters where the two differ appear only in free text.
// - Separator: the one of ",", ";" and tab that the first non-blank line has
//   most of (Vietnamese Excel writes ";", because "," is the decimal mark).
// - A header of more than `maxColumns` fields is refused before any row is
//   parsed; later, a record of more than `maxColumns` fields or `maxRowChars`
//   characters stops the reading. (A per-field check through csv-parse's `cast`
//   made parsing twelve times slower: it builds a context object per field.)
import { isUtf8 } from "node:buffer";
import { parse, CsvError } from "csv-parse";
import type { SheetRow } from "../rules/import-rows.js";
import { textCell } from "../rules/sheet-values.js";
import { SheetError, type Sheet, type SheetLimits } from "./sheet.js";

/**
 * Bytes decoded and parsed in one go (the parser takes every record of a chunk
 * before the event loop turns): about a hundred rows, a few milliseconds. With
 * 16 kB the first chunk of a 20,000-row import (cold code) held the loop for
 * 35-60 ms of CPU; with 4 kB the longest stretch of the whole import is ~20 ms.
 */
const CHUNK_BYTES = 4 * 1024;

export function detectEncoding(bytes: Uint8Array): { encoding: "utf-8" | "utf-16le" | "utf-16be" | "windows-1258"; bom: number } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: "utf-8", bom: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: "utf-16le", bom: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: "utf-16be", bom: 2 };
  return { encoding: isUtf8(bytes) ? "utf-8" : "windows-1258", bom: 0 };
}

/** The first line with something other than separators and spaces, and its 1-based number. */
function firstContentLine(head: string): { text: string; line: number } | null {
  const lines = head.split(/\r\n|\n|\r/);
  const i = lines.findIndex((l) => /[^\s,;\t]/.test(l));
  return i === -1 ? null : { text: lines[i]!, line: i + 1 };
}

/** Fields in a line, quotes respected (a quoted separator is no separator). */
function fieldCount(line: string, delimiter: string): number {
  let n = 1;
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (c === delimiter && !quoted) n++;
  }
  return n;
}

/** The separator of the first line with content (or of the whole start, when it has none), from the start of the text. */
export function detectDelimiter(head: string): "," | ";" | "\t" {
  const line = firstContentLine(head)?.text ?? head;
  const count = (c: string) => line.split(c).length - 1;
  const [best] = ([",", ";", "\t"] as const).map((c) => [c, count(c)] as const).sort((a, b) => b[1] - a[1]);
  return best && best[1] > 0 ? best[0] : ",";
}

export function csvSheet(bytes: Uint8Array, limits: SheetLimits): Sheet {
  const { encoding, bom } = detectEncoding(bytes);
  let fed = bom;
  const rows = async function* (): AsyncGenerator<SheetRow> {
    // The header is measured before anything is parsed: a 16,384-column header is
    // refused as such, not as an over-long row.
    const head = new TextDecoder(encoding).decode(bytes.subarray(bom, bom + 4 * limits.maxRowChars));
    const delimiter = detectDelimiter(head);
    const header = firstContentLine(head);
    if (header && fieldCount(header.text, delimiter) > limits.maxColumns) throw new SheetError("too-many-columns", header.line);
    const decoder = new TextDecoder(encoding);
    const firstChunk = decoder.decode(bytes.subarray(bom, bom + CHUNK_BYTES), { stream: true });
    const queue: SheetRow[] = [];
    const parser = parse({
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      max_record_size: limits.maxRowChars,
      on_record: (record: string[], ctx) => {
        // `lines` is where the record ends; a quoted line break moves its start up.
        let breaks = 0;
        for (const f of record) if (f.includes("\n") || f.includes("\r")) breaks += f.match(/\r\n|\n|\r/g)?.length ?? 0;
        const row = ctx.lines - breaks;
        if (record.length > limits.maxColumns) throw new SheetError("too-many-columns", row);
        queue.push({ row, cells: record.map((f) => textCell(f.normalize("NFC"))) });
        return null; // taken here; nothing is kept in the stream
      },
    });
    parser.on("error", () => {}); // reported to the write's callback below
    const write = (text: string) => new Promise<unknown>((resolve) => parser.write(text, (e) => resolve(e)));
    const end = () => new Promise<unknown>((resolve) => {
      parser.once("error", resolve);
      parser.end(() => resolve(null));
    });
    let text = firstChunk;
    fed = Math.min(bytes.length, bom + CHUNK_BYTES);
    for (;;) {
      const last = fed >= bytes.length;
      const failure = text === "" ? null : await write(text);
      yield* queue.splice(0);
      if (failure) throw asSheetError(failure);
      if (last) break;
      text = decoder.decode(bytes.subarray(fed, fed + CHUNK_BYTES), { stream: true });
      fed = Math.min(bytes.length, fed + CHUNK_BYTES);
    }
    const tail = decoder.decode();
    const failure = (tail === "" ? null : await write(tail)) ?? (await end());
    yield* queue.splice(0);
    if (failure) throw asSheetError(failure);
  };
  return {
    rows: rows(),
    progress: () => (bytes.length === 0 ? 1 : fed / bytes.length),
    date1904: () => false,
    unpackedBytes: () => 0,
    encoding: () => encoding,
  };
}

function asSheetError(e: unknown): SheetError {
  if (e instanceof SheetError) return e;
  if (e instanceof CsvError) {
    const line = typeof (e as { lines?: unknown }).lines === "number" ? (e as unknown as { lines: number }).lines : null;
    return new SheetError(e.code === "CSV_MAX_RECORD_SIZE" ? "row-too-long" : "unreadable", line, e.code);
  }
  return new SheetError("unreadable", null, e instanceof Error ? e.message : String(e));
}
