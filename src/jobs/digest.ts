// The deadline digest: one message in the group saying how many boards have
// reported, which are missing and which were late. Posted once per period when
// the deadline passes (claimed in the job ledger), and on an admin's request.
import type { Api } from "grammy";
import { translator } from "../bot/i18n.js";
import type { Deps, Locale } from "../bot/context.js";
import { formatDateTime, formatMonth } from "../bot/format.js";
import { esc } from "../bot/html.js";
import { getBloc } from "../db/bloc.js";
import { currentPeriod, periodsInPlay, type PeriodRow } from "../db/periods.js";
import { claimOnce, periodReporting } from "../db/reminders.js";
import { STALE_AFTER_HOURS } from "../domain/reminders.js";
import type { Job } from "./scheduler.js";
import { sendSafely } from "./send.js";

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

export const digestJob: Job = {
  name: "deadline-digest",
  async run({ deps, api, now, sendTo }) {
    const bloc = await getBloc(deps.db);
    const chatId = bloc?.groupChatId;
    if (!chatId) return;
    const zone = deps.config.timeZone;
    for (const period of await periodsInPlay(deps.db, bloc.schedule, zone, now)) {
      const since = now.getTime() - period.deadlineAt.getTime();
      if (since < 0 || since > STALE_AFTER_HOURS * 3600_000) continue;
      if (!(await claimOnce(deps.db, `digest:${period.id}`, now))) continue;
      const text = await digestText(deps, period, deps.config.defaultLocale);
      sendTo(chatId, () => sendSafely(deps, api, { personId: null, chatId }, text));
    }
  },
};

export async function postDigestNow(deps: Deps, api: Api, now: Date): Promise<boolean> {
  const bloc = await getBloc(deps.db);
  if (!bloc?.groupChatId) return false;
  const period = await currentPeriod(deps.db, bloc.schedule, deps.config.timeZone, now);
  return (await sendSafely(deps, api, { personId: null, chatId: bloc.groupChatId }, await digestText(deps, period, deps.config.defaultLocale))) === "sent";
}
