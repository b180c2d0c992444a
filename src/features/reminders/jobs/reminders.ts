// Reminders on the bloc's schedule. On each tick: for the period being reported
// (and the one before, whose late slots may still run), find the slots that are
// due, claim each (board, period, slot) in the ledger, and only then send, to
// the focal persons (or heads) of boards that have not reported. The group gets
// the escalation line. Quiet hours and days off hold everything back until they
// end (shared/bloc/calendar.ts).
import { InlineKeyboard, type Api } from "grammy";
import type { Deps } from "../../../shared/deps.js";
import type { Locale } from "../../../shared/i18n/locale.js";
import { formatDateTime, formatMonth } from "../../../shared/i18n/format.js";
import { esc } from "../../../shared/text/html.js";
import { translator } from "../../../shared/i18n/messages.js";
import { getBloc } from "../../../shared/bloc/store.js";
import { currentPeriod, periodsInPlay, type PeriodRow } from "../../../shared/bloc/periods.js";
import { claimSlots, claimedSlots, markInterruptedDeliveries, periodReporting, recipientsByBoard, type SlotClaim } from "../store.js";
import { claimOnce, isClaimed } from "../../../shared/jobs/ledger.js";
import { mayPostAt } from "../../../shared/bloc/calendar.js";
import { daysToDeadline, freshUntil, planDueSlots, slotTimes } from "../rules.js";
import type { Schedule } from "../../../shared/bloc/schedule.js";
import { fanOutOf } from "./fanout.js";
import type { Job, JobContext } from "../../../shared/jobs/scheduler.js";
import { sendSafely } from "../../../messengers/telegram/send.js";
import { flushGroupPosts, queuePost } from "../../group/use-cases.js";
import { POST_STALE_MS } from "../../../shared/messaging/group-posts.js";

export type ReminderKind = "focal" | "head";

/** The text and button of a reminder, in the recipient's language. */
export function reminderMessage(deps: Deps, locale: Locale, kind: ReminderKind, board: { id: number; shortName: string }, period: PeriodRow, now: Date) {
  const t = translator(deps.i18n, locale);
  const days = daysToDeadline(now, period.deadlineAt, deps.config.timeZone);
  const vars = { board: esc(board.shortName), month: formatMonth(period, locale), deadline: formatDateTime(period.deadlineAt, locale, deps.config.timeZone), days: Math.abs(days) };
  const overdue = now.getTime() > period.deadlineAt.getTime();
  const text = kind === "head" ? t("remind-head", vars) : t(overdue ? "remind-overdue" : days === 0 ? "remind-today" : "remind-before", vars);
  const keyboard = kind === "focal" ? new InlineKeyboard().text(t("remind-button"), `rep:${board.id}:${period.id}`) : undefined;
  return { text, keyboard };
}

/** The line in the group listing the boards still missing. */
export function groupLine(deps: Deps, locale: Locale, period: PeriodRow, missing: string[], now: Date): string {
  const days = Math.abs(daysToDeadline(now, period.deadlineAt, deps.config.timeZone));
  return deps.i18n.t(locale, "remind-group", { month: formatMonth(period, locale), days, boards: missing.map(esc).join(", "), count: missing.length });
}

/**
 * Claims the slots of a period that are due, for every board that has not
 * reported, in batches (features/reminders/store.ts claimSlots); the fan-out sends them.
 * The group's escalation line goes through the group's outbox (group-posts.ts).
 */
