// Long polling of the Zalo Bot Platform: getUpdates in a loop, each event handed
// to a handler. What Zalo does (shared/notes/zalo.md §2–§3, §11):
//  - one event per call, no offset, no acknowledgement: Zalo moves its own cursor
//    when it hands an event over [D][O], so an event is ours once received;
//    events are de-duplicated by message_id all the same (an injectable `seen`
//    store, so that the database can back it; in memory by default);
//  - 408 "Request timeout" means nothing arrived [O]: poll again at once;
//  - 401: the token was reset in Zalo Bot Creator, or is wrong [D]. One line,
//    `onTokenRevoked` once, and the loop ends (`done` resolves; nothing throws);
//  - 429 "Quota exceeded" [D] (no retry-after is documented), 5xx (Zalo's outages
//    answered 502/504 [O]), network failures and time limits: backoff, doubling
//    from `firstRetryMs` to at most `maxRetryMs`, with jitter;
//  - getUpdates is refused while a webhook is set [D], with an undocumented
//    error: after any other refusal (a 4xx) the loop asks getWebhookInfo, and when a
//    URL is set says so (one line, `onWebhookSet` once per stretch) and keeps
//    backing off, so that polling resumes by itself once the webhook is removed.
// A stretch of failures is told in one line when it starts (and when its kind
// changes), again every `repeatMs` while it lasts, and once when Zalo answers
// again: never a line per try. Lines never hold the token (secrets.ts).
// Events go through a ZaloIntake (intake.ts): de-duplicated, handled in order
// within a chat and concurrently across chats; at most `maxInFlight` at once
// before the loop waits to poll again.
import type { Logger } from "../../shared/log/logger.js";
import { maskSecrets } from "../../shared/log/secrets.js";
import { ZaloApiError, ZaloNetworkError, type ZaloApi } from "./api.js";
import type { ZaloEvent } from "./events.js";
import { ZaloIntake, type SeenMessages } from "./intake.js";
import { AbortedError, sleep, systemTimers, type Timers } from "./timers.js";

export { MemorySeenMessages, type SeenMessages } from "./intake.js";

/** The line for a refused token. */
export const ZALO_TOKEN_REVOKED_LINE =
  "Zalo refused the bot token (401): it was reset in Zalo Bot Creator, or is wrong. Zalo polling stops (the token is revoked); set ZALO_BOT_TOKEN to the current token and start again.";

/** What went wrong with getUpdates. */
export type ZaloFault =
  | { kind: "revoked" }
  | { kind: "webhook-set"; url: string }
  | { kind: "quota" }
  | { kind: "server"; code: number }
  | { kind: "refused"; code: number; description: string }
  | { kind: "unreachable"; reason: string };

/**
 * The wait before try `attempt + 1` after `attempt` failures in a row (1 = the
 * first failure): `firstMs · 2^(attempt−1)`, at most `maxMs`, of which a random
 * half is taken off ("equal jitter": between half and all of it), so that bots
 * that failed together do not come back together.
 */
export function backoffDelay(attempt: number, firstMs: number, maxMs: number, random: () => number = Math.random): number {
  const full = Math.min(maxMs, firstMs * 2 ** Math.min(Math.max(attempt - 1, 0), 30));
  return Math.round(full / 2 + (full / 2) * random());
}

export type ZaloPollingOptions = {
  /** The client; getUpdates and getWebhookInfo are used. */
  api: Pick<ZaloApi, "getUpdates" | "getWebhookInfo">;
  /** Called for each new event; errors are logged, never stop the loop. */
  handle: (event: ZaloEvent) => Promise<void> | void;
  logger: Logger;
  /** Default: a MemorySeenMessages. */
  seen?: SeenMessages;
  /** Called once when Zalo refuses the token (401); the loop has ended. */
  onTokenRevoked?: () => void;
  /** Called when a stretch of refused polls turns out to come from a webhook set at `url`. */
  onWebhookSet?: (url: string) => void;
  /** getUpdates' long-poll time, in seconds. Default 30 (Zalo's default). */
  pollSeconds?: number;
  /** First wait after a failure (ms). Default 1 000. */
  firstRetryMs?: number;
  /** Longest wait between tries (ms). Default 60 000. */
  maxRetryMs?: number;
  /** While a failure lasts, its line is repeated this often at most (ms). Default 15 min. */
  repeatMs?: number;
  /** Handlers running at once before the loop stops polling to wait. Default 100. */
  maxInFlight?: number;
  timers?: Timers;
  /** For the jitter; default Math.random. */
  random?: () => number;
  /** For the lines' "since"; default Date.now. */
  now?: () => number;
};

export type ZaloPollingEnd = { reason: "stopped" | "token-revoked" };

export type ZaloPolling = {
  /** Resolves when the loop has ended (never rejects). */
  done: Promise<ZaloPollingEnd>;
  /**
   * Stops polling (a poll in progress is aborted; an event it would have brought
   * stays with Zalo or is lost with it, §11.3), then waits for the handlers
   * running, up to `waitMs` (default 10 000).
   */
  stop(waitMs?: number): Promise<void>;
  /** Handlers running or queued now. */
  inFlight(): number;
};

