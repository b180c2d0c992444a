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
// Prisma query issued at the same moment would, the pragmas of db/client.ts's
// setUpConnection (WAL, busy_timeout, foreign keys) apply, and no second
// connection can ever wait for a lock this one holds. Writes go through
// sqlForWrite, which waits for any transaction Prisma has open on the connection
// rather than join it.
import type { Database, Statement } from "better-sqlite3";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type { PrismaClient } from "../generated/prisma/client.js";

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
};

type Connection = { sqlite: Database; sql: Sql };

/**
 * Prisma's better-sqlite3 adapter factory, remembering the connection each
 * connect() opens and preparing it (`setUp`: pragmas and the like), so that a
 * connection opened again after a disconnect is set up like the first.
 */
export class ConnectionKeepingAdapter extends PrismaBetterSQLite3 {
  connection: Connection | null = null;

  constructor(config: ConstructorParameters<typeof PrismaBetterSQLite3>[0], private readonly setUp: (sqlite: Database) => void) {
    super(config);
  }

  override async connect() {
    const adapter = await super.connect();
    // The adapter keeps its better-sqlite3 Database as `client` (adapter 6.x).
    const sqlite = (adapter as unknown as { client?: Database }).client;
    if (!sqlite || typeof sqlite.prepare !== "function") throw new Error("the Prisma SQLite adapter no longer exposes its connection: src/db/sql.ts needs updating");
    this.setUp(sqlite);
    this.connection = { sqlite, sql: statementsOn(sqlite) };
    return adapter;
  }
}

const adapters = new WeakMap<PrismaClient, ConnectionKeepingAdapter>();

export function rememberAdapter(db: PrismaClient, adapter: ConnectionKeepingAdapter): void {
  adapters.set(db, adapter);
}

/** Statements prepared on first use and kept for the life of the connection. */
function statementsOn(sqlite: Database): Sql {
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
    get: <T>(query: string, ...params: Param[]) => statement(query).get(...params) as T | undefined,
    all: <T>(query: string, ...params: Param[]) => statement(query).all(...params) as T[],
    run: (query: string, ...params: Param[]) => statement(query).run(...params).changes,
    inTransaction: () => sqlite.inTransaction,
  };
}

/** The direct SQL of a client opened by openDb; connects first when Prisma has not (yet, or again). */
export async function sqlOf(db: PrismaClient): Promise<Sql> {
  const adapter = adapters.get(db);
  if (!adapter) throw new Error("sqlOf: this client was not opened by openDb");
  if (!adapter.connection?.sqlite.open) await db.$connect();
  const c = adapter.connection;
  if (!c?.sqlite.open) throw new Error("sqlOf: the database connection is closed");
  return c.sql;
}

/** How long a direct write waits for a transaction on the connection to end before it fails. */
export const WRITE_WAIT_MS = 10_000;

/**
 * The direct SQL of a client once no transaction is open on its connection, for
 * writes made straight away (no await in between). Prisma runs a transaction's
 * statements one by one with awaits between them, on this same connection; a
 * direct write issued in such a gap would become part of that transaction and be
 * undone with it if it rolled back.
 */
export async function sqlForWrite(db: PrismaClient): Promise<Sql> {
  const until = Date.now() + WRITE_WAIT_MS;
  for (;;) {
    const sql = await sqlOf(db);
    if (!sql.inTransaction()) return sql;
    if (Date.now() > until) throw new Error(`a transaction has been open on the database connection for ${WRITE_WAIT_MS / 1000} s`);
    await new Promise((resolve) => setImmediate(resolve)); // Prisma's next statement, or its end
  }
}

/** A date as Prisma's SQLite adapter stores DateTime columns (ISO 8601, "+00:00"), so both read each other's. */
export function sqlDate(d: Date): string {
  return d.toISOString().replace("Z", "+00:00");
}
