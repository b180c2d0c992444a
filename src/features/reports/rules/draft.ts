// The report draft's state, as a pure function: from what the report is about
// (the indicators, last month's and last year's values, the sent report, the draft
// found when the dialogue began), the state (the values so far, where the person is,
// what was already confirmed) and one event (a typed answer, a paste, a button:
// back, skip, change item N (pressed, or its number typed at the read-back or the
// item picker), send...; an edit of the latest answer; the outcome of
// a sending, another sender's report merged in) to the next state and what to say
// and ask next. No grammY, no Prisma, no clock, no I/O: the dialogue
// (features/reports/dialogue.ts) saves, sends and renders (views.ts) what this says.
//
// The draft in the database (ReportDraft) is the truth about the values: a
// dialogue entered again takes them from there (begin), and a dialogue that was
// stopped hard between saving an answer and saving its own position is one
// question behind the person's screen: the catch-up (`stored` on a typed answer)
// puts it where the person is.
import { parseAmount, type ParseFailure } from "../../../shared/bloc/numbers.js";
import { clip } from "../../../shared/text/html.js";
import { matchIndicator } from "./indicator-match.js";
import {
  type IndicatorDef, type PasteChoice, type PasteProblem, type Values, diffValues, looksLikePaste, mergeChanges, missingIndicators, parsePaste, plausibility, specOf,
} from "./reports.js";

/** `fill`: after the question, the next one missing; `one`: after it, the read-back (an item changed from there). */
export type Mode = "fill" | "one";

/** A pasted line that names several indicators equally well, asked back. */
export type AskedLine = { line: number; text: string; choices: PasteChoice[] };

/** The report as another sender stored it meanwhile (their version, values, name and time, ISO 8601). */
export type Theirs = { version: number; values: Values; byName: string | null; at: string };

/**
 * Where a report dialogue stands: the draft question, question i (`had`: the
 * draft held a value for it when it was asked), the check of a value far from
 * last month's, the read-back, the choice of the item to change, the amendment's
 * reason, the conflict with a colleague's sending, or the pasted lines asked back
 * (the first of `lines` on screen). Saved at every step (JSON), read back by later builds.
 */
export type ReportPos =
  | { at: "draft" }
  | { at: "ask"; i: number; mode: Mode; had: boolean }
  | { at: "far"; i: number; value: number; mode: Mode }
  | { at: "review" }
  | { at: "pick" }
  | { at: "reason" }
  | { at: "conflict"; theirs: Theirs; reason: string | null; base: Values }
  | { at: "which"; lines: AskedLine[] };

/** Ambiguous lines of one paste asked back one by one; more are listed with the lines not understood. */
export const MAX_ASKED_LINES = 10;
/** An amendment's reason is kept to this many characters. */
export const MAX_REASON_CHARS = 500;

/** What a report dialogue is about; fixed while it runs (loaded when it begins). */
export type DraftFacts = {
  /** The active indicators, in the report's order. */
  indicators: IndicatorDef[];
  lastMonth: Values;
  lastYear: Values;
  /** The board's report for the period as stored, if it was sent. */
  report: { version: number; values: Values } | null;
  /** The person's draft found when the dialogue began. */
  draft: { values: Values; baseVersion: number } | null;
};

/** The draft's state. */
export type DraftState = {
  pos: ReportPos;
  /** The dialogue amends a sent report. */
  amend: boolean;
  /** The values so far, by indicator code (what the draft in the database holds). */
  values: Values;
  /** What this person started from: the sent report's values when amending, else none. */
  base: Values;
  /** The report's version the values were started from (0: none was sent). */
  baseVersion: number;
};

