// Spreadsheet files for the import tests, written byte by byte: a small ZIP
// writer (stored sizes may be set to lie, as a zip bomb's do), an XLSX laid out
// as Excel writes it (its part order, shared strings after the sheet, styles
// with date formats), and a deflated part of any size made in constant memory.
import { createDeflateRaw } from "node:zlib";

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crcUpdate(crc: number, bytes: Uint8Array): number {
  let c = crc ^ 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A part already deflated: its compressed bytes, its real size and CRC. */
export type Deflated = { compressed: Uint8Array; size: number; crc: number };

/** Deflates `head`, then `unit` × `times`, then `tail`, streaming: a part of hundreds of MB in a few hundred kB of memory. */
export async function deflateRepeated(head: string, unit: string, times: number, tail: string): Promise<Deflated> {
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on("data", (b: Buffer) => out.push(b));
  const done = new Promise<void>((resolve, reject) => {
    deflate.on("end", resolve);
    deflate.on("error", reject);
  });
  let crc = 0;
  let size = 0;
  const write = async (b: Uint8Array) => {
    crc = crcUpdate(crc, b);
    size += b.length;
    if (!deflate.write(b)) await new Promise((r) => deflate.once("drain", r));
  };
  const enc = new TextEncoder();
  await write(enc.encode(head));
  if (unit !== "" && times > 0) {
    const perBlock = Math.max(1, Math.floor((1 << 20) / unit.length));
    const block = enc.encode(unit.repeat(perBlock));
    let left = times;
    while (left >= perBlock) {
      await write(block);
      left -= perBlock;
    }
    if (left > 0) await write(enc.encode(unit.repeat(left)));
  }
  await write(enc.encode(tail));
  deflate.end();
  await done;
  return { compressed: new Uint8Array(Buffer.concat(out)), size, crc };
}

async function deflateText(text: string): Promise<Deflated> {
  return deflateRepeated(text, "", 0, "");
}

export type ZipEntry = { name: string; part: Deflated; /** The size written in the headers, when it should lie. */ declaredSize?: number };

/** A ZIP archive (deflate, no ZIP64), entries in the order given. */
export function zipArchive(entries: ZipEntry[]): Uint8Array {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, "utf8");
    const size = e.declaredSize ?? e.part.size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x21, 12); // 1 January 1980
    local.writeUInt32LE(e.part.crc, 14);
    local.writeUInt32LE(e.part.compressed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    chunks.push(local, name, Buffer.from(e.part.compressed));
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(0x0800, 8);
    cd.writeUInt16LE(8, 10);
    cd.writeUInt16LE(0, 12);
    cd.writeUInt16LE(0x21, 14);
    cd.writeUInt32LE(e.part.crc, 16);
    cd.writeUInt32LE(e.part.compressed.length, 20);
    cd.writeUInt32LE(size, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(offset, 42);
    central.push(cd, name);
    offset += local.length + name.length + e.part.compressed.length;
  }
  const cdSize = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cdSize, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...chunks, ...central, end]));
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/**
 * The styles Excel writes for these tests: 0 General, 1 a built-in date
 * (numFmtId 14), 2 Vietnamese "mmm-yy" ([$-42A]mmm\-yy;@, a custom format),
 * 3 a number with two decimals.
 */
export const STYLES_XML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet ${NS}><numFmts count="2"><numFmt numFmtId="164" formatCode="[$-42A]mmm\\-yy;@"/><numFmt numFmtId="165" formatCode="#,##0.00&quot; tỷ&quot;"/></numFmts>
<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills>
<borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>
</styleSheet>`;

/** A shared-strings part from its <si> items' inner XML. */
export function sharedStringsXml(items: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst ${NS.split(" ")[0]} count="${items.length}" uniqueCount="${items.length}">${items.map((i) => `<si>${i}</si>`).join("")}</sst>`;
}

/** A worksheet part from its <row> elements' XML. */
export function sheetXml(rows: string): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet ${NS}><dimension ref="A1"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetData>${rows}</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`;
}

/**
 * An XLSX laid out as Excel writes it: content types, relationships, the
 * workbook, the sheet, the theme-less styles, then the shared strings.
 * `sheet` may be a part deflated beforehand (a bomb), `declaredSheetSize` a lie.
 */
export async function excelLikeXlsx(opts: { sheet: string | Deflated; sharedStrings?: string; styles?: string; date1904?: boolean; declaredSheetSize?: number }): Promise<Uint8Array> {
  const parts: ZipEntry[] = [
    { name: "[Content_Types].xml", part: await deflateText(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`) },
    { name: "_rels/.rels", part: await deflateText(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`) },
    { name: "xl/workbook.xml", part: await deflateText(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook ${NS}><workbookPr${opts.date1904 ? ' date1904="1"' : ""} defaultThemeVersion="166925"/><bookViews><workbookView/></bookViews><sheets><sheet name="Số liệu" sheetId="1" r:id="rId1"/></sheets></workbook>`) },
    { name: "xl/_rels/workbook.xml.rels", part: await deflateText(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId3" Type="${REL}/styles" Target="styles.xml"/><Relationship Id="rId4" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`) },
    { name: "xl/worksheets/sheet1.xml", part: typeof opts.sheet === "string" ? await deflateText(opts.sheet) : opts.sheet, declaredSize: opts.declaredSheetSize },
    { name: "xl/styles.xml", part: await deflateText(opts.styles ?? STYLES_XML) },
    { name: "xl/sharedStrings.xml", part: await deflateText(opts.sharedStrings ?? sharedStringsXml([])) },
  ];
  return zipArchive(parts);
}
