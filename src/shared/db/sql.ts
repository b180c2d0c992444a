// Direct SQL on the hot paths (every update, every answer in a report, the
// summary): synchronous better-sqlite3 statements on the very connection that
// Prisma's driver adapter opened, prepared once and kept.
//
// Why: a query through the Prisma client costs about half a millisecond here
// (the client engine plans it in WebAssembly, the adapter converts every row),
// the same statement straight on better-sqlite3 some tens of microseconds.
// Everything else keeps using Prisma.
//
// Why it is safe: it is the same connection, so a read sees exactly what a
// Prisma query issued at the same moment would, the pragmas of shared/db/client.ts's
// setUpConnection (WAL, foreign keys) apply, and no second connection can ever
// wait for a lock this one holds. Writes go through writeSql, which waits for
// any transaction Prisma has open on the connection rather than join it, and
// for another process's write lock without holding the event loop (shared/db/busy.ts).
//
// The adapter Prisma receives is the library's own, wrapped through the public
// driver-adapter interface (queryRaw, executeRaw, startTransaction): statements
// that meet another process's lock are retried after an asynchronous wait, and
// transactions begin with BEGIN IMMEDIATE once the lock could be taken, one at
// a time on the connection.
import type { Database, Statement } from "better-sqlite3";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { ConnectionLock, DEFAULT_BUSY_WAIT_MS, isBusy, LockWaiter, sliceUsedUp, yieldToLoop, type BusyPolicy } from "./busy.js";

type Param = string | number | bigint | null | Buffer;

/** Synchronous statements on one connection; parameters are bound, never spliced. */
export type Sql = {
  /** The first row, or undefined. */
  get<T>(query: string, ...params: Param[]): T | undefined;
  all<T>(query: string, ...params: Param[]): T[];
  /** Runs a write; returns the number of rows changed. */
  run(query: string, ...params: Param[]): number;
  /** Whether a transaction (Prisma's, between two of its statements) is open on the connection. */
  inTransaction(): boolean;
  /** Runs `fn` in one transaction begun with BEGIN IMMEDIATE (synchronous: no await inside). */
  transaction<T>(fn: () => T): T;
};

type Connection = { sqlite: Database; sql: Sql; lock: ConnectionLock; waiter: LockWaiter; counter: StatementCounter };

/** How many statements ran on a connection (Prisma's and the direct ones), and how many of them Prisma sent: see statementsRun. */
type StatementCounter = { n: number; viaPrisma: number };

type SqliteAdapter = Awaited<ReturnType<PrismaBetterSQLite3["connect"]>>;
type AdapterTransaction = Awaited<ReturnType<SqliteAdapter["startTransaction"]>>;

/**
 * Prisma's better-sqlite3 adapter factory, remembering the connection each
 * connect() opens and preparing it (`setUp`: pragmas and the like), so that a
 * connection opened again after a disconnect is set up like the first; the
 * adapter it hands Prisma waits for locks as shared/db/busy.ts describes.
 */
export class ConnectionKeepingAdapter extends PrismaBetterSQLite3 {
  connection: Connection | null = null;

  constructor(
    config: ConstructorParameters<typeof PrismaBetterSQLite3>[0],
    private readonly setUp: (sqlite: Database) => void,
    readonly busy: BusyPolicy = { maxWaitMs: DEFAULT_BUSY_WAIT_MS },
  ) {
    super(config);
  }

  override async connect(): Promise<SqliteAdapter> {
    const adapter = await super.connect();
    // The adapter keeps its better-sqlite3 Database as `client` (adapter 6.x).
    const sqlite = (adapter as unknown as { client?: Database }).client;
    if (!sqlite || typeof sqlite.prepare !== "function") throw new Error("the Prisma SQLite adapter no longer exposes its connection: src/shared/db/sql.ts needs updating");
    this.setUp(sqlite);
    const lock = new ConnectionLock();
    const counter: StatementCounter = { n: 0, viaPrisma: 0 };
    const connection: Connection = { sqlite, sql: statementsOn(sqlite, counter), lock, waiter: new LockWaiter(sqlite, lock, this.busy), counter };
    this.connection = connection;
    return waitingAdapter(adapter, connection);
  }
}

