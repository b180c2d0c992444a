// A typed client of the Zalo Bot Platform's Bot API. Facts and their sureness:
// shared/notes/zalo.md §2–§3 ([D] Zalo's docs, [O] seen live, [I] inferred).
//  - Every call is `POST ${apiRoot}/bot${token}/${method}` with a JSON body (`{}`
//    when there are no parameters); method names are case-sensitive [D]. The docs
//    also allow GET, forms and multipart; every working integration uses POST+JSON.
//  - The answer is `{ok, result?, description?, error_code?}`; HTTP 2xx does not
//    mean success [D][O], so `ok` is checked whatever the HTTP status (which one
//    comes with `ok: false` is unknown, §11.2).
//  - getUpdates hands over one event per call, no offset [D][O]; when nothing
//    arrives it answers `ok: false, error_code: 408` ("Request timeout") [O]:
//    that is "no event", not an error.
//  - Host: the API pages and every working integration use
//    bot-api.zaloplatforms.com; Zalo's own SDKs (node-zalo-bot 0.1.6,
//    python-zalo-bot 0.1.9) use bot-api.zapps.me (§2, §11.12). Both may work; the
//    default is the documented one, and `apiRoot` changes it (a proxy, a fake).
// The token appears in the request URL only: errors carry the method, the
// error code and Zalo's description (masked), never the URL or the body of an
// answer that is not Zalo's (a proxy's error page may echo the URL).
import { maskSecrets, registerSecretValue, registerZaloToken } from "../../shared/log/secrets.js";
import { parseZaloEvent, zaloDate, type ZaloEvent } from "./events.js";
import { AbortedError, systemTimers, type Timers } from "./timers.js";

/** The documented base URL (see the host disagreement above). */
export const ZALO_API_ROOT = "https://bot-api.zaloplatforms.com";

/**
 * Longest text or caption, from the docs (sendMessage, sendPhoto: "1 to 2000
 * characters") [D]. The counting unit (UTF-16 code units or code points) is not
 * stated; this client counts UTF-16 code units (`string.length`), the stricter
 * of the two: an emoji outside the BMP counts 2.
 */
export const ZALO_TEXT_MAX = 2000;

/** The subset of `fetch` the client uses (the global fetch fits; tests inject a fake). */
export type ZaloFetch = (
  url: string,
  init: { method: "POST"; headers: Record<string, string>; body: string; signal: AbortSignal },
) => Promise<{ status: number; text(): Promise<string> }>;

export type ZaloApiOptions = {
  /** `<digits>:<secret>`, from Zalo Bot Creator. Registered for masking (secrets.ts). */
  token: string;
  /** Default ZALO_API_ROOT. An http(s) URL without query; a trailing "/" is dropped. */
  apiRoot?: string;
  /** Default: the global fetch. */
  fetch?: ZaloFetch;
  /** Time limit of a call, in ms (getUpdates: its long-poll time on top). Default 15 000. */
  timeoutMs?: number;
  /**
   * Time limit of sendPhoto, in ms: Zalo downloads the image before it answers
   * (OpenClaw waits longer for the same reason). Default 60 000.
   */
  sendPhotoTimeoutMs?: number;
  /** Default: Node's timers. */
  timers?: Timers;
};

/** Per-call options. */
export type ZaloCallOptions = {
  /** Aborting rejects the call with AbortedError (timers.ts). */
  signal?: AbortSignal;
  /** Overrides the client's time limit for this call (ms). */
  timeoutMs?: number;
};

/**
 * Zalo answered `ok: false`, or with something that is not a Zalo answer.
 * `errorCode`: Zalo's `error_code` (docs: 400 bad request or unknown method, 401
 * token invalid, 403 "internal server error" (sic), 404, 408 timeout, 429 quota
 * exceeded); when the answer is not Zalo's JSON, the HTTP status (502 for a 2xx
 * that is not JSON). The message holds the method, the code and the
 * description, masked; never the token or the URL.
 */
