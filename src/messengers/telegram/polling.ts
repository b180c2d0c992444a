// Long polling: @grammyjs/runner's source, concurrent sink and runner, fed by our
// own getUpdates supplier instead of the runner's update fetcher. The runner's
// fetcher prints every failure with console.error (a network error's message
// holds the request URL, token included), retries 409 and 401 not at all (it
// rethrows them, and `run()` leaves that rejection unhandled), and retries the
// rest for 15 hours at most. Ours, for each failure of getUpdates:
//  - 401 (the token was revoked or replaced): one line, then the returned
//    `done` rejects with TokenRejectedError; main.ts stops everything, exit code 1;
//  - 409 (another instance polls with this token, or a webhook is set): one
//    line, then retries with backoff for as long as it lasts;
//  - 429: waits the retry_after Telegram gives;
//  - anything else (network, timeout, 5xx): one line, retries with backoff.
// A failing stretch prints one line when it starts (a stretch of the same kind
// within `repeatMs` of the last line prints none), one more every `repeatMs`
// while it lasts, and one when polling works again. Lines name the failure,
// never a URL (see secrets.ts), and carry no stack.
import { Api, GrammyError, HttpError, type Bot, type Context } from "grammy";
import type { Update } from "grammy/types";
import { createConcurrentSink, createRunner, createSource } from "@grammyjs/runner";
import type { Logger } from "../../shared/log/logger.js";
import { maskSecrets } from "../../shared/log/secrets.js";

/** The bot's token was refused (401): it was revoked in @BotFather or is wrong. */
export class TokenRejectedError extends Error {
  constructor() {
    super("Telegram refused the bot token (401 Unauthorized)");
    this.name = "TokenRejectedError";
  }
}

export type PollingOptions = {
  logger: Logger;
  allowedUpdates: ReadonlyArray<Exclude<keyof Update, "update_id">>;
  /** getUpdates' long-poll time, in seconds. Default 30. */
  pollSeconds?: number;
  /** Updates handled at once (the runner's slots). Default 500. */
  concurrency?: number;
  /** First wait after a failure (ms), doubled on each failure in a row. Default 500. */
  firstRetryMs?: number;
  /** Longest wait between tries (ms). Default 30 000. */
  maxRetryMs?: number;
  /** While a failure lasts, its line is repeated this often at most (ms). Default 15 min. */
  repeatMs?: number;
};

export type Polling = {
  /** Resolves when stopped; rejects with TokenRejectedError on a 401, or with what else ended polling. */
  done: Promise<void>;
  /** Stops fetching, then waits (up to `waitMs`, default 10 s) for the updates being handled. */
  stop(waitMs?: number): Promise<void>;
  /** Updates being handled now (occupied slots). */
  size(): number;
};

/** What went wrong with a call to Telegram, as polling and start-up tell it. */
export type TelegramFault =
  | { kind: "revoked" }
  | { kind: "conflict"; description: string }
  | { kind: "flood"; retryAfterMs: number }
  | { kind: "unreachable"; reason: string };

/** Classifies an error thrown by a Bot API call (GrammyError, HttpError or other). */
export function classifyFault(e: unknown): TelegramFault {
  if (e instanceof GrammyError) {
    if (e.error_code === 401) return { kind: "revoked" };
    if (e.error_code === 409) return { kind: "conflict", description: maskSecrets(e.description) };
    if (e.error_code === 429) return { kind: "flood", retryAfterMs: 1000 * (e.parameters.retry_after ?? 1) };
    return { kind: "unreachable", reason: maskSecrets(`Telegram answered ${e.error_code}: ${e.description}`) };
  }
  if (e instanceof HttpError) {
    // node-fetch's message is "request to <url> failed, reason: <why>": the why is enough.
    const inner = e.error instanceof Error ? e.error.message.replace(/^request to \S+ failed, reason: /, "") : "";
    return { kind: "unreachable", reason: maskSecrets(inner ? `${e.message} ${inner}` : e.message) };
  }
  return { kind: "unreachable", reason: maskSecrets(e instanceof Error ? e.message : String(e)) };
}

/**
 * Tells a stretch of failures in a few lines: the first failure of a kind, again
 * every `repeatMs` while it lasts, and the recovery (if its start was told).
 */
export class FaultReporter {
  private current: { kind: TelegramFault["kind"]; since: number; count: number; told: boolean; toldAt: number } | undefined;
  private lastLine = new Map<string, number>();

