// Choices (src/shared/messaging/outbound.ts) laid out for a view, whatever the
// messenger: rows of a few, and a page of them with a "◀ 2/3 ▶" row when there are
// more than one message may carry (MESSAGE_LIMITS.keyboardButtons, Telegram's 100;
// a messenger without buttons numbers them). src/chat/keyboards.ts does the same
// for grammY's buttons; the views use these.
import { MESSAGE_LIMITS } from "./limits.js";
import type { Choice } from "./outbound.js";

/** Choices laid out `perRow` to a row (at most MESSAGE_LIMITS.rowButtons). */
export function choiceRows(choices: Choice[], perRow: number): Choice[][] {
  const width = Math.max(1, Math.min(perRow, MESSAGE_LIMITS.rowButtons));
  const rows: Choice[][] = [];
  for (let i = 0; i < choices.length; i += width) rows.push(choices.slice(i, i + width));
  return rows;
}

/** The page `page` (clamped) of `items`, `perPage` to a page. */
export function pageOf<T>(items: T[], page: number, perPage: number): { items: T[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(items.length / perPage));
  const p = Math.min(Math.max(0, Math.trunc(page) || 0), pages - 1);
  return { items: items.slice(p * perPage, (p + 1) * perPage), page: p, pages };
}

/**
 * The "◀ 2/3 ▶" row of a paged list of choices (none for a single page): each
 * choice's action is `prefix` and the page it opens, the middle one the page shown.
 */
export function pageChoices(page: number, pages: number, prefix: string): Choice[] {
  if (pages <= 1) return [];
  return [
    { label: "◀", action: `${prefix}${(page - 1 + pages) % pages}` },
    { label: `${page + 1}/${pages}`, action: `${prefix}${page}` },
    { label: "▶", action: `${prefix}${(page + 1) % pages}` },
  ];
}

/**
 * `choices` three to a row when they fit one message; beyond, the page `page` of
 * `perPage` of them and the page row (actions `prefix` + page).
 */
export function pagedChoices(choices: Choice[], page: number, perPage: number, prefix: string): Choice[][] {
  if (choices.length <= MESSAGE_LIMITS.keyboardButtons) return choiceRows(choices, 3);
  const shown = pageOf(choices, page, perPage);
  return [...choiceRows(shown.items, 3), pageChoices(shown.page, shown.pages, prefix)];
}
