// Paces a fan-out within Telegram's limits: about 30 messages a second across
// chats, one a second in one chat, 20 a minute in a group. Each call reserves
// its time at once, so many sends are in flight together and the pacing, not the
// network's latency, sets the rate. Written here rather than taken from
// @grammyjs/transformer-throttler so that it paces only the jobs' sends (never
// a user's conversation) and takes the clock and sleep from the caller.
import type { Db } from "../db/client.js";
export type PacerOptions = {
  perSecond?: number;
  perChatMs?: number;
  groupPerMinute?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
};

export class Pacer {
  private nextGlobal = 0;
  private nextByChat = new Map<number, number>();
  private groupSends = new Map<number, number[]>();
  private readonly intervalMs: number;
  private readonly perChatMs: number;
  private readonly groupPerMinute: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(opts: PacerOptions = {}) {
    this.intervalMs = 1000 / (opts.perSecond ?? 30);
    this.perChatMs = opts.perChatMs ?? 1000;
    this.groupPerMinute = opts.groupPerMinute ?? 20;
    this.now = opts.now ?? Date.now;
    this.sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /** The instant at which a message to `chatId` may go, reserved now. */
  private reserve(chatId: number): number {
    const now = this.now();
    let at = Math.max(now, this.nextGlobal, this.nextByChat.get(chatId) ?? 0);
    if (chatId < 0) {
      // Groups: at most groupPerMinute in any minute.
      const sent = (this.groupSends.get(chatId) ?? []).filter((t) => t > at - 60_000);
      if (sent.length >= this.groupPerMinute) at = Math.max(at, sent[sent.length - this.groupPerMinute]! + 60_000);
      sent.push(at);
      this.groupSends.set(chatId, sent);
    }
    this.nextGlobal = at + this.intervalMs;
    this.nextByChat.set(chatId, at + this.perChatMs);
    return at;
  }

  async run<T>(chatId: number, fn: () => Promise<T>): Promise<T> {
    const wait = this.reserve(chatId) - this.now();
    if (wait > 0) await this.sleep(wait);
    return fn();
  }
}

const pacers = new WeakMap<Db, Pacer>();

/**
 * The one pacer of everything the jobs send through a database handle (the
 * reminder fan-out, /nudge, the jobs' other sends), so that together they stay
 * within Telegram's limits. `replace`: a pacer with other limits (benchmarks, tests).
 */
export function pacerOf(db: Db, replace?: Pacer): Pacer {
  let p = pacers.get(db);
  if (replace || !p) {
    p = replace ?? new Pacer();
    pacers.set(db, p);
  }
  return p;
}
