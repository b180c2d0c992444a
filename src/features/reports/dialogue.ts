// The monthly report as a dialogue: wait for a reply, hand it to the draft's pure
// state function (rules/draft.ts), save, render (views.ts), through the ask
// helper every dialogue shares (chat/conversations/ask.ts). Its data come from
// the use cases (use-cases.ts). The values live in the draft (ReportDraft), saved
// with every accepted answer; where the dialogue stands ({ step, amend }) is saved
// with the conversation at every step (chat/conversations/dialogue.ts); so a
// restart, an idle close, a release or a hard stop loses nothing.
//
// The builder is replayed from the top on every update (and entered again every
// REENTER_AFTER answers, which keeps the replay, and the cost of an answer, flat):
// the database and the clock are read in conversation.external, which returns
// plain JSON values.
import type { Conversation } from "@grammyjs/conversations";
import type { BotContext, ConvContext } from "../../chat/context.js";
import type { Deps } from "../../shared/deps.js";
import { esc } from "../../shared/text/html.js";
import { formatMonth } from "../../shared/i18n/format.js";
import { translator } from "../../shared/i18n/messages.js";
import { inEveryLocale } from "../../shared/i18n/locale.js";
import { messengerOfChatId } from "../../shared/messaging/messengers.js";
import { flushGroupPosts, queuePost } from "../group/use-cases.js";
import { POST_STALE_MS } from "../../shared/messaging/group-posts.js";
import { canSubmitFor } from "../../shared/bloc/roles.js";
import { boot, DialogueRun, type DialogueInput, type DialogueSpec } from "../../chat/conversations/dialogue.js";
import { work } from "../../chat/conversations/work.js";
import { converse, type Reply, type Turn } from "../../chat/conversations/ask.js";
import { advance, ahead, begin, type DraftEvent, type DraftFacts, type DraftState, type Note, type SavedDraftPos, type Step } from "./rules/draft.js";
import { amendedNotice, noteText, promptOf, type ReportLook } from "./views.js";
import { discardDraft, discardLatestDraft, draftOf, keepDraft, openReport, reportNames, sendReport } from "./use-cases.js";

export type ReportArgs = { boardId: number; periodId: number };

/** The report dialogue's id, buttons' prefix and version (raise it with every change of its code: dialogues open under another version continue from their saved position). */
export const REPORT = { id: "report", prefix: "rq", version: 7 } as const;
export const REPORT_CONVERSATION = REPORT.id;
export const REPORT_VERSION = REPORT.version;

