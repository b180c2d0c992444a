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
import { checkChoices, type Choice } from "../shared/messaging/outbound.js";

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

/**
 * Rows of choices (a view's, messenger-neutral) as rows of callback buttons, rows
 * kept: `data` makes each action the button's callback data (a dialogue adds its
 * prefix, chat/conversations/ask.ts; by default the action as it is). Throws when
 * a callback data is empty or over 64 bytes (checkChoices): a programming error.
 */
export function choiceButtons(rows: Choice[][], data: (action: string) => string = (a) => a): Button[][] {
  const out = rows.map((row) => row.map((c) => ({ label: c.label, action: data(c.action) })));
  checkChoices(out);
  return out.map((row) => row.map((c) => InlineKeyboard.text(c.label, c.action)));
}

/**
 * Rows of choices as the keyboards of a message sent once: choiceButtons cut by
 * keyboardParts (more buttons than a keyboard holds continue in further messages,
 * the `tail` rows ending the last). What every dialogue's question (ask.ts) and the
 * which-board pickers (shared/messaging/choices.ts boardChoices) are shown with.
 */
export function choiceKeyboards(choices: Choice[][], tail: Choice[][] = [], data?: (action: string) => string): InlineKeyboard[] {
  return keyboardParts(choiceButtons(choices, data), choiceButtons(tail, data));
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
