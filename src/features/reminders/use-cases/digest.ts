// The deadline digest: one message in the group saying how many boards have
// reported, which are missing and which were late. Posted once per period when
// the deadline passes, or when posting is next allowed after it (a deadline kept
// on a day off, or in quiet hours), and on an admin's request, through the
// outbound port's group recipient (the group's outbox: once per key).
import type { Deps } from "../../../shared/deps.js";
import { getBloc } from "../../../shared/bloc/store.js";
import { currentPeriod, periodsInPlay, type PeriodRow } from "../../../shared/bloc/periods.js";
import { mayPostAt } from "../../../shared/bloc/calendar.js";
import { claimOnce, isClaimed } from "../../../shared/jobs/ledger.js";
import { POST_STALE_MS } from "../../../shared/messaging/group-posts.js";
import { periodReporting } from "../store.js";
import { digestDueAt, freshUntil } from "../rules.js";
import type { HandOff, ReminderWords } from "./words.js";
import { copyMode } from "../../group/use-cases.js";
import { inEveryLocale, type Locale } from "../../../shared/i18n/locale.js";

/** The digest in each language the bot speaks: the group reads the bloc's default; each private copy its reader's. */
async function digestOf(deps: Deps, words: ReminderWords, period: PeriodRow): Promise<Record<Locale, string>> {
  const reporting = await periodReporting(deps.db, period.id);
  return inEveryLocale((locale) => words.digest(deps, locale, period, reporting));
}

/**
 * Posts the digest of each period whose deadline passed (when posting is allowed,
 * within STALE_AFTER_HOURS of it: freshUntil), once: the post is queued under
 * `digest:<period id>` and handed off; once queued, the same key in the job ledger
 * spares the next ticks the digest's reading.
 */
export async function postDueDigests(deps: Deps, now: Date, words: ReminderWords, handOff: HandOff): Promise<void> {
  const bloc = await getBloc(deps.db);
  if (!bloc) return;
  const zone = deps.config.timeZone;
  for (const period of await periodsInPlay(deps.db, bloc.schedule, zone, now)) {
    // At the deadline, or when posting is next allowed (a deadline kept on a day off, or in quiet hours).
    const due = digestDueAt(period.deadlineAt, bloc.schedule, zone);
    if (now < due || now > freshUntil(due, bloc.schedule, zone) || !mayPostAt(now, bloc.schedule, zone)) continue;
    const key = `digest:${period.id}`;
    if (await isClaimed(deps.db, key)) continue;
    // A period no board owes (before every board's first period: the bot began after its deadline) has no digest:
    // "0/0 reported" is no news, and with no group it would reach every board's people in private.
    const reporting = await periodReporting(deps.db, period.id);
    if (reporting.length === 0) continue;
    const texts = inEveryLocale((locale) => words.digest(deps, locale, period, reporting));
    // Sent apart from the job (a slow group never holds it), in the outbox's order.
    handOff(
      deps.notify.send({ group: { key, staleAfterMs: POST_STALE_MS.digest, wait: true, texts } }, { text: texts[deps.config.defaultLocale] }).then(async (outcome) => {
        if (outcome === "sent") await claimOnce(deps.db, key, now, "queued");
      }),
    );
  }
}

/**
 * An admin's /digest: the current period's digest, queued under the request's own key
 * and sent at once. Resolves, after the outbox's attempt, with that key (the group
 * feature tells what became of it: posted, or sent to each board's people in private
 * when the bloc has no group), or null when the bot was removed from the group and
 * none is linked (nothing is queued then: a digest asked for now is no news days later).
 */
export async function postDigestNow(deps: Deps, now: Date, requestId: number, words: ReminderWords): Promise<string | null> {
  const bloc = await getBloc(deps.db);
  if (!bloc || (!bloc.groupChatId && (await copyMode(deps)) === "group")) return null;
  const period = await currentPeriod(deps.db, bloc.schedule, deps.config.timeZone, now);
  const key = `digest-now:${period.id}:${requestId}`;
  const texts = await digestOf(deps, words, period);
  await deps.notify.send({ group: { key, staleAfterMs: POST_STALE_MS.digest, wait: true, texts } }, { text: texts[deps.config.defaultLocale] });
  return key;
}
