// The reminder fan-out: sends every delivery still pending (just claimed, or
// left by a crash before it was tried), paced, apart from the scheduler's jobs:
// the reminders job claims and hands the sending off, so ballot closes, the
// digest and summaries never wait behind 3,000 paced messages (100 s at 30 a second).
//
// Each delivery goes pending → sending just before its send (one small statement:
// a hard stop then leaves only the sends really in flight "sending", marked
// uncertain at the next start and not repeated; the same statement checks that
// the reminder is still owed, so a person whose role was taken back while the
// fan-out ran gets nothing more: features/reminders/store.ts startDelivery), and its outcome joins a batch
// written in one transaction every FLUSH_MS or FLUSH_ROWS. Pending rows are read
// in pages, and the next page only when the pacer's queue runs low, so memory
// stays flat however many recipients; a send that hangs holds its own delivery
// only (the pacer reserves each send's time when it is queued).
//
// Every reminder goes through the outbound port (deps.notify): the messenger's
// adapter makes the button and marks a person who blocked the bot unreachable
// (its outcome "unreachable" is recorded on the delivery).
import type { Deps } from "../../../shared/deps.js";
import { toLocale } from "../../../shared/i18n/locale.js";
import type { Db } from "../../../shared/db/client.js";
import { yieldToLoop } from "../../../shared/db/busy.js";
import type { PeriodRow } from "../../../shared/bloc/periods.js";
import { allBoardNames, finishDeliveries, pendingDeliveries, periodsByIds, startDelivery, type DeliveryOutcome, type PendingDelivery } from "../store.js";
import { pacerOf, type Pacer } from "../../../shared/jobs/pacer.js";
import type { ReminderKind, ReminderWords } from "./words.js";

const PAGE = 200;
/** The next page is read when fewer deliveries than this wait in the pacer's queue (two seconds' worth at 30 a second). */
const LOW_WATER = 60;
const FLUSH_MS = 250;
const FLUSH_ROWS = 100;

export class FanOut {
  private dispatching: Promise<void> | null = null;
  private again = false;
  /** Deliveries handed to the pacer and not started yet. */
  private readonly queued = new Set<number>();
  private readonly inFlight = new Set<Promise<void>>();
  private progress: (() => void)[] = [];
  private outcomes: DeliveryOutcome[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private flushTimer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: Deps, private readonly words: ReminderWords) {}

  private get pacer(): Pacer {
    return pacerOf(this.deps.db);
  }

  /**
   * Sends what is pending now (and what becomes pending meanwhile). Resolves when
   * every such delivery was tried and its outcome written; several callers share
   * one run.
   */
  async drain(): Promise<void> {
    if (this.dispatching) this.again = true;
    else this.dispatching = this.dispatch().finally(() => (this.dispatching = null));
    await this.dispatching;
    while (this.inFlight.size) await Promise.all(this.inFlight);
    await this.flush();
  }

  private async dispatch(): Promise<void> {
    do {
      this.again = false;
      const boards = new Map((await allBoardNames(this.deps.db)).map((b) => [b.id, b]));
      const periods = new Map<number, PeriodRow>();
      let after = 0;
      for (;;) {
        const page = await pendingDeliveries(this.deps.db, after, PAGE);
        if (!page.length) break;
        after = page.at(-1)!.id;
        const missing = [...new Set(page.map((d) => d.periodId).filter((id) => !periods.has(id)))];
        if (missing.length) for (const p of await periodsByIds(this.deps.db, missing)) periods.set(p.id, p);
        for (const d of page) {
          if (this.queued.has(d.id)) continue;
          const board = boards.get(d.boardId);
          const period = periods.get(d.periodId);
          if (!board || !period) continue;
          this.queued.add(d.id);
          const sending: Promise<void> = this.pacer
            .run(d.chatId, () => this.deliver(d, board, period))
            .catch((err: unknown) => this.deps.logger.error({ err, deliveryId: d.id }, "reminder not sent"))
            .finally(() => this.inFlight.delete(sending));
          this.inFlight.add(sending);
        }
        while (this.queued.size > LOW_WATER) await new Promise<void>((resolve) => this.progress.push(resolve));
        await yieldToLoop();
      }
    } while (this.again);
  }

  private async deliver(d: PendingDelivery, board: { id: number; shortName: string }, period: PeriodRow): Promise<void> {
    this.queued.delete(d.id);
    const waiting = this.progress;
    this.progress = [];
    for (const w of waiting) w();
    // Taken by another process, or no longer owed (a role taken back, a report sent since the claim: recorded as such).
    if ((await startDelivery(this.deps.db, d.id)) !== "send") return;
    const kind: ReminderKind = d.slot.startsWith("head:") ? "head" : "focal";
    const locale = toLocale(d.locale, this.deps.config.defaultLocale);
    const msg = this.words.reminder(this.deps, locale, kind, board, period, this.deps.clock.now());
    const outcome = await this.deps.notify.send({ person: d.personId }, msg);
    this.outcomes.push({ id: d.id, status: outcome, at: this.deps.clock.now() });
    if (this.outcomes.length >= FLUSH_ROWS) void this.flush();
    else this.flushTimer ??= setTimeout(() => void this.flush(), FLUSH_MS);
  }

  /** Writes the outcomes gathered so far in one transaction. */
  private flush(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    const batch = this.outcomes;
    this.outcomes = [];
    if (!batch.length) return this.flushing;
    this.flushing = this.flushing
      .then(() => finishDeliveries(this.deps.db, batch))
      .catch((err: unknown) => this.deps.logger.error({ err, deliveries: batch.length }, "reminder outcomes not written (left 'sending': uncertain after a restart)"));
    return this.flushing;
  }
}

const fanOuts = new WeakMap<Db, FanOut>();

/** The fan-out of a database handle: one, so that the scheduled reminders and /nudge share the pace (and the words of the first caller: every caller passes the feature's views). */
export function fanOutOf(deps: Deps, words: ReminderWords): FanOut {
  let f = fanOuts.get(deps.db);
  if (!f) {
    f = new FanOut(deps, words);
    fanOuts.set(deps.db, f);
  }
  return f;
}
