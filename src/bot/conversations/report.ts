// The monthly report as a dialogue: one question per indicator, each answer
// checked and echoed, a read-back with "send / change one item / cancel",
// paste mode, amendments with a reason, and a receipt. The conversation state is
// stored in the database (ConversationState), and every accepted answer is also
// saved as a draft (ReportDraft), so a restart or an idle close loses nothing.
//
// The builder is replayed from the top on every update: all database access and
// clock reads are in conversation.external, and return plain JSON values.
import { InlineKeyboard } from "grammy";
import type { Conversation } from "@grammyjs/conversations";
import type { BotContext, ConvContext, Deps, Locale } from "../context.js";
import { esc, clip } from "../html.js";
import { formatDateTime, formatMonth } from "../format.js";
import { translator, type Translate } from "../i18n.js";
import { retryPolicy } from "../retry.js";
import { findPerson } from "../../db/people.js";
import { getBoard } from "../../db/boards.js";
import { getBloc } from "../../db/bloc.js";
import { getPeriod } from "../../db/periods.js";
import { activeIndicators, deleteDraft, getDraft, getReport, saveDraft, submitReport, valuesFor } from "../../db/reports.js";
import { formatAmount, formatNumber, type ParseFailure, parseAmount } from "../../domain/numbers.js";
import { unitLabel } from "../../domain/units.js";
import {
  type IndicatorDef, type Values, diffValues, indicatorName, looksLikePaste, matchIndicator, mergeChanges, missingIndicators, parsePaste, plausibility, specOf,
} from "../../domain/reports.js";
import { randomBytes } from "node:crypto";
import type { Api } from "grammy";
import { canSubmitFor } from "../../domain/roles.js";
import { shiftPeriod } from "../../domain/schedule.js";

export const REPORT_CONVERSATION = "report";

export type ReportArgs = { boardId: number; periodId: number };

type Session = {
  locale: Locale;
  personId: number;
  boardName: string;
  period: { year: number; month: number; deadlineAt: string };
  indicators: IndicatorDef[];
  lastMonth: Values;
  lastYear: Values;
  report: { version: number; reference: string; values: Values; submittedByName: string | null; submittedAt: string } | null;
  draft: { values: Values; baseVersion: number } | null;
  zone: string;
};

type Loaded = { ok: true; session: Session } | { ok: false; key: string; locale: Locale };

async function loadSession(deps: Deps, octx: BotContext, args: ReportArgs): Promise<Loaded> {
  const locale = octx.locale;
  const person = octx.person;
  if (!person) return { ok: false, key: "not-allowed", locale };
  const [board, period] = await Promise.all([getBoard(deps.db, args.boardId), getPeriod(deps.db, args.periodId)]);
  if (!board || board.status !== "active" || !canSubmitFor(octx.actor, board.id)) return { ok: false, key: "report-not-focal", locale };
  if (!period) return { ok: false, key: "button-expired", locale };
  if (period.lockedAt) return { ok: false, key: "report-period-locked", locale };
  const [indicators, report, draft, lastMonth, lastYear] = await Promise.all([
    activeIndicators(deps.db),
    getReport(deps.db, board.id, period.id),
    getDraft(deps.db, person.id, board.id, period.id),
    valuesFor(deps.db, board.id, ...keyArgs(shiftPeriod(period, -1))),
    valuesFor(deps.db, board.id, period.year - 1, period.month),
  ]);
  return {
    ok: true,
    session: {
      locale, personId: person.id, boardName: board.shortName, zone: deps.config.timeZone,
      period: { year: period.year, month: period.month, deadlineAt: period.deadlineAt.toISOString() },
      indicators, lastMonth: lastMonth ?? {}, lastYear: lastYear ?? {},
      report: report ? { version: report.version, reference: report.reference, values: report.values, submittedByName: report.submittedByName, submittedAt: report.submittedAt.toISOString() } : null,
      draft: draft ? { values: draft.values, baseVersion: draft.baseVersion } : null,
    },
  };
}

