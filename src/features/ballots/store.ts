// Ballots, candidates, who may vote and who has, and the votes. An open
// ballot's vote names its board (unique per ballot and board). A secret
// ballot's vote is a BallotSecretEntry: no board, no person, no time, filed
// under an HMAC tag whose key is erased at the close; the entries are created in
// random order when voting opens and filled in place, so neither row order nor
// timestamps link an entry to a board.
import { isNotFound, isUniqueViolation, truncateWal, withFreshCode, type Db } from "../../shared/db/client.js";
import { getBlocSettings } from "../../shared/bloc/store.js";
import { sqlOf } from "../../shared/db/sql.js";
import { deleteSecretPressesOps } from "../../chat/conversations/drafts.js";
import { Prisma } from "../../generated/prisma/client.js";
import type { BallotKind as BallotKinds, BallotStatus, TieRule as TieRules } from "../../generated/prisma/enums.js";
import { z } from "zod";
import { storedJson } from "../../shared/db/stored.js";
import type { BallotKind, BallotRules, Candidate, TieRule } from "./rules.js";
import { newSecretKey, receiptCode, secretTag, shuffled } from "./rules.js";

export type BallotView = BallotRules & {
  id: number;
  title: string;
  year: number;
  awardKindCode: string | null;
  status: BallotStatus;
  secret: boolean;
  createdById: number;
  createdAt: Date;
  closesAt: Date;
  closedAt: Date | null;
  chatId: number | null;
  messageId: number | null;
  parentId: number | null;
  secretKey: string | null;
  candidates: Candidate[];
  participants: { boardId: number; voted: boolean }[];
  result: StoredResult | null;
  turnout: number | null;
  quorumMet: boolean | null;
  /** Secret ballots: the least turnout for a published result (see StoredResult.void). */
  minTurnout: number | null;
};

/** BallotVote.choicesJson, BallotSecretEntry.choicesJson: the chosen candidates' positions. */
const choicesSchema = z.array(z.number().int().nonnegative());

/** Ballot.resultJson: the tally kept at the close (finishClose), read by getBallot. */
const storedResultSchema = z.object({
  /**
   * A secret ballot that fewer than `minTurnout` boards voted in: no counts, no
   * winners, no receipts are kept or shown, since with so few voters (whose
   * names are public) the counts would tell how each voted.
   */
  void: z.object({ minTurnout: z.number().int() }).optional(),
  counts: z.array(z.object({ position: z.number().int(), votes: z.number().int() })),
  winners: z.array(z.number().int()),
  tied: z.array(z.number().int()),
  motionPassed: z.boolean().nullable(),
  eligible: z.number().int(),
  receipts: z.array(z.object({ receipt: z.string(), choices: choicesSchema })).optional(),
  runoffId: z.number().int().optional(),
});
export type StoredResult = z.infer<typeof storedResultSchema>;

// The ballots' kinds and tie rules are listed in the rules (rules.ts) and in the
// schema's enums (the columns' values). This fails to compile when they differ.
type SameUnion<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const listsAgree: [SameUnion<BallotKind, BallotKinds>, SameUnion<TieRule, TieRules>] = [true, true];
void listsAgree;

const ballotAt = (table: "Ballot" | "BallotVote" | "BallotSecretEntry", column: string, row: number) => ({ table, column, row });

export async function getBallot(db: Db, id: number): Promise<BallotView | null> {
  const b = await db.ballot.findUnique({
    where: { id },
    include: { candidates: { orderBy: { position: "asc" } }, participations: { orderBy: { boardId: "asc" } } },
  });
  if (!b) return null;
  return {
    id: b.id, kind: b.kind, title: b.title, year: b.year, awardKindCode: b.awardKindCode, status: b.status,
    secret: b.secret, picksPerVoter: b.picksPerVoter, maxWinners: b.maxWinners, quorum: b.quorum, tieRule: b.tieRule, allowSelfVote: b.allowSelfVote,
    createdById: b.createdById, createdAt: b.createdAt, closesAt: b.closesAt, closedAt: b.closedAt,
    chatId: b.chatId === null ? null : Number(b.chatId), messageId: b.messageId, parentId: b.parentId, secretKey: b.secretKey,
    candidates: b.candidates.map((c) => ({ position: c.position, boardId: c.boardId, label: c.label })),
    participants: b.participations.map((p) => ({ boardId: p.boardId, voted: p.voted })),
    result: b.resultJson === null ? null : storedJson(storedResultSchema, b.resultJson, ballotAt("Ballot", "resultJson", b.id)),
    turnout: b.turnout, quorumMet: b.quorumMet, minTurnout: b.minTurnout,
  };
}

