// Creating a ballot, in a private conversation with an admin or the leader's
// secretariat: kind, year, title, candidates (all boards, a chosen few, or a
// nomination round), picks per voter, secret or open, closing time, quorum and
// the tie rule, then a confirmation, then the post in the group. Each step can be
// gone back on (◀). The answers so far are where the dialogue stands (BallotPos,
// saved at every step, dialogue.ts) and a draft (DialogueDraft), so that it can be
// entered again at any step, and resumed by /newballot after it ended unfinished.
import type { Conversation } from "@grammyjs/conversations";
import { DateTime } from "luxon";
import { z } from "zod";
import type { BotContext, ConvContext } from "../../chat/context.js";
import type { Deps } from "../../shared/deps.js";
import type { Locale, MessageVars, Translate } from "../../shared/i18n/locale.js";
import { esc, clip } from "../../shared/text/html.js";
import { formatDateTime } from "../../shared/i18n/format.js";
import { closingTimeExample } from "../../shared/i18n/examples.js";
import { translator } from "../../shared/i18n/messages.js";
import { getBloc, listBoards } from "../../shared/bloc/store.js";
import { majorityQuorum, twoThirdsQuorum, type BallotKind, type TieRule, MOTION_OPTIONS } from "./rules.js";
import { canManageBallots } from "../../shared/bloc/roles.js";
import { ballotYears } from "../history/rules.js";
import { createNewBallot, leaderBoardOf, postBallot } from "./use-cases.js";
import { tieText } from "./views.js";
import { awardKinds } from "../history/use-cases.js";
import { deleteDialogueDraft, getDialogueDraft, saveDialogueDraft } from "../../chat/conversations/drafts.js";
import { copyMode, postedPrivately, postProblems } from "../group/use-cases.js";
import { boot, DialogueRun, type DialogueInput, type DialogueSpec } from "../../chat/conversations/dialogue.js";
import { work } from "../../chat/conversations/work.js";
import { converse, type Prompt, type Reply, type Turn } from "../../chat/conversations/ask.js";

type Setup = {
  ok: boolean;
  key?: string;
  locale: Locale;
  personId: number;
  boards: { id: number; shortName: string }[];
  awards: { code: string; nameVi: string; nameEn: string; picksPerVoter: number; maxProposed: number; allowSelfVote: boolean }[];
  now: string;
  year: number;
  /** 1–12, in the bloc's zone: with `year`, which years a ballot may be for. */
  month: number;
  zone: string;
  /**
   * The bloc has no group (copyMode "private"): the ballot goes to each board's
   * focal persons and heads in private, and the confirmation says so.
   */
  privately: boolean;
};

async function setup(deps: Deps, octx: BotContext): Promise<Setup> {
  const locale = octx.locale;
  const base = { locale, personId: octx.person?.id ?? 0, boards: [], awards: [], now: deps.clock.now().toISOString(), year: 0, month: 0, zone: deps.config.timeZone, privately: false };
  if (!octx.person || !canManageBallots(octx.actor)) return { ...base, ok: false, key: "not-allowed" };
  const bloc = await getBloc(deps.db);
  // No group linked: the ballot goes to each board's people in private, unless the bot was removed from the group (its posts wait for /linkgroup).
  if (!bloc?.groupChatId && (await copyMode(deps)) === "group") return { ...base, ok: false, key: "digest-no-group" };
  const boards = (await listBoards(deps.db, { activeOnly: true })).map((b) => ({ id: b.id, shortName: b.shortName }));
  const awards = (await awardKinds(deps, { activeOnly: true })).map((a) => ({
    code: a.code, nameVi: a.nameVi, nameEn: a.nameEn, picksPerVoter: a.picksPerVoter, maxProposed: a.maxProposed, allowSelfVote: a.allowSelfVote,
  }));
  const today = DateTime.fromJSDate(deps.clock.now(), { zone: deps.config.timeZone });
  return { ...base, ok: true, boards, awards, year: today.year, month: today.month, privately: await goesPrivately(deps) };
}

/** Whether a ballot posted now goes to each board's people in private: the bloc has no group and none waits to be linked again (copyMode). */
async function goesPrivately(deps: Deps): Promise<boolean> {
  return !(await getBloc(deps.db))?.groupChatId && (await copyMode(deps)) === "private";
}

