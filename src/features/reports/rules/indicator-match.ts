// Which indicator a label names, as people write labels: "Dự án FDI cấp mới",
// "von FDI", "LĐ", "cấp mới dự án FDI", "Vốn ĐK FDI (tr USD)", "New FDI projects",
// "fdi_new". Used by paste mode (reports.ts).
//
// The rules, in order:
//  1. Text is compared folded (text.ts: no diacritics, lower case), word by word;
//     punctuation, spacing, word order, numbering ("3.", "a)") and filler words
//     ("của", "các", "số", "of", "the") do not matter.
//  2. Words and abbreviations are read through the bloc's vocabulary below (data:
//     "KCN" = "khu công nghiệp", "LĐ" = "lao động", "ĐT" = "đầu tư" or "doanh thu"),
//     the same way for the labels and for the indicators' names, so that either
//     side may use either form. English plurals count as the singular.
//  3. Each indicator is scored against the label: how many of the label's words
//     its names (Vietnamese, English, the bloc file's aliases, its code) and its
//     unit do not explain, and whether one of its names is written out whole in
//     the label. A label whose words are mostly explained by no indicator names none.
//  4. The best indicator wins only if it is better than every other; indicators
//     that match equally well are all returned, to be asked about, never guessed.
import { foldedWords } from "../../../shared/bloc/text.js";
import { UNITS, type UnitCode } from "../../../shared/bloc/units.js";

/** What the matcher reads of an indicator (reports.ts's IndicatorDef has it). */
export type NamedIndicator = { code: string; nameVi: string; nameEn: string; aliases: readonly string[]; unit: UnitCode };

export type IndicatorMatch<T> =
  /** One indicator matches better than every other. */
  | { kind: "one"; indicator: T }
  /** Several match equally well (in catalogue order): ask which one was meant. */
  | { kind: "several"; candidates: T[] }
  | { kind: "none" };

/**
 * The bloc's vocabulary for indicator names: each key is what a word or phrase
 * means (the words the matcher compares; "a + b" is two words), each value the
 * ways people write it. Everything is folded (no diacritics, lower case) and
 * English in the singular. A key of "" marks filler words, which are dropped.
 * A form listed under two keys of one word each ("dt") may mean either.
 */
export const INDICATOR_VOCABULARY: Readonly<Record<string, readonly string[]>> = {
  // Who invested: foreign (FDI) or domestic (DDI) investors.
  fdi: [
    "dau tu truc tiep nuoc ngoai", "truc tiep nuoc ngoai", "dau tu nuoc ngoai", "dtnn", "co von dau tu nuoc ngoai", "co von dtnn", "co von nuoc ngoai", "nuoc ngoai",
    "foreign direct investment", "foreign invested", "foreign",
  ],
  ddi: ["dau tu truc tiep trong nuoc", "dau tu trong nuoc", "dttn", "trong nuoc", "domestic direct investment", "domestic invested", "domestic"],
  // Zones.
  kcn: ["khu cong nghiep", "industrial zone", "industrial park", "iz"],
  kcx: ["khu che xuat", "export processing zone", "epz"],
  kkt: ["khu kinh te", "economic zone", "ez"],
  "hoat dong": ["operating", "in operation", "operation", "operational"],
  // Projects and their licences.
  "du an": ["da", "project"],
  "giay chung nhan": ["gcn", "giay cn", "giay phep", "certificate"],
  "giay chung nhan + dang ky + dau tu": ["gcndkdt", "gcn dkdt", "irc", "investment registration certificate"],
  "dang ky + dau tu": ["dkdt"],
  "dang ky": ["dk", "registered", "registration"],
  "dau tu": ["dt", "investment", "invest"],
  "cap + moi": ["cm", "newly licensed", "new licence", "new license"],
  moi: ["new", "newly"],
  "dieu chinh": ["dc", "adjustment", "adjust", "adjusted", "amendment", "amended"],
  // Money.
  von: ["capital"],
  "tang them": ["added", "additional"],
  "doanh thu": ["dt", "revenue", "turnover", "sale"],
  "ngan sach": ["ns", "nsnn", "ngan sach nha nuoc", "state budget", "budget"],
  nop: ["payment", "paid", "pay", "contribution"],
  // Firms and people.
  "doanh nghiep": ["dn", "firm", "company", "enterprise", "business"],
  "lao dong": ["ld", "nguoi lao dong", "worker", "labour", "labor", "employee", "employment", "job"],
  // Unit words (an indicator's unit explains them: "Vốn FDI (tr USD)").
  trieu: ["tr", "million", "mil", "mn"],
  ty: ["ti", "billion", "bn"],
  nghin: ["thousand"],
  dong: ["d", "vnd"],
  usd: ["us", "do la", "dollar"],
  nguoi: ["people", "person"],
  luot: ["time"],
  ha: ["hectare"],
  // Filler.
  "": [
    "cua", "cac", "nhung", "va", "trong", "tai", "voi", "so", "la", "duoc", "di vao", "thang", "nam", "ky", "bao cao", "chi tieu",
    "dvt", "don vi tinh", "don vi", "so luong", "tong", "tong so", "thu hut",
    "of", "the", "and", "in", "at", "a", "an", "for", "by", "number", "no", "month", "year", "unit", "total", "amount", "attracted",
  ],
};

