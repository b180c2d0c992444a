// The Bot API over real HTTP, on 127.0.0.1 at a random port, for tests and
// benchmarks that run the real bot as a separate process (`node dist/main.js`,
// or `node --import tsx src/main.ts` with TELEGRAM_API_ROOT pointing here).
//
// Every `POST /bot<token>/<method>` is answered by a FakeTelegram (the same
// answering logic as the in-process tests, JSON and multipart bodies alike),
// except getUpdates, which long-polls a queue the test fills with push():
//  - updates with update_id < offset are confirmed and dropped for good;
//  - the others are delivered again on every poll until confirmed, so a bot
//    killed before it confirmed them (the runner starts again at offset 0) gets
//    them a second time, as from Telegram;
//  - an empty queue holds the poll for `timeout` seconds (at least minPollMs,
//    so that a bot polling with timeout 0 does not spin a core, and at most
//    maxPollMs, so that close() never waits long) and answers at once when
//    an update is pushed.
// failPolls() answers every getUpdates with an error (409 while "another instance"
// polls) until cleared; revokeToken() answers every call 401 from then on.
// onCall hooks see every other call after the fake took it in and before the
// HTTP answer is written, so a test can SIGKILL the bot at that exact moment.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { Update } from "grammy/types";
import { FakeTelegram, type ApiCall } from "./fake-telegram.js";

export type CallHook = (method: string, payload: Record<string, unknown>, call: ApiCall) => void | Promise<void>;

export type HttpTelegramOptions = {
  /** Only this token is accepted (401 otherwise); any token when unset. */
  token?: string;
  /** Shortest hold of an empty long poll (ms). Default 100. */
  minPollMs?: number;
  /** Longest hold of an empty long poll, whatever `timeout` asks (ms). Default 30 000. */
  maxPollMs?: number;
  /** The FakeTelegram answering the calls; a new one by default. */
  tg?: FakeTelegram;
};

/** An update as pushed: update_id is assigned when left out. */
export type PushedUpdate = Omit<Update, "update_id"> & { update_id?: number };

type Poll = { wake: () => void };

export class HttpTelegram {
  readonly tg: FakeTelegram;
  /** Every Bot API call but getUpdates, in arrival order (the same objects as tg.calls). */
  readonly calls: ApiCall[] = [];
  /** getUpdates requests received, and the updates handed out in answers (redeliveries included). */
  readonly polls: { offset: number; timeout: number; at: number; delivered: number[]; status?: number }[] = [];
  // Each update with the push it came from: an offset confirms only what was
  // queued when its poll arrived, so an update pushed again (a redelivery) is
  // not swallowed by a poll of the killed process that is still held open.
  private queue: { update: Update; seq: number }[] = [];
  private seq = 0;
  private confirmed = 0; // highest offset seen
  private nextId = 1;
  private waiting = new Set<Poll>();
  private hooks: CallHook[] = [];
  private listeners = new Set<() => void>();
  private sockets = new Set<Socket>();
  private closed = false;
  private pollFailure: { error_code: number; description: string } | null = null;
  private revoked = false;
  private readonly minPollMs: number;
  private readonly maxPollMs: number;

  private constructor(private readonly server: Server, readonly port: number, private readonly opts: HttpTelegramOptions) {
    this.tg = opts.tg ?? new FakeTelegram();
    this.minPollMs = opts.minPollMs ?? 100;
    this.maxPollMs = opts.maxPollMs ?? 30_000;
  }