/** "dd/mm/yyyy hh:mm" (or yyyy-mm-dd hh:mm) in the bloc's zone. */
export function parseLocalDateTime(text: string, zone: string): Date | null {
  const m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s+(\d{1,2})[:h](\d{2})\s*$/.exec(text) ?? null;
  const iso = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s+(\d{1,2}):(\d{2})\s*$/.exec(text);
  let parts: [number, number, number, number, number] | null = null;
  if (m) parts = [Number(m[3]), Number(m[2]), Number(m[1]), Number(m[4]), Number(m[5])];
  else if (iso) parts = [Number(iso[1]), Number(iso[2]), Number(iso[3]), Number(iso[4]), Number(iso[5])];
  if (!parts) return null;
  const dt = DateTime.fromObject({ year: parts[0], month: parts[1], day: parts[2], hour: parts[3], minute: parts[4] }, { zone });
  return dt.isValid ? dt.toJSDate() : null;
}

type Award = Setup["awards"][number];

/** What the person has chosen so far; a step is answered when its field is set. */
export type BallotAnswers = {
  kind?: AnswerKind;
  year?: number;
  /** A title typed by the person (otherwise the default one). */
  title?: string;
  titleOk?: boolean;
  cands?: "all" | "some" | "nominate";
  /** The board elected leader for the year, left out of a deputy's candidates. */
  exclude?: number | null;
  chosen?: number[];
  chosenOk?: boolean;
  picks?: number;
  secret?: boolean;
  closesAt?: string;
  closesInHours?: number;
  quorum?: number;
  tie?: TieRule;
};

/** What the first step chose: a ballot kind, an award's by its code. */
type AnswerKind = "leader" | "deputy" | "motion" | `award:${string}`;
const isAnswerKind = (x: string): x is AnswerKind => x === "leader" || x === "deputy" || x === "motion" || (x.startsWith("award:") && x.length > 6);
/** The ballot's kind of a chosen kind (the award's code aside). */
const ballotKindOf = (k: AnswerKind): BallotKind => (k === "leader" || k === "deputy" || k === "motion" ? k : "award");

/** /newballot's draft as kept in DialogueDraft.data: checked when read back (a row that does not fit is an error naming it). */
const ballotAnswersSchema: z.ZodType<BallotAnswers> = z.object({
  kind: z.custom<AnswerKind>((x) => typeof x === "string" && isAnswerKind(x), "not a ballot kind").optional(),
  year: z.number().int().optional(),
  title: z.string().optional(),
  titleOk: z.boolean().optional(),
  cands: z.enum(["all", "some", "nominate"]).optional(),
  exclude: z.number().int().nullable().optional(),
  chosen: z.array(z.number().int()).optional(),
  chosenOk: z.boolean().optional(),
  picks: z.number().int().optional(),
  secret: z.boolean().optional(),
  closesAt: z.string().optional(),
  closesInHours: z.number().optional(),
  quorum: z.number().int().optional(),
  tie: z.enum(["runoff", "leader"]).optional(),
});

type Step = "kind" | "year" | "title" | "cands" | "boards" | "picks" | "secret" | "closes" | "quorum" | "tie" | "confirm";

/** Where /newballot stands (saved at every step, dialogue.ts): the draft question, or the answers so far (the step is the first unanswered). */
export type BallotPos = { at: "draft" } | { at: "step"; answers: BallotAnswers };

/**
 * /newballot's id, buttons' prefix and version (raise it with every change of its
 * code: dialogues open under another version continue from their saved position, dialogue.ts).
 */
export const NEW_BALLOT = { id: "new-ballot", prefix: "nb", version: 7 } as const;
export const NEW_BALLOT_CONVERSATION = NEW_BALLOT.id;

/** The steps that apply to these answers, in order. */
function stepsOf(a: BallotAnswers, award: Award | undefined): Step[] {
  const motion = a.kind === "motion";
  return [
    "kind", "year", "title",
    ...(motion ? [] : (["cands", ...(a.cands === "some" ? ["boards"] : [])] as Step[])),
    ...(award ? (["picks"] as Step[]) : []),
    "secret", "closes", "quorum",
    ...(motion ? [] : (["tie"] as Step[])),
    "confirm",
  ];
}