export type NewBallot = {
  kind: BallotKind;
  awardKindCode: string | null;
  year: number;
  title: string;
  secret: boolean;
  picksPerVoter: number;
  maxWinners: number;
  quorum: number;
  tieRule: TieRule;
  allowSelfVote: boolean;
  createdById: number;
  closesAt: Date;
  /** The group its message goes to; null when the bloc has no group (the ballot goes to each board's people in private). */
  chatId: number | null;
  parentId?: number | null;
  /** Secret ballots: the least turnout for a published result; the bloc file's when not given. */
  minTurnout?: number;
  /** Empty for a nomination round: candidates come later from the nominations. */
  candidates: { boardId: number | null; label: string }[];
  eligibleBoardIds: number[];
  now: Date;
};

function votingRows(eligibleBoardIds: number[], secretKey: string | null) {
  return {
    participations: { create: eligibleBoardIds.map((boardId) => ({ boardId })) },
    ...(secretKey ? { secretEntries: { create: shuffled(eligibleBoardIds).map((boardId) => ({ tag: secretTag(secretKey, boardId) })) } } : {}),
  };
}

/** Creates a ballot with everything it needs in one statement (open, or nominating). */
export async function createBallot(db: Db, b: NewBallot): Promise<number> {
  const minTurnout = b.secret ? (b.minTurnout ?? (await getBlocSettings(db)).secretMinTurnout) : undefined;
  const row = await db.ballot.create({ data: ballotData({ ...b, minTurnout }) });
  return row.id;
}

function ballotData(b: NewBallot) {
  const nominating = b.candidates.length === 0;
  const secretKey = b.secret ? newSecretKey() : null;
  return {
      kind: b.kind, awardKindCode: b.awardKindCode, year: b.year, title: b.title, status: nominating ? ("nominating" as const) : ("open" as const), secret: b.secret,
      picksPerVoter: b.picksPerVoter, maxWinners: b.maxWinners, quorum: b.quorum, tieRule: b.tieRule, allowSelfVote: b.allowSelfVote,
      secretKey, minTurnout: b.secret ? (b.minTurnout ?? null) : null, createdById: b.createdById, createdAt: b.now, opensAt: nominating ? null : b.now, closesAt: b.closesAt, chatId: b.chatId === null ? null : BigInt(b.chatId), parentId: b.parentId ?? null,
      candidates: { create: b.candidates.map((c, i) => ({ position: i, boardId: c.boardId, label: c.label })) },
      ...(nominating ? {} : votingRows(b.eligibleBoardIds, secretKey)),
  };
}

/** The board's current selection (empty when it has not voted). */
export async function currentChoices(db: Db, ballot: BallotView, boardId: number): Promise<number[]> {
  if (ballot.secret) {
    if (!ballot.secretKey) return [];
    const e = await db.ballotSecretEntry.findUnique({ where: { ballotId_tag: { ballotId: ballot.id, tag: secretTag(ballot.secretKey, boardId) } } });
    return e && e.choicesJson !== null ? storedJson(choicesSchema, e.choicesJson, ballotAt("BallotSecretEntry", "choicesJson", e.id)) : [];
  }
  const v = await db.ballotVote.findUnique({ where: { ballotId_boardId: { ballotId: ballot.id, boardId } } });
  return v ? storedJson(choicesSchema, v.choicesJson, ballotAt("BallotVote", "choicesJson", v.id)) : [];
}

