// The bot's HTTP server over real HTTP: Zalo's webhook (deliveries from the fake
// Zalo, with the right secret, a wrong one or none, both body shapes, the empty
// probe, oversized bodies, a slow handler, repeats) and the signed file links
// (valid, expired, altered, another key, path traversal), with a FakeClock.
import { mkdtempSync, rmSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseDisposition } from "content-disposition";
import { afterEach, describe, expect, it } from "vitest";
import { FakeClock } from "../../../src/shared/clock.js";
import { fileLinkUrl, signFileLink } from "../../../src/shared/files/links.js";
import { FileStore } from "../../../src/shared/files/store.js";
import { createHttpServer, dispositionFor, sameSecret, type HttpServer } from "../../../src/messengers/http/server.js";
import type { ZaloEvent } from "../../../src/messengers/zalo/events.js";
import { FakeZalo, rawPost } from "../../harness/fake-zalo.js";
import { captureLogger, LEVEL } from "../../harness/log-lines.js";
import { ManualTimers } from "../../harness/manual-timers.js";

const SECRET = "webhook-Secret-0123456789";
const KEY = Buffer.alloc(32, 42);

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

async function turns(n = 20): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** A GET with the path exactly as given (no normalisation of "..", no re-encoding). */
function rawGet(base: string, path: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: u.hostname, port: u.port, path, method: "GET" }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

async function setup(opts: { onEvent?: (e: ZaloEvent) => Promise<void> | void; bodyLimitBytes?: number; timers?: ManualTimers } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "khoi-http-"));
  const clock = new FakeClock("2026-05-12T03:00:00.000Z");
  const store = new FileStore({ dir, clock, ttlMs: 24 * 3600_000 });
  const log = captureLogger();
  const events: ZaloEvent[] = [];
  const server: HttpServer = createHttpServer({
    logger: log.logger,
    port: 0,
    clock,
    zaloWebhook: { secret: SECRET, onEvent: opts.onEvent ?? ((e) => void events.push(e)), bodyLimitBytes: opts.bodyLimitBytes },
    files: { store, key: KEY },
    timers: opts.timers,
  });
  const { url } = await server.start();
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanups.push(() => server.stop(1000));
  const fake = new FakeZalo();
  const hook = `${url}/zalo/webhook`;
  return { url, hook, server, store, clock, log, events, fake };
}

