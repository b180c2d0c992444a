// An in-process fake of the Bot API: the bot's HTTP client is pointed at it
// through grammY's `client.fetch`, so every outgoing call (from handlers,
// conversations and scheduled jobs alike) is captured, answered like Telegram
// would, and kept per chat so that tests can read messages and press buttons.
// It refuses what Telegram refuses, in Telegram's words (./telegram-rules.ts:
// lengths after entity parsing, HTML, callback data, keyboards; and here, from
// the chat's history: edits and deletes of messages that do not exist, edits
// that change nothing, a second answer to one button press), so every test
// checks the Bot API's limits.
import type { Message, InlineKeyboardMarkup } from "grammy/types";
import { Response as NodeFetchResponse } from "node-fetch";
import { formatted, payloadRefusal, type Formatted, type Refusal } from "./telegram-rules.js";

export type ApiCall = { method: string; payload: Record<string, unknown>; at: number };

export type FailRule = {
  match: (call: ApiCall) => boolean;
  error_code: number;
  description: string;
  retry_after?: number;
  /** More of Telegram's ResponseParameters (migrate_to_chat_id). */
  parameters?: Record<string, unknown>;
  times: number; // how many calls it still fails; Infinity for ever
  /** The chat a block() is for, so that unblock() can lift it. */
  chatId?: number;
};

export type StoredMessage = {
  message_id: number;
  chat_id: number;
  text?: string;
  caption?: string;
  reply_markup?: InlineKeyboardMarkup;
  parse_mode?: string;
  kind: "text" | "photo" | "document" | "other";
  file?: { name: string; bytes: Uint8Array };
  deleted?: boolean;
  /** The text or caption as Telegram keeps it (parsed, trimmed): what "not modified" compares. */
  content?: Formatted;
};

export const BOT_INFO = {
  id: 7000000001,
  is_bot: true as const,
  first_name: "Khối bot",
  username: "khoi_test_bot",
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
};

/** Telegram's answer to an answerCallbackQuery for a press already answered, or no longer fresh. */
export const QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid";

export class FakeTelegram {
  calls: ApiCall[] = [];
  /** Calls the fake refused as Telegram would (a limit, bad HTML, a missing message...), with the answer given. */
  refused: { call: ApiCall; refusal: Refusal }[] = [];
  private rules: FailRule[] = [];
  private nextMessageId = 1000;
  readonly chats = new Map<number, Map<number, StoredMessage>>();
  readonly chatTypes = new Map<number, "private" | "group" | "supergroup">();
  /**
   * Files users have sent, by file_id, for getFile and the download URL.
   * `statedSize`: the file_size getFile states (default: the real length; null: none).
   */
  readonly files = new Map<string, { path: string; bytes: Uint8Array; statedSize?: number | null }>();
  /** Bytes of files the bot has actually read from download URLs (served in 64 kB chunks, without Content-Length). */
  downloadedBytes = 0;
  /** Milliseconds of artificial latency per call (0: none). */
  latencyMs = 0;
  /**
   * Whether calls are judged by Telegram's rules (telegram-rules.ts, and the chat's
   * history for edits and deletes). Tests keep it on. A benchmark that times the
   * bot, not the fake, may turn it off, for every call alike, and says so; the
   * messages are still kept, and it can judge them afterwards (callRefusal).
   */
  judge = true;
  /**
   * Milliseconds the fake spent being Telegram's servers: decoding and parsing each
   * request's JSON, answering it, writing and encoding the answer's JSON. Not the
   * bot's work, and not counted in it: a test's waits (hang, latencyMs). The client's
   * side is the bot's: encoding the request it sends (done here before the timing,
   * as node-fetch does on the wire) and decoding the answer it reads. A benchmark of
   * the bot's cost takes serverMs out (bench/overhead.bench.ts): a real server's work
   * costs the bot nothing.
   */
  serverMs = 0;

