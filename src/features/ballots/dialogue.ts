// Creating a ballot, in a private conversation with an admin or the leader's
// secretariat: kind, year, title, candidates (all boards, a chosen few, or a
// nomination round), picks per voter, secret or open, closing time, quorum and
// the tie rule, then a confirmation, then the post in the group. Each step can be
// gone back on (◀). The answers so far are where the dialogue stands (BallotPos,
// saved at every step, dialogue.ts) and a draft (DialogueDraft), so that it can be
// entered again at any step, and resumed by /newballot after it ended unfinished.
import { InlineKeyboard } from "grammy";
import type { Conversation } from "@grammyjs/conversations";
import { DateTime } from "luxon";
import type { BotContext, ConvContext } from "../../chat/context.js";
import type { Deps } from "../../shared/deps.js";
import type { Locale } from "../../shared/i18n/locale.js";
import { esc, clip } from "../../shared/text/html.js";
import { formatDateTime } from "../../shared/i18n/format.js";
import { translator } from "../../shared/i18n/messages.js";
import { keyboardParts } from "../../chat/keyboards.js";
import { getBloc } from "../../shared/bloc/store.js";
import { listBoards } from "../../shared/bloc/store.js";
import { createBallot } from "./store.js";
import { audit } from "../../shared/db/people.js";
import { majorityQuorum, twoThirdsQuorum, type BallotKind, type TieRule, MOTION_OPTIONS } from "./rules.js";
import { canManageBallots } from "../../shared/bloc/roles.js";
import { ballotYears } from "../history/rules.js";
import { postBallot } from "./jobs.js";
import { deleteDialogueDraft, getDialogueDraft, saveDialogueDraft } from "../../chat/conversations/drafts.js";
import { postProblems } from "../group/outbox.js";
import { boot, DialogueRun, type Answer, type DialogueInput, type DialogueSpec } from "../../chat/conversations/dialogue.js";

export const NEW_BALLOT_CONVERSATION = "new-ballot";

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
};

