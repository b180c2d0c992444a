// Reporting periods: created on first use from the bloc's schedule.
import { periodWindow, reportablePeriod, shiftPeriod, type PeriodKey, type Schedule } from "./schedule.js";
import type { Db } from "../db/client.js";
import { getBloc } from "./store.js";
import { backfillFirstPeriods } from "./store.js";

export type PeriodRow = { id: number; year: number; month: number; startsAt: Date; endsAt: Date; deadlineAt: Date; lockedAt: Date | null; summaryPostedAt: Date | null };

const select = { id: true, year: true, month: true, startsAt: true, endsAt: true, deadlineAt: true, lockedAt: true, summaryPostedAt: true } as const;

export async function ensurePeriod(db: Db, key: PeriodKey, schedule: Schedule, zone: string): Promise<PeriodRow> {
  const found = await db.period.findUnique({ where: { year_month: key }, select });
  if (found) return found;
  const w = periodWindow(key, schedule, zone);
  return db.period.upsert({
    where: { year_month: key },
    create: { year: key.year, month: key.month, startsAt: w.startsAt, endsAt: w.endsAt, deadlineAt: w.deadlineAt },
    update: {},
    select,
  });
}

/** The period people report now (the latest one that has ended). */
export async function currentPeriod(db: Db, schedule: Schedule, zone: string, now: Date): Promise<PeriodRow> {
  return ensurePeriod(db, reportablePeriod(now, schedule, zone), schedule, zone);
}

/**
 * The periods whose deadline, reminders and summary may still be due: the one
 * being reported, and the one before (its late slots run into this month).
 */
export async function periodsInPlay(db: Db, schedule: Schedule, zone: string, now: Date): Promise<PeriodRow[]> {
  const current = reportablePeriod(now, schedule, zone);
  return [await ensurePeriod(db, shiftPeriod(current, -1), schedule, zone), await ensurePeriod(db, current, schedule, zone)];
}

export async function getPeriod(db: Db, id: number): Promise<PeriodRow | null> {
  return db.period.findUnique({ where: { id }, select });
}

export async function setPeriodLock(db: Db, id: number, locked: boolean, byPersonId: number | null, at: Date): Promise<void> {
  await db.period.update({ where: { id }, data: locked ? { lockedAt: at, lockedById: byPersonId } : { lockedAt: null, lockedById: null } });
}

/** Recomputes the deadlines of periods not yet past, after the schedule changed. */
export async function refreshOpenPeriods(db: Db, schedule: Schedule, zone: string, now: Date): Promise<number> {
  const open = await db.period.findMany({ where: { deadlineAt: { gt: now } }, select });
  for (const p of open) {
    const w = periodWindow(p, schedule, zone);
    await db.period.update({ where: { id: p.id }, data: { startsAt: w.startsAt, endsAt: w.endsAt, deadlineAt: w.deadlineAt } });
  }
  return open.length;
}

/**
 * After the bloc file is applied (start-up, /reload): boards of a database from
 * before get their first period (backfillFirstPeriods), and the deadlines of
 * periods still open follow the schedule and calendar as they now are (a holiday
 * added, a new rule for deadlines on days off). Returns how many boards got a
 * first period.
 */
export async function settleCalendar(db: Db, zone: string, now: Date): Promise<number> {
  const bloc = await getBloc(db);
  if (!bloc) return 0;
  const filled = await backfillFirstPeriods(db, bloc.schedule, zone);
  await refreshOpenPeriods(db, bloc.schedule, zone, now);
  return filled;
}
