// The bloc's group in the database: the outbox of posts to it (GroupPost) and what
// happened to the chat itself (GroupChatEvent). Rules live in src/shared/messaging/group-posts.ts,
// the sending in src/features/group/outbox.ts.
import { z } from "zod";
import type { Prisma } from "../../generated/prisma/client.js";
import type { GroupPostStatus } from "../../generated/prisma/enums.js";
import { isUniqueViolation, type Db } from "../../shared/db/client.js";
import { storedJson } from "../../shared/db/stored.js";
import type { PostContent } from "../../shared/messaging/group-posts.js";

/** GroupPost.payloadJson with the row's kind: a post's content (shared/messaging/group-posts.ts PostContent). */
const postContentSchema: z.ZodType<PostContent> = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("text"), text: z.string(), buttons: z.array(z.array(z.object({ label: z.string(), data: z.string() }))).optional(),
    texts: z.object({ vi: z.string().optional(), en: z.string().optional() }).optional(),
  }),
  z.object({ kind: z.literal("ballot"), ballotId: z.number().int() }),
  z.object({ kind: z.literal("summary"), periodId: z.number().int(), year: z.number().int(), month: z.number().int() }),
]);
const payloadSchema = z.record(z.string(), z.unknown());

export type GroupPostRow = {
  id: number;
  key: string;
  content: PostContent;
  status: GroupPostStatus;
  attempts: number;
  lastError: string | null;
  lastTriedAt: Date | null;
  nextTryAt: Date;
  expiresAt: Date;
  createdAt: Date;
  sentAt: Date | null;
  /** Parts of a long post that landed (0: none), of the text and chat `partsOf` names (a hash). */
  partsSent: number;
  partsOf: string | null;
  copyKey: string | null;
  /** Where it landed in the group (null: not there; with copiesAt set and status sent, its copies went instead). */
  chatId: number | null;
  /** With no group, when the first of its private copies landed (its landed writes committed then). */
  copyLandedAt: Date | null;
};

type Row = Prisma.GroupPostGetPayload<object>;

function toPost(r: Row): GroupPostRow {
  const at = { table: "GroupPost", column: "payloadJson", row: r.id };
  const content = storedJson(postContentSchema, { ...storedJson(payloadSchema, r.payloadJson, at), kind: r.kind }, at);
  return {
    id: r.id, key: r.key, content, status: r.status, attempts: r.attempts,
    lastError: r.lastError, lastTriedAt: r.lastTriedAt, nextTryAt: r.nextTryAt, expiresAt: r.expiresAt, createdAt: r.createdAt, sentAt: r.sentAt,
    partsSent: r.partsSent ?? 0, partsOf: r.partsOf, copyKey: r.copyKey, chatId: r.chatId === null ? null : Number(r.chatId), copyLandedAt: r.copyLandedAt,
  };
}

/**
 * `copyKey`: the key its private copies are made under (GroupPost.copyKey), a person
 * getting one copy per key whichever post made it (a ballot posted again after a
 * migration keeps its first post's); without one, the post's own key.
 */
export type NewGroupPost = { key: string; content: PostContent; now: Date; expiresAt: Date; copyKey?: string };

/** The write that queues a post, for callers that put it in a transaction of their own. */
export function groupPostCreate(db: Db, p: NewGroupPost) {
  const { kind, ...payload } = p.content;
  return db.groupPost.create({ data: { key: p.key, kind, payloadJson: payload, nextTryAt: p.now, expiresAt: p.expiresAt, createdAt: p.now, copyKey: p.copyKey ?? null } });
}

/** Queues a post; false when a post with this key exists already (queued, sent or given up). */
export async function queueGroupPost(db: Db, p: NewGroupPost): Promise<boolean> {
  try {
    await groupPostCreate(db, p);
    return true;
  } catch (e) {
    if (isUniqueViolation(e)) return false;
    throw e;
  }
}

export async function groupPostByKey(db: Db, key: string): Promise<GroupPostRow | null> {
  const r = await db.groupPost.findUnique({ where: { key } });
  return r ? toPost(r) : null;
}