function answered(step: Step, a: BallotAnswers): boolean {
  switch (step) {
    case "kind": return a.kind !== undefined;
    case "year": return a.year !== undefined;
    case "title": return a.titleOk === true;
    case "cands": return a.cands !== undefined;
    case "boards": return a.chosenOk === true;
    case "picks": return a.picks !== undefined;
    case "secret": return a.secret !== undefined;
    case "closes": return a.closesAt !== undefined || a.closesInHours !== undefined;
    case "quorum": return a.quorum !== undefined;
    case "tie": return a.tie !== undefined;
    case "confirm": return false;
  }
}

/** The answers without the one of `step` (◀ back). Going back to the kind starts over. */
function unanswer(step: Step, a: BallotAnswers): BallotAnswers {
  const b = { ...a };
  switch (step) {
    case "kind": return {};
    case "year": delete b.year; break;
    case "title": delete b.titleOk; break;
    case "cands": delete b.cands; delete b.chosen; delete b.chosenOk; delete b.exclude; break;
    case "boards": delete b.chosenOk; break;
    case "picks": delete b.picks; break;
    case "secret": delete b.secret; break;
    case "closes": delete b.closesAt; delete b.closesInHours; break;
    case "quorum": delete b.quorum; break;
    case "tie": delete b.tie; break;
    case "confirm": break;
  }
  return b;
}

/**
 * What the steps read: the setup, the language, the draft found, the time the
 * dialogue began, and whether the ballot goes privately (Setup.privately, read
 * again when the confirmation is reached: a group may have been linked meanwhile).
 */
type Ctx = { s: Setup; t: Translate; draft: BallotAnswers | null; now: Date; privately: boolean };

const awardOf = (c: Ctx, a: BallotAnswers): Award | undefined => (a.kind?.startsWith("award:") ? c.s.awards.find((x) => `award:${x.code}` === a.kind) : undefined);
const kindOf = (a: BallotAnswers): BallotKind => ballotKindOf(a.kind!);
const awardName = (c: Ctx, award: Award) => (c.s.locale === "vi" ? award.nameVi : award.nameEn);
/** The step these answers are at: the first one not answered. */
const current = (c: Ctx, a: BallotAnswers): Step => stepsOf(a, awardOf(c, a)).find((st) => !answered(st, a))!;
/**
 * The years offered, the usual one first: an election is for the year after the
 * one the year-end conference reviews, an award for the reviewed year's work
 * (features/history/rules.ts ballotYears).
 */
const years = (c: Ctx, a: BallotAnswers) => ballotYears(kindOf(a), c.s.year, c.s.month);
function titleOf(c: Ctx, a: BallotAnswers): string {
  const award = awardOf(c, a);
  const kind = kindOf(a);
  return a.title ?? c.t(`ballot-default-title-${kind}`, { year: a.year ?? years(c, a)[0]!, award: award ? awardName(c, award) : "" });
}
function candidatesOf(c: Ctx, a: BallotAnswers): { boardId: number | null; label: string }[] {
  if (a.kind === "motion") return MOTION_OPTIONS.map((o) => ({ boardId: null, label: o }));
  if (a.cands === "all") return c.s.boards.filter((b) => b.id !== a.exclude).map((b) => ({ boardId: b.id, label: b.shortName }));
  if (a.cands === "some") return c.s.boards.filter((b) => a.chosen?.includes(b.id)).map((b) => ({ boardId: b.id, label: b.shortName }));
  return [];
}
const mostPicks = (c: Ctx, a: BallotAnswers) => Math.max(1, Math.min(5, a.cands === "nominate" ? 5 : candidatesOf(c, a).length - 1));
const quorums = (c: Ctx) => [majorityQuorum(c.s.boards.length), twoThirdsQuorum(c.s.boards.length), 0];
const HOURS = [2, 24, 72, 168];

/** A typed title, 3–200 characters, or null. */
function validTitle(text: string): string | null {
  const typed = text.trim();
  return typed.length >= 3 && typed.length <= 200 ? typed : null;
}
/** The closing time the closing question and its refusal give as an example: one validClose accepts. */
const closesExample = (c: Ctx) => ({ exampleClosesAt: closingTimeExample(c.now, c.s.zone) });
/** A typed closing time (ISO 8601), 10 minutes to 90 days ahead, or null. */
function validClose(c: Ctx, text: string): string | null {
  const at = parseLocalDateTime(text, c.s.zone);
  return at && at.getTime() > c.now.getTime() + 10 * 60_000 && at.getTime() <= c.now.getTime() + 90 * 86400_000 ? at.toISOString() : null;
}

