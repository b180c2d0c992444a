// The bot's one HTTP server, for its public URL (PUBLIC_URL, behind a reverse
// proxy or a tunnel that terminates HTTPS). Built on fastify (body limits,
// content-type parsing, graceful close, streaming replies). It serves:
//  - POST /zalo/webhook: Zalo's deliveries (shared/notes/zalo.md §4). The header
//    `X-Bot-Api-Secret-Token` must equal the secret given to setWebhook [D]
//    (compared in constant time); a wrong or missing one answers 403, as Zalo's
//    sample handler does, before the body is read. An empty probe (no body, no
//    Content-Type) answers 200 [O]. The body is read up to `bodyLimitBytes`
//    (413 beyond), wrapped or flat (events.ts), and the event handed to the
//    handler through a ZaloIntake (de-duplicated, per-chat order) without
//    waiting for it: the answer is 200 `{"message":"Success"}` at once, so a
//    slow handler never makes Zalo time out or retry (retries are undocumented, §11.3).
//  - GET /files/<token>: files the bot made (store.ts) under a signed, expiring
//    link (links.ts). Any wrong token answers 404 (the same answer whichever part
//    is wrong, and the same as an unknown path); a link whose signature is good
//    but whose time is up, or whose file has expired, answers 410. The file is
//    streamed with its Content-Type and a Content-Disposition carrying its name
//    in UTF-8 (RFC 6266, RFC 8187/5987 `filename*`, an ASCII fallback).
//  - GET /healthz: 200 "ok" while the server runs.
// Nothing it logs holds a secret, a file link or a request URL (fastify's own
// request logging is off); repeated refusals are told once per `repeatMs`.
import { createHash, timingSafeEqual } from "node:crypto";
import { create as contentDisposition } from "content-disposition";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import type { Clock } from "../../shared/clock.js";
import { systemClock } from "../../shared/clock.js";
import { stripDiacritics } from "../../shared/bloc/text.js";
import type { FileStore } from "../../shared/files/store.js";
import { verifyFileLink } from "../../shared/files/links.js";
import type { Logger } from "../../shared/log/logger.js";
import { registerSecretValue } from "../../shared/log/secrets.js";
import { parseZaloEvent } from "../zalo/events.js";
import { ZaloIntake, type SeenMessages } from "../zalo/intake.js";
import type { ZaloEvent } from "../zalo/events.js";
import { systemTimers, type Timers } from "../zalo/timers.js";

export type ZaloWebhookOptions = {
  /** setWebhook's `secret_token` (8–256 characters). Registered for masking. */
  secret: string;
  /** Called for each new event, not awaited by the answer; what it throws is logged. */
  onEvent: (event: ZaloEvent) => Promise<void> | void;
  /** Default: in memory (intake.ts). Share one with the polling loop. */
  seen?: SeenMessages;
  /** Default "/zalo/webhook". */
  path?: string;
  /** Largest body read (bytes); 413 beyond. Default 64 KiB (a text is at most 2,000 characters). */
  bodyLimitBytes?: number;
};

export type HttpServerOptions = {
  logger: Logger;
  /** Interface to listen on. Default "127.0.0.1" (behind a proxy on the same host); "0.0.0.0" in a container. */
  host?: string;
  /** Port; 0 takes a free one. Default 8080. */
  port?: number;
  /** The Zalo webhook; no route when absent. */
  zaloWebhook?: ZaloWebhookOptions;
  /** Signed file links; no route when absent. `key`: the links' secret key (links.ts, 32 bytes or more). */
  files?: { store: FileStore; key: Uint8Array | string };
  /** Decides link and file expiry. Default the system clock. */
  clock?: Clock;
  /** Lines about refused requests are repeated at most this often (ms). Default 10 min. */
  repeatMs?: number;
  timers?: Timers;
};

