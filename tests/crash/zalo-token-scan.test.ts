// The real bot as a process serving Zalo, with Zalo unreachable in the ways it
// fails (connections reset; 500 and 429 answers and HTML error pages that echo
// the request URL, token included, in every form), long enough for polling and a
// send to retry, logging at its most verbose: the Zalo token appears in neither
// output stream nor in any file the bot wrote (the database, the kept key, the
// files' folder), raw, URL-encoded, or its secret part alone (issue 16 item 8).
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createServer as createTcpServer, type AddressInfo, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BotProcess, PROCESS_EVENT_MS, productionNodeFlags, until } from "../harness/http-telegram.js";
import { FAKE_ZALO_TOKEN } from "../harness/fake-zalo.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const SECRET = FAKE_ZALO_TOKEN.slice(FAKE_ZALO_TOKEN.indexOf(":") + 1);

/** Every form of the token that must not appear. */
const FORMS = [
  FAKE_ZALO_TOKEN,
  encodeURIComponent(FAKE_ZALO_TOKEN),
  encodeURIComponent(FAKE_ZALO_TOKEN).replace("%3A", "%3a"),
  encodeURIComponent(encodeURIComponent(FAKE_ZALO_TOKEN)),
  SECRET,
];

let dir: string;
let bots: BotProcess[] = [];
let closers: Array<() => Promise<void>> = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "khoi-zalo-token-"));
});

afterEach(async () => {
  for (const b of bots) await b.stop("SIGKILL");
  bots = [];
  for (const c of closers) await c();
  closers = [];
  rmSync(dir, { recursive: true, force: true });
});

/** The bot serving Zalo alone (with PUBLIC_URL: the kept key and the files' folder exist), its two streams kept whole and apart, logging everything. */
class ScannedBot extends BotProcess {
  stdout = "";
  stderr = "";
  constructor(zaloRoot: string) {
    super({
      args: [...productionNodeFlags(ROOT), "--import", "tsx", "src/main.ts"],
      cwd: ROOT,
      env: { ZALO_BOT_TOKEN: FAKE_ZALO_TOKEN, ZALO_API_ROOT: zaloRoot, PUBLIC_URL: "https://bot.example.vn", HTTP_PORT: "0", DATABASE_URL: `file:${join(dir, "bot.db")}`, ADMIN_IDS: "1", LOG_LEVEL: "trace" },
    });
    this.child.stdout?.on("data", (b: Buffer) => (this.stdout += b.toString("utf8")));
    this.child.stderr?.on("data", (b: Buffer) => (this.stderr += b.toString("utf8")));
    bots.push(this);
  }
}

function filesUnder(d: string): string[] {
  return readdirSync(d).flatMap((name) => {
    const p = join(d, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/** Stops the bot and checks both streams and every file under the data folder. */
async function expectNoToken(bot: ScannedBot): Promise<void> {
  await bot.stop("SIGTERM");
  for (const [name, text] of [
    ["stdout", bot.stdout],
    ["stderr", bot.stderr],
  ] as const) {
    for (const form of FORMS) expect(text.includes(form), `${name} holds ${form}:\n${text.slice(-3000)}`).toBe(false);
  }
  const files = filesUnder(dir);
  expect(files.some((f) => f.endsWith("bot.db"))).toBe(true);
  expect(files.some((f) => f.endsWith("file-links.key"))).toBe(true);
  for (const file of files) {
    const bytes = readFileSync(file);
    for (const form of FORMS) expect(bytes.includes(form), `${file} holds ${form}`).toBe(false);
  }
}

describe("the Zalo token appears nowhere while Zalo cannot be reached", () => {
  it("with connections reset as they open (polling backs off and tries again)", async () => {
    let connections = 0;
    const s = createTcpServer((sock: Socket) => {
      connections++;
      sock.resetAndDestroy();
    });
    await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
    closers.push(() => new Promise<void>((r) => s.close(() => r())));
    const bot = new ScannedBot(`http://127.0.0.1:${(s.address() as AddressInfo).port}`);
    await until("three failed polls", () => connections >= 3 || !bot.running, { bot, timeoutMs: PROCESS_EVENT_MS });
    expect(bot.running, bot.stdout + bot.stderr).toBe(true);
    expect(bot.stdout).toMatch(/zalo polling: .*retrying with backoff/);
    await expectNoToken(bot);
  }, 120_000);

  it("with Zalo answering 500, 429 and HTML error pages that echo the URL, to polls and to the sends of an answer", async () => {
    let polls = 0;
    let sends = 0;
    const server: Server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const url = req.url ?? "";
        const echo = `${url} ${encodeURIComponent(url)} ${decodeURIComponent(url)} ${SECRET}`;
        const json = (status: number, body: unknown) => {
          res.writeHead(status, { "content-type": "application/json" });
          res.end(JSON.stringify(body));
        };
        const fail = (n: number) => {
          if (n % 3 === 1) {
            res.writeHead(502, { "content-type": "text/html" });
            return res.end(`<html><body>Bad gateway for ${echo}</body></html>`);
          }
          if (n % 3 === 2) return json(200, { ok: false, error_code: 429, description: `Quota exceeded for ${echo}` });
          return json(500, { ok: false, error_code: 500, description: `Internal Server Error: ${echo}` });
        };
        if (url.endsWith("/getWebhookInfo")) return json(200, { ok: true, result: { url: "", updated_at: 0 } });
        if (url.endsWith("/getUpdates")) {
          if (polls++ === 0) {
            // One person writes, so that the bot has something to answer (and fails to).
            const id = "6ede9afa66b88fe6d6a9";
            return json(200, { ok: true, result: { event_name: "message.text.received", message: { from: { id, display_name: "Lan", is_bot: false }, chat: { id, chat_type: "PRIVATE" }, text: "/start", message_id: "2d758cb5e222177a4e35", date: Date.now() } } });
          }
          return fail(polls);
        }
        if (url.endsWith("/sendMessage") || url.endsWith("/sendChatAction")) {
          if (url.endsWith("/sendMessage")) sends++;
          return fail(sends);
        }
        json(404, { ok: false, error_code: 404, description: `Not found: ${echo}` });
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    closers.push(() => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))));
    const bot = new ScannedBot(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    // The answer's send is tried 4 times (then given up), polling fails on.
    await until("four tries of the send and four failed polls", () => (sends >= 4 && polls >= 5) || !bot.running, { bot, timeoutMs: PROCESS_EVENT_MS });
    expect(bot.running, bot.stdout + bot.stderr).toBe(true);
    expect(bot.stdout).toMatch(/zalo polling: .*retrying with backoff/);
    expect(bot.stdout).toContain("<token>"); // the echo was there, masked
    await expectNoToken(bot);
  }, 120_000);
});
