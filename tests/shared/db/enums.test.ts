// Every value of every enum column, written by raw SQL (as the direct statements
// and any hand-made fix write them) and read back through Prisma: the schema's
// enums and the stored texts agree, including mapped values (first-period). A
// value Prisma does not know fails every Prisma read of its row, so a raw-SQL
// writer that strays from the enum is caught the moment a test reads the row;
// the direct statements' own reads check enum columns too (storedEnum).
// The enums and the columns that use them are read from prisma/schema.prisma,
// so an enum or enum column added later is covered without touching this file.
import { readFileSync } from "node:fs";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations } from "../../../src/shared/db/migrate.js";
import { openDb, sqlitePath, type Db } from "../../../src/shared/db/client.js";
import { StoredValueError } from "../../../src/shared/db/stored.js";
import { activeIndicators } from "../../../src/shared/bloc/store.js";
import { UNITS } from "../../../src/shared/bloc/units.js";

type EnumDef = { name: string; values: { name: string; stored: string }[] };
type EnumColumn = { model: string; field: string; column: string; enumName: string };

/** The enums of prisma/schema.prisma (with each value's stored text) and the fields that have an enum type. */
function schemaEnums(): { enums: Map<string, EnumDef>; columns: EnumColumn[] } {
  const text = readFileSync("prisma/schema.prisma", "utf8").replace(/\/\/.*$/gm, "");
  const enums = new Map<string, EnumDef>();
  for (const m of text.matchAll(/^enum\s+(\w+)\s*\{([^}]*)\}/gm)) {
    const values = m[2]!.split("\n").map((l) => l.trim()).filter((l) => /^\w/.test(l)).map((l) => {
      const name = /^(\w+)/.exec(l)![1]!;
      return { name, stored: /@map\("([^"]+)"\)/.exec(l)?.[1] ?? name };
    });
    enums.set(m[1]!, { name: m[1]!, values });
  }
  const columns: EnumColumn[] = [];
  for (const m of text.matchAll(/^model\s+(\w+)\s*\{([^}]*)\}/gm)) {
    for (const line of m[2]!.split("\n")) {
      const f = /^\s*(\w+)\s+(\w+)(\?)?(\s.*)?$/.exec(line);
      if (!f || !enums.has(f[2]!)) continue;
      columns.push({ model: m[1]!, field: f[1]!, column: /@map\("([^"]+)"\)/.exec(f[4] ?? "")?.[1] ?? f[1]!, enumName: f[2]! });
    }
  }
  return { enums, columns };
}

const { enums, columns } = schemaEnums();
const T = "2026-11-20T03:00:00.000+00:00";
let url: string;
let db: Db;
let raw: Database.Database;

/** A Prisma delegate by model name, for reading one field of one row. */
function delegate(model: string): { findFirst(args: object): Promise<Record<string, unknown> | null> } {
  return (db as unknown as Record<string, { findFirst(args: object): Promise<Record<string, unknown> | null> }>)[model[0]!.toLowerCase() + model.slice(1)]!;
}

beforeAll(async () => {
  url = `file:${join(mkdtempSync(join(tmpdir(), "khoi-enums-")), "enums.db")}`;
  applyMigrations(url);
  raw = new Database(sqlitePath(url));
  raw.pragma("foreign_keys = OFF"); // one row per table, its references left dangling: only the enum column is read
  // One row in every table with an enum column: each required column gets a value of its type.
  for (const table of new Set(columns.map((c) => c.model))) {
    const cols = raw.prepare(`SELECT "name", "type", "notnull", "dflt_value", "pk" FROM pragma_table_info(?)`).all(table) as { name: string; type: string; notnull: number; dflt_value: string | null; pk: number }[];
    const filled = cols.filter((c) => (c.notnull && c.dflt_value === null) || c.pk);
    const value = (c: { name: string; type: string }) => {
      const e = columns.find((x) => x.model === table && x.column === c.name);
      if (e) return enums.get(e.enumName)!.values[0]!.stored;
      if (c.type === "DATETIME") return T;
      if (c.type === "JSONB") return "{}";
      if (c.type === "TEXT") return `${table}-${c.name}`;
      return 1;
    };
    raw.prepare(`INSERT INTO "${table}" (${filled.map((c) => `"${c.name}"`).join(", ")}) VALUES (${filled.map(() => "?").join(", ")})`).run(...filled.map(value));
  }
  db = await openDb(url);
});

afterAll(async () => {
  await db?.$disconnect();
  raw?.close();
});

describe("enum columns", () => {
  it("the schema has the enums and columns this test is about (the parse of prisma/schema.prisma found them)", () => {
    expect(enums.size).toBeGreaterThanOrEqual(18);
    expect(columns).toEqual(expect.arrayContaining([
      { model: "Board", field: "status", column: "status", enumName: "BoardStatus" },
      { model: "Indicator", field: "unit", column: "unit", enumName: "UnitCode" },
      { model: "Invite", field: "role", column: "role", enumName: "RoleName" },
    ]));
    expect(enums.get("BoardEventKind")!.values).toContainEqual({ name: "first_period", stored: "first-period" });
    // Every enum is used by some column.
    expect(new Set(columns.map((c) => c.enumName))).toEqual(new Set(enums.keys()));
    // The unit catalogue and the UnitCode enum list the same units (also checked when compiling: shared/bloc/store.ts).
    expect(enums.get("UnitCode")!.values.map((v) => v.name).sort()).toEqual(Object.keys(UNITS).sort());
  });

  it.each(columns.map((c) => [`${c.model}.${c.field}`, c] as const))("%s: every value written by raw SQL is read back by Prisma; any other value fails the read", async (_, c) => {
    for (const v of enums.get(c.enumName)!.values) {
      raw.prepare(`UPDATE "${c.model}" SET "${c.column}" = ?`).run(v.stored);
      expect(await delegate(c.model).findFirst({ select: { [c.field]: true } })).toEqual({ [c.field]: v.name });
    }
    raw.prepare(`UPDATE "${c.model}" SET "${c.column}" = ?`).run("not-a-value");
    await expect(delegate(c.model).findFirst({ select: { [c.field]: true } })).rejects.toThrow(/not-a-value/);
    raw.prepare(`UPDATE "${c.model}" SET "${c.column}" = ?`).run(enums.get(c.enumName)!.values[0]!.stored);
  });

  it("a direct statement's read of an enum column checks it too: an unknown unit is an error naming the row", async () => {
    raw.prepare(`UPDATE "Indicator" SET "active" = 1, "aliases" = '[]', "unit" = 'lakh_rupees'`).run();
    const e = await activeIndicators(db).then(() => null, (err: unknown) => err);
    expect(e).toBeInstanceOf(StoredValueError);
    expect((e as Error).message).toMatch(/^Indicator\.unit of row 1: "lakh_rupees" is not one of usd_million, /);
    raw.prepare(`UPDATE "Indicator" SET "unit" = 'percent'`).run();
    expect((await activeIndicators(db))[0]?.unit).toBe("percent");
  });
});