  static async start(opts: HttpTelegramOptions = {}): Promise<HttpTelegram> {
    let self: HttpTelegram | undefined;
    const server = createServer((req, res) => {
      if (!self) {
        res.statusCode = 503;
        res.end();
        return;
      }
      self.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent && !res.destroyed) {
          res.statusCode = 500;
          res.end(JSON.stringify({ ok: false, error_code: 500, description: `fake: ${(err as Error).message}` }));
        }
      });
    });
    server.keepAliveTimeout = 60_000;
    const port = await new Promise<number>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
    });
    self = new HttpTelegram(server, port, opts);
    const tracked = self;
    server.on("connection", (s: Socket) => {
      tracked.sockets.add(s);
      s.on("close", () => tracked.sockets.delete(s));
    });
    return self;
  }

  /** The value for TELEGRAM_API_ROOT. */
  get apiRoot(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Runs `hook` on every call (not getUpdates) before it is answered; returns a function that removes it. */
  onCall(hook: CallHook): () => void {
    this.hooks.push(hook);
    return () => {
      this.hooks = this.hooks.filter((h) => h !== hook);
    };
  }

  /**
   * Queues an update for getUpdates and returns it with its id. Pushing an id
   * that was delivered before simulates Telegram delivering it again: it is
   * handed out to the next poll whose offset does not confirm it (a restarted
   * runner polls from offset 0).
   */
  push(update: PushedUpdate): Update {
    const full = { ...update, update_id: update.update_id ?? this.nextId++ } as Update;
    this.nextId = Math.max(this.nextId, full.update_id + 1);
    this.queue = this.queue.filter((q) => q.update.update_id !== full.update_id);
    this.queue.push({ update: full, seq: ++this.seq });
    this.queue.sort((a, b) => a.update.update_id - b.update.update_id);
    for (const p of this.waiting) p.wake();
    return full;
  }

  /** A fresh update id (for updates built by the caller). */
  newUpdateId(): number {
    return this.nextId++;
  }

  /** Updates pushed and not yet confirmed by an offset. */
  pending(): Update[] {
    return this.queue.map((q) => q.update);
  }

  /** The highest offset a poll sent: the bot has acknowledged every id below it. */
  get offset(): number {
    return this.confirmed;
  }

  /** Calls from index `from` on matching `pred`, waiting for them up to timeoutMs. */
  async waitFor(pred: (c: ApiCall) => boolean, opts: { from?: number; timeoutMs?: number; what?: string } = {}): Promise<ApiCall> {
    const from = opts.from ?? 0;
    const timeoutMs = opts.timeoutMs ?? PROCESS_EVENT_MS;
    const find = () => this.calls.slice(from).find(pred);
    const now = find();
    if (now) return now;
    return new Promise<ApiCall>((resolve, reject) => {
      const listener = () => {
        const hit = find();
        if (hit) {
          cleanup();
          resolve(hit);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        const tail = this.calls.slice(-5).map((c) => `${c.method} ${JSON.stringify(c.payload).slice(0, 160)}`);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${opts.what ?? "a call"}; last calls:\n${tail.join("\n")}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.listeners.delete(listener);
      };
      this.listeners.add(listener);
    });
  }

  /** Resolves once a getUpdates with offset > updateId arrived (the bot confirmed it). */
  async waitConfirmed(updateId: number, timeoutMs = PROCESS_EVENT_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.confirmed <= updateId) {
      if (Date.now() > deadline) throw new Error(`update ${updateId} not confirmed within ${timeoutMs} ms (offset ${this.confirmed})`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /**
   * While set, every getUpdates is answered at once with this error (a poll held
   * open is answered too), as Telegram answers 409 when another instance polls
   * with the same token. `null` ends it: polls are served again.
   */
  failPolls(error: { error_code: number; description: string } | null): void {
    this.pollFailure = error;
    for (const p of this.waiting) p.wake();
  }

  /** From now on every call is answered 401 Unauthorized (a poll held open too), as after /revoke in @BotFather. */
  revokeToken(): void {
    this.revoked = true;
    for (const p of this.waiting) p.wake();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const p of this.waiting) p.wake();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      for (const s of this.sockets) s.destroy();
    });
  }

  // --- serving ---------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.on("error", () => undefined); // the bot may be killed while we answer
    const path = (req.url ?? "/").split("?")[0]!;
    const href = `${this.apiRoot}${req.url ?? "/"}`;
    if (path.startsWith("/file/bot")) {
      const r = await this.tg.fetch(href);
      return this.send(res, r.status, Buffer.from(await r.arrayBuffer()), r.headers.get("content-type") ?? "application/octet-stream");
    }
    const m = /^\/bot([^/]+)\/([A-Za-z0-9_]+)$/.exec(path);
    if (!m) return this.json(res, 404, { ok: false, error_code: 404, description: "Not Found" });
    if (this.revoked || (this.opts.token !== undefined && m[1] !== this.opts.token)) return this.json(res, 401, { ok: false, error_code: 401, description: "Unauthorized" });
    const method = m[2]!;
    const body = await readAll(req);
    const contentType = req.headers["content-type"] ?? "";

    if (method === "getUpdates") return this.getUpdates(req, res, parseJson(body, contentType));

    const init: RequestInit = { method: "POST", headers: { "content-type": contentType } };
    if (body.length > 0) {
      // FakeTelegram reads a string as JSON, anything else as a multipart stream.
      init.body = contentType.includes("multipart/") ? ([body] as unknown as RequestInit["body"]) : body.toString("utf8");
    }
    const before = this.tg.calls.length;
    const response = await this.tg.fetch(href, init);
    const call = this.tg.calls[before] ?? { method, payload: {}, at: Date.now() };
    this.calls.push(call);
    for (const hook of [...this.hooks]) await hook(method, call.payload, call);
    for (const l of [...this.listeners]) l();
    return this.send(res, response.status, Buffer.from(await response.arrayBuffer()), "application/json");
  }

  private async getUpdates(req: IncomingMessage, res: ServerResponse, p: Record<string, unknown>): Promise<void> {
    const offset = Number(p.offset ?? 0) || 0;
    const limit = Math.min(Math.max(Number(p.limit ?? 100) || 100, 1), 100);
    const timeout = Math.max(Number(p.timeout ?? 0) || 0, 0);
    const allowed = Array.isArray(p.allowed_updates) && p.allowed_updates.length > 0 ? new Set(p.allowed_updates.map(String)) : null;
    const poll: (typeof this.polls)[number] = { offset, timeout, at: Date.now(), delivered: [] };
    this.polls.push(poll);
    const failure = () => (this.revoked ? { error_code: 401, description: "Unauthorized" } : this.pollFailure);
    const fail = failure();
    if (fail) {
      poll.status = fail.error_code;
      return this.json(res, fail.error_code, { ok: false, ...fail });
    }

    const arrived = this.seq;
    const take = (): Update[] => {
      if (offset > 0) {
        this.queue = this.queue.filter((q) => q.update.update_id >= offset || q.seq > arrived);
        this.confirmed = Math.max(this.confirmed, offset);
      }
      const kinds = (u: Update) => Object.keys(u).filter((k) => k !== "update_id");
      return this.queue
        .map((q) => q.update)
        .filter((u) => u.update_id >= offset && (!allowed || kinds(u).some((k) => allowed.has(k))))
        .slice(0, limit);
    };

    let updates = take();
    const until = Date.now() + Math.min(Math.max(timeout * 1000, this.minPollMs), this.maxPollMs);
    while (updates.length === 0 && !this.closed && Date.now() < until) {
      await new Promise<void>((resolve) => {
        const entry: Poll = { wake: () => done() };
        const timer = setTimeout(() => done(), until - Date.now());
        const onGone = () => done();
        const done = () => {
          clearTimeout(timer);
          this.waiting.delete(entry);
          req.socket.off("close", onGone);
          resolve();
        };
        this.waiting.add(entry);
        req.socket.on("close", onGone); // the bot went away (killed): stop holding
      });
      if (req.socket.destroyed) return; // nobody to answer
      const failed = failure();
      if (failed) {
        poll.status = failed.error_code;
        return this.json(res, failed.error_code, { ok: false, ...failed });
      }
      updates = take(); // empty again when the update pushed is not for this offset: hold on
    }
    poll.delivered = updates.map((u) => u.update_id);
    poll.status = 200;
    this.json(res, 200, { ok: true, result: updates });
  }

  private json(res: ServerResponse, status: number, body: unknown): void {
    this.send(res, status, Buffer.from(JSON.stringify(body)), "application/json");
  }

  private send(res: ServerResponse, status: number, body: Buffer, contentType: string): void {
    if (res.destroyed || res.socket?.destroyed) return;
    res.writeHead(status, { "content-type": contentType, "content-length": body.length });
    res.end(body);
  }
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function parseJson(body: Buffer, contentType: string): Record<string, unknown> {
  if (body.length === 0) return {};
  if (contentType.includes("multipart/")) {
    // getUpdates with a multipart body is unusual; read its plain fields.
    const out: Record<string, unknown> = {};
    for (const m of body.toString("utf8").matchAll(/name="([^"]+)"\r\n\r\n([^\r]*)\r\n/g)) {
      try {
        out[m[1]!] = JSON.parse(m[2]!);
      } catch {
        out[m[1]!] = m[2];
      }
    }
    return out;
  }
  try {
    return JSON.parse(body.toString("utf8")) as Record<string, unknown>;
  } catch {
    return Object.fromEntries(new URLSearchParams(body.toString("utf8")));
  }
}

