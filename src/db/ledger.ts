// The update ledger: the id of every Telegram update is recorded before the update
// is handled, so that a second delivery (Telegram, or a restart before the runner
// confirmed an offset) is recognised and dropped. The primary key does the
// recognising: two deliveries cannot both insert.
//
// Group commit: the runner hands the bot a whole getUpdates batch (up to 100
// updates) and handles them concurrently. The ids that reach the ledger in the same
// run of the microtask queue are recorded in one statement (one commit), and each update goes
// on only once its own id is committed: the guarantee of a commit per update, at
// a fraction of the cost under load (a commit is the largest cost of a small update).
import type { Db } from "./client.js";
import type { Clock } from "../clock.js";
import { sqlDate, sqlOf, type Sql } from "./sql.js";

type Waiting = { updateId: number; resolve: (fresh: boolean) => void; reject: (e: unknown) => void };

// One statement for the whole batch (atomic on its own, one commit): the ids that
// were not there before come back. A lone id (no load) takes the plain insert,
// which better-sqlite3 runs in half the time through get().
const INSERT_MANY = `INSERT OR IGNORE INTO "ProcessedUpdate" ("updateId", "at") SELECT "value", ? FROM json_each(?) RETURNING "updateId"`;
const INSERT_ONE = `INSERT OR IGNORE INTO "ProcessedUpdate" ("updateId", "at") VALUES (?, ?) RETURNING "updateId"`;

export type UpdateLedger = {
  /** Settles once the id is committed: true for a first delivery, false if it was recorded before. */
  record(updateId: number): Promise<boolean>;
};

export function updateLedger(db: Db, clock: Clock): UpdateLedger {
  let waiting: Waiting[] = [];

  async function flush(): Promise<void> {
    let sql: Sql | undefined;
    let failure: unknown;
    try {
      sql = await sqlOf(db);
    } catch (e) {
      failure = e;
    }
    // Taken after the await: ids that arrived meanwhile join this batch, and a
    // later batch cannot be committed (and handled) before an earlier one.
    const batch = waiting;
    waiting = [];
    try {
      if (!sql) throw failure;
      const at = sqlDate(clock.now());
      const rows =
        batch.length === 1
          ? [sql.get<{ updateId: number }>(INSERT_ONE, batch[0]!.updateId, at)].filter((r) => r !== undefined)
          : sql.all<{ updateId: number }>(INSERT_MANY, at, JSON.stringify(batch.map((w) => w.updateId)));
      const inserted = new Set(rows.map((r) => r.updateId));
      // An id twice in one batch: the first is the delivery, the second the repeat.
      for (const w of batch) w.resolve(inserted.delete(w.updateId));
    } catch (e) {
      // Nothing of the batch was committed (the statement is atomic): each update fails as a whole.
      for (const w of batch) w.reject(e);
    }
  }

  return {
    record: (updateId) =>
      new Promise<boolean>((resolve, reject) => {
        if (waiting.push({ updateId, resolve, reject }) === 1) queueMicrotask(() => void flush());
      }),
  };
}

/** Forgets ids older than a week: Telegram keeps undelivered updates for a day. */
export async function pruneProcessedUpdates(db: Db, now: Date): Promise<void> {
  await db.processedUpdate.deleteMany({ where: { at: { lt: new Date(now.getTime() - 7 * 86400_000) } } });
}