/** Something said: alone (Step.say) or in front of the next question (Step.lead). Rendered by views.ts. */
export type Note =
  | { kind: "intro" }
  | { kind: "amend-intro" }
  | { kind: "understood"; code: string; value: number }
  /** A line asked back replaced a value the person had given. */
  | { kind: "replaced"; code: string; old: number; value: number }
  /** The latest answer, edited in the messenger, replaced the value (`far`: far from last month's). */
  | { kind: "edited"; code: string; old: number | null; value: number; far: boolean }
  | { kind: "which-skipped"; line: number }
  | { kind: "which-error"; line: number; code: string; error: ParseFailure; text: string }
  /** A paste read: how many values it filled and the lines not understood (those asked back are not listed). */
  | { kind: "pasted"; filled: number; problems: PasteProblem[] }
  /** A typed value refused; `kept`: the value that stays (an edit refused). */
  | { kind: "parse-error"; code: string; error: ParseFailure; text: string; kept: number | null }
  | { kind: "press-button" }
  | { kind: "edit-old" }
  | { kind: "cancelled" }
  | { kind: "cancelled-amend" }
  | { kind: "kept-theirs" }
  | { kind: "no-changes" }
  | { kind: "locked" }
  | { kind: "not-focal" }
  | { kind: "received"; outcome: Submitted & { ok: true } };

/**
 * What a sending came to (the use case's answer, features/reports/use-cases.ts):
 * stored (`created` or `amended`, with the reference, version, lateness, time as
 * ISO 8601 and the changes), refused because another sender stored a version
 * meanwhile (`conflict`, with theirs), or refused (no changes, period locked,
 * no longer the board's focal person).
 */
export type Submitted =
  | { ok: true; kind: "created" | "amended"; reference: string; version: number; late: boolean; at: string; changes: { code: string; old: number | null; new: number | null }[] }
  | { ok: false; reason: "conflict"; current: Theirs }
  | { ok: false; reason: "no_changes" | "locked" | "not_allowed" };

/** One event the dialogue hands over. */
export type DraftEvent =
  /** A typed message; `stored`: the draft's values in the database now, for the catch-up (null: none). */
  | { kind: "text"; text: string; stored: Values | null }
  /** A press of a button of the question on screen: its action ("send", "item:3", "which:1"...). */
  | { kind: "button"; action: string }
  /**
   * The latest typed answer, edited: what it was (`ok`: accepted; `ref`: the
   * question it answered, "paste", or null) and whether its question is still on screen.
   */
  | { kind: "edit"; text: string; last: { ok: boolean; ref: number | string | null; onScreen: boolean }; stored: Values | null }
  /** The outcome of the sending the previous step asked for (Step.next.submit). */
  | { kind: "submitted"; reason: string | null; outcome: Submitted };

/**
 * What an event leads to. The dialogue does it in this order: deletes the draft
 * (`discard`), saves the values (`save`), says `say` (each its own message), then
 * `next`:
 *  - "show": the answer was taken: the prompt of `state.pos` is shown, `lead` in front;
 *  - "again": the prompt of `state.pos` is shown again (`lead` in front), nothing counted;
 *  - "refused": the answer was refused (counted towards the dialogue's bound), nothing shown;
 *  - "end": the dialogue ends;
 *  - { submit }: send the values (use case), then step { kind: "submitted" } in.
 */
export type Step = {
  state: DraftState;
  save: boolean;
  discard: boolean;
  say: Note[];
  lead: Note | null;
  next: "show" | "again" | "refused" | "end" | { submit: string | null };
  /** A typed answer's bookkeeping, for an edit of it later: accepted, and what it answered. */
  typed?: { ok: boolean; ref: number | "paste" | null };
};

// --- where to go -----------------------------------------------------------------

function missingAfter(f: DraftFacts, values: Values, i: number): number {
  return f.indicators.findIndex((ind, j) => j > i && !Object.hasOwn(values, ind.code));
}

/** Question i, noting whether the values already hold an answer to it. */
export function askAt(f: DraftFacts, values: Values, i: number, mode: Mode): ReportPos {
  return { at: "ask", i, mode, had: Object.hasOwn(values, f.indicators[i]!.code) };
}

/** After question i: the next one missing (fill) or the read-back. */
export function after(f: DraftFacts, values: Values, i: number, mode: Mode): ReportPos {
  const j = mode === "fill" ? missingAfter(f, values, i) : -1;
  return j >= 0 ? askAt(f, values, j, "fill") : { at: "review" };
}

/** Where a dialogue starts its work (after the draft question): the read-back of the sent report, or the first question missing; with its introduction. */
function start(f: DraftFacts, s: DraftState): { pos: ReportPos; lead: Note } {
  return s.amend ? { pos: { at: "review" }, lead: { kind: "amend-intro" } } : { pos: after(f, s.values, -1, "fill"), lead: { kind: "intro" } };
}

