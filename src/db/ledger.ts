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
// ledger first, with nothing before it that awaits: the rate limit before it
// decides synchronously), so one chat's updates reach
// their queue in the order they came. Keep it that way.
// Recorded before handling: an update recorded and then caught by a crash, or
// still waiting behind an earlier update of its chat, is not handled again if
// Telegram delivers it anew (at most once, as one commit per update did).
//
// A database locked by another process (db/busy.ts): reads go on in WAL mode,
// so the batch's ids are checked against the table (and against the ids this
// process holds unrecorded) and the fresh ones handled at once, to be recorded
// as soon as the lock goes. Waiting instead would leave every chat unanswered
// for as long as the lock, even those whose answer needs no write. The price:
// an update handled during the lock and caught by a hard stop before the lock
// went may be handled again if Telegram delivers it anew (its own writes
// waited for the lock too, so mostly an answer said twice).
import type { Db } from "./client.js";
import type { Clock } from "../clock.js";
import { isBusy, sleep } from "./busy.js";
import { sqlDate, sqlForWrite, writeSql, type Sql } from "./sql.js";

type Waiting = { updateId: number; resolve: (fresh: boolean) => void; reject: (e: unknown) => void };

// One statement for the whole batch (atomic on its own, one commit): the ids that
// were not there before come back. A lone id (no load) takes the plain insert,
// which better-sqlite3 runs in half the time through get().
const INSERT_MANY = `INSERT OR IGNORE INTO "ProcessedUpdate" ("updateId", "at") SELECT "value", ? FROM json_each(?) RETURNING "updateId"`;
const INSERT_ONE = `INSERT OR IGNORE INTO "ProcessedUpdate" ("updateId", "at") VALUES (?, ?) RETURNING "updateId"`;
const SELECT_KNOWN = `SELECT "updateId" FROM "ProcessedUpdate" WHERE "updateId" IN (SELECT "value" FROM json_each(?))`;

export type UpdateLedger = {
  /** Settles once the id is committed: true for a first delivery, false if it was recorded before. */
  record(updateId: number): Promise<boolean>;
};

export function updateLedger(db: Db, clock: Clock): UpdateLedger {
  let waiting: Waiting[] = [];
  // Ids handled while the database was locked, not yet in the table.
  const unrecorded = new Set<number>();
  let recorder: Promise<void> | null = null;

  /** Records the held ids once the lock goes; gives up only on an error other than a busy database. */
  function recordHeld(): void {
    recorder ??= (async () => {
      while (unrecorded.size) {
        const ids = [...unrecorded];
        try {
          await writeSql(db, (sql) => sql.all(INSERT_MANY, sqlDate(clock.now()), JSON.stringify(ids)));
          for (const id of ids) unrecorded.delete(id);
        } catch (e) {
          if (!isBusy(e)) return; // closed, or worse: the ids stay known to this process
          await sleep(1000);
        }
      }
    })().finally(() => {
      recorder = null;
    });
  }

  /** The database is locked: the fresh ids of the batch go on, recorded later. */
  function goOnUnrecorded(sql: Sql, batch: Waiting[]): void {
    let known: Set<number>;
    try {
      known = new Set(sql.all<{ updateId: number }>(SELECT_KNOWN, JSON.stringify(batch.map((w) => w.updateId))).map((r) => r.updateId));
    } catch (e) {
      for (const w of batch) w.reject(e);
      return;
    }
    for (const w of batch) {
      const fresh = !known.has(w.updateId) && !unrecorded.has(w.updateId);
      if (fresh) unrecorded.add(w.updateId);
      w.resolve(fresh);
    }
    recordHeld();
  }

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
    let batch = waiting;
    waiting = [];
    if (!sql) {
      for (const w of batch) w.reject(failure);
      return;
    }
    if (unrecorded.size) {
      // Held ids are repeats, whatever the table says for now.
      for (const w of batch) if (unrecorded.has(w.updateId)) w.resolve(false);
      batch = batch.filter((w) => !unrecorded.has(w.updateId));
      if (!batch.length) return;
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
      // Nothing of the batch was committed (one statement is atomic). A locked
      // database: see the header. Any other error is tried id by id, so that one
      // bad id fails only its update.
      if (isBusy(e)) return goOnUnrecorded(sql, batch);
      if (batch.length === 1) {
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
