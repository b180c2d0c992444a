// The jobs the scheduler runs on each tick, each in its own lane (scheduler.ts).
import type { Job } from "./shared/jobs/scheduler.js";
import { idleDraftsJob } from "./features/reports/jobs.js";
import { digestJob, remindersJob } from "./features/reminders/jobs.js";
import { ballotsJob } from "./features/ballots/jobs.js";
import { summaryJob } from "./features/summaries/jobs.js";
import { menusJob } from "./features/access/jobs.js";
import { groupPostsJob } from "./features/group/jobs.js";
import { checkpointWal } from "./shared/db/client.js";
import { DIALOGUE_DRAFT_DAYS, pruneDialogueDrafts, prunePresses } from "./chat/conversations/drafts.js";
import { pruneAll } from "./shared/db/retention.js";
import { recordHeartbeat } from "./shared/db/heartbeat.js";
import type { FileStore } from "./shared/files/store.js";

/**
 * Proof of life for the health check (health.ts): the time of each minute's beat,
 * written in a lane of its own. It goes stale when the process dies, its event
 * loop stands still, cron stops firing, or the database stops taking its writes
 * (the previous write still waiting: this lane is skipped, nothing is written).
 */
const heartbeatJob: Job = {
  name: "heartbeat",
  async run({ deps, now }) {
    await recordHeartbeat(deps.db, now);
  },
};

/** How often the retention rules run: their periods are days, and each run reads the person columns of every table. */
const RETENTION_EVERY_MS = 3600_000;

/**
 * Housekeeping: the double-tap window's presses every minute; the retention rules
 * (shared/db/retention-rules.ts), the dialogue drafts and the expired files served
 * at PUBLIC_URL (`files`, when there is such a store: FILE_RETENTION_DAYS) once an
 * hour (and at the first tick after a start); the WAL checkpoint every minute, off
 * the answers' path (see openDb).
 */
export function housekeepingJob(files?: FileStore): Job {
  let lastPrune: number | null = null;
  return {
    name: "housekeeping",
    async run({ deps, now }) {
      await prunePresses(deps.db, now);
      const t = now.getTime();
      if (lastPrune === null || t - lastPrune >= RETENTION_EVERY_MS || t < lastPrune) {
        lastPrune = t;
        const pruned = await pruneAll(deps.db, now, deps.config.adminIds);
        const drafts = await pruneDialogueDrafts(deps.db, new Date(t - DIALOGUE_DRAFT_DAYS * 86400_000));
        if (drafts || Object.values(pruned).some((n) => n > 0)) deps.logger.info({ ...pruned, dialogueDrafts: drafts }, "retention: old rows pruned");
        if (files) {
          // The directory is read as a stream, yielding every 100 entries (store.ts).
          const gone = await files.prune().catch((err: unknown) => (deps.logger.warn({ err }, "retention: the expired files could not be pruned"), null));
          if (gone?.deleted) deps.logger.info({ files: gone.deleted, kept: gone.kept }, "retention: expired files deleted");
        }
      }
      await checkpointWal(deps.db);
    },
  };
}

/** Every job; `files`: the store of the files served at PUBLIC_URL, pruned by housekeeping. */
export function allJobs(opts: { files?: FileStore } = {}): Job[] {
  return [heartbeatJob, idleDraftsJob, remindersJob(), digestJob, ballotsJob, summaryJob, menusJob, groupPostsJob, housekeepingJob(opts.files)];
}