  /** Fails calls matching `match` with a Telegram error, `times` times. */
  fail(match: (call: ApiCall) => boolean, error_code: number, description: string, opts: { times?: number; retry_after?: number; parameters?: Record<string, unknown>; chatId?: number } = {}) {
    this.rules.push({ match, error_code, description, times: opts.times ?? Infinity, retry_after: opts.retry_after, parameters: opts.parameters, chatId: opts.chatId });
  }

  /**
   * The group `from` is upgraded to the supergroup `to`: as Telegram does, every call
   * to the old id is answered 400 with parameters.migrate_to_chat_id.
   */
  migrateChat(from: number, to: number) {
    this.chatTypes.set(to, "supergroup");
    this.fail((c) => Number(c.payload.chat_id) === from, 400, "Bad Request: group chat was upgraded to a supergroup chat", { parameters: { migrate_to_chat_id: to } });
  }

  /** The bot is removed from a group: every call to it is answered 403. */
  kickBot(chatId: number) {
    this.fail((c) => Number(c.payload.chat_id) === chatId, 403, "Forbidden: bot was kicked from the supergroup chat");
  }

  clearFailures() {
    this.rules = [];
    this.hangs = [];
  }

  /**
   * Forgets the calls and messages recorded so far. For long benchmarks: what the
   * fake keeps grows the heap, and with it the garbage collector's work, by the
   * round.
   */
  forget() {
    this.calls = [];
    this.refused = [];
    this.chats.clear();
    this.answered.clear();
  }

  /** The callback_query_ids already answered (Telegram takes one answerCallbackQuery per press). */
  private readonly answered = new Set<string>();

  /**
   * Calls matching `match` (`times` of them, default all) get no answer: the request
   * waits until the client aborts it (grammY's time limit), then fails as an aborted
   * fetch does; or, given `until`, until that promise settles, then is answered as usual.
   * File downloads are matched as `{ method: "file", payload: { file_path } }`.
   */
  hang(match: (call: ApiCall) => boolean, opts: { times?: number; until?: Promise<unknown> } = {}) {
    this.hangs.push({ match, times: opts.times ?? Infinity, until: opts.until });
  }
  private hangs: { match: (call: ApiCall) => boolean; times: number; until?: Promise<unknown> }[] = [];
  /** Requests that were left hanging, and those of them the client then aborted. */
  readonly hung: { call: ApiCall; aborted: boolean }[] = [];

  private hangIfTold(call: ApiCall, signal: AbortSignal | null | undefined): Promise<void> | undefined {
    const rule = this.hangs.find((r) => r.times > 0 && r.match(call));
    if (!rule) return undefined;
    rule.times--;
    const entry = { call, aborted: false };
    this.hung.push(entry);
    return new Promise<void>((resolve, reject) => {
      rule.until?.then(() => resolve(), () => resolve());
      signal?.addEventListener("abort", () => {
        entry.aborted = true;
        reject(Object.assign(new Error("The operation was aborted."), { name: "AbortError" }));
      });
    });
  }

  /** The next `n` requests fail at the network level (fetch rejects). */
  dropConnections(n: number) {
    this.dropped = n;
  }
  private dropped = 0;

  /** Simulates a user who blocked the bot: every send to the chat answers 403. */
  block(chatId: number) {
    this.fail((c) => Number(c.payload.chat_id) === chatId, 403, "Forbidden: bot was blocked by the user", { chatId });
  }

  /** The user unblocked the bot: sends to the chat work again (undoes block()). */
  unblock(chatId: number) {
    this.rules = this.rules.filter((r) => !(r.chatId === chatId && r.error_code === 403));
  }

