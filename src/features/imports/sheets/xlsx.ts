// XLSX read as a stream, with the unpacking bounded, so that a zip bomb is
// refused early and memory stays small whatever the file claims.
//
// Why not exceljs here (it still writes our spreadsheets): its readers unpack
// without any bound. `Workbook.xlsx.load` inflates every part into memory (a
// 641 kB bomb took 1.47 GB), and the streaming WorkbookReader copies each
// worksheet that comes before the shared strings in the archive (the order
// Excel writes) to a temporary file, whatever its size. Neither lets a caller
// count or stop the inflating without patching its internals.
//
// So the archive is read with yauzl, which reads the central directory first
// (the sizes every part declares: a bomb that declares its size is refused
// before anything is inflated) and fails a part that inflates to more than it
// declared (a bomb that lies is stopped at the size it declared); inflating runs
// in zlib's thread pool, a chunk at a time. On top of that every byte inflated
// is counted against `maxUnpackedBytes`. The XML is read with saxes, which does
// not expand entities defined in a DTD (no "billion laughs").
//
// What is read (ECMA-376 Part 1): the workbook (the first visible sheet, and
// whether dates count from 1904), its relationships (where that sheet is), the
// styles (which cells show dates: §18.8.30 numFmt, built-in ids 14–22, 27–36,
// 45–47 and 50–58, and custom formats with date or time codes), the shared
// strings (rich text runs joined, phonetic runs left out) and the sheet, row by
// row (§18.3.1.4 c: t="s", "str", "inlineStr", "b", "e", "d", "n"; a formula's
// cached <v> is its value, a formula without <v> is named as such).
import type { Readable } from "node:stream";
import yauzl, { type Entry, type ZipFile } from "yauzl";
import { SaxesParser, type SaxesTagPlain } from "saxes";
import type { SheetRow } from "../rules/import-rows.js";
import { EMPTY, isBlank, textCell, type Cell } from "../rules/sheet-values.js";
import { SheetError, type Sheet, type SheetLimits } from "./sheet.js";

/** An archive with more entries than this is no workbook of figures. */
const MAX_ENTRIES = 10_000;

const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

export function xlsxSheet(bytes: Uint8Array, limits: SheetLimits): Sheet {
  let unpacked = 0;
  let sheetRead = 0;
  let sheetSize = 1;
  let date1904 = false;
  const budget = (n: number) => {
    unpacked += n;
    if (unpacked > limits.maxUnpackedBytes) throw new SheetError("unpacked-too-big", null, `more than ${limits.maxUnpackedBytes} bytes`);
  };

  const rows = async function* (): AsyncGenerator<SheetRow> {
    if (OLE_SIGNATURE.every((b, i) => bytes[i] === b)) throw new SheetError("legacy");
    const zip = await openZip(bytes);
    try {
      const entries = await listEntries(zip);
      const part = (name: string) => entries.get(name.toLowerCase()) ?? null;

      const rootRels = part("_rels/.rels");
      const rootTargets = rootRels ? relationships(await readPart(zip, rootRels, budget), "") : new Map<string, Rel>();
      const bookPath = [...rootTargets.values()].find((r) => r.type.endsWith("/officeDocument"))?.target ?? "xl/workbook.xml";
      const bookEntry = part(bookPath);
      if (!bookEntry) throw new SheetError("unreadable", null, "no workbook part");
      const bookDir = bookPath.includes("/") ? bookPath.slice(0, bookPath.lastIndexOf("/") + 1) : "";
      const bookRelsEntry = part(`${bookDir}_rels/${bookPath.slice(bookDir.length)}.rels`);
      if (!bookRelsEntry) throw new SheetError("unreadable", null, "no workbook relationships");
      const bookRels = relationships(await readPart(zip, bookRelsEntry, budget), bookDir);
      const book = workbook(await readPart(zip, bookEntry, budget));
      date1904 = book.date1904;
      const sheetPath = book.firstSheetRelId ? bookRels.get(book.firstSheetRelId)?.target : undefined;
      const sheetEntry = sheetPath ? part(sheetPath) : null;
      if (!sheetEntry) throw new SheetError("unreadable", null, "no worksheet");
      const stylesPath = [...bookRels.values()].find((r) => r.type.endsWith("/styles"))?.target;
      const stringsPath = [...bookRels.values()].find((r) => r.type.endsWith("/sharedStrings"))?.target;
      const stylesEntry = stylesPath ? part(stylesPath) : null;
      const stringsEntry = stringsPath ? part(stringsPath) : null;

      // Refused before anything large is inflated when the parts declare their sizes.
      const declared = [stylesEntry, stringsEntry, sheetEntry].reduce((n, e) => n + (e?.uncompressedSize ?? 0), unpacked);
      if (declared > limits.maxUnpackedBytes) throw new SheetError("unpacked-too-big", null, `parts declare ${declared} bytes`);

      const dateStyles = stylesEntry ? styles(await readPart(zip, stylesEntry, budget)) : [];
      const strings = stringsEntry ? await sharedStrings(zip, stringsEntry, budget) : [];

      sheetSize = Math.max(1, sheetEntry.uncompressedSize);
      const reader = new SheetReader(strings, dateStyles, limits.maxColumns);
      for await (const text of inflate(zip, sheetEntry, (n) => {
        budget(n);
        sheetRead += n;
      })) {
        reader.write(text);
        yield* reader.take();
      }
      reader.end();
      yield* reader.take();
    } finally {
      zip.close();
    }
  };
  return {
    rows: rows(),
    progress: () => Math.min(1, sheetRead / sheetSize),
    date1904: () => date1904,
    unpackedBytes: () => unpacked,
    encoding: () => "xlsx",
  };
}