/** The position and amend flag a dialogue saves (Saved.pos in chat/conversations/dialogue.ts). */
export type SavedDraftPos = { step: ReportPos; amend: boolean };

/**
 * Where a dialogue begins:
 *  - new (`resumed` false): at the draft question when a draft holds values, else
 *    at its start (the first question missing, or the read-back of a sent report);
 *  - entered again with a saved position: there, without showing it again (it is on
 *    screen), the values taken from the draft in the database (`stored`); a question
 *    the stored draft already answers (a hard stop after the draft took the answer
 *    and before the position was saved) moves on to the next one missing; a question
 *    past the indicators (one retired meanwhile) becomes the read-back;
 *  - entered again with no position (an older build): where the draft says, not shown.
 */
export function begin(f: DraftFacts, resume: { saved: SavedDraftPos | null; stored: { values: Values; baseVersion: number } | null } | null): { state: DraftState; show: boolean; lead: Note | null } {
  const saved = resume?.saved ?? null;
  const amend = saved ? saved.amend : f.report !== null;
  const started: Values = amend && f.report ? { ...f.report.values } : {};
  const fromDb = resume && saved?.step.at !== "draft" ? resume.stored : null;
  const s: DraftState = {
    pos: { at: "review" },
    amend,
    values: fromDb ? { ...fromDb.values } : { ...started },
    base: { ...started },
    baseVersion: fromDb ? fromDb.baseVersion : (f.report?.version ?? 0),
  };
  const n = f.indicators.length;
  if (!resume) {
    if (f.draft && Object.keys(f.draft.values).length > 0) return { state: { ...s, pos: { at: "draft" } }, show: true, lead: null };
    const st = start(f, s);
    return { state: { ...s, pos: st.pos }, show: true, lead: st.lead };
  }
  if (saved) {
    let pos = saved.step;
    if (pos.at === "ask" && !pos.had && pos.i < n && Object.hasOwn(s.values, f.indicators[pos.i]!.code) && !amend) pos = after(f, s.values, pos.i, pos.mode);
    if ((pos.at === "ask" || pos.at === "far") && pos.i >= n) pos = { at: "review" };
    return { state: { ...s, pos }, show: false, lead: null };
  }
  return { state: { ...s, pos: amend ? { at: "review" } : after(f, s.values, -1, "fill") }, show: false, lead: null };
}

// --- the step --------------------------------------------------------------------

const base = (state: DraftState): Step => ({ state, save: false, discard: false, say: [], lead: null, next: "refused" });

function refused(state: DraftState, ...say: Note[]): Step {
  return { ...base(state), say };
}

function goTo(state: DraftState, pos: ReportPos, more: Partial<Step> = {}): Step {
  return { ...base({ ...state, pos }), next: "show", ...more };
}

function cancelled(state: DraftState): Step {
  return { ...base(state), discard: true, say: [{ kind: state.amend ? "cancelled-amend" : "cancelled" }], next: "end" };
}

/** A line's value part (after its label), as typed. */
const valuePart = (line: string) => line.split(/[:=\t]/).slice(1).join(":");

/**
 * A message read as a paste: null when it is not one; else the values it fills,
 * what to say about it, and where to go: the read-back, or the first of its lines
 * that name several indicators equally well, asked back.
 */
export function readPaste(f: DraftFacts, values: Values, text: string): { values: Values; filled: number; say: Note[]; pos: ReportPos } | null {
  const multi = text.includes("\n");
  if (!looksLikePaste(text)) return null;
  if (!multi) {
    const label = text.split(/[:=\t]/)[0] ?? "";
    if (matchIndicator(label, f.indicators).kind === "none") return null;
  }
  const r = parsePaste(text, f.indicators);
  const asked = r.problems.filter((p) => p.reason === "ambiguous").slice(0, MAX_ASKED_LINES);
  const filled = Object.keys(r.values).length;
  if (filled === 0 && asked.length === 0 && !multi) return null;
  const listed = r.problems.filter((p) => !asked.includes(p));
  const say: Note[] = filled > 0 || listed.length > 0 || asked.length === 0 ? [{ kind: "pasted", filled, problems: listed }] : [];
  const pos: ReportPos = asked.length === 0 ? { at: "review" } : { at: "which", lines: asked.map((p) => ({ line: p.line, text: clip(p.text, 60), choices: p.choices! })) };
  return { values: { ...values, ...r.values }, filled, say, pos };
}

