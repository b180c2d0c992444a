// The real bot as a process (node --import tsx src/main.ts, with npm start's flags)
// serving both messengers: Telegram through the HTTP fake Bot API, Zalo through
// the HTTP fake Zalo Bot API (tests/harness/fake-zalo.ts, ZALO_API_ROOT). Zalo
// refusing the token (401) stops the Zalo side with one clear line and leaves
// Telegram running; with Zalo alone, the process exits 1.
import { describe, expect, it } from "vitest";
import { PrivateChat, until, PROCESS_TOKEN, type BotProcess } from "../harness/http-telegram.js";
import { FAKE_ZALO_TOKEN } from "../harness/fake-zalo.js";
import { processWorld, type Readiness } from "../harness/world.js";

const world = processWorld("khoi-zalo-side-", { telegram: true, zalo: true });

/** Starts the bot and waits until it serves each messenger `env` gives a token for: its webhook registered or a Zalo poll, a Telegram poll. */
function startBot(env: Record<string, string>): Promise<BotProcess> {
  const ready: Readiness[] = [env.ZALO_WEBHOOK_SECRET ? ["the webhook registered", () => world.zalo.webhook !== null] : world.zaloPolled()];
  if (env.BOT_TOKEN) ready.push(world.telegramPolled());
  return world.startBot({ LOG_LEVEL: "info", ...env }, ready);
}

describe("both messengers in one process", () => {
  it("answers on each; Zalo's 401 stops the Zalo side with one line, Telegram goes on, and the token appears nowhere", async () => {
    const bot = await startBot({ BOT_TOKEN: PROCESS_TOKEN, ZALO_BOT_TOKEN: FAKE_ZALO_TOKEN });
    const lan = world.zalo.user("Lan");
    world.zalo.pushText(lan, "/start");
    expect(await world.zalo.waitText(lan.id, /Xin chào Lan/)).not.toMatch(/<\/?b>/); // plain text on Zalo
    const mai = new PrivateChat(world.srv, 200, "Mai");
    let from = world.srv.calls.length;
    mai.send("/start");
    await mai.waitText("Mai", { from });

    world.zalo.revokeToken();
    await until("the Zalo side stopped", () => bot.lines(/zalo side stopped; Telegram goes on/).length > 0 || !bot.running, { bot });
    expect(bot.running).toBe(true);
    const revoked = bot.lines(/Zalo refused the bot token \(401\)/);
    expect(revoked, bot.output).toHaveLength(1);
    expect(revoked[0]).toContain("ZALO_BOT_TOKEN");
    const polls = world.zalo.callsOf("getUpdates").length;

    // Telegram still answers.
    from = world.srv.calls.length;
    mai.send("/whoami");
    await mai.waitText("<b>Mai</b> (nhận tin qua Telegram)", { from });
    expect(world.zalo.callsOf("getUpdates").length).toBe(polls); // Zalo is no longer polled
    expect(bot.output).not.toContain(FAKE_ZALO_TOKEN.split(":")[1]!);
    expect(bot.output).not.toContain(PROCESS_TOKEN.split(":")[1]!);

    await bot.stop("SIGTERM");
    expect(await bot.exited).toEqual({ code: 0, signal: null });
  }, 120_000);

  it("Zalo alone: a refused token ends the process with code 1 and the one line", async () => {
    const bot = await startBot({ ZALO_BOT_TOKEN: FAKE_ZALO_TOKEN });
    const lan = world.zalo.user("Lan");
    world.zalo.pushText(lan, "/start");
    await world.zalo.waitText(lan.id, /Xin chào Lan/);
    expect(world.srv.calls).toEqual([]); // no Telegram at all
    world.zalo.revokeToken();
    expect(await bot.exited, bot.output).toEqual({ code: 1, signal: null });
    expect(bot.lines(/Zalo refused the bot token \(401\)/), bot.output).toHaveLength(1);
    expect(bot.lines(/"msg":"stopped"/)).toHaveLength(1);
  }, 120_000);

  it("with PUBLIC_URL and ZALO_WEBHOOK_SECRET: the webhook is registered at start, takes deliveries (secret checked), and is removed at stop", async () => {
    const secret = "whsec-0123456789abcdef";
    const bot = await startBot({ BOT_TOKEN: PROCESS_TOKEN, ZALO_BOT_TOKEN: FAKE_ZALO_TOKEN, PUBLIC_URL: "https://bot.example.vn/", ZALO_WEBHOOK_SECRET: secret, HTTP_PORT: "0" });
    expect(world.zalo.webhook).toMatchObject({ url: "https://bot.example.vn/zalo/webhook", secret });
    expect(world.zalo.callsOf("getUpdates")).toEqual([]); // no polling beside the webhook
    const listening = /"listening":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(bot.output)?.[1]; // HTTP_PORT 0: a free port, logged
    expect(listening, bot.output).toBeDefined();
    const url = `${listening}/zalo/webhook`;
    const lan = world.zalo.user("Lan");
    expect((await world.zalo.deliver(url, world.zalo.textEvent(lan, "/start"), { secret: "wrong-secret-value" })).status).toBe(403);
    expect((await world.zalo.deliver(url, world.zalo.textEvent(lan, "/start"), { shape: "wrapped" })).status).toBe(200);
    await world.zalo.waitText(lan.id, /Xin chào Lan/);
    expect(world.zalo.sent.get(lan.id)?.filter((s) => /Xin chào Lan/.test(s.text ?? ""))).toHaveLength(1); // the refused delivery was not handled
    expect(bot.output).not.toContain(secret);

    await bot.stop("SIGTERM");
    expect(await bot.exited).toEqual({ code: 0, signal: null });
    expect(world.zalo.callsOf("deleteWebhook")).toHaveLength(1);
    expect(world.zalo.webhook).toBeNull();
  }, 120_000);
});
