// Is the bot alive? The database opens, and the scheduler ticked recently (its
// heartbeat, shared/db/heartbeat.ts). What the Docker image's HEALTHCHECK and
// `npm run health` run (cli/health.ts). Telegram is never called: the bot waits
// out Telegram's outages by itself (polling.ts), and a health check that failed
// with Telegram would only restart a bot that is fine.
// Only better-sqlite3 is loaded here (no Prisma, no grammY): it runs every minute.
import type { Database } from "better-sqlite3";
import { openForReading } from "./database-file.js";

/** The Heartbeat row the scheduler writes (shared/db/heartbeat.ts). */
export const SCHEDULER_HEARTBEAT = "scheduler";

/**
 * How long the scheduler may go without a tick before the bot counts as
 * unhealthy, in ms. It beats every minute; a write that waits for a database
 * locked by a backup, or a beat the machine was too busy to run on time, must
 * not count, so a few minutes are allowed.
 */
export const HEARTBEAT_MAX_AGE_MS = 5 * 60_000;

export type Health = { ok: boolean; line: string };

/**
 * The last heartbeat of `name` on a plain connection (the health check's own,
 * read-only): null when none was recorded, "no-table" when the database was
 * never opened by a bot that writes heartbeats.
 */
export function readHeartbeat(sqlite: Database, name = SCHEDULER_HEARTBEAT): Date | null | "no-table" {
  const table = sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'Heartbeat'`).get();
  if (!table) return "no-table";
  const row = sqlite.prepare(`SELECT "at" FROM "Heartbeat" WHERE "name" = ?`).get(name) as { at: string | number } | undefined;
  return row ? new Date(row.at) : null;
}

function ago(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

/** The verdict on a heartbeat read at `now`: healthy when it is at most `maxAgeMs` old (a heartbeat ahead of `now`, after the clock was set back, counts as fresh). */
export function judgeHeartbeat(last: Date | null | "no-table", now: Date, maxAgeMs = HEARTBEAT_MAX_AGE_MS): Health {
  if (last === "no-table") return { ok: false, line: "unhealthy: the database has no Heartbeat table (no bot of this version has started on it)" };
  if (last === null) return { ok: false, line: "unhealthy: the scheduler has not recorded a tick yet" };
  const age = now.getTime() - last.getTime();
  const when = `the scheduler's last tick was ${ago(age)} ago (${last.toISOString()})`;
  if (age > maxAgeMs) return { ok: false, line: `unhealthy: ${when}, more than ${ago(maxAgeMs)}` };
  return { ok: true, line: `healthy: ${when}` };
}

/**
 * Opens the database of `databaseUrl` read-only, reads the scheduler's
 * heartbeat and judges it at `now`. Throws DatabaseOpenError (one line naming
 * DATABASE_URL and the path) when the database cannot be opened.
 */
export function checkHealth(databaseUrl: string, now: Date, maxAgeMs = HEARTBEAT_MAX_AGE_MS): Health {
  const sqlite = openForReading(databaseUrl);
  try {
    return judgeHeartbeat(readHeartbeat(sqlite, SCHEDULER_HEARTBEAT), now, maxAgeMs);
  } finally {
    sqlite.close();
  }
}