function keyArgs(k: { year: number; month: number }): [number, number] {
  return [k.year, k.month];
}

type SubmitOutcome =
  | { ok: true; kind: "created" | "amended"; reference: string; version: number; late: boolean; at: string; changes: { code: string; old: number | null; new: number | null }[] }
  | { ok: false; reason: "conflict"; current: { version: number; values: Values; byName: string | null; at: string } }
  | { ok: false; reason: "no_changes" | "locked" | "not_allowed" };

async function submit(deps: Deps, octx: BotContext, args: ReportArgs, values: Values, baseVersion: number, reason: string | null, s: Session): Promise<SubmitOutcome> {
  // Rights and the lock are checked again at the moment of sending.
  const person = octx.from ? await findPerson(deps.db, octx.from.id) : null;
  const stillFocal = person?.roles.some((r) => r.role === "focal" && r.boardId === args.boardId && r.boardStatus === "active");
  if (!person || !stillFocal) {
    if (person) await deleteDraft(deps.db, { personId: person.id, boardId: args.boardId, periodId: args.periodId });
    return { ok: false, reason: "not_allowed" };
  }
  const period = await getPeriod(deps.db, args.periodId);
  if (!period || period.lockedAt) {
    await deleteDraft(deps.db, { personId: person.id, boardId: args.boardId, periodId: args.periodId });
    return { ok: false, reason: "locked" };
  }
  const at = deps.clock.now();
  const r = await submitReport(deps.db, {
    boardId: args.boardId, periodId: args.periodId, personId: person.id, values, indicators: s.indicators, at, deadlineAt: period.deadlineAt, baseVersion, reason,
  });
  if (!r.ok) {
    if (r.reason === "no_changes") return { ok: false, reason: "no_changes" };
    return { ok: false, reason: "conflict", current: { version: r.current.version, values: r.current.values, byName: r.current.lastChangedByName, at: r.current.lastChangedAt.toISOString() } };
  }
  await deleteDraft(deps.db, { personId: person.id, boardId: args.boardId, periodId: args.periodId });
  deps.logger.info({ boardId: args.boardId, periodId: args.periodId, kind: r.kind, version: r.version }, "report submitted");
  return { ok: true, kind: r.kind, reference: r.reference, version: r.version, late: r.late, at: at.toISOString(), changes: r.changes };
}

/**
 * When an amendment lands after the period's summary was posted, the group hears
 * what changed. A failure here (the bot removed from the group) is logged, not
 * shown to the person, whose amendment is stored.
 */
async function notifyGroup(deps: Deps, api: Api, args: ReportArgs, s: Session, changes: { code: string; old: number | null; new: number | null }[]): Promise<void> {
  try {
    const [bloc, period] = await Promise.all([getBloc(deps.db), getPeriod(deps.db, args.periodId)]);
    if (!bloc?.groupChatId || !period?.summaryPostedAt) return;
    const locale = deps.config.defaultLocale;
    const lines = changes.map((c) => {
      const ind = s.indicators.find((i) => i.code === c.code)!;
      const f = (v: number | null) => (v === null ? "—" : formatAmount(v, ind.unit, locale, ind.decimals));
      return `• ${esc(indicatorName(ind, locale))}: ${f(c.old)} → ${f(c.new)}`;
    });
    const head = deps.i18n.t(locale, "group-amended", { board: esc(s.boardName), month: formatMonth(s.period, locale) });
    await api.sendMessage(bloc.groupChatId, clip([head, ...lines].join("\n"), 4000), { parse_mode: "HTML" });
  } catch (err) {
    deps.logger.warn({ err, boardId: args.boardId }, "could not tell the group about an amendment");
  }
}

export function exampleFor(ind: IndicatorDef, locale: Locale, last?: number): string {
  if (last !== undefined && last > 0) return formatNumber(last, locale, ind.decimals);
  if (ind.valueType === "integer") return "12";
  return formatNumber(1234.5, locale, 1);
}

