// Voting in the group: a button per candidate, one vote per board (the last one
// counts), checked against who presses, the ballot's state and the message the
// button sits on. Also nominations, /newballot, /ballots and the managers'
// /openballot, /closeballot and /cancelballot.
import { Composer, InlineKeyboard } from "grammy";
import type { BotContext } from "../../chat/context.js";
import type { ButtonTable, CommandTable } from "../../chat/routing.js";
import { clip, esc, truncateUnits } from "../../shared/text/html.js";
import { formatDateTime } from "../../shared/i18n/format.js";
import { ballotKeyboard, candidateLabel, nominationKeyboard, nominationText, resultText } from "./views.js";
import { shownPage } from "../../chat/keyboards.js";
import { editButtons } from "../../chat/replies.js";
import { translator } from "../../shared/i18n/messages.js";
import { NEW_BALLOT_CONVERSATION } from "./dialogue.js";
import { startDialogue } from "../../chat/conversations/dialogue.js";
import { BallotClosedError, cancelBallot, castVote, currentChoices, getBallot, listBallots, nominees, openFromNominations, toggleNomination, type BallotView } from "./store.js";
import { getBoard, listBoards } from "../../shared/bloc/store.js";
import { audit } from "../../shared/db/people.js";
import { toggleChoice } from "./rules.js";
import { canManageBallots, isMember, votingBoards } from "../../shared/bloc/roles.js";
import { boardNames, finishBallot, postBallot, refreshBallotMessage, resultKey, scrubSecrets } from "./jobs.js";
import { postProblems } from "../group/outbox.js";
import { sendSafely } from "../../messengers/telegram/send.js";
import { claimPress, releasePress, secretPressKey } from "../../chat/conversations/drafts.js";

