// Ballots of the bloc: elections of the leader (Khối trưởng) and deputy (Khối
// phó), award proposals (Cờ thi đua, Bằng khen), and yes/no motions. One board,
// one vote. Counting, quorum, winners and ties are plain functions here.
import { createHmac, randomBytes } from "node:crypto";

export const BALLOT_KINDS = ["leader", "deputy", "award", "motion"] as const;
export type BallotKind = (typeof BALLOT_KINDS)[number];
export type TieRule = "runoff" | "leader";

export type BallotRules = {
  kind: BallotKind;
  picksPerVoter: number;
  maxWinners: number;
  quorum: number; // boards that must take part
  tieRule: TieRule;
  allowSelfVote: boolean;
};

export type Candidate = { position: number; boardId: number | null; label: string };

/** The options of a motion: position 0 = yes, 1 = no, 2 = abstain. */
export const MOTION_OPTIONS = ["yes", "no", "abstain"] as const;

export type ChoiceError = "too_many" | "unknown_candidate" | "self_vote" | "retired_candidate";

/**
 * Toggles a candidate in a board's selection (multi-pick ballots), or replaces
 * it (single pick). Returns the new selection or why it is refused.
 */
export function toggleChoice(
  current: number[],
  position: number,
  rules: BallotRules,
  candidates: Candidate[],
  voterBoardId: number,
  activeBoardIds: Set<number>,
): { ok: true; choices: number[] } | { ok: false; error: ChoiceError } {
  const cand = candidates.find((c) => c.position === position);
  if (!cand) return { ok: false, error: "unknown_candidate" };
  if (cand.boardId !== null && !activeBoardIds.has(cand.boardId)) return { ok: false, error: "retired_candidate" };
  if (rules.kind === "award" && !rules.allowSelfVote && cand.boardId === voterBoardId) return { ok: false, error: "self_vote" };
  if (rules.picksPerVoter <= 1) return { ok: true, choices: [position] };
  if (current.includes(position)) return { ok: true, choices: current.filter((p) => p !== position) };
  if (current.length >= rules.picksPerVoter) return { ok: false, error: "too_many" };
  return { ok: true, choices: [...current, position].sort((a, b) => a - b) };
}

export type Tally = {
  counts: { position: number; votes: number }[]; // in candidate order
  turnout: number; // boards that voted
  eligible: number;
  quorumMet: boolean;
  winners: number[]; // positions
  tied: number[]; // positions tied at the last winning place (empty when none)
  motionPassed: boolean | null;
};

/**
 * The winners chosen by every board that voted and could choose them: what the
 * bloc calls "nhất trí đề nghị" (agreed by all), against a plain "đề nghị" when
 * some voting board chose otherwise (issue 14 item 2). A board barred from
 * choosing itself (an award ballot without self-votes, see toggleChoice) does not
 * count against its own candidacy, so a board chosen by every other board that
 * voted is agreed by all. Positions of `winners`, in their order; none when the
 * only boards that voted are the candidate's own.
 */
export function chosenByAll(
  winners: number[],
  counts: { position: number; votes: number }[],
  candidates: Candidate[],
  votedBoardIds: number[],
  rules: Pick<BallotRules, "kind" | "allowSelfVote">,
): number[] {
  const votes = new Map(counts.map((c) => [c.position, c.votes]));
  return winners.filter((position) => {
    const board = candidates.find((c) => c.position === position)?.boardId ?? null;
    const barred = rules.kind === "award" && !rules.allowSelfVote && board !== null && votedBoardIds.includes(board);
    const couldChoose = votedBoardIds.length - (barred ? 1 : 0);
    return couldChoose > 0 && (votes.get(position) ?? 0) >= couldChoose;
  });
}

/**
 * Counts the votes. Winners are the candidates with the most votes, up to
 * maxWinners, and with at least one vote. When candidates tie for the last
 * place(s), none of them wins: they are `tied`, and the tie rule decides.
 * A motion passes when "yes" has more votes than "no" (abstentions count for
 * turnout only). Without quorum nobody wins.
 */
export function tally(rules: BallotRules, candidates: Candidate[], votes: number[][], eligible: number): Tally {
  const counts = candidates.map((c) => ({ position: c.position, votes: 0 }));
  const byPos = new Map(counts.map((c) => [c.position, c]));
  let turnout = 0;
  for (const v of votes) {
    if (v.length === 0) continue;
    turnout++;
    for (const p of new Set(v)) {
      const c = byPos.get(p);
      if (c) c.votes++;
    }
  }
  const quorumMet = turnout >= rules.quorum;
  if (rules.kind === "motion") {
    const yes = byPos.get(0)?.votes ?? 0;
    const no = byPos.get(1)?.votes ?? 0;
    const passed = quorumMet && yes > no;
    return { counts, turnout, eligible, quorumMet, winners: passed ? [0] : [], tied: [], motionPassed: quorumMet ? passed : false };
  }
  if (!quorumMet) return { counts, turnout, eligible, quorumMet, winners: [], tied: [], motionPassed: null };
  const ranked = counts.filter((c) => c.votes > 0).sort((a, b) => b.votes - a.votes || a.position - b.position);
  if (ranked.length <= rules.maxWinners) return { counts, turnout, eligible, quorumMet, winners: ranked.map((c) => c.position), tied: [], motionPassed: null };
  const cut = ranked[rules.maxWinners - 1]!.votes;
  const above = ranked.filter((c) => c.votes > cut).map((c) => c.position);
  const atCut = ranked.filter((c) => c.votes === cut).map((c) => c.position);
  if (above.length + atCut.length <= rules.maxWinners) return { counts, turnout, eligible, quorumMet, winners: [...above, ...atCut], tied: [], motionPassed: null };
  return { counts, turnout, eligible, quorumMet, winners: above, tied: atCut, motionPassed: null };
}

/** Quorum presets: more than half, two thirds. */
export function majorityQuorum(eligible: number): number {
  return Math.floor(eligible / 2) + 1;
}

export function twoThirdsQuorum(eligible: number): number {
  return Math.ceil((eligible * 2) / 3);
}

/** A fresh key for a secret ballot's tags; erased when the ballot closes. */
export function newSecretKey(): string {
  return randomBytes(32).toString("hex");
}

/** The tag under which a board's secret vote is filed: meaningless without the ballot's key. */
export function secretTag(key: string, boardId: number): string {
  return createHmac("sha256", key).update(`board:${boardId}`).digest("hex");
}

export function receiptCode(): string {
  const alphabet = "ABCDEFGHJKMNPQRSTVWXYZ23456789";
  const raw = randomBytes(8);
  let out = "";
  for (const b of raw) out += alphabet[b % alphabet.length];
  return `PB-${out}`;
}

/** Fisher–Yates with crypto randomness: the order secret entries are stored in. */
export function shuffled<T>(items: T[]): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = randomBytes(4).readUInt32BE(0) % (i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}
