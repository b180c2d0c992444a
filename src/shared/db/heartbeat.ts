// The scheduler's heartbeat, written every minute by the heartbeat job
// (jobs.ts) into the Heartbeat table; health.ts reads it from another
// process.
import type { PrismaClient } from "../../generated/prisma/client.js";
import { SCHEDULER_HEARTBEAT } from "./health.js";
import { sqlDate, writeSql } from "./sql.js";

/**
 * Records that `name` was alive at `at`. A write like any other: it waits for
 * another process's write lock (shared/db/busy.ts) and for a transaction open on the
 * connection, up to DB_BUSY_WAIT_MS, then throws DatabaseBusyError.
 */
export async function recordHeartbeat(db: PrismaClient, at: Date, name = SCHEDULER_HEARTBEAT): Promise<void> {
  await writeSql(db, (sql) =>
    sql.run(`INSERT INTO "Heartbeat" ("name", "at") VALUES (?, ?) ON CONFLICT ("name") DO UPDATE SET "at" = excluded."at"`, name, sqlDate(at)),
  );
}
