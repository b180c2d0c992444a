// The real bot as a process (node --import tsx src/main.ts, with npm start's
// flags) when getUpdates fails as Telegram fails it: 409 while another instance
// polls with the same token, 401 once the token is revoked.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PROCESS_EVENT_MS, PROCESS_TOKEN, PrivateChat, until, type BotProcess } from "../harness/http-telegram.js";
import { processWorld } from "../harness/world.js";

/** Waits for the process's events: a hang-stopper, not a speed goal (see PROCESS_EVENT_MS). */
const STEP_MS = PROCESS_EVENT_MS;
const CONFLICT = { error_code: 409, description: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running" };

const world = processWorld("khoi-polling-", { telegram: true });

/** Starts the bot (logging at info) and waits for its first poll. */
function startBot(): Promise<BotProcess> {
  return world.startBot({ BOT_TOKEN: PROCESS_TOKEN, LOG_LEVEL: "info" }, [world.telegramPolled()]);
}

/** Traces of a crash: Node's report of an unhandled rejection or exception, or a stack. */
function expectNoCrashTrace(bot: BotProcess): void {
  expect(bot.output).not.toMatch(/unhandled|uncaught|UnhandledPromiseRejection/i);
  expect(bot.output).not.toMatch(/"stack"|\n\s+at \S|\\n\s+at /);
}

describe("getUpdates answered 409 (another instance polls with this token)", () => {
  it("says so in one line, retries with growing waits, and serves again once the other instance is gone", async () => {
    const bot = await startBot();
    world.srv.failPolls(CONFLICT);
    // Four polls refused: the one held open when the conflict began, then retries.
    const refused = () => world.srv.polls.filter((p) => p.status === 409);
    await until("four refused polls", () => refused().length >= 4, { timeoutMs: STEP_MS, bot });
    // Backoff: the waits between retries double (0.5, 1, 2, 4 s...). Whether or not
    // the first refused poll was one held open, the 2nd→3rd and 3rd→4th waits are
    // at least 1 and 2 s.
    const [, a, b, c] = refused();
    expect(b!.at - a!.at).toBeGreaterThanOrEqual(950);
    expect(c!.at - b!.at).toBeGreaterThanOrEqual(1950);
    expect(bot.running).toBe(true);

    world.srv.failPolls(null); // the other instance stopped
    const lan = new PrivateChat(world.srv, 200, "Lan");
    const from = world.srv.calls.length;
    lan.send("/start");
    await lan.waitText("Lan", { from, timeoutMs: STEP_MS });

    const conflictLines = bot.lines(/another instance is polling/);
    expect(conflictLines, bot.output).toHaveLength(1);
    expect(conflictLines[0]).toContain("409");
    expect(bot.lines(/Telegram answers again/), bot.output).toHaveLength(1);
    expect(bot.running).toBe(true);
    expectNoCrashTrace(bot);
  }, 90_000);
});

describe("getUpdates answered 401 (the token was revoked)", () => {
  it("says so in one line and exits with code 1 after stopping the scheduler and closing the database", async () => {
    const bot = await startBot();
    world.srv.revokeToken();
    const exit = await bot.exited;
    expect(exit, bot.output).toEqual({ code: 1, signal: null });

    const revoked = bot.lines(/refused the bot token/);
    expect(revoked, bot.output).toHaveLength(1);
    expect(revoked[0]).toContain("401");
    expect(revoked[0]).toContain("BOT_TOKEN");
    // Stopped in order: the "stopped" line is written after the database is closed,
    // and a closed SQLite database leaves no write-ahead log behind.
    const at = (re: RegExp) => bot.output.split("\n").findIndex((l) => re.test(l));
    expect(at(/"msg":"stopped"/)).toBeGreaterThan(at(/refused the bot token/));
    expect(existsSync(join(world.dir, "bot.db-wal"))).toBe(false);
    expectNoCrashTrace(bot);
  }, 90_000);
});
