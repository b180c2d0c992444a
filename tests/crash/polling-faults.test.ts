// The real bot as a process (node --import tsx src/main.ts, with npm start's
// flags) when getUpdates fails as Telegram fails it: 409 while another instance
// polls with the same token, 401 once the token is revoked.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BotProcess, HttpTelegram, PROCESS_EVENT_MS, PROCESS_TOKEN, PrivateChat, productionNodeFlags } from "../harness/http-telegram.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** Waits for the process's events: hang-stoppers, not speed goals (see PROCESS_EVENT_MS). */
const START_MS = PROCESS_EVENT_MS;
const STEP_MS = PROCESS_EVENT_MS;
const CONFLICT = { error_code: 409, description: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running" };

let srv: HttpTelegram;
let dir: string;
let bots: BotProcess[] = [];

beforeEach(async () => {
  srv = await HttpTelegram.start({ token: PROCESS_TOKEN });
  dir = mkdtempSync(join(tmpdir(), "khoi-polling-"));
});

afterEach(async () => {
  for (const b of bots) await b.stop("SIGKILL");
  bots = [];
  await srv.close();
  rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, check: () => boolean, timeoutMs = STEP_MS, bot?: BotProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${bot ? `:\n${bot.output}` : ""}`);
    await sleep(25);
  }
}

/** Starts the bot (logging at info) and waits for its first poll. */
async function startBot(): Promise<BotProcess> {
  const polls = srv.polls.length;
  const bot = new BotProcess({
    args: [...productionNodeFlags(ROOT), "--import", "tsx", "src/main.ts"],
    cwd: ROOT,
    env: { BOT_TOKEN: PROCESS_TOKEN, TELEGRAM_API_ROOT: srv.apiRoot, DATABASE_URL: `file:${join(dir, "bot.db")}`, ADMIN_IDS: "1", LOG_LEVEL: "info" },
  });
  bots.push(bot);
  await until("the first poll", () => srv.polls.length > polls || !bot.running, START_MS, bot);
  if (!bot.running) throw new Error(`the bot exited at start:\n${bot.output}`);
  return bot;
}

/** Lines of the bot's output that match. */
const lines = (bot: BotProcess, re: RegExp) => bot.output.split("\n").filter((l) => re.test(l));

/** Traces of a crash: Node's report of an unhandled rejection or exception, or a stack. */
function expectNoCrashTrace(bot: BotProcess): void {
  expect(bot.output).not.toMatch(/unhandled|uncaught|UnhandledPromiseRejection/i);
  expect(bot.output).not.toMatch(/"stack"|\n\s+at \S|\\n\s+at /);
}

describe("getUpdates answered 409 (another instance polls with this token)", () => {
  it("says so in one line, retries with growing waits, and serves again once the other instance is gone", async () => {
    const bot = await startBot();
    srv.failPolls(CONFLICT);
    // Four polls refused: the one held open when the conflict began, then retries.
    const refused = () => srv.polls.filter((p) => p.status === 409);
    await until("four refused polls", () => refused().length >= 4, STEP_MS, bot);
    // Backoff: the waits between retries double (0.5, 1, 2, 4 s...). Whether or not
    // the first refused poll was one held open, the 2nd→3rd and 3rd→4th waits are
    // at least 1 and 2 s.
    const [, a, b, c] = refused();
    expect(b!.at - a!.at).toBeGreaterThanOrEqual(950);
    expect(c!.at - b!.at).toBeGreaterThanOrEqual(1950);
    expect(bot.running).toBe(true);

    srv.failPolls(null); // the other instance stopped
    const lan = new PrivateChat(srv, 200, "Lan");
    const from = srv.calls.length;
    lan.send("/start");
    await lan.waitText("Lan", { from, timeoutMs: STEP_MS });

    const conflictLines = lines(bot, /another instance is polling/);
    expect(conflictLines, bot.output).toHaveLength(1);
    expect(conflictLines[0]).toContain("409");
    expect(lines(bot, /Telegram answers again/), bot.output).toHaveLength(1);
    expect(bot.running).toBe(true);
    expectNoCrashTrace(bot);
  }, 90_000);
});

describe("getUpdates answered 401 (the token was revoked)", () => {
  it("says so in one line and exits with code 1 after stopping the scheduler and closing the database", async () => {
    const bot = await startBot();
    srv.revokeToken();
    const exit = await bot.exited;
    expect(exit, bot.output).toEqual({ code: 1, signal: null });

    const revoked = lines(bot, /refused the bot token/);
    expect(revoked, bot.output).toHaveLength(1);
    expect(revoked[0]).toContain("401");
    expect(revoked[0]).toContain("BOT_TOKEN");
    // Stopped in order: the "stopped" line is written after the database is closed,
    // and a closed SQLite database leaves no write-ahead log behind.
    const at = (re: RegExp) => bot.output.split("\n").findIndex((l) => re.test(l));
    expect(at(/"msg":"stopped"/)).toBeGreaterThan(at(/refused the bot token/));
    expect(existsSync(join(dir, "bot.db-wal"))).toBe(false);
    expectNoCrashTrace(bot);
  }, 90_000);
});
