// The real bot as a process (node --import tsx src/main.ts, with npm start's flags)
// serving both messengers: Telegram through the HTTP fake Bot API, Zalo through
// the HTTP fake Zalo Bot API (tests/harness/fake-zalo.ts, ZALO_API_ROOT). Zalo
// refusing the token (401) stops the Zalo side with one clear line and leaves
// Telegram running; with Zalo alone, the process exits 1.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BotProcess, HttpTelegram, PROCESS_EVENT_MS, PROCESS_TOKEN, PrivateChat, productionNodeFlags, until } from "../harness/http-telegram.js";
import { FakeZalo, FAKE_ZALO_TOKEN } from "../harness/fake-zalo.js";

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
  dir = mkdtempSync(join(tmpdir(), "khoi-zalo-side-"));
});

afterEach(async () => {
  for (const b of bots) await b.stop("SIGKILL");
  bots = [];
  await zalo.close();
  await srv.close();
  rmSync(dir, { recursive: true, force: true });
});

const lines = (bot: BotProcess, re: RegExp) => bot.output.split("\n").filter((l) => re.test(l));

/** Starts the bot and waits until it polls each messenger it serves. */
async function startBot(env: Record<string, string>): Promise<BotProcess> {
  const bot = new BotProcess({
    args: [...productionNodeFlags(ROOT), "--import", "tsx", "src/main.ts"],
    cwd: ROOT,
    env: { ZALO_API_ROOT: zaloRoot, TELEGRAM_API_ROOT: srv.apiRoot, DATABASE_URL: `file:${join(dir, "bot.db")}`, ADMIN_IDS: "1", LOG_LEVEL: "info", ...env },
  });
  bots.push(bot);
  if (env.ZALO_WEBHOOK_SECRET) await until("the webhook registered", () => zalo.webhook !== null || !bot.running, { bot });
  else await until("the first Zalo poll", () => zalo.heldPolls() > 0 || zalo.callsOf("getUpdates").length > 0 || !bot.running, { bot });
  if (env.BOT_TOKEN) await until("the first Telegram poll", () => srv.polls.length > 0 || !bot.running, { bot });
  if (!bot.running) throw new Error(`the bot exited at start:\n${bot.output}`);
  return bot;
}

/** Waits for a Zalo send to `userId` whose text matches. */
async function zaloText(userId: string, match: RegExp): Promise<string> {
  let found = "";
  await until(`a Zalo message matching ${String(match)}`, () => {
    found = (zalo.sent.get(userId) ?? []).map((s) => s.text ?? "").find((t) => match.test(t)) ?? "";
    return found !== "";
  }, { timeoutMs: PROCESS_EVENT_MS });
  return found;
}

describe("both messengers in one process", () => {
  it("answers on each; Zalo's 401 stops the Zalo side with one line, Telegram goes on, and the token appears nowhere", async () => {
    const bot = await startBot({ BOT_TOKEN: PROCESS_TOKEN, ZALO_BOT_TOKEN: FAKE_ZALO_TOKEN });
    const lan = zalo.user("Lan");
    zalo.pushText(lan, "/start");
    expect(await zaloText(lan.id, /Xin chào Lan/)).not.toMatch(/<\/?b>/); // plain text on Zalo
    const mai = new PrivateChat(srv, 200, "Mai");
    let from = srv.calls.length;
    mai.send("/start");
    await mai.waitText("Mai", { from });

    zalo.revokeToken();
    await until("the Zalo side stopped", () => lines(bot, /zalo side stopped; Telegram goes on/).length > 0 || !bot.running, { bot });
    expect(bot.running).toBe(true);
    const revoked = lines(bot, /Zalo refused the bot token \(401\)/);
    expect(revoked, bot.output).toHaveLength(1);
    expect(revoked[0]).toContain("ZALO_BOT_TOKEN");
    const polls = zalo.callsOf("getUpdates").length;

    // Telegram still answers.
    from = srv.calls.length;
    mai.send("/whoami");
    await mai.waitText("<b>Mai</b> (nhận tin qua Telegram)", { from });
    expect(zalo.callsOf("getUpdates").length).toBe(polls); // Zalo is no longer polled
    expect(bot.output).not.toContain(FAKE_ZALO_TOKEN.split(":")[1]!);
    expect(bot.output).not.toContain(PROCESS_TOKEN.split(":")[1]!);

    await bot.stop("SIGTERM");
    expect(await bot.exited).toEqual({ code: 0, signal: null });
  }, 120_000);

  it("Zalo alone: a refused token ends the process with code 1 and the one line", async () => {
    const bot = await startBot({ ZALO_BOT_TOKEN: FAKE_ZALO_TOKEN });
    const lan = zalo.user("Lan");
    zalo.pushText(lan, "/start");
    await zaloText(lan.id, /Xin chào Lan/);
    expect(srv.calls).toEqual([]); // no Telegram at all
    zalo.revokeToken();
    expect(await bot.exited, bot.output).toEqual({ code: 1, signal: null });
    expect(lines(bot, /Zalo refused the bot token \(401\)/), bot.output).toHaveLength(1);
    expect(lines(bot, /"msg":"stopped"/)).toHaveLength(1);
  }, 120_000);

  it("with PUBLIC_URL and ZALO_WEBHOOK_SECRET: the webhook is registered at start, takes deliveries (secret checked), and is removed at stop", async () => {
    const secret = "whsec-0123456789abcdef";
    const bot = await startBot({ BOT_TOKEN: PROCESS_TOKEN, ZALO_BOT_TOKEN: FAKE_ZALO_TOKEN, PUBLIC_URL: "https://bot.example.vn/", ZALO_WEBHOOK_SECRET: secret, HTTP_PORT: "0" });
    expect(zalo.webhook).toMatchObject({ url: "https://bot.example.vn/zalo/webhook", secret });
    expect(zalo.callsOf("getUpdates")).toEqual([]); // no polling beside the webhook
    const listening = /"listening":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(bot.output)?.[1]; // HTTP_PORT 0: a free port, logged
    expect(listening, bot.output).toBeDefined();
    const url = `${listening}/zalo/webhook`;
    const lan = zalo.user("Lan");
    expect((await zalo.deliver(url, zalo.textEvent(lan, "/start"), { secret: "wrong-secret-value" })).status).toBe(403);
    expect((await zalo.deliver(url, zalo.textEvent(lan, "/start"), { shape: "wrapped" })).status).toBe(200);
    await zaloText(lan.id, /Xin chào Lan/);
    expect(zalo.sent.get(lan.id)?.filter((s) => /Xin chào Lan/.test(s.text ?? ""))).toHaveLength(1); // the refused delivery was not handled
    expect(bot.output).not.toContain(secret);

    await bot.stop("SIGTERM");
    expect(await bot.exited).toEqual({ code: 0, signal: null });
    expect(zalo.callsOf("deleteWebhook")).toHaveLength(1);
    expect(zalo.webhook).toBeNull();
  }, 120_000);
});
