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

// An atom is what may not be cut: a character, a surrogate pair, a character
// reference or a tag. The text is read once for the atoms that are not a single
// character of one unit (tags, references, surrogate pairs: "specials"), found by
// the engine's own search (a regular expression, indexOf), not by a loop over
// every character in JavaScript: the read-back of 60 items is split once per
// report, in code the engine has not yet optimised, where a loop per character
// cost ~1 ms. Positions are offsets in the text, always at an atom's start; the
// visible units before an offset are the offset less the characters the
// specials before it hide (a running sum). A part's reach is then found by
// walking the specials, its break by walking back over the line ends in its
// second half (over atoms only when a line is longer than half a part), and the
// elements open at a break by walking the tags.
const CHAR = 0;
const SPACE = 1;
const NEWLINE = 2;
const OPEN = 3;
const CLOSE = 4;

type Scanned = {
  text: string;
  /** The specials, in order: where each starts and ends, its kind and its visible units (tags 0, a reference 1 or 2, a pair 2). */
  at: number[];
  end: number[];
  kind: number[];
  units: number[];
  /** Characters hidden by the specials before special j (their length less their units); hidden[count] is the whole text's. */
  hidden: number[];
  /** The tags (indexes of specials), in order, and their lower-case names (same index). */
  tags: number[];
  tagNames: string[];
  /** Offsets of the line ends (a "\n" outside a tag, or a reference to one), in order. */
  newlines: number[];
  /** Visible length of the whole text, and the tags opened in it. */
  totalUnits: number;
  opens: number;
};

const TAG_NAME = /<\/?\s*([^\s>/]*)/y;

/** The lower-case name of the tag at `i` ("<b>", "</b>", "<a href=…>"), as TAG_NAME reads it. */
function tagName(text: string, i: number): string {
  let j = i + 1;
  if (text.charCodeAt(j) === 0x2f /* / */) j++;
  const from = j;
  let upper = false;
  for (;; j++) {
    const c = text.charCodeAt(j);
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2d) continue;
    if (c >= 0x41 && c <= 0x5a) {
      upper = true;
      continue;
    }
    // The names Telegram knows end here; anything else (spaces before the name, other characters) takes the pattern.
    if (c === 0x3e /* > */ || c === 0x2f /* / */ || (c === 0x20 && j > from)) break;
    TAG_NAME.lastIndex = i;
    return TAG_NAME.exec(text)?.[1]?.toLowerCase() ?? "";
  }
  const name = text.slice(from, j);
  return upper ? name.toLowerCase() : name;
}

const SPECIAL_HTML = /[<&\uD800-\uDBFF]/g;
const SPECIAL_PLAIN = /[\uD800-\uDBFF]/g;

/** The specials of a text (see Scanned), and its line ends. */
function scan(text: string, html: boolean): Scanned {
  const len = text.length;
  const at: number[] = [];
  const end: number[] = [];
  const kind: number[] = [];
  const units: number[] = [];
  const hidden: number[] = [0];
  const tags: number[] = [];
  const tagNames: string[] = [];
  let opens = 0;
  let hiddenSoFar = 0;
  // A "<" after the last ">" opens no tag (and is not searched for again).
  const lastGt = html ? text.lastIndexOf(">") : -1;
  const re = html ? SPECIAL_HTML : SPECIAL_PLAIN;
  re.lastIndex = 0;
  const add = (from: number, to: number, k: number, u: number) => {
    at.push(from);
    end.push(to);
    kind.push(k);
    units.push(u);
    hiddenSoFar += to - from - u;
    hidden.push(hiddenSoFar);
    re.lastIndex = to;
  };
  // (test() rather than exec(): each match is one character, found at lastIndex - 1, and no match object is made.)
  while (re.test(text)) {
    const i = re.lastIndex - 1;
    const c = text.charCodeAt(i);
    if (c === 0x3c /* < */) {
      if (i >= lastGt) continue; // past the last ">", a "<" is text
      const closing = text.charCodeAt(i + 1) === 0x2f; /* / */
      tags.push(at.length);
      tagNames.push(tagName(text, i));
      if (!closing) opens++;
      add(i, text.indexOf(">", i) + 1, closing ? CLOSE : OPEN, 0);
    } else if (c === 0x26 /* & */) {
      const ref = characterReference(text, i);
      if (ref) add(i, ref.end, ref.code === 0x20 ? SPACE : ref.code === 0x0a ? NEWLINE : CHAR, ref.code > 0xffff ? 2 : 1);
    } else if (i + 1 < len && isLowSurrogate(text.charCodeAt(i + 1))) {
      add(i, i + 2, CHAR, 2);
    }
  }
  // The line ends: each "\n" outside a tag, and the references to one, in order.
  const newlines: number[] = [];
  let j = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) {
    while (j < at.length && end[j]! <= i) {
      if (kind[j] === NEWLINE) newlines.push(at[j]!);
      j++;
    }
    if (j < at.length && at[j]! <= i) {
      i = end[j]! - 1; // inside a tag
      continue;
    }
    newlines.push(i);
  }
  for (; j < at.length; j++) if (kind[j] === NEWLINE) newlines.push(at[j]!);
  return { text, at, end, kind, units, hidden, tags, tagNames, newlines, totalUnits: len - hiddenSoFar, opens };
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