  constructor(
    private readonly logger: Logger,
    private readonly what: string,
    private readonly repeatMs = 15 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  failed(fault: TelegramFault): void {
    const now = this.now();
    if (!this.current || this.current.kind !== fault.kind) {
      const last = this.lastLine.get(fault.kind);
      this.current = { kind: fault.kind, since: now, count: 0, told: false, toldAt: 0 };
      if (last === undefined || now - last >= this.repeatMs) this.tell(fault, now);
    } else if (now - (this.current.told ? this.current.toldAt : this.current.since) >= this.repeatMs) {
      this.tell(fault, now);
    }
    this.current.count++;
    this.logger.debug({ fault }, `${this.what}: try failed`);
  }

  succeeded(): void {
    const c = this.current;
    this.current = undefined;
    if (c?.told) this.logger.info({ failures: c.count, seconds: Math.round((this.now() - c.since) / 1000) }, `${this.what}: Telegram answers again`);
  }

  private tell(fault: TelegramFault, now: number): void {
    const c = this.current!;
    c.told = true;
    c.toldAt = now;
    this.lastLine.set(fault.kind, now);
    const again = c.count > 0 ? ` (still, ${c.count} tries since ${new Date(c.since).toISOString()})` : "";
    switch (fault.kind) {
      case "conflict":
        this.logger.warn(`${this.what}: another instance is polling with this token, or a webhook is set (409: ${fault.description}); retrying with backoff until it stops${again}`);
        break;
      case "flood":
        this.logger.warn(`${this.what}: Telegram asks to wait ${Math.round(fault.retryAfterMs / 1000)} s (429); waiting${again}`);
        break;
      case "unreachable":
        this.logger.warn(`${this.what}: cannot reach Telegram (${fault.reason}); retrying with backoff${again}`);
        break;
      case "revoked":
        break; // told by the caller, which stops
    }
  }
}

/** The line for a refused token, the same at start-up and while polling. */
export const TOKEN_REJECTED_LINE =
  "Telegram refused the bot token (401 Unauthorized): it was revoked or replaced in @BotFather, or is wrong. Stopping; set BOT_TOKEN to the current token and start again.";

/** The line for a refused token while the Zalo side serves on (main.ts: Telegram's 401 stops the Telegram side only). */
export const TELEGRAM_SIDE_STOPPED_LINE =
  "Telegram refused the bot token (401 Unauthorized): it was revoked or replaced in @BotFather, or is wrong. The Telegram side stops and Zalo goes on; set BOT_TOKEN to the current token and restart.";

/** Waits `ms`, or less if `signal` aborts (then throws). */
function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error("aborted"));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Error("aborted"));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Calls `fn` until it succeeds, waiting with backoff between tries and telling
 * the failures through `reporter`. A 401 throws TokenRejectedError at once; an
 * abort of `signal` throws. For start-up's getMe and polling's getUpdates.
 */
export async function untilTelegramAnswers<T>(
  fn: () => Promise<T>,
  reporter: FaultReporter,
  opts: { firstRetryMs?: number; maxRetryMs?: number; signal?: AbortSignal } = {},
): Promise<T> {
  const first = opts.firstRetryMs ?? 500;
  const max = opts.maxRetryMs ?? 30_000;
  let delay = first;
  for (;;) {
    try {
      const result = await fn();
      reporter.succeeded();
      return result;
    } catch (e) {
      if (opts.signal?.aborted) throw e;
      const fault = classifyFault(e);
      if (fault.kind === "revoked") throw new TokenRejectedError();
      reporter.failed(fault);
      await pause(fault.kind === "flood" ? fault.retryAfterMs : delay, opts.signal);
      delay = Math.min(delay * 2, max);
    }
  }
}

/**
 * Starts long polling for `bot` (its botInfo must be set). getUpdates goes
 * through its own Api, built from the bot's client options (the same fetch and
 * API root) with the long-poll time added to the time limit of a call.
 */
export function startPolling<C extends Context>(bot: Bot<C>, opts: PollingOptions): Polling {
  const { logger } = opts;
  const pollSeconds = opts.pollSeconds ?? 30;
  const options = bot.api.options ?? {};
  const api = new Api(bot.token, { ...options, timeoutSeconds: (options.timeoutSeconds ?? 30) + pollSeconds });
  const reporter = new FaultReporter(logger, "polling", opts.repeatMs);
  let offset = 0;

  const source = createSource<Update>({
    supply: async (batchSize, runnerSignal) => {
      const signal = runnerSignal as unknown as AbortSignal; // the runner's AbortController shim: the same interface
      const updates = await untilTelegramAnswers(
        () => api.getUpdates({ offset, limit: Math.max(1, Math.min(batchSize, 100)), timeout: pollSeconds, allowed_updates: opts.allowedUpdates }, runnerSignal),
        reporter,
        { firstRetryMs: opts.firstRetryMs, maxRetryMs: opts.maxRetryMs, signal },
      );
      const last = updates.at(-1);
      if (last) offset = last.update_id + 1;
      return updates;
    },
  });
  const sink = createConcurrentSink<Update>(
    { consume: (update) => bot.handleUpdate(update) },
    async (error) => {
      try {
        await bot.errorHandler(error as Parameters<typeof bot.errorHandler>[0]);
      } catch (e) {
        logger.error({ err: e }, "the error handler failed");
      }
    },
    { concurrency: opts.concurrency ?? 500 },
  );
  const runner = createRunner(source, sink);
  runner.start();
  const done = runner.task() ?? Promise.resolve();
  done.catch(() => undefined); // the caller handles it through `done`; never unhandled

  return {
    done,
    async stop(waitMs = 10_000) {
      if (runner.isRunning()) await runner.stop();
      const until = Date.now() + waitMs;
      while (sink.size() > 0 && Date.now() < until) await pause(25);
    },
    size: () => sink.size(),
  };
}