export function parseErrorText(t: Translate, e: ParseFailure, text: string, ind: IndicatorDef, locale: Locale, last?: number): string {
  const unit = unitLabel(ind.unit, locale);
  const example = exampleFor(ind, locale, last);
  const given = esc(clip(text.trim(), 40));
  switch (e.code) {
    case "below_min":
    case "above_max":
      return t("num-out-of-range", { min: formatNumber(ind.min ?? 0, locale, ind.decimals), max: ind.max === null ? "∞" : formatNumber(ind.max, locale, ind.decimals), unit });
    case "too_many_decimals":
      return t("num-too-many-decimals", { decimals: e.decimals, example, unit });
    case "wrong_unit":
      return t("num-wrong-unit", { given: esc(clip(e.given, 30)), unit });
    default:
      return t(`num-${e.code.replace(/_/g, "-")}`, { given, example, unit });
  }
}

function summaryLine(s: Session, ind: IndicatorDef, idx: number, values: Values, t: Translate): string {
  const L = s.locale;
  const v = values[ind.code];
  const lm = s.lastMonth[ind.code];
  const ly = s.lastYear[ind.code];
  const far = v !== undefined && plausibility(v, lm, ly).far ? " ⚠️" : "";
  const shown = v === undefined ? `<i>${t("report-missing-value")}</i>` : `<b>${formatNumber(v, L, ind.decimals)}</b> ${esc(unitLabel(ind.unit, L))}${far}`;
  const hints = [
    lm !== undefined ? t("report-hint-last-month", { value: formatNumber(lm, L, ind.decimals) }) : null,
    ly !== undefined ? t("report-hint-last-year", { value: formatNumber(ly, L, ind.decimals) }) : null,
  ].filter(Boolean);
  return `${idx + 1}. ${esc(indicatorName(ind, L))}: ${shown}${hints.length ? `\n    <i>${hints.join(" · ")}</i>` : ""}`;
}

/**
 * Button data is rq:<nonce>:<question>:<action>[:<item>]. The nonce is drawn once
 * per conversation and the question number grows with every prompt, so a button
 * of an earlier prompt, or of an earlier report, is recognised as stale.
 */
function kb(tag: string, rows: [string, string][][]): InlineKeyboard {
  const k = new InlineKeyboard();
  rows.forEach((row, i) => {
    for (const [label, action] of row) k.text(label, `${tag}:${action}`);
    if (i < rows.length - 1) k.row();
  });
  return k;
}

const BUTTON_DATA = /^rq:([0-9a-f]{8}):(\d{1,6}):([a-z]{1,10})(?::(\d{1,4}))?$/;

/** Telegram refuses messages over 4096 characters; lists are cut well before. */
function capLines(lines: string[], max: number, more: (n: number) => string): string[] {
  return lines.length <= max ? lines : [...lines.slice(0, max), more(lines.length - max)];
}

type Answer = { kind: "text"; text: string } | { kind: "button"; action: string; arg: number | null };