export function ballotsFeature(commands: CommandTable, buttons: ButtonTable) {
  const c = new Composer<BotContext>();

  commands.command("newballot", (ctx) => startNewBallot(ctx));
  buttons.callbackQuery("menu:newballot", "menu:newballot", async (ctx) => {
    if (!canManageBallots(ctx.actor) || ctx.chat?.type !== "private") return ctx.answerCallbackQuery({ text: ctx.t("not-allowed"), show_alert: true });
    await ctx.answerCallbackQuery();
    await startNewBallot(ctx);
  });

  commands.command("ballots", async (ctx) => {
    // In the bloc's group the ballots are public anyway; in private, members only.
    if (ctx.chat.type === "private" && !isMember(ctx.actor)) return ctx.reply(ctx.t("not-allowed"));
    // /ballots N: one closed ballot's whole result, every count (the group's post leaves out the candidates without votes).
    const arg = ctx.match.trim();
    if (arg) {
      const id = /^\d{1,9}$/.test(arg) ? Number(arg) : NaN;
      const ballot = Number.isInteger(id) && id > 0 ? await getBallot(ctx.deps.db, id) : null;
      if (!ballot) return ctx.reply(ctx.t("ballot-not-found"));
      if (ballot.status !== "closed" || !ballot.result) return ctx.reply(ctx.t("ballots-no-result", { id: ballot.id }));
      return ctx.reply(resultText(ctx.deps, ballot, ballot.result, ballot.turnout ?? 0, ballot.quorumMet ?? false, ctx.locale, { full: true }), { parse_mode: "HTML" });
    }
    const rows = await listBallots(ctx.deps.db);
    if (rows.length === 0) return ctx.reply(ctx.t("ballots-none"));
    const zone = ctx.deps.config.timeZone;
    const lines = rows.map((b) =>
      ctx.t("ballots-line", {
        id: b.id, title: esc(clip(b.title, 80)), status: ctx.t(`ballot-status-${b.status}`),
        at: formatDateTime(b.closedAt ?? b.closesAt, ctx.locale, zone), turnout: b.turnout ?? "—", quorum: b.quorumMet === null ? "—" : b.quorumMet ? "✓" : "✗",
      }),
    );
    const officers = await ctx.deps.db.blocOfficer.findMany({ include: { board: true }, orderBy: [{ year: "desc" }, { role: "asc" }], take: 6 });
    const off = officers.map((o) => ctx.t("ballots-officer", { year: o.year, role: ctx.t(`ballot-kind-${o.role}`), board: esc(o.board.shortName) }));
    await ctx.reply([ctx.t("ballots-head"), ...lines, ...(off.length ? ["", ...off] : []), canManageBallots(ctx.actor) ? `\n${ctx.t("ballots-manage")}` : ""].join("\n").trim(), { parse_mode: "HTML" });
  });

  // Managers' commands: /closeballot N, /cancelballot N, /openballot N [hours].
  commands.command(["closeballot", "cancelballot", "openballot"], async (ctx) => {
    if (!canManageBallots(ctx.actor)) return ctx.reply(ctx.t("not-allowed"));
    const [idText, hoursText] = ctx.match.trim().split(/\s+/);
    const id = Number(idText);
    const ballot = Number.isInteger(id) && id > 0 && id < 1e9 ? await getBallot(ctx.deps.db, id) : null;
    if (!ballot) return ctx.reply(ctx.t("ballot-not-found"));
    const { deps } = ctx;
    const now = deps.clock.now();
    const cmd = ctx.msg.text.split(/[\s@]/)[0]!.slice(1);
    if (cmd === "closeballot") {
      const ok = await finishBallot(deps, ctx.api, id, ctx.person?.id ?? null);
      await audit(deps.db, ctx.person?.id ?? null, "ballot.close", { id }, now);
      if (!ok) return ctx.reply(ctx.t("ballot-not-open"));
      // The result goes to the group through its outbox: when it could not go yet, say why.
      const problems = await postProblems(deps, ctx.t, ctx.locale, resultKey(id));
      if (problems.length === 0) return ctx.reply(ctx.t("ballot-closed-now"));
      return ctx.reply([ctx.t("ballot-closed-waiting"), ...problems].join("\n"), { parse_mode: "HTML" });
    }
    if (cmd === "cancelballot") {
      const ok = await cancelBallot(deps.db, id, ctx.person?.id ?? null, now);
      if (ok && ballot.secret) await scrubSecrets(deps);
      if (ok) await refreshBallotMessage(deps, ctx.api, id);
      await audit(deps.db, ctx.person?.id ?? null, "ballot.cancel", { id }, now);
      return ctx.reply(ctx.t(ok ? "ballot-cancelled" : "ballot-not-open"));
    }
    // openballot: the nomination round ends, the nominees become candidates.
    if (ballot.status !== "nominating") return ctx.reply(ctx.t("ballot-not-nominating"));
    const hours = hoursText ? Number(hoursText) : 24;
    if (!Number.isFinite(hours) || hours < 1 || hours > 24 * 30) return ctx.reply(ctx.t("openballot-usage"), { parse_mode: "HTML" });
    const noms = await nominees(deps.db, id);
    const active = await listBoards(deps.db, { activeOnly: true });
    const candidates = active.filter((b) => noms.some((n) => n.boardId === b.id)).map((b) => ({ boardId: b.id, label: b.shortName }));
    if (candidates.length < 2) return ctx.reply(ctx.t("openballot-too-few"));
    await finalizeNominations(ctx, ballot);
    const ok = await openFromNominations(deps.db, id, candidates, active.map((b) => b.id), new Date(now.getTime() + hours * 3600_000), now);
    if (!ok) return ctx.reply(ctx.t("ballot-not-nominating"));
    const key = await postBallot(deps, ctx.api, id);
    const problems = await postProblems(deps, ctx.t, ctx.locale, key);
    if (problems.length === 0) return ctx.reply(ctx.t("newballot-posted", { id }));
    await ctx.reply([ctx.t("newballot-waiting", { id }), ...problems].join("\n"), { parse_mode: "HTML" });
  });

  // A vote: bv:<ballot>:<candidate position>, pressed on the ballot's own message.
  buttons.callbackQuery("bv", /^bv:(\d{1,9}):(\d{1,3})$/, async (ctx) => {
    const ballot = await getBallot(ctx.deps.db, Number(ctx.match[1]));
    const msg = ctx.callbackQuery.message;
    if (!ballot || !msg || ballot.messageId !== msg.message_id || ballot.chatId !== msg.chat.id) return ctx.answerCallbackQuery({ text: ctx.t("button-expired"), show_alert: true });
    if (ballot.status !== "open" || ballot.closesAt.getTime() <= ctx.deps.clock.now().getTime()) return ctx.answerCallbackQuery({ text: ctx.t("ballot-closed-alert"), show_alert: true });
    const eligible = new Set(ballot.participants.map((p) => p.boardId));
    const boards = votingBoards(ctx.actor).filter((b) => eligible.has(b));
    if (boards.length === 0) return ctx.answerCallbackQuery({ text: ctx.t("ballot-not-voter"), show_alert: true });
    const position = Number(ctx.match[2]);
    if (boards.length > 1) {
      // Someone serving several boards chooses, in private, which board this vote is for.
      const kb = new InlineKeyboard();
      for (const id of boards) {
        const b = await getBoard(ctx.deps.db, id);
        if (b) kb.text(b.shortName, `bvb:${ballot.id}:${position}:${id}`).row();
      }
      const t = translator(ctx.deps.i18n, ctx.locale);
      const sent = await sendSafely(ctx.deps, ctx.api, { personId: ctx.person?.id ?? null, chatId: ctx.from.id }, t("ballot-which-board", { title: esc(ballot.title), choice: esc(candidateLabel(t, ballot, position)) }), kb);
      return ctx.answerCallbackQuery({ text: ctx.t(sent === "sent" ? "ballot-several-boards" : "ballot-open-bot"), show_alert: true });
    }
    await vote(ctx, ballot, boards[0]!, position);
  });

  buttons.callbackQuery("bvb", /^bvb:(\d{1,9}):(\d{1,3}):(\d{1,9})$/, async (ctx) => {
    const ballot = await getBallot(ctx.deps.db, Number(ctx.match[1]));
    if (!ballot || ballot.status !== "open" || ballot.closesAt.getTime() <= ctx.deps.clock.now().getTime()) return ctx.answerCallbackQuery({ text: ctx.t("ballot-closed-alert"), show_alert: true });
    const boardId = Number(ctx.match[3]);
    if (!votingBoards(ctx.actor).includes(boardId) || !ballot.participants.some((p) => p.boardId === boardId)) return ctx.answerCallbackQuery({ text: ctx.t("ballot-not-voter"), show_alert: true });
    await vote(ctx, ballot, boardId, Number(ctx.match[2]));
  });

  // Another page of candidates (bp:<ballot>:<page>) or nominees (bnp:<ballot>:<page>),
  // when there are more than one keyboard holds: anyone in the group may turn
  // the page; the buttons on it are checked when pressed.
  buttons.callbackQuery("bp", /^bp:(\d{1,9}):(\d{1,4})$/, (ctx) => turnPage(ctx, "open", Number(ctx.match[1]), Number(ctx.match[2])));
  buttons.callbackQuery("bnp", /^bnp:(\d{1,9}):(\d{1,4})$/, (ctx) => turnPage(ctx, "nominating", Number(ctx.match[1]), Number(ctx.match[2])));

  // A nomination: bn:<ballot>:<nominee board>, toggled by a board's voter.
  buttons.callbackQuery("bn", /^bn:(\d{1,9}):(\d{1,9})$/, async (ctx) => {
    const ballot = await getBallot(ctx.deps.db, Number(ctx.match[1]));
    const msg = ctx.callbackQuery.message;
    if (!ballot || !msg || ballot.messageId !== msg.message_id || ballot.status !== "nominating") return ctx.answerCallbackQuery({ text: ctx.t("button-expired"), show_alert: true });
    const nominee = await getBoard(ctx.deps.db, Number(ctx.match[2]));
    if (!nominee || nominee.status !== "active") return ctx.answerCallbackQuery({ text: ctx.t("button-expired"), show_alert: true });
    const boards = votingBoards(ctx.actor);
    if (boards.length === 0) return ctx.answerCallbackQuery({ text: ctx.t("ballot-not-voter"), show_alert: true });
    if (boards.length > 1) {
      const kb = new InlineKeyboard();
      for (const id of boards) {
        const b = await getBoard(ctx.deps.db, id);
        if (b) kb.text(b.shortName, `bnb:${ballot.id}:${nominee.id}:${id}`).row();
      }
      const sent = await sendSafely(ctx.deps, ctx.api, { personId: ctx.person?.id ?? null, chatId: ctx.from.id }, ctx.t("nomination-which-board", { title: esc(ballot.title), board: esc(nominee.shortName) }), kb);
      return ctx.answerCallbackQuery({ text: ctx.t(sent === "sent" ? "ballot-several-boards" : "ballot-open-bot"), show_alert: true });
    }
    await nominate(ctx, ballot, boards[0]!, nominee);
  });

  buttons.callbackQuery("bnb", /^bnb:(\d{1,9}):(\d{1,9}):(\d{1,9})$/, async (ctx) => {
    const ballot = await getBallot(ctx.deps.db, Number(ctx.match[1]));
    const nominee = await getBoard(ctx.deps.db, Number(ctx.match[2]));
    const boardId = Number(ctx.match[3]);
    if (!ballot || ballot.status !== "nominating" || !nominee || nominee.status !== "active") return ctx.answerCallbackQuery({ text: ctx.t("button-expired"), show_alert: true });
    if (!votingBoards(ctx.actor).includes(boardId)) return ctx.answerCallbackQuery({ text: ctx.t("ballot-not-voter"), show_alert: true });
    await nominate(ctx, ballot, boardId, nominee);
  });

  return c;
}

