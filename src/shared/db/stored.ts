// Checked reads of the columns whose type the database does not enforce: JSON
// columns (`Json` in prisma/schema.prisma, declared JSONB, stored as text) and
// enum columns (TEXT with no CHECK on SQLite). Prisma parses a JSON column and
// types it only as JsonValue; a direct statement (sqlOf) gets the text itself.
// Either way the value is checked here against the shape its writer promises
// (a zod schema kept next to the store that writes it), so that a row written by
// an older release, by hand or by a faulty raw statement is a clear error naming
// the table, column and row, never a silently wrong value further on.
import { z } from "zod";

/** Where a stored value was read: `Ballot` `resultJson` of row `12`. */
export type StoredAt = { table: string; column: string; row: string | number };

/** A stored value that does not have the shape its column promises. */
export class StoredValueError extends Error {
  constructor(
    readonly at: StoredAt,
    problem: string,
  ) {
    super(`${at.table}.${at.column} of row ${at.row}: ${problem}`);
    this.name = "StoredValueError";
  }
}

/**
 * A JSON column's value as Prisma read it (already parsed), checked against
 * `schema`. Returns the parsed value (zod's output). Throws StoredValueError
 * (table, column, row and what is wrong) when it does not fit.
 */
export function storedJson<T>(schema: z.ZodType<T>, value: unknown, at: StoredAt): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new StoredValueError(at, `not the stored shape (${describe(r.error)})`);
  return r.data;
}

/**
 * A JSON column's value as a direct statement read it (the stored text; a value
 * that SQLite's numeric affinity turned into a number comes as that number),
 * parsed and checked like storedJson. Throws StoredValueError when the text is
 * not JSON or does not fit.
 */
export function storedJsonText<T>(schema: z.ZodType<T>, text: unknown, at: StoredAt): T {
  let value: unknown = text;
  if (typeof text === "string") {
    try {
      value = JSON.parse(text);
    } catch {
      throw new StoredValueError(at, "not JSON");
    }
  }
  return storedJson(schema, value, at);
}

/**
 * An enum column's value as a direct statement read it, checked against the
 * enum's values (the Prisma enum object, e.g. `RoleName` from
 * src/generated/prisma/enums.ts; an enum with `@map`ped values needs its stored
 * values instead). Throws StoredValueError for any other value (Prisma's own
 * reads fail on it too: `Value '…' not found in enum`).
 */
export function storedEnum<const E extends Record<string, string>>(values: E, value: unknown, at: StoredAt): E[keyof E] {
  const known = Object.values(values).find((v): v is E[keyof E] => v === value);
  if (known !== undefined) return known;
  throw new StoredValueError(at, `${JSON.stringify(value)} is not one of ${Object.values(values).join(", ")}`);
}

function describe(e: z.ZodError): string {
  return e.issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.join(".") : "value"}: ${i.message}`)
    .join("; ");
}
