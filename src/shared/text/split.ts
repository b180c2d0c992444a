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

type Atom = {
  raw: string;
  /** Visible length in UTF-16 code units (0 for tags). */
  units: number;
  kind: "char" | "space" | "newline" | "open" | "close";
  /** Lower-case tag name, for tags. */
  name?: string;
};

/** The atoms of a text: characters, character references and tags, none of which may be cut. */
function atomsOf(text: string, html: boolean): Atom[] {
  const out: Atom[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (html && ch === "<") {
      const end = text.indexOf(">", i);
      if (end !== -1) {
        const raw = text.slice(i, end + 1);
        const closing = raw[1] === "/";
        const name = /^<\/?\s*([^\s>/]*)/.exec(raw)?.[1]?.toLowerCase() ?? "";
        out.push({ raw, units: 0, kind: closing ? "close" : "open", name });
        i = end + 1;
        continue;
      }
    }
    if (html && ch === "&") {
      const ref = characterReference(text, i);
      if (ref) {
        out.push({ raw: text.slice(i, ref.end), units: ref.code > 0xffff ? 2 : 1, kind: ref.code === 0x20 ? "space" : ref.code === 0x0a ? "newline" : "char" });
        i = ref.end;
        continue;
      }
    }
    const cp = text.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    out.push({ raw: text.slice(i, i + width), units: width, kind: ch === "\n" ? "newline" : ch === " " || ch === "\t" ? "space" : "char" });
    i += width;
  }
  return out;
}

/** A character reference at `pos` as Telegram decodes it, or null when Telegram leaves the "&" as text. */
function characterReference(text: string, pos: number): { code: number; end: number } | null {
  let end = pos + 1;
  let code = 0;
  if (text[end] === "#") {
    end++;
    if (text[end] === "x") {
      end++;
      while (end < text.length && /[0-9a-fA-F]/.test(text[end]!)) code = code * 16 + Number.parseInt(text[end++]!, 16);
    } else {
      while (end < text.length && /[0-9]/.test(text[end]!)) code = code * 10 + Number(text[end++]);
    }
    if (code === 0 || code >= 0x10ffff || end - pos >= 10) return null;
  } else {
    const start = end;
    while (end < text.length && /[A-Za-z]/.test(text[end]!)) end++;
    code = ({ lt: 60, gt: 62, amp: 38, quot: 34 } as Record<string, number>)[text.slice(start, end)] ?? 0;
    if (code === 0) return null;
  }
  if (text[end] === ";") end++;
  return { code, end };
}

/**
 * The length Telegram counts for a message text: UTF-16 code units of the text
 * left after entity parsing (tags removed, character references decoded).
 */
export function visibleLength(text: string, html = true): number {
  if (!html) return text.length;
  let n = 0;
  for (const a of atomsOf(text, true)) n += a.units;
  return n;
}

/** The text a reader sees (tags dropped, references decoded): for tests and for counting. */
export function visibleText(text: string, html = true): string {
  if (!html) return text;
  return atomsOf(text, true)
    .filter((a) => a.kind !== "open" && a.kind !== "close")
    .map((a) => (a.raw.startsWith("&") ? String.fromCodePoint(characterReference(a.raw, 0)!.code) : a.raw))
    .join("");
}

// Break ranks: higher is a better place to end a part.
const PARAGRAPH = 5;
const BLOCK = 4;
const LINE = 3;
const CLAUSE = 2;
const WORD = 1;
const ANYWHERE = 0;

/**
 * Splits a text into parts of at most `limit` characters (see the rules at the
 * top of this file). A text that fits is returned as it is, in a list of one;
 * an empty or blank text gives an empty list.
 *
 * @throws RangeError when `limit` is below 2 (an emoji would not fit).
 */