export type HttpServer = {
  /** Listens; resolves with the address (port 0 resolved). */
  start(): Promise<{ url: string; port: number }>;
  /**
   * Stops taking connections, lets the requests in progress finish (those still
   * running after `waitMs` are cut), then waits for the webhook's handlers, up
   * to `waitMs` (default 10 000) again.
   */
  stop(waitMs?: number): Promise<void>;
  /** The fastify instance, for tests and for routes a later feature adds. */
  readonly app: FastifyInstance;
  /** Webhook handlers running or queued. */
  inFlight(): number;
};

/** Whether `given` equals `expected`, in time that depends on neither (both are hashed to 32 bytes first). */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given, "utf8").digest();
  const b = createHash("sha256").update(expected, "utf8").digest();
  return timingSafeEqual(a, b);
}

/** A Content-Disposition for `fileName`: inline for images (Zalo shows them), attachment otherwise. */
export function dispositionFor(fileName: string, contentType: string): string {
  const fallback = stripDiacritics(fileName).replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return contentDisposition(fileName, { type: contentType.startsWith("image/") ? "inline" : "attachment", fallback });
}

/** One line for the first of a kind of refusal, then at most one per `repeatMs` with how many since. */
class RefusalLines {
  private last = new Map<string, { at: number; since: number }>();
  constructor(
    private readonly logger: Logger,
    private readonly repeatMs: number,
    private readonly now: () => number,
  ) {}
  tell(kind: string, line: string): void {
    const now = this.now();
    const seen = this.last.get(kind);
    if (seen && now - seen.at < this.repeatMs) {
      seen.since++;
      return;
    }
    const more = seen && seen.since > 0 ? ` (${seen.since} more since the last line)` : "";
    this.last.set(kind, { at: now, since: 0 });
    this.logger.warn(`${line}${more}`);
  }
}

const SUCCESS = { message: "Success" };

