// The real bot as a process, with Telegram unreachable in every way it can be,
// long enough to retry, logging at its most verbose: the token appears in neither
// output stream nor in any file the bot wrote, raw, URL-encoded, or its secret
// part alone.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createServer as createTcpServer, type AddressInfo, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BotProcess, HttpTelegram, PROCESS_EVENT_MS, PROCESS_TOKEN, PrivateChat, productionNodeFlags } from "../harness/http-telegram.js";
import { BOT_INFO } from "../harness/fake-telegram.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** Waits for the process's events: hang-stoppers, not speed goals (see PROCESS_EVENT_MS). */
const START_MS = PROCESS_EVENT_MS;
const STEP_MS = PROCESS_EVENT_MS;
const SECRET = PROCESS_TOKEN.slice(PROCESS_TOKEN.indexOf(":") + 1);

/** Every form of the token that must not appear. */
const FORMS = [
  PROCESS_TOKEN,
  encodeURIComponent(PROCESS_TOKEN),
  encodeURIComponent(PROCESS_TOKEN).replace("%3A", "%3a"),
  encodeURIComponent(encodeURIComponent(PROCESS_TOKEN)),
  SECRET,
];

let dir: string;
let bots: BotProcess[] = [];
let closers: Array<() => Promise<void>> = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "khoi-token-"));
});

afterEach(async () => {
  for (const b of bots) await b.stop("SIGKILL");
  bots = [];
  for (const c of closers) await c();
  closers = [];
  rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, check: () => boolean, bot: BotProcess, timeoutMs = STEP_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${bot.output}`);
    if (!bot.running) throw new Error(`the bot exited while waiting for ${what}:\n${bot.output}`);
    await sleep(25);
  }
}

/** The bot with its two streams kept apart, logging everything (debug). */
class ScannedBot extends BotProcess {
  stdout = "";
  stderr = "";
  constructor(apiRoot: string) {
    super({
      args: [...productionNodeFlags(ROOT), "--import", "tsx", "src/main.ts"],
      cwd: ROOT,
      env: { BOT_TOKEN: PROCESS_TOKEN, TELEGRAM_API_ROOT: apiRoot, DATABASE_URL: `file:${join(dir, "bot.db")}`, ADMIN_IDS: "1", LOG_LEVEL: "trace" },
    });
    this.child.stdout?.on("data", (b: Buffer) => (this.stdout += b.toString("utf8")));
    this.child.stderr?.on("data", (b: Buffer) => (this.stderr += b.toString("utf8")));
    bots.push(this);
  }

  /** Failed tries told at debug level by start-up or polling. */
  failedTries(): number {
    return (this.stdout.match(/try failed/g) ?? []).length;
  }
}

/** Stops the bot and checks both streams and every file in the data folder. */
async function expectNoToken(bot: ScannedBot): Promise<void> {
  await bot.stop("SIGTERM");
  for (const [name, text] of [
    ["stdout", bot.stdout],
    ["stderr", bot.stderr],
  ] as const) {
    for (const form of FORMS) expect(text.includes(form), `${name} holds ${form}:\n${text.slice(-3000)}`).toBe(false);
  }
  for (const file of readdirSync(dir)) {
    const bytes = readFileSync(join(dir, file));
    for (const form of FORMS) expect(bytes.includes(form), `${file} holds ${form}`).toBe(false);
  }
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const s = createTcpServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** A TCP server that accepts every connection and resets it at once. */
async function resettingServer(): Promise<string> {
  const s = createTcpServer((sock: Socket) => sock.resetAndDestroy());
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  closers.push(() => new Promise<void>((r) => s.close(() => r())));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
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
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  closers.push(() => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))));
  return { root: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, polls: () => polls };
}

describe("the token appears nowhere while Telegram cannot be reached", () => {
  it("at start-up, on a closed port (connection refused)", async () => {
    const bot = new ScannedBot(`http://127.0.0.1:${await closedPort()}`);
    await until("two failed tries", () => bot.failedTries() >= 2, bot);
    expect(bot.stdout).toMatch(/cannot reach Telegram \(.*ECONNREFUSED/);
    await expectNoToken(bot);
  }, 90_000);

  it("at start-up, with connections reset as they open", async () => {
    const bot = new ScannedBot(await resettingServer());
    await until("two failed tries", () => bot.failedTries() >= 2, bot);
    expect(bot.stdout).toMatch(/cannot reach Telegram \(.*(ECONNRESET|socket hang up)/);
    await expectNoToken(bot);
  }, 90_000);

  it("at start-up, with a host name that does not resolve (DNS failure)", async () => {
    const bot = new ScannedBot("http://khoi-bot-telegram.invalid:8081");
    await until("two failed tries", () => bot.failedTries() >= 2, bot);
    expect(bot.stdout).toMatch(/cannot reach Telegram \(.*(ENOTFOUND|EAI_AGAIN)/);
    await expectNoToken(bot);
  }, 90_000);

  it("with an API answering 500 and an HTML error page, both echoing the URL", async () => {
    const api = await echoingServer();
    const bot = new ScannedBot(api.root);
    await until("four failed polls", () => api.polls() >= 4, bot);
    expect(bot.stdout).toMatch(/cannot reach Telegram \(Telegram answered 500/);
    expect(bot.stdout).toContain("<token>"); // the echo was there, masked
    await expectNoToken(bot);
  }, 90_000);

  it("while polling, when Telegram goes away (the runner's retries)", async () => {
    const srv = await HttpTelegram.start({ token: PROCESS_TOKEN });
    closers.push(() => srv.close());
    const bot = new ScannedBot(srv.apiRoot);
    await until("the first poll", () => srv.polls.length > 0, bot, START_MS);
    // Something goes through a conversation-free handler first, so the database has rows.
    const lan = new PrivateChat(srv, 200, "Lan");
    lan.send("/start");
    await lan.waitText("Lan", { timeoutMs: STEP_MS });
    const before = bot.failedTries();
    await srv.close(); // the held poll is cut, and the port refuses from now on
    await until("four failed polls", () => bot.failedTries() >= before + 4, bot);
    await expectNoToken(bot);
  }, 90_000);
});
