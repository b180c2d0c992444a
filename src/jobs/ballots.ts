// A ballot's life outside the button presses: posting it to the group, closing
// it (at its time by the scheduler, or early by an admin), counting, recording
// the elected officers and award proposals, a runoff on a tie, and the reminder
// to boards that have not voted before the close.
import type { Api } from "grammy";
import type { Deps } from "../bot/context.js";
import { ballotKeyboard, ballotText, nominationKeyboard, nominationText, resultText } from "../bot/ballot-view.js";
import { formatDateTime } from "../bot/format.js";
import { esc } from "../bot/html.js";
import { toLocale, translator } from "../bot/i18n.js";
import {
  ballotVotes, closingBallots, dueBallots, finishClose, getBallot, nominees, openBallots, scrubSecretBallots, setBallotMessage, startClosing, type NewBallot, type StoredResult,
} from "../db/ballots.js";
import { getBlocSettings } from "../db/bloc.js";
import { listBoards } from "../db/boards.js";
import { peopleWithRole } from "../db/people.js";
import { claimOnce } from "../db/reminders.js";
import { tally } from "../domain/ballots.js";
import type { Job, JobContext } from "./scheduler.js";
import { sendSafely } from "./send.js";

export async function boardNames(deps: Deps): Promise<Map<number, string>> {
  return new Map((await listBoards(deps.db)).map((b) => [b.id, b.shortName]));
}

/** Posts (or re-posts) a ballot in its group and remembers the message. */
export async function postBallot(deps: Deps, api: Api, ballotId: number): Promise<void> {
  const ballot = (await getBallot(deps.db, ballotId))!;
  const locale = deps.config.defaultLocale;
  const names = await boardNames(deps);
  if (ballot.chatId === null) return;
  let sent;
  if (ballot.status === "nominating") {
    const boards = (await listBoards(deps.db, { activeOnly: true })).map((b) => ({ id: b.id, shortName: b.shortName }));
    sent = await api.sendMessage(ballot.chatId, nominationText(deps, ballot, new Map(), names, locale), { parse_mode: "HTML", reply_markup: nominationKeyboard(ballot.id, boards) });
  } else {
    sent = await api.sendMessage(ballot.chatId, ballotText(deps, ballot, names, locale), { parse_mode: "HTML", reply_markup: ballotKeyboard(deps, ballot, locale) });
  }
  await setBallotMessage(deps.db, ballot.id, ballot.chatId, sent.message_id);
}

/** Refreshes the progress line in the group message; a failure here is not worth an error. */
export async function refreshBallotMessage(deps: Deps, api: Api, ballotId: number): Promise<void> {
  const ballot = await getBallot(deps.db, ballotId);
  if (!ballot || ballot.chatId === null || ballot.messageId === null) return;
  const locale = deps.config.defaultLocale;
  const names = await boardNames(deps);
  try {
    if (ballot.status === "nominating") {
      const counts = new Map((await nominees(deps.db, ballot.id)).map((n) => [n.boardId, n.count]));
      const boards = (await listBoards(deps.db, { activeOnly: true })).map((b) => ({ id: b.id, shortName: b.shortName }));
      await api.editMessageText(ballot.chatId, ballot.messageId, nominationText(deps, ballot, counts, names, locale), { parse_mode: "HTML", reply_markup: nominationKeyboard(ballot.id, boards) });
    } else if (ballot.status === "open") {
      await api.editMessageText(ballot.chatId, ballot.messageId, ballotText(deps, ballot, names, locale), { parse_mode: "HTML", reply_markup: ballotKeyboard(deps, ballot, locale) });
    } else {
      await api.editMessageText(ballot.chatId, ballot.messageId, `${ballotText(deps, ballot, names, locale)}\n\n${translator(deps.i18n, locale)("ballot-closed-note")}`, { parse_mode: "HTML" });
    }
  } catch (err) {
    deps.logger.debug({ err, ballotId }, "ballot message not refreshed");
  }
}

/**
 * Closes a ballot and announces the result; false when it was not open (already
 * closed by someone else). Safe to call from several places at once, and a close
 * interrupted by a crash is completed by the next tick (completeClose).
 * `announce` false: the caller posts the result itself (the ballots job hands it
 * off to the group's lane, so that a slow post never holds the next close).
 */
