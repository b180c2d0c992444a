// Ballots as people and jobs use them: creating and posting one, a vote or a
// nomination pressed in the group, a manager's close, cancel or opening after the
// nominations, the close at its time (counting, the officers and award proposals
// recorded, a runoff on a tie), the reminder to boards that have not voted, and the
// ballot's live message in the group (posted through the group's outbox, rendered
// here: renderBallotPost; refreshed as votes come in where the messenger edits).
// Decisions live here; queries in store.ts; what is said in views.ts.
import type { Prisma } from "../../generated/prisma/client.js";
import type { Deps } from "../../shared/deps.js";
import { inEveryLocale, toLocale, type Locale } from "../../shared/i18n/locale.js";
import type { Choice, OutboundMessage } from "../../shared/messaging/outbound.js";
import type { PickerBoard } from "../../shared/messaging/choices.js";
import { getBloc, getBlocSettings, getBoard, listBoards } from "../../shared/bloc/store.js";
import { audit, peopleWithRole } from "../../shared/db/people.js";
import { claimOnce } from "../../shared/jobs/ledger.js";
import { POST_STALE_MS } from "../../shared/messaging/group-posts.js";
import { flushGroupPosts, groupPostWrite, isPostQueued, queuePost, type RenderedPost } from "../group/use-cases.js";
import { leaderOf, recentOfficers } from "../history/use-cases.js";
import { voteReminderDue } from "../reminders/rules.js";
import {
  BallotClosedError, ballotMessageWrite, ballotVotes, cancelBallot as storeCancelBallot, castVote, closingBallots, createBallot, currentChoices, dueBallots, finishClose, getBallot,
  listBallots, liveBallots, nominees, offTelegram, openBallots, openFromNominations, recentlyClosedBallots, runoffAwaitingPost, scrubSecretBallots, startClosing, toggleNomination,
  unpostedBallots, voteReminderOwed, votingBoardsOf, type BallotView, type NewBallot, type StoredResult,
} from "./store.js";
import { tally, toggleChoice, type ChoiceError } from "./rules.js";

export type { BallotView, NewBallot, StoredResult } from "./store.js";

// --- what the ballots say, rendered by views.ts (the composition registers it) -----

/** What a ballot's live message shows besides the ballot: board names, nominations so far, the boards one may nominate. */
export type LiveData = { names: Map<number, string>; nominated: Map<number, number>; activeBoards: BoardChoice[] };

/**
 * The texts and choices the use cases send, in the bloc's default language unless a
 * locale is given. Implemented by views.ts (ballotTexts) and registered by the
 * composition (src/app.ts: useBallotTexts), so that use cases render nothing
 * themselves and import no view.
 */
export type BallotTexts = {
  /** The group message of a ballot as it reads now: nominating or open, with its choices on `page`; closed or cancelled, with the closed note. */
  live(deps: Deps, ballot: BallotView, data: LiveData, page: number): OutboundMessage;
  /** The nomination message's final list, once the vote is opened. */
  nominationsClosed(deps: Deps, ballot: BallotView, data: LiveData): string;
  /** The choices of a page of the ballot's (or the nomination round's) message. */
  page(deps: Deps, ballot: BallotView, data: LiveData, page: number): Choice[][];
  /** The result as the group reads it (in `locale`: the bloc's default language unless given). */
  result(deps: Deps, ballot: BallotView, result: StoredResult, turnout: number, quorumMet: boolean, locale?: Locale): string;
  runoffTitle(deps: Deps, title: string): string;
  /**
   * The ballot (or its nomination round) as one of a board's people receives it in
   * private: the group message's text and, for each board they vote for
   * (`boards`), a choice per candidate (or nominee), each naming the board
   * (bvb:/bnb: data, checked again when chosen).
   */
  copy(deps: Deps, ballot: BallotView, data: LiveData, boards: BoardChoice[], locale: Locale): OutboundMessage;
  /** The reminder to vote to a person of a board that has not, in their language. */
  /** `where` the person votes: "group" (the ballot is in the group and they read it), or "private" (no group: the ballot went privately; or their messenger is not Telegram: they have its private copy). */
  voteReminder(deps: Deps, locale: Locale, ballot: BallotView, boardName: string, where: "group" | "private"): string;
};

