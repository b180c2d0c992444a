// Reading a .docx the way a test needs it: the parts unzipped, the paragraphs
// of word/document.xml in order with their runs and what each run looks like
// (font, size, bold, italics, highlight), the tables as rows of cell texts, and
// the sections' page size and margins.
import JSZip from "jszip";

export type Run = { text: string; font: string | null; size: number | null; bold: boolean; italics: boolean; highlight: string | null };
export type Para = { text: string; runs: Run[]; align: string | null; topBorder: boolean; firstLineIndent: number | null };
export type Section = { width: number; height: number; orient: string | null; margin: { top: number; bottom: number; left: number; right: number }; titlePage: boolean };
export type Docx = {
  xml: string;
  styles: string;
  headers: string[];
  paragraphs: Para[];
  /** Each table (nested ones too, in document order) as rows of cell texts (a cell's paragraphs joined by "\n"). */
  tables: string[][][];
  sections: Section[];
  /** One line per paragraph. */
  text: string;
};

function decode(s: string): string {
  return s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");
}

/** An on/off property: present without w:val, or with a true value. */
function flag(rPr: string, tag: string): boolean {
  const m = new RegExp(`<w:${tag}(?:\\s+w:val="([^"]*)")?\\s*/>`).exec(rPr);
  return m !== null && (m[1] === undefined || m[1] === "true" || m[1] === "1");
}

function attr(xml: string, tag: string, name: string): string | null {
  return new RegExp(`<w:${tag}\\b[^>]*\\bw:${name}="([^"]*)"`).exec(xml)?.[1] ?? null;
}

function paragraphsOf(xml: string): Para[] {
  return [...xml.matchAll(/<w:p\b[^>]*>([\s\S]*?)<\/w:p>/g)].map((p) => {
    const inner = p[1]!;
    const pPr = /<w:pPr>([\s\S]*?)<\/w:pPr>/.exec(inner)?.[1] ?? "";
    const runs = [...inner.matchAll(/<w:r>([\s\S]*?)<\/w:r>/g)].map((r) => {
      const rPr = /<w:rPr>([\s\S]*?)<\/w:rPr>/.exec(r[1]!)?.[1] ?? "";
      const size = attr(rPr, "sz", "val");
      return {
        text: [...r[1]!.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((t) => decode(t[1]!)).join(""),
        font: attr(rPr, "rFonts", "ascii"),
        size: size === null ? null : Number(size),
        bold: flag(rPr, "b"),
        italics: flag(rPr, "i"),
        highlight: attr(rPr, "highlight", "val"),
      };
    });
    const indent = attr(pPr, "ind", "firstLine");
    return {
      text: runs.map((r) => r.text).join(""),
      runs,
      align: attr(pPr, "jc", "val"),
      topBorder: /<w:pBdr>[\s\S]*?<w:top\b/.test(pPr),
      firstLineIndent: indent === null ? null : Number(indent),
    };
  });
}

/** The tables of the document, innermost text only (a cell's nested table is its own entry). */
function tablesOf(xml: string): string[][][] {
  const out: string[][][] = [];
  for (const t of xml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)) {
    out.push(
      [...t[1]!.matchAll(/<w:tr\b[^>]*>([\s\S]*?)<\/w:tr>/g)].map((r) =>
        [...r[1]!.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((c) => paragraphsOf(c[1]!).map((p) => p.text).join("\n")),
      ),
    );
  }
  return out;
}

function sectionsOf(xml: string): Section[] {
  return [...xml.matchAll(/<w:sectPr\b[^>]*>([\s\S]*?)<\/w:sectPr>/g)].map((s) => {
    const x = s[1]!;
    const n = (tag: string, name: string) => Number(attr(x, tag, name));
    return {
      width: n("pgSz", "w"), height: n("pgSz", "h"), orient: attr(x, "pgSz", "orient"),
      margin: { top: n("pgMar", "top"), bottom: n("pgMar", "bottom"), left: n("pgMar", "left"), right: n("pgMar", "right") },
      titlePage: /<w:titlePg\s*\/>/.test(x),
    };
  });
}

export async function readDocx(bytes: Uint8Array): Promise<Docx> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file("word/document.xml")!.async("string");
  const styles = await zip.file("word/styles.xml")!.async("string");
  const headers = await Promise.all(zip.file(/^word\/header\d+\.xml$/).map((f) => f.async("string")));
  const paragraphs = paragraphsOf(xml);
  return { xml, styles, headers, paragraphs, tables: tablesOf(xml), sections: sectionsOf(xml), text: paragraphs.map((p) => p.text).join("\n") };
}

/** Twips in millimetres. */
export const toMm = (twips: number) => (twips * 25.4) / 1440;