// --- the archive -------------------------------------------------------------

function openZip(bytes: Uint8Array): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { lazyEntries: true, validateEntrySizes: true, strictFileNames: false }, (err, zip) => {
      if (err || !zip) reject(new SheetError("unreadable", null, err?.message ?? "not a zip archive"));
      else resolve(zip);
    });
  });
}

/** The entries by lower-cased name (part names are case-insensitive in OPC). */
function listEntries(zip: ZipFile): Promise<Map<string, Entry>> {
  if (zip.entryCount > MAX_ENTRIES) return Promise.reject(new SheetError("unreadable", null, `${zip.entryCount} entries`));
  return new Promise((resolve, reject) => {
    const entries = new Map<string, Entry>();
    zip.on("entry", (e: Entry) => {
      entries.set(e.fileName.toLowerCase(), e);
      zip.readEntry();
    });
    zip.once("end", () => {
      zip.on("error", () => {}); // later failures reach the streams' callbacks; none may go unheard
      resolve(entries);
    });
    zip.once("error", (e: Error) => reject(new SheetError("unreadable", null, e.message)));
    zip.readEntry();
  });
}

function openStream(zip: ZipFile, entry: Entry): Promise<Readable> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => (err ? reject(new SheetError("unreadable", null, err.message)) : resolve(stream)));
  });
}

/** A part's text, chunk by chunk as it inflates; `count` sees each chunk's size first (and may throw to stop). */
async function* inflate(zip: ZipFile, entry: Entry, count: (n: number) => void): AsyncGenerator<string> {
  const stream = await openStream(zip, entry);
  const decoder = new TextDecoder("utf-8");
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      count(chunk.length);
      yield decoder.decode(chunk, { stream: true });
    }
  } catch (e) {
    // yauzl's own checks (more bytes than declared, a broken deflate stream) are a damaged file.
    throw e instanceof SheetError ? e : new SheetError("unreadable", null, e instanceof Error ? e.message : String(e));
  } finally {
    stream.destroy();
  }
  const tail = decoder.decode();
  if (tail) yield tail;
}

/** A small part, whole (workbook, relationships, styles). */
async function readPart(zip: ZipFile, entry: Entry, count: (n: number) => void): Promise<string> {
  let text = "";
  for await (const chunk of inflate(zip, entry, count)) text += chunk;
  return text;
}

// --- XML ---------------------------------------------------------------------

const localName = (name: string) => name.slice(name.indexOf(":") + 1);

type Handlers = { open?: (tag: SaxesTagPlain) => void; close?: (name: string) => void; text?: (text: string) => void };

function xmlParser(h: Handlers): SaxesParser<{ position: false }> {
  const parser = new SaxesParser({ position: false });
  if (h.open) parser.on("opentag", (tag) => h.open!({ ...tag, name: localName(tag.name), attributes: tag.attributes as Record<string, string> }));
  if (h.close) parser.on("closetag", (tag) => h.close!(localName(tag.name)));
  if (h.text) {
    parser.on("text", h.text);
    parser.on("cdata", h.text);
  }
  parser.on("error", (e) => {
    throw new SheetError("unreadable", null, e.message);
  });
  return parser;
}