describe("POST /zalo/webhook", () => {
  it("takes a flat and a wrapped delivery with the right secret: 200 Success, the event to the handler", async () => {
    const { hook, events, fake } = await setup();
    const ted = fake.user("Ted");
    const flat = await fake.deliver(hook, fake.textEvent(ted, "một"), { secret: SECRET, shape: "flat" });
    const wrapped = await fake.deliver(hook, fake.imageEvent(ted, { caption: "hai" }), { secret: SECRET, shape: "wrapped" });
    expect(flat).toEqual({ status: 200, body: JSON.stringify({ message: "Success" }) });
    expect(wrapped.status).toBe(200);
    while (events.length < 2) await turns(1);
    expect(events.map((e) => [e.kind, e.text ?? e.caption])).toEqual([
      ["text", "một"],
      ["image", "hai"],
    ]);
    expect(events[0]!.from).toEqual({ id: ted.id, displayName: "Ted", isBot: false });
  });

  it("refuses a wrong or missing secret with 403 before anything reaches the handler, in one log line, without the secret", async () => {
    const { hook, events, fake, log } = await setup();
    const ted = fake.user();
    for (const secret of ["wrong", SECRET.slice(0, -1), `${SECRET}x`, SECRET.toUpperCase(), null, ""]) {
      const r = await fake.deliver(hook, fake.textEvent(ted, "x"), { secret, shape: "flat" });
      expect(r.status).toBe(403);
      expect(r.body).toBe("Forbidden");
    }
    await turns();
    expect(events).toEqual([]);
    const warns = log.lines().filter((l) => l.level === LEVEL.warn);
    expect(warns).toHaveLength(1);
    expect(warns[0]!.msg).toMatch(/without the right secret header was refused \(403\)/);
    expect(log.text()).not.toContain(SECRET);
  });

  it("answers the empty probe (no body, no Content-Type) with 200 and hands nothing on", async () => {
    const { hook, events, fake } = await setup();
    expect(await fake.probe(hook)).toEqual({ status: 200, body: JSON.stringify({ message: "Success" }) });
    expect((await rawPost(hook, { "x-bot-api-secret-token": SECRET }, undefined)).status).toBe(200);
    expect((await rawPost(hook, { "x-bot-api-secret-token": "wrong" }, undefined)).status).toBe(403);
    await turns();
    expect(events).toEqual([]);
  });

  it("refuses a body over the limit with 413, whether it says its length or is chunked", async () => {
    const { hook, events, fake } = await setup({ bodyLimitBytes: 4096 });
    const ted = fake.user();
    const big = JSON.stringify(fake.textEvent(ted, "x".repeat(5000)));
    const headers = { "content-type": "application/json", "x-bot-api-secret-token": SECRET };
    expect((await rawPost(hook, headers, big)).status).toBe(413);
    expect((await rawPost(hook, headers, big, { chunked: true })).status).toBe(413);
    expect((await rawPost(hook, headers, JSON.stringify(fake.textEvent(ted, "fits")))).status).toBe(200);
    while (events.length < 1) await turns(1);
    await turns();
    expect(events.map((e) => e.text)).toEqual(["fits"]);
  });

  it("answers 200 at once while the handler is still working (a slow handler never makes Zalo wait)", { timeout: 15_000 }, async () => {
    const gate = deferred();
    let began = 0;
    let ended = 0;
    const { hook, fake, server } = await setup({
      onEvent: async () => {
        began++;
        await gate.promise;
        ended++;
      },
    });
    const r = await fake.deliver(hook, fake.textEvent(fake.user(), "slow"), { secret: SECRET });
    expect(r.status).toBe(200);
    while (began < 1) await turns(1);
    expect(ended).toBe(0);
    expect(server.inFlight()).toBe(1);
    // stop() waits for it.
    let stopped = false;
    const stopping = server.stop(10_000).then(() => (stopped = true));
    await turns();
    expect(stopped).toBe(false);
    gate.resolve();
    await stopping;
    expect(ended).toBe(1);
  });

  it("hands a repeated message_id on once, and answers both deliveries 200", async () => {
    const { hook, events, fake } = await setup();
    const ev = fake.textEvent(fake.user(), "once");
    expect((await fake.deliver(hook, ev, { secret: SECRET, shape: "wrapped" })).status).toBe(200);
    expect((await fake.deliver(hook, ev, { secret: SECRET, shape: "flat" })).status).toBe(200);
    expect((await fake.deliver(hook, fake.unsupportedEvent(null), { secret: SECRET })).status).toBe(200);
    while (events.length < 2) await turns(1);
    await turns();
    expect(events.map((e) => e.kind)).toEqual(["text", "unsupported"]);
  });

  it("answers 400 to a body that is not JSON, 200 (and nothing handed on) to JSON that is no event", async () => {
    const { hook, events } = await setup();
    const headers = { "content-type": "application/json", "x-bot-api-secret-token": SECRET };
    expect((await rawPost(hook, headers, "{not json")).status).toBe(400);
    expect((await rawPost(hook, headers, "[1,2]")).status).toBe(200);
    expect((await rawPost(hook, headers, JSON.stringify({ ok: false, error_code: 500 }))).status).toBe(200);
    // Another Content-Type (a proxy's rewrite) is read as JSON all the same.
    expect((await rawPost(hook, { "content-type": "text/plain", "x-bot-api-secret-token": SECRET }, JSON.stringify({ event_name: "message.sticker.received", message: { message_id: "s1", from: { id: "u" }, sticker: "abc" } }))).status).toBe(200);
    while (events.length < 1) await turns(1);
    expect(events.map((e) => e.kind)).toEqual(["sticker"]);
  });

  it("compares secrets in constant time over equal-length digests", () => {
    expect(sameSecret(SECRET, SECRET)).toBe(true);
    expect(sameSecret("", SECRET)).toBe(false);
    expect(sameSecret(`${SECRET}\u0000`, SECRET)).toBe(false);
    expect(sameSecret("Bí mật", "Bí mật")).toBe(true);
  });

  it("serves /healthz and answers unknown paths 404", async () => {
    const { url } = await setup();
    expect((await rawGet(url, "/healthz")).body.toString()).toBe("ok");
    const r = await rawGet(url, "/nope");
    expect(r.status).toBe(404);
    expect(r.body.toString()).toBe("Not found");
  });
});