export function splitText(text: string, opts: SplitOptions): string[] {
  const { limit } = opts;
  const html = opts.html ?? false;
  const maxEntities = opts.maxEntities ?? Infinity;
  if (!(limit >= 2)) throw new RangeError(`limit must be at least 2, got ${limit}`);
  const atoms = atomsOf(text, html);
  const n = atoms.length;

  // Open elements before each atom (a stack of the opening tags' indexes).
  const stacks: number[][] = new Array<number[]>(n + 1);
  let stack: number[] = [];
  for (let k = 0; k < n; k++) {
    stacks[k] = stack;
    const a = atoms[k]!;
    if (a.kind === "open") stack = [...stack, k];
    else if (a.kind === "close" && stack.length) {
      const top = atoms[stack.at(-1)!]!;
      if (a.name === "" || a.name === top.name) stack = stack.slice(0, -1);
    }
  }
  stacks[n] = stack;

  const wholeUnits = atoms.reduce((s, a) => s + a.units, 0);
  const wholeEntities = atoms.filter((a) => a.kind === "open").length;
  if (wholeUnits <= limit && wholeEntities <= maxEntities) return isBlank(atoms, 0, n) ? [] : [text];

  const rank = (p: number): number => {
    const a = atoms[p]!;
    if (a.kind === "newline") {
      const prevBlank = p === 0 || atoms[p - 1]!.kind === "newline";
      const next = firstVisible(atoms, p + 1);
      if (prevBlank || next === undefined || next.kind === "newline") return PARAGRAPH;
      return next.kind === "space" ? LINE : BLOCK;
    }
    if (a.kind !== "space") return ANYWHERE;
    // After a comma, semicolon or full stop: between the items of a list written on one line.
    let k = p - 1;
    while (k >= 0 && atoms[k]!.units === 0) k--;
    return k >= 0 && /^[,;.:]$/.test(atoms[k]!.raw) ? CLAUSE : WORD;
  };

  const parts: string[] = [];
  let s = 0;
  while (s < n) {
    while (s < n && atoms[s]!.kind === "newline") s++; // a part never starts with an empty line
    if (s >= n) break;
    // Reach as far as the limits allow, noting the furthest break of each rank.
    let units = 0;
    let entities = stacks[s]!.length;
    const best = [-1, -1, -1, -1, -1, -1];
    let e = s;
    for (; e < n; e++) {
      const a = atoms[e]!;
      if (e > s) best[rank(e)] = e;
      if (units + a.units > limit || entities + (a.kind === "open" ? 1 : 0) > maxEntities) break;
      units += a.units;
      if (a.kind === "open") entities++;
    }
    let end = e;
    let skip = 0;
    if (e < n) {
      // Take the best break that keeps the part at least half full; else the furthest.
      const half = (p: number) => unitsBetween(atoms, s, p) * 2 >= limit;
      end = -1;
      for (let r = PARAGRAPH; r >= ANYWHERE && end === -1; r--) {
        if (best[r]! > s && (half(best[r]!) || r === ANYWHERE)) end = best[r]!;
      }
      if (end === -1) end = Math.max(e, s + 1);
      // Tags at the break go with the text they belong to: closing ones stay
      // in this part, opening ones start the next (no empty elements).
      while (end < n && atoms[end]!.kind === "close") end++;
      while (end - 1 > s && atoms[end - 1]!.kind === "open") end--;
      // A break at a line end or a space drops that character.
      if (end < n && (atoms[end]!.kind === "newline" || atoms[end]!.kind === "space")) skip = 1;
    }
    if (!isBlank(atoms, s, end)) parts.push(render(atoms, stacks, s, end));
    s = end + skip;
  }
  return parts;
}

function firstVisible(atoms: Atom[], from: number): Atom | undefined {
  for (let k = from; k < atoms.length; k++) if (atoms[k]!.units > 0 || atoms[k]!.kind === "newline") return atoms[k];
  return undefined;
}

function unitsBetween(atoms: Atom[], s: number, e: number): number {
  let u = 0;
  for (let k = s; k < e; k++) u += atoms[k]!.units;
  return u;
}

function isBlank(atoms: Atom[], s: number, e: number): boolean {
  for (let k = s; k < e; k++) if (atoms[k]!.kind === "char") return false;
  return true;
}

/** The part [s, e) on its own: elements open at s reopened, those open at e closed. */
function render(atoms: Atom[], stacks: number[][], s: number, e: number): string {
  const reopen = stacks[s]!.map((k) => atoms[k]!.raw).join("");
  let body = "";
  for (let k = s; k < e; k++) body += atoms[k]!.raw;
  const close = [...stacks[e]!].reverse().map((k) => `</${atoms[k]!.name}>`).join("");
  return reopen + body + close;
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