type Row = [label: string, action: string][];
const prompt = (text: string, rows: Row[], tail: Row[] = []): Prompt => ({
  text,
  choices: rows.map((r) => r.map(([label, action]) => ({ label, action }))),
  tail: tail.map((r) => r.map(([label, action]) => ({ label, action }))),
});

/** The question of each step, with ◀ back (but at the first) and cancel. */
const QUESTIONS: Record<Step, (c: Ctx, a: BallotAnswers) => [text: string, rows: Row[]]> = {
  kind: (c) => [c.t("newballot-kind"), [[[c.t("ballot-kind-leader"), "leader"], [c.t("ballot-kind-deputy"), "deputy"]], ...c.s.awards.map((x): Row => [[awardName(c, x), `award:${x.code}`]]), [[c.t("ballot-kind-motion"), "motion"]]]],
  year: (c, a) => [c.t("newballot-year"), [years(c, a).map((y): [string, string] => [String(y), `y${y}`])]],
  title: (c, a) => [c.t("newballot-title", { title: esc(titleOf(c, a)) }), [[[c.t("btn-use-title"), "ok"]]]],
  cands: (c) => [c.t("newballot-candidates"), [[[c.t("btn-all-boards"), "all"]], [[c.t("btn-choose-boards"), "some"]], [[c.t("btn-nominations"), "nominate"]]]],
  boards: (c, a) => {
    const chosen = new Set(a.chosen ?? []);
    const rows: Row[] = [];
    c.s.boards.forEach((b, i) => {
      if (i % 3 === 0) rows.push([]);
      rows.at(-1)!.push([`${chosen.has(b.id) ? "✅ " : ""}${b.shortName}`, `b${b.id}`]);
    });
    return [c.t("newballot-pick-boards"), [...rows, [[c.t("btn-done", { count: chosen.size }), "done"]]]];
  },
  picks: (c, a) => {
    const award = awardOf(c, a)!;
    return [c.t("newballot-picks", { proposed: award.maxProposed, default: award.picksPerVoter }), [Array.from({ length: mostPicks(c, a) }, (_, i): [string, string] => [`${i + 1 === award.picksPerVoter ? "★ " : ""}${i + 1}`, `p${i + 1}`])]];
  },
  secret: (c) => [c.t("newballot-secret"), [[[c.t("btn-secret"), "secret"], [c.t("btn-open"), "open"]]]],
  closes: (c) => [c.t("newballot-closes", closesExample(c)), [[[c.t("btn-hours", { n: 2 }), "h2"], [c.t("btn-hours", { n: 24 }), "h24"]], [[c.t("btn-days", { n: 3 }), "h72"], [c.t("btn-days", { n: 7 }), "h168"]]]],
  quorum: (c) => {
    const [half, twoThirds] = quorums(c);
    return [c.t("newballot-quorum", { eligible: c.s.boards.length }), [[[c.t("btn-quorum-half", { n: half! }), `q${half}`], [c.t("btn-quorum-two-thirds", { n: twoThirds! }), `q${twoThirds}`]], [[c.t("btn-quorum-none"), "q0"]]]];
  },
  tie: (c) => [c.t("newballot-tie"), [[[c.t("tie-runoff"), "runoff"]], [[c.t("tie-leader"), "leader"]]]],
  confirm: (c, a) => {
    const award = awardOf(c, a);
    const kind = kindOf(a);
    const summary = c.t("newballot-summary", {
      title: esc(titleOf(c, a)),
      kind: kind === "award" ? esc(awardName(c, award!)) : c.t(`ballot-kind-${kind}`),
      year: a.year!,
      candidates: a.cands === "nominate" ? c.t("btn-nominations") : kind === "motion" ? c.t("motion-options") : esc(clip(candidatesOf(c, a).map((x) => x.label).join(", "), 600)),
      picks: a.picks ?? 1,
      proposed: award ? award.maxProposed : 1,
      secret: a.secret ? "yes" : "no",
      closes: a.closesAt ? formatDateTime(new Date(a.closesAt), c.s.locale, c.s.zone) : c.t("newballot-closes-in", { hours: a.closesInHours ?? 0, privately: c.privately ? "yes" : "no" }),
      quorum: a.quorum!,
      eligible: c.s.boards.length,
      tie: tieText(c.t, kind, a.tie ?? "runoff"),
      privately: c.privately ? "yes" : "no",
    });
    // Said as it will happen: to the group, or (no group) to each board's people in private.
    if (c.privately) return [`${summary}\n${c.t("newballot-goes-privately", { nominations: a.cands === "nominate" ? "yes" : "no" })}`, [[[c.t("btn-send-privately"), "post"]]]];
    return [summary, [[[c.t("btn-post"), "post"]]]];
  },
};

