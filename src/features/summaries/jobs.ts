// Summaries outside the command: building one, and posting the month's summary
// to the group once after each period's deadline, as the bloc file schedules it
// (never on a day off or in quiet hours: summaryDueAt, features/reminders/rules.ts).
import { InputFile, type Api } from "grammy";
import type { Message } from "grammy/types";
import { translator } from "../../shared/i18n/messages.js";
import type { Deps } from "../../shared/deps.js";
import { rangeLabel, summaryCaption, summaryShortKeyboard, summaryShortText } from "./views.js";
import { getBloc } from "../../shared/bloc/store.js";
import { periodsInPlay } from "../../shared/bloc/periods.js";
import { loadSummaryFigures } from "./store.js";
import { mayPostAt } from "../../shared/bloc/calendar.js";
import { freshUntil, summaryDueAt, summaryLatestAt } from "../reminders/rules.js";
import { monthRange, summarizeFigures, type Summary, type SummaryRange } from "./rules.js";
import type { Job } from "../../shared/jobs/scheduler.js";
import { flushGroupPosts, queuePost } from "../group/outbox.js";
import { POST_STALE_MS } from "../../shared/messaging/group-posts.js";
import { makeFile } from "../exports/pool.js";

export async function buildSummary(deps: Deps, range: SummaryRange): Promise<Summary> {
  return summarizeFigures(await loadSummaryFigures(deps.db, range, deps.config.timeZone));
}

/** A summary is not posted more than this long after its last day (after downtime). */
const SUMMARY_STALE_DAYS = 7;

/** Sends a summary (and its chart, if it can be drawn) to a chat; resolves with the summary's message. */
export async function postSummary(deps: Deps, api: Api, chatId: number, range: SummaryRange, indicatorIndex = 0): Promise<Message> {
  const bloc = await getBloc(deps.db);
  const locale = deps.config.defaultLocale;
  const t = translator(deps.i18n, locale);
  const summary = await buildSummary(deps, range);
  const sent = await api.sendMessage(chatId, summaryShortText(t, summary, locale), { parse_mode: "HTML", reply_markup: summaryShortKeyboard(t, summary) });
  // The chart is a bonus: a failure to draw or send it leaves the summary posted.
  const ind = summary.indicators[indicatorIndex];
  if (ind && summary.totals[indicatorIndex]?.total !== null) {
    try {
      const png = await makeFile({ kind: "board-chart", summary, indicator: ind.code, locale, defaultLocale: locale }, { timeoutMs: deps.config.exportTimeoutSeconds * 1000 });
      await api.sendPhoto(chatId, new InputFile(png, `${ind.code}-${rangeLabel(t, range, locale).replace(/\W+/g, "-")}.png`), { caption: summaryCaption(t, summary, locale) });
    } catch (err) {
      deps.logger.warn({ err }, "summary chart not sent");
    }
  }
  return sent;
}

/**
 * Queues each period's summary for the group once it is due (the post is claimed,
 * sent and marked in GroupPost; the period is marked when it went out).
 */
export const summaryJob: Job = {
  name: "scheduled-summary",
  async run({ deps, api, now, handOff }) {
    const bloc = await getBloc(deps.db);
    if (!bloc?.schedule.summary) return;
    let queued = false;
    const zone = deps.config.timeZone;
    for (const period of await periodsInPlay(deps.db, bloc.schedule, zone, now)) {
      const due = summaryDueAt(period.deadlineAt, bloc.schedule, zone);
      const latest = summaryLatestAt(period.deadlineAt, bloc.schedule, zone);
      if (!due || !latest || now < due || now > freshUntil(latest, bloc.schedule, zone, SUMMARY_STALE_DAYS * 24) || !mayPostAt(now, bloc.schedule, zone)) continue;
      if (period.summaryPostedAt) continue;
      // Between its due time and its last day, the post waits for the bloc file's share of the boards (the headline's count).
      const minShare = bloc.schedule.summary.minShare;
      if (minShare !== null && now < latest) {
        const { coverage } = await buildSummary(deps, monthRange(period));
        if (coverage.owing > 0 && coverage.reported / coverage.owing < minShare) continue;
      }
      queued = (await queuePost(deps, `summary:${period.id}`, { kind: "summary", periodId: period.id, year: period.year, month: period.month }, POST_STALE_MS.summary)) || queued;
    }
    // Sent apart from the job (a slow group never holds it), in the outbox's order.
    if (queued) handOff(flushGroupPosts(deps, api));
  },
};
