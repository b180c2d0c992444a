// How a ballot looks in chat: the group message (rules, progress, a button per
// candidate), the nomination message, and the result. Progress says which boards
// have voted, never how.
//
// The group message and the nomination message are edited in place as votes come
// in, so each stays one message whatever the number of boards: the list of boards
// that voted (or were nominated) is shortened to fit, and more candidates than a
// keyboard holds are paged ("◀ 2/3 ▶", bp:/bnp: buttons). The result is sent once
// and may run over several messages (telegram-limits.ts).
import { InlineKeyboard } from "grammy";
import type { InlineKeyboardButton } from "grammy/types";
import type { Deps } from "../../shared/deps.js";
import type { Locale } from "../../shared/i18n/locale.js";
import { esc } from "../../shared/text/html.js";
import { formatDateTime } from "../../shared/i18n/format.js";
import { translator } from "../../shared/i18n/messages.js";
import type { Translate } from "../../shared/i18n/locale.js";
import { pageOf, pageRow, rowsOf } from "../../chat/keyboards.js";
import { MESSAGE_LIMITS } from "../../shared/messaging/limits.js";
import { joinWithin, visibleLength } from "../../shared/text/split.js";
import type { BallotView, StoredResult } from "./store.js";
import { chosenByAll } from "./rules.js";

/** Candidate (or nominee) buttons on one page of a paged keyboard: 32 rows of 3, and the page row. */
export const BUTTONS_PER_PAGE = 96;
/** Room kept in an edited ballot message for the note added when it closes. */
const CLOSED_NOTE_ROOM = 200;

type T = Translate;

export function candidateLabel(t: T, ballot: BallotView, position: number): string {
  const c = ballot.candidates.find((x) => x.position === position);
  if (!c) return "?";
  return ballot.kind === "motion" ? t(`motion-${c.label}`) : c.label;
}

function rulesLine(t: T, deps: Deps, ballot: BallotView, locale: Locale): string {
  return t("ballot-rules", {
    secret: ballot.secret ? "yes" : "no",
    picks: ballot.picksPerVoter,
    closes: formatDateTime(ballot.closesAt, locale, deps.config.timeZone),
    quorum: ballot.quorum,
    eligible: ballot.participants.length,
    tie: t(`tie-${ballot.tieRule}`),
  });
}

/**
 * `lines` with the list at `{boards}` of the last one shortened so that the
 * message, closed note included, stays within one Telegram message.
 */
function withBoardList(t: T, lines: string[], last: (boards: string) => string, names: string[]): string {
  const fixed = visibleLength([...lines, last("")].join("\n"));
  const room = MESSAGE_LIMITS.messageText - CLOSED_NOTE_ROOM - fixed;
  const list = names.length ? joinWithin(names, room, { more: (count) => t("summary-and-more", { count }) }) : "—";
  return [...lines, last(list)].join("\n");
}

export function ballotText(deps: Deps, ballot: BallotView, boardNames: Map<number, string>, locale: Locale): string {
  const t = translator(deps.i18n, locale);
  const voted = ballot.participants.filter((p) => p.voted).map((p) => esc(boardNames.get(p.boardId) ?? "?"));
  const lines = [
    t("ballot-head", { id: ballot.id, title: esc(ballot.title) }),
    rulesLine(t, deps, ballot, locale),
    ...(ballot.secret && ballot.minTurnout !== null ? [t("ballot-secret-floor", { min: ballot.minTurnout })] : []),
    t(ballot.picksPerVoter > 1 ? "ballot-how-multi" : "ballot-how", { picks: ballot.picksPerVoter }),
    "",
  ];
  return withBoardList(t, lines, (boards) => t("ballot-progress", { voted: voted.length, eligible: ballot.participants.length, boards }), voted);
}

/** A button per candidate, three to a row; paged beyond what one keyboard holds (bp:<ballot>:<page>). */
export function ballotKeyboard(deps: Deps, ballot: BallotView, locale: Locale, page = 0): InlineKeyboard {
  const t = translator(deps.i18n, locale);
  const buttons: InlineKeyboardButton[] = ballot.candidates.map((c) => ({ text: candidateLabel(t, ballot, c.position), callback_data: `bv:${ballot.id}:${c.position}` }));
  return pagedKeyboard(buttons, page, `bp:${ballot.id}:`);
}

