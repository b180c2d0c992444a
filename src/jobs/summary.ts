// Summaries outside the command: building one, and posting the month's summary
// to the group once after each period's deadline, as the bloc file schedules it.
import { DateTime } from "luxon";
import { InputFile, type Api } from "grammy";
import { translator } from "../bot/i18n.js";
import type { Deps } from "../bot/context.js";
import { rangeLabel, summaryKeyboard, summaryText } from "../bot/summary-view.js";
import { getBloc } from "../db/bloc.js";
import { periodsInPlay } from "../db/periods.js";
import { claimOnce, markDone } from "../db/reminders.js";
import { loadSummaryFigures } from "../db/summary.js";
import type { Schedule } from "../domain/schedule.js";
import { monthRange, summarizeFigures, type Summary, type SummaryRange } from "../domain/summary.js";
import type { Job } from "./scheduler.js";

export async function buildSummary(deps: Deps, range: SummaryRange): Promise<Summary> {
  return summarizeFigures(await loadSummaryFigures(deps.db, range, deps.config.timeZone));
}

/** When the summary of a period is due: days after its deadline, at a time (local). */
export function summaryDueAt(deadlineAt: Date, schedule: Schedule, zone: string): Date | null {
  if (!schedule.summary) return null;
  const [h, m] = schedule.summary.time.split(":").map(Number) as [number, number];
  return DateTime.fromJSDate(deadlineAt, { zone }).startOf("day").plus({ days: schedule.summary.daysAfterDeadline }).set({ hour: h, minute: m }).toJSDate();
}

/** A summary is not posted more than this long after it was due (after downtime). */
const SUMMARY_STALE_DAYS = 7;

export async function postSummary(deps: Deps, api: Api, chatId: number, range: SummaryRange, indicatorIndex = 0): Promise<void> {
  const bloc = await getBloc(deps.db);
  const locale = deps.config.defaultLocale;
  const t = translator(deps.i18n, locale);
  const summary = await buildSummary(deps, range);
  await api.sendMessage(chatId, summaryText(t, summary, locale, bloc?.name ?? "", indicatorIndex), { parse_mode: "HTML", reply_markup: summaryKeyboard(t, summary, indicatorIndex) });
  // The chart is a bonus: a failure to draw or send it leaves the summary posted.
  const ind = summary.indicators[indicatorIndex];
  if (ind && summary.totals[indicatorIndex]?.total !== null) {
    try {
      const { boardChartPng } = await import("../exports/chart.js"); // loaded on first use: heavy
      const png = await boardChartPng(summary, ind.code, locale, t);
      await api.sendPhoto(chatId, new InputFile(png, `${ind.code}-${rangeLabel(t, range, locale).replace(/\W+/g, "-")}.png`));
    } catch (err) {
      deps.logger.warn({ err }, "summary chart not sent");
    }
  }
}

export const summaryJob: Job = {
  name: "scheduled-summary",
  // A claim left by a hard stop before the post was confirmed is given back.
  async recover({ deps }) {
    await deps.db.jobLedger.deleteMany({ where: { key: { startsWith: "summary:" }, doneAt: null } });
  },
  async run({ deps, api, now, sendTo }) {
    const bloc = await getBloc(deps.db);
    const chatId = bloc?.groupChatId;
    if (!chatId || !bloc.schedule.summary) return;
    const zone = deps.config.timeZone;
    for (const period of await periodsInPlay(deps.db, bloc.schedule, zone, now)) {
      const due = summaryDueAt(period.deadlineAt, bloc.schedule, zone);
      if (!due || now.getTime() < due.getTime() || now.getTime() - due.getTime() > SUMMARY_STALE_DAYS * 86400_000) continue;
      const ledger = `summary:${period.id}`;
      if (!(await claimOnce(deps.db, ledger, now))) continue;
      // Posted on the group's lane: a slow or hung send never holds this job or the others.
      sendTo(chatId, async () => {
        try {
          await postSummary(deps, api, chatId, monthRange({ year: period.year, month: period.month }));
        } catch (err) {
          // Not posted: give the claim back so that a later tick tries again.
          await deps.db.jobLedger.deleteMany({ where: { key: ledger, doneAt: null } });
          deps.logger.error({ err, periodId: period.id }, "scheduled summary not posted; will retry");
          return;
        }
        await deps.db.period.update({ where: { id: period.id }, data: { summaryPostedAt: now } });
        await markDone(deps.db, ledger, now);
      });
    }
  },
};
