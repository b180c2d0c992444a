// The report draft's state function (src/features/reports/rules/draft.ts), case by
// case, without the harness: plain facts and states in, the next state and what
// to say, save and ask out.
import { describe, expect, it } from "vitest";
import type { IndicatorDef, Values } from "../../../src/features/reports/rules/reports.js";
import { advance, ahead, begin, type DraftEvent, type DraftFacts, type DraftState, type ReportPos, type Step } from "../../../src/features/reports/rules/draft.js";

const ind = (code: string, nameVi: string, nameEn: string, extra: Partial<IndicatorDef> = {}): IndicatorDef => ({
  id: 0, code, nameVi, nameEn, unit: "projects", kind: "flow", valueType: "integer", decimals: 0, min: 0, max: 1000, aliases: [], ...extra,
});
const indicators = [
  ind("fdi_new", "Dự án FDI cấp mới", "New FDI projects", { aliases: ["FDI cấp mới"] }),
  ind("fdi_capital", "Vốn đầu tư FDI", "FDI capital", { unit: "usd_million", valueType: "decimal", decimals: 2, max: 20000 }),
  ind("workers", "Lao động", "Workers", { unit: "people", kind: "stock", max: 2_000_000 }),
  ind("zones", "Khu công nghiệp", "Zones"),
];
const facts = (more: Partial<DraftFacts> = {}): DraftFacts => ({ indicators, lastMonth: { workers: 1200, fdi_capital: 50 }, lastYear: {}, report: null, draft: null, ...more });
const state = (pos: ReportPos, more: Partial<DraftState> = {}): DraftState => ({ pos, amend: false, values: {}, base: {}, baseVersion: 0, ...more });
const ask = (i: number, mode: "fill" | "one" = "fill", had = false): ReportPos => ({ at: "ask", i, mode, had });
const text = (t: string, stored: Values | null = null): DraftEvent => ({ kind: "text", text: t, stored });
const press = (action: string): DraftEvent => ({ kind: "button", action });
/** The step with only what a test names: the rest as a step that does nothing says it. */
const nothing = (s: DraftState): Omit<Step, "typed"> => ({ state: s, save: false, discard: false, say: [], lead: null, next: "refused" });

describe("where a report dialogue begins", () => {
  it("new, with no draft: the first question, the introduction in front", () => {
    expect(begin(facts(), null)).toEqual({ state: state(ask(0)), show: true, lead: { kind: "intro" } });
  });

  it("new, with a draft holding values: the draft question (resume or start over)", () => {
    const f = facts({ draft: { values: { fdi_new: 3 }, baseVersion: 0 } });
    expect(begin(f, null)).toEqual({ state: state({ at: "draft" }), show: true, lead: null });
  });

  it("new, for a sent report: its read-back, as an amendment starting from its values", () => {
    const f = facts({ report: { version: 2, values: { fdi_new: 1, fdi_capital: 2, workers: 3, zones: 4 } } });
    const values = { fdi_new: 1, fdi_capital: 2, workers: 3, zones: 4 };
    expect(begin(f, null)).toEqual({ state: state({ at: "review" }, { amend: true, values, base: values, baseVersion: 2 }), show: true, lead: { kind: "amend-intro" } });
  });

  it("entered again: at the saved position, not shown again, with the values of the draft in the database", () => {
    const stored = { values: { fdi_new: 3, fdi_capital: 4.5 }, baseVersion: 0 };
    expect(begin(facts(), { saved: { step: ask(2, "fill", false), amend: false }, stored })).toEqual({ state: state(ask(2), { values: stored.values }), show: false, lead: null });
  });

  it("catch-up after a hard stop: the draft already holds the answer to the saved question, so the next one missing is where the person is", () => {
    const stored = { values: { fdi_new: 3, fdi_capital: 4.5 }, baseVersion: 0 };
    const r = begin(facts(), { saved: { step: ask(1, "fill", false), amend: false }, stored });
    expect(r.state.pos).toEqual(ask(2));
    expect(r.show).toBe(false);
    // A question that held a value when it was asked is not skipped: the person may be correcting it.
    expect(begin(facts(), { saved: { step: ask(1, "fill", true), amend: false }, stored }).state.pos).toEqual(ask(1, "fill", true));
  });

  it("a saved question past the indicators (one retired meanwhile) becomes the read-back; no position saved: where the draft says", () => {
    expect(begin(facts(), { saved: { step: ask(7), amend: false }, stored: null }).state.pos).toEqual({ at: "review" });
    expect(begin(facts(), { saved: null, stored: { values: { fdi_new: 1 }, baseVersion: 0 } }).state.pos).toEqual(ask(1));
  });
});

