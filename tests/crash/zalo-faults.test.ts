// The real bot as a process (node --import tsx src/main.ts, with npm start's
// flags) serving Telegram (the HTTP fake Bot API) and Zalo (the HTTP fake Zalo
// Bot API, ZALO_API_ROOT), for what only a process shows (issue 16 items 6, 8):
//  - Telegram refusing its token, while running or at start, stops the Telegram
//    side with one line and leaves Zalo running; with no side left, exit 1;
//  - with PUBLIC_URL (and no webhook secret: Zalo long-polled), a file made for
//    Zalo is served at the bot's own HTTP server under its signed link, and the
//    links already sent stay good after Zalo refuses the token.
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BotProcess, HttpTelegram, PROCESS_EVENT_MS, PROCESS_TOKEN, PrivateChat, productionNodeFlags, until } from "../harness/http-telegram.js";
import { FakeZalo, FAKE_ZALO_TOKEN, type FakeZaloUser } from "../harness/fake-zalo.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

let srv: HttpTelegram;
let zalo: FakeZalo;
let zaloRoot: string;
let dir: string;
let bots: BotProcess[] = [];

beforeEach(async () => {
  srv = await HttpTelegram.start({ token: PROCESS_TOKEN });
  zalo = new FakeZalo();
  zaloRoot = await zalo.listen();
  dir = mkdtempSync(join(tmpdir(), "khoi-zalo-faults-"));
});

afterEach(async () => {
  for (const b of bots) await b.stop("SIGKILL");
  bots = [];
  await zalo.close();
  await srv.close();
  rmSync(dir, { recursive: true, force: true });
});

const lines = (bot: BotProcess, re: RegExp) => bot.output.split("\n").filter((l) => re.test(l));

/** Starts the bot and waits until it polls Zalo (and Telegram, when `telegramPolls`). */
async function startBot(env: Record<string, string>, telegramPolls = true): Promise<BotProcess> {
  const bot = new BotProcess({
    args: [...productionNodeFlags(ROOT), "--import", "tsx", "src/main.ts"],
    cwd: ROOT,
    env: { ZALO_BOT_TOKEN: FAKE_ZALO_TOKEN, ZALO_API_ROOT: zaloRoot, TELEGRAM_API_ROOT: srv.apiRoot, DATABASE_URL: `file:${join(dir, "bot.db")}`, ADMIN_IDS: "1", LOG_LEVEL: "info", ...env },
  });
  bots.push(bot);
  await until("the first Zalo poll", () => zalo.heldPolls() > 0 || zalo.callsOf("getUpdates").length > 0 || !bot.running, { bot });
  if (telegramPolls) await until("the first Telegram poll", () => srv.polls.length > 0 || !bot.running, { bot });
  if (!bot.running) throw new Error(`the bot exited at start:\n${bot.output}`);
  return bot;
}

/** Pushes `text` from `user` and waits for a Zalo send to them (after their `from`-th) whose text matches; returns that text. */
async function zaloSay(user: FakeZaloUser, text: string, match: RegExp): Promise<string> {
  const from = zalo.sent.get(user.id)?.length ?? 0;
  zalo.pushText(user, text);
  let found = "";
  await until(`a Zalo message matching ${String(match)}`, () => {
    found = (zalo.sent.get(user.id) ?? []).slice(from).map((s) => s.text ?? "").find((t) => match.test(t)) ?? "";
    return found !== "";
  }, { timeoutMs: PROCESS_EVENT_MS, context: () => JSON.stringify(zalo.sent.get(user.id)?.slice(from)) });
  return found;
}