  readonly fetch = async (url: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const href = typeof url === "string" ? url : url instanceof URL ? url.href : url.url;
    if (href.includes("/file/bot")) {
      const path = href.slice(href.indexOf("/file/bot") + 1).split("/").slice(2).join("/");
      await this.hangIfTold({ method: "file", payload: { file_path: path }, at: Date.now() }, init?.signal);
      const file = [...this.files.values()].find((f) => f.path === path);
      if (!file) return new Response("not found", { status: 404 });
      // A stream, as a real download is: the reader decides how much it takes.
      let at = 0;
      const body = new ReadableStream<Uint8Array>({
        pull: (controller) => {
          if (at >= file.bytes.length) return controller.close();
          const chunk = file.bytes.subarray(at, at + 64 * 1024);
          at += chunk.length;
          this.downloadedBytes += chunk.length;
          controller.enqueue(chunk);
        },
      });
      return new Response(body, { status: 200 });
    }
    const method = href.slice(href.lastIndexOf("/") + 1);
    if (this.dropped > 0) {
      this.dropped--;
      throw new TypeError("fetch failed: connection reset");
    }
    // Telegram's side of the call is timed into serverMs (the waits a test asks for are not).
    // The answer is node-fetch's Response, with the HTTP status of the error_code as
    // Telegram's: the class the bot reads Bot API answers from in production
    // (src/chat/bot.ts gives grammY node-fetch), not the global fetch's (undici's, whose
    // body is a web stream: ~2× the CPU per answer read, a cost no production call
    // pays). File downloads, which production fetches with the global fetch, keep its Response.
    // The request as it goes on the wire: a JSON text is encoded by the client (node-fetch, in production).
    const wire = typeof init?.body === "string" ? Buffer.from(init.body, "utf8") : undefined;
    let t0 = performance.now();
    const payload = wire ? (JSON.parse(wire.toString("utf8")) as Record<string, unknown>) : await readBody(init);
    const call: ApiCall = { method, payload, at: Date.now() };
    this.calls.push(call);
    this.serverMs += performance.now() - t0;
    await this.hangIfTold(call, init?.signal);
    if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
    t0 = performance.now();
    const body = this.reply(method, payload, call);
    const bytes = Buffer.from(JSON.stringify(body), "utf8");
    this.serverMs += performance.now() - t0;
    return new NodeFetchResponse(bytes, { status: body.ok ? 200 : (body.error_code ?? 400), headers: { "content-type": "application/json" } }) as unknown as Response;
  };

  /** Telegram's answer to a call: a failure the test set up, a refusal of Telegram's rules (when judging), or the result. */
  private reply(method: string, payload: Record<string, unknown>, call: ApiCall): { ok: boolean; error_code?: number; [k: string]: unknown } {
    const rule = this.rules.find((r) => r.times > 0 && r.match(call));
    if (rule) {
      rule.times--;
      const parameters = { ...(rule.retry_after !== undefined ? { retry_after: rule.retry_after } : {}), ...rule.parameters };
      return { ok: false, error_code: rule.error_code, description: rule.description, ...(Object.keys(parameters).length ? { parameters } : {}) };
    }
    const refusal = this.judge ? (payloadRefusal(method, payload) ?? this.historyRefusal(method, payload)) : null;
    if (refusal) {
      this.refused.push({ call, refusal });
      return { ok: false, ...refusal };
    }
    if (method === "answerCallbackQuery") this.answered.add(String(payload.callback_query_id));
    return { ok: true, result: this.answer(method, payload) };
  }

