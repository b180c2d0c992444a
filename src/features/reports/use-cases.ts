// The reports feature's use cases: plain async functions of the database, the
// clock and the logger and plain values, never a messenger's context. The
// /report dialogue (dialogue.ts), the handlers (chat.ts) and the jobs (jobs.ts)
// call them; they call the store.
import type { Clock } from "../../shared/clock.js";
import type { Db } from "../../shared/db/client.js";
import type { Logger } from "../../shared/log/logger.js";
import { canSubmitFor, type Actor } from "../../shared/bloc/roles.js";
import { ensurePeriod, getPeriod, setPeriodLock, type PeriodRow } from "../../shared/bloc/periods.js";
import { shiftPeriod, type PeriodKey, type Schedule } from "../../shared/bloc/schedule.js";
import { audit } from "../../shared/db/people.js";
import { activeIndicators, getBoard, owes } from "../../shared/bloc/store.js";
import {
  boardStatus, closeDraft, deleteDraft, idleDrafts, getDraft, getReport, isFocalFor, latestOpenDraft, deleteDraftById, reportHistory, saveDraft, submitReport as storeReport, valuesFor,
  type ReportView, type RevisionView, type StatusRow,
} from "./store.js";
import type { IndicatorDef, Values } from "./rules/reports.js";
import type { DraftFacts, Submitted } from "./rules/draft.js";

/** What the use cases need: the database, the clock, the logger. */
export type ReportDeps = { db: Db; clock: Clock; logger: Logger };

/** A person's draft of a board's report for a period (ReportDraft's key). */
export type DraftKey = { personId: number; boardId: number; periodId: number };

/**
 * What a report dialogue works from, loaded when it begins: the board's short
 * name, the period (deadline ISO 8601), and the facts of the draft (indicators,
 * last month's and last year's values, the sent report with its reference, the
 * person's draft). JSON values only: the conversation's log keeps them.
 */
export type ReportSession = DraftFacts & {
  boardName: string;
  period: { year: number; month: number; deadlineAt: string };
  report: { version: number; values: Values; reference: string } | null;
};

/**
 * Opens a board's report for a period to the person: refused (`key`: the
 * message's key) when they may not report for the board (not its focal person,
 * board retired), or the period is gone or locked.
 */
export async function openReport(
  deps: ReportDeps, who: { personId: number; actor: Actor }, key: { boardId: number; periodId: number },
): Promise<{ ok: true; session: ReportSession } | { ok: false; key: "report-not-focal" | "button-expired" | "report-period-locked" }> {
  const [board, period] = await Promise.all([getBoard(deps.db, key.boardId), getPeriod(deps.db, key.periodId)]);
  if (!board || board.status !== "active" || !canSubmitFor(who.actor, board.id)) return { ok: false, key: "report-not-focal" };
  if (!period) return { ok: false, key: "button-expired" };
  if (period.lockedAt) return { ok: false, key: "report-period-locked" };
  const before = shiftPeriod(period, -1);
  const [indicators, report, draft, lastMonth, lastYear] = await Promise.all([
    activeIndicators(deps.db),
    getReport(deps.db, board.id, period.id),
    getDraft(deps.db, who.personId, board.id, period.id),
    valuesFor(deps.db, board.id, before.year, before.month),
    valuesFor(deps.db, board.id, period.year - 1, period.month),
  ]);
  return {
    ok: true,
    session: {
      boardName: board.shortName,
      period: { year: period.year, month: period.month, deadlineAt: period.deadlineAt.toISOString() },
      indicators, lastMonth: lastMonth ?? {}, lastYear: lastYear ?? {},
      report: report ? { version: report.version, values: report.values, reference: report.reference } : null,
      draft: draft ? { values: draft.values, baseVersion: draft.baseVersion } : null,
    },
  };
}

/** The person's draft as the database holds it (the truth a dialogue entered again starts from), or null. */
export async function draftOf(deps: ReportDeps, key: DraftKey): Promise<{ values: Values; baseVersion: number } | null> {
  const d = await getDraft(deps.db, key.personId, key.boardId, key.periodId);
  return d ? { values: d.values, baseVersion: d.baseVersion } : null;
}

/** Saves the draft's values (and reopens it if the idle job closed it). */
export async function keepDraft(deps: ReportDeps, key: DraftKey, values: Values, baseVersion: number): Promise<void> {
  await saveDraft(deps.db, key, values, baseVersion, deps.clock.now());
}

/** Drops the draft (cancelled, refused at sending, the right lost). */
export async function discardDraft(deps: ReportDeps, key: DraftKey): Promise<void> {
  await deleteDraft(deps.db, key);
}

/** Drops the person's open draft worked on most recently (/cancel of a dialogue whose arguments are not understood). */
export async function discardLatestDraft(deps: ReportDeps, personId: number): Promise<void> {
  const draft = await latestOpenDraft(deps.db, personId);
  if (draft) await deleteDraftById(deps.db, draft.id);
}

/**
 * Sends a report, or an amendment of the sent one (`reason`), from the values the
 * person started at `baseVersion` (0: none was sent). The right and the lock are
 * checked again at this moment: refused `not_allowed` (no longer the board's focal
 * person, board retired) or `locked`, the draft dropped. Another sender's version
 * stored meanwhile: `conflict`, with theirs (the draft stays). Stored: the draft
 * dropped; `summaryPosted` says the period's summary was already posted (the group
 * is then told of an amendment). Times are ISO 8601.
 */