describe("Telegram refusing its token leaves the Zalo side running", () => {
  it("while running: one line, Telegram no longer polled, Zalo answers on; SIGTERM ends it with code 0", async () => {
    const bot = await startBot({ BOT_TOKEN: PROCESS_TOKEN });
    const lan = zalo.user("Lan");
    await zaloSay(lan, "/start", /Xin chào Lan/);

    srv.revokeToken();
    await until("the Telegram side stopped", () => lines(bot, /telegram side stopped; Zalo goes on/).length > 0 || !bot.running, { bot });
    expect(bot.running, bot.output).toBe(true);
    const refused = lines(bot, /Telegram refused the bot token/);
    expect(refused, bot.output).toHaveLength(1);
    expect(refused[0]).toContain("Zalo goes on");
    const polls = srv.polls.length;

    expect(await zaloSay(lan, "/whoami", /Lan/)).toContain("Zalo");
    expect(srv.polls.length).toBe(polls); // Telegram is no longer polled
    expect(bot.output).not.toContain(PROCESS_TOKEN.split(":")[1]!);
    await bot.stop("SIGTERM");
    expect(await bot.exited).toEqual({ code: 0, signal: null });
  }, 120_000);

  it("at start: one line, Zalo serves alone; when Zalo then refuses its token too, no side is left and the process ends with code 1", async () => {
    const bot = await startBot({ BOT_TOKEN: "987654321:WRONG_TOKEN_abcdefghijklmnopqrstuvwxyz0" }, false);
    await until("the start with Zalo alone", () => lines(bot, /bot started \(Zalo only: Telegram refused its token\)/).length > 0 || !bot.running, { bot });
    expect(lines(bot, /Telegram refused the bot token/), bot.output).toHaveLength(1);
    expect(srv.polls).toEqual([]); // getMe refused: never polled
    const lan = zalo.user("Lan");
    await zaloSay(lan, "/start", /Xin chào Lan/);

    zalo.revokeToken();
    expect(await bot.exited, bot.output).toEqual({ code: 1, signal: null });
    expect(lines(bot, /Zalo refused the bot token \(401\)/), bot.output).toHaveLength(1);
    expect(bot.output).not.toContain("WRONG_TOKEN_abcdefghijklmnopqrstuvwxyz0");
  }, 120_000);
});

describe("files at PUBLIC_URL with Zalo long-polled", () => {
  it("the spreadsheet of /summary is served by the bot's HTTP server under its signed link, and stays served after Zalo refuses the token", async () => {
    const bot = await startBot({ BOT_TOKEN: PROCESS_TOKEN, PUBLIC_URL: "https://bot.example.vn", HTTP_PORT: "0" });
    const listening = /"listening":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(bot.output)?.[1];
    expect(listening, bot.output).toBeDefined();

    // The secretariat, invited by the admin on Telegram, joins on Zalo.
    const admin = new PrivateChat(srv, 1, "Admin");
    const from = srv.calls.length;
    admin.send("/invite - secretariat");
    const invite = await admin.waitText("start=", { from });
    const code = /start=([A-Za-z0-9_-]+)/.exec(String(invite.payload.text))![1]!;
    const thu = zalo.user("Thu");
    await zaloSay(thu, `/start ${code}`, /Thư ký/);
    const screen = await zaloSay(thu, "/summary", /Tổng hợp/);
    const choice = /^(\d+)\. .*Bảng tính/m.exec(screen)?.[1];
    expect(choice, screen).toBeDefined();
    const sent = await zaloSay(thu, choice!, /\.xlsx: https:\/\/bot\.example\.vn\/files\//);
    const path = /https:\/\/bot\.example\.vn(\/files\/\S+)$/.exec(sent)![1]!;

    const res = await fetch(`${listening}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(Buffer.from(await res.arrayBuffer()).subarray(0, 2).toString()).toBe("PK");
    expect((await fetch(`${listening}${path.slice(0, -2)}xx`)).status).toBe(404);
    // The key made at the first start, kept beside the database, never printed.
    const keyFile = join(dir, "file-links.key");
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(bot.output).not.toContain(readFileSync(keyFile, "utf8").trim());

    zalo.revokeToken();
    await until("the Zalo side stopped", () => lines(bot, /zalo side stopped; Telegram goes on/).length > 0 || !bot.running, { bot });
    expect((await fetch(`${listening}${path}`)).status).toBe(200);
    await bot.stop("SIGTERM");
    expect(await bot.exited).toEqual({ code: 0, signal: null });
  }, 120_000);
});
