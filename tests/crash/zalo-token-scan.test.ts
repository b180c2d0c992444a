// The real bot as a process serving Zalo, with Zalo unreachable in the ways it
// fails (connections reset; 500 and 429 answers and HTML error pages that echo
// the request URL, token included, in every form), long enough for polling and a
// send to retry, logging at its most verbose: the Zalo token appears in neither
// output stream nor in any file the bot wrote (the database, the kept key, the
// files' folder), raw, URL-encoded, or its secret part alone (issue 16 item 8).
import { createServer, type Server } from "node:http";
import { createServer as createTcpServer, type Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { PROCESS_EVENT_MS, until, type BotProcess } from "../harness/http-telegram.js";
import { FAKE_ZALO_TOKEN } from "../harness/fake-zalo.js";
import { expectNoToken as expectNoTokenIn, processWorld, tokenForms } from "../harness/world.js";

const SECRET = FAKE_ZALO_TOKEN.slice(FAKE_ZALO_TOKEN.indexOf(":") + 1);

/** Every form of the token that must not appear. */
const FORMS = tokenForms(FAKE_ZALO_TOKEN);

const world = processWorld("khoi-zalo-token-");

/** The bot serving Zalo alone at `zaloRoot` (with PUBLIC_URL: the kept key and the files' folder exist), its two streams kept whole and apart, logging everything. */
const scannedBot = (zaloRoot: string): BotProcess =>
  world.spawn({ ZALO_BOT_TOKEN: FAKE_ZALO_TOKEN, ZALO_API_ROOT: zaloRoot, PUBLIC_URL: "https://bot.example.vn", HTTP_PORT: "0", LOG_LEVEL: "trace" }, { keepStreams: true });

/** Stops the bot and checks both streams and every file under the data folder, the database and the kept key among them. */
async function expectNoToken(bot: BotProcess): Promise<void> {
  const files = await expectNoTokenIn(bot, FORMS, world.dir);
  expect(files.some((f) => f.endsWith("bot.db"))).toBe(true);
  expect(files.some((f) => f.endsWith("file-links.key"))).toBe(true);
}

describe("the Zalo token appears nowhere while Zalo cannot be reached", () => {
  it("with connections reset as they open (polling backs off and tries again)", async () => {
    let connections = 0;
    const s = createTcpServer((sock: Socket) => {
      connections++;
      sock.resetAndDestroy();
    });
    const bot = scannedBot(await world.listen(s));
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
    const bot = scannedBot(await world.listen(server));
    // The answer's send is tried 4 times (then given up), polling fails on.
    await until("four tries of the send and four failed polls", () => (sends >= 4 && polls >= 5) || !bot.running, { bot, timeoutMs: PROCESS_EVENT_MS });
    expect(bot.running, bot.stdout + bot.stderr).toBe(true);
    expect(bot.stdout).toMatch(/zalo polling: .*retrying with backoff/);
    expect(bot.stdout).toContain("<token>"); // the echo was there, masked
    await expectNoToken(bot);
  }, 120_000);
});