let texts: BallotTexts | null = null;

/** The composition (src/app.ts) registers views.ts's texts once. */
export function useBallotTexts(t: BallotTexts): void {
  texts = t;
}

function say(): BallotTexts {
  if (!texts) throw new Error("ballot texts not registered (src/app.ts calls useBallotTexts)");
  return texts;
}

// --- reading ---------------------------------------------------------------------

/** A ballot with its candidates, who may vote and who has; null when there is none with this id. */
export function findBallot(deps: Pick<Deps, "db">, id: number): Promise<BallotView | null> {
  return getBallot(deps.db, id);
}

/** Board id → short name, every board (a retired one still names its old votes). */
export async function boardNames(deps: Pick<Deps, "db">): Promise<Map<number, string>> {
  return new Map((await listBoards(deps.db)).map((b) => [b.id, b.shortName]));
}

/** /ballots: the latest ballots (newest first) and the latest officers they elected or /record recorded. */
export async function ballotOverview(deps: Pick<Deps, "db">) {
  return { ballots: await listBallots(deps.db), officers: await recentOfficers(deps, 6) };
}

/** /ballots N: a closed ballot with its stored result; why not otherwise. */
export async function closedBallot(deps: Pick<Deps, "db">, id: number): Promise<{ ok: true; ballot: BallotView & { result: StoredResult } } | { ok: false; reason: "not_found" | "no_result"; id?: number }> {
  const ballot = await getBallot(deps.db, id);
  if (!ballot) return { ok: false, reason: "not_found" };
  if (ballot.status !== "closed" || !ballot.result) return { ok: false, reason: "no_result", id: ballot.id };
  return { ok: true, ballot: ballot as BallotView & { result: StoredResult } };
}

// --- creating and posting ----------------------------------------------------------

/** A new ballot (open, or in its nomination round when it has no candidates), with an audit row; its id. */
export async function createNewBallot(deps: Pick<Deps, "db" | "clock">, b: NewBallot, byPersonId: number): Promise<number> {
  const ballotId = await createBallot(deps.db, b);
  await audit(deps.db, byPersonId, "ballot.create", { ballotId, kind: b.kind, title: b.title }, deps.clock.now());
  return ballotId;
}

/** The board elected (or recorded) leader of `year`: a deputy ballot leaves it out of its candidates. */
export function leaderBoardOf(deps: Pick<Deps, "db">, year: number): Promise<number | null> {
  return leaderOf(deps, year);
}

/**
 * Posts a ballot (its vote, or its nomination round) to the group through the
 * group's outbox, which remembers the message its choices belong to; resolves once
 * the post was tried, with the post's key (null: nothing to post). The key names the
 * ballot, its phase and the group, so a ballot is posted once per phase and group.
 */
export async function postBallot(deps: Deps, ballotId: number): Promise<string | null> {
  const key = await queueBallotPost(deps, ballotId);
  await flushGroupPosts(deps);
  return key;
}

/** Queues a ballot's post (once per ballot, phase and group); its key, or null when there is nothing to post. */
async function queueBallotPost(deps: Deps, ballotId: number): Promise<string | null> {
  const ballot = await getBallot(deps.db, ballotId);
  if (!ballot || (ballot.status !== "open" && ballot.status !== "nominating")) return null;
  const where = ballot.chatId ?? (await getBloc(deps.db))?.groupChatId ?? "none";
  const key = `ballot:${ballot.id}:${ballot.status}:${where}`;
  // Its private copies (to a board's people on Zalo; to everyone with no group) once per ballot and phase, wherever it is posted.
  await queuePost(deps, key, { kind: "ballot", ballotId: ballot.id }, Math.max(0, ballot.closesAt.getTime() - deps.clock.now().getTime()), { copyKey: ballotCopyKey(ballot) });
  return key;
}

/** The key of a ballot's private copies in one phase: a person receives each phase once, whichever group posts it. */
export function ballotCopyKey(ballot: { id: number; status: string }): string {
  return `ballot:${ballot.id}:${ballot.status}`;
}

/**
 * A ballot's private copy for one person (the group outbox's copy renderer,
 * registered by src/app.ts): the ballot while it is open (or nominating), with a
 * choice per candidate for each board the person votes for among the eligible
 * ones (every active board nominates); "dropped" when it is no longer open, or
 * the person votes for none of its boards.
 */
