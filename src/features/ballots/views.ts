// How a ballot looks in chat: the group message (rules, progress, a button per
// candidate), the nomination message, and the result. Progress says which boards
// have voted, never how.
//
// The group message and the nomination message are edited in place as votes come
// in, so each stays one message whatever the number of boards: the list of boards
// that voted (or were nominated) is shortened to fit, and more candidates than a
// message's choices hold are paged ("◀ 2/3 ▶", bp:/bnp: choices). Choices, not
// keyboards: the messenger's adapter makes buttons (or numbered lines) of them. The result is sent once
// and may run over several messages (telegram-limits.ts).
import type { Deps } from "../../shared/deps.js";
import type { Locale } from "../../shared/i18n/locale.js";
import { esc } from "../../shared/text/html.js";
import { formatDateTime } from "../../shared/i18n/format.js";
import { translator } from "../../shared/i18n/messages.js";
import type { Translate } from "../../shared/i18n/locale.js";
import { choiceRows, pagedChoices } from "../../shared/messaging/choices.js";
import type { Choice } from "../../shared/messaging/outbound.js";
import { MESSAGE_LIMITS } from "../../shared/messaging/limits.js";
import { joinWithin, visibleLength } from "../../shared/text/split.js";
import type { BallotView, StoredResult } from "./store.js";
import type { BallotTexts, LiveData } from "./use-cases.js";
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

/**
 * What a tie does, as the ballot's rules line and /newballot's confirmation say it: a
 * motion's own rule (it passes only with more “yes” than “no”, rules.ts tally: a tie
 * fails it, no runoff and no leader's decision), else the ballot's tie rule.
 */
export function tieText(t: T, kind: string, tieRule: string): string {
  return t(kind === "motion" ? "tie-motion" : `tie-${tieRule}`);
}

