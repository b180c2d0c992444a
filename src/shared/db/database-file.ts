// The database file behind DATABASE_URL: its path, and why it cannot be opened,
// in one line an operator can act on:
//   DATABASE_URL=file:/nope/x.db: cannot open /nope/x.db (directory does not exist)
// SQLite itself says only "unable to open database file" or "file is not a
// database", naming neither the setting nor the path. The bot, npm run backup,
// npm run db:migrate and the health check all go through here.
import { accessSync, closeSync, constants, mkdirSync, openSync, readSync, statSync, type Stats } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import Database from "better-sqlite3";

/** The database named by a setting could not be opened; the message is one line naming the setting and the path. */
export class DatabaseOpenError extends Error {
  constructor(
    readonly setting: string,
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${setting}: cannot open ${path} (${reason})`);
    this.name = "DatabaseOpenError";
  }
}

/** Path of the database file behind a `file:` URL, relative to the working directory. */
export function sqlitePath(url: string): string {
  return resolve(url.replace(/^file:/, "").replace(/\?.*$/, ""));
}

/** How the file will be used: the bot and migrations write; the backup and the health check only read. */
export type OpenMode = "readwrite" | "readonly";

/** The first 16 bytes of every SQLite 3 database file (https://www.sqlite.org/fileformat.html, 1.3). */
const SQLITE_HEADER = Buffer.from("SQLite format 3\0", "latin1");

/** The folder a fresh clone's default database lives in; the only one created when missing. */
export const DEFAULT_DATA_DIR = "data";

function statOrNull(p: string): Stats | null {
  try {
    return statSync(p);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
}

/** Null when the access is allowed, else what stops it ("no permission", "read-only file system"). */
function denied(p: string, mode: number): string | null {
  try {
    accessSync(p, mode);
    return null;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EROFS") return "read-only file system";
    if (code === "EACCES" || code === "EPERM") return "no permission";
    return code ?? "not accessible";
  }
}

function owner(st: Stats): string {
  const me = typeof process.getuid === "function" ? `; this process runs as uid ${process.getuid()}` : "";
  return `owned by uid ${st.uid}, mode ${(st.mode & 0o777).toString(8).padStart(3, "0")}${me}`;
}

/** What the file's first bytes say: not SQLite, or SQLite with or without write-ahead logging (bytes 18–19 are 2 in WAL mode). */
function headerOf(file: string, size: number): "not-sqlite" | "wal" | "sqlite" {
  if (size < 100) return "not-sqlite"; // the header alone is 100 bytes
  const fd = openSync(file, "r");
  try {
    const head = Buffer.alloc(20);
    readSync(fd, head, 0, head.length, 0);
    if (!head.subarray(0, SQLITE_HEADER.length).equals(SQLITE_HEADER)) return "not-sqlite";
    return head[18] === 2 && head[19] === 2 ? "wal" : "sqlite";
  } finally {
    closeSync(fd);
  }
}

/**
 * What will stop SQLite from opening `file` in `mode`, or null when nothing
 * visible does. Checks, in order: the folder (exists, is a folder, may be
 * entered), the file (a regular file, readable, writable for "readwrite"), its
 * first bytes (an empty file is a new database; anything else must start with
 * SQLite's header), and the -wal and -shm files SQLite keeps beside it
 * (writable, or creatable in the folder; a reader needs -shm in WAL mode). Never throws for a
 * filesystem answer it understands; an unexpected one is returned as its code.
 */
export function diagnoseDatabaseFile(file: string, mode: OpenMode): string | null {
  try {
    const dir = dirname(file);
    const dirStat = statOrNull(dir);
    if (!dirStat) {
      let up = dirname(dir);
      while (up !== dirname(up) && !statOrNull(up)) up = dirname(up);
      const upStat = statOrNull(up);
      if (upStat && !upStat.isDirectory()) return `${up} is a file, not a directory`;
      return "directory does not exist";
    }
    if (!dirStat.isDirectory()) return `${dir} is a file, not a directory`;
    const enter = denied(dir, constants.X_OK);
    if (enter) return `${enter} to enter directory ${dir}, ${owner(dirStat)}`;
    const st = statOrNull(file);
    if (!st) {
      if (mode === "readonly") return "the file does not exist";
      const create = denied(dir, constants.W_OK);
      return create ? `${create} to create a file in ${dir}, ${owner(dirStat)}` : null;
    }
    if (st.isDirectory()) return "it is a directory, not a file";
    if (!st.isFile()) return "it is not a regular file";
    const access = denied(file, mode === "readwrite" ? constants.R_OK | constants.W_OK : constants.R_OK);
    if (access) return `${access} to ${mode === "readwrite" ? "read and write" : "read"} it, ${owner(st)}`;
    const header = st.size > 0 ? headerOf(file, st.size) : "sqlite";
    if (header === "not-sqlite") return "it is not a SQLite database";
    if (mode === "readonly" && header === "wal" && !statOrNull(`${file}-shm`)) {
      // Even a reader of a database in WAL mode needs the -shm file, created beside it.
      const create = denied(dir, constants.W_OK);
      if (create) return `${create} to create its -shm file in ${dir}, which reading a database in WAL mode needs, ${owner(dirStat)}`;
    }
    if (mode === "readwrite") {
      let missing = false;
      for (const side of [`${file}-wal`, `${file}-shm`]) {
        const sideStat = statOrNull(side);
        if (!sideStat) missing = true;
        else {
          const w = denied(side, constants.R_OK | constants.W_OK);
          if (w) return `${w} to write ${basename(side)}, ${owner(sideStat)}`;
        }
      }
      const create = missing ? denied(dir, constants.W_OK) : null;
      if (create) return `${create} to create its -wal and -shm files in ${dir}, ${owner(dirStat)}`;
    }
    return null;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code ?? (e as Error).message;
  }
}

/**
 * Before opening the database named by `setting` (a `file:` URL, e.g.
 * DATABASE_URL=file:./data/khoi.db): creates the default folder `data/` of the
 * working directory when it is missing (a fresh clone), no other (a mistyped
 * folder must not become a new, empty database), then throws
 * DatabaseOpenError for anything diagnoseDatabaseFile finds.
 */
export function checkDatabaseFile(settingName: string, url: string, file: string, mode: OpenMode): void {
  if (mode === "readwrite" && dirname(file) === resolve(DEFAULT_DATA_DIR) && !statOrNull(dirname(file))) {
    try {
      mkdirSync(dirname(file));
    } catch {
      // diagnosed below
    }
  }
  const reason = diagnoseDatabaseFile(file, mode);
  if (reason) throw new DatabaseOpenError(`${settingName}=${url}`, file, reason);
}

/**
 * The DatabaseOpenError for a failure while opening: the diagnosis when one is
 * found now, else SQLite's own code and message (first line only).
 */
export function openFailure(settingName: string, url: string, file: string, mode: OpenMode, cause: unknown): DatabaseOpenError {
  if (cause instanceof DatabaseOpenError) return cause;
  const reason = diagnoseDatabaseFile(file, mode) ?? sqliteMessage(cause);
  const err = new DatabaseOpenError(`${settingName}=${url}`, file, reason);
  err.cause = cause;
  return err;
}

function sqliteMessage(e: unknown): string {
  const codes: string[] = [];
  let message = "";
  for (let x: unknown = e, depth = 0; x && typeof x === "object" && depth < 4; depth++) {
    const o = x as { code?: unknown; originalCode?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };
    for (const c of [o.code, o.originalCode]) if (typeof c === "string" && c.startsWith("SQLITE_")) codes.push(c);
    if (typeof o.message === "string" && o.message) message = o.message;
    x = o.cause ?? o.meta?.driverAdapterError;
  }
  const first = message.split("\n").find((l) => l.trim()) ?? String(e);
  return codes[0] ? `${codes[0]}: ${first.trim()}` : first.trim();
}

/**
 * Opens the database of `databaseUrl` (DATABASE_URL) read-only and reads it once
 * (a file that is not a database shows there). Throws DatabaseOpenError, one
 * line naming DATABASE_URL and the path, when it cannot.
 */
export function openForReading(databaseUrl: string): Database.Database {
  const file = sqlitePath(databaseUrl);
  checkDatabaseFile("DATABASE_URL", databaseUrl, file, "readonly");
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    db.pragma("schema_version");
    return db;
  } catch (e) {
    db?.close();
    throw openFailure("DATABASE_URL", databaseUrl, file, "readonly", e);
  }
}
