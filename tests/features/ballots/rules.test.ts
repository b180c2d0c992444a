import { describe, expect, it } from "vitest";
import { majorityQuorum, secretTag, shuffled, tally, toggleChoice, twoThirdsQuorum, type BallotRules, type Candidate } from "../../../src/features/ballots/rules.js";

const cands: Candidate[] = [0, 1, 2, 3].map((i) => ({ position: i, boardId: 10 + i, label: `B${i}` }));
const rules = (o: Partial<BallotRules> = {}): BallotRules => ({ kind: "leader", picksPerVoter: 1, maxWinners: 1, quorum: 0, tieRule: "runoff", allowSelfVote: true, ...o });

describe("tally", () => {
  it("the most votes wins", () => {
    const t = tally(rules(), cands, [[1], [1], [2], []], 11);
    expect(t).toMatchObject({ turnout: 3, winners: [1], tied: [], quorumMet: true });
    expect(t.counts.find((c) => c.position === 1)?.votes).toBe(2);
  });

  it("a tie at the top is a tie, not a winner", () => {
    expect(tally(rules(), cands, [[1], [2]], 11)).toMatchObject({ winners: [], tied: [1, 2] });
  });

  it("several winners; a tie at the last place leaves the clear winners and the tied", () => {
    const r = rules({ kind: "award", picksPerVoter: 2, maxWinners: 2 });
    expect(tally(r, cands, [[0, 1], [0, 2], [0, 3], [1, 2]], 11)).toMatchObject({ winners: [0], tied: [1, 2] });
    expect(tally(r, cands, [[0, 1], [0, 1], [2]], 11)).toMatchObject({ winners: [0, 1], tied: [] });
  });

  it("fewer candidates with votes than places: all of them win", () => {
    expect(tally(rules({ maxWinners: 3 }), cands, [[3], [1]], 11)).toMatchObject({ winners: [1, 3], tied: [] });
  });

  it("without quorum nobody wins", () => {
    expect(tally(rules({ quorum: 6 }), cands, [[1], [1]], 11)).toMatchObject({ quorumMet: false, winners: [], tied: [] });
  });

  it("a motion passes with more yes than no; abstentions count for turnout only", () => {
    const m = rules({ kind: "motion" });
    const opts: Candidate[] = ["yes", "no", "abstain"].map((l, i) => ({ position: i, boardId: null, label: l }));
    expect(tally(m, opts, [[0], [0], [1], [2], [2]], 11)).toMatchObject({ motionPassed: true, turnout: 5 });
    expect(tally(m, opts, [[0], [1]], 11)).toMatchObject({ motionPassed: false });
    expect(tally({ ...m, quorum: 6 }, opts, [[0]], 11)).toMatchObject({ motionPassed: false, quorumMet: false });
  });

  it("quorum presets", () => {
    expect(majorityQuorum(11)).toBe(6);
    expect(majorityQuorum(10)).toBe(6);
    expect(twoThirdsQuorum(11)).toBe(8);
    expect(twoThirdsQuorum(9)).toBe(6);
  });
});

describe("choices", () => {
  const active = new Set([10, 11, 12, 13]);
  it("single pick replaces", () => {
    expect(toggleChoice([1], 2, rules(), cands, 99, active)).toEqual({ ok: true, choices: [2] });
  });
  it("multi pick toggles up to the limit", () => {
    const r = rules({ kind: "award", picksPerVoter: 2, maxWinners: 2, allowSelfVote: false });
    expect(toggleChoice([0], 2, r, cands, 99, active)).toEqual({ ok: true, choices: [0, 2] });
    expect(toggleChoice([0, 2], 2, r, cands, 99, active)).toEqual({ ok: true, choices: [0] });
    expect(toggleChoice([0, 2], 3, r, cands, 99, active)).toEqual({ ok: false, error: "too_many" });
  });
  it("refuses self-votes in award proposals, unknown and retired candidates", () => {
    const r = rules({ kind: "award", allowSelfVote: false });
    expect(toggleChoice([], 1, r, cands, 11, active)).toEqual({ ok: false, error: "self_vote" });
    expect(toggleChoice([], 1, { ...r, allowSelfVote: true }, cands, 11, active).ok).toBe(true);
    expect(toggleChoice([], 1, rules(), cands, 11, active).ok).toBe(true); // elections allow it
    expect(toggleChoice([], 9, rules(), cands, 11, active)).toEqual({ ok: false, error: "unknown_candidate" });
    expect(toggleChoice([], 3, rules(), cands, 11, new Set([10, 11, 12]))).toEqual({ ok: false, error: "retired_candidate" });
  });
});

describe("secrecy helpers", () => {
  it("tags depend on the key; without it they say nothing", () => {
    expect(secretTag("k1", 5)).not.toBe(secretTag("k2", 5));
    expect(secretTag("k1", 5)).toBe(secretTag("k1", 5));
    expect(secretTag("k1", 5)).toMatch(/^[0-9a-f]{64}$/);
  });
  it("shuffles into every order", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 300; i++) seen.add(shuffled([1, 2, 3]).join(""));
    expect(seen.size).toBe(6);
  });
});
