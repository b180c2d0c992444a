// A database locked by another process (a backup, an admin's sqlite3, a second
// instance started by mistake) is waited for here, asynchronously.
//
// Why not SQLite's busy_timeout: better-sqlite3 runs every statement
// synchronously, so a statement waiting for the write lock holds the whole event
// loop for as long as the timeout (every chat froze for 5 s, then both updates
// failed). The connection runs with busy_timeout = 0 (shared/db/client.ts): a statement
// that meets the lock fails at once with SQLITE_BUSY, the callers here wait on a
// timer (other chats go on meanwhile: reads never need the lock in WAL mode),
// and retry when the lock is free, up to a bound after which DatabaseBusyError is
// thrown and the person is told to try again shortly.
//
// The connection is also one for the whole process (Prisma's adapter opens one),
// so ConnectionLock keeps a transaction's statements to themselves: while one is
// open, other statements wait for its end instead of joining it (a write that
// joined it would be undone with it if it rolled back).
import type { Database, Statement } from "better-sqlite3";

/** The write lock stayed held by another process for longer than the bound. */
export class DatabaseBusyError extends Error {
  constructor(waitedMs: number) {
    super(`the database stayed locked by another process for ${Math.round(waitedMs / 1000)} s`);
    this.name = "DatabaseBusyError";
  }
}

/** SQLITE_BUSY or SQLITE_LOCKED, raw from better-sqlite3 or wrapped by Prisma's adapter and client. */
export function isBusy(e: unknown): boolean {
  if (e instanceof DatabaseBusyError) return true;
  const codes: unknown[] = [];
  for (let x: unknown = e, depth = 0; x && typeof x === "object" && depth < 4; depth++) {
    const o = x as { code?: unknown; originalCode?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };
    codes.push(o.code, o.originalCode);
    x = o.cause ?? o.meta?.driverAdapterError;
  }
  return codes.some((c) => typeof c === "string" && (c.startsWith("SQLITE_BUSY") || c.startsWith("SQLITE_LOCKED")));
}

export type BusyPolicy = {
  /** How long one operation waits for the lock in all, in ms, before DatabaseBusyError. */
  maxWaitMs: number;
  /** First and longest pause between two looks at the lock, in ms. */
  minDelayMs?: number;
  maxDelayMs?: number;
};

export const DEFAULT_BUSY_WAIT_MS = 15_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * One transaction at a time on the connection. Held from a transaction's BEGIN
 * to its COMMIT or ROLLBACK; everything else waits for it to be free and then
 * runs in the same turn of the event loop, before anyone can take it.
 */
export class ConnectionLock {
  private heldSince: number | null = null;
  private waiting: (() => void)[] = [];

  get held(): boolean {
    return this.heldSince !== null;
  }

  /** How many operations wait for the transaction holding the lock to end. */
  get waitingCount(): number {
    return this.waiting.length;
  }

  /** Takes the lock; the caller must have seen it free in the same turn. Returns the release. */
  take(): () => void {
    if (this.heldSince !== null) throw new Error("ConnectionLock taken twice");
    this.heldSince = Date.now();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.heldSince = null;
      const waiting = this.waiting;
      this.waiting = [];
      for (const w of waiting) w();
    };
  }

  /**
   * Resolves once the lock is free. Call as `while (lock.held) await lock.free(deadline)`
   * and act in the same turn. Rejects after the deadline (a transaction is
   * bounded by Prisma's own timeout, so this only catches a bug).
   */
  free(deadline: number): Promise<void> {
    if (this.heldSince === null) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting = this.waiting.filter((w) => w !== done);
        reject(new Error(`a transaction held the database connection for more than ${Math.round((Date.now() - (this.heldSince ?? Date.now())) / 1000)} s`));
      }, Math.max(0, deadline - Date.now()));
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.waiting.push(done);
    });
  }
}

