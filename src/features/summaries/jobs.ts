// The monthly summary in the group: queued when due (summaries/use-cases.ts), sent
// apart from the job through the group's outbox, in its order, and rendered when it
// goes out (renderSummaryPost, registered with the outbox by src/app.ts).
import type { Job } from "../../shared/jobs/scheduler.js";
import type { Deps } from "../../shared/deps.js";
import { translator } from "../../shared/i18n/messages.js";
import type { Locale } from "../../shared/i18n/locale.js";
import { flushGroupPosts, type RenderedPost } from "../group/use-cases.js";
import { buildSummary, queueDueSummaries, summaryChart, summaryPostedWrite } from "./use-cases.js";
import { monthRange } from "./rules.js";
import { rangeLabel, summaryCaption, summaryShortChoices, summaryShortText } from "./views.js";

export const summaryJob: Job = {
  name: "scheduled-summary",
  async run({ deps, now, handOff }) {
    if (await queueDueSummaries(deps, now)) handOff(flushGroupPosts(deps)); // a slow group never holds the job
  },
};

/**
 * The group's summary post of a month, rendered when it goes out (the figures as
 * they are then), in `locale` (the group's: the bloc's default language; a private
 * copy's: its reader's): the short screen with its choices, and the first
 * indicator's chart by board as a picture when it can be drawn. Landing marks the
 * period (Period.summaryPostedAt: in the group, with the post's mark; with no
 * group, with the first private copy's), after which an amendment is announced.
 */
export async function renderSummaryPost(deps: Deps, c: { periodId: number; year: number; month: number }, locale: Locale = deps.config.defaultLocale): Promise<RenderedPost> {
  const t = translator(deps.i18n, locale);
  const range = monthRange({ year: c.year, month: c.month });
  const summary = await buildSummary(deps, range);
  const ind = summary.indicators[0];
  return {
    message: { text: summaryShortText(t, summary, locale), choices: summaryShortChoices(t, summary) },
    picture:
      ind && summary.totals[0]?.total !== null
        ? async () => ({
            png: await summaryChart(deps, { kind: "board-chart", summary, indicator: ind.code, locale, defaultLocale: deps.config.defaultLocale }),
            fileName: `${ind.code}-${rangeLabel(t, range, locale).replace(/\W+/g, "-")}.png`,
            caption: summaryCaption(t, summary, locale),
          })
        : undefined,
    landed: () => [summaryPostedWrite(deps, c.periodId)],
  };
}
