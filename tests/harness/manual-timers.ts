// Timers that fire only when the test says so (src/messengers/zalo/timers.ts's Timers):
// a test waits for a timer to be set (an event, not a guess of how long code
// takes), reads its delay and what it is for, and fires it.
import type { Timers } from "../../src/messengers/zalo/timers.js";

export type ManualTimer = { id: number; ms: number; what: string; at: number };

export class ManualTimers implements Timers {
  /** The timers' own time (ms): advanced by fire() and advance(). */
  now = 0;
  private seq = 0;
  private readonly pending = new Map<number, ManualTimer & { fn: () => void }>();
  private waiters: { pred: (t: ManualTimer) => boolean; resolve: (t: ManualTimer) => void }[] = [];
  /** Every timer ever set, in order (fired and cleared ones too). */
  readonly history: ManualTimer[] = [];

  setTimeout(fn: () => void, ms: number, what = ""): number {
    const t = { id: ++this.seq, ms, what, at: this.now + ms, fn };
    this.pending.set(t.id, t);
    const view = { id: t.id, ms, what, at: t.at };
    this.history.push(view);
    const ready = this.waiters.filter((w) => w.pred(view));
    this.waiters = this.waiters.filter((w) => !w.pred(view));
    for (const w of ready) w.resolve(view);
    return t.id;
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  /** Timers set and not yet fired or cleared. */
  list(): ManualTimer[] {
    return [...this.pending.values()].map(({ id, ms, what, at }) => ({ id, ms, what, at }));
  }

  /** The first pending timer matching `pred`, now or as soon as one is set. */
  waitFor(pred: (t: ManualTimer) => boolean = () => true): Promise<ManualTimer> {
    const hit = this.list().find(pred);
    if (hit) return Promise.resolve(hit);
    return new Promise((resolve) => this.waiters.push({ pred, resolve }));
  }

  /** Fires timer `id` now (its time becomes the timers' time). False when it is no longer pending. */
  fire(id: number): boolean {
    const t = this.pending.get(id);
    if (!t) return false;
    this.pending.delete(id);
    this.now = Math.max(this.now, t.at);
    t.fn();
    return true;
  }

  /** Moves time on by `ms`, firing the timers that fall due, in order. */
  advance(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      const due = [...this.pending.values()].filter((t) => t.at <= until).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.fire(due.id);
    }
    this.now = until;
  }
}
