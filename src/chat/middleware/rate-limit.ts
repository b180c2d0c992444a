// Fairness rules as plain functions of a key and a time (milliseconds), so that
// the chat handlers, a future Zalo adapter and the tests use them alike.
//  - RateLimiter: a token bucket per key. A person may send `burst` updates at
//    once, then one every `refillMs`; what goes over is dropped, and the person
//    is told at most once per `warnEveryMs`.
//  - OncePer: at most one "yes" per key per window (outsiders' replies in a group).
// Both forget keys that no longer matter, so that a flood of new ids cannot grow
// them without bound.

export type RateVerdict = "pass" | "warn" | "drop";

export type RateLimitRule = {
  /** Updates a person may send at once. */
  burst: number;
  /** One more update allowed every `refillMs` (ms). */
  refillMs: number;
  /** Say "slow down" at most this often per person (ms). */
  warnEveryMs: number;
};

type Bucket = { tokens: number; at: number; warnedAt: number };

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private sweepAt: number;

  constructor(
    readonly rule: RateLimitRule,
    private readonly maxKeys = 10_000,
  ) {
    this.sweepAt = maxKeys;
  }

  /**
   * Counts one update of `key` at `now` (ms): "pass" to handle it, "warn" to drop
   * it and tell the person to slow down, "drop" to drop it silently.
   */
  take(key: string, now: number): RateVerdict {
    const { burst, refillMs, warnEveryMs } = this.rule;
    let b = this.buckets.get(key);
    if (!b) {
      if (this.buckets.size >= this.sweepAt) {
        this.sweep(now);
        this.sweepAt = Math.max(this.maxKeys, 2 * this.buckets.size); // amortised: a sweep per doubling at most
      }
      b = { tokens: burst, at: now, warnedAt: -Infinity };
      this.buckets.set(key, b);
    } else if (now > b.at) {
      b.tokens = Math.min(burst, b.tokens + (now - b.at) / refillMs);
      b.at = now;
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return "pass";
    }
    if (now - b.warnedAt >= warnEveryMs) {
      b.warnedAt = now;
      return "warn";
    }
    return "drop";
  }

  /** Keys tracked now (for tests and metrics). */
  get size(): number {
    return this.buckets.size;
  }

  // A key whose bucket has refilled and whose warning has lapsed is as if new.
  private sweep(now: number): void {
    const { burst, refillMs, warnEveryMs } = this.rule;
    for (const [k, b] of this.buckets) {
      if (b.tokens + (now - b.at) / refillMs >= burst && now - b.warnedAt >= warnEveryMs) this.buckets.delete(k);
    }
  }
}

/** At most one "yes" per key per `windowMs`. */
export class OncePer {
  private readonly last = new Map<string, number>();
  private sweepAt: number;

  constructor(
    readonly windowMs: number,
    private readonly maxKeys = 10_000,
  ) {
    this.sweepAt = maxKeys;
  }

  /** True if allow(key, now) would say yes; counts nothing. */
  allows(key: string, now: number): boolean {
    const at = this.last.get(key);
    return at === undefined || now - at >= this.windowMs;
  }

  /** True (and counted) if `key` had no "yes" in the window before `now` (ms). */
  allow(key: string, now: number): boolean {
    const at = this.last.get(key);
    if (at !== undefined && now - at < this.windowMs) return false;
    if (at === undefined && this.last.size >= this.sweepAt) {
      for (const [k, t] of this.last) if (now - t >= this.windowMs) this.last.delete(k);
      this.sweepAt = Math.max(this.maxKeys, 2 * this.last.size);
    }
    this.last.set(key, now);
    return true;
  }

  get size(): number {
    return this.last.size;
  }
}