// --- users and updates -------------------------------------------------------

export type TgUser = { id: number; is_bot: false; first_name: string; language_code?: string };

/** Builds the updates a person in a private chat would cause. */
export class PrivateChat {
  private messageId = 1;
  readonly from: TgUser;

  constructor(readonly server: HttpTelegram, id: number, firstName: string, language = "vi") {
    this.from = { id, is_bot: false, first_name: firstName, language_code: language };
    server.tg.chatTypes.set(id, "private");
  }

  get id(): number {
    return this.from.id;
  }

  /** Pushes a text message (commands get their entity); returns the update. */
  send(text: string): Update {
    const cmd = text.startsWith("/") ? text.split(/\s/)[0]!.length : 0;
    return this.server.push({
      message: {
        message_id: this.messageId++,
        date: Math.floor(Date.now() / 1000),
        chat: { id: this.id, type: "private", first_name: this.from.first_name },
        from: this.from,
        text,
        ...(cmd ? { entities: [{ type: "bot_command", offset: 0, length: cmd }] } : {}),
      },
    } as PushedUpdate);
  }

  /** Pushes the press of a button (by label) of the newest bot message that has it. */
  press(label: string | RegExp): Update {
    for (const msg of [...this.server.tg.messages(this.id)].reverse()) {
      for (const b of (msg.reply_markup?.inline_keyboard ?? []).flat()) {
        if (!("callback_data" in b) || b.callback_data === undefined) continue;
        if (typeof label === "string" ? b.text.includes(label) : label.test(b.text)) return this.pressData(b.callback_data, msg.message_id, msg.text);
      }
    }
    throw new Error(`no button ${String(label)} in chat ${this.id}`);
  }

