// The health check (node dist/cli/health.js, the Docker image's HEALTHCHECK):
// healthy while the database opens and the scheduler ticks; unhealthy when the
// heartbeat is stale (the process, its loop or its scheduler stopped), was never
// written, or the database cannot be opened. Through the harness with the clock
// moved, and with the real bot as a process.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { applyMigrations } from "../../../src/shared/db/migrate.js";
import { DatabaseOpenError } from "../../../src/shared/db/database-file.js";
import { checkHealth, HEARTBEAT_MAX_AGE_MS } from "../../../src/shared/db/health.js";
import { Harness } from "../../harness/harness.js";
import { BotProcess, HttpTelegram, PROCESS_TOKEN, productionNodeFlags, until } from "../../harness/http-telegram.js";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const MINUTE = 60_000;

let h: Harness | null = null;
let srv: HttpTelegram | null = null;
let bot: BotProcess | null = null;
const dirs: string[] = [];

afterEach(async () => {
  await bot?.stop("SIGKILL");
  bot = null;
  await srv?.close();
  srv = null;
  await h?.close();
  h = null;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "khoi-health-"));
  dirs.push(d);
  return d;
}

const later = (from: Date, ms: number) => new Date(from.getTime() + ms);

/** Runs the health check as the image does (the same source, through tsx). */
function healthCommand(databaseUrl: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/health.ts"], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", DATABASE_URL: databaseUrl },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (b: Buffer) => (stdout += b.toString("utf8")));
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString("utf8")));
    child.once("error", reject);
    child.once("close", (status) => resolve({ status, stdout, stderr }));
  });
}

describe("the health check, with the clock moved", () => {
  it("healthy after a tick, until the heartbeat is older than the limit; each tick renews it", async () => {
    h = await Harness.create();
    const url = h.config.databaseUrl;
    const t0 = h.clock.now();
    expect(checkHealth(url, t0)).toEqual({ ok: false, line: "unhealthy: the scheduler has not recorded a tick yet" });

    await h.app.scheduler.tick();
    expect(checkHealth(url, later(t0, 30_000))).toEqual({ ok: true, line: `healthy: the scheduler's last tick was 30 s ago (${t0.toISOString()})` });
    expect(checkHealth(url, later(t0, HEARTBEAT_MAX_AGE_MS)).ok).toBe(true);
    const stale = checkHealth(url, later(t0, HEARTBEAT_MAX_AGE_MS + MINUTE));
    expect(stale).toEqual({ ok: false, line: `unhealthy: the scheduler's last tick was 6 min ago (${t0.toISOString()}), more than 5 min` });

    h.clock.advance(HEARTBEAT_MAX_AGE_MS + MINUTE);
    await h.app.scheduler.tick();
    expect(checkHealth(url, later(h.clock.now(), MINUTE)).ok).toBe(true);
  });

  it("while the database takes no writes (another process holds its lock), the heartbeat goes stale; once it does again, it is fresh", async () => {
    h = await Harness.create({ env: { DB_BUSY_WAIT_MS: "100" } });
    const url = h.config.databaseUrl;
    await h.app.scheduler.tick();
    const t0 = h.clock.now();
    const other = new Database(url.slice("file:".length));
    other.exec("BEGIN IMMEDIATE");
    try {
      for (let minute = 1; minute <= 6; minute++) {
        h.clock.advance(MINUTE);
        await h.app.scheduler.tick(); // each beat's write waits out DB_BUSY_WAIT_MS and gives up
      }
      const verdict = checkHealth(url, h.clock.now());
      expect(verdict).toEqual({ ok: false, line: `unhealthy: the scheduler's last tick was 6 min ago (${t0.toISOString()}), more than 5 min` });
      expect(h.logs.join("")).toContain("the database stayed locked by another process");
    } finally {
      other.exec("ROLLBACK");
      other.close();
    }
    h.clock.advance(MINUTE);
    await h.app.scheduler.tick();
    expect(checkHealth(url, h.clock.now())).toEqual({ ok: true, line: `healthy: the scheduler's last tick was 0 s ago (${h.clock.now().toISOString()})` });
  });

  it("a database that cannot be opened: DatabaseOpenError naming DATABASE_URL and the path", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "notes.db"), "not a database, just notes\n".repeat(10));
    expect(() => checkHealth(`file:${join(dir, "notes.db")}`, new Date())).toThrow(DatabaseOpenError);
    expect(() => checkHealth(`file:${join(dir, "missing.db")}`, new Date())).toThrow(`DATABASE_URL=file:${join(dir, "missing.db")}: cannot open ${join(dir, "missing.db")} (the file does not exist)`);
  });
});

describe("the health check as the image runs it, against the real bot", () => {
  it("passes while the bot runs; fails once its heartbeat is stale, without a heartbeat, or when the database cannot be opened", async () => {
    const dir = tempDir();
    const url = `file:${join(dir, "bot.db")}`;
    srv = await HttpTelegram.start({ token: PROCESS_TOKEN });
    bot = new BotProcess({
      args: [...productionNodeFlags(ROOT), "--import", "tsx", "src/main.ts"],
      cwd: ROOT,
      env: { BOT_TOKEN: PROCESS_TOKEN, TELEGRAM_API_ROOT: srv.apiRoot, DATABASE_URL: url, ADMIN_IDS: "1", LOG_LEVEL: "warn" },
    });
    const running = bot;
    await until("the first poll", () => srv!.polls.length > 0 || !running.running, { bot: running });
    // The scheduler's first tick comes right after the start: wait for its heartbeat.
    const file = join(dir, "bot.db");
    const beat = () => {
      const db = new Database(file, { readonly: true });
      try {
        return (db.prepare(`SELECT "at" FROM "Heartbeat" WHERE "name" = 'scheduler'`).get() as { at: string } | undefined)?.at;
      } finally {
        db.close();
      }
    };
    await until("the scheduler's first heartbeat", () => beat() !== undefined, { bot: running });

    const alive = await healthCommand(url);
    expect(alive.status, alive.stdout + alive.stderr).toBe(0);
    expect(alive.stdout).toMatch(/^healthy: the scheduler's last tick was \d+ s ago \(\d{4}-\d\d-\d\dT[\d:.]+Z\)\n$/);

    // The process gone (killed hard, so it writes nothing more), its last heartbeat ten minutes old.
    await running.stop("SIGKILL");
    const old = new Date(Date.now() - 10 * MINUTE);
    const db = new Database(file);
    db.prepare(`UPDATE "Heartbeat" SET "at" = ? WHERE "name" = 'scheduler'`).run(old.toISOString().replace("Z", "+00:00"));
    db.close();
    const stale = await healthCommand(url);
    expect(stale.status).toBe(1);
    expect(stale.stderr).toBe(`unhealthy: the scheduler's last tick was 10 min ago (${old.toISOString()}), more than 5 min\n`);

    // A database no bot has ticked on: no heartbeat.
    const fresh = join(dir, "fresh.db");
    applyMigrations(`file:${fresh}`);
    const none = await healthCommand(`file:${fresh}`);
    expect([none.status, none.stderr]).toEqual([1, "unhealthy: the scheduler has not recorded a tick yet\n"]);

    // The database cannot be opened: the same line as the bot's, exit code 1.
    const missing = await healthCommand(`file:${join(dir, "nope", "bot.db")}`);
    expect([missing.status, missing.stderr]).toEqual([1, `unhealthy: DATABASE_URL=file:${join(dir, "nope", "bot.db")}: cannot open ${join(dir, "nope", "bot.db")} (directory does not exist)\n`]);
  });
});