async function remindPeriod(ctx: JobContext, period: PeriodRow, schedule: Schedule) {
  const { deps, now } = ctx;
  const zone = deps.config.timeZone;
  const times = slotTimes(period.deadlineAt, schedule, zone);
  const fresh = (at: Date) => freshUntil(at, schedule, zone);
  if (!times.some((s) => s.at.getTime() <= now.getTime())) return;
  const reporting = await periodReporting(deps.db, period.id);
  const missing = reporting.filter((b) => !b.report);
  const claimed = await claimedSlots(deps.db, period.id);

  const claims: SlotClaim[] = [];
  for (const kind of ["focal", "head"] as const) {
    const due: { boardId: number; slot: string; send: boolean }[] = [];
    for (const board of missing) {
      const pending = times.filter((s) => s.slot.audience === kind && !claimed.has(`${board.id}:${kind}:${s.slot.id}`));
      const plan = planDueSlots(pending, now, fresh);
      for (const s of plan.skip) due.push({ boardId: board.id, slot: `${kind}:${s.slot.id}`, send: false });
      if (plan.send) due.push({ boardId: board.id, slot: `${kind}:${plan.send.slot.id}`, send: true });
    }
    if (!due.length) continue;
    const recipients = await recipientsByBoard(deps.db, [...new Set(due.filter((d) => d.send).map((d) => d.boardId))], kind);
    for (const d of due) claims.push({ boardId: d.boardId, slot: d.slot, outcome: d.send ? "sent" : "skipped", recipients: d.send ? (recipients.get(d.boardId) ?? []) : [] });
  }
  await claimSlots(deps.db, period.id, now, claims);

  const groupPending: typeof times = [];
  for (const s of times.filter((x) => x.slot.audience === "group")) {
    if (!(await isClaimed(deps.db, `group:${period.id}:${s.slot.id}`))) groupPending.push(s);
  }
  const plan = planDueSlots(groupPending, now, fresh);
  for (const s of plan.skip) await claimOnce(deps.db, `group:${period.id}:${s.slot.id}`, now, "skipped");
  if (plan.send && (await claimOnce(deps.db, `group:${period.id}:${plan.send.slot.id}`, now, "sent")) && missing.length > 0) {
    // Through the group's outbox (group-posts.ts): sent now, or when the group can take it.
    const text = groupLine(deps, deps.config.defaultLocale, period, missing.map((b) => b.shortName), now);
    if (await queuePost(deps, `group-reminder:${period.id}:${plan.send.slot.id}`, { kind: "text", text }, POST_STALE_MS.groupReminder)) ctx.handOff(flushGroupPosts(deps));
  }
}

export function remindersJob(): Job {
  return {
    name: "reminders",
    async recover({ deps }) {
      const n = await markInterruptedDeliveries(deps.db);
      if (n) deps.logger.warn({ deliveries: n }, "reminders interrupted by a stop were not sent again");
    },
    async run(ctx) {
      const { deps, api, now } = ctx;
      const bloc = await getBloc(deps.db);
      if (!bloc) return;
      const zone = deps.config.timeZone;
      // Nothing goes out in quiet hours or on a day off; the slots were placed outside them, and catch-up waits too.
      if (!mayPostAt(now, bloc.schedule, zone)) return;
      for (const period of await periodsInPlay(deps.db, bloc.schedule, zone, now)) {
        if (period.lockedAt) continue;
        await remindPeriod(ctx, period, bloc.schedule);
      }
      // The paced sending (what was just claimed, or left pending by a stop) runs apart from the jobs.
      ctx.handOff(fanOutOf(deps, api).drain());
    },
  };
}

/** An admin's nudge: a reminder now to the boards still missing for the period being reported. */
export async function nudge(deps: Deps, api: Api, now: Date): Promise<{ boards: number; sent: number }> {
  const bloc = await getBloc(deps.db);
  const period = await currentPeriod(deps.db, bloc!.schedule, deps.config.timeZone, now);
  const missing = (await periodReporting(deps.db, period.id)).filter((b) => !b.report);
  // One nudge a minute at most: the slot id carries the minute.
  const slot = `focal:nudge-${now.toISOString().slice(0, 16)}`;
  const recipients = await recipientsByBoard(deps.db, missing.map((b) => b.id), "focal");
  const boards = await claimSlots(deps.db, period.id, now, missing.map((b) => ({ boardId: b.id, slot, outcome: "sent", recipients: recipients.get(b.id) ?? [] })));
  await fanOutOf(deps, api).drain();
  const sent = await deps.db.reminderDelivery.count({ where: { status: "sent", reminder: { periodId: period.id, slot } } });
  return { boards: boards.length, sent };
}
