// Where a string the bot handled may have been left: the database file and its
// write-ahead log (bytes, so deleted rows whose pages were not overwritten count
// too), the log lines, and every value of every table. For the secrecy tests.
import { existsSync, readFileSync } from "node:fs";
import type { Harness } from "./harness.js";
import { sqlOf } from "../../src/shared/db/sql.js";

/** The database files (bot.db, bot.db-wal) whose bytes contain `needle`. */
export function filesHolding(h: Harness, needle: string): string[] {
  return ["bot.db", "bot.db-wal"].filter((f) => existsSync(`${h.dir}/${f}`) && readFileSync(`${h.dir}/${f}`).includes(Buffer.from(needle)));
}

/** The log lines (whatever their level) that contain `needle`. */
export function logsHolding(h: Harness, needle: string): string[] {
  return h.logs.filter((l) => l.includes(needle));
}

/** Every row of every table, as "Table: {json}" lines (read on the bot's own connection). */
export async function everyRow(h: Harness): Promise<string[]> {
  const sql = await sqlOf(h.db);
  const tables = sql.all<{ name: string }>(`SELECT "name" FROM sqlite_master WHERE "type" = 'table' AND "name" NOT LIKE 'sqlite_%'`);
  const out: string[] = [];
  for (const { name } of tables) {
    for (const row of sql.all<Record<string, unknown>>(`SELECT * FROM "${name}"`)) {
      out.push(`${name}: ${JSON.stringify(row, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v))}`);
    }
  }
  return out;
}

/** The tables with a row holding `needle` in any column. */
export async function tablesHolding(h: Harness, needle: string): Promise<string[]> {
  return [...new Set((await everyRow(h)).filter((r) => r.includes(needle)).map((r) => r.slice(0, r.indexOf(":"))))];
}