export function reportConversation(deps: Deps) {
  return async function report(conversation: Conversation<BotContext, ConvContext>, ctx: ConvContext, input: DialogueInput<ReportArgs>) {
    const args = input.args;
    // What boot() returns keeps the shape older builds logged ({ ok, session } with the
    // facts flat in it): a replay of an older log fails on its ops ("Bad replay"), not here.
    const loaded = await boot(conversation, async (octx) => {
      if (!octx.person) return { ok: false as const, key: "not-allowed", locale: octx.locale };
      const opened = await openReport(deps, { personId: octx.person.id, actor: octx.actor }, args);
      return opened.ok ? { ok: true as const, session: { ...opened.session, locale: octx.locale, personId: octx.person.id } } : { ...opened, locale: octx.locale };
    });
    if (!loaded.ok) return void (await ctx.reply(translator(deps.i18n, loaded.locale)(loaded.key)));
    const s = loaded.session;
    const f: DraftFacts = s; // the facts of the draft's state function, as loaded
    const t = translator(deps.i18n, s.locale);
    const key = { personId: s.personId, boardId: args.boardId, periodId: args.periodId };
    const look: ReportLook = {
      t, locale: s.locale, zone: deps.config.timeZone, boardName: s.boardName, month: formatMonth(s.period, s.locale), deadlineAt: s.period.deadlineAt, reference: s.report?.reference ?? null,
      messenger: messengerOfChatId(ctx.chat?.id ?? 0),
    };
    const run = new DialogueRun<SavedDraftPos>(conversation, ctx, REPORT, input, t, { other: "report-text-only", editOld: "report-edit-old" }, loaded);
    run.needs((octx) => canSubmitFor(octx.actor, args.boardId), () => discardDraft(deps, key));
    const saved = await run.begin();
    // Entered again: the values are the draft's in the database (read now: the session may be older).
    const stored = run.resumed && saved?.step.at !== "draft" ? await work(conversation, () => draftOf(deps, key)) : null;
    const first = begin(f, run.resumed ? { saved, stored } : null);
    let state: DraftState = first.state;
    let lead: Note | null = first.lead;
    const say = async (note: Note) => {
      const said = noteText(look, f, note);
      await run.say(said.text, said.html ? { parse_mode: "HTML" } : undefined);
    };

    /** Does what a step says (rules/draft.ts, Step), sending the report when asked to; returns the dialogue's turn. */
    async function perform(step: Step): Promise<Turn> {
      state = step.state;
      if (step.lead) lead = step.lead;
      if (step.discard) await work(conversation, () => discardDraft(deps, key));
      if (step.save) {
        const { values, baseVersion } = state;
        await work(conversation, () => keepDraft(deps, key, values, baseVersion));
      }
      for (const note of step.say) await say(note);
      if (typeof step.next === "object") {
        const reason = step.next.submit;
        const { values, baseVersion } = state;
        const outcome = await work(conversation, () => sendReport(deps, { ...key, values, baseVersion, reason, indicators: f.indicators }));
        const turn = await perform(advance(f, state, { kind: "submitted", reason, outcome }));
        if (outcome.ok && outcome.kind === "amended" && outcome.summaryPosted) {
          const amended = { reference: outcome.reference, version: outcome.version, changes: outcome.changes };
          await work(conversation, (octx) => tellGroup(deps, octx, s.boardName, s.period, f.indicators, amended));
        }
        return turn;
      }
      return step.next === "show" ? "next" : step.next;
    }

    async function answer(reply: Reply): Promise<Turn> {
      // The draft as the database holds it: the catch-up after a hard stop (rules/draft.ts).
      // Decided inside external(): the conversation's log keeps null, not the whole draft, at every answer.
      const mayBeBehind = reply.kind !== "button" && state.pos.at === "ask" && !state.amend && !reply.text.includes("\n");
      const current = mayBeBehind ? await work(conversation, async () => ahead(f, state, reply.text, (await draftOf(deps, key))?.values ?? null)) : null;
      let e: DraftEvent;
      if (reply.kind === "button") e = { kind: "button", action: reply.action };
      else if (reply.kind === "text") e = { kind: "text", text: reply.text, stored: current };
      else e = { kind: "edit", text: reply.text, last: { ok: run.last!.ok, ref: run.last!.ref, onScreen: run.last!.q === run.q }, stored: current };
      const step = advance(f, state, e);
      if (step.typed && reply.kind !== "button") run.last = { mid: reply.mid, q: run.q, ok: step.typed.ok, ref: step.typed.ref };
      return perform(step);
    }

    await converse(run, {
      show: first.show,
      position: () => ({ step: state.pos, amend: state.amend }),
      prompt: () => {
        const p = promptOf(look, f, state, lead);
        lead = null;
        return p;
      },
      answer,
      paused: "report-paused",
    });
  };
}

/**
 * When an amendment lands after the period's summary was posted, the group hears
 * what changed, through the group's outbox (sent now, or when the group can take
 * it; with no group, each board's focal persons and heads in private, as the
 * summary went). A failure here is logged, not shown to the person, whose
 * amendment is stored.
 */
async function tellGroup(
  deps: Deps, octx: BotContext, board: string, period: { year: number; month: number }, indicators: Parameters<typeof amendedNotice>[2],
  amended: { reference: string; version: number; changes: { code: string; old: number | null; new: number | null }[] },
): Promise<void> {
  try {
    // In each language: the group reads the bloc's default; with no group, each board's people read theirs (private copies).
    const texts = inEveryLocale((locale) => amendedNotice(translator(deps.i18n, locale), locale, indicators, board, formatMonth(period, locale), amended.changes));
    await queuePost(deps, `amended:${amended.reference}:${amended.version}`, { kind: "text", text: texts[deps.config.defaultLocale], texts }, POST_STALE_MS.amendment);
    await flushGroupPosts(deps);
  } catch (err) {
    deps.logger.warn({ err, board }, "could not tell the group about an amendment");
  }
}

/** The report dialogue, as chat/conversations/dialogue.ts runs it. */
export function reportDialogue(deps: Deps): DialogueSpec<ReportArgs> {
  async function names(ctx: BotContext, args: ReportArgs) {
    const n = await reportNames(deps, args.boardId, args.periodId);
    return { board: esc(n.board ?? "?"), month: n.period ? formatMonth(n.period, ctx.locale) : "?" };
  }
  return {
    ...REPORT,
    builder: reportConversation(deps),
    describe: async (ctx, args) => ctx.t("dialogue-report", await names(ctx, args)),
    putAside: async (ctx, args) => ctx.t("dialogue-report-aside", await names(ctx, args)),
    async cancel(ctx, args) {
      if (!ctx.person) return;
      if (Number.isInteger(args.boardId) && Number.isInteger(args.periodId)) return discardDraft(deps, { personId: ctx.person.id, boardId: args.boardId, periodId: args.periodId });
      // Arguments not understood: the draft being filled is the person's latest open one.
      await discardLatestDraft(deps, ctx.person.id);
    },
  };
}