export async function renderBallotCopy(deps: Deps, c: { ballotId: number }, personId: number, locale: Locale): Promise<OutboundMessage | "dropped"> {
  const ballot = await getBallot(deps.db, c.ballotId);
  if (!ballot || (ballot.status !== "open" && ballot.status !== "nominating")) return "dropped";
  if (ballot.status === "open" && !isOpenNow(deps, ballot)) return "dropped";
  const eligible = ballot.status === "open" ? new Set(ballot.participants.map((p) => p.boardId)) : new Set((await listBoards(deps.db, { activeOnly: true })).map((b) => b.id));
  const boards = (await votingBoardsOf(deps.db, personId)).filter((b) => eligible.has(b));
  if (boards.length === 0) return "dropped";
  return say().copy(deps, ballot, await liveData(deps, ballot), await boardsOf(deps, boards), locale);
}

/**
 * The ballots a person may vote (or nominate) in now, for one of their boards
 * (focal person or head), newest first: open and eligible, or in their nomination
 * round (every active board nominates). The same rule as renderBallotCopy, so
 * each of these has a copy to send again (/ballots).
 */
export async function ballotsToVote(deps: Deps, personId: number): Promise<{ id: number; title: string; status: "open" | "nominating" }[]> {
  const boards = await votingBoardsOf(deps.db, personId);
  if (boards.length === 0) return [];
  const active = new Set((await listBoards(deps.db, { activeOnly: true })).map((b) => b.id));
  const out: { id: number; title: string; status: "open" | "nominating" }[] = [];
  for (const id of await liveBallots(deps.db)) {
    const b = await getBallot(deps.db, id);
    if (!b) continue;
    if (b.status === "open" && isOpenNow(deps, b) && boards.some((x) => b.participants.some((p) => p.boardId === x))) out.push({ id: b.id, title: b.title, status: "open" });
    else if (b.status === "nominating" && boards.some((x) => active.has(x))) out.push({ id: b.id, title: b.title, status: "nominating" });
  }
  return out;
}

/** What the ballot's live message shows besides the ballot itself. */
async function liveData(deps: Deps, ballot: BallotView): Promise<LiveData> {
  const names = await boardNames(deps);
  if (ballot.status !== "nominating") return { names, nominated: new Map(), activeBoards: [] };
  const nominated = new Map((await nominees(deps.db, ballot.id)).map((n) => [n.boardId, n.count]));
  const activeBoards = (await listBoards(deps.db, { activeOnly: true })).map((b) => ({ id: b.id, shortName: b.shortName }));
  return { names, nominated, activeBoards };
}

async function liveMessage(deps: Deps, ballot: BallotView, page: number): Promise<OutboundMessage> {
  return say().live(deps, ballot, await liveData(deps, ballot), page);
}

/**
 * The group outbox's renderer for a ballot's post (registered by src/app.ts): the
 * live message as it reads when the post goes out; "dropped" when the ballot is no
 * longer open or nominating. Landing stores where the message sits: its choices
 * are checked against that message from then on.
 */
export async function renderBallotPost(deps: Deps, c: { ballotId: number }): Promise<RenderedPost | "dropped"> {
  const ballot = await getBallot(deps.db, c.ballotId);
  if (!ballot || (ballot.status !== "open" && ballot.status !== "nominating")) return "dropped";
  const message = await liveMessage(deps, ballot, 0);
  return {
    message,
    // Where the message sits in the group; a ballot that went privately instead (no group) has none to store.
    landed: (at): Prisma.PrismaPromise<unknown>[] => (at ? [ballotMessageWrite(deps.db, ballot.id, at)] : []),
  };
}

/**
 * Refreshes the ballot's message in the group (progress, or the closed note), its
 * choices on `page` (the page the presser was looking at). Where the messenger has
 * no edits nothing changes; a failure here is not worth an error.
 */
export async function refreshBallotMessage(deps: Deps, ballotId: number, page = 0): Promise<void> {
  const ballot = await getBallot(deps.db, ballotId);
  if (!ballot || ballot.chatId === null || ballot.messageId === null) return;
  try {
    await deps.chats.edit({ chatId: ballot.chatId, messageId: ballot.messageId }, await liveMessage(deps, ballot, page));
  } catch (err) {
    deps.logger.debug({ err, ballotId }, "ballot message not refreshed");
  }
}

