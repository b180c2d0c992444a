// The bloc definition file (YAML or JSON): name, boards, indicators, schedule and
// award kinds. Validation errors name the field, e.g. `indicators[2].unit`.
import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
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

function pathText(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, p) => (typeof p === "number" ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)), "");
}

/** Parses and validates the text of a bloc file; throws BlocFileError naming the field. */
export function parseBlocFile(source: string, name = "bloc file"): BlocFile {
  let raw: unknown;
  try {
    raw = parseYaml(source); // YAML is a superset of JSON
  } catch (e) {
    throw new BlocFileError(`${name}: not valid YAML or JSON: ${(e as Error).message.split("\n")[0]}`);
  }
  const parsed = blocFileSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.slice(0, 5).map((i) => {
      const where = pathText(i.path) || "(top level)";
      let msg = i.message;
      if (i.code === "invalid_type") {
        // zod leaves the input out of its issues: look at what the file holds there.
        const present = valueAt(raw, i.path) !== undefined;
        msg = present ? `must be ${i.expected === "object" ? "a section" : i.expected === "array" ? "a list" : `a ${i.expected}`}` : "is missing";
      }
      return `${where} ${msg}`;
    });
    throw new BlocFileError(`${name}: ${lines.join("; ")}`);
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