export function reportConversation(deps: Deps) {
  return async function report(conversation: Conversation<BotContext, ConvContext>, ctx: ConvContext, args: ReportArgs) {
    const loaded = await conversation.external((octx) => loadSession(deps, octx, args));
    if (!loaded.ok) {
      await ctx.reply(deps.i18n.t(loaded.locale, loaded.key));
      return;
    }
    const s = loaded.session;
    const nonce = await conversation.external(() => randomBytes(4).toString("hex"));
    const L = s.locale;
    const t = translator(deps.i18n, L);
    const html = { parse_mode: "HTML" as const };
    const n = s.indicators.length;
    const month = formatMonth(s.period, L);
    const draftKey = { personId: s.personId, boardId: args.boardId, periodId: args.periodId };
    let q = 0; // question counter: buttons of earlier questions are stale
    const tag = () => `rq:${nonce}:${q}`;
    const amend = s.report !== null;
    let values: Values = amend ? { ...s.report!.values } : {};
    let base: Values = amend ? { ...s.report!.values } : {}; // what this person started from
    let baseVersion = s.report?.version ?? 0;
    let echo = ""; // what was understood, put in front of the next message

    /** Waits for a text or a press of one of the current question's buttons. */
    async function answer(): Promise<Answer> {
      for (;;) {
        const c = await conversation.wait();
        const data = c.callbackQuery?.data;
        if (data !== undefined) {
          if (!data.startsWith("rq:")) await conversation.skip({ next: true }); // not ours: the other handlers answer it
          const m = BUTTON_DATA.exec(data);
          if (!m || m[1] !== nonce || Number(m[2]) !== q) {
            await c.answerCallbackQuery({ text: t("button-expired") });
            continue;
          }
          await c.answerCallbackQuery();
          return { kind: "button", action: m[3]!, arg: m[4] === undefined ? null : Number(m[4]) };
        }
        if (c.editedMessage || c.chat?.type !== "private") await conversation.skip({ next: true });
        const text = c.message?.text;
        if (text !== undefined) {
          if (text.startsWith("/")) await conversation.skip({ next: true }); // other commands keep working
          return { kind: "text", text };
        }
        if (c.message) {
          await c.reply(t("report-text-only"));
          continue;
        }
        await conversation.skip({ next: true });
      }
    }

    /** Waits for one of `actions`; typed text gets a hint to use the buttons. */
    async function choose(actions: string[]): Promise<string> {
      for (;;) {
        const a = await answer();
        if (a.kind === "button" && actions.includes(a.action)) return a.action;
        if (a.kind === "text") await ctx.reply(t("report-press-button"));
      }
    }

    async function cancelled() {
      await conversation.external(() => deleteDraft(deps.db, draftKey));
      await ctx.reply(t(amend ? "report-cancelled-amend" : "report-cancelled"));
    }

    async function persist() {
      await conversation.external(() => saveDraft(deps.db, draftKey, values, baseVersion, deps.clock.now()));
    }

    /** Tries a message as a paste; returns true when it filled something. */
    async function tryPaste(text: string): Promise<boolean> {
      const multi = text.includes("\n");
      if (!looksLikePaste(text)) return false;
      if (!multi) {
        const label = text.split(/[:=\t]/)[0] ?? "";
        if (!matchIndicator(label, s.indicators)) return false;
      }
      const r = parsePaste(text, s.indicators);
      const filled = Object.keys(r.values).length;
      if (filled === 0 && !multi) return false;
      values = { ...values, ...r.values };
      if (filled > 0) await persist();
      const lines = [t("paste-filled", { count: filled })];
      if (r.problems.length) {
        lines.push(t("paste-problems"));
        const problems = r.problems.map((p) => {
          const ind = p.indicator ? s.indicators.find((i) => i.code === p.indicator) : undefined;
          const why = p.reason === "bad_value" && p.error && ind ? parseErrorText(t, p.error, p.text.split(/[:=\t]/).slice(1).join(":"), ind, L, s.lastMonth[ind.code]) : t(`paste-${p.reason.replace(/_/g, "-")}`);
          return `• ${t("paste-line", { line: p.line })} «${esc(clip(p.text, 60))}»: ${why}`;
        });
        lines.push(...capLines(problems, 12, (more) => t("paste-more", { count: more })));
      }
      await ctx.reply(lines.join("\n"), html);
      return true;
    }

    type AskResult = "value" | "back" | "cancel" | "paste" | { behind: string };

    /**
     * After a hard stop between an accepted answer (saved in the draft) and the
     * save of the conversation's own state, the conversation is one question
     * behind what the person saw. The draft tells: if it holds an answer to the
     * question being asked, take the draft's values and treat the text as the
     * answer to the question that was actually on screen.
     */
    async function behindDraft(code: string): Promise<Values | null> {
      if (amend) return null;
      // Decided inside external(): the conversation's log keeps null, not the whole draft, at every answer.
      return conversation.external(async () => {
        const draft = (await getDraft(deps.db, s.personId, args.boardId, args.periodId))?.values ?? null;
        return draft && Object.hasOwn(draft, code) && !Object.hasOwn(values, code) ? draft : null;
      });
    }

    /** Asks indicator i until a value is accepted, or the person goes back, cancels or pastes. */
    async function ask(i: number, canBack: boolean, preset: string | null = null): Promise<AskResult> {
      const ind = s.indicators[i]!;
      const lm = s.lastMonth[ind.code];
      const ly = s.lastYear[ind.code];
      for (;;) {
        q++;
        const hints = [
          lm !== undefined ? t("report-hint-last-month", { value: formatAmount(lm, ind.unit, L, ind.decimals) }) : null,
          ly !== undefined ? t("report-hint-last-year", { value: formatAmount(ly, ind.unit, L, ind.decimals) }) : null,
        ].filter(Boolean);
        const current = values[ind.code];
        const body = [
          echo,
          t("report-question", { index: i + 1, total: n, name: esc(indicatorName(ind, L)), unit: esc(unitLabel(ind.unit, L)) }),
          hints.length ? `<i>${hints.join(" · ")}</i>` : "",
          current !== undefined ? t("report-current", { value: formatAmount(current, ind.unit, L, ind.decimals) }) : "",
          t("report-answer-hint", { example: exampleFor(ind, L, lm) }),
        ].filter(Boolean).join("\n");
        echo = "";
        const buttons: [string, string][] = [];
        if (canBack) buttons.push([t("btn-back"), "back"]);
        if (ind.kind === "stock" && lm !== undefined) buttons.push([t("btn-same", { value: formatNumber(lm, L, ind.decimals) }), "same"]);
        if (current !== undefined) buttons.push([t("btn-keep"), "keep"]);
        buttons.push([t("btn-cancel"), "cancel"]);
        // A preset answer was typed to this question as shown before a restart.
        if (preset === null) await ctx.reply(body, { ...html, reply_markup: kb(tag(), [buttons]) });

        for (;;) {
          const a: Answer = preset !== null ? { kind: "text", text: preset } : await answer();
          preset = null;
          if (a.kind === "text" && !a.text.includes("\n")) {
            const draft = await behindDraft(ind.code);
            if (draft) {
              values = { ...draft };
              return { behind: a.text };
            }
          }
          if (a.kind === "button") {
            if (a.action === "cancel") return "cancel";
            if (a.action === "back" && canBack) return "back";
            if (a.action === "keep" && current !== undefined) return "value";
            if (a.action === "same" && lm !== undefined && ind.kind === "stock") {
              values[ind.code] = lm;
              await persist();
              echo = t("report-understood", { name: esc(indicatorName(ind, L)), value: formatAmount(lm, ind.unit, L, ind.decimals) });
              return "value";
            }
            continue;
          }
          if (await tryPaste(a.text)) return "paste";
          const r = parseAmount(a.text, specOf(ind));
          if (!r.ok) {
            await ctx.reply(parseErrorText(t, r.error, a.text, ind, L, lm), html);
            continue;
          }
          const far = plausibility(r.value, lm, ly);
          if (far.far) {
            q++;
            await ctx.reply(
              t("report-far", { value: formatAmount(r.value, ind.unit, L, ind.decimals), base: formatAmount(far.base, ind.unit, L, ind.decimals) }),
              { ...html, reply_markup: kb(tag(), [[[t("btn-yes-sure"), "yes"], [t("btn-retype"), "no"]]]) },
            );
            if ((await choose(["yes", "no"])) === "no") break; // ask the same question again
          }
          values[ind.code] = r.value;
          await persist();
          echo = t("report-understood", { name: esc(indicatorName(ind, L)), value: formatAmount(r.value, ind.unit, L, ind.decimals) });
          return "value";
        }
      }
    }

    /** Fills the missing indicators in catalogue order; false when cancelled. */
    async function fillMissing(): Promise<boolean> {
      let i = s.indicators.findIndex((ind) => !Object.hasOwn(values, ind.code));
      let preset: string | null = null;
      while (i >= 0 && i < n) {
        const r = await ask(i, i > 0, preset);
        preset = null;
        if (typeof r === "object") {
          // Caught up with the draft: the text answers the next question.
          preset = r.behind;
          i = s.indicators.findIndex((ind, j) => j > i && !Object.hasOwn(values, ind.code));
          continue;
        }
        if (r === "cancel") return false;
        if (r === "paste") return true;
        if (r === "back") {
          i = Math.max(0, i - 1);
          continue;
        }
        i = s.indicators.findIndex((ind, j) => j > i && !Object.hasOwn(values, ind.code));
      }
      return true;
    }

    // --- the dialogue -------------------------------------------------------
    if (s.draft && Object.keys(s.draft.values).length > 0) {
      q++;
      const answered = amend ? diffValues(s.report!.values, s.draft.values, s.indicators).length : Object.keys(s.draft.values).length;
      await ctx.reply(t(amend ? "report-draft-found-amend" : "report-draft-found", { board: esc(s.boardName), month, answered, total: n }), {
        ...html,
        reply_markup: kb(tag(), [[[t("btn-resume"), "resume"], [t("btn-restart"), "restart"]]]),
      });
      if ((await choose(["resume", "restart"])) === "resume") {
        values = { ...s.draft.values };
        baseVersion = s.draft.baseVersion;
      }
      await persist(); // reopens the draft: it is being worked on again
    }
    if (amend) {
      echo = t("report-amend-intro", { board: esc(s.boardName), month, reference: s.report!.reference });
    } else {
      echo = t("report-intro", { board: esc(s.boardName), month, total: n, deadline: formatDateTime(new Date(s.period.deadlineAt), L, s.zone) });
      if (!(await fillMissing())) return cancelled();
    }

    for (;;) {
      // Read-back.
      q++;
      const missing = missingIndicators(values, s.indicators);
      const lines = s.indicators.map((ind, i) => summaryLine(s, ind, i, values, t));
      const head = t(amend ? "review-head-amend" : "review-head", { board: esc(s.boardName), month });
      const anyFar = s.indicators.some((ind) => values[ind.code] !== undefined && plausibility(values[ind.code]!, s.lastMonth[ind.code], s.lastYear[ind.code]).far);
      const foot = [missing.length ? t("review-missing", { count: missing.length }) : t("review-check"), anyFar ? t("review-far-note") : ""].filter(Boolean).join("\n");
      await ctx.reply([echo, head, "", ...lines, "", foot].join("\n").trim(), {
        ...html,
        reply_markup: kb(tag(), [[[t(missing.length ? "btn-fill-missing" : "btn-send"), "send"]], [[t("btn-change"), "change"], [t("btn-cancel"), "cancel"]]]),
      });
      echo = "";
      const a = await answer();
      if (a.kind === "text") {
        if (!(await tryPaste(a.text))) echo = t("report-press-button");
        continue;
      }
      if (a.action === "cancel") return cancelled();
      if (a.action === "change") {
        q++;
        const pick = new InlineKeyboard();
        s.indicators.forEach((ind, i) => {
          pick.text(`${i + 1}. ${clip(indicatorName(ind, L), 28)}`, `${tag()}:item:${i}`);
          if (i % 2 === 1) pick.row();
        });
        pick.row().text(t("btn-back"), `${tag()}:back`);
        await ctx.reply(t("review-pick"), { reply_markup: pick });
        const b = await answer();
        if (b.kind === "button" && b.action === "item" && b.arg !== null && b.arg >= 0 && b.arg < n) {
          const r = await ask(b.arg, true);
          if (r === "cancel") return cancelled();
        } else if (b.kind === "text") {
          await tryPaste(b.text);
        }
        continue;
      }
      if (a.action !== "send") continue;
      if (missing.length) {
        if (!(await fillMissing())) return cancelled();
        continue;
      }
      if (amend && diffValues(base, values, s.indicators).length === 0 && baseVersion === s.report!.version) {
        await conversation.external(() => deleteDraft(deps.db, draftKey));
        await ctx.reply(t("report-no-changes"));
        return;
      }

      let reason: string | null = null;
      if (amend) {
        q++;
        await ctx.reply(t("amend-reason"), { reply_markup: kb(tag(), [[[t("btn-skip"), "skip"]]]) });
        const r = await answer();
        reason = r.kind === "text" ? clip(r.text.trim(), 500) : null;
      }

      let outcome = await conversation.external((octx) => submit(deps, octx, args, values, baseVersion, reason, s));
      while (!outcome.ok && outcome.reason === "conflict") {
        // Someone else of the board sent in the meantime: keep their changes, apply
        // this person's own, show what that changes in the stored report, and ask.
        const theirs = outcome.current;
        const merged = mergeChanges(base, values, theirs.values, s.indicators);
        const changes = diffValues(theirs.values, merged, s.indicators);
        const diffs = changes.map((c) => {
          const ind = s.indicators.find((i) => i.code === c.code)!;
          const f = (v: number | null) => (v === null ? "—" : formatNumber(v, L, ind.decimals));
          return `• ${esc(indicatorName(ind, L))}: ${f(c.old)} → <b>${f(c.new)}</b>`;
        });
        q++;
        await ctx.reply(
          [t("conflict-head", { name: esc(theirs.byName ?? "?"), at: formatDateTime(new Date(theirs.at), L, s.zone) }), ...(diffs.length ? diffs : [t("conflict-same")]), t(diffs.length ? "conflict-ask" : "conflict-nothing")].join("\n"),
          { ...html, reply_markup: kb(tag(), diffs.length ? [[[t("btn-send-anyway"), "force"], [t("btn-cancel"), "cancel"]]] : [[[t("btn-ok"), "cancel"]]]) },
        );
        const decision = await choose(["force", "cancel"]);
        if (decision === "cancel" || diffs.length === 0) {
          await conversation.external(() => deleteDraft(deps.db, draftKey));
          await ctx.reply(t(diffs.length === 0 ? "report-no-changes" : amend || baseVersion > 0 ? "report-cancelled-amend" : "report-kept-theirs"));
          return;
        }
        values = merged;
        base = theirs.values;
        baseVersion = theirs.version;
        outcome = await conversation.external((octx) => submit(deps, octx, args, values, baseVersion, reason, s));
      }
      if (!outcome.ok) {
        await conversation.external(() => deleteDraft(deps.db, draftKey));
        if (outcome.reason === "no_changes") await ctx.reply(t("report-no-changes"));
        else await ctx.reply(t(outcome.reason === "locked" ? "report-period-locked" : "report-not-focal"));
        return;
      }

      const when = formatDateTime(new Date(outcome.at), L, s.zone);
      if (outcome.kind === "created") {
        const receipt = t("receipt", { board: esc(s.boardName), month, at: when, reference: outcome.reference });
        await ctx.reply(outcome.late ? `${receipt}\n${t("receipt-late")}` : receipt, html);
      } else {
        await ctx.reply(t("receipt-amended", { board: esc(s.boardName), month, at: when, reference: outcome.reference, revision: outcome.version, count: outcome.changes.length }), html);
        const changes = outcome.changes;
        await conversation.external((octx) => notifyGroup(deps, octx.api, args, s, changes));
      }
      return;
    }
  };
}

/** Plugins inside the conversation: the retry policy (bot.api transformers do not apply there). */
export function conversationPlugins() {
  return [
    async (ctx: ConvContext, next: () => Promise<void>) => {
      ctx.api.config.use(...retryPolicy());
      await next();
    },
  ];
}
