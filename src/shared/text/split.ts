// Long texts cut into parts that a messenger accepts: Telegram takes 4,096
// characters per message, Zalo 2,000. A plain function of a text and a limit,
// with no messenger library behind it.
//
// The rules, in order of preference:
//  - a part ends at a paragraph (a blank line), else where a line begins that is
//    not indented (an indented line belongs to the line above it, like the hints
//    under an item), else at any line end, else at a space after a comma,
//    semicolon, colon or full stop (between the items of a list on one line),
//    else at any space, else between two characters; a break point is taken
//    when it keeps the part at least half full;
//  - with `html`, the text is Telegram's HTML: tags and character references
//    ("&amp;", "&#128512;") count as the text they stand for and are never cut;
//    an element left open at the end of a part is closed there and opened again
//    at the start of the next one, so every part is well formed on its own;
//  - length is counted as Telegram counts it: UTF-16 code units of the text left
//    after entity parsing (an emoji outside the BMP counts 2), and a surrogate
//    pair is never cut; `maxEntities` caps the formatting elements in a part
//    (Telegram ignores those after the 100th);
//  - parts that would hold only whitespace are left out.
//
// Telegram's HTML rules followed here are those of tdlib's parse_html
// (td/telegram/MessageEntity.cpp): "&lt;", "&gt;", "&amp;", "&quot;" and numeric
// references are decoded, the ";" being optional; any other "&" is literal text.

export type SplitOptions = {
  /** Most characters in a part, counted in UTF-16 code units of the visible text (Telegram: 4096). */
  limit: number;
  /** The text is Telegram HTML (parse_mode "HTML"). Default false: plain text. */
  html?: boolean;
  /** Most formatting elements (HTML tags opened) in a part, reopened ones included. Default: no cap. */
  maxEntities?: number;
};

// The text is read once into atoms (a character, a character reference or a tag,
// none of which may be cut), kept as parallel typed arrays of offsets, lengths
// and kinds: no object per character, and a part is a slice of the text.
const CHAR = 0;
const SPACE = 1;
const NEWLINE = 2;
const OPEN = 3;
const CLOSE = 4;

type Atoms = {
  text: string;
  /** Atoms in the text. */
  n: number;
  /** Where atom k starts in the text; start[n] is the text's length. */
  start: Int32Array;
  /** Visible length of atom k in UTF-16 code units (0 for tags, 2 for an emoji outside the BMP). */
  units: Uint8Array;
  kind: Uint8Array;
  /** Lower-case tag names, by atom. */
  names: Map<number, string>;
  /** Visible length of the whole text, and the tags opened in it. */
  totalUnits: number;
  opens: number;
};

const TAG_NAME = /<\/?\s*([^\s>/]*)/y;