/**
 * The library's adapter behind the same public interface, with two changes:
 * a statement outside a transaction waits for the connection's transaction to
 * end, and for another process's write lock (asynchronously), then runs; a
 * transaction begins with BEGIN IMMEDIATE (the write lock taken at once, so no
 * statement inside it can meet the lock, and no deferred transaction can fail
 * half-way to upgrade), retried the same way. Prisma sends COMMIT and ROLLBACK
 * through the transaction itself (usePhantomQuery false), as with the original.
 */
function waitingAdapter(inner: SqliteAdapter, c: Connection): SqliteAdapter {
  const begin = c.sqlite.prepare("BEGIN IMMEDIATE");
  async function outside<T>(op: () => Promise<T>): Promise<T> {
    const deadline = c.waiter.deadline();
    for (;;) {
      if (sliceUsedUp()) await yieldToLoop(); // a long chain of queries lets the loop turn
      while (c.lock.held) await c.lock.free(deadline);
      try {
        return await op(); // the statement runs synchronously within this call
      } catch (e) {
        if (!isBusy(e) || c.sqlite.inTransaction) throw e;
        await c.waiter.wait(deadline);
      }
    }
  }
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    queryRaw: (query) => outside(() => (c.counter.n++, c.counter.viaPrisma++, inner.queryRaw(query))),
    executeRaw: (query) => outside(() => (c.counter.n++, c.counter.viaPrisma++, inner.executeRaw(query))),
    executeScript: (script) => outside(() => inner.executeScript(script)),
    dispose: () => inner.dispose(),
    ...(inner.getConnectionInfo ? { getConnectionInfo: () => inner.getConnectionInfo!() } : {}),
    async startTransaction(isolationLevel) {
      if (isolationLevel && isolationLevel !== "SERIALIZABLE") return inner.startTransaction(isolationLevel); // the library's own refusal
      const deadline = c.waiter.deadline();
      for (;;) {
        if (sliceUsedUp()) await yieldToLoop();
        while (c.lock.held) await c.lock.free(deadline);
        try {
          begin.run();
        } catch (e) {
          if (!isBusy(e)) throw e;
          await c.waiter.wait(deadline);
          continue;
        }
        const release = c.lock.take();
        const tx: AdapterTransaction = {
          provider: inner.provider,
          adapterName: inner.adapterName,
          options: { usePhantomQuery: false },
          queryRaw: (query) => (c.counter.n++, c.counter.viaPrisma++, inner.queryRaw(query)),
          executeRaw: (query) => (c.counter.n++, c.counter.viaPrisma++, inner.executeRaw(query)),
          commit: async () => release(),
          rollback: async () => release(),
        };
        return tx;
      }
    },
  };
}

const adapters = new WeakMap<PrismaClient, ConnectionKeepingAdapter>();

export function rememberAdapter(db: PrismaClient, adapter: ConnectionKeepingAdapter): void {
  adapters.set(db, adapter);
}

/**
 * What waits on the connection of `db` now: operations waiting for a
 * transaction open on it to end (`forTransaction`), operations waiting for
 * another process's write lock to go (`forOtherProcess`), and how many times
 * that lock was found held so far (`heldLooks`). Zeros before the first
 * connection. For tests and diagnostics: a test waits for these to move rather
 * than sleeping and hoping the waiting has begun.
 */
export function waitersOn(db: PrismaClient): { forTransaction: number; forOtherProcess: number; heldLooks: number } {
  const c = adapters.get(db)?.connection;
  return { forTransaction: c?.lock.waitingCount ?? 0, forOtherProcess: c?.waiter.waitingCount ?? 0, heldLooks: c?.waiter.heldLooks ?? 0 };
}

/**
 * How many statements have run on the connection of `db` since it was opened:
 * those Prisma sends (queries, writes, inside transactions or not) and the direct
 * ones of sqlOf/writeSql; 0 before the first connection. For tests: a listing
 * that must cost one query whatever the number of rows counts its statements.
 */
export function statementsRun(db: PrismaClient): number {
  return adapters.get(db)?.connection?.counter.n ?? 0;
}