export async function sendReport(
  deps: ReportDeps,
  input: DraftKey & { values: Values; baseVersion: number; reason: string | null; indicators: IndicatorDef[] },
): Promise<Submitted & { summaryPosted?: boolean }> {
  const key = { personId: input.personId, boardId: input.boardId, periodId: input.periodId };
  if (!(await isFocalFor(deps.db, input.personId, input.boardId))) {
    await deleteDraft(deps.db, key);
    return { ok: false, reason: "not_allowed" };
  }
  const period = await getPeriod(deps.db, input.periodId);
  if (!period || period.lockedAt) {
    await deleteDraft(deps.db, key);
    return { ok: false, reason: "locked" };
  }
  const at = deps.clock.now();
  const r = await storeReport(deps.db, {
    boardId: input.boardId, periodId: input.periodId, personId: input.personId, values: input.values, indicators: input.indicators, at, deadlineAt: period.deadlineAt, baseVersion: input.baseVersion, reason: input.reason,
  });
  if (!r.ok) {
    if (r.reason === "no_changes") return { ok: false, reason: "no_changes" };
    return { ok: false, reason: "conflict", current: { version: r.current.version, values: r.current.values, byName: r.current.lastChangedByName, at: r.current.lastChangedAt.toISOString() } };
  }
  await deleteDraft(deps.db, key);
  deps.logger.info({ boardId: input.boardId, periodId: input.periodId, kind: r.kind, version: r.version }, "report submitted");
  return { ok: true, kind: r.kind, reference: r.reference, version: r.version, late: r.late, at: at.toISOString(), changes: r.changes, summaryPosted: period.summaryPostedAt !== null };
}

/** The board's report for a period with its revisions, for a read-only view; null when the board or period is gone. */
export async function reportWithHistory(deps: ReportDeps, boardId: number, periodId: number): Promise<
  { boardName: string; period: PeriodRow; indicators: IndicatorDef[]; report: ReportView | null; revisions: RevisionView[] } | null
> {
  const [board, period, report, indicators] = await Promise.all([getBoard(deps.db, boardId), getPeriod(deps.db, periodId), getReport(deps.db, boardId, periodId), activeIndicators(deps.db)]);
  if (!board || !period) return null;
  const revisions = report ? await reportHistory(deps.db, report.id) : [];
  return { boardName: board.shortName, period, indicators, report, revisions };
}

/**
 * The state of each board's reports over the `months` periods up to `latest`
 * (newest first), for /status: sent (when, late, reference, revisions), missing
 * (deadline passed or not), this person's draft, locked. Periods before a
 * board's first period are not owed and not listed (`listed` < `months` then).
 */
export async function reportStatus(
  deps: ReportDeps, who: { personId: number; boardIds: number[] }, latest: PeriodKey, months: number, schedule: Schedule, zone: string,
): Promise<{ boardName: string; firstPeriod: PeriodKey | null; rows: StatusRow[]; listed: number }[]> {
  const periods: PeriodRow[] = [];
  for (let i = 0; i < months; i++) periods.push(await ensurePeriod(deps.db, shiftPeriod(latest, -i), schedule, zone));
  const out = [];
  for (const boardId of who.boardIds) {
    const board = await getBoard(deps.db, boardId);
    if (!board) continue;
    const rows = await boardStatus(deps.db, boardId, who.personId, periods.filter((p) => owes(board, p)));
    out.push({ boardName: board.shortName, firstPeriod: board.firstPeriod, rows, listed: rows.length });
  }
  return out;
}

/** Locks (or unlocks) the period `key`, creating it if needed, audited under the person. */
export async function lockPeriod(deps: ReportDeps, key: PeriodKey, lock: boolean, byPersonId: number | null, schedule: Schedule, zone: string): Promise<void> {
  const period = await ensurePeriod(deps.db, key, schedule, zone);
  await setPeriodLock(deps.db, period.id, lock, byPersonId, deps.clock.now());
  await audit(deps.db, byPersonId, lock ? "period.lock" : "period.unlock", key, deps.clock.now());
}

/** A board's short name and a period's month, for naming a report ("Hải Phòng, 10/2026"); null for what is gone. */
export async function reportNames(deps: ReportDeps, boardId: number, periodId: number): Promise<{ board: string | null; period: { year: number; month: number } | null }> {
  const [board, period] = await Promise.all([getBoard(deps.db, boardId), getPeriod(deps.db, periodId)]);
  return { board: board?.shortName ?? null, period: period ? { year: period.year, month: period.month } : null };
}

/** Report drafts idle since `before` and not yet closed, with their person, board and period (for the idle-drafts job). */
export async function idleReportDrafts(deps: ReportDeps, before: Date) {
  return idleDrafts(deps.db, before);
}

/**
 * Closes an idle draft (only if it is still idle: a save in between wins; its
 * values stay) and, when it is the person's latest open draft, ends the dialogue
 * filling it (`conversationKey`: its ConversationState key), at `at`. False when it was not closed.
 */
export async function closeIdleDraft(deps: ReportDeps, id: number, idleBefore: Date, conversationKey: string, at: Date): Promise<boolean> {
  return closeDraft(deps.db, id, idleBefore, conversationKey, at);
}