/** /newballot (and the choice between two dialogues): managers only, in private, one dialogue at a time. */
export async function startNewBallot(ctx: BotContext) {
  if (!canManageBallots(ctx.actor)) return ctx.reply(ctx.t("not-allowed"));
  if (ctx.chat?.type !== "private") return ctx.reply(ctx.t("private-only"));
  await startDialogue(ctx, NEW_BALLOT_CONVERSATION, {}, "nb");
}

/**
 * Who pressed which button on which message: two equal keys within seconds are a
 * double tap (chat/conversations/drafts.ts, claimPress). A secret ballot's vote is claimed
 * under a keyed hash of the same (secretPressKey): no press written to the
 * database may tell who chose what.
 */
function pressKey(ctx: BotContext, ballot?: BallotView): string {
  const q = ctx.callbackQuery!;
  const parts = `${q.from.id}:${q.message?.chat.id ?? 0}:${q.message?.message_id ?? 0}:${q.data ?? ""}`;
  return ballot?.secret ? secretPressKey(ballot.id, parts) : parts;
}

async function turnPage(ctx: BotContext, status: "open" | "nominating", ballotId: number, page: number) {
  const ballot = await getBallot(ctx.deps.db, ballotId);
  const msg = ctx.callbackQuery?.message;
  if (!ballot || !msg || ballot.messageId !== msg.message_id || ballot.chatId !== msg.chat.id || ballot.status !== status) {
    return ctx.answerCallbackQuery({ text: ctx.t("button-expired") });
  }
  await ctx.answerCallbackQuery();
  const keyboard = status === "nominating"
    ? nominationKeyboard(ballot.id, (await listBoards(ctx.deps.db, { activeOnly: true })).map((b) => ({ id: b.id, shortName: b.shortName })), page)
    : ballotKeyboard(ctx.deps, ballot, ctx.deps.config.defaultLocale, page);
  if (shownPage(keyboard, status === "nominating" ? `bnp:${ballot.id}:` : `bp:${ballot.id}:`) === null) return; // one page: nothing to turn
  await editButtons(ctx, keyboard);
}

