// The scheduler: node-cron is only the tick. Each tick asks every job what is
// due now (from the schedule and the database, never from timers in memory), so
// a restart or a missed minute loses nothing: the next tick catches up.
//
// Jobs never wait for each other: each runs in its own lane, started by a tick
// unless its previous run is still going (then it is skipped until the next
// tick), so a long reminder fan-out or a slow summary never holds a ballot's
// close or the deadline digest. Sends a job does not need to wait for are handed
// off (JobContext.sendTo): they run one after another per recipient, so a send
// that hangs holds only later sends to the same chat, never the job, other
// recipients or other jobs.
import cron, { type ScheduledTask } from "node-cron";
import type { Api } from "grammy";
import type { Deps } from "../deps.js";
import { pacerOf } from "./pacer.js";

export type JobContext = {
  deps: Deps;
  api: Api;
  now: Date;
  /**
   * Runs `send` after the sends handed off earlier to the same chat, paced with
   * every other send of the jobs (pacer.ts), without the job waiting for it. An error it throws is logged. With a `key`, nothing is
   * added while a send with the same key is still waiting or running (a job that
   * runs again each minute does not pile up copies behind a slow one).
   */
  sendTo(chatId: number, send: () => Promise<unknown>, key?: string): void;
  /** Work the job started and does not wait for (the paced fan-out): tracked for idle() and stop(). */
  handOff(work: Promise<unknown>): void;
};

export type Job = {
  name: string;
  run(ctx: JobContext): Promise<void>;
  /** Called once at start, before the first tick: repair what a hard stop left. */
  recover?(ctx: JobContext): Promise<void>;
};

/** How long stop() waits for handed-off sends before it lets them go (a hung send is cut by the API's own timeout). */
const STOP_WAIT_MS = 10_000;

export class Scheduler {
  private task: ScheduledTask | null = null;
  /** Each job's run in progress, by name. */
  private readonly running = new Map<string, Promise<void>>();
  /** Work handed off by jobs and not finished. */
  private readonly handedOff = new Set<Promise<unknown>>();
  /** The last send handed off to each chat: the next one to the chat waits for it. */
  private readonly chatTails = new Map<number, Promise<unknown>>();
  /** Keys of the sends handed off and not finished. */
  private readonly sendKeys = new Set<string>();

  constructor(private deps: Deps, private api: Api, readonly jobs: Job[]) {}

  private context(): JobContext {
    return {
      deps: this.deps,
      api: this.api,
      now: this.deps.clock.now(),
      sendTo: (chatId, send, key) => this.sendTo(chatId, send, key),
      handOff: (work) => this.track(work),
    };
  }

  private track(work: Promise<unknown>): void {
    const tracked = work.catch((err: unknown) => this.deps.logger.error({ err }, "scheduled work failed"));
    this.handedOff.add(tracked);
    void tracked.finally(() => this.handedOff.delete(tracked));
  }

  private sendTo(chatId: number, send: () => Promise<unknown>, key?: string): void {
    if (key !== undefined) {
      if (this.sendKeys.has(key)) return;
      this.sendKeys.add(key);
    }
    const previous = this.chatTails.get(chatId) ?? Promise.resolve();
    // Paced with the reminder fan-out: together within Telegram's limits.
    const next = previous.then(() => pacerOf(this.deps.db).run(chatId, send)).catch((err: unknown) => this.deps.logger.error({ err, chatId }, "send failed"));
    this.chatTails.set(chatId, next);
    void next.finally(() => {
      if (this.chatTails.get(chatId) === next) this.chatTails.delete(chatId);
      if (key !== undefined) this.sendKeys.delete(key);
    });
    this.track(next);
  }

  /**
   * Starts every job whose previous run has ended, each in its own lane, and
   * returns at once with the runs this beat started (what cron calls).
   */
  beat(): Promise<void>[] {
    const started: Promise<void>[] = [];
    for (const job of this.jobs) {
      if (this.running.has(job.name)) {
        this.deps.logger.debug({ job: job.name }, "job still running: skipped this tick");
        continue;
      }
      const run = job.run(this.context()).catch((err: unknown) => this.deps.logger.error({ err, job: job.name }, "scheduled job failed"));
      const lane = run.finally(() => this.running.delete(job.name));
      this.running.set(job.name, lane);
      started.push(lane);
    }
    return started;
  }

  /**
   * One tick, waited for to the end: the jobs it started and everything they
   * handed off (the fan-out, the sends). For tests and the demo, which move a fake
   * clock and look at what was sent; in production cron calls beat().
   */
  async tick(): Promise<void> {
    await Promise.all(this.beat());
    await this.idle();
  }

  /** Resolves when no job runs and nothing handed off is pending. */
  async idle(): Promise<void> {
    while (this.running.size || this.handedOff.size) {
      await Promise.all([...this.running.values(), ...this.handedOff]);
    }
  }

  async recover(): Promise<void> {
    for (const job of this.jobs) {
      try {
        await job.recover?.(this.context());
      } catch (err) {
        this.deps.logger.error({ err, job: job.name }, "job recovery failed");
      }
    }
  }

  async start(): Promise<void> {
    await this.recover();
    this.task = cron.schedule("* * * * *", () => void this.beat(), { timezone: this.deps.config.timeZone });
    this.beat(); // catch up at once after a start
  }

  /** Stops the ticks and waits for the runs in progress, and up to STOP_WAIT_MS for handed-off sends. */
  async stop(): Promise<void> {
    await this.task?.stop();
    this.task = null;
    await Promise.all(this.running.values());
    let timer: NodeJS.Timeout | undefined;
    const waited = await Promise.race([
      this.idle().then(() => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), STOP_WAIT_MS))),
    ]);
    clearTimeout(timer);
    if (!waited) this.deps.logger.warn({ pending: this.handedOff.size }, "stopped with sends still in flight");
  }
}