/**
 * How many of statementsRun's statements the Prisma client sent (each costs the
 * client engine's planning, ~0.5–1 ms here, against tens of µs for a direct one).
 * For tests: a hot path that must stay on direct statements (every update's
 * lookups, /whoami) counts these.
 */
export function prismaStatementsRun(db: PrismaClient): number {
  return adapters.get(db)?.connection?.counter.viaPrisma ?? 0;
}

/** Statements prepared on first use and kept for the life of the connection. */
function statementsOn(sqlite: Database, counter: StatementCounter): Sql {
  const prepared = new Map<string, Statement>();
  const statement = (query: string): Statement => {
    let s = prepared.get(query);
    if (!s) {
      s = sqlite.prepare(query);
      // The adapter turns 64-bit integers into BigInt for the whole connection; ids here fit a number.
      if (s.reader) s.safeIntegers(false);
      prepared.set(query, s);
    }
    return s;
  };
  return {
    get: <T>(query: string, ...params: Param[]) => (counter.n++, statement(query).get(...params) as T | undefined),
    all: <T>(query: string, ...params: Param[]) => (counter.n++, statement(query).all(...params) as T[]),
    run: (query: string, ...params: Param[]) => (counter.n++, statement(query).run(...params).changes),
    inTransaction: () => sqlite.inTransaction,
    transaction: <T>(fn: () => T) => sqlite.transaction(fn).immediate(),
  };
}

async function connectionOf(db: PrismaClient): Promise<Connection> {
  const adapter = adapters.get(db);
  if (!adapter) throw new Error("sqlOf: this client was not opened by openDb");
  if (!adapter.connection?.sqlite.open) await db.$connect();
  const c = adapter.connection;
  if (!c?.sqlite.open) throw new Error("sqlOf: the database connection is closed");
  return c;
}

/**
 * The direct SQL of a client opened by openDb if its connection is open now,
 * else null: for the few reads that must be decided without an await (the
 * admission of an update, chat/middleware/fairness.ts, before the ledger).
 */
export function sqlIfOpen(db: PrismaClient): Sql | null {
  const c = adapters.get(db)?.connection;
  return c?.sqlite.open ? c.sql : null;
}

/** The direct SQL of a client opened by openDb, for reads; connects first when Prisma has not (yet, or again). */
export async function sqlOf(db: PrismaClient): Promise<Sql> {
  return (await connectionOf(db)).sql;
}

/**
 * Runs a direct write: `fn` (synchronous, no await inside) once no transaction
 * is open on the connection, and again after an asynchronous wait if another
 * process holds the write lock (shared/db/busy.ts), up to the bound; then
 * DatabaseBusyError. Prisma runs a transaction's statements one by one with
 * awaits between them, on this same connection: a direct write issued in such a
 * gap would become part of that transaction and be undone with it if it rolled back.
 */
export async function writeSql<T>(db: PrismaClient, fn: (sql: Sql) => T): Promise<T> {
  const c = await connectionOf(db);
  const deadline = c.waiter.deadline();
  for (;;) {
    if (sliceUsedUp()) await yieldToLoop();
    while (c.lock.held) await c.lock.free(deadline);
    if (!c.sqlite.open) throw new Error("the database connection is closed");
    try {
      return fn(c.sql);
    } catch (e) {
      if (!isBusy(e) || c.sqlite.inTransaction) throw e;
      await c.waiter.wait(deadline);
    }
  }
}

/**
 * The direct SQL of a client once no transaction is open on its connection, for
 * a write made straight away (no await in between). Prefer writeSql, which also
 * waits for another process's write lock; this one fails at once if the lock is held.
 */
export async function sqlForWrite(db: PrismaClient): Promise<Sql> {
  const c = await connectionOf(db);
  const deadline = c.waiter.deadline();
  while (c.lock.held) await c.lock.free(deadline);
  return c.sql;
}

/** A date as Prisma's SQLite adapter stores DateTime columns (ISO 8601, "+00:00"), so both read each other's. */
export function sqlDate(d: Date): string {
  return d.toISOString().replace("Z", "+00:00");
}