/** Records a board's vote (replacing its earlier one); returns the new receipt code. */
export class BallotClosedError extends Error {}

/**
 * Records a board's vote (replacing its earlier one); returns the new receipt
 * code. The first statement of the transaction is a guard that matches only
 * while the ballot is open and before its closing time: a close that landed in
 * between makes it fail, and the whole vote is rolled back. The receipt is
 * random and unique in the database: a receipt already taken rolls the vote back
 * and it is written again with another (withFreshCode).
 */
export async function castVote(db: Db, ballot: BallotView, boardId: number, personId: number, choices: number[], now: Date): Promise<string> {
  const voted = choices.length > 0;
  try {
    // The receipt is random and unique in the database: one already taken is drawn again, the vote written whole each time.
    return (await withFreshCode(receiptCode, "receipt", writeVote)).code;
  } catch (e) {
    if (isNotFound(e)) throw new BallotClosedError("ballot closed");
    throw e;
  }

  async function writeVote(receipt: string): Promise<void> {
    const guard = db.ballot.update({ where: { id: ballot.id, status: "open", closesAt: { gt: now } }, data: { status: "open" } });
    // How often a board changed its vote is counted for open ballots only.
    const participation = db.ballotParticipation.update({
      where: { ballotId_boardId: { ballotId: ballot.id, boardId } },
      data: ballot.secret ? { voted } : { voted, changes: { increment: 1 } },
    });
    if (ballot.secret) {
      if (!ballot.secretKey) throw new BallotClosedError("secret ballot without a key");
      await db.$transaction([
        guard,
        db.ballotSecretEntry.update({
          where: { ballotId_tag: { ballotId: ballot.id, tag: secretTag(ballot.secretKey, boardId) } },
          data: { choicesJson: voted ? choices : Prisma.DbNull, receipt: voted ? receipt : null },
        }),
        participation,
      ]);
    } else {
      const choicesJson = choices;
      await db.$transaction([
        guard,
        voted
          ? db.ballotVote.upsert({
              where: { ballotId_boardId: { ballotId: ballot.id, boardId } },
              create: { ballotId: ballot.id, boardId, personId, choicesJson, receipt, castAt: now },
              update: { personId, choicesJson, receipt, castAt: now },
            })
          : db.ballotVote.deleteMany({ where: { ballotId: ballot.id, boardId } }),
        participation,
      ]);
    }
  }
}

/**
 * First phase of a close: open → closing, only if still open, so only one
 * closer wins (the scheduler, an admin, a second process) and votes stop at
 * once (the vote's guard needs "open"). The second phase is finishClose.
 */
export async function startClosing(db: Db, id: number, byPersonId: number | null, now: Date): Promise<boolean> {
  const r = await db.ballot.updateMany({ where: { id, status: "open" }, data: { status: "closing", closedAt: now, closedById: byPersonId } });
  return r.count === 1;
}

export async function closingBallots(db: Db): Promise<number[]> {
  return (await db.ballot.findMany({ where: { status: "closing" }, select: { id: true } })).map((r) => r.id);
}

/**
 * Second phase, in one transaction: the result, the officers and proposals, the
 * runoff if any, the writes `also` (the result's post to the group, queued through
 * the group's use cases, so that it cannot be lost between the two), and for a secret ballot the erasure of its key
 * and a rewrite of its entries in a new random order with fresh random tags (so
 * neither the key, nor where rows sit in the file, can link an entry to a board
 * any more); a void secret ballot's entries are deleted instead. The transaction's
 * first statement needs the ballot still "closing": a second closer that counted
 * at the same time (the scheduler and an admin, or two processes) is rolled back
 * whole, and a runoff is unique per ballot in the database (Ballot.parentId), as
 * is the result's post (GroupPost.key). Returns false when another closer
 * finished first.
 */