  pressData(data: string, messageId: number, text = ""): Update {
    return this.server.push({
      callback_query: {
        id: `cq${this.id}-${this.messageId++}`,
        from: this.from,
        chat_instance: `ci${this.id}`,
        data,
        message: { message_id: messageId, date: Math.floor(Date.now() / 1000), chat: { id: this.id, type: "private", first_name: this.from.first_name }, text },
      },
    } as PushedUpdate);
  }

  /** Texts of the bot's sendMessage calls to this chat, from call index `from` on. */
  texts(from = 0): string[] {
    return this.server.calls.slice(from).filter((c) => c.method === "sendMessage" && Number(c.payload.chat_id) === this.id).map((c) => String(c.payload.text));
  }

  /** Waits for a sendMessage to this chat (after call index `from`) whose text matches. */
  waitText(match: string | RegExp, opts: { from?: number; timeoutMs?: number } = {}): Promise<ApiCall> {
    const ok = (t: string) => (typeof match === "string" ? t.includes(match) : match.test(t));
    return this.server.waitFor((c) => c.method === "sendMessage" && Number(c.payload.chat_id) === this.id && ok(String(c.payload.text)), {
      ...opts,
      what: `a message to ${this.id} matching ${String(match)}`,
    });
  }
}

// --- the bot as a process --------------------------------------------------