describe("answers to a question", () => {
  it("a value: saved, echoed in front of the next question missing", () => {
    const s = state(ask(0), { values: { fdi_capital: 5 } });
    expect(advance(facts(), s, text("12"))).toEqual({
      ...nothing({ ...s, values: { fdi_capital: 5, fdi_new: 12 }, pos: ask(2) }),
      save: true, next: "show", lead: { kind: "understood", code: "fdi_new", value: 12 }, typed: { ok: true, ref: 0 },
    });
  });

  it("a value refused: said why, nothing saved, the question stays (counted as refused)", () => {
    const s = state(ask(0));
    const step = advance(facts(), s, text("1,5"));
    expect(step).toEqual({ ...nothing(s), say: [{ kind: "parse-error", code: "fdi_new", error: { code: "not_integer" }, text: "1,5", kept: null }], typed: { ok: false, ref: 0 } });
  });

  it("a value far from last month's waits for the check: yes takes it, no asks again", () => {
    const s = state(ask(1));
    const far = advance(facts(), s, text("5000"));
    expect(far.state.pos).toEqual({ at: "far", i: 1, value: 5000, mode: "fill" });
    expect([far.save, far.next, far.typed]).toEqual([false, "show", { ok: false, ref: 1 }]);
    const yes = advance(facts(), far.state, press("yes"));
    expect([yes.state.values, yes.state.pos, yes.save]).toEqual([{ fdi_capital: 5000 }, ask(2), true]);
    expect(advance(facts(), far.state, press("no")).state.pos).toEqual(ask(1));
    expect(advance(facts(), far.state, text("5000"))).toEqual({ ...nothing(far.state), say: [{ kind: "press-button" }] });
  });

  it("back: the question before (none before the first); from an item changed at the read-back, the read-back", () => {
    expect(advance(facts(), state(ask(2)), press("back")).state.pos).toEqual(ask(1));
    expect(advance(facts(), state(ask(0)), press("back"))).toEqual(nothing(state(ask(0))));
    expect(advance(facts(), state(ask(2, "one")), press("back")).state.pos).toEqual({ at: "review" });
  });

  it("same as last month (a stock with last month's value), keep the current value, cancel", () => {
    const same = advance(facts(), state(ask(2)), press("same"));
    expect([same.state.values, same.state.pos, same.save]).toEqual([{ workers: 1200 }, ask(3), true]);
    // Not offered for a flow: a forged press is refused, silently.
    expect(advance(facts(), state(ask(0)), press("same"))).toEqual(nothing(state(ask(0))));
    const kept = advance(facts(), state(ask(0, "one"), { values: { fdi_new: 2 } }), press("keep"));
    expect([kept.state.pos, kept.save]).toEqual([{ at: "review" }, false]);
    expect(advance(facts(), state(ask(1)), press("cancel"))).toEqual({ ...nothing(state(ask(1))), discard: true, say: [{ kind: "cancelled" }], next: "end" });
  });

  it("catch-up after a hard stop: the draft in the database holds this question's answer, so the text answers the next question", () => {
    const s = state(ask(0));
    const stored = { fdi_new: 7 };
    expect(ahead(facts(), s, "12,5", stored)).toEqual(stored);
    const step = advance(facts(), s, text("12,5", stored));
    expect(step.state.values).toEqual({ fdi_new: 7, fdi_capital: 12.5 });
    expect(step.state.pos).toEqual(ask(2));
    expect(step.lead).toEqual({ kind: "understood", code: "fdi_capital", value: 12.5 });
    // Not behind: the stored draft lacks this answer, or the state has it, or it is an amendment.
    expect(ahead(facts(), s, "12", { fdi_capital: 1 })).toBeNull();
    expect(ahead(facts(), state(ask(0), { values: { fdi_new: 7 } }), "12", stored)).toBeNull();
    expect(ahead(facts(), state(ask(0), { amend: true }), "12", stored)).toBeNull();
    expect(advance(facts(), s, text("12", null)).state.values).toEqual({ fdi_new: 12 });
  });
});

