// What the reminders' use cases need from the feature's views, passed in by the
// job or the handler that calls them (views.ts, reminderWords): the use cases decide
// who gets what and when, the views say it, and neither imports the other's layer.
import type { Locale } from "../../../shared/i18n/locale.js";
import type { Messages } from "../../../shared/i18n/messages.js";
import type { PeriodRow } from "../../../shared/bloc/periods.js";
import type { OutboundMessage } from "../../../shared/messaging/outbound.js";

/** What a use case starts and does not wait for (the paced fan-out, a group post): the scheduler tracks it (JobContext.handOff). */
export type HandOff = (work: Promise<unknown>) => void;

/** Who a reminder is for: the board's focal person (with a choice that opens the report) or its head. */
export type ReminderKind = "focal" | "head";

/** What the words read from Deps: the messages, the bloc's time zone. */
export type WordsDeps = { i18n: Messages; config: { timeZone: string } };

/** The texts of the reminders feature (implemented by views.ts). */
export type ReminderWords = {
  /** A reminder in the recipient's language, at `now`. */
  reminder(deps: WordsDeps, locale: Locale, kind: ReminderKind, board: { id: number; shortName: string }, period: PeriodRow, now: Date): OutboundMessage;
  /** The group's line naming the boards still missing (short names). */
  groupLine(deps: WordsDeps, locale: Locale, period: PeriodRow, missing: string[], now: Date): string;
  /** The deadline digest, from each owing board's report (or none). */
  digest(deps: WordsDeps, locale: Locale, period: PeriodRow, rows: { shortName: string; report: { late: boolean } | null }[]): string;
};