/**
 * How long a test waits for an event of a real process (its first poll, an
 * answer, a row in its database) before it fails, in ms. A hang-stopper, far
 * above the expected time (a bot starts in 1–4 s through tsx), so that a loaded
 * machine is never taken for a fault; it is not a speed goal (timings are
 * measured in bench/).
 */
export const PROCESS_EVENT_MS = 90_000;

/**
 * Waits until `check()` holds, looking every 25 ms; fails after `timeoutMs`
 * (default PROCESS_EVENT_MS) with `what`, `context()` (what the test saw) and
 * the output of `bot`. With `mustRun`, `bot` exiting meanwhile fails the wait at
 * once (for waits on a process that must stay up).
 */
export async function until(what: string, check: () => boolean, opts: { timeoutMs?: number; bot?: BotProcess; mustRun?: boolean; context?: () => string } = {}): Promise<void> {
  const deadline = Date.now() + (opts.timeoutMs ?? PROCESS_EVENT_MS);
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${opts.context ? `\n${opts.context()}` : ""}${opts.bot ? `:\n${opts.bot.output}` : ""}`);
    if (opts.mustRun && opts.bot && !opts.bot.running) throw new Error(`the bot exited while waiting for ${what}:\n${opts.bot.output}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export const PROCESS_TOKEN = "123456789:PROC_TOKEN_abcdefghijklmnopqrstuvwxyz012";

/**
 * The Node flags `npm start` runs the bot with (package.json's start script), so that
 * a process started here is the production one: `[...productionNodeFlags(), "dist/main.js"]`.
 */
export function productionNodeFlags(root = process.cwd()): string[] {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Record<string, string> };
  const m = /\bnode((?: --[\w-]+(?:=\S+)?)*) dist\/main\.js/.exec(pkg.scripts.start ?? "");
  if (!m) throw new Error(`package.json's start script does not run "node [flags] dist/main.js": ${pkg.scripts.start}`);
  return m[1]!.trim().split(/\s+/).filter(Boolean);
}

export type BotProcessOptions = {
  /** The command: by default `node --import tsx src/main.ts`. */
  args?: string[];
  cwd?: string;
  env: Record<string, string>;
  /** Keep stdout and stderr whole and apart (`stdout`, `stderr`), beside `output`: for scanning everything the process wrote. */
  keepStreams?: boolean;
};

/** The real bot started as a child process; its output kept for error messages. */
export class BotProcess {
  readonly child: ChildProcess;
  readonly startedAt = performance.now();
  /** The last 20,000 characters of stdout and stderr, interleaved. */
  output = "";
  /** With `keepStreams`: all the process wrote to stdout, and to stderr ("" otherwise). */
  stdout = "";
  stderr = "";
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(opts: BotProcessOptions) {
    this.child = spawn(process.execPath, opts.args ?? ["--import", "tsx", "src/main.ts"], {
      cwd: opts.cwd ?? process.cwd(),
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NODE_ENV: "production", ...opts.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const keep = (b: Buffer) => {
      this.output = (this.output + b.toString("utf8")).slice(-20_000);
    };
    this.child.stdout?.on("data", keep);
    this.child.stderr?.on("data", keep);
    if (opts.keepStreams) {
      this.child.stdout?.on("data", (b: Buffer) => (this.stdout += b.toString("utf8")));
      this.child.stderr?.on("data", (b: Buffer) => (this.stderr += b.toString("utf8")));
    }
    this.exited = new Promise((resolve) => this.child.once("exit", (code, signal) => resolve({ code, signal })));
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** The lines of `output` that match `re`. */
  lines(re: RegExp): string[] {
    return this.output.split("\n").filter((l) => re.test(l));
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** SIGKILL at once (synchronously), as a power cut would. */
  killHard(): void {
    if (this.running) this.child.kill("SIGKILL");
  }

  /** Kills (SIGKILL unless told) and waits for the exit. */
  async stop(signal: NodeJS.Signals = "SIGKILL", timeoutMs = 10_000): Promise<void> {
    if (this.running) this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill("SIGKILL"), timeoutMs);
    await this.exited;
    clearTimeout(timer);
  }
}
