// The jobs the scheduler runs on each tick, in order.
import type { Job } from "./scheduler.js";
import { idleDraftsJob } from "./idle-drafts.js";
import { remindersJob } from "./reminders.js";
import { digestJob } from "./digest.js";
import { ballotsJob } from "./ballots.js";
import { summaryJob } from "./summary.js";
import { pruneProcessedUpdates } from "../db/ledger.js";
import { checkpointWal } from "../db/client.js";
import { DIALOGUE_DRAFT_DAYS, pruneDialogueDrafts, prunePresses } from "../db/dialogues.js";

const housekeepingJob: Job = {
  name: "housekeeping",
  async run({ deps, now }) {
    await pruneProcessedUpdates(deps.db, now);
    await prunePresses(deps.db, now);
    await pruneDialogueDrafts(deps.db, new Date(now.getTime() - DIALOGUE_DRAFT_DAYS * 86400_000));
    await checkpointWal(deps.db); // off the answers' path, see openDb
  },
};

export function allJobs(): Job[] {
  return [idleDraftsJob, remindersJob(), digestJob, ballotsJob, summaryJob, housekeepingJob];
}