/** Pending posts whose time has come, oldest first. */
export async function duePosts(db: Db, now: Date, limit = 50): Promise<GroupPostRow[]> {
  const rows = await db.groupPost.findMany({ where: { status: "pending", nextTryAt: { lte: now } }, orderBy: { id: "asc" }, take: limit });
  return rows.map(toPost);
}

/** Pending posts past their staleness are given up ("expired"); returns their keys. */
export async function expirePosts(db: Db, now: Date): Promise<string[]> {
  const rows = await db.groupPost.findMany({ where: { status: "pending", expiresAt: { lt: now } }, select: { id: true, key: true } });
  if (rows.length === 0) return [];
  await db.groupPost.updateMany({ where: { id: { in: rows.map((r) => r.id) }, status: "pending" }, data: { status: "expired" } });
  return rows.map((r) => r.key);
}

/** pending → sending, only if still pending: two flushes (or processes) never send one post twice. */
export async function claimPost(db: Db, id: number, now: Date): Promise<boolean> {
  const r = await db.groupPost.updateMany({ where: { id, status: "pending" }, data: { status: "sending", attempts: { increment: 1 }, lastTriedAt: now } });
  return r.count === 1;
}

/** The mark after a send, with the writes that belong to it (a ballot's message id...), in one transaction. */
export async function markPostSent(db: Db, id: number, at: Date, landed: { chatId: number; messageId: number }, also: Prisma.PrismaPromise<unknown>[] = []): Promise<void> {
  await db.$transaction([
    db.groupPost.update({ where: { id }, data: { status: "sent", sentAt: at, chatId: BigInt(landed.chatId), messageId: landed.messageId, lastError: null } }),
    ...also,
  ]);
}

/** `parts` parts of a long post, of the text and chat `partsOf` names, have landed: a retry sends the rest only. */
export async function markPartsSent(db: Db, id: number, parts: number, partsOf: string): Promise<void> {
  await db.groupPost.update({ where: { id }, data: { partsSent: parts, partsOf } });
}

/** Back to pending after a failed send, to be tried again at `nextTryAt`; or given up with `status`. */
export async function releasePost(db: Db, id: number, error: string, nextTryAt: Date, status: "pending" | "failed" | "dropped" = "pending", refund = false): Promise<void> {
  await db.groupPost.update({
    where: { id },
    data: { status, lastError: error.slice(0, 500), nextTryAt, ...(refund ? { attempts: { decrement: 1 } } : {}) },
  });
}

/**
 * A pending post held until `until` (a time the bloc's calendar allows posting),
 * its staleness moved on by the same span: time held is not time wasted waiting.
 */
export async function holdPost(db: Db, id: number, until: Date, expiresAt: Date): Promise<void> {
  await db.groupPost.updateMany({ where: { id, status: "pending" }, data: { nextTryAt: until, expiresAt } });
}

/** Posts a hard stop left between claim and mark: sent again (at least once beats never). */
export async function reopenInterruptedPosts(db: Db): Promise<number> {
  const r = await db.groupPost.updateMany({ where: { status: "sending" }, data: { status: "pending" } });
  return r.count;
}

export type OutboxState = { waiting: number; oldestWaiting: Date | null; lastFailure: { at: Date; error: string } | null };

/** What is waiting, and the last failed attempt among waiting posts. */
export async function outboxState(db: Db): Promise<OutboxState> {
  const waiting = await db.groupPost.findMany({ where: { status: { in: ["pending", "sending"] } }, orderBy: { id: "asc" }, select: { createdAt: true, lastError: true, lastTriedAt: true } });
  const failed = waiting.filter((w) => w.lastError !== null && w.lastTriedAt !== null).sort((a, b) => b.lastTriedAt!.getTime() - a.lastTriedAt!.getTime())[0];
  return {
    waiting: waiting.length,
    oldestWaiting: waiting[0]?.createdAt ?? null,
    lastFailure: failed ? { at: failed.lastTriedAt!, error: failed.lastError! } : null,
  };
}

