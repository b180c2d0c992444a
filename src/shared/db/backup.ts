// A consistent copy of the database while the bot runs: SQLite's online backup
// API (through better-sqlite3) copies page by page and restarts if a write
// lands in between, so the copy is always a valid snapshot.
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import { openForReading } from "./database-file.js";

/** The backup folder (BACKUP_DIR) cannot be created or written; one line naming the setting and the path. */
export class BackupDirError extends Error {
  constructor(dir: string, reason: string) {
    super(`BACKUP_DIR=${dir}: cannot write a backup in ${resolve(dir)} (${reason})`);
    this.name = "BackupDirError";
  }
}

/**
 * Copies the database of `databaseUrl` (DATABASE_URL) into `dir` (BACKUP_DIR,
 * created when missing) as khoi-YYYYMMDD-HHMMSSZ.db and checks the copy's
 * integrity. Returns the copy's path. Throws DatabaseOpenError when the database
 * cannot be opened for reading, BackupDirError when the folder cannot be used.
 */
export async function backupDatabase(databaseUrl: string, dir: string, now = new Date()): Promise<string> {
  const source = openForReading(databaseUrl);
  let target: string;
  try {
    try {
      mkdirSync(dir, { recursive: true });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new BackupDirError(dir, code === "EEXIST" || code === "ENOTDIR" ? "a file is in the way of the folder" : code === "EACCES" || code === "EPERM" ? "no permission" : (code ?? (e as Error).message));
    }
    const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z").replace("T", "-");
    target = join(dir, `khoi-${stamp}.db`);
    try {
      await source.backup(target);
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === "SQLITE_CANTOPEN" || code === "SQLITE_READONLY") throw new BackupDirError(dir, "no permission to create a file there");
      throw e;
    }
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