async function setup(deps: Deps, octx: BotContext): Promise<Setup> {
  const locale = octx.locale;
  const base = { locale, personId: octx.person?.id ?? 0, boards: [], awards: [], now: deps.clock.now().toISOString(), year: 0, month: 0, zone: deps.config.timeZone };
  if (!octx.person || !canManageBallots(octx.actor)) return { ...base, ok: false, key: "not-allowed" };
  const bloc = await getBloc(deps.db);
  if (!bloc?.groupChatId) return { ...base, ok: false, key: "digest-no-group" };
  const boards = (await listBoards(deps.db, { activeOnly: true })).map((b) => ({ id: b.id, shortName: b.shortName }));
  const awards = (await deps.db.awardKind.findMany({ where: { active: true }, orderBy: { id: "asc" } })).map((a) => ({
    code: a.code, nameVi: a.nameVi, nameEn: a.nameEn, picksPerVoter: a.picksPerVoter, maxProposed: a.maxProposed, allowSelfVote: a.allowSelfVote,
  }));
  const today = DateTime.fromJSDate(deps.clock.now(), { zone: deps.config.timeZone });
  return { ...base, ok: true, boards, awards, year: today.year, month: today.month };
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
  kind?: string; // leader | deputy | motion | award:<code>
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

type Step = "kind" | "year" | "title" | "cands" | "boards" | "picks" | "secret" | "closes" | "quorum" | "tie" | "confirm";

/** Where /newballot stands (saved at every step, dialogue.ts): the draft question, or the answers so far (the step is the first unanswered). */
export type BallotPos = { at: "draft" } | { at: "step"; answers: BallotAnswers };

/** Raise with every change of this dialogue's code: dialogues open under another version continue from their saved position (dialogue.ts). */
export const NEW_BALLOT_VERSION = 4;

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

type Outcome = { answers: BallotAnswers; echo?: string } | "again" | "refused" | "end";

export function newBallotConversation(deps: Deps) {
  return async function newBallot(conversation: Conversation<BotContext, ConvContext>, ctx: ConvContext, input: DialogueInput<object>) {
    const s = await boot(conversation, (octx) => setup(deps, octx));
    const t = translator(deps.i18n, s.locale);
    if (!s.ok) {
      await ctx.reply(t(s.key!));
      return;
    }
    const run = new DialogueRun<BallotPos>(conversation, ctx, { id: NEW_BALLOT_CONVERSATION, prefix: "nb", version: NEW_BALLOT_VERSION }, input, t, { other: "report-press-button", editOld: "newballot-edit-old" }, s);
    run.needs((octx) => canManageBallots(octx.actor), () => deleteDialogueDraft(deps.db, s.personId, NEW_BALLOT_CONVERSATION));
    const saved = await run.begin();
    const draft = await conversation.external(async () => (await getDialogueDraft<BallotAnswers>(deps.db, s.personId, NEW_BALLOT_CONVERSATION))?.data ?? null);
    const now = new Date(s.now);
    const html = { parse_mode: "HTML" as const };
    const awardOf = (a: BallotAnswers) => (a.kind?.startsWith("award:") ? s.awards.find((x) => `award:${x.code}` === a.kind) : undefined);
    const n = s.boards.length;

    // A saved position is taken back as it is (its prompt is on screen); answers
    // naming an award kind no longer in the bloc file start over.
    let pos: BallotPos;
    let show = true;
    if (saved) {
      pos = saved;
      show = false;
    } else if (run.resumed) {
      pos = { at: "step", answers: draft ?? {} };
      show = false;
    } else {
      pos = draft && Object.keys(draft).length > 0 ? { at: "draft" } : { at: "step", answers: {} };
    }
    if (pos.at === "step" && pos.answers.kind?.startsWith("award:") && !awardOf(pos.answers)) pos = { at: "step", answers: {} };
    let echo = "";

    const current = (a: BallotAnswers): Step => stepsOf(a, awardOf(a)).find((st) => !answered(st, a))!;
    const titleOf = (a: BallotAnswers) => {
      const award = awardOf(a);
      const kind: BallotKind = a.kind?.startsWith("award:") ? "award" : (a.kind as BallotKind);
      return a.title ?? t(`ballot-default-title-${kind}`, { year: a.year ?? defaultYear(a), award: award ? (s.locale === "vi" ? award.nameVi : award.nameEn) : "" });
    };
    // The years offered, the usual one first: an election is for the year after the
    // one the year-end conference reviews, an award for the reviewed year's work
    // (features/history/rules.ts ballotYears).
    const years = (a: BallotAnswers) => ballotYears(a.kind?.startsWith("award:") ? "award" : (a.kind as "leader" | "deputy" | "motion"), s.year, s.month);
    const defaultYear = (a: BallotAnswers) => years(a)[0]!;
    const mostPicks = (a: BallotAnswers) => Math.max(1, Math.min(5, a.cands === "nominate" ? 5 : candidatesOf(a).length - 1));
    const quorums = () => [majorityQuorum(n), twoThirdsQuorum(n), 0];
    function candidatesOf(a: BallotAnswers): { boardId: number | null; label: string }[] {
      if (a.kind === "motion") return MOTION_OPTIONS.map((o) => ({ boardId: null, label: o }));
      if (a.cands === "all") return s.boards.filter((b) => b.id !== a.exclude).map((b) => ({ boardId: b.id, label: b.shortName }));
      if (a.cands === "some") return s.boards.filter((b) => a.chosen?.includes(b.id)).map((b) => ({ boardId: b.id, label: b.shortName }));
      return [];
    }

    async function keep(a: BallotAnswers) {
      await conversation.external(() => saveDialogueDraft(deps.db, s.personId, NEW_BALLOT_CONVERSATION, a, deps.clock.now()));
    }

    async function showPrompt(p: BallotPos) {
      const lead = echo;
      echo = "";
      const say = async (text: string, rows: [string, string][][], back: boolean) => {
        // More buttons than a keyboard holds (a button per board) continue in another message.
        const keyboards = keyboardParts(
          rows.map((row) => row.map(([label, action]) => InlineKeyboard.text(label, run.data(action)))),
          [[...(back ? [InlineKeyboard.text(t("btn-back"), run.data("back"))] : []), InlineKeyboard.text(t("btn-cancel"), run.data("cancel"))]],
        );
        for (const [i, kb] of keyboards.entries()) await run.say(i === 0 ? [lead, text].filter(Boolean).join("\n") : t("buttons-continued"), { ...html, reply_markup: kb });
      };
      if (p.at === "draft") {
        const a = draft ?? {};
        return say(t("newballot-draft-found", { title: esc(a.kind ? titleOf(a) : "—") }), [[[t("btn-resume"), "resume"], [t("btn-restart"), "restart"]]], false);
      }
      const a = p.answers;
      const award = awardOf(a);
      switch (current(a)) {
        case "kind": {
          const rows: [string, string][][] = [[[t("ballot-kind-leader"), "leader"], [t("ballot-kind-deputy"), "deputy"]]];
          for (const x of s.awards) rows.push([[s.locale === "vi" ? x.nameVi : x.nameEn, `award:${x.code}`]]);
          rows.push([[t("ballot-kind-motion"), "motion"]]);
          return say(t("newballot-kind"), rows, false);
        }
        case "year":
          return say(t("newballot-year"), [years(a).map((y) => [String(y), `y${y}`] as [string, string])], true);
        case "title":
          return say(t("newballot-title", { title: esc(titleOf(a)) }), [[[t("btn-use-title"), "ok"]]], true);
        case "cands":
          return say(t("newballot-candidates"), [[[t("btn-all-boards"), "all"]], [[t("btn-choose-boards"), "some"]], [[t("btn-nominations"), "nominate"]]], true);
        case "boards": {
          const chosen = new Set(a.chosen ?? []);
          const rows: [string, string][][] = [];
          s.boards.forEach((b, i) => {
            if (i % 3 === 0) rows.push([]);
            rows[rows.length - 1]!.push([`${chosen.has(b.id) ? "✅ " : ""}${b.shortName}`, `b${b.id}`]);
          });
          rows.push([[t("btn-done", { count: chosen.size }), "done"]]);
          return say(t("newballot-pick-boards"), rows, true);
        }
        case "picks": {
          const rows: [string, string][][] = [Array.from({ length: mostPicks(a) }, (_, i) => [`${i + 1 === award!.picksPerVoter ? "★ " : ""}${i + 1}`, `p${i + 1}`] as [string, string])];
          return say(t("newballot-picks", { proposed: award!.maxProposed, default: award!.picksPerVoter }), rows, true);
        }
        case "secret":
          return say(t("newballot-secret"), [[[t("btn-secret"), "secret"], [t("btn-open"), "open"]]], true);
        case "closes":
          return say(t("newballot-closes"), [[[t("btn-hours", { n: 2 }), "h2"], [t("btn-hours", { n: 24 }), "h24"]], [[t("btn-days", { n: 3 }), "h72"], [t("btn-days", { n: 7 }), "h168"]]], true);
        case "quorum": {
          const [half, twoThirds] = quorums();
          return say(t("newballot-quorum", { eligible: n }), [[[t("btn-quorum-half", { n: half! }), `q${half}`], [t("btn-quorum-two-thirds", { n: twoThirds! }), `q${twoThirds}`]], [[t("btn-quorum-none"), "q0"]]], true);
        }
        case "tie":
          return say(t("newballot-tie"), [[[t("tie-runoff"), "runoff"]], [[t("tie-leader"), "leader"]]], true);
        case "confirm": {
          const kind: BallotKind = a.kind!.startsWith("award:") ? "award" : (a.kind as BallotKind);
          const summary = t("newballot-summary", {
            title: esc(titleOf(a)),
            kind: kind === "award" ? esc(s.locale === "vi" ? award!.nameVi : award!.nameEn) : t(`ballot-kind-${kind}`),
            year: a.year!,
            candidates: a.cands === "nominate" ? t("btn-nominations") : kind === "motion" ? t("motion-options") : esc(clip(candidatesOf(a).map((c) => c.label).join(", "), 600)),
            picks: a.picks ?? 1,
            proposed: award ? award.maxProposed : 1,
            secret: a.secret ? "yes" : "no",
            closes: a.closesAt ? formatDateTime(new Date(a.closesAt), s.locale, s.zone) : t("newballot-closes-in", { hours: a.closesInHours ?? 0 }),
            quorum: a.quorum!,
            eligible: n,
            tie: t(`tie-${a.tie ?? "runoff"}`),
          });
          return say(summary, [[[t("btn-post"), "post"]]], true);
        }
      }
    }

    const validTitle = (text: string) => {
      const typed = text.trim();
      return typed.length >= 3 && typed.length <= 200 ? typed : null;
    };
    const validClose = (text: string) => {
      const at = parseLocalDateTime(text, s.zone);
      return at && at.getTime() > now.getTime() + 10 * 60_000 && at.getTime() <= now.getTime() + 90 * 86400_000 ? at.toISOString() : null;
    };

    async function cancelled(): Promise<"end"> {
      await conversation.external(() => deleteDialogueDraft(deps.db, s.personId, NEW_BALLOT_CONVERSATION));
      await run.say(t("newballot-cancelled"));
      return "end";
    }

    async function post(a: BallotAnswers): Promise<"end"> {
      const award = awardOf(a);
      const kind: BallotKind = a.kind!.startsWith("award:") ? "award" : (a.kind as BallotKind);
      const title = titleOf(a);
      const candidates = candidatesOf(a);
      const nominationRound = a.cands === "nominate";
      // The external's result is replayed from the log: plain JSON, no outer variables.
      const posted = await conversation.external(async (octx): Promise<{ id: number | null; problems: string[] }> => {
        const bloc = await getBloc(deps.db);
        if (!bloc?.groupChatId || !canManageBallots(octx.actor)) return { id: null, problems: [] };
        const postedAt = deps.clock.now();
        const closes = a.closesAt ? new Date(a.closesAt) : new Date(postedAt.getTime() + a.closesInHours! * 3600_000);
        if (closes.getTime() <= postedAt.getTime() + 60_000) return { id: -1, problems: [] };
        const eligible = (await listBoards(deps.db, { activeOnly: true })).map((b) => b.id);
        const ballotId = await createBallot(deps.db, {
          kind, awardKindCode: award?.code ?? null, year: a.year!, title, secret: a.secret === true, picksPerVoter: a.picks ?? 1, maxWinners: award ? award.maxProposed : 1,
          quorum: a.quorum!, tieRule: a.tie ?? "runoff", allowSelfVote: award?.allowSelfVote ?? true, createdById: s.personId, closesAt: closes, chatId: bloc.groupChatId,
          candidates: nominationRound ? [] : candidates.filter((c) => c.boardId === null || eligible.includes(c.boardId)), eligibleBoardIds: eligible, now: deps.clock.now(),
        });
        await audit(deps.db, s.personId, "ballot.create", { ballotId, kind, title }, deps.clock.now());
        await deleteDialogueDraft(deps.db, s.personId, NEW_BALLOT_CONVERSATION);
        const key = await postBallot(deps, octx.api, ballotId);
        return { id: ballotId, problems: await postProblems(deps, t, s.locale, key) }; // why the post did not go out, if it did not
      });
      const { id, problems } = posted;
      if (id === -1) {
        await run.say(t("newballot-closes-bad"));
        return "end";
      }
      if (id !== null && problems.length) {
        await run.say([t("newballot-waiting", { id }), ...problems].join("\n"), html);
        return "end";
      }
      await run.say(id === null ? t("not-allowed") : t(nominationRound ? "newballot-posted-nominations" : "newballot-posted", { id: id ?? 0 }), html);
      return "end";
    }

    /** The answer `x` to the prompt of position `p`. */
    async function apply(p: BallotPos, x: Answer & { kind: "text" | "button" }): Promise<Outcome> {
      const action = x.kind === "button" ? x.action : null;
      const text = x.kind === "text" ? x.text : null;
      if (action === "cancel") return cancelled();
      if (p.at === "draft") {
        if (action === "resume" || action === "restart") {
          const a = action === "resume" ? (draft ?? {}) : {};
          await keep(a);
          return { answers: a };
        }
        if (text !== null) await run.say(t("report-press-button"));
        return "refused";
      }
      const a = p.answers;
      const step = current(a);
      if (action === "back") {
        const steps = stepsOf(a, awardOf(a));
        const i = steps.indexOf(step);
        if (i <= 0) return "refused";
        const b = unanswer(steps[i - 1]!, a);
        await keep(b);
        return { answers: b };
      }
      if (text !== null) {
        if (step === "title") {
          const typed = validTitle(text);
          run.last = { mid: x.kind === "text" ? x.mid : 0, q: run.q, ok: typed !== null, ref: "title" };
          if (!typed) {
            await run.say(t("newballot-title-length"));
            return "refused";
          }
          const b = { ...a, title: typed };
          await keep(b);
          return { answers: b };
        }
        if (step === "closes") {
          const at = validClose(text);
          run.last = { mid: x.kind === "text" ? x.mid : 0, q: run.q, ok: at !== null, ref: "closes" };
          if (!at) {
            await run.say(t("newballot-closes-bad"));
            return "refused";
          }
          const b = { ...a, closesAt: at };
          delete b.closesInHours;
          await keep(b);
          return { answers: b };
        }
        run.last = { mid: x.kind === "text" ? x.mid : 0, q: run.q, ok: false, ref: null };
        await run.say(t("report-press-button"));
        return "refused";
      }
      const b: BallotAnswers = { ...a };
      const num = (prefix: string) => (action !== null && new RegExp(`^${prefix}\\d{1,9}$`).test(action) ? Number(action.slice(prefix.length)) : NaN);
      switch (step) {
        case "kind":
          if (action === "leader" || action === "deputy" || action === "motion" || (action?.startsWith("award:") && awardOf({ kind: action }))) b.kind = action!;
          else return "refused";
          break;
        case "year": {
          const y = num("y");
          if (!years(a).includes(y)) return cancelled(); // a year not offered: forged data ends the dialogue
          b.year = y;
          break;
        }
        case "title":
          if (action !== "ok") return "refused";
          b.titleOk = true;
          break;
        case "cands":
          if (action !== "all" && action !== "some" && action !== "nominate") return "refused";
          b.cands = action;
          if (action === "all" && a.kind === "deputy") {
            // The deputy is not the board already elected leader for that year.
            const year = a.year!;
            b.exclude = await conversation.external(async () => (await deps.db.blocOfficer.findUnique({ where: { year_role: { year, role: "leader" } } }))?.boardId ?? null);
          }
          break;
        case "boards": {
          if (action === "done") {
            if ((a.chosen?.length ?? 0) >= 2) {
              b.chosenOk = true;
              break;
            }
            await run.say(t("newballot-need-two"));
            return "again";
          }
          const id = num("b");
          if (!s.boards.some((x) => x.id === id)) return "refused";
          const chosen = new Set(a.chosen ?? []);
          if (chosen.has(id)) chosen.delete(id);
          else chosen.add(id);
          b.chosen = s.boards.filter((x) => chosen.has(x.id)).map((x) => x.id);
          break;
        }
        case "picks": {
          const k = num("p");
          if (!(k >= 1 && k <= mostPicks(a))) return "refused";
          b.picks = k;
          break;
        }
        case "secret":
          if (action !== "secret" && action !== "open") return "refused";
          b.secret = action === "secret";
          break;
        case "closes": {
          const hours = num("h");
          if (![2, 24, 72, 168].includes(hours)) return "refused";
          b.closesInHours = hours;
          delete b.closesAt;
          break;
        }
        case "quorum": {
          const q = num("q");
          if (!quorums().includes(q)) return "refused";
          b.quorum = q;
          break;
        }
        case "tie":
          if (action !== "runoff" && action !== "leader") return "refused";
          b.tie = action;
          break;
        case "confirm":
          if (action !== "post") return "refused";
          return post(a);
      }
      await keep(b);
      return { answers: b };
    }

    /** An edit of the latest typed answer (a title or a closing time): read again as typed there; if accepted, it replaces the answer. */
    async function applyEdit(p: BallotPos, x: Answer & { kind: "edit" }): Promise<Outcome> {
      const last = run.last!;
      if (!last.ok && last.q === run.q) return apply(p, { kind: "text", text: x.text, mid: x.mid });
      if (p.at === "step" && last.ok && (last.ref === "title" || last.ref === "closes")) {
        const b = { ...p.answers };
        if (last.ref === "title") {
          const typed = validTitle(x.text);
          if (!typed) {
            await run.say(t("newballot-title-length"));
            return "refused";
          }
          b.title = typed;
          echo = t("newballot-edit-applied", { value: esc(typed) });
        } else {
          const at = validClose(x.text);
          if (!at) {
            await run.say(t("newballot-closes-bad"));
            return "refused";
          }
          b.closesAt = at;
          delete b.closesInHours;
          echo = t("newballot-edit-applied", { value: formatDateTime(new Date(at), s.locale, s.zone) });
        }
        await keep(b);
        return { answers: b };
      }
      await run.say(t("newballot-edit-old"), html);
      return "refused";
    }

    for (;;) {
      if (show) {
        run.q++;
        await showPrompt(pos);
      }
      show = false;
      if ((await run.save(pos)) === "reenter") return;
      const x = await run.next();
      let outcome: Outcome;
      if (x.kind === "bound") {
        await run.say(t("newballot-paused", { count: run.refused }), html);
        return;
      }
      if (x.kind === "refused") continue;
      if (x.kind === "again") outcome = "again";
      else if (x.kind === "edit") outcome = await applyEdit(pos, x);
      else outcome = await apply(pos, x);
      if (outcome === "end") return;
      if (outcome === "again") show = true;
      else if (outcome === "refused") {
        if (run.refuse()) {
          await run.say(t("newballot-paused", { count: run.refused }), html);
          return;
        }
      } else {
        run.accepted();
        echo = outcome.echo ?? echo;
        pos = { at: "step", answers: outcome.answers };
        show = true;
      }
    }
  };
}

/** /newballot, as dialogue.ts runs it. */
export function newBallotDialogue(deps: Deps): DialogueSpec<object> {
  return {
    id: NEW_BALLOT_CONVERSATION,
    version: NEW_BALLOT_VERSION,
    prefix: "nb",
    builder: newBallotConversation(deps),
    describe: async (ctx) => ctx.t("dialogue-newballot"),
    putAside: async (ctx) => ctx.t("dialogue-newballot-aside"),
    async cancel(ctx) {
      if (ctx.person) await deleteDialogueDraft(deps.db, ctx.person.id, NEW_BALLOT_CONVERSATION);
    },
  };
}