// --- the chat's life -----------------------------------------------------------

export type GroupChatEventKind = "linked" | "migrated" | "removed" | "added";

export async function recordGroupEvent(db: Db, e: { kind: GroupChatEventKind; chatId: number; toChatId?: number; title?: string | null; byName?: string | null; detail?: string | null; at: Date }): Promise<void> {
  await db.groupChatEvent.create({
    data: {
      kind: e.kind, chatId: BigInt(e.chatId), toChatId: e.toChatId === undefined ? null : BigInt(e.toChatId), title: e.title ?? null,
      byName: e.byName ?? null, detail: e.detail?.slice(0, 500) ?? null, at: e.at,
    },
  });
}

export type GroupChatEvent = { kind: GroupChatEventKind; chatId: number; title: string | null; byName: string | null; detail: string | null; at: Date };

/** The latest event among `kinds`, if any. */
export async function lastGroupEvent(db: Db, kinds: GroupChatEventKind[]): Promise<GroupChatEvent | null> {
  const r = await db.groupChatEvent.findFirst({ where: { kind: { in: kinds } }, orderBy: [{ at: "desc" }, { id: "desc" }] });
  return r ? { kind: r.kind, chatId: Number(r.chatId), title: r.title, byName: r.byName, detail: r.detail, at: r.at } : null;
}

/**
 * Moves everything stored under a group's old id to its new one (a group upgraded to a
 * supergroup): the bloc's link, and the ballots posted there. Ballots still open lose
 * their message (it stays in the old chat, where nobody can press it any more) and are
 * returned so that they can be posted again. Returns null when nothing was stored under `from`.
 */
export async function moveGroupChat(db: Db, from: number, to: number): Promise<{ movedLink: boolean; ballots: number[] } | null> {
  // Open ballots whose message is in the old chat are to be posted again; one not posted
  // yet (its post waiting, or the very post that met the migration) lands in the new chat anyway.
  const open = await db.ballot.findMany({ where: { chatId: BigInt(from), status: { in: ["open", "nominating"] }, messageId: { not: null } }, select: { id: true } });
  const ids = open.map((b) => b.id);
  const [link, , closed] = await db.$transaction([
    db.bloc.updateMany({ where: { groupChatId: BigInt(from) }, data: { groupChatId: BigInt(to) } }),
    db.ballot.updateMany({ where: { id: { in: ids } }, data: { chatId: BigInt(to), messageId: null } }),
    db.ballot.updateMany({ where: { chatId: BigInt(from), id: { notIn: ids } }, data: { chatId: BigInt(to) } }),
  ]);
  if (link.count === 0 && open.length === 0 && closed.count === 0) return null;
  return { movedLink: link.count > 0, ballots: open.map((b) => b.id) };
}

/** Unlinks the group if it is `chatId`; false when another group (or none) is linked. */
export async function unlinkGroup(db: Db, chatId: number): Promise<boolean> {
  const r = await db.bloc.updateMany({ where: { groupChatId: BigInt(chatId) }, data: { groupChatId: null } });
  return r.count === 1;
}

/** Links the bloc to a group chat (Bloc.groupChatId, groupTitle). */
export async function setGroupChat(db: Db, chatId: number, title: string | null): Promise<void> {
  await db.bloc.update({ where: { id: 1 }, data: { groupChatId: BigInt(chatId), groupTitle: title } });
}

/** The open ballots (open or nominating) among `ids`, with what their group post needs: its phase and how long it is worth posting. */
export async function openBallotsAmong(db: Db, ids: number[]): Promise<{ id: number; status: "open" | "nominating"; closesAt: Date }[]> {
  if (ids.length === 0) return [];
  const rows = await db.ballot.findMany({ where: { id: { in: ids }, status: { in: ["open", "nominating"] } }, select: { id: true, status: true, closesAt: true }, orderBy: { id: "asc" } });
  return rows.map((r) => ({ id: r.id, status: r.status as "open" | "nominating", closesAt: r.closesAt }));
}

