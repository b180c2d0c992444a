// Closes report drafts left idle, politely: the values stay, /report offers to resume.
import { closeIdleDraft, idleReportDrafts } from "./use-cases.js";
import { formatMonth } from "../../shared/i18n/format.js";
import { toLocale } from "../../shared/i18n/locale.js";
import { esc } from "../../shared/text/html.js";
import type { Job } from "../../shared/jobs/scheduler.js";

export const DRAFT_IDLE_HOURS = 12;

export const idleDraftsJob: Job = {
  name: "idle-drafts",
  async run({ deps, api, now, sendTo }) {
    const before = new Date(now.getTime() - DRAFT_IDLE_HOURS * 3600_000);
    for (const d of await idleReportDrafts(deps, before)) {
      const chatId = Number(d.person.telegramId);
      if (!(await closeIdleDraft(deps, d.id, before, `c${chatId}`, now))) continue;
      const locale = toLocale(d.person.locale, deps.config.defaultLocale);
      const text = deps.i18n.t(locale, "draft-closed-idle", { board: esc(d.board.shortName), month: formatMonth(d.period, locale) });
      sendTo(chatId, () => deps.notify.send({ person: d.person.id }, { text }));
    }
  },
};
