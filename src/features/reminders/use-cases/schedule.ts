// The bloc's schedule as admins change it and everyone with a role reads it, and
// the people the bot cannot reach.
import type { Deps } from "../../../shared/deps.js";
import { getBloc, setSchedule } from "../../../shared/bloc/store.js";
import { ensurePeriod, refreshOpenPeriods } from "../../../shared/bloc/periods.js";
import { audit, listUnreachable } from "../../../shared/db/people.js";
import { reportablePeriod, scheduleSchema, shiftPeriod, type Schedule } from "../../../shared/bloc/schedule.js";

/** The schedule and the period whose dates /schedule shows: the one being reported, or the next once its deadline is a week past. */
export async function scheduleNow(deps: Deps, now: Date) {
  const { db, config } = deps;
  const bloc = await getBloc(db);
  const s = bloc!.schedule;
  const key = reportablePeriod(now, s, config.timeZone);
  let period = await ensurePeriod(db, key, s, config.timeZone);
  if (period.deadlineAt.getTime() + 7 * 86400_000 < now.getTime()) period = await ensurePeriod(db, shiftPeriod(key, 1), s, config.timeZone);
  return { schedule: s, period };
}

export type ScheduleChange =
  | { ok: true; schedule: Schedule }
  | { ok: false; reason: "invalid"; field: string; error: string };

/**
 * An admin's change of the schedule (`changed`: the whole schedule as the words made
 * it, checked here by scheduleSchema): stored, the open periods' dates refreshed,
 * audited as `schedule.change` with the admin's words.
 */
export async function changeSchedule(deps: Deps, byPersonId: number | null, changed: unknown, words: string, now: Date): Promise<ScheduleChange> {
  const parsed = scheduleSchema.safeParse(changed);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, reason: "invalid", field: issue.path.join("."), error: issue.message };
  }
  await setSchedule(deps.db, parsed.data);
  await refreshOpenPeriods(deps.db, parsed.data, deps.config.timeZone, now);
  await audit(deps.db, byPersonId, "schedule.change", { change: words }, now);
  return { ok: true, schedule: parsed.data };
}

/** The current schedule (the words of a change apply to it). */
export async function currentSchedule(deps: Deps): Promise<Schedule> {
  return (await getBloc(deps.db))!.schedule;
}

/** The people marked unreachable, with their roles (one query: shared/db/people.ts). */
export function unreachablePeople(deps: Deps) {
  return listUnreachable(deps.db);
}
