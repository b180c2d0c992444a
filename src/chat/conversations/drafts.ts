// What dialogues keep beyond their own conversation state: drafts of dialogues
// without a table of their own (/newballot's), and the last press of each
// toggle button, so that a double tap counts once.
import { createHmac, randomBytes } from "node:crypto";
import type { z } from "zod";
import type { Db } from "../../shared/db/client.js";
import { sqlDate, sqlOf, writeSql } from "../../shared/db/sql.js";
import { storedJsonText } from "../../shared/db/stored.js";

/**
 * A person's draft of a dialogue (DialogueDraft.data), checked against the
 * dialogue's own `schema`, or null when there is none. Throws StoredValueError
 * (naming the row) when the stored value does not fit.
 */
export async function getDialogueDraft<T>(db: Db, personId: number, dialogue: string, schema: z.ZodType<T>): Promise<{ data: T; updatedAt: Date } | null> {
  const row = (await sqlOf(db)).get<{ data: unknown; updatedAt: string }>(`SELECT "data", "updatedAt" FROM "DialogueDraft" WHERE "personId" = ? AND "dialogue" = ?`, personId, dialogue);
  return row ? { data: storedJsonText(schema, row.data, { table: "DialogueDraft", column: "data", row: `${personId}:${dialogue}` }), updatedAt: new Date(row.updatedAt) } : null;
}

/** Keeps a dialogue's draft: `data` is a JSON object (serialised here, once, for the direct statement). */
export async function saveDialogueDraft(db: Db, personId: number, dialogue: string, data: object, at: Date): Promise<void> {
  const json = JSON.stringify(data);
  await writeSql(db, (sql) =>
    sql.run(
      `INSERT INTO "DialogueDraft" ("personId", "dialogue", "data", "updatedAt") VALUES (?, ?, ?, ?)
       ON CONFLICT ("personId", "dialogue") DO UPDATE SET "data" = excluded."data", "updatedAt" = excluded."updatedAt"`,
      personId, dialogue, json, sqlDate(at),
    ),
  );
}

export async function deleteDialogueDraft(db: Db, personId: number, dialogue: string): Promise<void> {
  await writeSql(db, (sql) => sql.run(`DELETE FROM "DialogueDraft" WHERE "personId" = ? AND "dialogue" = ?`, personId, dialogue));
}

/** Drafts untouched for this long are dropped by the housekeeping job. */
export const DIALOGUE_DRAFT_DAYS = 30;

/** Deletes drafts last saved before `before` (through the index on updatedAt); returns how many. */
export async function pruneDialogueDrafts(db: Db, before: Date): Promise<number> {
  return writeSql(db, (sql) => sql.run(`DELETE FROM "DialogueDraft" WHERE "updatedAt" < ?`, sqlDate(before)));
}

/**
 * The key under which a secret ballot's vote press is claimed: `sv:<ballot>:` and
 * an HMAC-SHA256 of who pressed what (`parts`: the presser, the message, the
 * button's data, which names the choice) under a key drawn when the process
 * starts and never written anywhere. Two equal presses still meet under one key,
 * but nothing on disk (the row, the write-ahead log, a backup) can tell whose
 * press or which choice it was, with or without the ballot's own key. The cost:
 * a double tap split by a restart of the bot counts twice on a secret ballot.
 * The prefix lets the close and the cancel delete the ballot's presses
 * (deleteSecretPressesOps) in their own transactions.
 */
export function secretPressKey(ballotId: number, parts: string): string {
  return `${secretPressPrefix(ballotId)}${createHmac("sha256", PRESS_KEY).update(parts).digest("base64url")}`;
}

/** The first characters of every secret press key of a ballot. */
export function secretPressPrefix(ballotId: number): string {
  return `sv:${ballotId}:`;
}

/** Never written: see secretPressKey. */
const PRESS_KEY = randomBytes(32);

/** Deletes the presses of a secret ballot (a range of the primary key: `sv:<id>:` ≤ key < `sv:<id>;`); for its close and cancel transactions. */
export function deleteSecretPressesOps(db: Db, ballotId: number) {
  const prefix = secretPressPrefix(ballotId);
  return db.buttonPress.deleteMany({ where: { key: { gte: prefix, lt: `${prefix.slice(0, -1)};` } } });
}

/** Two identical presses closer than this are one press (a double tap). */
export const DOUBLE_TAP_MS = 3_000;

/**
 * Records a press of a toggle and says whether it counts: false when the same
 * person pressed the same button (same chat, message and data) less than
 * DOUBLE_TAP_MS before, by the bot's clock. One statement, so two presses
 * handled at the same moment (the runner's concurrency, or a second process)
 * cannot both count; in the database, so a restart in between changes nothing.
 * A repeat does not move the recorded time: a third press after the window counts.
 */
export async function claimPress(db: Db, key: string, now: Date): Promise<boolean> {
  const changed = await writeSql(db, (sql) =>
    sql.run(
      `INSERT INTO "ButtonPress" ("key", "at") VALUES (?, ?)
       ON CONFLICT ("key") DO UPDATE SET "at" = excluded."at" WHERE "ButtonPress"."at" <= ?`,
      key, sqlDate(now), sqlDate(new Date(now.getTime() - DOUBLE_TAP_MS)),
    ),
  );
  return changed > 0;
}

/** Forgets a claimed press whose action failed, so that pressing again works at once. */
export async function releasePress(db: Db, key: string): Promise<void> {
  await writeSql(db, (sql) => sql.run(`DELETE FROM "ButtonPress" WHERE "key" = ?`, key));
}

/** Presses older than the double-tap window can no longer matter; deleted through the index on `at`. */
export async function prunePresses(db: Db, now: Date): Promise<number> {
  return writeSql(db, (sql) => sql.run(`DELETE FROM "ButtonPress" WHERE "at" < ?`, sqlDate(new Date(now.getTime() - DOUBLE_TAP_MS))));
}