/** The first index of the ascending `xs` whose value is at least `x` (xs.length when none). */
function firstAtLeast(xs: number[], x: number): number {
  let l = 0;
  let h = xs.length;
  while (l < h) {
    const m = (l + h) >>> 1;
    if (xs[m]! >= x) h = m;
    else l = m + 1;
  }
  return l;
}

/** Visible units before offset x (an atom's start, or the text's end). */
function unitsBefore(t: Scanned, x: number): number {
  return x - t.hidden[firstAtLeast(t.at, x)]!;
}

/** The kind of the atom at offset x (an atom's start, before the end). */
function kindAt(t: Scanned, x: number): number {
  const j = firstAtLeast(t.at, x);
  if (j < t.at.length && t.at[j] === x) return t.kind[j]!;
  const c = t.text.charCodeAt(x);
  return c === 0x0a ? NEWLINE : c === 0x20 || c === 0x09 ? SPACE : CHAR;
}

/** Where the atom at offset x ends. */
function endAt(t: Scanned, x: number): number {
  const j = firstAtLeast(t.at, x);
  return j < t.at.length && t.at[j] === x ? t.end[j]! : x + 1;
}

/** Where the atom before offset x starts (-1 at the text's start). */
function startBefore(t: Scanned, x: number): number {
  if (x <= 0) return -1;
  const j = firstAtLeast(t.at, x) - 1;
  return j >= 0 && t.end[j] === x ? t.at[j]! : x - 1;
}

const isTag = (k: number) => k === OPEN || k === CLOSE;

/**
 * The length Telegram counts for a message text: UTF-16 code units of the text
 * left after entity parsing (tags removed, character references decoded).
 */
export function visibleLength(text: string, html = true): number {
  if (!html) return text.length;
  return scan(text, true).totalUnits;
}

/** The text a reader sees (tags dropped, references decoded): for tests and for counting. */
export function visibleText(text: string, html = true): string {
  if (!html) return text;
  const t = scan(text, true);
  let out = "";
  let x = 0;
  for (let j = 0; j < t.at.length; j++) {
    out += text.slice(x, t.at[j]);
    if (t.units[j] !== 0 && text.charCodeAt(t.at[j]!) === 0x26) out += String.fromCodePoint(characterReference(text, t.at[j]!)!.code);
    else if (t.units[j] !== 0) out += text.slice(t.at[j], t.end[j]);
    x = t.end[j]!;
  }
  return out + text.slice(x);
}

// Break ranks: higher is a better place to end a part.
const PARAGRAPH = 5;
const BLOCK = 4;
const LINE = 3;
const CLAUSE = 2;
const WORD = 1;
const ANYWHERE = 0;

/**
 * The elements open before each offset, followed forward through the text's
 * tags: the offsets asked for never go back (each part's start, then its end).
 */