describe("pastes", () => {
  it("several lines at a question: the values filled, what was read said, then the read-back", () => {
    const step = advance(facts(), state(ask(0)), text("fdi_new: 12\nLao động: 1.300\nnonsense"));
    expect(step.state.values).toEqual({ fdi_new: 12, workers: 1300 });
    expect(step.state.pos).toEqual({ at: "review" });
    expect(step.save).toBe(true);
    expect(step.say).toEqual([{ kind: "pasted", filled: 2, problems: [{ line: 3, text: "nonsense", reason: "no_separator" }] }]);
    expect(step.typed).toEqual({ ok: true, ref: "paste" });
  });

  it("a line naming two indicators equally well is asked back: a choice applies its value, skip goes on", () => {
    const step = advance(facts(), state({ at: "review" }, { values: { fdi_capital: 1 } }), text("FDI: 5\nzones: 3"));
    expect(step.state.pos).toEqual({ at: "which", lines: [{ line: 1, text: "FDI: 5", choices: [{ code: "fdi_new", value: 5 }, { code: "fdi_capital", value: 5 }] }] });
    const chosen = advance(facts(), step.state, press("which:1"));
    expect([chosen.state.values, chosen.state.pos, chosen.save]).toEqual([{ fdi_capital: 5, zones: 3 }, { at: "review" }, true]);
    expect(chosen.lead).toEqual({ kind: "replaced", code: "fdi_capital", old: 1, value: 5 });
    const typed = advance(facts(), step.state, text("1"));
    expect([typed.state.values.fdi_new, typed.typed]).toEqual([5, { ok: true, ref: null }]);
    const skipped = advance(facts(), step.state, press("skip"));
    expect([skipped.state.values, skipped.lead]).toEqual([{ fdi_capital: 1, zones: 3 }, { kind: "which-skipped", line: 1 }]);
    expect(advance(facts(), step.state, press("which:7"))).toEqual(nothing(step.state)); // not offered
  });

  it("a one-line text that does not name an indicator is not a paste: at the read-back it is answered 'press a button'", () => {
    expect(advance(facts(), state({ at: "review" }), text("hello: 5"))).toEqual({ ...nothing(state({ at: "review" })), say: [{ kind: "press-button" }] });
  });
});

describe("the read-back, sending, and another sender's report merged in", () => {
  const full = { fdi_new: 1, fdi_capital: 2, workers: 3, zones: 4 };

  it("send with items missing asks the first missing; complete, it asks for the sending", () => {
    expect(advance(facts(), state({ at: "review" }, { values: { fdi_new: 1, workers: 3 } }), press("send")).state.pos).toEqual(ask(1));
    expect(advance(facts(), state({ at: "review" }, { values: full }), press("send")).next).toEqual({ submit: null });
  });

  it("change item N: that question alone, then back to the read-back", () => {
    const s = state({ at: "pick" }, { values: full });
    const picked = advance(facts(), s, press("item:3"));
    expect(picked.state.pos).toEqual(ask(3, "one", true));
    const answered = advance(facts(), picked.state, text("9"));
    expect([answered.state.values.zones, answered.state.pos]).toEqual([9, { at: "review" }]);
    expect(advance(facts(), s, press("item:4"))).toEqual(nothing(s)); // no item 5
  });

  it("stored: the receipt and the end; refused at the sending: said, the draft dropped", () => {
    const s = state({ at: "review" }, { values: full });
    const ok = { ok: true as const, kind: "created" as const, reference: "R-1", version: 1, late: false, at: "2026-11-02T02:00:00.000Z", changes: [] };
    expect(advance(facts(), s, { kind: "submitted", reason: null, outcome: ok })).toEqual({ ...nothing(s), say: [{ kind: "received", outcome: ok }], next: "end" });
    expect(advance(facts(), s, { kind: "submitted", reason: null, outcome: { ok: false, reason: "locked" } })).toEqual({ ...nothing(s), discard: true, say: [{ kind: "locked" }], next: "end" });
  });

  it("a colleague sent meanwhile: the conflict is asked; sending anyway keeps their changes, applies this person's own, against their version", () => {
    const f = facts({ report: { version: 1, values: full } });
    const s = state({ at: "reason" }, { amend: true, values: { ...full, zones: 5 }, base: full, baseVersion: 1 });
    const theirs = { version: 2, values: { ...full, fdi_new: 8 }, byName: "Hùng", at: "2026-11-02T01:00:00.000Z" };
    const conflict = advance(f, s, { kind: "submitted", reason: "typo", outcome: { ok: false, reason: "conflict", current: theirs } });
    expect(conflict.state.pos).toEqual({ at: "conflict", theirs, reason: "typo", base: full });
    expect(conflict.next).toBe("show");
    const forced = advance(f, conflict.state, press("force"));
    expect(forced.state).toEqual({ ...conflict.state, values: { ...full, fdi_new: 8, zones: 5 }, base: theirs.values, baseVersion: 2 });
    expect(forced.next).toEqual({ submit: "typo" });
    // Their version already holds this person's changes: nothing to send.
    const same = advance(f, { ...conflict.state, values: { ...full, fdi_new: 8 } }, press("force"));
    expect([same.discard, same.say, same.next]).toEqual([true, [{ kind: "no-changes" }], "end"]);
    expect(advance(f, conflict.state, press("cancel")).say).toEqual([{ kind: "cancelled-amend" }]);
  });

  it("an amendment: no change ends it (draft dropped); a change asks the reason, which is kept to 500 characters", () => {
    const f = facts({ report: { version: 1, values: full } });
    const unchanged = state({ at: "review" }, { amend: true, values: full, base: full, baseVersion: 1 });
    expect(advance(f, unchanged, press("send"))).toEqual({ ...nothing(unchanged), discard: true, say: [{ kind: "no-changes" }], next: "end" });
    const changed = { ...unchanged, values: { ...full, zones: 6 } };
    expect(advance(f, changed, press("send")).state.pos).toEqual({ at: "reason" });
    const reason = advance(f, { ...changed, pos: { at: "reason" } }, text(`  ${"x".repeat(600)}  `));
    expect(reason.next).toEqual({ submit: `${"x".repeat(499)}…` });
    expect(advance(f, { ...changed, pos: { at: "reason" } }, press("skip")).next).toEqual({ submit: null });
  });
});

