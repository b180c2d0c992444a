// The jobs the scheduler runs on each tick, in order.
import type { Job } from "./scheduler.js";
import { idleDraftsJob } from "./idle-drafts.js";

export function allJobs(): Job[] {
  return [idleDraftsJob];
}
