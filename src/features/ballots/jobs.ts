// A ballot's life outside the button presses: posting it to the group, closing
// it (at its time by the scheduler, or early by an admin), counting, recording
// the elected officers and award proposals, a runoff on a tie, and the reminder
// to boards that have not voted before the close.
import type { Api } from "grammy";
import type { Deps } from "../../shared/deps.js";
import { ballotKeyboard, ballotText, nominationKeyboard, nominationText, resultText } from "./views.js";
import { formatDateTime } from "../../shared/i18n/format.js";
import { esc } from "../../shared/text/html.js";
import { translator } from "../../shared/i18n/messages.js";
import { toLocale } from "../../shared/i18n/locale.js";
import {
  ballotVotes, closingBallots, dueBallots, finishClose, getBallot, nominees, openBallots, scrubSecretBallots, startClosing, voteReminderOwed, type BallotView, type NewBallot, type StoredResult,
} from "./store.js";
import { getBloc, getBlocSettings } from "../../shared/bloc/store.js";
import { listBoards } from "../../shared/bloc/store.js";
import { peopleWithRole } from "../../shared/db/people.js";
import { claimOnce } from "../../shared/jobs/ledger.js";
import { groupPostByKey, type NewGroupPost } from "../group/store.js";
import { POST_STALE_MS } from "../../shared/messaging/group-posts.js";
import { flushGroupPosts, queuePost } from "../group/outbox.js";
import { tally } from "./rules.js";
import { voteReminderDue } from "../reminders/rules.js";
import type { Job, JobContext } from "../../shared/jobs/scheduler.js";

export async function boardNames(deps: Deps): Promise<Map<number, string>> {
  return new Map((await listBoards(deps.db)).map((b) => [b.id, b.shortName]));
}

/**
 * Posts a ballot (its vote, or its nomination round) to the group through the
 * group's outbox, which remembers the message its buttons belong to; resolves once
 * the post was tried. The key names the ballot, its phase and the group, so a ballot
 * is posted once per phase and group.
 */
export async function postBallot(deps: Deps, api: Api, ballotId: number): Promise<string | null> {
  const key = await queueBallotPost(deps, ballotId);
  await flushGroupPosts(deps, api);
  return key;
}

/** Queues a ballot's post (once per ballot, phase and group); its key, or null when there is nothing to post. */
async function queueBallotPost(deps: Deps, ballotId: number): Promise<string | null> {
  const ballot = await getBallot(deps.db, ballotId);
  if (!ballot || (ballot.status !== "open" && ballot.status !== "nominating")) return null;
  const where = ballot.chatId ?? (await getBloc(deps.db))?.groupChatId ?? "none";
  const key = `ballot:${ballot.id}:${ballot.status}:${where}`;
  await queuePost(deps, key, { kind: "ballot", ballotId: ballot.id }, Math.max(0, ballot.closesAt.getTime() - deps.clock.now().getTime()));
  return key;
}

/**
 * Refreshes the progress line in the group message, its buttons on `page` (the
 * page the presser was looking at); a failure here is not worth an error.
 */