/** The choices of the ballot's message on `page`, as the group sees them: for a press on ◀ ▶; "expired" when the press is not on the ballot's current message in the phase its data names. */
export async function ballotPage(deps: Deps, input: { ballotId: number; on: { chatId: number; messageId: number } | null; phase: "open" | "nominating"; page: number }): Promise<{ ok: true; choices: Choice[][]; prefix: string } | { ok: false; reason: "expired" }> {
  const ballot = await getBallot(deps.db, input.ballotId);
  if (!ballot || !input.on || ballot.messageId !== input.on.messageId || ballot.chatId !== input.on.chatId || ballot.status !== input.phase) return { ok: false, reason: "expired" };
  const choices = say().page(deps, ballot, await liveData(deps, ballot), input.page);
  return { ok: true, choices, prefix: input.phase === "nominating" ? `bnp:${ballot.id}:` : `bp:${ballot.id}:` };
}

// --- votes and nominations -----------------------------------------------------------

/**
 * The double-tap guard of a press (chat/conversations/drafts.ts, claimPress), passed
 * in by the handler: `claim` is false when the same press came within seconds
 * (a secret ballot's press is claimed under a keyed hash: `secret`); `release` gives
 * it back when the action failed.
 */
export type PressGuard = { claim(ballot: { id: number; secret: boolean }): Promise<boolean>; release(): Promise<void> };

/** A board to choose, for someone serving several. */
export type BoardChoice = { id: number; shortName: string };

export type VoteOutcome =
  | { ok: true; kind: "voted"; ballot: BallotView; boardId: number; boardName: string; choices: number[]; replaced: boolean; receipt: string; refresh: boolean }
  | { ok: true; kind: "which_board"; ballot: BallotView; boards: PickerBoard[] }
  | { ok: false; reason: "expired" | "closed" | "not_voter" | "double_tap" }
  | { ok: false; reason: "choice"; error: ChoiceError; picks: number };

/**
 * A press on a candidate of a ballot's message in the group (bv:<ballot>:<position>):
 * checked against the message it sits on (`on`), the ballot's state and time, and the
 * boards the presser votes for (`votingBoards`, from their roles). Someone serving
 * several eligible boards is asked which ("which_board"); otherwise the board's
 * selection is toggled (or replaced) and stored, and the last vote counts.
 */
export async function voteFromGroup(
  deps: Deps,
  input: { ballotId: number; on: { chatId: number; messageId: number } | null; position: number; votingBoards: number[]; personId: number },
  press: PressGuard,
): Promise<VoteOutcome> {
  const ballot = await getBallot(deps.db, input.ballotId);
  if (!ballot || !input.on || ballot.messageId !== input.on.messageId || ballot.chatId !== input.on.chatId) return { ok: false, reason: "expired" };
  if (!isOpenNow(deps, ballot)) return { ok: false, reason: "closed" };
  const eligible = new Set(ballot.participants.map((p) => p.boardId));
  const boards = input.votingBoards.filter((b) => eligible.has(b));
  if (boards.length === 0) return { ok: false, reason: "not_voter" };
  if (boards.length > 1) return { ok: true, kind: "which_board", ballot, boards: await boardsOf(deps, boards) };
  return vote(deps, ballot, boards[0]!, input.position, input.personId, press);
}

/** The answer to "which board is this vote for" (bvb:<ballot>:<position>:<board>): the board checked again, then the vote. */
export async function voteForBoard(
  deps: Deps,
  input: { ballotId: number; boardId: number; position: number; votingBoards: number[]; personId: number },
  press: PressGuard,
): Promise<VoteOutcome> {
  const ballot = await getBallot(deps.db, input.ballotId);
  if (!ballot || !isOpenNow(deps, ballot)) return { ok: false, reason: "closed" };
  if (!input.votingBoards.includes(input.boardId) || !ballot.participants.some((p) => p.boardId === input.boardId)) return { ok: false, reason: "not_voter" };
  return vote(deps, ballot, input.boardId, input.position, input.personId, press);
}

function isOpenNow(deps: Pick<Deps, "clock">, ballot: BallotView): boolean {
  return ballot.status === "open" && ballot.closesAt.getTime() > deps.clock.now().getTime();
}

