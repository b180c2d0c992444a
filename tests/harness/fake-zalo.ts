// A fake Zalo Bot Platform Bot API, in-process (`fake.fetch`, to inject into
// ZaloApi) and over real HTTP on 127.0.0.1 at a random port (`await
// fake.listen()`, for real-process tests through ZALO_API_ROOT). Both answer
// through the same logic and record every call.
//
// Strict where shared/notes/zalo.md §8 is sure:
//  - the path is `/bot<token>/<method>`, the method name case-sensitive; any
//    other path or method name answers 400, an unknown (or revoked) token 401;
//  - POST with a JSON object body only (400 otherwise);
//  - chat_id a non-empty string; text, photo, sticker, action required; text and
//    caption 1–2,000 UTF-16 units (the stricter reading of "characters"); photo
//    an http(s) URL;
//  - setWebhook: an https url and a secret_token of 8–256 characters;
//    getWebhookInfo never shows the secret;
//  - getUpdates refused while a webhook is set (`webhookRefusal`, by default a
//    bare 400 "Bad Request" that names no webhook, so that clients must ask
//    getWebhookInfo); one event per call, or 408 "Request timeout" after the
//    poll's time, no offset (an event handed over is gone);
//  - every send answers `{message_id: 20 hex, date: epoch ms}`; ids are strings,
//    and in a private chat chat.id == from.id.
// Lenient where it is not sure:
//  - getUpdates' `timeout` as a string or a number (default 30 s);
//  - parse_mode, text_styles and unknown parameters accepted and ignored;
//  - the HTTP status of `ok: false` answers: 200 by default, or any number, or
//    the error code itself (`errorStatus`), per test;
//  - the events a test pushes may have any shape (pushRaw), including unknown
//    names, extra fields, photo vs photo_url, unsupported without `message`;
//  - deliveries to a webhook wrapped or flat, with the right secret, a wrong one
//    or none, and the empty probe.
// Faults (fail()): an error answer, a gateway's HTML page (which echoes the
// request path, token included, as some do), a network failure (in-process:
// fetch rejects, its cause naming the URL; over HTTP: the socket is destroyed),
// and a hang (no answer until the client gives up). revokeToken() answers 401
// from then on. An empty poll is held on `timers` (ManualTimers in tests).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { request as httpRequest } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { systemTimers, type Timers } from "../../src/messengers/zalo/timers.js";
import { PROCESS_EVENT_MS } from "./http-telegram.js";

export const FAKE_ZALO_TOKEN = "3491000000000000017:Zk9xQw-Lm_Pa.vB~7eRtYuIoPlKjHgFdSaZxCvBnM1234567890qwertyuiopasdfg";

export type FakeZaloCall = {
  method: string;
  payload: Record<string, unknown>;
  /** The fake's time (`now()`) when it arrived. */
  at: number;
  /** The HTTP status answered (0 for a hang or a network fault). */
  status: number;
  /** The JSON answered, if any. */
  answer?: unknown;
};

export type FakeZaloFault =
  | { kind: "error"; error_code: number; description?: string; httpStatus?: number }
  | { kind: "html"; httpStatus: number }
  | { kind: "network" }
  | { kind: "hang" };

export type FakeZaloUser = { id: string; displayName: string };

/** A raw event, as Zalo sends it: `{event_name, message?}` plus anything. */
export type RawZaloEvent = Record<string, unknown>;

export type SentByBot = { method: string; chatId: string; messageId: string; date: number; text?: string; photo?: string; caption?: string; sticker?: string; action?: string };

export type FakeZaloOptions = {
  /** The only token accepted. Default FAKE_ZALO_TOKEN. */
  token?: string;
  /** HTTP status of `ok: false` answers: a number, or "error_code" for the error code itself. Default 200. */
  errorStatus?: number | "error_code";
  /** The fake's clock (epoch ms) for dates. Default Date.now. */
  now?: () => number;
  /** Holds empty polls. Default Node's timers. */
  timers?: Timers;
  /** Longest hold of an empty poll (ms), whatever `timeout` asks. Default 30 000. */
  maxPollMs?: number;
  /** What getUpdates answers while a webhook is set. Default `{error_code: 400, description: "Bad Request"}`. */
  webhookRefusal?: { error_code: number; description: string };
};

type Answer = { kind: "json"; status: number; body: unknown } | { kind: "html"; status: number; body: string } | { kind: "network" } | { kind: "hang" };