export async function refreshBallotMessage(deps: Deps, api: Api, ballotId: number, page = 0): Promise<void> {
  const ballot = await getBallot(deps.db, ballotId);
  if (!ballot || ballot.chatId === null || ballot.messageId === null) return;
  const locale = deps.config.defaultLocale;
  const names = await boardNames(deps);
  try {
    if (ballot.status === "nominating") {
      const counts = new Map((await nominees(deps.db, ballot.id)).map((n) => [n.boardId, n.count]));
      const boards = (await listBoards(deps.db, { activeOnly: true })).map((b) => ({ id: b.id, shortName: b.shortName }));
      await api.editMessageText(ballot.chatId, ballot.messageId, nominationText(deps, ballot, counts, names, locale), { parse_mode: "HTML", reply_markup: nominationKeyboard(ballot.id, boards, page) });
    } else if (ballot.status === "open") {
      await api.editMessageText(ballot.chatId, ballot.messageId, ballotText(deps, ballot, names, locale), { parse_mode: "HTML", reply_markup: ballotKeyboard(deps, ballot, locale, page) });
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
 * `announce` false: the result is queued, and the caller announces it apart
 * (announceClose; the ballots job hands it off, so that a slow group never holds
 * the next close).
 */
export async function finishBallot(deps: Deps, api: Api, ballotId: number, byPersonId: number | null, announce = true): Promise<boolean> {
  if (!(await startClosing(deps.db, ballotId, byPersonId, deps.clock.now()))) return false;
  await completeClose(deps, api, ballotId, announce);
  return true;
}

/**
 * Counts a ballot in status "closing", stores everything in one transaction (the
 * result's post queued with it), then announces (unless `announce` is false).
 * True when this call closed it.
 */
export async function completeClose(deps: Deps, api: Api, ballotId: number, announce = true): Promise<boolean> {
  const ballot = await getBallot(deps.db, ballotId);
  if (!ballot || ballot.status !== "closing") return false;
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
    if (!(await finishClose(deps.db, ballot, result, t.turnout, false, {}, null, resultPost(deps, ballot, result, t.turnout, false, now)))) return false;
    await scrubSecrets(deps);
    deps.logger.info({ ballotId, turnout: t.turnout, minTurnout }, "secret ballot void: too few voters");
    if (announce) await announceClose(deps, api, ballotId);
    return true;
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
  if (!(await finishClose(deps.db, ballot, result, t.turnout, t.quorumMet, outcome, runoff, resultPost(deps, ballot, result, t.turnout, t.quorumMet, now)))) return false;
  if (ballot.secret) await scrubSecrets(deps);
  deps.logger.info({ ballotId, turnout: t.turnout, quorumMet: t.quorumMet, runoff: runoff !== null }, "ballot closed");
  // The runoff goes after the result (posts go out in the order they were queued).
  const runoffRow = await deps.db.ballot.findFirst({ where: { parentId: ballotId, messageId: null }, select: { id: true } });
  if (runoffRow) await queueBallotPost(deps, runoffRow.id);
  if (announce) await announceClose(deps, api, ballotId);
  return true;
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

/** A close made known in the group: the ballot's message shows it closed, then the result (and runoff) go out. */
export async function announceClose(deps: Deps, api: Api, ballotId: number): Promise<void> {
  await refreshBallotMessage(deps, api, ballotId);
  await flushGroupPosts(deps, api);
}

/** The key of a ballot's result post in the group's outbox. */
export function resultKey(ballotId: number): string {
  return `ballot-result:${ballotId}`;
}

/** The result's post, queued in the transaction that stores the result (finishClose): it cannot be lost in between. */
function resultPost(deps: Deps, ballot: BallotView, result: StoredResult, turnout: number, quorumMet: boolean, now: Date): NewGroupPost {
  const text = resultText(deps, ballot, result, turnout, quorumMet, deps.config.defaultLocale);
  return { key: resultKey(ballot.id), content: { kind: "text", text }, now, expiresAt: new Date(now.getTime() + POST_STALE_MS.ballotResult) };
}

/** Queues a closed ballot's result if it is not queued yet (closes before the outbox existed queued nothing). */
async function queueResult(deps: Deps, ballotId: number): Promise<void> {
  if (await groupPostByKey(deps.db, resultKey(ballotId))) return;
  const ballot = await getBallot(deps.db, ballotId);
  if (!ballot || ballot.status !== "closed" || !ballot.result) return;
  const text = resultText(deps, ballot, ballot.result, ballot.turnout ?? 0, ballot.quorumMet ?? false, deps.config.defaultLocale);
  await queuePost(deps, resultKey(ballotId), { kind: "text", text }, POST_STALE_MS.ballotResult);
}

async function remindNonVoters({ deps, api, sendTo }: JobContext, ballotId: number, now: Date): Promise<void> {
  const ballot = await getBallot(deps.db, ballotId);
  if (!ballot || ballot.status !== "open") return;
  // A day before the close (or halfway), never in quiet hours or on a day off (features/reminders/rules.ts).
  const bloc = await getBloc(deps.db);
  if (!bloc || !voteReminderDue(now, ballot.createdAt, ballot.closesAt, bloc.schedule, deps.config.timeZone)) return;
  if (!(await claimOnce(deps.db, `ballot-remind:${ballot.id}`, now))) return;
  const names = await boardNames(deps);
  for (const p of ballot.participants.filter((x) => !x.voted)) {
    const people = [...(await peopleWithRole(deps.db, p.boardId, "focal")), ...(await peopleWithRole(deps.db, p.boardId, "head"))];
    for (const person of people.filter((x, i, all) => all.findIndex((y) => y.id === x.id) === i && x.reachable)) {
      const locale = toLocale(person.locale, deps.config.defaultLocale);
      const text = translator(deps.i18n, locale)("ballot-remind", { title: esc(ballot.title), board: esc(names.get(p.boardId) ?? "?"), closes: formatDateTime(ballot.closesAt, locale, deps.config.timeZone) });
      // Sent paced, a while after this: only if still owed then (not voted, the role not taken back).
      sendTo(person.telegramId, async () => {
        if (await voteReminderOwed(deps.db, ballot.id, p.boardId, person.id)) await deps.notify.send({ person: person.id }, { text });
      });
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
    // Closes first, none waiting for the group: the result posts go out apart from the job.
    const closed: number[] = [];
    for (const id of await closingBallots(deps.db)) if (await completeClose(deps, api, id, false)) closed.push(id);
    for (const id of await dueBallots(deps.db, now)) if (await finishBallot(deps, api, id, null, false)) closed.push(id);
    const recent = await deps.db.ballot.findMany({ where: { status: "closed", closedAt: { gt: new Date(now.getTime() - 2 * 86400_000) } }, select: { id: true } });
    for (const { id } of recent) await queueResult(deps, id);
    // A ballot (or runoff) created or opened but not yet queued for the group when the process stopped.
    const unposted = await deps.db.ballot.findMany({ where: { status: { in: ["open", "nominating"] }, messageId: null }, select: { id: true } });
    for (const { id } of unposted) await queueBallotPost(deps, id);
    ctx.handOff((async () => {
      for (const id of closed) await refreshBallotMessage(deps, api, id);
      await flushGroupPosts(deps, api); // also what is due again after a failure
    })());
    for (const id of await openBallots(deps.db)) await remindNonVoters(ctx, id, now);
  },
};
