// The deadline digest: one message in the group saying how many boards have
// reported, which are missing and which were late. Posted once per period when
// the deadline passes, or when posting is next allowed after it (a deadline kept
// on a day off, or in quiet hours), and on an admin's request, through the
// group's outbox (group-posts.ts).
import type { Api } from "grammy";
import { translator } from "../../../shared/i18n/messages.js";
import type { Deps } from "../../../shared/deps.js";
import type { Locale } from "../../../shared/i18n/locale.js";
import { formatDateTime, formatMonth } from "../../../shared/i18n/format.js";
import { esc } from "../../../shared/text/html.js";
import { getBloc } from "../../../shared/bloc/store.js";
import { currentPeriod, periodsInPlay, type PeriodRow } from "../../../shared/bloc/periods.js";
import { periodReporting } from "../store.js";
import { groupPostByKey } from "../../group/store.js";
import { POST_STALE_MS } from "../../../shared/messaging/group-posts.js";
import { mayPostAt } from "../../../shared/bloc/calendar.js";
import { digestDueAt, freshUntil } from "../rules.js";
import type { Job } from "../../../shared/jobs/scheduler.js";
import { flushGroupPosts, queuePost } from "../../group/use-cases.js";

export async function digestText(deps: Deps, period: PeriodRow, locale: Locale): Promise<string> {
  const t = translator(deps.i18n, locale);
  const rows = await periodReporting(deps.db, period.id);
  const reported = rows.filter((r) => r.report);
  const missing = rows.filter((r) => !r.report);
  const late = reported.filter((r) => r.report!.late);
  const lines = [
    t("digest-head", { month: formatMonth(period, locale), deadline: formatDateTime(period.deadlineAt, locale, deps.config.timeZone) }),
    t("digest-count", { reported: reported.length, total: rows.length }),
    missing.length ? t("digest-missing", { boards: missing.map((b) => esc(b.shortName)).join(", ") }) : t("digest-none-missing"),
  ];
  if (late.length) lines.push(t("digest-late", { boards: late.map((b) => esc(b.shortName)).join(", ") }));
  return lines.join("\n");
}

/** Queues the digest of each period whose deadline passed (when posting is allowed, within STALE_AFTER_HOURS of it: freshUntil), once. */
export const digestJob: Job = {
  name: "deadline-digest",
  async run({ deps, api, now, handOff }) {
    const bloc = await getBloc(deps.db);
    if (!bloc) return;
    let queued = false;
    const zone = deps.config.timeZone;
    for (const period of await periodsInPlay(deps.db, bloc.schedule, zone, now)) {
      // At the deadline, or when posting is next allowed (a deadline kept on a day off, or in quiet hours).
      const due = digestDueAt(period.deadlineAt, bloc.schedule, zone);
      if (now < due || now > freshUntil(due, bloc.schedule, zone) || !mayPostAt(now, bloc.schedule, zone)) continue;
      const key = `digest:${period.id}`;
      if (await groupPostByKey(deps.db, key)) continue;
      queued = (await queuePost(deps, key, { kind: "text", text: await digestText(deps, period, deps.config.defaultLocale) }, POST_STALE_MS.digest)) || queued;
    }
    // Sent apart from the job (a slow group never holds it), in the outbox's order.
    if (queued) handOff(flushGroupPosts(deps));
  },
};

/**
 * An admin's /digest: the current period's digest, queued under the request's own key
 * and sent at once. Resolves with that key, or null when no group is linked (nothing
 * is queued then: a digest asked for now is no news days later).
 */
export async function postDigestNow(deps: Deps, api: Api, now: Date, requestId: number): Promise<string | null> {
  const bloc = await getBloc(deps.db);
  if (!bloc?.groupChatId) return null;
  const period = await currentPeriod(deps.db, bloc.schedule, deps.config.timeZone, now);
  const key = `digest-now:${period.id}:${requestId}`;
  await queuePost(deps, key, { kind: "text", text: await digestText(deps, period, deps.config.defaultLocale) }, POST_STALE_MS.digest);
  await flushGroupPosts(deps);
  return key;
}