/** The atoms of a text: characters, character references and tags, none of which may be cut. */
function atomsOf(text: string, html: boolean): Atoms {
  const len = text.length;
  const start = new Int32Array(len + 1);
  const units = new Uint8Array(len);
  const kind = new Uint8Array(len);
  const names = new Map<number, string>();
  // A "<" after the last ">" opens no tag (and is not searched for again).
  const lastGt = html ? text.lastIndexOf(">") : -1;
  let n = 0;
  let totalUnits = 0;
  let opens = 0;
  let i = 0;
  while (i < len) {
    const c = text.charCodeAt(i);
    start[n] = i;
    if (c === 0x3c /* < */ && i < lastGt) {
      const end = text.indexOf(">", i);
      TAG_NAME.lastIndex = i;
      names.set(n, TAG_NAME.exec(text)?.[1]?.toLowerCase() ?? "");
      const closing = text.charCodeAt(i + 1) === 0x2f; /* / */
      kind[n] = closing ? CLOSE : OPEN;
      if (!closing) opens++;
      n++;
      i = end + 1;
      continue;
    }
    if (html && c === 0x26 /* & */) {
      const ref = characterReference(text, i);
      if (ref) {
        const u = ref.code > 0xffff ? 2 : 1;
        units[n] = u;
        kind[n] = ref.code === 0x20 ? SPACE : ref.code === 0x0a ? NEWLINE : CHAR;
        totalUnits += u;
        n++;
        i = ref.end;
        continue;
      }
    }
    // A surrogate pair is one atom of two units; a lone surrogate one of one.
    const u = c >= 0xd800 && c <= 0xdbff && i + 1 < len && isLowSurrogate(text.charCodeAt(i + 1)) ? 2 : 1;
    units[n] = u;
    kind[n] = c === 0x0a ? NEWLINE : c === 0x20 || c === 0x09 ? SPACE : CHAR;
    totalUnits += u;
    n++;
    i += u;
  }
  start[n] = len;
  return { text, n, start, units, kind, names, totalUnits, opens };
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function hexValue(c: number): number {
  if (isDigit(c)) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

function isLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/** A character reference at `pos` as Telegram decodes it, or null when Telegram leaves the "&" as text. */
function characterReference(text: string, pos: number): { code: number; end: number } | null {
  let end = pos + 1;
  let code = 0;
  if (text.charCodeAt(end) === 0x23 /* # */) {
    end++;
    if (text.charCodeAt(end) === 0x78 /* x */) {
      end++;
      for (let h = hexValue(text.charCodeAt(end)); h >= 0 && end < text.length; h = hexValue(text.charCodeAt(++end))) code = code * 16 + h;
    } else {
      while (end < text.length && isDigit(text.charCodeAt(end))) code = code * 10 + (text.charCodeAt(end++) - 0x30);
    }
    if (code === 0 || code >= 0x10ffff || end - pos >= 10) return null;
  } else {
    const from = end;
    while (end < text.length && isLetter(text.charCodeAt(end))) end++;
    code = namedReference(text.slice(from, end));
    if (code === 0) return null;
  }
  if (text.charCodeAt(end) === 0x3b /* ; */) end++;
  return { code, end };
}

/** The named references Telegram decodes; 0 for any other name. */
function namedReference(name: string): number {
  switch (name) {
    case "lt":
      return 60;
    case "gt":
      return 62;
    case "amp":
      return 38;
    case "quot":
      return 34;
    default:
      return 0;
  }
}

/**
 * The length Telegram counts for a message text: UTF-16 code units of the text
 * left after entity parsing (tags removed, character references decoded).
 */
export function visibleLength(text: string, html = true): number {
  if (!html) return text.length;
  const lastGt = text.lastIndexOf(">");
  let n = 0;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x3c && i < lastGt) {
      i = text.indexOf(">", i) + 1;
      continue;
    }
    if (c === 0x26) {
      const ref = characterReference(text, i);
      if (ref) {
        n += ref.code > 0xffff ? 2 : 1;
        i = ref.end;
        continue;
      }
    }
    n++;
    i++;
  }
  return n;
}

/** The text a reader sees (tags dropped, references decoded): for tests and for counting. */
export function visibleText(text: string, html = true): string {
  if (!html) return text;
  const a = atomsOf(text, true);
  let out = "";
  for (let k = 0; k < a.n; k++) {
    if (a.kind[k] === OPEN || a.kind[k] === CLOSE) continue;
    const at = a.start[k]!;
    out += text.charCodeAt(at) === 0x26 && a.start[k + 1]! - at > 1 ? String.fromCodePoint(characterReference(text, at)!.code) : text.slice(at, a.start[k + 1]);
  }
  return out;
}

// Break ranks: higher is a better place to end a part.
const PARAGRAPH = 5;
const BLOCK = 4;
const LINE = 3;
const CLAUSE = 2;
const WORD = 1;
const ANYWHERE = 0;

/**
 * The elements open before each atom, followed forward through the text: the
 * positions asked for never go back (each part's start, then its end).
 */
class OpenElements {
  /** The opening tags' atoms, innermost last. */
  readonly stack: number[] = [];
  private at = 0;
  constructor(private readonly a: Atoms) {}

  /** Moves to just before atom `to` (not before where it stands). */
  advance(to: number): number[] {
    const { kind, names } = this.a;
    for (; this.at < to; this.at++) {
      const k = kind[this.at];
      if (k === OPEN) this.stack.push(this.at);
      else if (k === CLOSE && this.stack.length) {
        const name = names.get(this.at);
        if (name === "" || name === names.get(this.stack.at(-1)!)) this.stack.pop();
      }
    }
    return this.stack;
  }
}

/**
 * Splits a text into parts of at most `limit` characters (see the rules at the
 * top of this file). A text that fits is returned as it is, in a list of one;
 * an empty or blank text gives an empty list.
 *
 * Linear in the text's length: one pass to read it, one over each part.
 *
 * @throws RangeError when `limit` is below 2 (an emoji would not fit).
 */