function describe(f: Exclude<ZaloFault, { kind: "revoked" }>): string {
  switch (f.kind) {
    case "webhook-set":
      return `getUpdates is refused while a webhook is set (${maskSecrets(f.url)}): remove it with deleteWebhook, or receive events through the webhook`;
    case "quota":
      return "Zalo answers 429 (quota exceeded)";
    case "server":
      return `Zalo answers ${f.code} (a fault on Zalo's side)`;
    case "refused":
      return `Zalo refuses getUpdates (${f.code}${f.description ? ` ${f.description}` : ""})`;
    case "unreachable":
      return `cannot reach Zalo (${f.reason})`;
  }
}

/** Tells a stretch of failures in a few lines (see the file's head). */
class FaultLines {
  private since = 0;
  private tries = 0;
  private toldAt = 0;
  private kinds = new Set<string>();

  constructor(
    private readonly logger: Logger,
    private readonly repeatMs: number,
    private readonly now: () => number,
  ) {}

  failed(f: Exclude<ZaloFault, { kind: "revoked" }>): boolean {
    const now = this.now();
    if (this.tries === 0) this.since = now;
    this.tries++;
    const newKind = !this.kinds.has(f.kind);
    const again = !newKind && now - this.toldAt >= this.repeatMs;
    if (newKind || again) {
      this.kinds.add(f.kind);
      this.toldAt = now;
      const still = again ? ` (still, ${this.tries} tries since ${new Date(this.since).toISOString()})` : "";
      this.logger.warn(`zalo polling: ${describe(f)}; retrying with backoff${still}`);
    }
    return newKind;
  }

  succeeded(): void {
    if (this.tries === 0) return;
    this.logger.info(`zalo polling: Zalo answers again, after ${this.tries} failed tries in ${Math.round((this.now() - this.since) / 1000)} s`);
    this.tries = 0;
    this.kinds.clear();
  }
}

/** Starts the loop at once. */
export function startZaloPolling(opts: ZaloPollingOptions): ZaloPolling {
  const { api, logger } = opts;
  const timers = opts.timers ?? systemTimers;
  const pollSeconds = opts.pollSeconds ?? 30;
  const firstRetryMs = opts.firstRetryMs ?? 1000;
  const maxRetryMs = opts.maxRetryMs ?? 60_000;
  const maxInFlight = opts.maxInFlight ?? 100;
  const lines = new FaultLines(logger, opts.repeatMs ?? 15 * 60_000, opts.now ?? Date.now);
  const controller = new AbortController();
  const signal = controller.signal;
  const intake = new ZaloIntake({ handle: opts.handle, logger, seen: opts.seen, what: "zalo polling", timers });
  let stopped = false;

  async function classify(e: unknown): Promise<ZaloFault> {
    if (e instanceof ZaloApiError) {
      if (e.errorCode === 401) return { kind: "revoked" };
      if (e.errorCode === 429) return { kind: "quota" };
      if (e.errorCode >= 500) return { kind: "server", code: e.errorCode };
      try {
        const info = await api.getWebhookInfo({ signal });
        if (info.url) return { kind: "webhook-set", url: info.url };
      } catch (e2) {
        if (e2 instanceof ZaloApiError && e2.errorCode === 401) return { kind: "revoked" };
      }
      return { kind: "refused", code: e.errorCode, description: e.description };
    }
    if (e instanceof ZaloNetworkError) return { kind: "unreachable", reason: e.timedOut ? "no answer in time" : e.reason };
    return { kind: "unreachable", reason: maskSecrets(e instanceof Error ? e.message : String(e)).slice(0, 200) };
  }

  async function loop(): Promise<ZaloPollingEnd> {
    let failures = 0;
    while (!stopped) {
      let events: ZaloEvent[];
      try {
        events = await api.getUpdates({ timeoutSeconds: pollSeconds, signal });
      } catch (e) {
        if (stopped || e instanceof AbortedError) break;
        const fault = await classify(e);
        if (stopped) break;
        if (fault.kind === "revoked") {
          logger.error(ZALO_TOKEN_REVOKED_LINE);
          try {
            opts.onTokenRevoked?.();
          } catch (e2) {
            logger.error({ err: e2 }, "zalo polling: onTokenRevoked failed");
          }
          return { reason: "token-revoked" };
        }
        const newKind = lines.failed(fault);
        if (fault.kind === "webhook-set" && newKind) {
          try {
            opts.onWebhookSet?.(fault.url);
          } catch (e2) {
            logger.error({ err: e2 }, "zalo polling: onWebhookSet failed");
          }
        }
        failures++;
        try {
          await sleep(backoffDelay(failures, firstRetryMs, maxRetryMs, opts.random), timers, signal, "zalo polling backoff");
        } catch {
          break; // stopped
        }
        continue;
      }
      failures = 0;
      lines.succeeded();
      for (const event of events) await intake.admit(event);
      await intake.room(maxInFlight);
      // A server (or a fake) that answers at once must not keep the loop from
      // everything else: one turn of the event loop between polls.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return { reason: "stopped" };
  }

  const done = loop().catch((e: unknown): ZaloPollingEnd => {
    logger.error({ err: e }, "zalo polling: the loop failed");
    return { reason: "stopped" };
  });

  return {
    done,
    async stop(waitMs = 10_000) {
      stopped = true;
      controller.abort();
      await done;
      await intake.drain(waitMs);
    },
    inFlight: () => intake.inFlight(),
  };
}