describe("the draft question, edits, and what is not an answer", () => {
  it("resume takes the draft's values; start over keeps none; a typed text is answered 'press a button'", () => {
    const f = facts({ draft: { values: { fdi_new: 3 }, baseVersion: 0 } });
    const s = state({ at: "draft" });
    const resumed = advance(f, s, press("resume"));
    expect([resumed.state.values, resumed.state.pos, resumed.save, resumed.lead]).toEqual([{ fdi_new: 3 }, ask(1), true, { kind: "intro" }]);
    const restarted = advance(f, s, press("restart"));
    expect([restarted.state.values, restarted.state.pos, restarted.save]).toEqual([{}, ask(0), true]);
    expect(advance(f, s, text("12"))).toEqual({ ...nothing(s), say: [{ kind: "press-button" }] });
  });

  it("an edit of an accepted answer replaces its value (shown again with the change); refused, it keeps the value", () => {
    const s = state(ask(2), { values: { fdi_new: 12, fdi_capital: 5 } });
    const last = { ok: true, ref: 0, onScreen: false };
    const edited = advance(facts(), s, { kind: "edit", text: "13", last, stored: null });
    expect(edited).toEqual({ ...nothing({ ...s, values: { fdi_new: 13, fdi_capital: 5 } }), save: true, next: "again", lead: { kind: "edited", code: "fdi_new", old: 12, value: 13, far: false } });
    const bad = advance(facts(), s, { kind: "edit", text: "x", last, stored: null });
    expect(bad.say).toEqual([{ kind: "parse-error", code: "fdi_new", error: { code: "not_a_number" }, text: "x", kept: 12 }]);
  });

  it("an edit of a refused answer still on screen is that answer typed again; an edit of anything older is not read", () => {
    const s = state(ask(0));
    expect(advance(facts(), s, { kind: "edit", text: "4", last: { ok: false, ref: 0, onScreen: true }, stored: null }).state.values).toEqual({ fdi_new: 4 });
    expect(advance(facts(), s, { kind: "edit", text: "4", last: { ok: false, ref: 0, onScreen: false }, stored: null })).toEqual({ ...nothing(s), say: [{ kind: "edit-old" }] });
  });

  it("a forged or stale action is refused without a word, at every position", () => {
    const positions: ReportPos[] = [{ at: "draft" }, ask(1), { at: "far", i: 1, value: 9, mode: "fill" }, { at: "review" }, { at: "pick" }, { at: "reason" }];
    for (const pos of positions) expect(advance(facts({ draft: { values: { fdi_new: 1 }, baseVersion: 0 } }), state(pos), press("forged"))).toEqual(nothing(state(pos)));
  });
});