function parseWhole(xml: string, h: Handlers): void {
  xmlParser(h).write(xml).close();
}

const attr = (tag: SaxesTagPlain, name: string): string | undefined => {
  const v = tag.attributes[name];
  return typeof v === "string" ? v : undefined;
};

type Rel = { type: string; target: string };

/** Id → target part name (resolved against `dir`, the folder of the part the relationships belong to). */
function relationships(xml: string, dir: string): Map<string, Rel> {
  const out = new Map<string, Rel>();
  parseWhole(xml, {
    open(tag) {
      if (tag.name !== "Relationship" || attr(tag, "TargetMode") === "External") return;
      const id = attr(tag, "Id");
      const target = attr(tag, "Target");
      if (id && target) out.set(id, { type: attr(tag, "Type") ?? "", target: resolvePart(dir, target) });
    },
  });
  return out;
}

function resolvePart(dir: string, target: string): string {
  const parts = (target.startsWith("/") ? target.slice(1) : dir + target).split("/");
  const out: string[] = [];
  for (const p of parts) {
    if (p === "..") out.pop();
    else if (p !== "." && p !== "") out.push(p);
  }
  return out.join("/");
}

function workbook(xml: string): { date1904: boolean; firstSheetRelId: string | null } {
  let date1904 = false;
  const sheets: { relId: string; visible: boolean }[] = [];
  parseWhole(xml, {
    open(tag) {
      if (tag.name === "workbookPr") date1904 = ["1", "true"].includes(attr(tag, "date1904") ?? "");
      if (tag.name === "sheet") {
        const relId = Object.entries(tag.attributes).find(([k]) => k.includes(":") && localName(k) === "id")?.[1];
        if (typeof relId === "string") sheets.push({ relId, visible: (attr(tag, "state") ?? "visible") === "visible" });
      }
    },
  });
  return { date1904, firstSheetRelId: (sheets.find((s) => s.visible) ?? sheets[0])?.relId ?? null };
}

const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** Whether a number format code shows a date or a time (its first section, literals and brackets aside). */
export function isDateFormatCode(code: string): boolean {
  const first = code.split(";")[0] ?? "";
  const bare = first
    .replace(/"[^"]*"/g, "")
    .replace(/\\./g, "")
    .replace(/\[(?:h+|m+|s+)\]/gi, "h")
    .replace(/\[[^\]]*\]/g, "")
    .replace(/[_*]./g, "")
    .replace(/general/gi, "");
  return /[dmyhs]/i.test(bare);
}

/** For each cell style index (cellXfs), whether it shows a date. */
function styles(xml: string): boolean[] {
  const custom = new Map<number, string>();
  const out: boolean[] = [];
  let inCellXfs = false;
  parseWhole(xml, {
    open(tag) {
      if (tag.name === "numFmt") custom.set(Number(attr(tag, "numFmtId")), attr(tag, "formatCode") ?? "");
      else if (tag.name === "cellXfs") inCellXfs = true;
      else if (tag.name === "xf" && inCellXfs) {
        const id = Number(attr(tag, "numFmtId") ?? 0);
        const code = custom.get(id);
        out.push(code !== undefined ? isDateFormatCode(code) : BUILT_IN_DATE_FORMATS.has(id));
      }
    },
    close(name) {
      if (name === "cellXfs") inCellXfs = false;
    },
  });
  return out;
}

/** OOXML's escape for characters XML cannot hold (ST_Xstring): "_x000D_" is a carriage return. */
const unescapeX = (s: string) => (s.includes("_x") ? s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : s);

/** Collects the text of a string item (<si> or <is>): plain <t>, or rich-text runs <r><t>, never phonetic runs <rPh>. */
class StringItem {
  private depthRPh = 0;
  private inT = false;
  text = "";
  open(name: string) {
    if (name === "rPh") this.depthRPh++;
    else if (name === "t" && this.depthRPh === 0) this.inT = true;
  }
  close(name: string) {
    if (name === "rPh") this.depthRPh--;
    else if (name === "t") this.inT = false;
  }
  chars(text: string) {
    if (this.inT) this.text += text;
  }
}

