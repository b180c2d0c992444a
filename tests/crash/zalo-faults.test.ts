// The real bot as a process (node --import tsx src/main.ts, with npm start's
// flags) serving Telegram (the HTTP fake Bot API) and Zalo (the HTTP fake Zalo
// Bot API, ZALO_API_ROOT), for what only a process shows (issue 16 items 6, 8):
//  - Telegram refusing its token, while running or at start, stops the Telegram
//    side with one line and leaves Zalo running; with no side left, exit 1;
//  - with PUBLIC_URL (and no webhook secret: Zalo long-polled), a file made for
//    Zalo is served at the bot's own HTTP server under its signed link, and the
//    links already sent stay good after Zalo refuses the token.
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PrivateChat, until, PROCESS_TOKEN, type BotProcess } from "../harness/http-telegram.js";
import { FAKE_ZALO_TOKEN } from "../harness/fake-zalo.js";
import { processWorld } from "../harness/world.js";

const world = processWorld("khoi-zalo-faults-", { telegram: true, zalo: true });

/** Starts the bot serving Zalo (and Telegram as `env` says) and waits until it polls Zalo (and Telegram, when `telegramPolls`). */
function startBot(env: Record<string, string>, telegramPolls = true): Promise<BotProcess> {
  const ready = telegramPolls ? [world.zaloPolled(), world.telegramPolled()] : [world.zaloPolled()];
  return world.startBot({ ZALO_BOT_TOKEN: FAKE_ZALO_TOKEN, LOG_LEVEL: "info", ...env }, ready);
}

describe("Telegram refusing its token leaves the Zalo side running", () => {
  it("while running: one line, Telegram no longer polled, Zalo answers on; SIGTERM ends it with code 0", async () => {
    const bot = await startBot({ BOT_TOKEN: PROCESS_TOKEN });
    const lan = world.zalo.user("Lan");
    await world.zalo.say(lan, "/start", /Xin chào Lan/);

    world.srv.revokeToken();
    await until("the Telegram side stopped", () => bot.lines(/telegram side stopped; Zalo goes on/).length > 0 || !bot.running, { bot });
    expect(bot.running, bot.output).toBe(true);
    const refused = bot.lines(/Telegram refused the bot token/);
    expect(refused, bot.output).toHaveLength(1);
    expect(refused[0]).toContain("Zalo goes on");
    const polls = world.srv.polls.length;

    expect(await world.zalo.say(lan, "/whoami", /Lan/)).toContain("Zalo");
    expect(world.srv.polls.length).toBe(polls); // Telegram is no longer polled
    expect(bot.output).not.toContain(PROCESS_TOKEN.split(":")[1]!);
    await bot.stop("SIGTERM");
    expect(await bot.exited).toEqual({ code: 0, signal: null });
  }, 120_000);

  it("at start: one line, Zalo serves alone; when Zalo then refuses its token too, no side is left and the process ends with code 1", async () => {
    const bot = await startBot({ BOT_TOKEN: "987654321:WRONG_TOKEN_abcdefghijklmnopqrstuvwxyz0" }, false);
    await until("the start with Zalo alone", () => bot.lines(/bot started \(Zalo only: Telegram refused its token\)/).length > 0 || !bot.running, { bot });
    expect(bot.lines(/Telegram refused the bot token/), bot.output).toHaveLength(1);
    expect(world.srv.polls).toEqual([]); // getMe refused: never polled
    const lan = world.zalo.user("Lan");
    await world.zalo.say(lan, "/start", /Xin chào Lan/);

    world.zalo.revokeToken();
    expect(await bot.exited, bot.output).toEqual({ code: 1, signal: null });
    expect(bot.lines(/Zalo refused the bot token \(401\)/), bot.output).toHaveLength(1);
    expect(bot.output).not.toContain("WRONG_TOKEN_abcdefghijklmnopqrstuvwxyz0");
  }, 120_000);
});

describe("files at PUBLIC_URL with Zalo long-polled", () => {
  it("the spreadsheet of /summary is served by the bot's HTTP server under its signed link, and stays served after Zalo refuses the token", async () => {
    const bot = await startBot({ BOT_TOKEN: PROCESS_TOKEN, PUBLIC_URL: "https://bot.example.vn", HTTP_PORT: "0" });
    const listening = /"listening":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(bot.output)?.[1];
    expect(listening, bot.output).toBeDefined();

    // The secretariat, invited by the admin on Telegram, joins on Zalo.
    const admin = new PrivateChat(world.srv, 1, "Admin");
    const from = world.srv.calls.length;
    admin.send("/invite - secretariat");
    const invite = await admin.waitText("start=", { from });
    const code = /start=([A-Za-z0-9_-]+)/.exec(String(invite.payload.text))![1]!;
    const thu = world.zalo.user("Thu");
    await world.zalo.say(thu, `/start ${code}`, /Thư ký/);
    const screen = await world.zalo.say(thu, "/summary", /Tổng hợp/);
    const choice = /^(\d+)\. .*Bảng tính/m.exec(screen)?.[1];
    expect(choice, screen).toBeDefined();
    const sent = await world.zalo.say(thu, choice!, /\.xlsx: https:\/\/bot\.example\.vn\/files\//);
    const path = /https:\/\/bot\.example\.vn(\/files\/\S+)$/.exec(sent)![1]!;

    const res = await fetch(`${listening}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(Buffer.from(await res.arrayBuffer()).subarray(0, 2).toString()).toBe("PK");
    expect((await fetch(`${listening}${path.slice(0, -2)}xx`)).status).toBe(404);
    // The key made at the first start, kept beside the database, never printed.
    const keyFile = join(world.dir, "file-links.key");
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(bot.output).not.toContain(readFileSync(keyFile, "utf8").trim());

    world.zalo.revokeToken();
    await until("the Zalo side stopped", () => bot.lines(/zalo side stopped; Telegram goes on/).length > 0 || !bot.running, { bot });
    expect((await fetch(`${listening}${path}`)).status).toBe(200);
    await bot.stop("SIGTERM");
    expect(await bot.exited).toEqual({ code: 0, signal: null });
  }, 120_000);
});
