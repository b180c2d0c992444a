// The menus job: each person's command menu kept in step with their roles on every
// tick (use-cases/menus.ts, through the command-menu port deps.menus).
import type { Job } from "../../shared/jobs/scheduler.js";
import { syncMenus } from "./use-cases/menus.js";

export const menusJob: Job = {
  name: "menus",
  async run({ deps }) {
    await syncMenus(deps);
  },
};
