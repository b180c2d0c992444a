// Voting in the group: a button per candidate, one vote per board (the last one
// counts), checked against who presses, the ballot's state and the message the
// button sits on. Also nominations, /newballot, /ballots and the managers'
// /openballot, /closeballot and /cancelballot.
import { Composer } from "grammy";
import type { BotContext } from "../../chat/context.js";
import type { ButtonTable, CommandTable } from "../../chat/routing.js";
import { clip, esc, truncateUnits } from "../../shared/text/html.js";
import { formatDateTime } from "../../shared/i18n/format.js";
import { candidateLabel, resultText } from "./views.js";
import { boardChoices } from "../../shared/messaging/choices.js";
import { shownPage } from "../../chat/keyboards.js";
import { editButtons } from "../../chat/replies.js";
import { choicesKeyboard, replyOptions, sendPrivately, sendToPerson } from "../../chat/choices.js";
import type { OutboundMessage, SendOutcome } from "../../shared/messaging/outbound.js";
import { translator } from "../../shared/i18n/messages.js";
import { NEW_BALLOT_CONVERSATION } from "./dialogue.js";
import { startDialogue } from "../../chat/conversations/dialogue.js";
import {
  ballotOverview, ballotPage, ballotsToVote, renderBallotCopy as ballotCopyFor, cancelBallotNow, closeBallotNow, closedBallot, nominateForBoard, nominateFromGroup, openNominatedBallot, refreshBallotMessage, voteForBoard, voteFromGroup,
  type NominationOutcome, type PressGuard, type VoteOutcome,
} from "./use-cases.js";
import { canManageBallots, isMember, votingBoards } from "../../shared/bloc/roles.js";
import { postedPrivately, postProblems } from "../group/use-cases.js";
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
      // An open ballot (or nomination round) the person votes in, asked in private: sent again, to vote there.
      if (ctx.chat.type === "private" && ctx.person && Number.isInteger(id) && (await ballotsToVote(ctx.deps, ctx.person.id)).some((b) => b.id === id)) {
        return sendBallotAgain(ctx, id);
      }
      const r = Number.isInteger(id) && id > 0 ? await closedBallot(ctx.deps, id) : ({ ok: false, reason: "not_found" } as const);
      if (!r.ok) return ctx.reply(r.reason === "not_found" ? ctx.t("ballot-not-found") : ctx.t("ballots-no-result", { id: r.id! }));
      const { ballot } = r;
      return ctx.reply(resultText(ctx.deps, ballot, ballot.result, ballot.turnout ?? 0, ballot.quorumMet ?? false, ctx.locale, { full: true }), { parse_mode: "HTML" });
    }
    const { ballots: rows, officers } = await ballotOverview(ctx.deps);
    if (rows.length === 0) return ctx.reply(ctx.t("ballots-none"));
    const zone = ctx.deps.config.timeZone;
    const lines = rows.map((b) =>
      ctx.t("ballots-line", {
        id: b.id, title: esc(clip(b.title, 80)), status: ctx.t(`ballot-status-${b.status}`),
        at: formatDateTime(b.closedAt ?? b.closesAt, ctx.locale, zone), turnout: b.turnout ?? "—",
        // With no quorum (0) there is none to meet: the line says so ("none"), not "✓".
        quorum: b.quorum === 0 ? "none" : b.quorumMet === null ? "—" : b.quorumMet ? "✓" : "✗",
      }),
    );
    const off = officers.map((o) => ctx.t("ballots-officer", { year: o.year, role: ctx.t(`ballot-kind-${o.role}`), board: esc(o.boardName) }));
    // In private, the ballots the person's board may vote in now, each to have sent again (the copy lost in a long chat, or sent before they joined).
    const again = ctx.chat.type === "private" && ctx.person ? await ballotsToVote(ctx.deps, ctx.person.id) : [];
    const text = [
      ctx.t("ballots-head"), ...lines, ...(off.length ? ["", ...off] : []), canManageBallots(ctx.actor) ? `\n${ctx.t("ballots-manage")}` : "", again.length ? `\n${ctx.t("ballots-again")}` : "",
    ].join("\n").trim();
    await ctx.reply(text, replyOptions({ choices: again.map((b) => [{ label: ctx.t("ballots-again-choice", { id: b.id }), action: `bg:${b.id}` }]) }));
  });

  // "Send this ballot again" (bg:<ballot>), from /ballots: in private, to a member; the ballot and the person's boards are checked again.
  buttons.callbackQuery("bg", /^bg:(\d{1,9})$/, async (ctx) => {
    if (ctx.chat?.type !== "private" || !isMember(ctx.actor) || !ctx.person) return ctx.answerCallbackQuery({ text: ctx.t("not-allowed"), show_alert: true });
    await ctx.answerCallbackQuery();
    await sendBallotAgain(ctx, Number(ctx.match[1]));
  });

  // Managers' commands: /closeballot N, /cancelballot N, /openballot N [hours].
  commands.command(["closeballot", "cancelballot", "openballot"], async (ctx) => {
    if (!canManageBallots(ctx.actor)) return ctx.reply(ctx.t("not-allowed"));
    const [idText, hoursText] = ctx.match.trim().split(/\s+/);
    const id = Number(idText);
    if (!(Number.isInteger(id) && id > 0 && id < 1e9)) return ctx.reply(ctx.t("ballot-not-found"));
    const { deps } = ctx;
    const by = ctx.person?.id ?? null;
    const cmd = ctx.msg.text.split(/[\s@]/)[0]!.slice(1);
    if (cmd === "closeballot") {
      const r = await closeBallotNow(deps, id, by);
      if (!r.ok) return ctx.reply(ctx.t(r.reason === "not_found" ? "ballot-not-found" : "ballot-not-open"));
      // The result goes to the group through its outbox: when it could not go yet, say why; with no group, to whom it went.
      const privately = await postedPrivately(deps, r.resultKey);
      if (privately !== null) return ctx.reply(ctx.t("ballot-closed-privately", { count: privately }));
      const problems = await postProblems(deps, ctx.t, ctx.locale, r.resultKey);
      if (problems.length === 0) return ctx.reply(ctx.t("ballot-closed-now"));
      return ctx.reply([ctx.t("ballot-closed-waiting"), ...problems].join("\n"), { parse_mode: "HTML" });
    }
    if (cmd === "cancelballot") {
      const r = await cancelBallotNow(deps, id, by);
      if (!r.ok && r.reason === "not_found") return ctx.reply(ctx.t("ballot-not-found"));
      return ctx.reply(ctx.t(r.ok ? "ballot-cancelled" : "ballot-not-open"));
    }
    // openballot: the nomination round ends, the nominees become candidates.
    const r = await openNominatedBallot(deps, id, hoursText ? Number(hoursText) : 24);
    if (!r.ok) {
      const key = { not_found: "ballot-not-found", not_nominating: "ballot-not-nominating", bad_hours: "openballot-usage", too_few: "openballot-too-few" }[r.reason];
      return ctx.reply(ctx.t(key), r.reason === "bad_hours" ? { parse_mode: "HTML" } : {});
    }
    const privately = await postedPrivately(deps, r.key);
    if (privately !== null) return ctx.reply(ctx.t("newballot-sent-privately", { id, count: privately, nominations: "no" }));
    const problems = await postProblems(deps, ctx.t, ctx.locale, r.key);
    if (problems.length === 0) return ctx.reply(ctx.t("newballot-posted", { id }));
    await ctx.reply([ctx.t("newballot-waiting", { id }), ...problems].join("\n"), { parse_mode: "HTML" });
  });

  // A vote: bv:<ballot>:<candidate position>, pressed on the ballot's own message.
  buttons.callbackQuery("bv", /^bv:(\d{1,9}):(\d{1,3})$/, async (ctx) => {
    const msg = ctx.callbackQuery.message;
    const r = await voteFromGroup(ctx.deps, {
      ballotId: Number(ctx.match[1]), on: msg ? { chatId: msg.chat.id, messageId: msg.message_id } : null, position: Number(ctx.match[2]),
      votingBoards: votingBoards(ctx.actor), personId: ctx.person?.id ?? 0,
    }, pressGuard(ctx));
    await answerVote(ctx, r, Number(ctx.match[2]));
  });

  buttons.callbackQuery("bvb", /^bvb:(\d{1,9}):(\d{1,3}):(\d{1,9})$/, async (ctx) => {
    const r = await voteForBoard(ctx.deps, {
      ballotId: Number(ctx.match[1]), boardId: Number(ctx.match[3]), position: Number(ctx.match[2]), votingBoards: votingBoards(ctx.actor), personId: ctx.person?.id ?? 0,
    }, pressGuard(ctx));
    await answerVote(ctx, r, Number(ctx.match[2]));
  });

  // Another page of candidates (bp:<ballot>:<page>) or nominees (bnp:<ballot>:<page>),
  // when there are more than one keyboard holds: anyone in the group may turn
  // the page; the buttons on it are checked when pressed.
  buttons.callbackQuery("bp", /^bp:(\d{1,9}):(\d{1,4})$/, (ctx) => turnPage(ctx, "open", Number(ctx.match[1]), Number(ctx.match[2])));
  buttons.callbackQuery("bnp", /^bnp:(\d{1,9}):(\d{1,4})$/, (ctx) => turnPage(ctx, "nominating", Number(ctx.match[1]), Number(ctx.match[2])));

  // A nomination: bn:<ballot>:<nominee board>, toggled by a board's voter.
  buttons.callbackQuery("bn", /^bn:(\d{1,9}):(\d{1,9})$/, async (ctx) => {
    const msg = ctx.callbackQuery.message;
    const r = await nominateFromGroup(ctx.deps, {
      ballotId: Number(ctx.match[1]), on: msg ? { messageId: msg.message_id } : null, nomineeId: Number(ctx.match[2]), votingBoards: votingBoards(ctx.actor),
    }, pressGuard(ctx));
    await answerNomination(ctx, r);
  });

  buttons.callbackQuery("bnb", /^bnb:(\d{1,9}):(\d{1,9}):(\d{1,9})$/, async (ctx) => {
    const r = await nominateForBoard(ctx.deps, {
      ballotId: Number(ctx.match[1]), nomineeId: Number(ctx.match[2]), boardId: Number(ctx.match[3]), votingBoards: votingBoards(ctx.actor),
    }, pressGuard(ctx));
    await answerNomination(ctx, r);
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
 * Sends ballot `id` again to the person, in this private chat, as its private copy
 * (renderBallotCopy: a choice per candidate for each of their boards; numbered,
 * with its reference, on Zalo); says why not when it is not open or not theirs.
 */
async function sendBallotAgain(ctx: BotContext, id: number) {
  const copy = ctx.person ? await ballotCopyFor(ctx.deps, { ballotId: id }, ctx.person.id, ctx.locale) : "dropped";
  if (copy === "dropped") return ctx.reply(ctx.t("ballot-not-yours"));
  await ctx.reply(copy.text, replyOptions(copy));
}

/**
 * Who pressed which button on which message: two equal keys within seconds are a
 * double tap (chat/conversations/drafts.ts, claimPress). A secret ballot's vote is
 * claimed under a keyed hash of the same (secretPressKey): no press written to the
 * database may tell who chose what.
 */
function pressGuard(ctx: BotContext): PressGuard {
  const q = ctx.callbackQuery!;
  const parts = `${q.from.id}:${q.message?.chat.id ?? 0}:${q.message?.message_id ?? 0}:${q.data ?? ""}`;
  let key = parts;
  return {
    claim: (ballot) => {
      key = ballot.secret ? secretPressKey(ballot.id, parts) : parts;
      return claimPress(ctx.deps.db, key, ctx.deps.clock.now());
    },
    release: () => releasePress(ctx.deps.db, key),
  };
}

async function turnPage(ctx: BotContext, status: "open" | "nominating", ballotId: number, page: number) {
  const msg = ctx.callbackQuery?.message;
  const r = await ballotPage(ctx.deps, { ballotId, on: msg ? { chatId: msg.chat.id, messageId: msg.message_id } : null, phase: status, page });
  if (!r.ok) return ctx.answerCallbackQuery({ text: ctx.t("button-expired") });
  await ctx.answerCallbackQuery();
  const keyboard = choicesKeyboard(r.choices);
  if (shownPage(keyboard, r.prefix) === null) return; // one page: nothing to turn
  await editButtons(ctx, keyboard);
}

/**
 * Where what answers a press goes besides its pop-up. A press in a private chat (a
 * ballot's private copy, a vote typed on Zalo) is answered there: the person is in
 * that chat. A press in the group is answered in private on the person's preferred
 * messenger, and on their other one when that one cannot reach them (deps.notify,
 * issue 16 item 4); a presser the bot knows no person of cannot be told in private.
 */
async function tellPresser(ctx: BotContext, message: OutboundMessage): Promise<SendOutcome> {
  return ctx.callbackQuery?.message?.chat.type === "private" ? sendPrivately(ctx, message) : sendToPerson(ctx, message);
}

/**
 * The answer to a vote: in the group, a pop-up (the board, the choice, the receipt)
 * and the receipt in private (tellPresser); in a private chat, the receipt alone,
 * in that chat, naming the ballot (a messenger without pop-ups, Zalo, would
 * otherwise show the pop-up's text as a second message saying the same), with the
 * pop-up only when the receipt could not be sent. The group message is refreshed
 * when the set of boards that voted changed.
 */
async function answerVote(ctx: BotContext, r: VoteOutcome, position: number) {
  if (!r.ok) {
    if (r.reason === "double_tap") return ctx.answerCallbackQuery();
    const text = r.reason === "choice" ? ctx.t(`ballot-error-${r.error}`, { picks: r.picks }) : r.reason === "expired" ? ctx.t("button-expired") : r.reason === "closed" ? ctx.t("ballot-closed-alert") : ctx.t("ballot-not-voter");
    return ctx.answerCallbackQuery({ text, show_alert: true });
  }
  const { ballot } = r;
  const t = translator(ctx.deps.i18n, ctx.locale);
  if (r.kind === "which_board") {
    // Someone serving several boards chooses, in private, which board this vote is for.
    const sent = await tellPresser(ctx, {
      text: t("ballot-which-board", { title: esc(ballot.title), choice: esc(candidateLabel(t, ballot, position)) }),
      choices: boardChoices(r.boards, (id) => `bvb:${ballot.id}:${position}:${id}`),
    });
    return ctx.answerCallbackQuery({ text: ctx.t(sent === "sent" ? "ballot-several-boards" : "ballot-open-bot"), show_alert: true });
  }
  const choice = r.choices.map((p) => candidateLabel(t, ballot, p)).join(", ");
  const board = r.boardName;
  const popup = r.choices.length
    ? ctx.t("vote-recorded", { board, choice, receipt: r.receipt, picks: `${r.choices.length}/${ballot.picksPerVoter}`, replaced: r.replaced ? "yes" : "no" })
    : ctx.t("vote-withdrawn", { board });
  const closes = formatDateTime(ballot.closesAt, ctx.locale, ctx.deps.config.timeZone);
  const receipt = r.choices.length
    ? ctx.t("vote-receipt", { title: esc(ballot.title), id: ballot.id, board: esc(board), choice: esc(choice), picks: `${r.choices.length}/${ballot.picksPerVoter}`, replaced: r.replaced ? "yes" : "no", receipt: r.receipt, closes }) + (ballot.secret ? `\n${ctx.t("vote-receipt-secret")}` : "")
    : ctx.t("vote-withdrawn-receipt", { title: esc(ballot.title), id: ballot.id, board: esc(board), closes });
  if (ctx.callbackQuery?.message?.chat.type === "private") {
    // Protected: Telegram clients offer no forward or save for it (see the README on what this does not prevent).
    const sent = await tellPresser(ctx, { text: receipt, protect: true });
    await ctx.answerCallbackQuery(sent === "sent" ? undefined : { text: truncateUnits(popup, 200), show_alert: true });
  } else {
    await ctx.answerCallbackQuery({ text: truncateUnits(popup, 200), show_alert: true });
    await tellPresser(ctx, { text: receipt, protect: true });
  }
  if (r.refresh) await refreshBallotMessage(ctx.deps, ballot.id, shownPage(ctx.callbackQuery?.message?.reply_markup, `bp:${ballot.id}:`) ?? 0);
}

async function answerNomination(ctx: BotContext, r: NominationOutcome) {
  if (!r.ok) {
    if (r.reason === "double_tap") return ctx.answerCallbackQuery();
    const text = r.reason === "expired" ? ctx.t("button-expired") : r.reason === "not_voter" ? ctx.t("ballot-not-voter") : ctx.t("ballot-error-self_vote");
    return ctx.answerCallbackQuery({ text, show_alert: true });
  }
  const { ballot, nominee } = r;
  if (r.kind === "which_board") {
    const sent = await tellPresser(ctx, {
      text: ctx.t("nomination-which-board", { title: esc(ballot.title), board: esc(nominee.shortName) }),
      choices: boardChoices(r.boards, (id) => `bnb:${ballot.id}:${nominee.id}:${id}`),
    });
    return ctx.answerCallbackQuery({ text: ctx.t(sent === "sent" ? "ballot-several-boards" : "ballot-open-bot"), show_alert: true });
  }
  await ctx.answerCallbackQuery({ text: ctx.t(r.added ? "nomination-added" : "nomination-removed", { board: nominee.shortName }) });
  await refreshBallotMessage(ctx.deps, ballot.id, shownPage(ctx.callbackQuery?.message?.reply_markup, `bnp:${ballot.id}:`) ?? 0);
}
