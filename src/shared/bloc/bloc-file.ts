// The bloc definition file (YAML or JSON): name, boards, indicators, schedule and
// award kinds. Errors give the line and name the field, counting list positions
// from 1 as a reader does: `config/bloc.yaml:42: indicators[5].unit must be one
// of: ...` is the fifth indicator, written on line 42.
import { readFileSync } from "node:fs";
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from "yaml";
import { z } from "zod";
import { UNITS, isUnitCode } from "./units.js";
import { scheduleSchema } from "./schedule.js";

// Names of Object.prototype members would collide with plain-object lookups.
const RESERVED = new Set(Object.getOwnPropertyNames(Object.prototype));
const code = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,32}$/, "must be 1–32 letters, digits, _ or -")
  .refine((c) => !RESERVED.has(c), "is a reserved word: choose another code");
const text = (max: number) => z.string().trim().min(1, "must not be empty").max(max, `must be at most ${max} characters`);

export const boardEntrySchema = z.object({
  code,
  name: text(200),
  nameEn: text(200).optional(),
  shortName: text(40),
  status: z.enum(["active", "retired"]).default("active"),
  /** The first period the board owes figures for (YYYY-MM); without it, the first whose deadline is ahead when the board is added. */
  firstPeriod: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be a month written YYYY-MM (the year, then the month)").optional(),
});

export const indicatorEntrySchema = z
  .object({
    code,
    nameVi: text(200),
    nameEn: text(200),
    unit: z.string().refine(isUnitCode, { message: `must be one of: ${Object.keys(UNITS).join(", ")}` }),
    kind: z.enum(["flow", "stock"]),
    valueType: z.enum(["integer", "decimal"]),
    // At most two: "1.234" would read as a thousand, so three decimals cannot be typed unambiguously.
    decimals: z.number().int().min(0).max(2).optional(),
    min: z.number().finite().nullable().default(0),
    max: z.number().finite().nullable().default(null),
    aliases: z.array(text(100)).default([]),
    active: z.boolean().default(true),
  })
  .refine((i) => i.min === null || i.max === null || i.min <= i.max, { message: "min must not exceed max", path: ["max"] })
  .transform((i) => ({ ...i, decimals: i.valueType === "integer" ? 0 : (i.decimals ?? 1) }));

export const awardEntrySchema = z.object({
  code,
  nameVi: text(200),
  nameEn: text(200),
  picksPerVoter: z.number().int().min(1).max(50),
  maxProposed: z.number().int().min(1).max(50),
  allowSelfVote: z.boolean().default(false),
});

function uniqueCodes<T extends { code: string }>(what: string) {
  return (items: T[], ctx: z.RefinementCtx) => {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      const key = item.code.toLowerCase();
      if (seen.has(key)) ctx.addIssue({ code: "custom", message: `duplicate ${what} code "${item.code}"`, path: [i, "code"] });
      seen.add(key);
    });
  };
}

/** Rules of the bloc's ballots. */
export const ballotsSectionSchema = z.object({
  /**
   * A secret ballot's result is published only if at least this many boards
   * voted; with fewer, the counts would tell each voter's choice (who voted is
   * public), so the ballot is void. Fixed for a ballot when it is created.
   */
  secretMinTurnout: z.number().int().min(2, "must be at least 2").max(1000).default(3),
});

export const blocFileSchema = z.object({
  bloc: z.object({
    name: text(300),
    nameEn: text(300).optional(),
    /** Whom a person without a role should ask for an invitation (shown by /start and /help). */
    contact: text(300).optional(),
  }),
  boards: z.array(boardEntrySchema).min(1, "must list at least one board").superRefine(uniqueCodes("board")),
  indicators: z.array(indicatorEntrySchema).min(1, "must list at least one indicator").superRefine(uniqueCodes("indicator")),
  awards: z.array(awardEntrySchema).default([]).superRefine(uniqueCodes("award")),
  schedule: scheduleSchema,
  ballots: ballotsSectionSchema.default({ secretMinTurnout: 3 }),
});