function rulesLine(t: T, deps: Deps, ballot: BallotView, locale: Locale): string {
  return t("ballot-rules", {
    secret: ballot.secret ? "yes" : "no",
    picks: ballot.picksPerVoter,
    closes: formatDateTime(ballot.closesAt, locale, deps.config.timeZone),
    quorum: ballot.quorum,
    eligible: ballot.participants.length,
    tie: tieText(t, ballot.kind, ballot.tieRule),
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

/** The ballot's message: in the group (`inPrivate` false), or a board's person's private copy, which says how to choose there. */
export function ballotText(deps: Deps, ballot: BallotView, boardNames: Map<number, string>, locale: Locale, inPrivate = false): string {
  const t = translator(deps.i18n, locale);
  const voted = ballot.participants.filter((p) => p.voted).map((p) => esc(boardNames.get(p.boardId) ?? "?"));
  const lines = [
    t("ballot-head", { id: ballot.id, title: esc(ballot.title) }),
    rulesLine(t, deps, ballot, locale),
    ...(ballot.secret && ballot.minTurnout !== null ? [t("ballot-secret-floor", { min: ballot.minTurnout })] : []),
    t(`${ballot.picksPerVoter > 1 ? "ballot-how-multi" : "ballot-how"}${inPrivate ? "-private" : ""}`, { picks: ballot.picksPerVoter }),
    "",
  ];
  return withBoardList(t, lines, (boards) => t("ballot-progress", { voted: voted.length, eligible: ballot.participants.length, boards }), voted);
}

/** A choice per candidate, three to a row; paged beyond what one message holds (bp:<ballot>:<page>). */
export function ballotChoices(t: T, ballot: BallotView, page = 0): Choice[][] {
  const choices = ballot.candidates.map((c) => ({ label: candidateLabel(t, ballot, c.position), action: `bv:${ballot.id}:${c.position}` }));
  return pagedChoices(choices, page, BUTTONS_PER_PAGE, `bp:${ballot.id}:`);
}

export function nominationText(deps: Deps, ballot: BallotView, counts: Map<number, number>, boardNames: Map<number, string>, locale: Locale, inPrivate = false): string {
  const t = translator(deps.i18n, locale);
  const nominated = [...counts.entries()].filter(([, n]) => n > 0).map(([id, n]) => `${esc(boardNames.get(id) ?? "?")} (${n})`);
  const lines = [t("nomination-head", { id: ballot.id, title: esc(ballot.title) }), t(inPrivate ? "nomination-how-private" : "nomination-how"), ""];
  return withBoardList(t, lines, (boards) => t("nomination-progress", { boards }), nominated);
}

/** A choice per active board, three to a row; paged beyond what one message holds (bnp:<ballot>:<page>). */
export function nominationChoices(ballotId: number, boards: { id: number; shortName: string }[], page = 0): Choice[][] {
  const choices = boards.map((b) => ({ label: b.shortName, action: `bn:${ballotId}:${b.id}` }));
  return pagedChoices(choices, page, BUTTONS_PER_PAGE, `bnp:${ballotId}:`);
}

/**
 * The choices of a ballot's private copy: for each board the person votes for, a
 * choice per candidate (bvb:<ballot>:<position>:<board>), or per active board
 * during nominations (bnb:<ballot>:<nominee>:<board>); each label names the board
 * when there are several. Three to a row (a messenger without buttons numbers them).
 */
export function copyChoices(t: T, ballot: BallotView, boards: { id: number; shortName: string }[], nominees: { id: number; shortName: string }[]): Choice[][] {
  const label = (board: { shortName: string }, text: string) => (boards.length > 1 ? `${board.shortName}: ${text}` : text);
  const choices = boards.flatMap((b) =>
    ballot.status === "nominating"
      ? nominees.map((n) => ({ label: label(b, n.shortName), action: `bnb:${ballot.id}:${n.id}:${b.id}` }))
      : ballot.candidates.map((c) => ({ label: label(b, candidateLabel(t, ballot, c.position)), action: `bvb:${ballot.id}:${c.position}:${b.id}` })),
  );
  return choiceRows(choices, 3);
}

/**
 * The reference a messenger without buttons lets a person answer a ballot's
 * private copy by, after later menus ("B3" for ballot 3: "B3 2" on Zalo,
 * messengers/zalo/menus.ts): the copy's choices (copyChoices: bvb:<ballot>:<position>:<board>,
 * or bnb:<ballot>:<nominee>:<board> while nominating), all of one ballot and more
 * than one candidate (or nominee). Null for anything else, the which-board
 * question among them (one candidate, several boards: answered as the latest
 * menu, so that "B3 2" keeps answering the copy).
 */
export function ballotMenuReference(actions: string[]): string | null {
  let ballot: string | null = null;
  const picks = new Set<string>();
  for (const a of actions) {
    const m = /^(?:bvb|bnb):(\d{1,9}):(\d{1,9}):\d{1,9}$/.exec(a);
    if (!m || (ballot !== null && m[1] !== ballot)) return null;
    ballot = m[1]!;
    picks.add(m[2]!);
  }
  return ballot !== null && picks.size > 1 ? `B${ballot}` : null;
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

/** The texts the ballots' use cases send (registered by src/app.ts): the bloc's default language unless a locale is given. */
export const ballotTexts: BallotTexts = {
  live(deps, ballot, data: LiveData, page) {
    const locale = deps.config.defaultLocale;
    if (ballot.status === "nominating") return { text: nominationText(deps, ballot, data.nominated, data.names, locale), choices: nominationChoices(ballot.id, data.activeBoards, page) };
    if (ballot.status === "open") return { text: ballotText(deps, ballot, data.names, locale), choices: ballotChoices(translator(deps.i18n, locale), ballot, page) };
    return { text: `${ballotText(deps, ballot, data.names, locale)}\n\n${translator(deps.i18n, locale)("ballot-closed-note")}` };
  },
  nominationsClosed(deps, ballot, data) {
    const locale = deps.config.defaultLocale;
    return `${nominationText(deps, ballot, data.nominated, data.names, locale)}\n\n${translator(deps.i18n, locale)("nomination-closed")}`;
  },
  page(deps, ballot, data, page) {
    if (ballot.status === "nominating") return nominationChoices(ballot.id, data.activeBoards, page);
    return ballotChoices(translator(deps.i18n, deps.config.defaultLocale), ballot, page);
  },
  result: (deps, ballot, result, turnout, quorumMet, locale = deps.config.defaultLocale) => resultText(deps, ballot, result, turnout, quorumMet, locale),
  runoffTitle: (deps, title) => translator(deps.i18n, deps.config.defaultLocale)("runoff-title", { title }),
  copy(deps, ballot, data, boards, locale) {
    const t = translator(deps.i18n, locale);
    const text = ballot.status === "nominating" ? nominationText(deps, ballot, data.nominated, data.names, locale, true) : ballotText(deps, ballot, data.names, locale, true);
    return { text, choices: copyChoices(t, ballot, boards, data.activeBoards) };
  },
  voteReminder: (deps, locale, ballot, boardName, where) =>
    translator(deps.i18n, locale)("ballot-remind", { id: ballot.id, title: esc(ballot.title), board: esc(boardName), closes: formatDateTime(ballot.closesAt, locale, deps.config.timeZone), where }),
};