class OpenElements {
  /** The opening tags open here (their indexes in Scanned.tags), innermost last. */
  readonly stack: number[] = [];
  /** The next tag to follow (an index in Scanned.tags). */
  private next = 0;
  constructor(private readonly t: Scanned) {}

  /** Moves to just before offset `to` (not before where it stands). */
  advance(to: number): number[] {
    const { tags, tagNames, kind, at } = this.t;
    for (; this.next < tags.length && at[tags[this.next]!]! < to; this.next++) {
      if (kind[tags[this.next]!] === OPEN) this.stack.push(this.next);
      else if (this.stack.length) {
        const name = tagNames[this.next];
        if (name === "" || name === tagNames[this.stack.at(-1)!]) this.stack.pop();
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
 * One search through the text for its specials and line ends; then, per part,
 * a walk over its specials for how far it reaches and a walk back over the
 * line ends in its second half (over its atoms only where no line ends there).
 *
 * @throws RangeError when `limit` is below 2 (an emoji would not fit).
 */
export function splitText(text: string, opts: SplitOptions): string[] {
  checkLimit(opts.limit);
  const t = scan(text, opts.html ?? false);
  if (t.totalUnits <= opts.limit && t.opens <= (opts.maxEntities ?? Infinity)) return isBlank(t, 0, text.length) ? [] : [text];
  return split(t, opts.limit, opts.maxEntities ?? Infinity);
}

/**
 * splitText's parts of a text longer than `limit` (its visible length, as
 * splitText counts it); null when it is not longer, however many elements it
 * opens. One reading of the text for both the question and the split (a sender
 * that would otherwise measure, then split).
 *
 * @throws RangeError when `limit` is below 2.
 */
export function splitIfLonger(text: string, opts: SplitOptions): string[] | null {
  checkLimit(opts.limit);
  const t = scan(text, opts.html ?? false);
  if (t.totalUnits <= opts.limit) return null;
  return split(t, opts.limit, opts.maxEntities ?? Infinity);
}

function checkLimit(limit: number): void {
  if (!(limit >= 2)) throw new RangeError(`limit must be at least 2, got ${limit}`);
}

/**
 * Where a part starting at offset s stops fitting: the offset of its first atom
 * that would take it over `limit` units past `base` (the units before s), or
 * open more than `room` elements; the text's length when none does.
 */
function reach(t: Scanned, s: number, base: number, limit: number, room: number): number {
  if (room < 0) return s;
  const len = t.text.length;
  const most = base + limit;
  let u = base;
  let x = s;
  let left = room;
  for (let j = firstAtLeast(t.at, s); ; j++) {
    const o = j < t.at.length ? t.at[j]! : len;
    // Characters of one unit up to the next special.
    if (u + (o - x) > most) return x + (most - u);
    u += o - x;
    x = o;
    if (x >= len) return len;
    if (u + t.units[j]! > most) return x;
    if (t.kind[j] === OPEN) {
      if (left <= 0) return x;
      left--;
    }
    u += t.units[j]!;
    x = t.end[j]!;
  }
}

function split(t: Scanned, limit: number, maxEntities: number): string[] {
  const { text, newlines } = t;
  const len = text.length;

  /** The rank of a break at the line end at p: a paragraph, a block (the next line is not indented) or a line. */
  const lineRank = (p: number): number => {
    if (p === 0 || kindAt(t, startBefore(t, p)) === NEWLINE) return PARAGRAPH;
    // The next atom a reader sees (tags are not seen).
    let q = endAt(t, p);
    while (q < len && isTag(kindAt(t, q))) q = endAt(t, q);
    if (q >= len) return PARAGRAPH;
    const k = kindAt(t, q);
    return k === NEWLINE ? PARAGRAPH : k === SPACE ? LINE : BLOCK;
  };
  /** The rank of a break at the space at p: after a comma, semicolon, colon or full stop (between the items of a list written on one line), or a word. */
  const spaceRank = (p: number): number => {
    let q = startBefore(t, p);
    while (q >= 0 && isTag(kindAt(t, q))) q = startBefore(t, q);
    if (q < 0 || endAt(t, q) - q !== 1) return WORD;
    const c = text.charCodeAt(q);
    return c === 0x2c || c === 0x3b || c === 0x2e || c === 0x3a ? CLAUSE : WORD;
  };

  const open = new OpenElements(t);
  const parts: string[] = [];
  // The furthest break of each rank in the part being made that keeps it at least half full.
  const best = [-1, -1, -1, -1, -1, -1];
  let s = 0;
  while (s < len) {
    while (s < len && kindAt(t, s) === NEWLINE) s = endAt(t, s); // a part never starts with an empty line
    if (s >= len) break;
    const openAtStart = open.advance(s).slice();
    const base = unitsBefore(t, s);
    const e = reach(t, s, base, limit, maxEntities - openAtStart.length);
    let end = e;
    let skip = false;
    if (e < len) {
      // Take the best break in (s, e] that keeps the part at least half full; else the furthest anywhere.
      const full = (p: number) => (unitsBefore(t, p) - base) * 2 >= limit;
      best.fill(-1);
      for (let k = firstAtLeast(newlines, e + 1) - 1; k >= 0 && newlines[k]! > s && full(newlines[k]!); k--) {
        const p = newlines[k]!;
        const r = lineRank(p);
        if (best[r] === -1) best[r] = p;
        if (r === PARAGRAPH) break;
      }
      end = best[PARAGRAPH] !== -1 ? best[PARAGRAPH]! : best[BLOCK] !== -1 ? best[BLOCK]! : best[LINE]!;
      if (end === -1) {
        for (let p = e; p > s && full(p); p = startBefore(t, p)) {
          if (kindAt(t, p) !== SPACE) continue;
          const r = spaceRank(p);
          if (best[r] === -1) best[r] = p;
          if (r === CLAUSE) break;
        }
        end = best[CLAUSE] !== -1 ? best[CLAUSE]! : best[WORD]!;
      }
      if (end === -1) {
        for (let p = e; p > s; p = startBefore(t, p)) {
          const k = kindAt(t, p);
          if (k !== SPACE && k !== NEWLINE) {
            end = p;
            break;
          }
        }
      }
      if (end === -1) end = e > s ? e : endAt(t, s);
      // Tags at the break go with the text they belong to: closing ones stay
      // in this part, opening ones start the next (no empty elements).
      while (end < len && kindAt(t, end) === CLOSE) end = endAt(t, end);
      for (let before = startBefore(t, end); before > s && kindAt(t, before) === OPEN; before = startBefore(t, end)) end = before;
      // A break at a line end or a space drops that character.
      if (end < len) {
        const k = kindAt(t, end);
        skip = k === NEWLINE || k === SPACE;
      }
    }
    if (!isBlank(t, s, end)) parts.push(render(t, openAtStart, open.advance(end), s, end));
    s = skip ? endAt(t, end) : end;
  }
  return parts;
}

/** Whether the atoms from offset s to e hold nothing but spaces, line ends and tags. */
function isBlank(t: Scanned, s: number, e: number): boolean {
  let j = firstAtLeast(t.at, s);
  for (let x = s; x < e; ) {
    if (j < t.at.length && t.at[j] === x) {
      if (t.kind[j] === CHAR) return false;
      x = t.end[j++]!;
      continue;
    }
    const c = t.text.charCodeAt(x);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a) return false;
    x++;
  }
  return true;
}

/** The part from offset s to e on its own: the elements open at s (`before`, indexes in Scanned.tags) reopened, those open at e (`after`) closed. */
function render(t: Scanned, before: number[], after: number[], s: number, e: number): string {
  let out = "";
  for (const k of before) out += t.text.slice(t.at[t.tags[k]!]!, t.end[t.tags[k]!]!);
  out += t.text.slice(s, e);
  for (let i = after.length - 1; i >= 0; i--) out += `</${t.tagNames[after[i]!]!}>`;
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