  /**
   * Refusals that depend on what came before: the messages already in the chat, and
   * the presses already answered. A press takes one answerCallbackQuery: Telegram
   * answers a second one as it answers one no longer fresh, 400 QUERY_TOO_OLD (its
   * QUERY_ID_INVALID; public reports: EdJoPaTo/grammy-inline-menu #64, an answer then
   * another; chelaxian/tg-ytdlp-bot #470).
   */
  private historyRefusal(method: string, p: Record<string, unknown>): Refusal | null {
    if (method === "answerCallbackQuery") {
      return this.answered.has(String(p.callback_query_id)) ? { error_code: 400, description: QUERY_TOO_OLD } : null;
    }
    const edit = method === "editMessageText" || method === "editMessageCaption" || method === "editMessageReplyMarkup";
    if (!edit && method !== "deleteMessage") return null;
    if (p.inline_message_id !== undefined) return null;
    const m = this.chats.get(Number(p.chat_id))?.get(Number(p.message_id));
    if (!m || m.deleted) return { error_code: 400, description: `Bad Request: message to ${edit ? "edit" : "delete"} not found` };
    if (!edit) return null;
    if (method === "editMessageText" && m.kind !== "text") return { error_code: 400, description: "Bad Request: there is no text in the message to edit" };
    if (method === "editMessageCaption" && m.kind === "text") return { error_code: 400, description: "Bad Request: there is no caption in the message to edit" };
    const content = method === "editMessageText" ? contentOf(String(p.text), p.parse_mode) : method === "editMessageCaption" ? contentOf(String(p.caption ?? ""), p.parse_mode) : m.content;
    if (sameJson(content, m.content) && sameJson(markupOf(p.reply_markup), markupOf(m.reply_markup))) {
      return {
        error_code: 400,
        description: "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
      };
    }
    return null;
  }

  private store(chatId: number, m: Omit<StoredMessage, "message_id" | "chat_id">): StoredMessage {
    const msg: StoredMessage = { message_id: this.nextMessageId++, chat_id: chatId, ...m };
    if (!this.chats.has(chatId)) this.chats.set(chatId, new Map());
    this.chats.get(chatId)!.set(msg.message_id, msg);
    return msg;
  }

  private toMessage(m: StoredMessage): Message {
    const type = this.chatTypes.get(m.chat_id) ?? (m.chat_id > 0 ? "private" : "supergroup");
    const chat = type === "private" ? { id: m.chat_id, type, first_name: "User" } : { id: m.chat_id, type, title: "Group" };
    return {
      message_id: m.message_id,
      date: Math.floor(Date.now() / 1000),
      chat,
      from: BOT_INFO,
      ...(m.text !== undefined ? { text: m.text } : {}),
      ...(m.caption !== undefined ? { caption: m.caption } : {}),
      ...(m.reply_markup ? { reply_markup: m.reply_markup } : {}),
    } as Message;
  }

  private answer(method: string, p: Record<string, unknown>): unknown {
    const chatId = Number(p.chat_id);
    switch (method) {
      case "getMe":
        return BOT_INFO;
      case "sendMessage":
        return this.toMessage(this.store(chatId, { kind: "text", text: String(p.text), reply_markup: p.reply_markup as InlineKeyboardMarkup | undefined, parse_mode: p.parse_mode as string | undefined, content: this.judge ? contentOf(String(p.text), p.parse_mode) : undefined }));
      case "sendPhoto":
      case "sendDocument": {
        const field = method === "sendPhoto" ? "photo" : "document";
        const file = p[field] as { name: string; bytes: Uint8Array } | undefined;
        const caption = p.caption as string | undefined;
        return this.toMessage(this.store(chatId, { kind: method === "sendPhoto" ? "photo" : "document", caption, file, reply_markup: p.reply_markup as InlineKeyboardMarkup | undefined, content: contentOf(caption ?? "", p.parse_mode) }));
      }
      case "editMessageText":
      case "editMessageReplyMarkup":
      case "editMessageCaption": {
        const m = this.chats.get(chatId)?.get(Number(p.message_id));
        if (!m) return true; // an inline message: Telegram answers true
        if (method === "editMessageText") {
          m.text = String(p.text);
          m.parse_mode = p.parse_mode as string | undefined;
          m.content = contentOf(m.text, p.parse_mode);
        }
        if (method === "editMessageCaption") {
          m.caption = p.caption === undefined ? undefined : String(p.caption);
          m.content = contentOf(m.caption ?? "", p.parse_mode);
        }
        m.reply_markup = p.reply_markup as InlineKeyboardMarkup | undefined;
        return this.toMessage(m);
      }
      case "deleteMessage": {
        const m = this.chats.get(chatId)?.get(Number(p.message_id));
        if (m) m.deleted = true;
        return true;
      }
      case "getFile": {
        const f = this.files.get(String(p.file_id));
        if (!f) return { file_id: String(p.file_id), file_unique_id: "x" };
        const size = f.statedSize === undefined ? f.bytes.length : f.statedSize;
        return { file_id: String(p.file_id), file_unique_id: `u${String(p.file_id)}`, ...(size === null ? {} : { file_size: size }), file_path: f.path };
      }
      case "getChat":
        return { id: chatId, type: this.chatTypes.get(chatId) ?? "private" };
      default:
        return true;
    }
  }