/** The boards of `ids` that exist, in the order of `ids`, with their place in the bloc's order (the which-board picker sorts by it). */
async function boardsOf(deps: Pick<Deps, "db">, ids: number[]): Promise<PickerBoard[]> {
  const out: PickerBoard[] = [];
  for (const id of ids) {
    const b = await getBoard(deps.db, id);
    if (b) out.push({ id: b.id, shortName: b.shortName, sortOrder: b.sortOrder });
  }
  return out;
}

async function vote(deps: Deps, ballot: BallotView, boardId: number, position: number, personId: number, press: PressGuard): Promise<VoteOutcome> {
  const { db, clock } = deps;
  const active = new Set((await listBoards(db, { activeOnly: true })).map((b) => b.id));
  if (!active.has(boardId)) return { ok: false, reason: "not_voter" };
  const current = await currentChoices(db, ballot, boardId);
  const r = toggleChoice(current, position, ballot, ballot.candidates, boardId, active);
  if (!r.ok) return { ok: false, reason: "choice", error: r.error, picks: ballot.picksPerVoter };
  // A double tap (the same press again within seconds) counts once: without this a
  // multi-pick candidate is selected and at once unselected.
  if (!(await press.claim(ballot))) return { ok: false, reason: "double_tap" };
  let receipt: string;
  try {
    receipt = await castVote(db, ballot, boardId, personId, r.choices, clock.now());
  } catch (e) {
    await press.release();
    if (e instanceof BallotClosedError) return { ok: false, reason: "closed" };
    throw e;
  }
  const names = await boardNames(deps);
  return {
    ok: true, kind: "voted", ballot, boardId, boardName: names.get(boardId) ?? "?", choices: r.choices, replaced: current.length > 0, receipt,
    // The group message changes only when the set of boards that voted changes.
    refresh: (current.length > 0) !== (r.choices.length > 0),
  };
}

export type NominationOutcome =
  | { ok: true; kind: "toggled"; ballot: BallotView; nominee: BoardChoice; added: boolean }
  | { ok: true; kind: "which_board"; ballot: BallotView; nominee: BoardChoice; boards: PickerBoard[] }
  | { ok: false; reason: "expired" | "not_voter" | "self_vote" | "double_tap" };

/** A press on a board of a nomination round's message (bn:<ballot>:<nominee>): toggles that board's nomination by the presser's board. */
export async function nominateFromGroup(
  deps: Deps,
  input: { ballotId: number; on: { messageId: number } | null; nomineeId: number; votingBoards: number[] },
  press: PressGuard,
): Promise<NominationOutcome> {
  const ballot = await getBallot(deps.db, input.ballotId);
  if (!ballot || !input.on || ballot.messageId !== input.on.messageId || ballot.status !== "nominating") return { ok: false, reason: "expired" };
  const nominee = await getBoard(deps.db, input.nomineeId);
  if (!nominee || nominee.status !== "active") return { ok: false, reason: "expired" };
  if (input.votingBoards.length === 0) return { ok: false, reason: "not_voter" };
  const shown = { id: nominee.id, shortName: nominee.shortName };
  if (input.votingBoards.length > 1) return { ok: true, kind: "which_board", ballot, nominee: shown, boards: await boardsOf(deps, input.votingBoards) };
  return nominate(deps, ballot, input.votingBoards[0]!, shown, press);
}

/** The answer to "which board nominates" (bnb:<ballot>:<nominee>:<board>). */
export async function nominateForBoard(
  deps: Deps,
  input: { ballotId: number; nomineeId: number; boardId: number; votingBoards: number[] },
  press: PressGuard,
): Promise<NominationOutcome> {
  const ballot = await getBallot(deps.db, input.ballotId);
  const nominee = await getBoard(deps.db, input.nomineeId);
  if (!ballot || ballot.status !== "nominating" || !nominee || nominee.status !== "active") return { ok: false, reason: "expired" };
  if (!input.votingBoards.includes(input.boardId)) return { ok: false, reason: "not_voter" };
  return nominate(deps, ballot, input.boardId, { id: nominee.id, shortName: nominee.shortName }, press);
}