export function splitText(text: string, opts: SplitOptions): string[] {
  const { limit } = opts;
  const html = opts.html ?? false;
  const maxEntities = opts.maxEntities ?? Infinity;
  if (!(limit >= 2)) throw new RangeError(`limit must be at least 2, got ${limit}`);
  const a = atomsOf(text, html);
  const { n, kind, units, start } = a;

  if (a.totalUnits <= limit && a.opens <= maxEntities) return isBlank(a, 0, n) ? [] : [text];

  const rank = (p: number): number => {
    const k = kind[p];
    if (k === NEWLINE) {
      if (p === 0 || kind[p - 1] === NEWLINE) return PARAGRAPH;
      // The next atom a reader sees (tags are not seen).
      let q = p + 1;
      while (q < n && units[q] === 0) q++;
      if (q >= n || kind[q] === NEWLINE) return PARAGRAPH;
      return kind[q] === SPACE ? LINE : BLOCK;
    }
    if (k !== SPACE) return ANYWHERE;
    // After a comma, semicolon, colon or full stop: between the items of a list written on one line.
    let q = p - 1;
    while (q >= 0 && units[q] === 0) q--;
    if (q < 0 || start[q + 1]! - start[q]! !== 1) return WORD;
    const c = text.charCodeAt(start[q]!);
    return c === 0x2c || c === 0x3b || c === 0x2e || c === 0x3a ? CLAUSE : WORD;
  };

  const open = new OpenElements(a);
  const parts: string[] = [];
  // The furthest break of each rank in the part being made, and the units before it.
  const best = new Int32Array(6);
  const bestUnits = new Float64Array(6);
  let s = 0;
  while (s < n) {
    while (s < n && kind[s] === NEWLINE) s++; // a part never starts with an empty line
    if (s >= n) break;
    const openAtStart = open.advance(s).slice();
    // Reach as far as the limits allow, noting the furthest break of each rank.
    let used = 0;
    let entities = openAtStart.length;
    best.fill(-1);
    let e = s;
    for (; e < n; e++) {
      if (e > s) {
        const k = kind[e]!;
        const r = k === SPACE || k === NEWLINE ? rank(e) : ANYWHERE; // a character or a tag: anywhere
        best[r] = e;
        bestUnits[r] = used;
      }
      const opening = kind[e] === OPEN ? 1 : 0;
      if (used + units[e]! > limit || entities + opening > maxEntities) break;
      used += units[e]!;
      entities += opening;
    }
    let end = e;
    let skip = 0;
    if (e < n) {
      // Take the best break that keeps the part at least half full; else the furthest.
      end = -1;
      for (let r = PARAGRAPH; r >= ANYWHERE && end === -1; r--) {
        if (best[r]! > s && (bestUnits[r]! * 2 >= limit || r === ANYWHERE)) end = best[r]!;
      }
      if (end === -1) end = Math.max(e, s + 1);
      // Tags at the break go with the text they belong to: closing ones stay
      // in this part, opening ones start the next (no empty elements).
      while (end < n && kind[end] === CLOSE) end++;
      while (end - 1 > s && kind[end - 1] === OPEN) end--;
      // A break at a line end or a space drops that character.
      if (end < n && (kind[end] === NEWLINE || kind[end] === SPACE)) skip = 1;
    }
    if (!isBlank(a, s, end)) parts.push(render(a, openAtStart, open.advance(end), s, end));
    s = end + skip;
  }
  return parts;
}

function isBlank(a: Atoms, s: number, e: number): boolean {
  for (let k = s; k < e; k++) if (a.kind[k] === CHAR) return false;
  return true;
}

/** The part [s, e) on its own: the elements open at s (`before`) reopened, those open at e (`after`) closed. */
function render(a: Atoms, before: number[], after: number[], s: number, e: number): string {
  let out = "";
  for (const k of before) out += a.text.slice(a.start[k]!, a.start[k + 1]!);
  out += a.text.slice(a.start[s]!, a.start[e]!);
  for (let i = after.length - 1; i >= 0; i--) out += `</${a.names.get(after[i]!)!}>`;
  return out;
}

/**
 * As many of `items` as fit in `limit` characters (counted as splitText
 * counts), joined by `separator`, then `more(n)` for the n left out: a list
 * shortened to fit a message that must stay one (an edited one, say).
 */
export function joinWithin(items: string[], limit: number, opts: { more: (left: number) => string; separator?: string; html?: boolean }): string {
  const sep = opts.separator ?? ", ";
  const html = opts.html ?? true;
  const all = items.join(sep);
  if (visibleLength(all, html) <= limit) return all;
  let used = 0;
  let shown = 0;
  for (const item of items) {
    const cost = visibleLength(item, html) + (shown ? visibleLength(sep, html) : 0);
    // Leave room for the tail saying how many are left out.
    if (used + cost + visibleLength(`${sep}${opts.more(items.length - shown - 1)}`, html) > limit) break;
    used += cost;
    shown++;
  }
  const tail = opts.more(items.length - shown);
  return shown ? `${items.slice(0, shown).join(sep)}${sep}${tail}` : tail;
}