/** The nomination message keeps its final list, without buttons, before the vote is posted. */
async function finalizeNominations(ctx: BotContext, ballot: BallotView) {
  if (ballot.chatId === null || ballot.messageId === null) return;
  const counts = new Map((await nominees(ctx.deps.db, ballot.id)).map((n) => [n.boardId, n.count]));
  const text = `${nominationText(ctx.deps, ballot, counts, await boardNames(ctx.deps), ctx.deps.config.defaultLocale)}\n\n${ctx.t("nomination-closed")}`;
  await ctx.api.editMessageText(ballot.chatId, ballot.messageId, text, { parse_mode: "HTML" }).catch(() => undefined);
}

async function nominate(ctx: BotContext, ballot: BallotView, nominatorBoardId: number, nominee: { id: number; shortName: string }) {
  if (ballot.kind === "award" && !ballot.allowSelfVote && nominatorBoardId === nominee.id) return ctx.answerCallbackQuery({ text: ctx.t("ballot-error-self_vote"), show_alert: true });
  const press = pressKey(ctx);
  if (!(await claimPress(ctx.deps.db, press, ctx.deps.clock.now()))) return ctx.answerCallbackQuery(); // a double tap
  let added: boolean;
  try {
    added = await toggleNomination(ctx.deps.db, ballot.id, nominatorBoardId, nominee.id);
  } catch (e) {
    await releasePress(ctx.deps.db, press);
    throw e;
  }
  await ctx.answerCallbackQuery({ text: ctx.t(added ? "nomination-added" : "nomination-removed", { board: nominee.shortName }) });
  await refreshBallotMessage(ctx.deps, ctx.api, ballot.id, shownPage(ctx.callbackQuery?.message?.reply_markup, `bnp:${ballot.id}:`) ?? 0);
}