export class ZaloApiError extends Error {
  constructor(
    readonly method: string,
    readonly errorCode: number,
    readonly description: string,
    /** The HTTP status the answer came with. */
    readonly httpStatus: number,
  ) {
    super(`Zalo ${method} failed: ${errorCode}${description ? ` ${description}` : ""}`);
    this.name = "ZaloApiError";
  }
}

/**
 * No answer: the request failed before Zalo answered (DNS, refused or reset
 * connection, TLS), or the time limit passed (`timedOut`). `reason` is the
 * failure's code or message with any URL removed, masked.
 */
export class ZaloNetworkError extends Error {
  constructor(
    readonly method: string,
    readonly reason: string,
    readonly timedOut: boolean,
  ) {
    super(`Zalo ${method}: ${timedOut ? "no answer in time" : "cannot reach Zalo"} (${reason})`);
    this.name = "ZaloNetworkError";
  }
}

/** A request this client refuses to send (a text too long, a webhook URL that is not https); nothing was sent. */
export class ZaloRequestError extends RangeError {
  constructor(
    readonly method: string,
    readonly field: string,
    why: string,
  ) {
    super(`Zalo ${method}: ${field} ${why}`);
    this.name = "ZaloRequestError";
  }
}

/** getMe's result [D]: `{id: "1459232241454765289", account_name, account_type: "BASIC", can_join_groups}`. */
export type ZaloBotInfo = { id: string; accountName: string; accountType: string; canJoinGroups: boolean };

/** A send's result: `{message_id, date}` [D]; fields Zalo left out are absent (the send did happen). */
export type ZaloSentMessage = { messageId?: string; date?: Date };

/** getWebhookInfo/setWebhook/deleteWebhook's result: `{url, updated_at}` ("" when none is set); never the secret [D]. */
export type ZaloWebhookInfo = { url: string; updatedAt?: Date };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return undefined;
}

function dateOf(v: unknown): Date | undefined {
  const n = typeof v === "number" ? v : typeof v === "string" && /^\d+$/.test(v) ? Number(v) : NaN;
  return Number.isFinite(n) ? zaloDate(n) : undefined;
}

function checkText(method: string, field: string, text: string): void {
  if (text.length < 1 || text.length > ZALO_TEXT_MAX) {
    throw new ZaloRequestError(method, field, `must be 1–${ZALO_TEXT_MAX} characters (UTF-16 units), got ${text.length}`);
  }
}

function checkChatId(method: string, chatId: string): void {
  if (typeof chatId !== "string" || chatId.length === 0) throw new ZaloRequestError(method, "chat_id", "must be a non-empty string");
}

/** The failure's cause without URLs (which hold the token), e.g. "ECONNREFUSED". */
function networkReason(e: unknown): string {
  const cause = e instanceof Error && e.cause instanceof Error ? e.cause : e;
  const code = isRecord(cause) ? (cause as { code?: unknown }).code : undefined;
  const message = cause instanceof Error ? cause.message : String(cause);
  const text = typeof code === "string" ? code : message;
  return maskSecrets(text.replace(/\b[a-z][a-z0-9+.-]*:\/\/\S*/gi, "<url>")).slice(0, 200);
}

/** A client for one bot (one token). Methods reject with ZaloApiError, ZaloNetworkError, ZaloRequestError or AbortedError. */
export class ZaloApi {
  readonly apiRoot: string;
  private readonly token: string;
  private readonly fetch: ZaloFetch;
  private readonly timers: Timers;
  private readonly timeoutMs: number;
  private readonly sendPhotoTimeoutMs: number;

  constructor(opts: ZaloApiOptions) {
    if (!/^\d+:\S+$/.test(opts.token)) throw new Error("ZaloApi: the token must look like <digits>:<secret>");
    registerZaloToken(opts.token);
    this.token = opts.token;
    const root = (opts.apiRoot ?? ZALO_API_ROOT).replace(/\/+$/, "");
    let url: URL;
    try {
      url = new URL(root);
    } catch {
      throw new Error("ZaloApi: apiRoot must be an http(s) URL");
    }
    if ((url.protocol !== "https:" && url.protocol !== "http:") || url.search || url.hash) {
      throw new Error("ZaloApi: apiRoot must be an http(s) URL without query or fragment");
    }
    this.apiRoot = root;
    this.fetch = opts.fetch ?? ((u, init) => fetch(u, init));
    this.timers = opts.timers ?? systemTimers;
    this.timeoutMs = opts.timeoutMs ?? 15_000;
    this.sendPhotoTimeoutMs = opts.sendPhotoTimeoutMs ?? 60_000;
  }