export async function finishClose(
  db: Db,
  ballot: BallotView,
  result: StoredResult,
  turnout: number,
  quorumMet: boolean,
  outcome: { officer?: { year: number; role: "leader" | "deputy"; boardId: number }; proposals?: { year: number; awardKindCode: string; boardIds: number[] } },
  runoff: NewBallot | null,
  also: Prisma.PrismaPromise<unknown>[] = [],
): Promise<boolean> {
  const ops: Prisma.PrismaPromise<unknown>[] = [
    db.ballot.update({ where: { id: ballot.id, status: "closing" }, data: { status: "closed", resultJson: result, turnout, quorumMet, secretKey: null } }),
  ];
  if (ballot.secret) {
    const entries = result.void ? [] : await db.ballotSecretEntry.findMany({ where: { ballotId: ballot.id } });
    ops.push(db.ballotSecretEntry.deleteMany({ where: { ballotId: ballot.id } }));
    if (entries.length) {
      ops.push(db.ballotSecretEntry.createMany({
        data: shuffled(entries).map((e) => ({
          ballotId: ballot.id, tag: newSecretKey(), receipt: e.receipt,
          choicesJson: e.choicesJson === null ? Prisma.DbNull : storedJson(choicesSchema, e.choicesJson, ballotAt("BallotSecretEntry", "choicesJson", e.id)),
        })),
      }));
    }
    ops.push(db.ballotParticipation.updateMany({ where: { ballotId: ballot.id }, data: { changes: 0 } }));
    ops.push(deleteSecretPressesOps(db, ballot.id)); // the double-tap guard's rows: gone before the log is truncated
  }
  const o = outcome.officer;
  if (o) {
    ops.push(db.blocOfficer.upsert({
      where: { year_role: { year: o.year, role: o.role } },
      create: { year: o.year, role: o.role, boardId: o.boardId, ballotId: ballot.id },
      update: { boardId: o.boardId, ballotId: ballot.id },
    }));
  }
  const p = outcome.proposals;
  for (const boardId of p?.boardIds ?? []) {
    ops.push(db.awardProposal.upsert({
      where: { year_awardKindCode_boardId: { year: p!.year, awardKindCode: p!.awardKindCode, boardId } },
      create: { year: p!.year, awardKindCode: p!.awardKindCode, boardId, ballotId: ballot.id },
      update: { ballotId: ballot.id },
    }));
  }
  if (runoff) ops.push(db.ballot.create({ data: ballotData({ ...runoff, minTurnout: ballot.minTurnout ?? undefined }) }));
  ops.push(...also);
  try {
    await db.$transaction(ops);
    return true;
  } catch (e) {
    if (isNotFound(e) || isUniqueViolation(e)) return false; // another closer was first
    throw e;
  }
}

/**
 * Cancels an open or nominating ballot; a secret one loses its key and every
 * entry in the same transaction (a cancelled ballot has no result to check).
 * The write-ahead log is scrubbed afterwards (scrubSecretBallots). False when
 * the ballot was no longer open or nominating.
 */
export async function cancelBallot(db: Db, id: number, byPersonId: number | null, now: Date): Promise<boolean> {
  try {
    await db.$transaction([
      db.ballot.update({ where: { id, status: { in: ["open", "nominating"] } }, data: { status: "cancelled", closedAt: now, closedById: byPersonId, secretKey: null } }),
      db.ballotSecretEntry.deleteMany({ where: { ballotId: id } }),
      deleteSecretPressesOps(db, id),
    ]);
    return true;
  } catch (e) {
    if (isNotFound(e)) return false;
    throw e;
  }
}

/**
 * After secret ballots were closed or cancelled: their erased keys and old tags
 * still sit in the write-ahead log (and in database pages until a checkpoint
 * copies the new ones over them). Truncates the log, never waiting (see
 * truncateWal), and marks the ballots scrubbed only when it truly ran: a reader
 * holding an older snapshot (a backup, a long read) leaves it undone, and the
 * ballots job tries again on every tick until it succeeds. Returns how many
 * ballots are still waiting.
 */