/** The question of position `p`, `lead` in front. More buttons than a keyboard holds (a button per board) continue in another message (ask.ts). */
function promptOf(c: Ctx, p: BallotPos, lead: string): Prompt {
  const withLead = (text: string) => [lead, text].filter(Boolean).join("\n");
  const cancel: [string, string] = [c.t("btn-cancel"), "cancel"];
  if (p.at === "draft") {
    const a = c.draft ?? {};
    return prompt(withLead(c.t("newballot-draft-found", { title: esc(a.kind ? titleOf(c, a) : "—") })), [[[c.t("btn-resume"), "resume"], [c.t("btn-restart"), "restart"]]], [[cancel]]);
  }
  const step = current(c, p.answers);
  const [text, rows] = QUESTIONS[step](c, p.answers);
  return prompt(withLead(text), rows, [[...(step === "kind" ? [] : [[c.t("btn-back"), "back"] as [string, string]]), cancel]]);
}

/**
 * A pressed choice at `step`: the answers it makes, "refused" (not one this
 * step offers), "cancel" (a year not offered: forged data ends the dialogue),
 * or "need-two" (done with fewer than two boards chosen).
 */
function choose(c: Ctx, step: Exclude<Step, "confirm">, a: BallotAnswers, action: string): BallotAnswers | "refused" | "cancel" | "need-two" {
  const b: BallotAnswers = { ...a };
  const num = (prefix: string) => (new RegExp(`^${prefix}\\d{1,9}$`).test(action) ? Number(action.slice(prefix.length)) : NaN);
  switch (step) {
    case "kind":
      if (!isAnswerKind(action) || (action.startsWith("award:") && !awardOf(c, { kind: action }))) return "refused";
      b.kind = action;
      return b;
    case "year": {
      const y = num("y");
      if (!years(c, a).includes(y)) return "cancel";
      return { ...b, year: y };
    }
    case "title":
      return action === "ok" ? { ...b, titleOk: true } : "refused";
    case "cands":
      return action === "all" || action === "some" || action === "nominate" ? { ...b, cands: action } : "refused";
    case "boards": {
      if (action === "done") return (a.chosen?.length ?? 0) >= 2 ? { ...b, chosenOk: true } : "need-two";
      const id = num("b");
      if (!c.s.boards.some((x) => x.id === id)) return "refused";
      const chosen = new Set(a.chosen ?? []);
      if (chosen.has(id)) chosen.delete(id);
      else chosen.add(id);
      return { ...b, chosen: c.s.boards.filter((x) => chosen.has(x.id)).map((x) => x.id) };
    }
    case "picks": {
      const k = num("p");
      return k >= 1 && k <= mostPicks(c, a) ? { ...b, picks: k } : "refused";
    }
    case "secret":
      return action === "secret" || action === "open" ? { ...b, secret: action === "secret" } : "refused";
    case "closes": {
      const hours = num("h");
      if (!HOURS.includes(hours)) return "refused";
      delete b.closesAt;
      return { ...b, closesInHours: hours };
    }
    case "quorum": {
      const q = num("q");
      return quorums(c).includes(q) ? { ...b, quorum: q } : "refused";
    }
    case "tie":
      return action === "runoff" || action === "leader" ? { ...b, tie: action } : "refused";
  }
}

/** A typed answer at `step` (a title, a closing time): the answers it makes, or the line saying why not. Other steps take buttons only. */
function typeIn(c: Ctx, step: Step, a: BallotAnswers, text: string): { answers: BallotAnswers; ref: string } | { refused: string; vars?: MessageVars; ref: string | null } {
  if (step === "title") {
    const typed = validTitle(text);
    return typed ? { answers: { ...a, title: typed }, ref: "title" } : { refused: "newballot-title-length", ref: "title" };
  }
  if (step === "closes") {
    const at = validClose(c, text);
    if (!at) return { refused: "newballot-closes-bad", vars: closesExample(c), ref: "closes" };
    const b = { ...a, closesAt: at };
    delete b.closesInHours;
    return { answers: b, ref: "closes" };
  }
  return { refused: "report-press-button", ref: null };
}

