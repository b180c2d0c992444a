// Reminders on the bloc's schedule, and an admin's nudge. For the period being
// reported (and the one before, whose late slots may still run): find the slots
// that are due, claim each (board, period, slot) in the ledger, and only then
// send, to the focal persons (or heads) of boards that have not reported, through
// the paced fan-out (fanout.ts). The group gets the escalation line through the
// outbound port's group recipient (the group's outbox). Quiet hours and days off
// hold everything back until they end (shared/bloc/calendar.ts).
import type { Deps } from "../../../shared/deps.js";
import { getBloc } from "../../../shared/bloc/store.js";
import { currentPeriod, periodsInPlay, type PeriodRow } from "../../../shared/bloc/periods.js";
import { mayPostAt } from "../../../shared/bloc/calendar.js";
import type { Schedule } from "../../../shared/bloc/schedule.js";
import { claimOnce, isClaimed } from "../../../shared/jobs/ledger.js";
import { POST_STALE_MS } from "../../../shared/messaging/group-posts.js";
import { claimSlots, claimedSlots, markInterruptedDeliveries, periodReporting, recipientsByBoard, sentDeliveries, type SlotClaim } from "../store.js";
import { freshUntil, planDueSlots, slotTimes } from "../rules.js";
import { fanOutOf } from "./fanout.js";
import type { HandOff, ReminderWords } from "./words.js";
import { inEveryLocale } from "../../../shared/i18n/locale.js";

/**
 * Claims the slots of a period that are due, for every board that has not
 * reported, in batches (store.ts claimSlots); the fan-out sends them. The group's
 * escalation line is claimed once in the job ledger and posted through the port.
 */
async function remindPeriod(deps: Deps, now: Date, period: PeriodRow, schedule: Schedule, words: ReminderWords, handOff: HandOff): Promise<void> {
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
    // Through the group's outbox: sent now, or when the group can take it.
    const texts = inEveryLocale((locale) => words.groupLine(deps, locale, period, missing.map((b) => b.shortName), now));
    handOff(deps.notify.send({ group: { key: `group-reminder:${period.id}:${plan.send.slot.id}`, staleAfterMs: POST_STALE_MS.groupReminder, wait: true, texts } }, { text: texts[deps.config.defaultLocale] }));
  }
}

/**
 * The reminders due at `now`: claimed, then handed off to the paced fan-out (which
 * also sends what a stop left pending). Nothing in quiet hours or on a day off (the
 * slots were placed outside them; catch-up waits too), nothing for a locked period.
 */
export async function remindDue(deps: Deps, now: Date, words: ReminderWords, handOff: HandOff): Promise<void> {
  const bloc = await getBloc(deps.db);
  if (!bloc) return;
  const zone = deps.config.timeZone;
  if (!mayPostAt(now, bloc.schedule, zone)) return;
  for (const period of await periodsInPlay(deps.db, bloc.schedule, zone, now)) {
    if (period.lockedAt) continue;
    await remindPeriod(deps, now, period, bloc.schedule, words, handOff);
  }
  handOff(fanOutOf(deps, words).drain());
}

/** After a hard stop: deliveries left "sending" may have gone out; they are marked uncertain, never sent twice. Returns how many. */
export async function settleInterruptedReminders(deps: Deps): Promise<number> {
  return markInterruptedDeliveries(deps.db);
}

/**
 * An admin's nudge: a reminder now to the focal persons of the boards still missing
 * for the period being reported, at most once a minute (the slot carries the
 * minute). Resolves when the fan-out has tried them: how many boards were nudged,
 * how many reminders went out.
 */
export async function nudge(deps: Deps, now: Date, words: ReminderWords): Promise<{ boards: number; sent: number }> {
  const bloc = await getBloc(deps.db);
  const period = await currentPeriod(deps.db, bloc!.schedule, deps.config.timeZone, now);
  const missing = (await periodReporting(deps.db, period.id)).filter((b) => !b.report);
  const slot = `focal:nudge-${now.toISOString().slice(0, 16)}`;
  const recipients = await recipientsByBoard(deps.db, missing.map((b) => b.id), "focal");
  const boards = await claimSlots(deps.db, period.id, now, missing.map((b) => ({ boardId: b.id, slot, outcome: "sent", recipients: recipients.get(b.id) ?? [] })));
  await fanOutOf(deps, words).drain();
  return { boards: boards.length, sent: await sentDeliveries(deps.db, period.id, slot) };
}