/**
 * Waits for another process's write lock to go, for every caller of one
 * connection at once: one timer looks at the lock (BEGIN IMMEDIATE, then
 * ROLLBACK: microseconds when it fails, since busy_timeout is 0), with a pause
 * that doubles from minDelayMs to maxDelayMs; when the lock could be taken, every
 * waiter retries. Many updates waiting cost one look per pause, not one each.
 */
export class LockWaiter {
  private waiters: { resolve: () => void; reject: (e: Error) => void; deadline: number; since: number }[] = [];
  private timer: NodeJS.Timeout | null = null;
  private delay: number;
  private readonly begin: Statement;
  private readonly rollback: Statement;

  constructor(private readonly sqlite: Database, private readonly lock: ConnectionLock, readonly policy: BusyPolicy) {
    this.delay = policy.minDelayMs ?? 5;
    this.begin = sqlite.prepare("BEGIN IMMEDIATE");
    this.rollback = sqlite.prepare("ROLLBACK");
  }

  /** How many operations wait for another process's write lock to go. */
  get waitingCount(): number {
    return this.waiters.length;
  }

  /** How many times the lock was looked at and found held, since the connection opened. */
  heldLooks = 0;

  /** The deadline of an operation starting now. */
  deadline(): number {
    return Date.now() + this.policy.maxWaitMs;
  }

  /** Resolves when the write lock looks free; rejects with DatabaseBusyError at `deadline`. */
  wait(deadline: number): Promise<void> {
    if (Date.now() >= deadline) return Promise.reject(new DatabaseBusyError(this.policy.maxWaitMs));
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ resolve, reject, deadline, since: Date.now() });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.timer) return;
    const next = Math.min(this.delay, ...this.waiters.map((w) => Math.max(0, w.deadline - Date.now())));
    this.timer = setTimeout(() => this.look(), next);
    this.delay = Math.min(this.delay * 2, this.policy.maxDelayMs ?? 250);
  }

  private look(): void {
    this.timer = null;
    if (!this.sqlite.open) return this.settle(false);
    if (this.canWrite()) return this.settle(true);
    this.heldLooks++;
    this.settle(false);
  }

  private canWrite(): boolean {
    // Our own transaction is open: the lock is ours, whoever waits waits for it (ConnectionLock).
    if (this.lock.held || this.sqlite.inTransaction) return true;
    try {
      this.begin.run();
      this.rollback.run();
      return true;
    } catch (e) {
      if (isBusy(e)) return false;
      throw e;
    }
  }

  private settle(free: boolean): void {
    const now = Date.now();
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) {
      if (free) w.resolve();
      else if (now >= w.deadline || !this.sqlite.open) w.reject(new DatabaseBusyError(now - w.since));
      else this.waiters.push(w);
    }
    if (free) this.delay = this.policy.minDelayMs ?? 5;
    if (this.waiters.length) this.schedule();
  }
}

/** Pauses until the next turn of the event loop, letting timers and I/O run. */
export function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** How long a chain of statements may hold the event loop before it waits for the next turn. */
export const SLICE_MS = 8;
let sliceStart = 0;
let turnMarked = false;

/**
 * better-sqlite3 answers synchronously, so a chain of awaited queries (Prisma's
 * too: with this adapter its promises settle at once) runs in microtasks and
 * never lets the event loop turn: timers, I/O and everyone else's updates wait
 * for the whole chain (a job reading board by board, a fan-out's claims). Called
 * before each statement: true once the statements run since the loop last
 * turned have taken SLICE_MS; the caller then awaits yieldToLoop().
 */
export function sliceUsedUp(): boolean {
  const now = performance.now();
  if (!turnMarked) {
    // The first statement of this turn: note when, and learn when the loop turns again.
    turnMarked = true;
    sliceStart = now;
    setImmediate(() => {
      turnMarked = false;
    });
    return false;
  }
  return now - sliceStart > SLICE_MS;
}

export { sleep };