/** Open ballots whose message sits in another chat than `chatId`: to be posted again in the group linked now. */
export async function ballotsPostedElsewhere(db: Db, chatId: number): Promise<number[]> {
  const rows = await db.ballot.findMany({
    where: { status: { in: ["open", "nominating"] }, messageId: { not: null }, NOT: { chatId: BigInt(chatId) } },
    select: { id: true },
  });
  return rows.map((r) => r.id);
}

/** The bloc's admins who have a Person row: admins by role, and the ADMIN_IDS admins who wrote to the bot. `messengerId` is their Telegram id. */
export async function adminPeople(db: Db, adminIds: number[]): Promise<{ id: number; messengerId: number; locale: string | null }[]> {
  const rows = await db.person.findMany({
    where: { OR: [{ telegramId: { in: adminIds.map(BigInt) } }, { roles: { some: { role: "admin", revokedAt: null } } }] },
    select: { id: true, telegramId: true, locale: true },
    orderBy: { id: "asc" },
  });
  return rows.map((r) => ({ id: r.id, messengerId: Number(r.telegramId), locale: r.locale }));
}

// --- private copies (PrivatePost) ------------------------------------------------

/** Where a post goes besides (or instead of) the group: `private`, the bloc has no group; `group`, it has one (or waits for its group to be linked again). */
export type CopyMode = "private" | "group";

/**
 * Posts whose private copies are due and not made yet: with no group, every
 * pending post (the copies replace the group's post); with a group, every post
 * (whatever its kind: those off Telegram read no group) not given up and not
 * past its staleness at `now` (a copy of it would be dropped unsent).
 */
export async function postsAwaitingCopies(db: Db, mode: CopyMode, now: Date, limit = 50): Promise<GroupPostRow[]> {
  const where: Prisma.GroupPostWhereInput =
    mode === "private" ? { copiesAt: null, status: "pending" } : { copiesAt: null, status: { in: ["pending", "sending", "sent"] }, expiresAt: { gte: now } };
  const rows = await db.groupPost.findMany({ where, orderBy: { id: "asc" }, take: limit });
  return rows.map(toPost);
}

/**
 * The focal persons and heads of active boards (their roles not taken back), each
 * once, by id; `offTelegram`: only those whose preferred messenger is not Telegram
 * (who do not read the group).
 */
export async function boardPeople(db: Db, opts: { offTelegram: boolean }): Promise<number[]> {
  const rows = await db.person.findMany({
    where: {
      roles: { some: { role: { in: ["focal", "head"] }, revokedAt: null, board: { status: "active" } } },
      ...(opts.offTelegram ? { preferredMessenger: { not: null, notIn: ["telegram"] } } : {}),
    },
    select: { id: true },
    orderBy: { id: "asc" },
  });
  return rows.map((r) => r.id);
}

/**
 * Makes a post's private copies, one per person under `copyKey` (a person who has
 * one under that key already, from another post, gets none), and marks the post's
 * copies made, in one transaction; with `replacesPost` the post itself is marked
 * sent (no group to send it to).
 */
export async function makeCopies(db: Db, post: { id: number; copyKey: string; expiresAt: Date }, personIds: number[], now: Date, replacesPost: boolean): Promise<void> {
  const had = new Set(
    (await db.privatePost.findMany({ where: { copyKey: post.copyKey, personId: { in: personIds } }, select: { personId: true } })).map((c) => c.personId),
  );
  const data = personIds.filter((p) => !had.has(p)).map((personId) => ({ postId: post.id, copyKey: post.copyKey, personId, nextTryAt: now, expiresAt: post.expiresAt }));
  await db.$transaction([
    db.privatePost.createMany({ data }),
    db.groupPost.update({ where: { id: post.id }, data: { copiesAt: now, ...(replacesPost ? { status: "sent" as const, sentAt: now } : {}) } }),
  ]);
}