function pasted(state: DraftState, p: NonNullable<ReturnType<typeof readPaste>>): Step {
  return { ...goTo({ ...state, values: p.values }, p.pos), save: p.filled > 0, say: p.say, typed: { ok: true, ref: "paste" } };
}

/**
 * The catch-up's test: the draft in the database (`stored`) already holds the
 * answer to the question on screen and the state does not (a hard stop after the
 * draft took it and before the position was saved): returns `stored`, else null.
 * Only a one-line text at a question can be the answer to the next one; an
 * amendment starts from the sent report, not from a draft ahead. (The dialogue
 * asks it where it reads the draft, so that only a draft ahead is kept in its log.)
 */
export function ahead(f: DraftFacts, state: DraftState, text: string, stored: Values | null): Values | null {
  const p = state.pos;
  if (p.at !== "ask" || state.amend || !stored || text.includes("\n")) return null;
  const code = f.indicators[p.i]?.code;
  return code !== undefined && Object.hasOwn(stored, code) && !Object.hasOwn(state.values, code) ? stored : null;
}

/** The value `v` taken for question i: saved, echoed, and on to what follows. */
function took(f: DraftFacts, state: DraftState, i: number, mode: Mode, v: number): Step {
  const code = f.indicators[i]!.code;
  const values = { ...state.values, [code]: v };
  return goTo({ ...state, values }, after(f, values, i, mode), { save: true, lead: { kind: "understood", code, value: v } });
}

/**
 * The next state of the draft after `e`, and what to say, save and ask.
 * A button's action that the position does not offer (a forged or stale one) is
 * refused; a typed text where only buttons are offered is answered "press a button"
 * unless it is a paste.
 */
export function advance(f: DraftFacts, state: DraftState, e: DraftEvent): Step {
  if (e.kind === "submitted") return afterSending(f, state, e.reason, e.outcome);
  if (e.kind === "edit") return edited(f, state, e);
  return answered(f, state, e);
}

