// A consistent copy of the database while the bot runs: SQLite's online backup
// API (through better-sqlite3) copies page by page and restarts if a write
// lands in between, so the copy is always a valid snapshot.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { sqlitePath } from "./client.js";

export async function backupDatabase(databaseUrl: string, dir: string, now = new Date()): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z").replace("T", "-");
  const target = join(dir, `khoi-${stamp}.db`);
  const source = new Database(sqlitePath(databaseUrl), { readonly: true, fileMustExist: true });
  try {
    await source.backup(target);
  } finally {
    source.close();
  }
  // The copy must open and pass SQLite's own check.
  const copy = new Database(target, { readonly: true });
  try {
    const ok = copy.pragma("integrity_check", { simple: true });
    if (ok !== "ok") throw new Error(`backup failed its integrity check: ${String(ok)}`);
  } finally {
    copy.close();
  }
  return target;
}
