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

/** A conditional update found no row matching its condition. */
export function isNotFound(e: unknown): boolean {
  return e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2025";
}

export { PrismaClient };