  /**
   * Calls `method` with `params` and returns its `result` (undefined when
   * absent). For methods this class has no wrapper for.
   */
  async call(method: string, params: Record<string, unknown> = {}, opts: ZaloCallOptions = {}): Promise<unknown> {
    const limitMs = opts.timeoutMs ?? this.timeoutMs;
    const signal = opts.signal;
    if (signal?.aborted) throw new AbortedError();
    const controller = new AbortController();
    let timer: unknown;
    let onAbort: (() => void) | undefined;
    // The time limit and the caller's abort each settle the call even if the
    // fetch ignores its signal (a hung connection that never reads it).
    const limit = new Promise<never>((_, reject) => {
      timer = this.timers.setTimeout(() => {
        controller.abort();
        reject(new ZaloNetworkError(method, `no answer within ${limitMs} ms`, true));
      }, limitMs, `zalo ${method} time limit`);
    });
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => {
        controller.abort();
        reject(new AbortedError());
      };
      signal?.addEventListener("abort", onAbort, { once: true });
    });
    try {
      return await Promise.race([this.exchange(method, params, controller.signal), limit, aborted]);
    } finally {
      this.timers.clearTimeout(timer);
      if (onAbort) signal?.removeEventListener("abort", onAbort);
    }
  }

  private async exchange(method: string, params: Record<string, unknown>, signal: AbortSignal): Promise<unknown> {
    let status: number;
    let body: string;
    try {
      const res = await this.fetch(`${this.apiRoot}/bot${this.token}/${method}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(params),
        signal,
      });
      status = res.status;
      body = await res.text();
    } catch (e) {
      throw new ZaloNetworkError(method, networkReason(e), false);
    }
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      json = undefined;
    }
    if (isRecord(json) && typeof json.ok === "boolean") {
      if (json.ok) return json.result;
      const code = Number(json.error_code);
      const errorCode = Number.isInteger(code) && code > 0 ? code : status >= 400 ? status : 0;
      const description = maskSecrets(typeof json.description === "string" ? json.description : "").slice(0, 300);
      throw new ZaloApiError(method, errorCode, description, status);
    }
    // Not Zalo's envelope (a proxy's or gateway's page): its body is not quoted.
    throw new ZaloApiError(method, status >= 400 ? status : 502, `HTTP ${status}, not a Zalo answer`, status);
  }

  /** The bot's account; also how to check a token. */
  async getMe(opts?: ZaloCallOptions): Promise<ZaloBotInfo> {
    const r = await this.call("getMe", {}, opts);
    const o = isRecord(r) ? r : {};
    return {
      id: str(o.id) ?? "",
      accountName: str(o.account_name) ?? "",
      accountType: str(o.account_type) ?? "",
      canJoinGroups: o.can_join_groups === true,
    };
  }

  /**
   * Waits up to `timeoutSeconds` (default 30, Zalo's default) for the next event.
   * Sent as a string, as the docs' table types it (their example sends a number;
   * both are accepted by the fakes). The call's time limit is the long-poll time
   * plus the client's time limit.
   *
   * @returns the events handed over: [] when nothing arrived (408), one event as
   *   a rule; an array `result` (never seen) is read element by element, and
   *   elements that are no event are skipped.
   */
  async getUpdates(opts: ZaloCallOptions & { timeoutSeconds?: number } = {}): Promise<ZaloEvent[]> {
    const seconds = opts.timeoutSeconds ?? 30;
    let result: unknown;
    try {
      result = await this.call("getUpdates", { timeout: String(seconds) }, { signal: opts.signal, timeoutMs: seconds * 1000 + (opts.timeoutMs ?? this.timeoutMs) });
    } catch (e) {
      if (e instanceof ZaloApiError && e.errorCode === 408) return [];
      throw e;
    }
    const items = Array.isArray(result) ? result : result == null ? [] : [result];
    return items.map((item) => parseZaloEvent(item)).filter((e): e is ZaloEvent => e !== null);
  }

  /** Sends a text (1–2,000 UTF-16 units) to a chat; plain text. */
  async sendMessage(chatId: string, text: string, opts?: ZaloCallOptions): Promise<ZaloSentMessage> {
    checkChatId("sendMessage", chatId);
    checkText("sendMessage", "text", text);
    return this.sent(await this.call("sendMessage", { chat_id: chatId, text }, opts));
  }

  /**
   * Sends an image that Zalo downloads from `photoUrl` (an http(s) URL Zalo can
   * reach: no upload exists [D]), with an optional caption (1–2,000 UTF-16 units).
   */
  async sendPhoto(chatId: string, photoUrl: string, caption?: string, opts?: ZaloCallOptions): Promise<ZaloSentMessage> {
    checkChatId("sendPhoto", chatId);
    let url: URL | undefined;
    try {
      url = new URL(photoUrl);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== "https:" && url.protocol !== "http:")) throw new ZaloRequestError("sendPhoto", "photo", "must be an absolute http(s) URL");
    const params: Record<string, unknown> = { chat_id: chatId, photo: photoUrl };
    if (caption !== undefined) {
      checkText("sendPhoto", "caption", caption);
      params.caption = caption;
    }
    return this.sent(await this.call("sendPhoto", params, { ...opts, timeoutMs: opts?.timeoutMs ?? this.sendPhotoTimeoutMs }));
  }

  /** Shows "typing" (or "upload_photo", marked "coming soon" [D]) in a chat. Answers only `{ok: true}`. */
  async sendChatAction(chatId: string, action: "typing" | "upload_photo" = "typing", opts?: ZaloCallOptions): Promise<void> {
    checkChatId("sendChatAction", chatId);
    await this.call("sendChatAction", { chat_id: chatId, action }, opts);
  }

  /**
   * Registers the webhook: Zalo POSTs events to `url` (https [D]; the newer docs
   * also refuse localhost and private addresses [D2]) with the header
   * `X-Bot-Api-Secret-Token: secretToken` (8–256 characters [D]). While it is
   * set, getUpdates is refused [D]. `secretToken` is registered for masking.
   */
  async setWebhook(url: string, secretToken: string, opts?: ZaloCallOptions): Promise<ZaloWebhookInfo> {
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      parsed = undefined;
    }
    if (parsed?.protocol !== "https:") throw new ZaloRequestError("setWebhook", "url", "must be an https URL");
    if (secretToken.length < 8 || secretToken.length > 256) throw new ZaloRequestError("setWebhook", "secret_token", "must be 8–256 characters");
    registerSecretValue(secretToken);
    return this.webhookInfo(await this.call("setWebhook", { url, secret_token: secretToken }, opts));
  }

  /** Removes the webhook (getUpdates works again). The docs' prose says it returns True, their sample `{url: "", updated_at}`; both are read. */
  async deleteWebhook(opts?: ZaloCallOptions): Promise<ZaloWebhookInfo> {
    return this.webhookInfo(await this.call("deleteWebhook", {}, opts));
  }

  /** The webhook now set: `url` is "" when none is. */
  async getWebhookInfo(opts?: ZaloCallOptions): Promise<ZaloWebhookInfo> {
    return this.webhookInfo(await this.call("getWebhookInfo", {}, opts));
  }

  private sent(r: unknown): ZaloSentMessage {
    const o = isRecord(r) ? r : {};
    const out: ZaloSentMessage = {};
    const id = str(o.message_id);
    if (id) out.messageId = id;
    const date = dateOf(o.date);
    if (date) out.date = date;
    return out;
  }

  private webhookInfo(r: unknown): ZaloWebhookInfo {
    const o = isRecord(r) ? r : {};
    const out: ZaloWebhookInfo = { url: typeof o.url === "string" ? o.url : "" };
    const date = dateOf(o.updated_at);
    if (date) out.updatedAt = date;
    return out;
  }
}