export async function scrubSecretBallots(db: Db, now: Date): Promise<{ scrubbed: number; waiting: number }> {
  const pending = await db.ballot.findMany({ where: { secret: true, scrubbedAt: null, status: { in: ["closed", "cancelled"] } }, select: { id: true } });
  if (pending.length === 0) return { scrubbed: 0, waiting: 0 };
  if (!(await truncateWal(db))) return { scrubbed: 0, waiting: pending.length };
  await db.ballot.updateMany({ where: { id: { in: pending.map((p) => p.id) } }, data: { scrubbedAt: now } });
  return { scrubbed: pending.length, waiting: 0 };
}

/** All votes of a ballot, as selections (and receipts, for the secret list). */
export async function ballotVotes(db: Db, ballot: BallotView): Promise<{ receipt: string; choices: number[] }[]> {
  if (ballot.secret) {
    const rows = await db.ballotSecretEntry.findMany({ where: { ballotId: ballot.id, receipt: { not: null } } });
    return rows
      .map((r) => ({ receipt: r.receipt!, choices: r.choicesJson === null ? [] : storedJson(choicesSchema, r.choicesJson, ballotAt("BallotSecretEntry", "choicesJson", r.id)) }))
      .sort((a, b) => a.receipt.localeCompare(b.receipt));
  }
  const rows = await db.ballotVote.findMany({ where: { ballotId: ballot.id } });
  return rows.map((r) => ({ receipt: r.receipt, choices: storedJson(choicesSchema, r.choicesJson, ballotAt("BallotVote", "choicesJson", r.id)) }));
}

export async function listBallots(db: Db, limit = 20) {
  const rows = await db.ballot.findMany({ orderBy: { id: "desc" }, take: limit });
  return rows.map((b) => ({ id: b.id, title: b.title, status: b.status, kind: b.kind, closesAt: b.closesAt, closedAt: b.closedAt, turnout: b.turnout, quorum: b.quorum, quorumMet: b.quorumMet, secret: b.secret }));
}

/**
 * Of `personIds`, those whose preferred messenger is not Telegram: they read no
 * group, and each of the group's posts reaches them as a private copy (the rule of
 * features/group/store.ts boardPeople, offTelegram).
 */
export async function offTelegram(db: Db, personIds: number[]): Promise<Set<number>> {
  const rows = await db.person.findMany({ where: { id: { in: personIds }, preferredMessenger: { not: null, notIn: ["telegram"] } }, select: { id: true } });
  return new Set(rows.map((r) => r.id));
}

/**
 * Whether a reminder to vote is still owed to a person at the moment it is sent
 * (the reminders go out paced, a while after they were decided): the ballot is
 * still open, the board has not voted, the person still holds the board's
 * focal or head role (not taken back since) and has not blocked the bot. One indexed read.
 */
export async function voteReminderOwed(db: Db, ballotId: number, boardId: number, personId: number): Promise<boolean> {
  const row = (await sqlOf(db)).get(
    `SELECT 1 FROM "Ballot" b JOIN "BallotParticipation" p ON p."ballotId" = b."id" AND p."boardId" = ?
     WHERE b."id" = ? AND b."status" = 'open' AND p."voted" = 0
       AND EXISTS (SELECT 1 FROM "Role" r WHERE r."personId" = ? AND r."boardId" = p."boardId" AND r."role" IN ('focal', 'head') AND r."revokedAt" IS NULL)
       AND EXISTS (SELECT 1 FROM "Person" q WHERE q."id" = ? AND q."reachable" = 1)`,
    boardId, ballotId, personId, personId,
  );
  return row !== undefined;
}

export async function dueBallots(db: Db, now: Date): Promise<number[]> {
  const rows = await db.ballot.findMany({ where: { status: "open", closesAt: { lte: now } }, select: { id: true } });
  return rows.map((r) => r.id);
}