export async function finishBallot(deps: Deps, api: Api, ballotId: number, byPersonId: number | null, announce = true): Promise<boolean> {
  if (!(await startClosing(deps.db, ballotId, byPersonId, deps.clock.now()))) return false;
  await completeClose(deps, api, ballotId, announce);
  return true;
}

/** Counts a ballot in status "closing", stores everything in one transaction, then announces (unless `announce` is false). */
export async function completeClose(deps: Deps, api: Api, ballotId: number, announce = true): Promise<void> {
  const ballot = await getBallot(deps.db, ballotId);
  if (!ballot || ballot.status !== "closing") return;
  const now = deps.clock.now();
  const votes = await ballotVotes(deps.db, ballot);
  // A candidate board retired during the vote cannot be elected: its votes are void.
  const active = new Set((await listBoards(deps.db, { activeOnly: true })).map((b) => b.id));
  const valid = ballot.candidates.filter((c) => c.boardId === null || active.has(c.boardId));
  const t = tally(ballot, valid, votes.map((v) => v.choices), ballot.participants.length);
  // A secret ballot with too few voters is void: nothing that could tell a choice is kept.
  const minTurnout = ballot.secret ? (ballot.minTurnout ?? (await getBlocSettings(deps.db)).secretMinTurnout) : 0;
  if (ballot.secret && t.turnout < minTurnout) {
    const result: StoredResult = { void: { minTurnout }, counts: [], winners: [], tied: [], motionPassed: null, eligible: t.eligible };
    if (!(await finishClose(deps.db, ballot, result, t.turnout, false, {}, null))) return;
    await scrubSecrets(deps);
    deps.logger.info({ ballotId, turnout: t.turnout, minTurnout }, "secret ballot void: too few voters");
    if (announce) await announceResult(deps, api, ballotId);
    return;
  }
  const result: StoredResult = { counts: t.counts, winners: t.winners, tied: t.tied, motionPassed: t.motionPassed, eligible: t.eligible };
  if (ballot.secret) result.receipts = votes;

  const boardOf = (p: number) => ballot.candidates.find((c) => c.position === p)?.boardId ?? null;
  const outcome: Parameters<typeof finishClose>[5] = {};
  if ((ballot.kind === "leader" || ballot.kind === "deputy") && t.winners.length === 1 && boardOf(t.winners[0]!) !== null) {
    outcome.officer = { year: ballot.year, role: ballot.kind, boardId: boardOf(t.winners[0]!)! };
  }
  if (ballot.kind === "award" && ballot.awardKindCode && t.winners.length) {
    outcome.proposals = { year: ballot.year, awardKindCode: ballot.awardKindCode, boardIds: t.winners.map(boardOf).filter((x): x is number => x !== null) };
  }
  // A tie with the runoff rule: a new ballot between the tied, for the places left.
  let runoff: NewBallot | null = null;
  if (t.tied.length && ballot.tieRule === "runoff" && ballot.chatId !== null) {
    const duration = Math.max(3600_000, ballot.closesAt.getTime() - ballot.createdAt.getTime());
    const places = ballot.maxWinners - t.winners.length;
    runoff = {
      kind: ballot.kind, awardKindCode: ballot.awardKindCode, year: ballot.year,
      title: translator(deps.i18n, deps.config.defaultLocale)("runoff-title", { title: ballot.title }),
      secret: ballot.secret, picksPerVoter: Math.min(ballot.picksPerVoter, places), maxWinners: places,
      quorum: ballot.quorum, tieRule: "leader", allowSelfVote: ballot.allowSelfVote, createdById: ballot.createdById,
      closesAt: new Date(now.getTime() + duration), chatId: ballot.chatId, parentId: ballot.id,
      candidates: t.tied.map((p) => ballot.candidates.find((c) => c.position === p)!).map((c) => ({ boardId: c.boardId, label: c.label })),
      eligibleBoardIds: ballot.participants.map((p) => p.boardId), now,
    };
  }
  if (!(await finishClose(deps.db, ballot, result, t.turnout, t.quorumMet, outcome, runoff))) return;
  if (ballot.secret) await scrubSecrets(deps);
  deps.logger.info({ ballotId, turnout: t.turnout, quorumMet: t.quorumMet, runoff: runoff !== null }, "ballot closed");
  if (announce) await announceResult(deps, api, ballotId);
}