/**
 * Words dropped before folding, because folded they would read as an abbreviation:
 * "đã" (already) is not "DA" (dự án): "Số KCN đã đi vào hoạt động".
 */
const FILLER_BEFORE_FOLDING = new Set(["đã"]);

/** A label's folded words, without the words of FILLER_BEFORE_FOLDING. */
function labelWords(label: string): string[] {
  const words = label.normalize("NFC").toLowerCase().match(/[\p{L}\p{M}\p{N}]+|%/gu) ?? [];
  return words.filter((w) => !FILLER_BEFORE_FOLDING.has(w)).flatMap(foldedWords);
}

/** An English plural read as its singular ("projects" → "project"); folded Vietnamese words never end in "s". */
function singular(word: string): string {
  return word.length > 3 && word.endsWith("s") && !word.endsWith("ss") ? word.slice(0, -1) : word;
}

/** One word of a label as the matcher compares it: its meanings (usually one; "dt" has two). */
type Word = readonly string[];

type Vocabulary = { forms: Map<string, Word[]>; longest: number };

function buildVocabulary(data: Readonly<Record<string, readonly string[]>>): Vocabulary {
  const forms = new Map<string, Word[]>();
  const add = (form: string, meaning: Word[]) => {
    const key = form.split(" ").map(singular).join(" ");
    const known = forms.get(key);
    if (!known) return forms.set(key, meaning);
    if (known.length > 1 || meaning.length > 1) throw new Error(`vocabulary: "${form}" has two meanings of several words`);
    const merged = [...new Set([...(known[0] ?? []), ...(meaning[0] ?? [])])];
    forms.set(key, merged.length ? [merged] : []);
  };
  for (const [key, list] of Object.entries(data)) {
    const meaning: Word[] = key === "" ? [] : key.split(" + ").map((w) => [w]);
    for (const w of meaning) if (!forms.has(w[0]!)) add(w[0]!, [w]); // a meaning is also written as itself
    for (const form of list) add(form, meaning);
  }
  return { forms, longest: Math.max(...[...forms.keys()].map((k) => k.split(" ").length)) };
}

const VOCABULARY = buildVocabulary(INDICATOR_VOCABULARY);

/** Folded words → the words the matcher compares: phrases read through the vocabulary (longest first), filler and bare numbers dropped. */
function meaningsOf(folded: readonly string[], vocabulary: Vocabulary = VOCABULARY): Word[] {
  const ws = folded.map(singular);
  const out: Word[] = [];
  for (let i = 0; i < ws.length; ) {
    let taken = 0;
    for (let n = Math.min(vocabulary.longest, ws.length - i); n >= 1 && taken === 0; n--) {
      const meaning = vocabulary.forms.get(n === 1 ? ws[i]! : ws.slice(i, i + n).join(" "));
      if (meaning) {
        out.push(...meaning);
        taken = n;
      }
    }
    if (taken === 0) {
      if (!/^\d+$/.test(ws[i]!)) out.push([ws[i]!]);
      taken = 1;
    }
    i += taken;
  }
  return out;
}

/** A label without its numbering ("3. ", "12) ", "a) ", "IV. ", "- "). */
function withoutNumbering(label: string): string {
  return label.replace(/^\s*(?:[-–•*+]\s*)?(?:(?:\d{1,3}|[ivxIVX]{1,4}|[a-zA-Z])[.)]\s+)?/u, "");
}

type Name = { exact: string; words: Word[] };
type Entry<T> = { indicator: T; names: Name[]; vocab: Set<string>; prefixes: Map<string, string> };

/** A query word this long or longer also matches the longer word it begins ("licen" → "licence"). */
const MIN_PREFIX = 5;

