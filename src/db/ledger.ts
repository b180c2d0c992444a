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
//
// Order: waiters are resolved in arrival order, synchronously, and every update
// then takes the same steps to runner's sequentialize (bot/index.ts installs the
// ledger first, with nothing before it that awaits), so one chat's updates reach
// their queue in the order they came. Keep it that way.
// Recorded before handling: an update recorded and then caught by a crash, or
// still waiting behind an earlier update of its chat, is not handled again if
// Telegram delivers it anew (at most once, as one commit per update did).
import type { Db } from "./client.js";
import type { Clock } from "../clock.js";
import { sqlDate, sqlForWrite, type Sql } from "./sql.js";

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
      sql = await sqlForWrite(db); // a write inside someone's open transaction would be undone with it
    } catch (e) {
      failure = e;
    }
    // Taken after the await: ids that arrived meanwhile join this batch, and a
    // later batch cannot be committed (and handled) before an earlier one.
    const batch = waiting;
    waiting = [];
    if (!sql) {
      for (const w of batch) w.reject(failure);
      return;
    }
    const at = sqlDate(clock.now());
    try {
      const rows =
        batch.length === 1
          ? [sql.get<{ updateId: number }>(INSERT_ONE, batch[0]!.updateId, at)].filter((r) => r !== undefined)
          : sql.all<{ updateId: number }>(INSERT_MANY, at, JSON.stringify(batch.map((w) => w.updateId)));
      const inserted = new Set(rows.map((r) => r.updateId));
      // An id twice in one batch: the first is the delivery, the second the repeat.
      for (const w of batch) w.resolve(inserted.delete(w.updateId));
    } catch (e) {
      // Nothing of the batch was committed (one statement is atomic). A busy or
      // locked database fails the whole batch (each alone would wait as long again);
      // any other error is tried id by id, so that one bad id fails only its update.
      if (batch.length === 1 || isBusy(e)) {
        for (const w of batch) w.reject(e);
        return;
      }
      for (const w of batch) {
        try {
          w.resolve(sql.get(INSERT_ONE, w.updateId, at) !== undefined);
        } catch (one) {
          w.reject(one);
        }
      }
    }
  }

  return {
    record: (updateId) =>
      new Promise<boolean>((resolve, reject) => {
        if (waiting.push({ updateId, resolve, reject }) === 1) queueMicrotask(() => void flush());
      }),
  };
}

function isBusy(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === "string" && (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED"));
}

/** Forgets ids older than a week: Telegram keeps undelivered updates for a day. */
export async function pruneProcessedUpdates(db: Db, now: Date): Promise<void> {
  await db.processedUpdate.deleteMany({ where: { at: { lt: new Date(now.getTime() - 7 * 86400_000) } } });
}