export function createHttpServer(opts: HttpServerOptions): HttpServer {
  const { logger } = opts;
  const clock = opts.clock ?? systemClock;
  const timers = opts.timers ?? systemTimers;
  const refusals = new RefusalLines(logger, opts.repeatMs ?? 10 * 60_000, () => clock.now().getTime());
  const app = Fastify({
    logger: false,
    routerOptions: { maxParamLength: 200 }, // a file token is 77–121 characters
    requestTimeout: 60_000,
    return503OnClosing: true,
  });

  // Node's close() ends the connections idle at that moment only; one whose
  // response was still being sent would then stay open for keep-alive. While
  // stopping, each connection is ended as soon as its response has been sent.
  let closing = false;
  app.addHook("onResponse", async (req) => {
    if (closing) req.raw.socket?.end();
  });

  app.setNotFoundHandler((_req, reply) => notFound(reply));
  app.setErrorHandler((err: { statusCode?: number; code?: string }, _req, reply) => {
    const status = typeof err.statusCode === "number" && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    if (status >= 500) logger.error({ err }, "http: a request failed");
    else refusals.tell(`status ${status}`, `http: a request was refused with ${status} (${err.code ?? "?"})`);
    void reply.code(status).type("text/plain; charset=utf-8").send(status === 413 ? "Payload too large" : status >= 500 ? "Internal error" : "Bad request");
  });

  app.get("/healthz", async (_req, reply) => reply.type("text/plain; charset=utf-8").send("ok"));

  let intake: ZaloIntake | undefined;
  const hook = opts.zaloWebhook;
  if (hook) {
    if (hook.secret.length < 8 || hook.secret.length > 256) throw new RangeError("zalo webhook: the secret must be 8–256 characters (setWebhook's rule)");
    registerSecretValue(hook.secret);
    const box = new ZaloIntake({ handle: hook.onEvent, logger, seen: hook.seen, what: "zalo webhook", timers });
    intake = box;
    const bodyLimit = hook.bodyLimitBytes ?? 64 * 1024;
    const path = hook.path ?? "/zalo/webhook";

    const checkSecret = async (req: FastifyRequest, reply: FastifyReply) => {
      const given = req.headers["x-bot-api-secret-token"];
      const length = req.headers["content-length"];
      const hasBody = req.headers["transfer-encoding"] !== undefined || (length !== undefined && length !== "0");
      if (given === undefined && !hasBody && req.headers["content-type"] === undefined) {
        return reply.code(200).send(SUCCESS); // Zalo's empty probe [O]
      }
      if (typeof given !== "string" || !sameSecret(given, hook.secret)) {
        refusals.tell("secret", `zalo webhook: a delivery without the right secret header was refused (403)`);
        return reply.code(403).type("text/plain; charset=utf-8").send("Forbidden");
      }
      return undefined;
    };

    void app.register(async (scope) => {
      // Zalo sends application/json [D]; any type is read as JSON here, so that a
      // proxy's changed header costs nothing, and parsing is ours (below).
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser("*", { parseAs: "buffer", bodyLimit }, (_req, body, done) => done(null, body));
      scope.post(path, { onRequest: checkSecret, bodyLimit }, async (req, reply) => {
        const raw = req.body as Buffer | undefined;
        if (!raw || raw.length === 0) return reply.code(200).send(SUCCESS);
        let json: unknown;
        try {
          json = JSON.parse(raw.toString("utf8"));
        } catch {
          refusals.tell("json", "zalo webhook: a delivery whose body is not JSON was refused (400)");
          return reply.code(400).type("text/plain; charset=utf-8").send("Bad request");
        }
        const event = parseZaloEvent(json);
        if (!event) {
          // Authenticated, so Zalo's: a shape not known yet. Answered 200 so that Zalo does not retry it.
          refusals.tell("shape", "zalo webhook: a delivery that is no event was ignored");
          return reply.code(200).send(SUCCESS);
        }
        await box.admit(event);
        return reply.code(200).send(SUCCESS);
      });
    });
  }

  const files = opts.files;
  if (files) {
    app.get("/files/:token", async (req, reply) => {
      const { token } = req.params as { token: string };
      const now = clock.now();
      const check = verifyFileLink(files.key, token, now);
      if (!check.ok) return check.reason === "expired" ? gone(reply) : notFound(reply);
      const file = await files.store.get(check.fileId);
      if (!file) return notFound(reply);
      if (file.expiresAt.getTime() <= now.getTime()) return gone(reply);
      const opened = await files.store.open(file.id);
      if (!opened) return notFound(reply);
      return reply
        .code(200)
        .header("content-type", file.contentType)
        .header("content-length", String(opened.size))
        .header("content-disposition", dispositionFor(file.fileName, file.contentType))
        .header("x-content-type-options", "nosniff")
        .header("cache-control", "private, no-store")
        .header("referrer-policy", "no-referrer")
        .send(opened.handle.createReadStream());
    });
  }

  let address: { url: string; port: number } | undefined;
  return {
    app,
    async start() {
      await app.listen({ host: opts.host ?? "127.0.0.1", port: opts.port ?? 8080 });
      const a = app.server.address();
      const port = typeof a === "object" && a ? a.port : (opts.port ?? 8080);
      const host = opts.host ?? "127.0.0.1";
      address = { url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`, port };
      return address;
    },
    async stop(waitMs = 10_000) {
      closing = true;
      let timer: unknown;
      const cut = new Promise<void>((resolve) => {
        timer = timers.setTimeout(() => {
          app.server.closeAllConnections();
          resolve();
        }, waitMs, "http stop wait");
      });
      await Promise.race([app.close(), cut]);
      timers.clearTimeout(timer);
      await intake?.drain(waitMs);
    },
    inFlight: () => intake?.inFlight() ?? 0,
  };
}

function notFound(reply: FastifyReply): FastifyReply {
  return reply.code(404).type("text/plain; charset=utf-8").send("Not found");
}

function gone(reply: FastifyReply): FastifyReply {
  return reply.code(410).type("text/plain; charset=utf-8").send("This link has expired");
}