function pagedKeyboard(buttons: InlineKeyboardButton[], page: number, prefix: string): InlineKeyboard {
  if (buttons.length <= MESSAGE_LIMITS.keyboardButtons) return new InlineKeyboard(rowsOf(buttons, 3));
  const shown = pageOf(buttons, page, BUTTONS_PER_PAGE);
  return new InlineKeyboard([...rowsOf(shown.items, 3), pageRow(shown.page, shown.pages, prefix)]);
}

export function nominationText(deps: Deps, ballot: BallotView, counts: Map<number, number>, boardNames: Map<number, string>, locale: Locale): string {
  const t = translator(deps.i18n, locale);
  const nominated = [...counts.entries()].filter(([, n]) => n > 0).map(([id, n]) => `${esc(boardNames.get(id) ?? "?")} (${n})`);
  const lines = [t("nomination-head", { id: ballot.id, title: esc(ballot.title) }), t("nomination-how"), ""];
  return withBoardList(t, lines, (boards) => t("nomination-progress", { boards }), nominated);
}

/** A button per active board, three to a row; paged beyond what one keyboard holds (bnp:<ballot>:<page>). */
export function nominationKeyboard(ballotId: number, boards: { id: number; shortName: string }[], page = 0): InlineKeyboard {
  const buttons: InlineKeyboardButton[] = boards.map((b) => ({ text: b.shortName, callback_data: `bn:${ballotId}:${b.id}` }));
  return pagedKeyboard(buttons, page, `bnp:${ballotId}:`);
}

/**
 * A closed ballot's result. The group's post (`full` false) lists the
 * candidates with votes only, and says how many had none and where to see
 * them: `/ballots N` shows the same result with `full` true, every count, from
 * the stored result (Ballot.resultJson keeps every count). A motion's options
 * are always all listed ("Không đồng ý: 0" is news); a secret ballot's
 * receipts are always all listed.
 */
export function resultText(deps: Deps, ballot: BallotView, result: StoredResult, turnout: number, quorumMet: boolean, locale: Locale, opts: { full?: boolean } = {}): string {
  const t = translator(deps.i18n, locale);
  const label = (p: number) => esc(candidateLabel(t, ballot, p));
  if (result.void) return [t("result-head", { id: ballot.id, title: esc(ballot.title) }), t("result-void-secret", { turnout, eligible: result.eligible, min: result.void.minTurnout })].join("\n");
  const sorted = [...result.counts].sort((a, b) => b.votes - a.votes || a.position - b.position);
  const shown = opts.full || ballot.kind === "motion" ? sorted : sorted.filter((c) => c.votes > 0);
  const counts = shown.map((c) => `• ${label(c.position)}: ${c.votes}`);
  if (shown.length < sorted.length) counts.push(t("result-zero-omitted", { count: sorted.length - shown.length, id: ballot.id }));
  const lines = [t("result-head", { id: ballot.id, title: esc(ballot.title) }), t("result-turnout", { turnout, eligible: result.eligible, quorum: ballot.quorum, met: quorumMet ? "yes" : "no" }), ...counts];
  if (!quorumMet) lines.push(t("result-no-quorum"));
  else if (ballot.kind === "motion") lines.push(t(result.motionPassed ? "result-motion-passed" : "result-motion-failed"));
  else {
    if (ballot.kind === "award") {
      // "Nhất trí đề nghị" only for the boards every voting board chose; the others "đề nghị".
      const voted = ballot.participants.filter((p) => p.voted).map((p) => p.boardId);
      const byAll = chosenByAll(result.winners, result.counts, ballot.candidates, voted, ballot);
      const others = result.winners.filter((p) => !byAll.includes(p));
      if (byAll.length) lines.push(t("result-winners-award-unanimous", { names: byAll.map(label).join(", ") }));
      if (others.length) lines.push(t("result-winners-award", { names: others.map(label).join(", ") }));
    } else if (result.winners.length) lines.push(t(`result-winners-${ballot.kind}`, { names: result.winners.map(label).join(", "), year: ballot.year }));
    if (result.tied.length) lines.push(t(ballot.tieRule === "runoff" ? "result-tie-runoff" : "result-tie-leader", { names: result.tied.map(label).join(", ") }));
    if (!result.winners.length && !result.tied.length) lines.push(t("result-no-winner"));
  }
  if (result.receipts) {
    lines.push("", t("result-receipts"));
    for (const r of result.receipts) lines.push(`<code>${r.receipt}</code>: ${r.choices.map(label).join(", ")}`);
  }
  return lines.join("\n");
}
