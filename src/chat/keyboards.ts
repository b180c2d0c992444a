// Inline keyboards that grow with the bloc (a button per board, per indicator,
// per candidate) kept within Telegram's limits: at most 100 buttons in a
// keyboard and 8 in a row (see telegram-limits.ts). Two ways:
//  - a message that is sent once continues its buttons in further messages
//    (keyboardParts): every button stays one press away;
//  - a message that is edited in place, and shared in the group, pages its
//    buttons with a "◀ 2/3 ▶" row (pageOf, pageRow, shownPage).
import { InlineKeyboard } from "grammy";
import type { InlineKeyboardButton } from "grammy/types";
import { MESSAGE_LIMITS } from "../shared/messaging/limits.js";
import { pageChoices, pageOf } from "../shared/messaging/choices.js";

type Button = InlineKeyboardButton;

/** Buttons laid out `perRow` to a row (at most the 8 Telegram's apps show). */
export function rowsOf(buttons: Button[], perRow: number): Button[][] {
  const width = Math.max(1, Math.min(perRow, MESSAGE_LIMITS.rowButtons));
  const rows: Button[][] = [];
  for (let i = 0; i < buttons.length; i += width) rows.push(buttons.slice(i, i + width));
  return rows;
}

/**
 * Rows cut into keyboards of at most `max` buttons (100: Telegram's limit),
 * rows kept whole, with the `tail` rows (back, done, cancel) at the end of the
 * last one. One keyboard when everything fits.
 */
export function keyboardParts(rows: Button[][], tail: Button[][] = [], max: number = MESSAGE_LIMITS.keyboardButtons): InlineKeyboard[] {
  const tailCount = tail.reduce((n, r) => n + r.length, 0);
  const parts: Button[][][] = [[]];
  let count = 0;
  rows.forEach((row, i) => {
    const last = i === rows.length - 1;
    const room = max - (last ? tailCount : 0);
    if (count > 0 && count + row.length > room) {
      parts.push([]);
      count = 0;
    }
    parts.at(-1)!.push(row);
    count += row.length;
  });
  if (count + tailCount > max) parts.push([]);
  parts.at(-1)!.push(...tail);
  return parts.map((p) => new InlineKeyboard(p));
}

export { pageOf };

/**
 * The "◀ 2/3 ▶" row of a paged keyboard (none for a single page): each button's
 * data is `prefix` and the page it opens, the middle one the page shown
 * (pageChoices, src/shared/messaging/choices.ts, as buttons).
 */
export function pageRow(page: number, pages: number, prefix: string): Button[] {
  return pageChoices(page, pages, prefix).map((c) => ({ text: c.label, callback_data: c.action }));
}

/** The page a keyboard shows, read from its page row (see pageRow); null when it is not paged. */
export function shownPage(markup: { inline_keyboard: readonly (readonly Button[])[] } | undefined, prefix: string): number | null {
  for (const row of markup?.inline_keyboard ?? []) {
    const data = row.map((b) => ("callback_data" in b ? b.callback_data : ""));
    if (data.length === 3 && data.every((d) => d.startsWith(prefix))) {
      const page = Number(data[1]!.slice(prefix.length));
      return Number.isInteger(page) ? page : null;
    }
  }
  return null;
}