/** The write that stores where a ballot's message landed in the group: its choices are checked against it. */
export function ballotMessageWrite(db: Db, id: number, at: { chatId: number; messageId: number }) {
  return db.ballot.update({ where: { id }, data: { chatId: BigInt(at.chatId), messageId: at.messageId } });
}

/** Ballots closed after `since`: their result posts are queued again if missing. */
export async function recentlyClosedBallots(db: Db, since: Date): Promise<number[]> {
  const rows = await db.ballot.findMany({ where: { status: "closed", closedAt: { gt: since } }, select: { id: true } });
  return rows.map((r) => r.id);
}

/** Open or nominating ballots whose message was never posted (a stop between creation and post). */
export async function unpostedBallots(db: Db): Promise<number[]> {
  const rows = await db.ballot.findMany({ where: { status: { in: ["open", "nominating"] }, messageId: null }, select: { id: true } });
  return rows.map((r) => r.id);
}

/** The runoff of ballot `parentId` if it has not been posted yet. */
export async function runoffAwaitingPost(db: Db, parentId: number): Promise<number | null> {
  return (await db.ballot.findFirst({ where: { parentId, messageId: null }, select: { id: true } }))?.id ?? null;
}

/** The boards a person votes for (focal person or head, the role not taken back), by id. */
export async function votingBoardsOf(db: Db, personId: number): Promise<number[]> {
  const rows = await db.role.findMany({ where: { personId, role: { in: ["focal", "head"] }, revokedAt: null }, select: { boardId: true }, orderBy: { boardId: "asc" } });
  return [...new Set(rows.map((r) => r.boardId).filter((b): b is number => b !== null))];
}

/** Ballots open or in their nomination round, newest first. */
export async function liveBallots(db: Db): Promise<number[]> {
  const rows = await db.ballot.findMany({ where: { status: { in: ["open", "nominating"] } }, select: { id: true }, orderBy: { id: "desc" } });
  return rows.map((r) => r.id);
}

export async function openBallots(db: Db): Promise<number[]> {
  const rows = await db.ballot.findMany({ where: { status: "open" }, select: { id: true } });
  return rows.map((r) => r.id);
}

// --- nominations ---------------------------------------------------------------

export async function toggleNomination(db: Db, ballotId: number, nominatorBoardId: number, nomineeBoardId: number): Promise<boolean> {
  const key = { ballotId_nominatorBoardId_nomineeBoardId: { ballotId, nominatorBoardId, nomineeBoardId } };
  const existing = await db.ballotNomination.findUnique({ where: key });
  if (existing) {
    await db.ballotNomination.delete({ where: key });
    return false;
  }
  await db.ballotNomination.create({ data: { ballotId, nominatorBoardId, nomineeBoardId } });
  return true;
}

export async function nominees(db: Db, ballotId: number): Promise<{ boardId: number; count: number }[]> {
  const rows = await db.ballotNomination.groupBy({ by: ["nomineeBoardId"], where: { ballotId }, _count: { _all: true } });
  return rows.map((r) => ({ boardId: r.nomineeBoardId, count: r._count._all }));
}

/** Ends the nomination round: the nominees become the candidates and voting opens. */
export async function openFromNominations(db: Db, ballotId: number, candidates: { boardId: number; label: string }[], eligibleBoardIds: number[], closesAt: Date, now: Date): Promise<boolean> {
  const b = await db.ballot.findUnique({ where: { id: ballotId } });
  if (!b || b.status !== "nominating") return false;
  const secretKey = b.secret ? newSecretKey() : null;
  try {
    // One statement, conditional on the round still being open for nominations.
    await db.ballot.update({
      where: { id: ballotId, status: "nominating" },
      data: {
        // messageId: the vote is a new message (the nomination's stays, without buttons).
        status: "open", secretKey, opensAt: now, closesAt, messageId: null,
        candidates: { create: candidates.map((c, i) => ({ position: i, boardId: c.boardId, label: c.label })) },
        ...votingRows(eligibleBoardIds, secretKey),
      },
    });
    return true;
  } catch (e) {
    if (isNotFound(e)) return false;
    throw e;
  }
}