async function nominate(deps: Deps, ballot: BallotView, nominatorBoardId: number, nominee: BoardChoice, press: PressGuard): Promise<NominationOutcome> {
  if (ballot.kind === "award" && !ballot.allowSelfVote && nominatorBoardId === nominee.id) return { ok: false, reason: "self_vote" };
  if (!(await press.claim({ id: ballot.id, secret: false }))) return { ok: false, reason: "double_tap" };
  let added: boolean;
  try {
    added = await toggleNomination(deps.db, ballot.id, nominatorBoardId, nominee.id);
  } catch (e) {
    await press.release();
    throw e;
  }
  return { ok: true, kind: "toggled", ballot, nominee, added };
}

// --- the managers' commands -----------------------------------------------------------

/**
 * /closeballot N: closes an open ballot now and announces the result (queued with
 * the close, sent through the group's outbox); `resultKey` names that post, for
 * saying why it did not go out. Audited whenever the ballot exists.
 */
export async function closeBallotNow(deps: Deps, id: number, byPersonId: number | null): Promise<{ ok: true; resultKey: string } | { ok: false; reason: "not_found" | "not_open" }> {
  if (!(await getBallot(deps.db, id))) return { ok: false, reason: "not_found" };
  const ok = await finishBallot(deps, id, byPersonId);
  await audit(deps.db, byPersonId, "ballot.close", { id }, deps.clock.now());
  return ok ? { ok: true, resultKey: resultKey(id) } : { ok: false, reason: "not_open" };
}

/** /cancelballot N: an open or nominating ballot is cancelled (a secret one loses its key and entries); its message says so. */
export async function cancelBallotNow(deps: Deps, id: number, byPersonId: number | null): Promise<{ ok: true } | { ok: false; reason: "not_found" | "not_open" }> {
  const ballot = await getBallot(deps.db, id);
  if (!ballot) return { ok: false, reason: "not_found" };
  const now = deps.clock.now();
  const ok = await storeCancelBallot(deps.db, id, byPersonId, now);
  if (ok && ballot.secret) await scrubSecrets(deps);
  if (ok) await refreshBallotMessage(deps, id);
  await audit(deps.db, byPersonId, "ballot.cancel", { id }, now);
  return ok ? { ok: true } : { ok: false, reason: "not_open" };
}

/**
 * /openballot N [hours]: the nomination round ends, the nominees (active boards)
 * become the candidates, voting opens for `hours` (1 to 720, 24 by default) and is
 * posted; the nomination message keeps its final list without choices.
 */
export async function openNominatedBallot(
  deps: Deps,
  id: number,
  hours: number,
): Promise<{ ok: true; key: string | null } | { ok: false; reason: "not_found" | "not_nominating" | "bad_hours" | "too_few" }> {
  const ballot = await getBallot(deps.db, id);
  if (!ballot) return { ok: false, reason: "not_found" };
  if (ballot.status !== "nominating") return { ok: false, reason: "not_nominating" };
  if (!Number.isFinite(hours) || hours < 1 || hours > 24 * 30) return { ok: false, reason: "bad_hours" };
  const now = deps.clock.now();
  const noms = await nominees(deps.db, id);
  const active = await listBoards(deps.db, { activeOnly: true });
  const candidates = active.filter((b) => noms.some((n) => n.boardId === b.id)).map((b) => ({ boardId: b.id, label: b.shortName }));
  if (candidates.length < 2) return { ok: false, reason: "too_few" };
  await finalizeNominations(deps, ballot);
  const ok = await openFromNominations(deps.db, id, candidates, active.map((b) => b.id), new Date(now.getTime() + hours * 3600_000), now);
  if (!ok) return { ok: false, reason: "not_nominating" };
  return { ok: true, key: await postBallot(deps, id) };
}

/** The nomination message keeps its final list, without choices, before the vote is posted (where the messenger edits). */
async function finalizeNominations(deps: Deps, ballot: BallotView): Promise<void> {
  if (ballot.chatId === null || ballot.messageId === null) return;
  const text = say().nominationsClosed(deps, ballot, await liveData(deps, ballot));
  await deps.chats.edit({ chatId: ballot.chatId, messageId: ballot.messageId }, { text }).catch(() => undefined);
}

// --- closing ---------------------------------------------------------------------------