type Rule = { match: (method: string, payload: Record<string, unknown>) => boolean; fault: FakeZaloFault; times: number };

type Poll = { deliver: (event: RawZaloEvent) => void; cancel: () => void };

const METHODS = new Set(["getMe", "getUpdates", "setWebhook", "deleteWebhook", "getWebhookInfo", "sendMessage", "sendPhoto", "sendSticker", "sendChatAction"]);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export class FakeZalo {
  readonly token: string;
  readonly calls: FakeZaloCall[] = [];
  /** What the bot sent, by chat id, in order. */
  readonly sent = new Map<string, SentByBot[]>();
  webhook: { url: string; secret: string; updatedAt: number } | null = null;
  private queue: RawZaloEvent[] = [];
  private polls = new Set<Poll>();
  private rules: Rule[] = [];
  private revoked = false;
  private seq = 0;
  private userSeq = 0;
  private listeners = new Set<() => void>();
  private server: Server | undefined;
  private sockets = new Set<Socket>();
  private readonly now: () => number;
  private readonly timers: Timers;

  constructor(private readonly opts: FakeZaloOptions = {}) {
    this.token = opts.token ?? FAKE_ZALO_TOKEN;
    this.now = opts.now ?? Date.now;
    this.timers = opts.timers ?? systemTimers;
  }

  // ---- people and events ----------------------------------------------------

  /** A new user with a 20-hex id, as in every sample [D][O]. */
  user(displayName = `User ${this.userSeq + 1}`): FakeZaloUser {
    return { id: `6ede9afa66${(++this.userSeq).toString(16).padStart(10, "0")}`, displayName };
  }

  /** A fresh message id: 20 lowercase hex characters. */
  newMessageId(): string {
    return (BigInt(this.now()) * 0x100000n + BigInt(++this.seq)).toString(16).padStart(20, "0").slice(-20);
  }

  private message(from: FakeZaloUser, extra: Record<string, unknown>, opts: { groupId?: string; messageId?: string }): Record<string, unknown> {
    return {
      from: { id: from.id, display_name: from.displayName, is_bot: false },
      chat: opts.groupId ? { id: opts.groupId, chat_type: "GROUP" } : { id: from.id, chat_type: "PRIVATE" },
      ...extra,
      message_id: opts.messageId ?? this.newMessageId(),
      date: this.now(),
    };
  }

  /** A text event as the docs show it [D]. */
  textEvent(from: FakeZaloUser, text: string, opts: { groupId?: string; messageId?: string } = {}): RawZaloEvent {
    return { event_name: "message.text.received", message: this.message(from, { text }, opts) };
  }

  /** An image event: `photo` as the docs [D], or `photo_url` + message_type as seen live [O]. */
  imageEvent(from: FakeZaloUser, opts: { url?: string; field?: "photo" | "photo_url"; caption?: string; messageId?: string } = {}): RawZaloEvent {
    const url = opts.url ?? "https://photo-stal-1.zdn.vn/fake/photo.jpg";
    const extra: Record<string, unknown> = (opts.field ?? "photo_url") === "photo" ? { photo: url } : { photo_url: url, message_type: "CHAT_PHOTO" };
    if (opts.caption !== undefined) extra.caption = opts.caption;
    return { event_name: "message.image.received", message: this.message(from, extra, opts) };
  }

  /** A sticker event [D]: a sticker id and its image URL. */
  stickerEvent(from: FakeZaloUser, opts: { sticker?: string; messageId?: string } = {}): RawZaloEvent {
    const sticker = opts.sticker ?? "0e078a2fb66a5f34067b";
    return { event_name: "message.sticker.received", message: this.message(from, { sticker, url: `https://zalo-api.zadn.vn/api/emoticon/sticker/webpc?eid=${sticker}` }, opts) };
  }

  /** A voice event [D2][O]. */
  voiceEvent(from: FakeZaloUser, opts: { messageId?: string } = {}): RawZaloEvent {
    return { event_name: "message.voice.received", message: this.message(from, { voice_url: "https://voice-stal.zdn.vn/fake/voice.aac", message_type: "CHAT_VOICE" }, opts) };
  }

  /** An unsupported event: with a content-less message [D], or with no `message` at all [O] (`from` null). */
  unsupportedEvent(from: FakeZaloUser | null, opts: { messageId?: string } = {}): RawZaloEvent {
    if (!from) return { event_name: "message.unsupported.received" };
    return { event_name: "message.unsupported.received", message: this.message(from, {}, opts) };
  }

  /** Queues an event for getUpdates (a poll held open takes it at once); returns it. */
  push(event: RawZaloEvent): RawZaloEvent {
    const poll = this.polls.values().next().value as Poll | undefined;
    if (poll) {
      this.polls.delete(poll);
      poll.deliver(event);
    } else {
      this.queue.push(event);
    }
    return event;
  }

  pushText(from: FakeZaloUser, text: string, opts: { groupId?: string; messageId?: string } = {}): RawZaloEvent {
    return this.push(this.textEvent(from, text, opts));
  }

  /** Events queued and not yet handed over. */
  pending(): RawZaloEvent[] {
    return [...this.queue];
  }

  /** Polls being held open now. */
  heldPolls(): number {
    return this.polls.size;
  }

  // ---- faults -------------------------------------------------------------

  /** Answers calls to `method` (or matching it) with `fault`, `times` times (default: until clearFaults()). */
  fail(method: string | ((method: string, payload: Record<string, unknown>) => boolean), fault: FakeZaloFault, opts: { times?: number } = {}): void {
    const match = typeof method === "string" ? (m: string) => m === method : method;
    this.rules.push({ match, fault, times: opts.times ?? Infinity });
  }

  clearFaults(): void {
    this.rules = [];
  }

  /** From now on every call answers 401, as after a token reset in Zalo Bot Creator; held polls too. */
  revokeToken(): void {
    this.revoked = true;
    for (const p of [...this.polls]) {
      this.polls.delete(p);
      p.cancel();
    }
  }

  // ---- what happened ------------------------------------------------------

  callsOf(method: string): FakeZaloCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolves with the first call from index `from` matching `pred`, as soon as it has been answered. */
  waitForCall(pred: (c: FakeZaloCall) => boolean, from = 0): Promise<FakeZaloCall> {
    const find = () => this.calls.slice(from).find(pred);
    const hit = find();
    if (hit) return Promise.resolve(hit);
    return new Promise((resolve) => {
      const listener = () => {
        const found = find();
        if (found) {
          this.listeners.delete(listener);
          resolve(found);
        }
      };
      this.listeners.add(listener);
    });
  }

  /** Resolves when a poll is being held open (the client is waiting for an event). */
  waitForHeldPoll(): Promise<void> {
    if (this.polls.size > 0) return Promise.resolve();
    return new Promise((resolve) => {
      const listener = () => {
        if (this.polls.size > 0) {
          this.listeners.delete(listener);
          resolve();
        }
      };
      this.listeners.add(listener);
    });
  }

  /** The texts of what the bot sent to `chatId` (sendMessage's text; "" for other sends), from its `from`-th send on. */
  texts(chatId: string, from = 0): string[] {
    return (this.sent.get(chatId) ?? []).slice(from).map((s) => s.text ?? "");
  }

  /**
   * Resolves with the first text the bot sends to `chatId` (from its `from`-th
   * send on, default 0) that matches, as soon as the send is answered; rejects
   * after `timeoutMs` of wall-clock time (default PROCESS_EVENT_MS: a
   * hang-stopper, not a speed goal, whatever `timers` the fake holds polls on),
   * naming what was sent meanwhile.
   */
  waitText(chatId: string, match: RegExp, opts: { from?: number; timeoutMs?: number } = {}): Promise<string> {
    const from = opts.from ?? 0;
    const timeoutMs = opts.timeoutMs ?? PROCESS_EVENT_MS;
    const find = () => this.texts(chatId, from).find((t) => match.test(t));
    const now = find();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise((resolve, reject) => {
      const listener = () => {
        const hit = find();
        if (hit !== undefined) {
          cleanup();
          resolve(hit);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for a Zalo message matching ${String(match)}\n${JSON.stringify(this.sent.get(chatId)?.slice(from))}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.listeners.delete(listener);
      };
      this.listeners.add(listener);
    });
  }

  /** Pushes `text` from `user` and resolves with the first text the bot sends them after it that matches (waitText). */
  say(user: FakeZaloUser, text: string, match: RegExp, opts: { timeoutMs?: number } = {}): Promise<string> {
    const from = this.sent.get(user.id)?.length ?? 0;
    this.pushText(user, text);
    return this.waitText(user.id, match, { from, ...opts });
  }

  private record(call: FakeZaloCall): void {
    this.calls.push(call);
    for (const l of [...this.listeners]) l();
  }

  // ---- the API ------------------------------------------------------------

  private errorAnswer(error_code: number, description: string, httpStatus?: number): Answer {
    const status = httpStatus ?? (this.opts.errorStatus === "error_code" ? error_code : (this.opts.errorStatus ?? 200));
    return { kind: "json", status, body: { ok: false, error_code, description } };
  }

  private ok(result?: unknown): Answer {
    return { kind: "json", status: 200, body: result === undefined ? { ok: true } : { ok: true, result } };
  }

  /**
   * Answers one request. `signal` (in-process) or the socket's close (HTTP)
   * cancels a held poll, so that an event pushed later waits for the next poll.
   */
  private async answer(httpMethod: string, path: string, contentType: string | undefined, body: string, signal?: AbortSignal): Promise<Answer> {
    const m = /^\/bot([^/]+)\/([^/]+)$/.exec(path);
    if (!m) return this.errorAnswer(400, "Bad Request");
    const [, token, method] = m as unknown as [string, string, string];
    let given = "";
    try {
      given = decodeURIComponent(token);
    } catch {
      given = "";
    }
    if (given !== this.token || this.revoked) {
      const a = this.errorAnswer(401, "Unauthorized");
      this.record({ method, payload: {}, at: this.now(), status: (a as { status: number }).status, answer: (a as { body: unknown }).body });
      return a;
    }
    let payload: Record<string, unknown> = {};
    let refusal: Answer | undefined;
    if (!METHODS.has(method)) refusal = this.errorAnswer(400, "Bad Request");
    else if (httpMethod !== "POST") refusal = this.errorAnswer(400, "Bad Request: POST only");
    else if (!/^application\/json\b/i.test(contentType ?? "")) refusal = this.errorAnswer(400, "Bad Request: a JSON body is required");
    else {
      try {
        const parsed: unknown = JSON.parse(body);
        if (isRecord(parsed)) payload = parsed;
        else refusal = this.errorAnswer(400, "Bad Request: the body must be a JSON object");
      } catch {
        refusal = this.errorAnswer(400, "Bad Request: invalid JSON");
      }
    }
    const at = this.now();
    const done = (a: Answer): Answer => {
      this.record({ method, payload, at, status: a.kind === "json" || a.kind === "html" ? a.status : 0, answer: a.kind === "json" ? a.body : undefined });
      return a;
    };
    if (refusal) return done(refusal);

    const rule = this.rules.find((r) => r.times > 0 && r.match(method, payload));
    if (rule) {
      rule.times--;
      const f = rule.fault;
      if (f.kind === "error") return done(this.errorAnswer(f.error_code, f.description ?? "Error", f.httpStatus));
      if (f.kind === "html") return done({ kind: "html", status: f.httpStatus, body: `<html><body><h1>${f.httpStatus} Bad Gateway</h1><p>POST ${path}</p></body></html>` });
      return done({ kind: f.kind });
    }
    return done(await this.method(method, payload, signal));
  }

  private bad(description: string): Answer {
    return this.errorAnswer(400, `Bad Request: ${description}`);
  }

  private checkChat(p: Record<string, unknown>): string | undefined {
    return typeof p.chat_id === "string" && p.chat_id.length > 0 ? undefined : "chat_id must be a non-empty string";
  }

  private checkText(v: unknown, field: string, required: boolean): string | undefined {
    if (v === undefined && !required) return undefined;
    if (typeof v !== "string") return `${field} is required`;
    if (v.length < 1 || v.length > 2000) return `${field} must be 1-2000 characters`;
    return undefined;
  }

  private sendResult(method: string, p: Record<string, unknown>, fields: Partial<SentByBot>): Answer {
    const chatId = p.chat_id as string;
    const entry: SentByBot = { method, chatId, messageId: this.newMessageId(), date: this.now(), ...fields };
    const list = this.sent.get(chatId) ?? [];
    list.push(entry);
    this.sent.set(chatId, list);
    return this.ok({ message_id: entry.messageId, date: entry.date });
  }

  private async method(method: string, p: Record<string, unknown>, signal?: AbortSignal): Promise<Answer> {
    switch (method) {
      case "getMe":
        return this.ok({ id: this.token.slice(0, this.token.indexOf(":")), account_name: "bot.KhoiThiDua", account_type: "BASIC", can_join_groups: false });
      case "getUpdates":
        return this.getUpdates(p, signal);
      case "setWebhook": {
        const url = typeof p.url === "string" ? p.url : "";
        let https = false;
        try {
          https = new URL(url).protocol === "https:";
        } catch {
          https = false;
        }
        if (!https) return this.bad("url must be an https URL");
        if (typeof p.secret_token !== "string" || p.secret_token.length < 8 || p.secret_token.length > 256) return this.bad("secret_token must be 8-256 characters");
        this.webhook = { url, secret: p.secret_token, updatedAt: this.now() };
        for (const poll of [...this.polls]) {
          this.polls.delete(poll);
          poll.cancel();
        }
        return this.ok({ url, updated_at: this.webhook.updatedAt });
      }
      case "deleteWebhook":
        this.webhook = null;
        return this.ok({ url: "", updated_at: this.now() });
      case "getWebhookInfo":
        return this.ok({ url: this.webhook?.url ?? "", updated_at: this.webhook?.updatedAt ?? 0 });
      case "sendMessage": {
        const why = this.checkChat(p) ?? this.checkText(p.text, "text", true);
        if (why) return this.bad(why);
        return this.sendResult(method, p, { text: p.text as string });
      }
      case "sendPhoto": {
        let why = this.checkChat(p) ?? this.checkText(p.caption, "caption", false);
        if (!why) {
          try {
            const u = new URL(typeof p.photo === "string" ? p.photo : "");
            if (u.protocol !== "https:" && u.protocol !== "http:") why = "photo must be an http(s) URL";
          } catch {
            why = "photo must be an http(s) URL";
          }
        }
        if (why) return this.bad(why);
        return this.sendResult(method, p, { photo: p.photo as string, ...(p.caption !== undefined ? { caption: p.caption as string } : {}) });
      }
      case "sendSticker": {
        const why = this.checkChat(p) ?? (typeof p.sticker === "string" && p.sticker ? undefined : "sticker is required");
        if (why) return this.bad(why);
        return this.sendResult(method, p, { sticker: p.sticker as string });
      }
      case "sendChatAction": {
        const why = this.checkChat(p) ?? (p.action === "typing" || p.action === "upload_photo" ? undefined : "action must be typing or upload_photo");
        if (why) return this.bad(why);
        return this.ok();
      }
      default:
        return this.bad("unknown method");
    }
  }

  private getUpdates(p: Record<string, unknown>, signal?: AbortSignal): Promise<Answer> | Answer {
    if (this.webhook) {
      const r = this.opts.webhookRefusal ?? { error_code: 400, description: "Bad Request" };
      return this.errorAnswer(r.error_code, r.description);
    }
    if ("offset" in p || "limit" in p) {
      // Zalo has neither [D][O]: accepted and ignored, like any unknown parameter.
    }
    const t = p.timeout;
    const seconds = t === undefined ? 30 : typeof t === "number" ? t : typeof t === "string" && /^\d+$/.test(t) ? Number(t) : NaN;
    if (!Number.isFinite(seconds) || seconds < 0) return this.bad("timeout must be a number of seconds");
    const next = this.queue.shift();
    if (next) return this.ok(next);
    return new Promise<Answer>((resolve) => {
      let timer: unknown;
      const finish = (a: Answer) => {
        this.timers.clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        this.polls.delete(poll);
        resolve(a);
      };
      const onAbort = () => finish({ kind: "hang" }); // nobody listens any more
      const poll: Poll = {
        deliver: (event) => finish(this.ok(event)),
        cancel: () => finish(this.revoked ? this.errorAnswer(401, "Unauthorized") : this.errorAnswer(408, "Request timeout")),
      };
      timer = this.timers.setTimeout(() => finish(this.errorAnswer(408, "Request timeout")), Math.min(seconds * 1000, this.opts.maxPollMs ?? 30_000), "fake zalo poll hold");
      signal?.addEventListener("abort", onAbort, { once: true });
      this.polls.add(poll);
      for (const l of [...this.listeners]) l();
    });
  }

  // ---- transports ---------------------------------------------------------

  /** The in-process transport: a fetch for ZaloApi's `fetch` option (any host; the path decides). */
  readonly fetch = async (url: string, init: { method: string; headers: Record<string, string>; body: string; signal: AbortSignal }): Promise<Response> => {
    const path = new URL(url).pathname;
    const contentType = Object.entries(init.headers).find(([k]) => k.toLowerCase() === "content-type")?.[1];
    if (init.signal.aborted) throw new DOMException("This operation was aborted", "AbortError");
    const a = await this.answer(init.method, path, contentType, init.body, init.signal);
    if (a.kind === "network") {
      throw new TypeError("fetch failed", { cause: Object.assign(new Error(`read ECONNRESET while fetching ${url}`), { code: "ECONNRESET" }) });
    }
    if (a.kind === "hang") {
      return new Promise<Response>((_, reject) => {
        const abort = () => reject(new DOMException("This operation was aborted", "AbortError"));
        if (init.signal.aborted) abort();
        else init.signal.addEventListener("abort", abort, { once: true });
      });
    }
    if (a.kind === "html") return new Response(a.body, { status: a.status, headers: { "content-type": "text/html" } });
    return new Response(JSON.stringify(a.body), { status: a.status, headers: { "content-type": "application/json" } });
  };

  /** Serves the API over HTTP on 127.0.0.1 at a free port; returns the value for ZALO_API_ROOT. */
  async listen(): Promise<string> {
    const server = createServer((req, res) => void this.serve(req, res));
    server.on("connection", (s: Socket) => {
      this.sockets.add(s);
      s.on("close", () => this.sockets.delete(s));
    });
    const port = await new Promise<number>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
    });
    this.server = server;
    return `http://127.0.0.1:${port}`;
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > 1024 * 1024) {
        res.statusCode = 413;
        res.end();
        return;
      }
      chunks.push(chunk);
    }
    const controller = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) controller.abort();
    });
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const a = await this.answer(req.method ?? "GET", path, req.headers["content-type"], Buffer.concat(chunks).toString("utf8"), controller.signal);
    if (a.kind === "network") {
      req.socket.destroy();
      return;
    }
    if (a.kind === "hang") return; // the socket stays open until the client gives up or close()
    res.statusCode = a.status;
    res.setHeader("content-type", a.kind === "html" ? "text/html" : "application/json");
    res.end(a.kind === "html" ? a.body : JSON.stringify(a.body));
  }

  /** Stops the HTTP server, cutting held polls and hangs. */
  async close(): Promise<void> {
    for (const p of [...this.polls]) {
      this.polls.delete(p);
      p.cancel();
    }
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  // ---- webhook deliveries -------------------------------------------------

  /**
   * POSTs `event` to a webhook at `url`, as Zalo does [D]: JSON, with
   * `X-Bot-Api-Secret-Token`. `shape`: "wrapped" `{ok: true, result: event}` as
   * the docs show, or "flat" as seen live (default). `secret`: the header's
   * value (default: the one given to setWebhook); null leaves it out.
   * (setWebhook requires https; tests deliver to their http server by its URL.)
   */
  async deliver(url: string, event: RawZaloEvent, opts: { shape?: "wrapped" | "flat"; secret?: string | null } = {}): Promise<{ status: number; body: string }> {
    const body = JSON.stringify((opts.shape ?? "flat") === "wrapped" ? { ok: true, result: event } : event);
    const secret = opts.secret === undefined ? this.webhook?.secret : opts.secret;
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (secret !== null && secret !== undefined) headers["x-bot-api-secret-token"] = secret;
    return rawPost(url, headers, body);
  }

  /** The empty probe seen live [O]: POST, no body, no Content-Type, no secret header. */
  probe(url: string): Promise<{ status: number; body: string }> {
    return rawPost(url, {}, undefined);
  }
}

/**
 * A POST over node:http with exactly these headers (no Content-Type added) and
 * `body` (none when undefined; sent chunked when `chunked`). For deliveries,
 * probes and malformed requests.
 */
export function rawPost(url: string, headers: Record<string, string>, body: string | Buffer | undefined, opts: { chunked?: boolean } = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const h: Record<string, string> = { ...headers };
    if (body !== undefined && !opts.chunked) h["content-length"] = String(Buffer.byteLength(body));
    const req = httpRequest({ host: u.hostname, port: u.port, path: u.pathname + u.search, method: "POST", headers: h }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", (e: NodeJS.ErrnoException) => {
      // A server that answers before reading an oversized body may reset the connection after its answer.
      reject(e);
    });
    if (body !== undefined) req.write(body);
    req.end();
  });
}