function answered(f: DraftFacts, state: DraftState, e: DraftEvent & { kind: "text" | "button" }): Step {
  const p = state.pos;
  const n = f.indicators.length;
  const button = e.kind === "button" ? /^([a-z]{1,10})(?::(\d{1,4}))?$/.exec(e.action) : null;
  const action = button?.[1] ?? null;
  const k = button?.[2] === undefined ? -1 : Number(button[2]);
  const text = e.kind === "text" ? e.text : null;
  const pressButton = (): Step => (text !== null ? refused(state, { kind: "press-button" }) : refused(state));
  const orPaste = (): Step => {
    const p = text === null ? null : readPaste(f, state.values, text);
    return p ? pasted(state, p) : pressButton();
  };
  switch (p.at) {
    case "draft": {
      if (action !== "resume" && action !== "restart") return pressButton();
      const s = action === "resume" && f.draft ? { ...state, values: { ...f.draft.values }, baseVersion: f.draft.baseVersion } : state;
      const st = start(f, s);
      return goTo(s, st.pos, { save: true, lead: st.lead }); // saved: the draft is being worked on again
    }
    case "ask": {
      const ind = f.indicators[p.i]!;
      const lm = f.lastMonth[ind.code];
      const ly = f.lastYear[ind.code];
      if (action === "cancel") return cancelled(state);
      if (action === "back") return p.mode === "one" ? goTo(state, { at: "review" }) : p.i > 0 ? goTo(state, askAt(f, state.values, p.i - 1, "fill")) : refused(state);
      if (action === "keep" && state.values[ind.code] !== undefined) return goTo(state, after(f, state.values, p.i, p.mode));
      if (action === "same" && lm !== undefined && ind.kind === "stock") return took(f, state, p.i, p.mode, lm);
      if (text === null) return refused(state);
      // The catch-up: the draft in the database already holds the answer to this
      // question (a hard stop came after the draft took it and before the position
      // was saved): the person sees the next question, and this text answers it.
      const stored = e.kind === "text" ? ahead(f, state, text, e.stored) : null;
      if (stored) {
        const caught = { ...state, values: { ...stored } };
        return answered(f, { ...caught, pos: after(f, caught.values, p.i, "fill") }, e);
      }
      const paste = readPaste(f, state.values, text);
      if (paste) return pasted(state, paste);
      const r = parseAmount(text, specOf(ind));
      if (!r.ok) return { ...refused(state, { kind: "parse-error", code: ind.code, error: r.error, text, kept: null }), typed: { ok: false, ref: p.i } };
      // Far from last month's: the value waits for the check (not yet accepted).
      if (plausibility(r.value, lm, ly).far) return { ...goTo(state, { at: "far", i: p.i, value: r.value, mode: p.mode }), typed: { ok: false, ref: p.i } };
      return { ...took(f, state, p.i, p.mode, r.value), typed: { ok: true, ref: p.i } };
    }
    case "far":
      if (action === "no") return goTo(state, askAt(f, state.values, p.i, p.mode)); // the same question again
      if (action === "yes") return took(f, state, p.i, p.mode, p.value);
      return pressButton();
    case "review": {
      // The read-back numbers its items: a number typed is the item to change (on
      // Zalo its menu is numbered after them: messengers/zalo/text.ts, menuChoices).
      const item = text === null ? -1 : typedItem(text, n);
      if (item >= 0) return goTo(state, askAt(f, state.values, item, "one"));
      if (text !== null) return orPaste();
      if (action === "cancel") return cancelled(state);
      if (action === "change") return goTo(state, { at: "pick" });
      if (action !== "send") return refused(state);
      if (missingIndicators(state.values, f.indicators).length) return goTo(state, after(f, state.values, -1, "fill"));
      if (state.amend && diffValues(state.base, state.values, f.indicators).length === 0 && state.baseVersion === f.report?.version) {
        return { ...base(state), discard: true, say: [{ kind: "no-changes" }], next: "end" };
      }
      return state.amend ? goTo(state, { at: "reason" }) : { ...base(state), next: { submit: null } };
    }
    case "pick": {
      const item = action === "item" ? k : text === null ? -1 : typedItem(text, n);
      if (item >= 0 && item < n) return goTo(state, askAt(f, state.values, item, "one"));
      if (action === "back") return goTo(state, { at: "review" });
      return orPaste();
    }
    case "which":
      return answerWhich(f, state, p, action === "which" ? k : null, action, text);
    case "reason":
      if (text !== null) return { ...base(state), next: { submit: clip(text.trim(), MAX_REASON_CHARS) } };
      if (action === "skip") return { ...base(state), next: { submit: null } };
      return refused(state);
    case "conflict": {
      const theirs = p.theirs;
      const merged = mergeChanges(p.base, state.values, theirs.values, f.indicators);
      const same = diffValues(theirs.values, merged, f.indicators).length === 0;
      if (action === "cancel" || (action === "force" && same)) {
        const line: Note = { kind: same ? "no-changes" : state.amend || state.baseVersion > 0 ? "cancelled-amend" : "kept-theirs" };
        return { ...base(state), discard: true, say: [line], next: "end" };
      }
      // Their changes kept, this person's applied on top: sent against their version.
      if (action === "force") return { ...base({ ...state, values: merged, base: theirs.values, baseVersion: theirs.version }), next: { submit: p.reason } };
      return pressButton();
    }
  }
}