/**
 * Closes a ballot and announces the result; false when it was not open (already
 * closed by someone else). Safe to call from several places at once, and a close
 * interrupted by a crash is completed by the next tick (completeClose).
 * `announce` false: the result is queued, and the caller announces it apart
 * (announceCloses; the ballots job hands it off, so that a slow group never holds
 * the next close).
 */
export async function finishBallot(deps: Deps, ballotId: number, byPersonId: number | null, announce = true): Promise<boolean> {
  if (!(await startClosing(deps.db, ballotId, byPersonId, deps.clock.now()))) return false;
  await completeClose(deps, ballotId, announce);
  return true;
}

/**
 * Counts a ballot in status "closing", stores everything in one transaction (the
 * result's post queued with it), then announces (unless `announce` is false).
 * True when this call closed it.
 */
export async function completeClose(deps: Deps, ballotId: number, announce = true): Promise<boolean> {
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
    if (!(await finishClose(deps.db, ballot, result, t.turnout, false, {}, null, [resultPost(deps, ballot, result, t.turnout, false)]))) return false;
    await scrubSecrets(deps);
    deps.logger.info({ ballotId, turnout: t.turnout, minTurnout }, "secret ballot void: too few voters");
    if (announce) await announceCloses(deps, [ballotId]);
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
  if (t.tied.length && ballot.tieRule === "runoff") {
    const duration = Math.max(3600_000, ballot.closesAt.getTime() - ballot.createdAt.getTime());
    const places = ballot.maxWinners - t.winners.length;
    runoff = {
      kind: ballot.kind, awardKindCode: ballot.awardKindCode, year: ballot.year,
      title: say().runoffTitle(deps, ballot.title),
      secret: ballot.secret, picksPerVoter: Math.min(ballot.picksPerVoter, places), maxWinners: places,
      quorum: ballot.quorum, tieRule: "leader", allowSelfVote: ballot.allowSelfVote, createdById: ballot.createdById,
      closesAt: new Date(now.getTime() + duration), chatId: ballot.chatId, parentId: ballot.id,
      candidates: t.tied.map((p) => ballot.candidates.find((c) => c.position === p)!).map((c) => ({ boardId: c.boardId, label: c.label })),
      eligibleBoardIds: ballot.participants.map((p) => p.boardId), now,
    };
  }
  if (!(await finishClose(deps.db, ballot, result, t.turnout, t.quorumMet, outcome, runoff, [resultPost(deps, ballot, result, t.turnout, t.quorumMet)]))) return false;
  if (ballot.secret) await scrubSecrets(deps);
  deps.logger.info({ ballotId, turnout: t.turnout, quorumMet: t.quorumMet, runoff: runoff !== null }, "ballot closed");
  // The runoff goes after the result (posts go out in the order they were queued).
  const runoffId = await runoffAwaitingPost(deps.db, ballotId);
  if (runoffId !== null) await queueBallotPost(deps, runoffId);
  if (announce) await announceCloses(deps, [ballotId]);
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

/** Closes made known in the group: each ballot's message shows it closed, then the results (and runoffs) go out. */
export async function announceCloses(deps: Deps, ballotIds: number[]): Promise<void> {
  for (const id of ballotIds) await refreshBallotMessage(deps, id);
  await flushGroupPosts(deps); // also what is due again after a failure
}

/** The key of a ballot's result post in the group's outbox. */
export function resultKey(ballotId: number): string {
  return `ballot-result:${ballotId}`;
}

/** The result's post, queued in the transaction that stores the result (finishClose): it cannot be lost in between. */
function resultPost(deps: Deps, ballot: BallotView, result: StoredResult, turnout: number, quorumMet: boolean): Prisma.PrismaPromise<unknown> {
  const texts = inEveryLocale((locale) => say().result(deps, ballot, result, turnout, quorumMet, locale));
  return groupPostWrite(deps, resultKey(ballot.id), { kind: "text", text: texts[deps.config.defaultLocale], texts }, POST_STALE_MS.ballotResult, { copyKey: resultKey(ballot.id) });
}

/** Queues a closed ballot's result if it is not queued yet (closes before the outbox existed queued nothing). */
async function queueResult(deps: Deps, ballotId: number): Promise<void> {
  if (await isPostQueued(deps, resultKey(ballotId))) return;
  const ballot = await getBallot(deps.db, ballotId);
  if (!ballot || ballot.status !== "closed" || !ballot.result) return;
  const result = ballot.result;
  const texts = inEveryLocale((locale) => say().result(deps, ballot, result, ballot.turnout ?? 0, ballot.quorumMet ?? false, locale));
  await queuePost(deps, resultKey(ballotId), { kind: "text", text: texts[deps.config.defaultLocale], texts }, POST_STALE_MS.ballotResult, { copyKey: resultKey(ballotId) });
}

/** After a stop: closes left half done (status "closing") are completed and announced. */
export async function completeInterruptedCloses(deps: Deps): Promise<void> {
  for (const id of await closingBallots(deps.db)) await completeClose(deps, id);
}

/**
 * The ballots' tick, none of it waiting for the group: secret ballots' log scrubbed;
 * closes left half done completed and ballots past their time closed (results
 * queued); results of the last two days and open ballots not yet queued for the
 * group (a stop in between) queued. Returns the ballots closed now, for
 * announceCloses apart from the job.
 */
export async function closeDueBallots(deps: Deps, now: Date): Promise<number[]> {
  await scrubSecrets(deps);
  const closed: number[] = [];
  for (const id of await closingBallots(deps.db)) if (await completeClose(deps, id, false)) closed.push(id);
  for (const id of await dueBallots(deps.db, now)) if (await finishBallot(deps, id, null, false)) closed.push(id);
  for (const id of await recentlyClosedBallots(deps.db, new Date(now.getTime() - 2 * 86400_000))) await queueResult(deps, id);
  // A ballot (or runoff) created or opened but not yet queued for the group when the process stopped.
  for (const id of await unpostedBallots(deps.db)) await queueBallotPost(deps, id);
  return closed;
}

// --- the reminder to vote -------------------------------------------------------------

/** A reminder to send paced (JobContext.sendTo): `pace` is the recipient's pacing key, `send` sends it if still owed then. */
export type PacedReminder = { pace: number; send: () => Promise<void> };

/**
 * The reminders to vote that are due now, once per ballot (the job ledger): a day
 * before the close (or halfway), never in quiet hours or on a day off
 * (features/reminders/rules.ts), to the focal people and heads of the boards that
 * have not voted. Each is sent later, paced, and only if still owed then (not voted,
 * the role not taken back, the person reachable).
 */
export async function dueVoteReminders(deps: Deps, now: Date): Promise<PacedReminder[]> {
  const out: PacedReminder[] = [];
  for (const id of await openBallots(deps.db)) out.push(...(await remindersOf(deps, id, now)));
  return out;
}

async function remindersOf(deps: Deps, ballotId: number, now: Date): Promise<PacedReminder[]> {
  const ballot = await getBallot(deps.db, ballotId);
  if (!ballot || ballot.status !== "open") return [];
  const bloc = await getBloc(deps.db);
  if (!bloc || !voteReminderDue(now, ballot.createdAt, ballot.closesAt, bloc.schedule, deps.config.timeZone)) return [];
  if (!(await claimOnce(deps.db, `ballot-remind:${ballot.id}`, now))) return [];
  const names = await boardNames(deps);
  const out: PacedReminder[] = [];
  for (const p of ballot.participants.filter((x) => !x.voted)) {
    const people = [...(await peopleWithRole(deps.db, p.boardId, "focal")), ...(await peopleWithRole(deps.db, p.boardId, "head"))];
    const reached = people.filter((x, i, all) => all.findIndex((y) => y.id === x.id) === i && x.reachable);
    // Where each votes, as the reminder says: the group, or the private copy (no group; or a messenger that reads none).
    const inPrivate = ballot.chatId === null ? null : await offTelegram(deps.db, reached.map((x) => x.id));
    for (const person of reached) {
      const locale = toLocale(person.locale, deps.config.defaultLocale);
      const text = say().voteReminder(deps, locale, ballot, names.get(p.boardId) ?? "?", inPrivate === null || inPrivate.has(person.id) ? "private" : "group");
      out.push({
        pace: person.telegramId,
        send: async () => {
          if (await voteReminderOwed(deps.db, ballot.id, p.boardId, person.id)) await deps.notify.send({ person: person.id }, { text });
        },
      });
    }
  }
  return out;
}