export type BlocFile = z.infer<typeof blocFileSchema>;
export type BoardEntry = z.infer<typeof boardEntrySchema>;
export type IndicatorEntry = z.infer<typeof indicatorEntrySchema>;
export type AwardEntry = z.infer<typeof awardEntrySchema>;

export class BlocFileError extends Error {}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = root;
  for (const p of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[p as string];
  }
  return cur;
}

/** A field's path as the error shows it, list positions counted from 1: `indicators[5].unit`. */
function pathText(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, p) => (typeof p === "number" ? `${acc}[${p + 1}]` : acc ? `${acc}.${String(p)}` : String(p)), "");
}

/**
 * Where `path` is written in the document: the offset of its key (or list item),
 * or of the nearest enclosing one that exists (a missing field points at its
 * section). Aliases lead to their anchor.
 */
function offsetOf(doc: Document, path: readonly PropertyKey[]): number {
  let node: unknown = doc.contents;
  let at = (node as Node | null)?.range?.[0] ?? 0;
  for (const seg of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => String(isScalar(p.key) ? p.key.value : p.key) === String(seg));
      if (!pair) break;
      at = (pair.key as Node | null)?.range?.[0] ?? at;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === "number" && node.items[seg] !== undefined) {
      node = node.items[seg];
      at = (node as Node | null)?.range?.[0] ?? at;
    } else break;
  }
  return at;
}

/** How many issues an error lists at most; the rest are counted. */
const MAX_ISSUES = 5;

/**
 * Parses and validates the text of a bloc file. Throws BlocFileError with one
 * line per problem (at most 5, then how many more), in file order:
 * `NAME:LINE: FIELD MESSAGE` for a field (list positions from 1, the line of
 * its key, or of its section when it is missing), `NAME:LINE:COLUMN: not valid
 * YAML or JSON: MESSAGE` for the syntax (1-based, from the yaml library).
 */
export function parseBlocFile(source: string, name = "bloc file"): BlocFile {
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false }); // YAML is a superset of JSON
  const syntax = [...doc.errors].sort((a, b) => a.pos[0] - b.pos[0])[0];
  if (syntax) {
    const { line, col } = lines.linePos(syntax.pos[0]);
    throw new BlocFileError(`${name}:${line}:${col}: not valid YAML or JSON: ${syntax.message.split("\n")[0]}`);
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    // An alias to an anchor that does not exist, or aliases multiplying the document.
    let at = 0;
    visit(doc, { Alias: (_, node) => { if (!node.resolve(doc)) { at = node.range?.[0] ?? 0; return visit.BREAK; } } });
    const { line, col } = lines.linePos(at);
    throw new BlocFileError(`${name}:${line}:${col}: not valid YAML or JSON: ${(e as Error).message.split("\n")[0]}`);
  }
  const parsed = blocFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => {
      const where = pathText(i.path) || "(top level)";
      let msg = i.message;
      if (i.code === "invalid_type") {
        // zod leaves the input out of its issues: look at what the file holds there.
        const present = valueAt(raw, i.path) !== undefined;
        msg = present ? `must be ${i.expected === "object" ? "a section" : i.expected === "array" ? "a list" : `a ${i.expected}`}` : "is missing";
      }
      return { line: lines.linePos(offsetOf(doc, i.path)).line, text: `${where} ${msg}` };
    });
    issues.sort((a, b) => a.line - b.line);
    const shown = issues.slice(0, MAX_ISSUES).map((i) => `${name}:${i.line}: ${i.text}`);
    if (issues.length > MAX_ISSUES) shown.push(`${name}: and ${issues.length - MAX_ISSUES} more`);
    throw new BlocFileError(shown.join("\n"));
  }
  return parsed.data;
}

export function readBlocFile(path: string): { file: BlocFile; source: string } {
  let source: string;
  try {
    source = readFileSync(path, "utf8");
  } catch {
    throw new BlocFileError(`${path}: cannot read the bloc file`);
  }
  return { file: parseBlocFile(source, path), source };
}
