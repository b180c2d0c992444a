// How a ballot looks in chat: the group message (rules, progress, a button per
// candidate), the nomination message, and the result. Progress says which boards
// have voted, never how.
import { InlineKeyboard } from "grammy";
import type { Deps, Locale } from "./context.js";
import { esc } from "./html.js";
import { formatDateTime } from "./format.js";
import { translator, type Translate } from "./i18n.js";
import type { BallotView, StoredResult } from "../db/ballots.js";

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

export function ballotText(deps: Deps, ballot: BallotView, boardNames: Map<number, string>, locale: Locale): string {
  const t = translator(deps.i18n, locale);
  const voted = ballot.participants.filter((p) => p.voted).map((p) => esc(boardNames.get(p.boardId) ?? "?"));
  const lines = [
    t("ballot-head", { id: ballot.id, title: esc(ballot.title) }),
    rulesLine(t, deps, ballot, locale),
    ...(ballot.secret && ballot.minTurnout !== null ? [t("ballot-secret-floor", { min: ballot.minTurnout })] : []),
    t(ballot.picksPerVoter > 1 ? "ballot-how-multi" : "ballot-how", { picks: ballot.picksPerVoter }),
    "",
    t("ballot-progress", { voted: voted.length, eligible: ballot.participants.length, boards: voted.join(", ") || "—" }),
  ];
  return lines.join("\n");
}

export function ballotKeyboard(deps: Deps, ballot: BallotView, locale: Locale): InlineKeyboard {
  const t = translator(deps.i18n, locale);
  const kb = new InlineKeyboard();
  ballot.candidates.forEach((c, i) => {
    kb.text(candidateLabel(t, ballot, c.position), `bv:${ballot.id}:${c.position}`);
    if (i % 3 === 2) kb.row();
  });
  return kb;
}

export function nominationText(deps: Deps, ballot: BallotView, counts: Map<number, number>, boardNames: Map<number, string>, locale: Locale): string {
  const t = translator(deps.i18n, locale);
  const nominated = [...counts.entries()].filter(([, n]) => n > 0).map(([id, n]) => `${esc(boardNames.get(id) ?? "?")} (${n})`);
  return [t("nomination-head", { id: ballot.id, title: esc(ballot.title) }), t("nomination-how"), "", t("nomination-progress", { boards: nominated.join(", ") || "—" })].join("\n");
}

export function nominationKeyboard(ballotId: number, boards: { id: number; shortName: string }[]): InlineKeyboard {
  const kb = new InlineKeyboard();
  boards.forEach((b, i) => {
    kb.text(b.shortName, `bn:${ballotId}:${b.id}`);
    if (i % 3 === 2) kb.row();
  });
  return kb;
}

export function resultText(deps: Deps, ballot: BallotView, result: StoredResult, turnout: number, quorumMet: boolean, locale: Locale): string {
  const t = translator(deps.i18n, locale);
  const label = (p: number) => esc(candidateLabel(t, ballot, p));
  if (result.void) return [t("result-head", { id: ballot.id, title: esc(ballot.title) }), t("result-void-secret", { turnout, eligible: result.eligible, min: result.void.minTurnout })].join("\n");
  const counts = [...result.counts].sort((a, b) => b.votes - a.votes || a.position - b.position).map((c) => `• ${label(c.position)}: ${c.votes}`);
  const lines = [t("result-head", { id: ballot.id, title: esc(ballot.title) }), t("result-turnout", { turnout, eligible: result.eligible, quorum: ballot.quorum, met: quorumMet ? "yes" : "no" }), ...counts];
  if (!quorumMet) lines.push(t("result-no-quorum"));
  else if (ballot.kind === "motion") lines.push(t(result.motionPassed ? "result-motion-passed" : "result-motion-failed"));
  else {
    if (result.winners.length) lines.push(t(`result-winners-${ballot.kind}`, { names: result.winners.map(label).join(", "), year: ballot.year }));
    if (result.tied.length) lines.push(t(ballot.tieRule === "runoff" ? "result-tie-runoff" : "result-tie-leader", { names: result.tied.map(label).join(", ") }));
    if (!result.winners.length && !result.tied.length) lines.push(t("result-no-winner"));
  }
  if (result.receipts) {
    lines.push("", t("result-receipts"));
    for (const r of result.receipts) lines.push(`<code>${r.receipt}</code>: ${r.choices.map(label).join(", ")}`);
  }
  return lines.join("\n");
}
