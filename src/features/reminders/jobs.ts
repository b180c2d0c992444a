// The reminders' scheduled jobs: what is due at each tick → the use cases. The
// paced fan-out and the group's posts are handed off (JobContext.handOff), so
// ballot closes, the digest and summaries never wait behind them.
import type { Job } from "../../shared/jobs/scheduler.js";
import { remindDue, settleInterruptedReminders } from "./use-cases/remind.js";
import { postDueDigests } from "./use-cases/digest.js";
import { reminderWords } from "./views.js";

/** Reminders on the bloc's schedule (use-cases/remind.ts); after a hard stop, the sends in flight are settled first. */
export function remindersJob(): Job {
  return {
    name: "reminders",
    async recover({ deps }) {
      const n = await settleInterruptedReminders(deps);
      if (n) deps.logger.warn({ deliveries: n }, "reminders interrupted by a stop were not sent again");
    },
    async run({ deps, now, handOff }) {
      await remindDue(deps, now, reminderWords, handOff);
    },
  };
}

/** The deadline digest of each period whose deadline passed (use-cases/digest.ts). */
export const digestJob: Job = {
  name: "deadline-digest",
  async run({ deps, now, handOff }) {
    await postDueDigests(deps, now, reminderWords, handOff);
  },
};