describe("GET /files/<signed token>", () => {
  it("serves each kind of file with its type, its UTF-8 name (RFC 6266/5987) and its bytes", async () => {
    const { url, store } = await setup();
    const files = [
      { bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2]), name: "Biểu đồ tháng 5.png", type: "image/png", disposition: "inline" },
      { bytes: Buffer.from("PK\u0003\u0004xlsx"), name: "Tổng hợp 2026 “Khối”.xlsx", type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", disposition: "attachment" },
      { bytes: Buffer.from("PK\u0003\u0004docx"), name: "Báo cáo năm 2026.docx", type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", disposition: "attachment" },
    ];
    for (const f of files) {
      const stored = await store.put(f.bytes, { fileName: f.name });
      const link = fileLinkUrl(url, signFileLink(KEY, stored.id, stored.expiresAt));
      const r = await rawGet(url, new URL(link).pathname);
      expect(r.status).toBe(200);
      expect(r.body).toEqual(f.bytes);
      expect(r.headers["content-type"]).toBe(f.type);
      expect(r.headers["content-length"]).toBe(String(f.bytes.length));
      expect(r.headers["x-content-type-options"]).toBe("nosniff");
      const cd = parseDisposition(r.headers["content-disposition"] as string);
      expect(cd.type).toBe(f.disposition);
      expect(cd.parameters.filename).toBe(f.name); // from filename*=UTF-8''…
      expect(r.headers["content-disposition"]).toMatch(/filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
    }
  });

  it("gives an ASCII fallback name without diacritics", () => {
    expect(dispositionFor("Báo cáo Đợt 1.xlsx", "application/octet-stream")).toBe(`attachment; filename="Bao cao Dot 1.xlsx"; filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20%C4%90%E1%BB%A3t%201.xlsx`);
  });

  it("answers 410 once the link or the file has expired, 404 once it is pruned", async () => {
    const { url, store, clock } = await setup();
    const f = await store.put(Buffer.from("x"), { fileName: "a.png", ttlMs: 3600_000 });
    const sameExpiry = `/files/${signFileLink(KEY, f.id, f.expiresAt)}`;
    const longer = `/files/${signFileLink(KEY, f.id, new Date(f.expiresAt.getTime() + 30 * 86_400_000))}`;
    expect((await rawGet(url, sameExpiry)).status).toBe(200);
    clock.advance(3600_000);
    for (const path of [sameExpiry, longer]) {
      const r = await rawGet(url, path);
      expect(r.status).toBe(410);
      expect(r.body.toString()).toBe("This link has expired");
    }
    await store.prune();
    expect((await rawGet(url, longer)).status).toBe(404);
  });

  it("answers an altered link, another key's link, a random one and an unknown path the same 404", async () => {
    const { url, store } = await setup();
    const f = await store.put(Buffer.from("secret numbers"), { fileName: "a.xlsx" });
    const token = signFileLink(KEY, f.id, f.expiresAt);
    const other = await store.put(Buffer.from("other"), { fileName: "b.xlsx" });
    const [, exp, sig] = token.split(".");
    const answers = await Promise.all(
      [
        `/files/${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`,
        `/files/${other.id}.${exp}.${sig}`, // another file under this file's signature
        `/files/${f.id}.${Number(exp) + 60}.${sig}`, // a pushed expiry
        `/files/${signFileLink(Buffer.alloc(32, 1), f.id, f.expiresAt)}`,
        `/files/${f.id}`,
        "/files/",
        "/files/x",
        "/nothing/here",
      ].map((p) => rawGet(url, p)),
    );
    for (const r of answers) {
      expect(r.status).toBe(404);
      expect(r.body.toString()).toBe("Not found");
    }
  });

  it("stop() lets a download in progress finish, then closes its kept-alive connection at once", { timeout: 15_000 }, async () => {
    const timers = new ManualTimers(); // the cut after waitMs never fires by itself
    const { url, store, server } = await setup({ timers });
    const big = Buffer.alloc(8 * 1024 * 1024, 3); // more than the sockets buffer: the answer is still being sent
    const f = await store.put(big, { fileName: "Tổng hợp.xlsx" });
    const res = await fetch(`${url}/files/${signFileLink(KEY, f.id, f.expiresAt)}`);
    expect(res.status).toBe(200);
    const stopping = server.stop(10_000);
    expect(Buffer.from(await res.arrayBuffer()).equals(big)).toBe(true);
    await stopping;
    expect(timers.list()).toEqual([]);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });

  it("never serves anything outside the store for path traversal attempts", async () => {
    const { url, store } = await setup();
    const f = await store.put(Buffer.from("x"), { fileName: "a.png" });
    const token = signFileLink(KEY, f.id, f.expiresAt);
    const [, exp, sig] = token.split(".");
    for (const path of [
      "/files/../../../../etc/passwd",
      "/files/..%2F..%2F..%2Fetc%2Fpasswd",
      "/files/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
      `/files/..%2F${f.id}.${exp}.${sig}`,
      `/files/${token}/..%2F..%2Fpackage.json`,
      `/files/${token}%00.png`,
      `/files/${f.id}.json.${exp}.${sig}`,
      "/files/%2Fetc%2Fpasswd",
    ]) {
      const r = await rawGet(url, path);
      expect([400, 404]).toContain(r.status);
      expect(r.body.toString()).not.toContain("root:");
    }
  });
});
