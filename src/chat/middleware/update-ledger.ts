// The update ledger: the id of every Telegram update is recorded before the update
// is handled, so that a second delivery (Telegram, or a restart before the runner
// confirmed an offset) is recognised and dropped. The primary key does the
// recognising: two deliveries cannot both insert.
//
// One statement (one commit) per update. The ids of a getUpdates batch were once
// recorded together in one commit (~2 µs an update in a batch of 100 against
// ~45–60 µs each, bench/RESULTS.md); a bloc of a few dozen people rarely sends
// such batches, so that group commit went (issue 15).
//
// Order: records are made one after another in the order record() is called,
// and each settles before the next is made, so one chat's updates reach
// runner's sequentialize (chat/bot.ts installs the ledger first, with nothing
// before it that awaits: the rate limit before it decides synchronously; the
// loop turns after it, chat/middleware/turns.ts, let them on first come, first served)
// in the order they came. Recorded before handling: an update recorded and then caught
// by a crash, or still waiting behind an earlier update of its chat, is not
// handled again if Telegram delivers it anew (at most once).
//
// A database locked by another process (shared/db/busy.ts): reads go on in WAL mode,
// so the id is checked against the table (and against the ids this process
// holds unrecorded) and a fresh one handled at once, to be recorded as soon as
// the lock goes. Waiting instead would leave every chat unanswered for as long
// as the lock, even those whose answer needs no write. The price: an update
// handled during the lock and caught by a hard stop before the lock went may be
// handled again if Telegram delivers it anew (its own writes waited for the
// lock too, so mostly an answer said twice).
import type { Db } from "../../shared/db/client.js";
import type { Clock } from "../../shared/clock.js";
import { isBusy, sleep } from "../../shared/db/busy.js";
import { sqlDate, sqlForWrite, writeSql } from "../../shared/db/sql.js";

const INSERT = `INSERT OR IGNORE INTO "ProcessedUpdate" ("updateId", "at") VALUES (?, ?) RETURNING "updateId"`;
const SELECT_KNOWN = `SELECT 1 AS "known" FROM "ProcessedUpdate" WHERE "updateId" = ?`;

export type UpdateLedger = {
  /**
   * Settles once the id is committed: true for a first delivery, false if it
   * was recorded before. Rejects with the database's error when the id could
   * not be recorded (then the update is not handled). Settles in call order.
   */
  record(updateId: number): Promise<boolean>;
};

export function updateLedger(db: Db, clock: Clock): UpdateLedger {
  // Ids handled while the database was locked, not yet in the table.
  const unrecorded = new Set<number>();
  let recorder: Promise<void> | null = null;
  // The record before: each one is made once it has settled.
  let previous: Promise<unknown> = Promise.resolve();

  /** Records the held ids once the lock goes; gives up only on an error other than a busy database. */
  function recordHeld(): void {
    recorder ??= (async () => {
      while (unrecorded.size) {
        const ids = [...unrecorded];
        try {
          await writeSql(db, (sql) => {
            for (const id of ids) sql.get(INSERT, id, sqlDate(clock.now()));
          });
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

  async function recordOne(updateId: number): Promise<boolean> {
    const sql = await sqlForWrite(db); // a write inside someone's open transaction would be undone with it
    if (unrecorded.has(updateId)) return false; // held ids are repeats, whatever the table says for now
    try {
      return sql.get(INSERT, updateId, sqlDate(clock.now())) !== undefined;
    } catch (e) {
      if (!isBusy(e)) throw e;
      // Locked by another process: see the header.
      if (sql.get(SELECT_KNOWN, updateId) !== undefined) return false;
      unrecorded.add(updateId);
      recordHeld();
      return true;
    }
  }

  return {
    record(updateId) {
      const recorded = previous.then(() => recordOne(updateId));
      previous = recorded.catch(() => undefined);
      return recorded;
    },
  };
}