export function newBallotConversation(deps: Deps) {
  return async function newBallot(conversation: Conversation<BotContext, ConvContext>, ctx: ConvContext, input: DialogueInput<object>) {
    const s = await boot(conversation, (octx) => setup(deps, octx));
    const t = translator(deps.i18n, s.locale);
    if (!s.ok) return void (await ctx.reply(t(s.key!)));
    const run = new DialogueRun<BallotPos>(conversation, ctx, NEW_BALLOT, input, t, { other: "report-press-button", editOld: "newballot-edit-old" }, s);
    run.needs((octx) => canManageBallots(octx.actor), () => deleteDialogueDraft(deps.db, s.personId, NEW_BALLOT.id));
    const saved = await run.begin();
    const draft = await work(conversation, async () => (await getDialogueDraft(deps.db, s.personId, NEW_BALLOT.id, ballotAnswersSchema))?.data ?? null);
    const c: Ctx = { s, t, draft, now: new Date(s.now), privately: s.privately === true };

    // A saved position is taken back as it is (its prompt is on screen); answers
    // naming an award kind no longer in the bloc file start over.
    let pos: BallotPos = saved ?? (run.resumed ? { at: "step", answers: draft ?? {} } : draft && Object.keys(draft).length > 0 ? { at: "draft" } : { at: "step", answers: {} });
    if (pos.at === "step" && pos.answers.kind?.startsWith("award:") && !awardOf(c, pos.answers)) pos = { at: "step", answers: {} };
    let lead = "";

    /** The answers taken: kept in the draft, and the next question shown. */
    async function take(answers: BallotAnswers, echo?: string): Promise<Turn> {
      await work(conversation, () => saveDialogueDraft(deps.db, s.personId, NEW_BALLOT.id, answers, deps.clock.now()));
      if (echo) lead = echo;
      if (current(c, answers) === "confirm") c.privately = await work(conversation, () => goesPrivately(deps));
      pos = { at: "step", answers };
      return "next";
    }
    const refuse = async (key: string, vars?: MessageVars): Promise<Turn> => {
      await run.say(t(key, vars));
      return "refused";
    };
    async function cancelled(): Promise<Turn> {
      await work(conversation, () => deleteDialogueDraft(deps.db, s.personId, NEW_BALLOT.id));
      await run.say(t("newballot-cancelled"));
      return "end";
    }

    /** A reply to the question on screen. */
    async function answer(x: Reply): Promise<Turn> {
      if (x.kind === "edit") return edit(x);
      const action = x.kind === "button" ? x.action : null;
      if (action === "cancel") return cancelled();
      if (pos.at === "draft") {
        if (action === "resume" || action === "restart") return take(action === "resume" ? (draft ?? {}) : {});
        return x.kind === "text" ? refuse("report-press-button") : "refused";
      }
      const a = pos.answers;
      const step = current(c, a);
      if (action === "back") {
        const steps = stepsOf(a, awardOf(c, a));
        const i = steps.indexOf(step);
        return i <= 0 ? "refused" : take(unanswer(steps[i - 1]!, a));
      }
      if (x.kind === "text") {
        const r = typeIn(c, step, a, x.text);
        run.last = { mid: x.mid, q: run.q, ok: "answers" in r, ref: r.ref };
        return "answers" in r ? take(r.answers) : refuse(r.refused, r.vars);
      }
      if (step === "confirm") return action === "post" ? post(a) : "refused";
      const b = choose(c, step, a, action!);
      if (b === "cancel") return cancelled();
      if (b === "need-two") {
        await run.say(t("newballot-need-two"));
        return "again";
      }
      if (b === "refused") return "refused";
      // The deputy is not the board already elected leader for that year.
      if (step === "cands" && b.cands === "all" && a.kind === "deputy") {
        const year = a.year!;
        b.exclude = await work(conversation, () => leaderBoardOf(deps, year));
      }
      return take(b);
    }

    /** An edit of the latest typed answer (a title or a closing time): read again as typed there; if accepted, it replaces the answer. */
    async function edit(x: Reply & { kind: "edit" }): Promise<Turn> {
      const last = run.last!;
      if (!last.ok && last.q === run.q) return answer({ kind: "text", text: x.text, mid: x.mid });
      if (pos.at !== "step" || !last.ok || (last.ref !== "title" && last.ref !== "closes")) {
        await run.say(t("newballot-edit-old"), { parse_mode: "HTML" });
        return "refused";
      }
      const r = typeIn(c, last.ref, pos.answers, x.text);
      if (!("answers" in r)) return refuse(r.refused, r.vars);
      const shown = last.ref === "title" ? esc(r.answers.title!) : formatDateTime(new Date(r.answers.closesAt!), s.locale, s.zone);
      return take(r.answers, t("newballot-edit-applied", { value: shown }));
    }

    async function post(a: BallotAnswers): Promise<Turn> {
      const award = awardOf(c, a);
      const kind = kindOf(a);
      const title = titleOf(c, a);
      const candidates = candidatesOf(c, a);
      const nominationRound = a.cands === "nominate";
      // The external's result is replayed from the log: plain JSON, no outer variables.
      const posted = await work(conversation, async (octx): Promise<{ id: number | null; problems: string[]; privately?: number | null; at?: string }> => {
        const bloc = await getBloc(deps.db);
        if (!bloc || (!bloc.groupChatId && (await copyMode(deps)) === "group") || !canManageBallots(octx.actor)) return { id: null, problems: [] };
        const postedAt = deps.clock.now();
        const closes = a.closesAt ? new Date(a.closesAt) : new Date(postedAt.getTime() + a.closesInHours! * 3600_000);
        if (closes.getTime() <= postedAt.getTime() + 60_000) return { id: -1, problems: [], at: postedAt.toISOString() };
        const eligible = (await listBoards(deps.db, { activeOnly: true })).map((b) => b.id);
        const ballotId = await createNewBallot(deps, {
          kind, awardKindCode: award?.code ?? null, year: a.year!, title, secret: a.secret === true, picksPerVoter: a.picks ?? 1, maxWinners: award ? award.maxProposed : 1,
          quorum: a.quorum!, tieRule: a.tie ?? "runoff", allowSelfVote: award?.allowSelfVote ?? true, createdById: s.personId, closesAt: closes, chatId: bloc.groupChatId,
          candidates: nominationRound ? [] : candidates.filter((x) => x.boardId === null || eligible.includes(x.boardId)), eligibleBoardIds: eligible, now: deps.clock.now(),
        }, s.personId);
        await deleteDialogueDraft(deps.db, s.personId, NEW_BALLOT.id);
        const key = await postBallot(deps, ballotId);
        // why the post did not go out, if it did not; how many it reached in private when the bloc has no group
        return { id: ballotId, problems: await postProblems(deps, t, s.locale, key), privately: await postedPrivately(deps, key) };
      });
      const { id, problems } = posted;
      const privately = posted.privately ?? null;
      // Too late by now: the example is a closing time ahead of now, not of the dialogue's start.
      if (id === -1) await run.say(t("newballot-closes-bad", { exampleClosesAt: closingTimeExample(new Date(posted.at!), s.zone) }));
      else if (id !== null && privately !== null) await run.say(t("newballot-sent-privately", { id, count: privately, nominations: nominationRound ? "yes" : "no" }), { parse_mode: "HTML" });
      else if (id !== null && problems.length) await run.say([t("newballot-waiting", { id }), ...problems].join("\n"), { parse_mode: "HTML" });
      else await run.say(id === null ? t("not-allowed") : t(nominationRound ? "newballot-posted-nominations" : "newballot-posted", { id: id ?? 0 }), { parse_mode: "HTML" });
      return "end";
    }

    await converse(run, {
      show: !saved && !run.resumed,
      position: () => pos,
      prompt: () => {
        const p = promptOf(c, pos, lead);
        lead = "";
        return p;
      },
      answer,
      paused: "newballot-paused",
    });
  };
}

/** /newballot, as dialogue.ts runs it. */
export function newBallotDialogue(deps: Deps): DialogueSpec<object> {
  return {
    ...NEW_BALLOT,
    builder: newBallotConversation(deps),
    describe: async (ctx) => ctx.t("dialogue-newballot"),
    putAside: async (ctx) => ctx.t("dialogue-newballot-aside"),
    async cancel(ctx) {
      if (ctx.person) await deleteDialogueDraft(deps.db, ctx.person.id, NEW_BALLOT.id);
    },
  };
}