async function sharedStrings(zip: ZipFile, entry: Entry, count: (n: number) => void): Promise<string[]> {
  const out: string[] = [];
  let item: StringItem | null = null;
  const parser = xmlParser({
    open(tag) {
      if (tag.name === "si") item = new StringItem();
      else item?.open(tag.name);
    },
    close(name) {
      if (name === "si" && item) {
        out.push(unescapeX(item.text));
        item = null;
      } else item?.close(name);
    },
    text(t) {
      item?.chars(t);
    },
  });
  for await (const text of inflate(zip, entry, count)) parser.write(text);
  parser.close();
  return out;
}

/** "AB12" → 27 (0-based column); null when the reference has no letters. */
function columnOf(ref: string): number | null {
  let col = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i) | 0x20;
    if (c < 0x61 || c > 0x7a) break;
    col = col * 26 + (c - 0x60);
  }
  return i === 0 ? null : col - 1;
}

/** The rows of a worksheet's XML, fed in chunks; the rows completed by each chunk are taken with take(). */
class SheetReader {
  private readonly parser: SaxesParser<{ position: false }>;
  private readonly done: SheetRow[] = [];
  private rowNumber = 0;
  private cells: Cell[] = [];
  private column = -1;
  private cell: { column: number; type: string; style: number; formula: boolean; value: string | null; inline: StringItem | null } | null = null;
  private inValue = false;

  constructor(private readonly strings: string[], private readonly dateStyles: boolean[], private readonly maxColumns: number) {
    this.parser = xmlParser({
      open: (tag) => this.openTag(tag),
      close: (name) => this.closeTag(name),
      text: (t) => {
        if (this.inValue && this.cell) this.cell.value = (this.cell.value ?? "") + t;
        else this.cell?.inline?.chars(t);
      },
    });
  }

  write(text: string) {
    this.parser.write(text);
  }
  end() {
    this.parser.close();
  }
  take(): SheetRow[] {
    return this.done.splice(0);
  }

  private openTag(tag: SaxesTagPlain) {
    switch (tag.name) {
      case "row": {
        const r = Number(attr(tag, "r"));
        this.rowNumber = Number.isInteger(r) && r > 0 ? r : this.rowNumber + 1;
        this.cells = [];
        this.column = -1;
        break;
      }
      case "c": {
        const ref = attr(tag, "r");
        const col = (ref ? columnOf(ref) : null) ?? this.column + 1;
        this.column = col;
        this.cell = { column: col, type: attr(tag, "t") ?? "n", style: Number(attr(tag, "s") ?? 0), formula: false, value: null, inline: null };
        break;
      }
      case "f":
        if (this.cell) this.cell.formula = true;
        break;
      case "v":
        if (this.cell) this.inValue = true;
        break;
      case "is":
        if (this.cell) this.cell.inline = new StringItem();
        break;
      default:
        this.cell?.inline?.open(tag.name);
    }
  }

  private closeTag(name: string) {
    switch (name) {
      case "v":
        this.inValue = false;
        break;
      case "c": {
        const c = this.cell;
        this.cell = null;
        if (!c) break;
        const cell = this.cellOf(c);
        if (c.column >= this.maxColumns) {
          // Styled empty cells far to the right are common; content there is not.
          if (!isBlank(cell)) throw new SheetError("too-many-columns", this.rowNumber);
          break;
        }
        this.cells[c.column] = cell;
        break;
      }
      case "row":
        this.done.push({ row: this.rowNumber, cells: Array.from(this.cells, (x) => x ?? EMPTY) });
        this.cells = [];
        break;
      default:
        this.cell?.inline?.close(name);
    }
  }

  private cellOf(c: { type: string; style: number; formula: boolean; value: string | null; inline: StringItem | null }): Cell {
    const v = c.value;
    if (c.type === "inlineStr") return textCell(unescapeX(c.inline?.text ?? v ?? ""));
    if (v === null) return c.formula ? { kind: "formula-without-result" } : EMPTY;
    switch (c.type) {
      case "s": {
        const s = this.strings[Number(v)];
        if (s === undefined) throw new SheetError("unreadable", this.rowNumber, `shared string ${v} missing`);
        return textCell(s);
      }
      case "str":
        return textCell(unescapeX(v));
      case "b":
        return { kind: "bool", value: v.trim() === "1" };
      case "e":
        return { kind: "error", code: v.trim().toUpperCase() };
      case "d":
        return v.trim() ? { kind: "date", iso: v.trim() } : EMPTY;
      default: {
        if (v.trim() === "") return EMPTY;
        const n = Number(v);
        return Number.isFinite(n) ? { kind: "number", value: n, date: this.dateStyles[c.style] ?? false } : textCell(v);
      }
    }
  }
}
