// A ballot's life on the scheduler (features/ballots/use-cases.ts): closes left half
// done by a stop completed; ballots closed at their time, their results announced
// apart from the job (a slow group never holds the next close); the reminder to
// boards that have not voted, sent paced.
import type { Job } from "../../shared/jobs/scheduler.js";
import { announceCloses, closeDueBallots, completeInterruptedCloses, dueVoteReminders } from "./use-cases.js";

export const ballotsJob: Job = {
  name: "ballots",
  async recover({ deps }) {
    await completeInterruptedCloses(deps);
  },
  async run({ deps, now, handOff, sendTo }) {
    const closed = await closeDueBallots(deps, now);
    handOff(announceCloses(deps, closed));
    for (const r of await dueVoteReminders(deps, now)) sendTo(r.pace, r.send);
  },
};
