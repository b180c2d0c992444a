// The real bot as a process, with Telegram unreachable in every way it can be,
// long enough to retry, logging at its most verbose: the token appears in neither
// output stream nor in any file the bot wrote, raw, URL-encoded, or its secret
// part alone.
import { createServer, type Server } from "node:http";
import { createServer as createTcpServer, type AddressInfo, type Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { HttpTelegram, PROCESS_TOKEN, PrivateChat, until, type BotProcess } from "../harness/http-telegram.js";
import { BOT_INFO } from "../harness/fake-telegram.js";
import { expectNoToken, processWorld, tokenForms } from "../harness/world.js";

const SECRET = PROCESS_TOKEN.slice(PROCESS_TOKEN.indexOf(":") + 1);

/** Every form of the token that must not appear. */
const FORMS = tokenForms(PROCESS_TOKEN);

const world = processWorld("khoi-token-");

/** The bot on the Bot API at `apiRoot`, its two streams kept whole and apart, logging everything (trace). */
const scannedBot = (apiRoot: string): BotProcess => world.spawn({ BOT_TOKEN: PROCESS_TOKEN, TELEGRAM_API_ROOT: apiRoot, LOG_LEVEL: "trace" }, { keepStreams: true });

/** Failed tries told at debug level by start-up or polling. */
const failedTries = (bot: BotProcess): number => (bot.stdout.match(/try failed/g) ?? []).length;

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const s = createTcpServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** A TCP server that accepts every connection and resets it at once. */
function resettingServer(): Promise<string> {
  return world.listen(createTcpServer((sock: Socket) => sock.resetAndDestroy()));
}

/**
 * A Bot API that answers getMe (after one 500) and setMyCommands, and fails
 * every getUpdates with 500, its error echoing the request URL in every form,
 * as JSON and as an HTML page (which is not JSON at all), in turn.
 */
async function echoingServer(): Promise<{ root: string; polls: () => number }> {
  let polls = 0;
  let getMe = 0;
  const server: Server = createServer((req, res) => {
    req.resume();
    const url = req.url ?? "";
    const echo = `${url} ${encodeURIComponent(url)} ${decodeURIComponent(url)} ${SECRET}`;
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (url.endsWith("/getMe") && getMe++ > 0) return json(200, { ok: true, result: BOT_INFO });
    if (url.endsWith("/setMyCommands") || url.endsWith("/deleteMyCommands")) return json(200, { ok: true, result: true });
    if (url.endsWith("/getUpdates") && polls++ % 2 === 1) {
      res.writeHead(502, { "content-type": "text/html" });
      return res.end(`<html><body>Bad gateway for ${echo}</body></html>`);
    }
    json(500, { ok: false, error_code: 500, description: `Internal Server Error: ${echo}` });
  });
  return { root: await world.listen(server), polls: () => polls };
}

describe("the token appears nowhere while Telegram cannot be reached", () => {
  it("at start-up, on a closed port (connection refused)", async () => {
    const bot = scannedBot(`http://127.0.0.1:${await closedPort()}`);
    await until("two failed tries", () => failedTries(bot) >= 2, { bot, mustRun: true });
    expect(bot.stdout).toMatch(/cannot reach Telegram \(.*ECONNREFUSED/);
    await expectNoToken(bot, FORMS, world.dir);
  }, 90_000);

  it("at start-up, with connections reset as they open", async () => {
    const bot = scannedBot(await resettingServer());
    await until("two failed tries", () => failedTries(bot) >= 2, { bot, mustRun: true });
    expect(bot.stdout).toMatch(/cannot reach Telegram \(.*(ECONNRESET|socket hang up)/);
    await expectNoToken(bot, FORMS, world.dir);
  }, 90_000);

  it("at start-up, with a host name that does not resolve (DNS failure)", async () => {
    const bot = scannedBot("http://khoi-bot-telegram.invalid:8081");
    await until("two failed tries", () => failedTries(bot) >= 2, { bot, mustRun: true });
    expect(bot.stdout).toMatch(/cannot reach Telegram \(.*(ENOTFOUND|EAI_AGAIN)/);
    await expectNoToken(bot, FORMS, world.dir);
  }, 90_000);

  it("with an API answering 500 and an HTML error page, both echoing the URL", async () => {
    const api = await echoingServer();
    const bot = scannedBot(api.root);
    await until("four failed polls", () => api.polls() >= 4, { bot, mustRun: true });
    expect(bot.stdout).toMatch(/cannot reach Telegram \(Telegram answered 500/);
    expect(bot.stdout).toContain("<token>"); // the echo was there, masked
    await expectNoToken(bot, FORMS, world.dir);
  }, 90_000);

  it("while polling, when Telegram goes away (the runner's retries)", async () => {
    const srv = await HttpTelegram.start({ token: PROCESS_TOKEN });
    world.onClose(() => srv.close());
    const bot = scannedBot(srv.apiRoot);
    await until("the first poll", () => srv.polls.length > 0, { bot, mustRun: true });
    // Something goes through a conversation-free handler first, so the database has rows.
    const lan = new PrivateChat(srv, 200, "Lan");
    lan.send("/start");
    await lan.waitText("Lan");
    const before = failedTries(bot);
    await srv.close(); // the held poll is cut, and the port refuses from now on
    await until("four failed polls", () => failedTries(bot) >= before + 4, { bot, mustRun: true });
    await expectNoToken(bot, FORMS, world.dir);
  }, 90_000);
});
