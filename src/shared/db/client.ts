// The Prisma client over SQLite through the better-sqlite3 driver adapter.
import { Prisma, PrismaClient } from "../../generated/prisma/client.js";
import type { Database } from "better-sqlite3";
import { ConnectionKeepingAdapter, rememberAdapter, sqlForWrite, sqlOf } from "./sql.js";
import { DEFAULT_BUSY_WAIT_MS, isBusy } from "./busy.js";
import { ensureFirstPeriodTrigger } from "./first-period-trigger.js";
import { checkDatabaseFile, openFailure, sqlitePath } from "./database-file.js";

export type Db = PrismaClient;

export { sqlitePath };

/**
 * Opens the database. `busyWaitMs`: how long an operation waits (asynchronously,
 * see shared/db/busy.ts) for a write lock another process holds before it fails with
 * DatabaseBusyError. A file that cannot be opened throws DatabaseOpenError,
 * one line naming DATABASE_URL and the path (shared/db/database-file.ts).
 */
export async function openDb(url: string, opts: { busyWaitMs?: number } = {}): Promise<Db> {
  const file = sqlitePath(url);
  checkDatabaseFile("DATABASE_URL", url, file, "readwrite");
  const busyWaitMs = opts.busyWaitMs ?? DEFAULT_BUSY_WAIT_MS;
  // timeout 0: better-sqlite3 would otherwise wait for the lock inside the statement, holding the event loop.
  const adapter = new ConnectionKeepingAdapter({ url: `file:${file}`, timeout: 0 }, setUpConnection, { maxWaitMs: busyWaitMs });
  // A transaction may wait for the lock as long as any statement before it starts (Prisma's maxWait).
  const db = new PrismaClient({ adapter, transactionOptions: { maxWait: busyWaitMs + 2_000 } });
  rememberAdapter(db, adapter); // for sqlOf(db): direct statements on the hot paths
  try {
    await db.$connect();
  } catch (e) {
    await db.$disconnect().catch(() => undefined);
    throw openFailure("DATABASE_URL", url, file, "readwrite", e);
  }
  return db;
}

/** Run on every connection Prisma's adapter opens (the first, and any after a disconnect). */
function setUpConnection(sqlite: Database): void {
  sqlite.pragma("journal_mode = WAL");
  // In WAL mode NORMAL survives a crash of the process (SIGKILL) without losing
  // a committed transaction; only a power loss may roll back the last ones.
  // FULL would fsync on every commit, which costs several milliseconds each.
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  // Never wait for a lock inside a statement (it would hold the event loop): shared/db/busy.ts waits on timers.
  sqlite.pragma("busy_timeout = 0");
  // Copying the WAL back into the database (a checkpoint, with two fsyncs) took
  // 10-20 ms inside whichever write crossed SQLite's default 1,000 pages: a
  // person's answer now and then. The housekeeping job checkpoints every minute
  // (checkpointWal); the automatic one stays as a backstop at 16 MB of WAL.
  sqlite.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
  // Deleted content is overwritten, not left in free pages (secret ballots).
  sqlite.pragma("secure_delete = ON");
  ensureFirstPeriodTrigger(sqlite);
}

export const WAL_AUTOCHECKPOINT_PAGES = 4000;

/** Copies the write-ahead log into the database without waiting for readers or writers (PASSIVE). */
export async function checkpointWal(db: Db): Promise<{ busy: boolean; logFrames: number; checkpointed: number }> {
  const r = (await sqlOf(db)).get<{ busy: number; log: number; checkpointed: number }>("PRAGMA wal_checkpoint(PASSIVE)");
  return { busy: r?.busy === 1, logFrames: r?.log ?? 0, checkpointed: r?.checkpointed ?? 0 };
}

