// Reminders on the bloc's schedule. On each tick: for the period being reported
// (and the one before, whose late slots may still run), find the slots that are
// due, claim each (board, period, slot) in the ledger, and only then send, to
// the focal persons (or heads) of boards that have not reported. The group gets
// the escalation line. Quiet hours hold everything back until they end.
import { InlineKeyboard, type Api } from "grammy";
import type { Deps, Locale } from "../bot/context.js";
import { formatDateTime, formatMonth } from "../bot/format.js";
import { esc } from "../bot/html.js";
import { toLocale, translator } from "../bot/i18n.js";
import { getBloc } from "../db/bloc.js";
import { currentPeriod, periodsInPlay, type PeriodRow } from "../db/periods.js";
import { peopleWithRole } from "../db/people.js";
import {
  claimOnce, claimSlot, claimedSlots, finishDelivery, isClaimed, markInterruptedDeliveries, pendingDeliveries, periodReporting, startDelivery, type Recipient,
} from "../db/reminders.js";
import { daysToDeadline, inQuietHours, planDueSlots, slotTimes } from "../domain/reminders.js";
import type { Schedule } from "../domain/schedule.js";
import { Pacer } from "./pacer.js";
import type { Job } from "./scheduler.js";
import { sendSafely } from "./send.js";

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

async function recipients(deps: Deps, boardId: number, kind: ReminderKind): Promise<Recipient[]> {
  const people = await peopleWithRole(deps.db, boardId, kind);
  return people.map((p) => ({ personId: p.id, chatId: p.telegramId, reachable: p.reachable }));
}

/** Sends every delivery still pending: just claimed, or left by a crash before it was tried. */
export async function sendPending(deps: Deps, api: Api, pacer: Pacer): Promise<number> {
  const pending = await pendingDeliveries(deps.db);
  if (pending.length === 0) return 0;
  const boards = new Map((await deps.db.board.findMany()).map((b) => [b.id, b]));
  const periods = new Map((await deps.db.period.findMany({ where: { id: { in: [...new Set(pending.map((p) => p.periodId))] } } })).map((p) => [p.id, p]));
  let sent = 0;
  await Promise.all(
    pending.map((d) =>
      pacer.run(d.chatId, async () => {
        if (!(await startDelivery(deps.db, d.id))) return; // another process has it
        const board = boards.get(d.boardId)!;
        const period = periods.get(d.periodId)!;
        const kind: ReminderKind = d.slot.startsWith("head:") ? "head" : "focal";
        const locale = toLocale(d.locale, deps.config.defaultLocale);
        const msg = reminderMessage(deps, locale, kind, board, period, deps.clock.now());
        const outcome = await sendSafely(deps, api, { personId: d.personId, chatId: d.chatId }, msg.text, msg.keyboard);
        await finishDelivery(deps.db, d.id, outcome, deps.clock.now());
        if (outcome === "sent") sent++;
      }),
    ),
  );
  return sent;
}

/** The line in the group listing the boards still missing. */
export function groupLine(deps: Deps, locale: Locale, period: PeriodRow, missing: string[], now: Date): string {
  const days = Math.abs(daysToDeadline(now, period.deadlineAt, deps.config.timeZone));
  return deps.i18n.t(locale, "remind-group", { month: formatMonth(period, locale), days, boards: missing.map(esc).join(", "), count: missing.length });
}

async function remindPeriod(deps: Deps, api: Api, pacer: Pacer, period: PeriodRow, schedule: Schedule, now: Date, groupChatId: number | null) {
  const times = slotTimes(period.deadlineAt, schedule, deps.config.timeZone);
  if (!times.some((s) => s.at.getTime() <= now.getTime())) return;
  const reporting = await periodReporting(deps.db, period.id);
  const missing = reporting.filter((b) => !b.report);
  const claimed = await claimedSlots(deps.db, period.id);

  for (const board of missing) {
    for (const kind of ["focal", "head"] as const) {
      const pending = times.filter((s) => s.slot.audience === kind && !claimed.has(`${board.id}:${kind}:${s.slot.id}`));
      const plan = planDueSlots(pending, now);
      for (const s of plan.skip) {
        await claimSlot(deps.db, { boardId: board.id, periodId: period.id, slot: `${kind}:${s.slot.id}`, at: now, outcome: "skipped", recipients: [] });
      }
      if (plan.send) {
        await claimSlot(deps.db, {
          boardId: board.id, periodId: period.id, slot: `${kind}:${plan.send.slot.id}`, at: now, outcome: "sent", recipients: await recipients(deps, board.id, kind),
        });
      }
    }
  }

  const groupPending: typeof times = [];
  for (const s of times.filter((x) => x.slot.audience === "group")) {
    if (!(await isClaimed(deps.db, `group:${period.id}:${s.slot.id}`))) groupPending.push(s);
  }
  const plan = planDueSlots(groupPending, now);
  for (const s of plan.skip) await claimOnce(deps.db, `group:${period.id}:${s.slot.id}`, now, "skipped");
  if (plan.send && (await claimOnce(deps.db, `group:${period.id}:${plan.send.slot.id}`, now, "sent")) && groupChatId !== null && missing.length > 0) {
    const text = groupLine(deps, deps.config.defaultLocale, period, missing.map((b) => b.shortName), now);
    await pacer.run(groupChatId, () => sendSafely(deps, api, { personId: null, chatId: groupChatId }, text));
  }
}

export function remindersJob(pacer = new Pacer()): Job {
  return {
    name: "reminders",
    async recover({ deps }) {
      const n = await markInterruptedDeliveries(deps.db);
      if (n) deps.logger.warn({ deliveries: n }, "reminders interrupted by a stop were not sent again");
    },
    async run({ deps, api, now }) {
      const bloc = await getBloc(deps.db);
      if (!bloc) return;
      const zone = deps.config.timeZone;
      if (inQuietHours(now, bloc.schedule, zone)) return;
      for (const period of await periodsInPlay(deps.db, bloc.schedule, zone, now)) {
        if (period.lockedAt) continue;
        await remindPeriod(deps, api, pacer, period, bloc.schedule, now, bloc.groupChatId);
      }
      await sendPending(deps, api, pacer);
    },
  };
}

/** An admin's nudge: a reminder now to the boards still missing for the period being reported. */
export async function nudge(deps: Deps, api: Api, now: Date, pacer = new Pacer()): Promise<{ boards: number; sent: number }> {
  const bloc = await getBloc(deps.db);
  const period = await currentPeriod(deps.db, bloc!.schedule, deps.config.timeZone, now);
  const missing = (await periodReporting(deps.db, period.id)).filter((b) => !b.report);
  // One nudge a minute at most: the slot id carries the minute.
  const slot = `focal:nudge-${now.toISOString().slice(0, 16)}`;
  let boards = 0;
  for (const b of missing) {
    if (await claimSlot(deps.db, { boardId: b.id, periodId: period.id, slot, at: now, outcome: "sent", recipients: await recipients(deps, b.id, "focal") })) boards++;
  }
  const sent = await sendPending(deps, api, pacer);
  return { boards, sent };
}
