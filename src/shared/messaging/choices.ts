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

/** A board as a picker shows it: its id, its short name, and its place in the bloc's order (Board.sortOrder). */
export type PickerBoard = { id: number; shortName: string; sortOrder: number };

/**
 * The which-board picker, for every feature that asks it (/report by a focal person
 * of several boards, /invite step by step, a vote or a nomination by someone serving
 * several boards): a choice per board, labelled with its short name, whose action is
 * `action(board id)` (checked again by its handler), in the bloc's order (sortOrder,
 * then id: the bloc file's order, as /boards, reminders and summaries list boards),
 * `perRow` to a row (default 1; at most MESSAGE_LIMITS.rowButtons). A chat handler
 * makes keyboards of the rows with chat/keyboards.ts choiceKeyboards, as the dialogues
 * do; a message through the outbound port carries them as they are.
 */
export function boardChoices(boards: readonly PickerBoard[], action: (boardId: number) => string, opts: { perRow?: number } = {}): Choice[][] {
  const ordered = [...boards].sort((a, b) => a.sortOrder - b.sortOrder || a.id - b.id);
  return choiceRows(ordered.map((b) => ({ label: b.shortName, action: action(b.id) })), opts.perRow ?? 1);
}
