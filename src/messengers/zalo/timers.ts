// Timers the Zalo client and polling loop wait on (a call's time limit, the
// backoff between failed polls), passed in so that tests move time themselves
// (tests/harness/manual-timers.ts) instead of sleeping.

/** A one-shot timer source: Node's by default, a manual one in tests. */
export type Timers = {
  /**
   * Calls `fn` once after `ms` milliseconds; returns a handle for clearTimeout.
   * `what` names the wait (e.g. "zalo getUpdates time limit") for tests and is otherwise ignored.
   */
  setTimeout(fn: () => void, ms: number, what?: string): unknown;
  clearTimeout(handle: unknown): void;
};

export const systemTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Thrown by sleep() when its signal aborts. */
export class AbortedError extends Error {
  constructor() {
    super("aborted");
    this.name = "AbortedError";
  }
}

/** Waits `ms` on `timers`; rejects with AbortedError at once if `signal` aborts (or has). */
export function sleep(ms: number, timers: Timers, signal?: AbortSignal, what?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AbortedError());
    const onAbort = () => {
      timers.clearTimeout(handle);
      reject(new AbortedError());
    };
    const handle = timers.setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms, what);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
