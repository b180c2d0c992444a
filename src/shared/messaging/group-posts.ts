// Posts to the bloc's group, as rules: what a post holds (messenger-neutral), how
// long one may wait before it is no longer worth posting, when a failed one is tried
// again, and what a failure says about the group. No grammY, no Prisma.

import type { Locale } from "../i18n/locale.js";

/** A button under a post: its label and the data it sends back when pressed. */
export type ButtonSpec = { label: string; data: string };

/**
 * What a post holds. `text` is final (HTML as Telegram reads it, with buttons as
 * specs; `texts`: the same text in each language the bot speaks, by Locale, for
 * the private copies, each person reading theirs; `text` is the group's, in the
 * bloc's default language); the others name what to render at send time, because
 * it changes until then (a ballot's live message) or is heavy (a summary and its chart).
 */
export type PostContent =
  | { kind: "text"; text: string; buttons?: ButtonSpec[][]; texts?: Partial<Record<Locale, string>> }
  | { kind: "ballot"; ballotId: number }
  | { kind: "summary"; periodId: number; year: number; month: number };

const HOUR = 3600_000;

/**
 * How long a post may wait for the group (no group linked, the bot removed,
 * Telegram failing) before it is given up, by what it is. A result stays news
 * for weeks; a reminder line is stale by the next day.
 */
export const POST_STALE_MS = {
  ballotResult: 30 * 24 * HOUR,
  digest: 3 * 24 * HOUR,
  summary: 7 * 24 * HOUR,
  amendment: 7 * 24 * HOUR,
  groupReminder: 12 * HOUR,
} as const;

/**
 * Whether the bloc's calendar holds a post (issue 14 item 3): the deadline digest
 * (`digest:<period>`), the scheduled summary (`summary:<period>`) and the
 * reminders' group line (`group-reminder:<period>:<slot>`) are not posted on days
 * off or in quiet hours unless the bloc file allows it, whether it is their first
 * try, a retry after a failure, or a post left waiting by a stop. Other posts (a
 * ballot, its result, a correction, a digest an admin asked for) go when they can.
 */
export function heldToCalendar(key: string): boolean {
  return /^(digest|summary|group-reminder):/.test(key);
}

/** A post whose content Telegram refuses (a 400 about the message itself) is given up after this many tries. */
export const MAX_REFUSED_ATTEMPTS = 5;

/**
 * The wait before the next try after `attempts` failed tries: one minute (the next
 * scheduler tick), doubling, at most an hour.
 */
export function retryDelayMs(attempts: number): number {
  return Math.min(60 * 60_000, 60_000 * 2 ** Math.max(0, attempts - 1));
}

/**
 * What a failed send says:
 *  - `gone`: the bot is no longer in the group (403; 400 "chat not found", a
 *    deactivated group): the group is unlinked, posts wait for a new link;
 *  - `group`: the group cannot take any post now (429, 5xx, the network, a timeout,
 *    no right to send): try again later, and keep the posts' order;
 *  - `content`: Telegram refuses this post (any other 400): try again a few times,
 *    other posts go on.
 * `code` is the Bot API's error_code, null for a network failure or a timeout.
 */
export type SendFailure = "gone" | "group" | "content";

export function classifyFailure(code: number | null, description: string): SendFailure {
  if (code === null || code === 429 || code >= 500) return "group";
  if (code === 403) return "gone";
  if (code === 400 && /chat not found|deactivated|kicked|not a member|CHANNEL_PRIVATE|PEER_ID_INVALID/i.test(description)) return "gone";
  if (code === 400 && /not enough rights|CHAT_WRITE_FORBIDDEN|CHAT_RESTRICTED|slow mode/i.test(description)) return "group";
  if (code === 401 || code === 409) return "group";
  return "content";
}