async function vote(ctx: BotContext, ballot: BallotView, boardId: number, position: number) {
  const { db, clock } = ctx.deps;
  const active = new Set((await listBoards(db, { activeOnly: true })).map((b) => b.id));
  if (!active.has(boardId)) return ctx.answerCallbackQuery({ text: ctx.t("ballot-not-voter"), show_alert: true });
  const current = await currentChoices(db, ballot, boardId);
  const r = toggleChoice(current, position, ballot, ballot.candidates, boardId, active);
  if (!r.ok) return ctx.answerCallbackQuery({ text: ctx.t(`ballot-error-${r.error}`, { picks: ballot.picksPerVoter }), show_alert: true });
  // A double tap (the same press again within seconds) counts once: without this a
  // multi-pick candidate is selected and at once unselected.
  const press = pressKey(ctx, ballot);
  if (!(await claimPress(db, press, clock.now()))) return ctx.answerCallbackQuery();
  let receipt: string;
  try {
    receipt = await castVote(db, ballot, boardId, ctx.person!.id, r.choices, clock.now());
  } catch (e) {
    await releasePress(db, press);
    if (e instanceof BallotClosedError) return ctx.answerCallbackQuery({ text: ctx.t("ballot-closed-alert"), show_alert: true });
    throw e;
  }
  const names = await boardNames(ctx.deps);
  const t = translator(ctx.deps.i18n, ctx.locale);
  const choice = r.choices.map((p) => candidateLabel(t, ballot, p)).join(", ");
  const board = names.get(boardId) ?? "?";
  const text = r.choices.length
    ? ctx.t("vote-recorded", { board, choice, receipt, picks: `${r.choices.length}/${ballot.picksPerVoter}`, replaced: current.length ? "yes" : "no" })
    : ctx.t("vote-withdrawn", { board });
  await ctx.answerCallbackQuery({ text: truncateUnits(text, 200), show_alert: true });
  if (ctx.person) {
    const closes = formatDateTime(ballot.closesAt, ctx.locale, ctx.deps.config.timeZone);
    const detail = r.choices.length
      ? ctx.t("vote-receipt", { title: esc(ballot.title), board: esc(board), choice: esc(choice), receipt, closes }) + (ballot.secret ? `\n${ctx.t("vote-receipt-secret")}` : "")
      : ctx.t("vote-withdrawn", { board: esc(board) });
    // Protected: Telegram clients offer no forward or save for it (see the README on what this does not prevent).
    await sendSafely(ctx.deps, ctx.api, { personId: ctx.person.id, chatId: ctx.person.telegramId }, detail, undefined, { protect_content: true });
  }
  // The group message changes only when the set of boards that voted changes.
  if ((current.length > 0) !== (r.choices.length > 0)) await refreshBallotMessage(ctx.deps, ctx.api, ballot.id, shownPage(ctx.callbackQuery?.message?.reply_markup, `bp:${ballot.id}:`) ?? 0);
}