  /** Messages the bot has in a chat, oldest first (deleted ones left out). */
  messages(chatId: number): StoredMessage[] {
    return [...(this.chats.get(chatId)?.values() ?? [])].filter((m) => !m.deleted);
  }

  message(chatId: number, messageId: number): StoredMessage | undefined {
    return this.chats.get(chatId)?.get(messageId);
  }

  callsOf(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }
}

/** A small multipart/form-data reader (undici's refuses grammY's bodies). */
function parseMultipart(body: Buffer, contentType: string): Record<string, unknown> {
  const boundary = /boundary=("?)([^";]+)\1/.exec(contentType)?.[2];
  const out: Record<string, unknown> = {};
  if (!boundary) return out;
  const sep = Buffer.from(`--${boundary}`);
  let pos = body.indexOf(sep);
  while (pos !== -1) {
    const next = body.indexOf(sep, pos + sep.length);
    if (next === -1) break;
    const part = body.subarray(pos + sep.length, next);
    pos = next;
    const headEnd = part.indexOf("\r\n\r\n");
    if (headEnd === -1) continue;
    const head = part.subarray(0, headEnd).toString("utf8");
    let content = part.subarray(headEnd + 4);
    if (content.subarray(-2).toString() === "\r\n") content = content.subarray(0, -2);
    const name = /\bname="?([^";\r\n]+)"?/.exec(head)?.[1];
    if (!name) continue;
    const filename = /\bfilename="?([^";\r\n]+)"?/.exec(head)?.[1];
    if (filename !== undefined) out[name] = { name: filename, bytes: new Uint8Array(content) };
    else {
      const text = content.toString("utf8");
      try {
        out[name] = JSON.parse(text);
      } catch {
        out[name] = text;
      }
    }
  }
  return out;
}

function contentOf(text: string, parseMode: unknown): Formatted | undefined {
  const f = formatted(text, parseMode);
  return f.ok ? f.value : undefined;
}

/** An inline keyboard as Telegram compares it: none and an empty one are the same. */
function markupOf(markup: unknown): unknown {
  const rows = (markup as { inline_keyboard?: unknown[][] } | undefined)?.inline_keyboard;
  return rows && rows.some((r) => r.length > 0) ? rows : null;
}

function sameJson(a: unknown, b: unknown): boolean {
  const canon = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(canon) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).sort(([x], [y]) => x.localeCompare(y)).map(([k, x]) => [k, canon(x)])) : v;
  return JSON.stringify(canon(a) ?? null) === JSON.stringify(canon(b) ?? null);
}

/** A body that is not a JSON text (fetch reads those itself): none, or multipart with files. */
async function readBody(init?: RequestInit): Promise<Record<string, unknown>> {
  const body = init?.body;
  if (body === undefined || body === null) return {};
  // Multipart (files): collect the stream and let undici parse it.
  const chunks: Uint8Array[] = [];
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array | string>) {
    chunks.push(typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk);
  }
  const headers = new Headers(init?.headers as ConstructorParameters<typeof Headers>[0]);
  const out = parseMultipart(Buffer.concat(chunks), headers.get("content-type") ?? "");
  // grammY sends the file as an attach:// reference plus a separate part.
  for (const [key, value] of Object.entries(out)) {
    if (typeof value === "string" && value.startsWith("attach://")) out[key] = out[value.slice("attach://".length)];
  }
  return out;
}