/** The item a typed number names ("5", "5.", "#5", "số 5"), 0-based; -1 when the text is no such number or no item has it. */
export function typedItem(text: string, n: number): number {
  const m = /^\s*(?:#|số\s*|so\s*)?(\d{1,4})\s*[.)]?\s*$/i.exec(text);
  const k = m ? Number(m[1]) - 1 : -1;
  return k >= 0 && k < n ? k : -1;
}

/**
 * The answer to "which indicator did line N mean?": a button (`which:k`), the
 * number typed, "skip", or another paste. The value was read for each choice when
 * the paste was (parsePaste); the chosen one is applied, or its error said.
 */
function answerWhich(f: DraftFacts, state: DraftState, p: ReportPos & { at: "which" }, pressed: number | null, action: string | null, text: string | null): Step {
  const asked = p.lines[0]!;
  const rest = p.lines.slice(1);
  const onward: ReportPos = rest.length > 0 ? { at: "which", lines: rest } : { at: "review" };
  if (action === "skip") return goTo(state, onward, { lead: { kind: "which-skipped", line: asked.line } });
  const typed = text === null ? null : /^\s*(\d{1,2})\s*[.)]?\s*$/.exec(text);
  if (text !== null && !typed) {
    const paste = readPaste(f, state.values, text);
    return paste ? pasted(state, paste) : refused(state, { kind: "press-button" });
  }
  const k = typed ? Number(typed[1]) - 1 : (pressed ?? -1);
  const choice = asked.choices[k];
  const ind = choice ? f.indicators.find((i) => i.code === choice.code) : undefined;
  if (!choice || !ind) return text !== null ? refused(state, { kind: "press-button" }) : refused(state);
  const mark: Partial<Step> = typed ? { typed: { ok: true, ref: null } } : {};
  if ("error" in choice) {
    return goTo(state, onward, { ...mark, lead: { kind: "which-error", line: asked.line, code: ind.code, error: choice.error, text: valuePart(asked.text) } });
  }
  const old = state.values[ind.code];
  const values = { ...state.values, [ind.code]: choice.value };
  const lead: Note = old === undefined || old === choice.value ? { kind: "understood", code: ind.code, value: choice.value } : { kind: "replaced", code: ind.code, old, value: choice.value };
  return goTo({ ...state, values }, onward, { ...mark, save: true, lead });
}

/**
 * An edit of the latest typed answer. Refused where it was given (still on
 * screen): it is that answer, typed again. Accepted as a value: checked again as
 * a typed answer to its question, and the value replaced (or kept, with the
 * reason). A paste: read again. Anything older: not read, and how to correct said.
 */
function edited(f: DraftFacts, state: DraftState, e: DraftEvent & { kind: "edit" }): Step {
  const last = e.last;
  if (!last.ok && last.onScreen) return answered(f, state, { kind: "text", text: e.text, stored: e.stored });
  if (last.ok && last.ref === "paste") {
    const paste = readPaste(f, state.values, e.text);
    if (!paste) return { ...base(state), next: "again" };
    const step = pasted(state, paste);
    delete step.typed;
    return paste.pos.at === "which" ? step : { ...step, next: "again", state: { ...step.state, pos: state.pos } };
  }
  if (last.ok && typeof last.ref === "number" && last.ref < f.indicators.length) {
    const ind = f.indicators[last.ref]!;
    const r = parseAmount(e.text, specOf(ind));
    const old = state.values[ind.code];
    if (!r.ok) return refused(state, { kind: "parse-error", code: ind.code, error: r.error, text: e.text, kept: old ?? null });
    const far = plausibility(r.value, f.lastMonth[ind.code], f.lastYear[ind.code]).far;
    const values = { ...state.values, [ind.code]: r.value };
    return { ...base({ ...state, values }), save: true, next: "again", lead: { kind: "edited", code: ind.code, old: old ?? null, value: r.value, far } };
  }
  return refused(state, { kind: "edit-old" });
}

/** After a sending: the receipt; a colleague's sending meanwhile asks what to do; a refusal ends the dialogue, its draft gone. */
function afterSending(f: DraftFacts, state: DraftState, reason: string | null, o: Submitted): Step {
  if (o.ok) return { ...base(state), say: [{ kind: "received", outcome: o }], next: "end" };
  if (o.reason === "conflict") return goTo(state, { at: "conflict", theirs: o.current, reason, base: state.base });
  const line: Note = { kind: o.reason === "no_changes" ? "no-changes" : o.reason === "locked" ? "locked" : "not-focal" };
  return { ...base(state), discard: true, say: [line], next: "end" };
}

/** The values a sending would store after a conflict resolved in this person's favour (for views: what changes in the stored report). */
export function mergedOver(f: DraftFacts, state: DraftState, p: ReportPos & { at: "conflict" }): Values {
  return mergeChanges(p.base, state.values, p.theirs.values, f.indicators);
}