/**
 * A private copy to send: its person, their stored language (Person.locale, null:
 * none chosen) and the key their sends are paced under (their Telegram id, as the
 * reminders' deliveries are); when it is given up unsent (its post's staleness,
 * moved on by the time it was held: `expiresAt`); its post.
 */
export type CopyRow = { id: number; personId: number; locale: string | null; paceKey: number; attempts: number; expiresAt: Date; post: GroupPostRow };

/** Pending copies whose time has come, in the order their posts were queued (a person gets a ballot before its result). */
export async function dueCopies(db: Db, now: Date, limit = 100): Promise<CopyRow[]> {
  const rows = await db.privatePost.findMany({
    where: { status: "pending", nextTryAt: { lte: now } }, orderBy: [{ postId: "asc" }, { id: "asc" }], take: limit,
    include: { post: true, person: { select: { locale: true, telegramId: true } } },
  });
  return rows.map((r) => ({
    id: r.id, personId: r.personId, locale: r.person.locale, paceKey: Number(r.person.telegramId), attempts: r.attempts,
    expiresAt: r.expiresAt ?? r.post.expiresAt, post: toPost(r.post),
  }));
}

/**
 * A pending copy held until `until` (a time the bloc's calendar allows posting),
 * its staleness moved on by the same span, as the group's held posts (holdPost).
 */
export async function holdCopy(db: Db, id: number, until: Date, expiresAt: Date): Promise<void> {
  await db.privatePost.updateMany({ where: { id, status: "pending" }, data: { nextTryAt: until, expiresAt } });
}

/** Whether the first private copy of post `id` has landed (GroupPost.copyLandedAt set). */
export async function copyHasLanded(db: Db, id: number): Promise<boolean> {
  return (await db.groupPost.findUnique({ where: { id }, select: { copyLandedAt: true } }))?.copyLandedAt != null;
}

/**
 * A copy sent; with `first`, the first copy of a post that went privately instead
 * of to a group: the post is marked landed then (GroupPost.copyLandedAt) with the
 * writes that belong to its landing, in one transaction.
 */
export async function markCopySent(db: Db, id: number, at: Date, first?: { postId: number; also: Prisma.PrismaPromise<unknown>[] }): Promise<void> {
  await db.$transaction([
    db.privatePost.update({ where: { id }, data: { status: "sent", sentAt: at } }),
    ...(first ? [db.groupPost.update({ where: { id: first.postId }, data: { copyLandedAt: at } }), ...first.also] : []),
  ]);
}

/** pending → sending, only if still pending: a copy is never sent by two flushes. */
export async function claimCopy(db: Db, id: number): Promise<boolean> {
  const r = await db.privatePost.updateMany({ where: { id, status: "pending" }, data: { status: "sending", attempts: { increment: 1 } } });
  return r.count === 1;
}

/** A copy's outcome: sent, unreachable, failed or dropped; or back to pending, to be tried at `nextTryAt`. */
export async function finishCopy(db: Db, id: number, status: "sent" | "unreachable" | "failed" | "dropped" | "pending", at: Date): Promise<void> {
  await db.privatePost.update({ where: { id }, data: { status, ...(status === "sent" ? { sentAt: at } : {}), ...(status === "pending" ? { nextTryAt: at } : {}) } });
}

/** Copies a hard stop left between claim and mark: "uncertain", never sent again (a person gets a copy at most once). */
export async function markInterruptedCopies(db: Db): Promise<number> {
  const r = await db.privatePost.updateMany({ where: { status: "sending" }, data: { status: "uncertain" } });
  return r.count;
}

/** Whether a post went to people in private instead of a group (the bloc had none), and to how many (its copies not given up). */
export async function copiesOf(db: Db, key: string): Promise<{ instead: boolean; people: number }> {
  const post = await db.groupPost.findUnique({ where: { key }, select: { id: true, copiesAt: true, chatId: true, status: true } });
  if (!post?.copiesAt || post.chatId !== null || post.status !== "sent") return { instead: false, people: 0 };
  return { instead: true, people: await db.privatePost.count({ where: { postId: post.id, status: { in: ["pending", "sending", "sent"] } } }) };
}