function entryOf<T extends NamedIndicator>(indicator: T): Entry<T> {
  const names: Name[] = [];
  const vocab = new Set<string>();
  for (const text of [indicator.code, indicator.nameVi, indicator.nameEn, ...indicator.aliases]) {
    const folded = labelWords(text);
    const words = meaningsOf(folded);
    if (words.length === 0 && folded.length === 0) continue;
    names.push({ exact: folded.join(" "), words });
    for (const w of words) for (const m of w) vocab.add(m);
  }
  const unit = UNITS[indicator.unit];
  for (const text of [unit.vi, unit.en]) for (const w of meaningsOf(foldedWords(text))) for (const m of w) vocab.add(m);
  const prefixes = new Map<string, string>();
  for (const m of vocab) {
    if (m.includes(" ")) continue;
    for (let n = MIN_PREFIX; n < m.length; n++) if (!prefixes.has(m.slice(0, n))) prefixes.set(m.slice(0, n), m);
  }
  return { indicator, names, vocab, prefixes };
}

/** The indicators prepared for matching; build once for many labels (parsePaste does). */
export class IndicatorIndex<T extends NamedIndicator> {
  private readonly entries: Entry<T>[];

  constructor(readonly indicators: readonly T[]) {
    this.entries = indicators.map(entryOf);
  }

  /** Which indicator `label` names (see the rules at the top of this file). */
  match(label: string): IndicatorMatch<T> {
    const folded = labelWords(withoutNumbering(label));
    if (folded.length === 0) return { kind: "none" };
    const exact = folded.join(" ");
    // The label's words, each once ("FDI FDI" is "FDI").
    const seen = new Set<string>();
    const words = meaningsOf(folded).filter((w) => {
      const key = w.join("|");
      return seen.has(key) ? false : (seen.add(key), true);
    });

    let best: Score | null = null;
    let winners: T[] = [];
    for (const e of this.entries) {
      const score = scoreOf(e, exact, words);
      if (!score) continue;
      const c = best ? compare(score, best) : -1;
      if (c < 0) {
        best = score;
        winners = [e.indicator];
      } else if (c === 0) {
        winners.push(e.indicator);
      }
    }
    if (winners.length === 0) return { kind: "none" };
    if (winners.length === 1) return { kind: "one", indicator: winners[0]! };
    return { kind: "several", candidates: winners };
  }
}

/** How well an indicator matches a label; smaller is better, field by field. */
type Score = { exact: 0 | 1; unexplained: number; whole: 0 | 1; wholeSize: number };

function scoreOf<T>(e: Entry<T>, exact: string, words: Word[]): Score | null {
  if (e.names.some((n) => n.exact === exact)) return { exact: 0, unexplained: 0, whole: 0, wholeSize: 0 };
  if (words.length === 0) return null;
  // The label's words as this indicator reads them (the meaning of "dt" that it knows, "licen" as "licence").
  const read = new Set<string>();
  let explained = 0;
  for (const w of words) {
    let hit: string | undefined;
    for (const m of w) {
      hit = e.vocab.has(m) ? m : e.prefixes.get(m);
      if (hit !== undefined) break;
    }
    if (hit !== undefined) {
      explained++;
      read.add(hit);
    } else {
      for (const m of w) read.add(m);
    }
  }
  // Mostly explained, or the label names something else.
  if (explained === 0 || explained * 2 < words.length) return null;
  // The longest of its names written out whole in the label, in any order.
  let wholeSize = 0;
  for (const n of e.names) {
    if (n.words.length > wholeSize && n.words.every((w) => w.some((m) => read.has(m)))) wholeSize = n.words.length;
  }
  return { exact: 1, unexplained: words.length - explained, whole: wholeSize > 0 ? 0 : 1, wholeSize: -wholeSize };
}

function compare(a: Score, b: Score): number {
  return a.exact - b.exact || a.unexplained - b.unexplained || a.whole - b.whole || a.wholeSize - b.wholeSize;
}

const indexes = new WeakMap<readonly NamedIndicator[], IndicatorIndex<NamedIndicator>>();

/**
 * Which indicator of `indicators` a label names: one, several equally well (ask
 * which), or none. The index of a catalogue is built once and kept while the
 * catalogue (the same array) lives.
 */
export function matchIndicator<T extends NamedIndicator>(label: string, indicators: readonly T[]): IndicatorMatch<T> {
  let index = indexes.get(indicators) as IndicatorIndex<T> | undefined;
  if (!index) {
    index = new IndicatorIndex(indicators);
    indexes.set(indicators, index as unknown as IndicatorIndex<NamedIndicator>);
  }
  return index.match(label);
}
