// The group's posts on the scheduler: what is due again after a failure, and what a
// hard stop left half sent (features/group/use-cases.ts).
import type { Job } from "../../shared/jobs/scheduler.js";
import { flushGroupPosts, reopenInterrupted } from "./use-cases.js";

export const groupPostsJob: Job = {
  name: "group-posts",
  async recover({ deps }) {
    await reopenInterrupted(deps);
  },
  async run({ deps, handOff }) {
    handOff(flushGroupPosts(deps)); // apart from the job: a hung send holds only the group's posts
  },
};