/**
 * Copies the whole write-ahead log into the database file and truncates the log
 * to zero bytes (PRAGMA wal_checkpoint(TRUNCATE)), for erasures that must leave
 * no copy on disk (secret ballots). True only when it truly ran: a reader that
 * holds an older snapshot, or a writer in another process, makes SQLite copy
 * part of the log and report "busy", and that is answered false, never waited
 * for (busy_timeout is 0 on every connection, see setUpConnection, so the event
 * loop is not held by SQLite's synchronous busy wait). Waits for a transaction
 * of Prisma's on this connection to end first (sqlForWrite).
 */
export async function truncateWal(db: Db): Promise<boolean> {
  try {
    const sql = await sqlForWrite(db);
    const r = sql.get<{ busy: number; log: number; checkpointed: number }>("PRAGMA wal_checkpoint(TRUNCATE)");
    return r !== undefined && r.busy === 0 && r.log === r.checkpointed;
  } catch (e) {
    if (isBusy(e)) return false; // another process's lock: the same answer, not done
    throw e;
  }
}

/** A unique constraint refused the write: the database's "only once" said no. */
export function isUniqueViolation(e: unknown): boolean {
  return e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002";
}

/**
 * The columns of the unique index a write broke (Prisma's P2002), in the index's
 * order: ["reference"], ["boardId", "periodId"]; null for any other error. Read
 * from the error's `meta`, the one place that does: `target` (Prisma's own
 * engines), or `driverAdapterError.cause.constraint.fields` (a driver adapter,
 * ours: better-sqlite3). Throws when a P2002 carries neither: an upgrade of Prisma
 * changed the shape, and this is to be adapted (tests/shared/db/fresh-codes.test.ts
 * fails first).
 */
export function uniqueViolationColumns(e: unknown): string[] | null {
  if (!isUniqueViolation(e)) return null;
  const meta = (e as Prisma.PrismaClientKnownRequestError).meta as { target?: unknown; driverAdapterError?: { cause?: { constraint?: { fields?: unknown } } } } | undefined;
  const columns = Array.isArray(meta?.target) ? meta.target : meta?.driverAdapterError?.cause?.constraint?.fields;
  if (Array.isArray(columns) && columns.length > 0 && columns.every((c) => typeof c === "string")) return columns as string[];
  throw new Error(`Prisma's unique violation (P2002) no longer names its columns (meta: ${JSON.stringify(meta)}): adapt uniqueViolationColumns (src/shared/db/client.ts)`);
}

/** The write broke the unique index on exactly these columns (in any order). */
export function isUniqueViolationOn(e: unknown, ...columns: string[]): boolean {
  const broken = uniqueViolationColumns(e);
  return broken !== null && broken.length === columns.length && columns.every((c) => broken.includes(c));
}

/**
 * How many codes withFreshCode draws before it gives up. Two of our random codes
 * are alike about once in 10^11 draws (8 symbols of 30), so a second collision in
 * a row already means a broken generator; five leave room and end quickly.
 */
export const FRESH_CODE_DRAWS = 5;

/**
 * Writes with a random code for a column that is unique in the database (a
 * report's reference, a vote's receipt): `write(code)` with a code from `draw()`;
 * when the write breaks the unique index of `column` alone, the code was taken, and
 * another is drawn, FRESH_CODE_DRAWS codes at most (the last error is then thrown).
 * Each try is one write (one statement, a nested write, or a batch transaction,
 * all rolled back whole on failure), so a collision leaves nothing behind; `write`
 * builds its statements anew on each call. Any other error is thrown at once.
 * Returns the code written and what the write returned.
 */
export async function withFreshCode<T>(draw: () => string, column: string, write: (code: string) => Promise<T>): Promise<{ code: string; result: T }> {
  for (let n = 1; ; n++) {
    const code = draw();
    try {
      return { code, result: await write(code) };
    } catch (e) {
      if (n >= FRESH_CODE_DRAWS || !isUniqueViolationOn(e, column)) throw e;
    }
  }
}

/** A conditional update found no row matching its condition. */
export function isNotFound(e: unknown): boolean {
  return e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2025";
}

export { PrismaClient };