/**
 * Truncates the write-ahead log after secret ballots were closed or cancelled;
 * when a reader holds an older snapshot it is left for the next tick (the
 * ballots job tries again until it truly ran).
 */
export async function scrubSecrets(deps: Deps): Promise<void> {
  try {
    const r = await scrubSecretBallots(deps.db, deps.clock.now());
    if (r.waiting) deps.logger.warn({ waiting: r.waiting }, "secret ballots erased, but the write-ahead log is still in use: truncating it again on the next tick");
  } catch (err) {
    // The erasure itself is committed; only the truncation waits, for the next tick.
    deps.logger.warn({ err }, "write-ahead log not truncated after a secret ballot: trying again on the next tick");
  }
}

/** Posts a closed ballot's result once (and its runoff); retried by the job if a crash came first. */
export async function announceResult(deps: Deps, api: Api, ballotId: number): Promise<void> {
  const ballot = await getBallot(deps.db, ballotId);
  if (!ballot || ballot.status !== "closed" || !ballot.result || ballot.chatId === null) return;
  if (!(await claimOnce(deps.db, `ballot-result:${ballotId}`, deps.clock.now()))) return;
  await refreshBallotMessage(deps, api, ballotId);
  await sendSafely(deps, api, { personId: null, chatId: ballot.chatId }, resultText(deps, ballot, ballot.result, ballot.turnout ?? 0, ballot.quorumMet ?? false, deps.config.defaultLocale));
  const runoff = await deps.db.ballot.findFirst({ where: { parentId: ballotId, messageId: null } });
  if (runoff) {
    try {
      await postBallot(deps, api, runoff.id);
    } catch (err) {
      deps.logger.error({ err, runoffId: runoff.id }, "runoff not posted");
    }
  }
}

/** When to remind the boards that have not voted: a day before the close, or halfway for shorter ballots. */
export function reminderTime(createdAt: Date, closesAt: Date): Date {
  const span = closesAt.getTime() - createdAt.getTime();
  return new Date(closesAt.getTime() - Math.min(24 * 3600_000, span / 2));
}

async function remindNonVoters({ deps, api, sendTo }: JobContext, ballotId: number, now: Date): Promise<void> {
  const ballot = await getBallot(deps.db, ballotId);
  if (!ballot || ballot.status !== "open") return;
  if (now.getTime() < reminderTime(ballot.createdAt, ballot.closesAt).getTime()) return;
  if (!(await claimOnce(deps.db, `ballot-remind:${ballot.id}`, now))) return;
  const names = await boardNames(deps);
  for (const p of ballot.participants.filter((x) => !x.voted)) {
    const people = [...(await peopleWithRole(deps.db, p.boardId, "focal")), ...(await peopleWithRole(deps.db, p.boardId, "head"))];
    for (const person of people.filter((x, i, all) => all.findIndex((y) => y.id === x.id) === i && x.reachable)) {
      const locale = toLocale(person.locale, deps.config.defaultLocale);
      const text = translator(deps.i18n, locale)("ballot-remind", { title: esc(ballot.title), board: esc(names.get(p.boardId) ?? "?"), closes: formatDateTime(ballot.closesAt, locale, deps.config.timeZone) });
      sendTo(person.telegramId, () => sendSafely(deps, api, { personId: person.id, chatId: person.telegramId }, text));
    }
  }
}

export const ballotsJob: Job = {
  name: "ballots",
  async recover({ deps, api }) {
    for (const id of await closingBallots(deps.db)) await completeClose(deps, api, id);
  },
  async run(ctx) {
    const { deps, api, now } = ctx;
    await scrubSecrets(deps);
    // Closes first, none waiting for a post: results go out on the group's lane.
    for (const id of await closingBallots(deps.db)) await completeClose(deps, api, id, false);
    for (const id of await dueBallots(deps.db, now)) await finishBallot(deps, api, id, null, false);
    const recent = await deps.db.ballot.findMany({ where: { status: "closed", closedAt: { gt: new Date(now.getTime() - 2 * 86400_000) } }, select: { id: true, chatId: true } });
    for (const { id, chatId } of recent) {
      if (chatId !== null) ctx.sendTo(Number(chatId), () => announceResult(deps, api, id), `ballot-result:${id}`);
    }
    for (const id of await openBallots(deps.db)) await remindNonVoters(ctx, id, now);
  },
};
