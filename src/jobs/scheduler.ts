// The scheduler: node-cron is only the tick. Each tick asks every job what is
// due now (from the schedule and the database, never from timers in memory), so
// a restart or a missed minute loses nothing: the next tick catches up.
import cron, { type ScheduledTask } from "node-cron";
import type { Api } from "grammy";
import type { Deps } from "../bot/context.js";

export type JobContext = { deps: Deps; api: Api; now: Date };
export type Job = {
  name: string;
  run(ctx: JobContext): Promise<void>;
  /** Called once at start, before the first tick: repair what a hard stop left. */
  recover?(ctx: JobContext): Promise<void>;
};

export class Scheduler {
  private task: ScheduledTask | null = null;
  private running: Promise<void> | null = null;

  constructor(private deps: Deps, private api: Api, readonly jobs: Job[]) {}

  /** Runs every job once for the current time; one tick at a time. */
  async tick(): Promise<void> {
    if (this.running) return this.running;
    this.running = (async () => {
      for (const job of this.jobs) {
        try {
          await job.run({ deps: this.deps, api: this.api, now: this.deps.clock.now() });
        } catch (err) {
          this.deps.logger.error({ err, job: job.name }, "scheduled job failed");
        }
      }
    })();
    try {
      await this.running;
    } finally {
      this.running = null;
    }
  }

  async recover(): Promise<void> {
    for (const job of this.jobs) {
      try {
        await job.recover?.({ deps: this.deps, api: this.api, now: this.deps.clock.now() });
      } catch (err) {
        this.deps.logger.error({ err, job: job.name }, "job recovery failed");
      }
    }
  }

  async start(): Promise<void> {
    await this.recover();
    this.task = cron.schedule("* * * * *", () => void this.tick(), { timezone: this.deps.config.timeZone });
    void this.tick(); // catch up at once after a start
  }

  async stop(): Promise<void> {
    await this.task?.stop();
    this.task = null;
    if (this.running) await this.running;
  }
}
