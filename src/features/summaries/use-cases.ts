// Summaries as people and jobs ask for them: building one from the figures (read
// and added up in store.ts), who may see them, the group's monthly summary (queued once
// after each period's deadline, as the bloc file schedules it: never on a day off
// or in quiet hours, summaryDueAt in features/reminders/rules.ts), marked when it
// went out; its rendering is the job's (summaries/jobs.ts, renderSummaryPost).
import { DateTime } from "luxon";
import type { Deps } from "../../shared/deps.js";
import { getBloc } from "../../shared/bloc/store.js";
import { periodsInPlay } from "../../shared/bloc/periods.js";
import { reportablePeriod, type PeriodKey } from "../../shared/bloc/schedule.js";
import { mayPostAt } from "../../shared/bloc/calendar.js";
import { isAdmin, isSecretariat, votingBoards, type Actor } from "../../shared/bloc/roles.js";
import { POST_STALE_MS } from "../../shared/messaging/group-posts.js";
import { freshUntil, summaryDueAt, summaryLatestAt } from "../reminders/rules.js";
import { officerYears } from "../history/rules.js";
import { officersOf } from "../history/use-cases.js";
import { isPostQueued, queuePost } from "../group/use-cases.js";
import { makeFile } from "../exports/pool.js";
import type { ExportJob } from "../exports/render.js";
import { loadSummaryFigures, markSummaryPosted } from "./store.js";
import { monthRange, summarizeFigures, type Summary, type SummaryRange } from "./rules.js";

/** The summary of `range`: every active indicator's totals, comparisons and who reported (features/summaries/rules.ts). */
export async function buildSummary(deps: Pick<Deps, "db" | "config">, range: SummaryRange): Promise<Summary> {
  return summarizeFigures(await loadSummaryFigures(deps.db, range, deps.config.timeZone));
}

/** The latest period whose deadline has passed (what /summary without a period shows); null before the bloc is set up. */
export async function latestReportable(deps: Pick<Deps, "db" | "clock" | "config">): Promise<PeriodKey | null> {
  const bloc = await getBloc(deps.db);
  return bloc ? reportablePeriod(deps.clock.now(), bloc.schedule, deps.config.timeZone) : null;
}

/**
 * Who may see the summaries: admins, the secretariat, and the people of the boards
 * that lead the bloc (the officers of this year, and until June also of last year,
 * whose leader still closes it: features/history/rules.ts officerYears), elected
 * or recorded with /record.
 */
export async function maySeeSummary(deps: Pick<Deps, "db" | "clock" | "config">, actor: Actor): Promise<boolean> {
  if (isAdmin(actor) || isSecretariat(actor)) return true;
  const mine = votingBoards(actor);
  if (mine.length === 0) return false;
  const today = DateTime.fromJSDate(deps.clock.now(), { zone: deps.config.timeZone });
  for (const year of officerYears(today.year, today.month)) {
    if ((await officersOf(deps, year)).some((o) => mine.includes(o.boardId))) return true;
  }
  return false;
}

/** A summary is not posted more than this long after its last day (after downtime). */
const SUMMARY_STALE_DAYS = 7;

/**
 * Queues each period's summary for the group once it is due (the post is claimed,
 * sent and marked in GroupPost; the period is marked when it went out: see
 * renderSummaryPost). True when something new was queued: the caller flushes.
 */
export async function queueDueSummaries(deps: Deps, now: Date): Promise<boolean> {
  const bloc = await getBloc(deps.db);
  if (!bloc?.schedule.summary) return false;
  let queued = false;
  const zone = deps.config.timeZone;
  for (const period of await periodsInPlay(deps.db, bloc.schedule, zone, now)) {
    const due = summaryDueAt(period.deadlineAt, bloc.schedule, zone);
    const latest = summaryLatestAt(period.deadlineAt, bloc.schedule, zone);
    if (!due || !latest || now < due || now > freshUntil(latest, bloc.schedule, zone, SUMMARY_STALE_DAYS * 24) || !mayPostAt(now, bloc.schedule, zone)) continue;
    if (period.summaryPostedAt) continue;
    const key = `summary:${period.id}`;
    if (await isPostQueued(deps, key)) continue;
    const { coverage } = await buildSummary(deps, monthRange(period));
    // A month no board owes (before every board's first period: the bot began after it) has no summary: "0/0" is no news.
    if (coverage.owing === 0) continue;
    // Between its due time and its last day, the post waits for the bloc file's share of the boards (the headline's count).
    const minShare = bloc.schedule.summary.minShare;
    if (minShare !== null && now < latest && coverage.reported / coverage.owing < minShare) continue;
    queued = (await queuePost(deps, key, { kind: "summary", periodId: period.id, year: period.year, month: period.month }, POST_STALE_MS.summary)) || queued;
  }
  return queued;
}

/** The write that marks a period's summary posted, committed with the group post's mark. */
export function summaryPostedWrite(deps: Pick<Deps, "db" | "clock">, periodId: number) {
  return markSummaryPosted(deps.db, periodId, deps.clock.now());
}

/** A chart of a summary (PNG bytes), made in the export worker within EXPORT_TIMEOUT_SECONDS; throws ExportError (features/exports/pool.ts). */
export function summaryChart(deps: Pick<Deps, "config">, job: Extract<ExportJob, { kind: "board-chart" | "trend-chart" }>): Promise<Buffer> {
  return makeFile(job, { timeoutMs: deps.config.exportTimeoutSeconds * 1000 });
}
