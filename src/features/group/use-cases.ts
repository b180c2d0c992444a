// Posts to the bloc's group, at least once and never lost, and the group's life.
//
// Every post to the group (a ballot's result and its runoff, the ballot itself, the
// deadline digest, the scheduled summary, a correction notice, the reminders' group
// line, a digest asked for) is queued in GroupPost under a key that names it, then
// sent by flushGroupPosts: claimed (pending → sending), rendered (a text as queued; a
// ballot or a summary by the renderer its feature registered: registerPostRenderer),
// sent through the chats port (deps.chats), then marked sent. A
// failed send goes back to pending with a growing delay (retryDelayMs) and is tried
// on a later tick; a hard stop between claim and mark leaves it "sending", and the
// next start sends it again (once more at most). After the bot was removed from the
// group, posts wait, up to their staleness, for the next /linkgroup.
//
// Private copies (PrivatePost, issue 16 items 5, 6 and 7): while the bloc has no
// group (none linked, and not waiting for one the bot was removed from), every post
// goes instead to each active board's focal persons and heads in private; with a
// group (linked, or waiting for /linkgroup after the bot's removal), every post also
// goes to those of them whose preferred messenger is not Telegram: they read no
// group, and what their board's colleagues read there is theirs to read too. No kind
// of post is for the group only: a ballot (its own copy: the person's numbered
// choices, none when not theirs to vote), its result, the deadline digest and one
// asked for, the scheduled summary (with its chart), an amendment notice, and the
// reminders' group line (it names the boards that owe in front of the bloc: a head
// on Zalo learns there that their board is named, and a board that reported sees
// who still owes, as the group does). Once per person and copy key (the post's
// own key unless queued with one), through the outbound port, in each person's
// language, with the post's picture, paced with the jobs' other sends, held over
// quiet hours and days off as the group's posts are (flushCopies).
//
// The group's life: a move to a supergroup (either service message, or a 400 with
// migrate_to_chat_id on any call, see messengers/telegram/api-policy.ts) moves the stored id and posts
// open ballots again in the new chat; the bot removed (my_chat_member, or a 403 on a
// post) unlinks the group and tells the admins in private; /linkgroup links again.
import { createHash } from "node:crypto";
import type { Prisma } from "../../generated/prisma/client.js";
import type { Deps } from "../../shared/deps.js";
import type { Locale } from "../../shared/i18n/locale.js";
import { formatDateTime } from "../../shared/i18n/format.js";
import { esc } from "../../shared/text/html.js";
import { translator } from "../../shared/i18n/messages.js";
import { toLocale, type Translate } from "../../shared/i18n/locale.js";
import { getBloc } from "../../shared/bloc/store.js";
import {
  adminPeople, ballotsPostedElsewhere, boardPeople, claimCopy, claimPost, copiesOf, copyHasLanded, dueCopies, finishCopy, holdCopy, holdPost, makeCopies, markCopySent, markInterruptedCopies, markPartsSent, openBallotsAmong,
  duePosts, expirePosts, groupPostByKey, groupPostCreate, lastGroupEvent, markPostSent, moveGroupChat, outboxState, postsAwaitingCopies, queueGroupPost, recordGroupEvent,
  releasePost, reopenInterruptedPosts, setGroupChat, unlinkGroup, type CopyMode, type CopyRow, type GroupChatEvent, type GroupPostRow, type OutboxState,
} from "./store.js";
import { MAX_REFUSED_ATTEMPTS, classifyFailure, heldToCalendar, retryDelayMs, type PostContent } from "../../shared/messaging/group-posts.js";
import { mayPostAt, nextPostTime } from "../../shared/bloc/calendar.js";
import { maskSecrets } from "../../shared/log/logger.js";
import { ChatCallError, type LandedMessage } from "../../shared/messaging/chats.js";
import type { OutboundMessage, OutboundPicture } from "../../shared/messaging/outbound.js";
import { pacerOf } from "../../shared/jobs/pacer.js";

// --- what the features that own a kind of post render ----------------------------

/**
 * A post rendered at send time: its message; a picture sent after it (a bonus: a
 * failure to make or send it leaves the post sent); and the writes that belong to
 * the post having landed (a ballot's message, a period's summary mark), committed
 * with the outbox's mark in one transaction. `landed(at)`: `at` is where the
 * group's message landed; null when the post went privately instead (the bloc has
 * no group): then the writes are committed once, with the mark of the first of its
 * private copies that lands (flushCopies), and a write about the group's message
 * (a ballot's) has nothing to store.
 */
export type RenderedPost = {
  message: OutboundMessage;
  picture?: () => Promise<OutboundPicture | null>;
  landed?: (at: LandedMessage | null) => Prisma.PrismaPromise<unknown>[];
};

/**
 * Renders a post of one kind when it goes out, in `locale` (the group's: the bloc's
 * default language; a private copy's: its reader's); "dropped" when there is
 * nothing to post any more (a ballot closed meanwhile).
 */
export type PostRenderer<C extends PostContent = PostContent> = (deps: Deps, content: C, locale: Locale) => Promise<RenderedPost | "dropped">;

type RenderedKind = Exclude<PostContent["kind"], "text">;
const renderers = new Map<RenderedKind, PostRenderer<never>>();

/**
 * The feature that owns a kind of post (ballots: "ballot", summaries: "summary")
 * renders it: the composition (src/app.ts) registers each renderer once, so the
 * group's outbox knows no feature above it. A post of a kind nobody registered
 * fails loudly and is tried again (a wiring fault, found by the tests).
 */
export function registerPostRenderer<K extends RenderedKind>(kind: K, render: PostRenderer<Extract<PostContent, { kind: K }>>): void {
  renderers.set(kind, render as PostRenderer<never>);
}

async function render(deps: Deps, content: PostContent, locale: Locale = deps.config.defaultLocale): Promise<RenderedPost | "dropped"> {
  if (content.kind === "text") {
    const text = locale === deps.config.defaultLocale ? content.text : (content.texts?.[locale] ?? content.text);
    return { message: { text, ...(content.buttons?.length ? { choices: content.buttons.map((row) => row.map((b) => ({ label: b.label, action: b.data }))) } : {}) } };
  }
  const r = renderers.get(content.kind) as PostRenderer | undefined;
  if (!r) throw new Error(`no renderer registered for group posts of kind "${content.kind}" (src/app.ts registers them)`);
  return r(deps, content, locale);
}

/**
 * Renders a post of one kind for one person, in private (its private copy, see
 * flushCopies), in their language (`locale`): the message, or "dropped" when there
 * is nothing to send this person (a ballot closed meanwhile, or not theirs to
 * vote). Kinds without one go as the group reads them in that language (rendered
 * once per post and language), without choices, with the group's picture.
 */
export type CopyRenderer<C extends PostContent = PostContent> = (deps: Deps, content: C, personId: number, locale: Locale) => Promise<OutboundMessage | "dropped">;

const copyRenderers = new Map<RenderedKind, CopyRenderer<never>>();

/** The feature that owns a kind of post renders its private copies (ballots: the ballot with the person's choices); src/app.ts registers it. */
export function registerCopyRenderer<K extends RenderedKind>(kind: K, render: CopyRenderer<Extract<PostContent, { kind: K }>>): void {
  copyRenderers.set(kind, render as CopyRenderer<never>);
}


// --- queueing and flushing -----------------------------------------------------

/**
 * Queues a post to the group under `key` (once: a key already queued or sent is left
 * as it is; returns false then). It waits at most `staleAfterMs` for a group to take
 * it. The caller then flushes: a handler waits for flushGroupPosts, a job hands it
 * off (JobContext.handOff) so that a slow group never holds it.
 */
export async function queuePost(deps: Deps, key: string, content: PostContent, staleAfterMs: number, opts: { copyKey?: string } = {}): Promise<boolean> {
  if (await groupPostByKey(deps.db, key)) return false; // the usual case for jobs that ask on every tick
  const now = deps.clock.now();
  return queueGroupPost(deps.db, { key, content, now, expiresAt: new Date(now.getTime() + staleAfterMs), ...opts });
}

/** A flush in progress per database: flushes never run side by side, and one asked for meanwhile runs right after. */
class Flusher {
  private running: Promise<void> | null = null;
  private again = false;

  constructor(private readonly flushOnce: (deps: Deps) => Promise<void>) {}

  flush(deps: Deps): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          await this.flushOnce(deps);
        } catch (err) {
          deps.logger.error({ err }, "group posts: flush failed");
        }
      } while (this.again);
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }
}

const flushers = new WeakMap<object, { group: Flusher; copies: Flusher }>();

function flusherOf(deps: Deps): { group: Flusher; copies: Flusher } {
  let f = flushers.get(deps.db);
  if (!f) flushers.set(deps.db, (f = { group: new Flusher(flushOnce), copies: new Flusher(flushCopies) }));
  return f;
}

/**
 * Sends every post that is due, in order, to the group, and every private copy
 * that is due (each apart: a slow group never holds the copies, nor the other way
 * round); resolves when both are done (including a round asked for meanwhile).
 */
export async function flushGroupPosts(deps: Deps): Promise<void> {
  const f = flusherOf(deps);
  await Promise.all([f.group.flush(deps), f.copies.flush(deps)]);
}

/**
 * Posting to the group, as one use case: queues `message` under `key` (once per key),
 * then sends what is due; resolves with the key once the post was tried. What
 * `deps.notify`'s `{ group }` recipient does without waiting for the flush.
 */
export async function postToGroup(deps: Deps, key: string, content: PostContent, staleAfterMs: number): Promise<string> {
  await queuePost(deps, key, content, staleAfterMs);
  await flushGroupPosts(deps);
  return key;
}

/**
 * The write that queues a post, for a use case that commits it with writes of its
 * own in one transaction (a ballot's result with the ballot's close): the post
 * cannot be lost between them. A key already queued makes the whole transaction
 * fail with a unique violation.
 */
export function groupPostWrite(deps: Deps, key: string, content: PostContent, staleAfterMs: number, opts: { copyKey?: string } = {}): Prisma.PrismaPromise<unknown> {
  const now = deps.clock.now();
  return groupPostCreate(deps.db, { key, content, now, expiresAt: new Date(now.getTime() + staleAfterMs), ...opts });
}

/** Whether a post was ever queued under `key` (sent, waiting or given up). */
export async function isPostQueued(deps: Deps, key: string): Promise<boolean> {
  return (await groupPostByKey(deps.db, key)) !== null;
}

async function flushOnce(deps: Deps): Promise<void> {
  const { db, logger } = deps;
  const now = deps.clock.now();
  const expired = await expirePosts(db, now);
  if (expired.length) logger.warn({ posts: expired }, "group posts given up: waited past their staleness");
  const bloc = await getBloc(db);
  if (!bloc?.groupChatId) return; // they wait for /linkgroup
  const zone = deps.config.timeZone;
  for (const post of await duePosts(db, now)) {
    const chatId = (await getBloc(db))?.groupChatId ?? null; // it may move (a migration) while we go
    if (chatId === null) return;
    // A digest, summary or reminder line due again in quiet hours or on a day off (a
    // retry, or one a stop left waiting) waits for the next time posting is allowed.
    if (heldToCalendar(post.key) && !mayPostAt(now, bloc.schedule, zone)) {
      const until = nextPostTime(now, bloc.schedule, zone);
      await holdPost(db, post.id, until, new Date(post.expiresAt.getTime() + (until.getTime() - now.getTime())));
      continue;
    }
    if (!(await claimPost(db, post.id, deps.clock.now()))) continue; // another flush (or process) has it
    let landed: { at: LandedMessage; also: Prisma.PrismaPromise<unknown>[] } | "dropped";
    try {
      landed = await sendPost(deps, post, chatId);
    } catch (err) {
      const f = failureOf(err);
      const kind = classifyFailure(f.code, f.description);
      const attempts = post.attempts + 1;
      if (kind === "gone") {
        // Not the post's fault: it waits, uncounted, for the group to be linked again.
        await releasePost(db, post.id, f.description, now, "pending", true);
        await groupGone(deps, { chatId, byName: null, detail: f.description });
        return;
      }
      if (kind === "content" && attempts >= MAX_REFUSED_ATTEMPTS) {
        await releasePost(db, post.id, f.description, now, "failed");
        logger.error({ key: post.key, attempts, error: f.description }, "group post given up: Telegram refuses it");
        continue;
      }
      const next = new Date(deps.clock.now().getTime() + retryDelayMs(attempts));
      await releasePost(db, post.id, f.description, next);
      logger.warn({ key: post.key, attempts, error: f.description, next }, "group post not sent; will retry");
      if (kind === "group") return; // the group takes nothing now: keep the order, try later
      continue;
    }
    if (landed === "dropped") {
      await releasePost(db, post.id, "nothing to post any more", now, "dropped");
      continue;
    }
    // Outside the try: a failure to mark leaves the post "sending", sent again after a restart (at most once more).
    await markPostSent(db, post.id, deps.clock.now(), landed.at, landed.also);
  }
}

function failureOf(err: unknown): { code: number | null; description: string } {
  if (err instanceof ChatCallError) return { code: err.code, description: err.description };
  return { code: 0, description: maskSecrets(err instanceof Error ? err.message : String(err)) };
}

/** Renders and sends one post to `chatId`; "dropped" when there is nothing to post any more (a ballot closed meanwhile). */
async function sendPost(deps: Deps, post: GroupPostRow, chatId: number): Promise<{ at: LandedMessage; also: Prisma.PrismaPromise<unknown>[] } | "dropped"> {
  const r = await render(deps, post.content, deps.config.defaultLocale);
  if (r === "dropped") return "dropped";
  // A long post goes out in parts; those that landed before a part was refused (of
  // this very text, to this chat: a post rendered anew may differ) are not sent again.
  const partsOf = createHash("sha256").update(`${chatId}\n${r.message.text}`).digest("base64url").slice(0, 22);
  const skip = post.partsOf === partsOf ? post.partsSent : 0;
  const at = await deps.chats.send(chatId, r.message, { skip, landed: (parts) => markPartsSent(deps.db, post.id, parts, partsOf) });
  if (r.picture) {
    // The picture is a bonus: a failure to make or send it leaves the post sent.
    try {
      const picture = await r.picture();
      if (picture) await deps.chats.sendPicture(chatId, picture);
    } catch (err) {
      deps.logger.warn({ err, key: post.key }, "group post's picture not sent");
    }
  }
  return { at, also: r.landed?.(at) ?? [] };
}

/** Posts interrupted by a hard stop (claimed, never marked) are sent again: at least once beats never. */
export async function reopenInterrupted(deps: Deps): Promise<void> {
  const n = await reopenInterruptedPosts(deps.db);
  if (n) deps.logger.warn({ posts: n }, "group posts interrupted by a stop will be sent again");
  const c = await markInterruptedCopies(deps.db);
  if (c) deps.logger.warn({ copies: c }, "private copies interrupted by a stop are not sent again (uncertain)");
}

// --- private copies ---------------------------------------------------------------

/** Tries of a private copy that failed (not "unreachable") before it is given up. */
const MAX_COPY_ATTEMPTS = 5;

/**
 * Where the group's posts go: "private" when the bloc has no group (none was ever
 * linked, or it was unlinked otherwise than by the bot's removal): each post goes
 * privately to every board's focal persons and heads instead; "group" when one is
 * linked, or when the bot was removed from it (its posts wait for /linkgroup, as
 * the admins were told).
 */
export async function copyMode(deps: Deps): Promise<CopyMode> {
  if ((await getBloc(deps.db))?.groupChatId) return "group";
  const last = await lastGroupEvent(deps.db, ["removed", "linked", "migrated"]);
  return last?.kind === "removed" ? "group" : "private";
}

/**
 * Private copies (PrivatePost): first made, for each post that has them due (with
 * no group, every pending post, for every board's focal persons and heads, the
 * post itself then done; with a group, every post not given up nor stale, for
 * those of them whose preferred messenger is not Telegram), one per person and
 * copy key (GroupPost.copyKey, else its key), in one transaction with the post's mark; then each sent through the
 * outbound port (their preferred messenger), in their language, paced with the
 * jobs' other sends (shared/jobs/pacer.ts: the reminders' pacer, ~30 a second,
 * one a second per person): claimed, sent, marked. "failed" is tried again later
 * (retryDelayMs), MAX_COPY_ATTEMPTS times; "unreachable" is final (the port
 * marked the person); a copy held over quiet hours or a day off has its
 * staleness moved on by the time held (as the group's posts); one still unsent
 * past it is dropped.
 *
 * A post that went privately instead of to a group "landed" when the first of its
 * copies was sent: its landed writes (RenderedPost.landed(null): a period's
 * summary mark, which the "figures changed" notice of an amendment waits for) are
 * committed then, once, in the transaction that marks that copy sent.
 */
async function flushCopies(deps: Deps): Promise<void> {
  const { db } = deps;
  const mode = await copyMode(deps);
  for (const post of await postsAwaitingCopies(db, mode, deps.clock.now())) {
    const people = await boardPeople(db, { offTelegram: mode === "group" });
    await makeCopies(db, { id: post.id, copyKey: post.copyKey ?? post.key, expiresAt: post.expiresAt }, people, deps.clock.now(), mode === "private");
  }
  const round = new CopyRound(deps);
  for (;;) {
    const due = await dueCopies(db, deps.clock.now());
    if (due.length === 0) return;
    // A page at a time, each copy paced (the pacer reserves its time at once, so they are in flight together).
    await Promise.all(due.map((copy) => sendCopy(deps, copy, round)));
  }
}

/**
 * One promise per key, made by the first to ask for it and shared by those who ask
 * while it runs or after. A promise that rejects is forgotten (the next to ask makes
 * it again); `make` catches what it means to keep.
 */
class KeyedOnce<T> {
  private readonly made = new Map<string, Promise<T>>();

  get(key: string, make: () => Promise<T>): Promise<T> {
    let p = this.made.get(key);
    if (!p) {
      const mine = make();
      mine.catch(() => {
        if (this.made.get(key) === mine) this.made.delete(key);
      });
      this.made.set(key, mine);
      p = mine;
    }
    return p;
  }
}

/**
 * What the copies of one flush share: each post rendered once per language (a
 * summary's figures, its chart's PNG), however many people read it; and the marks
 * that may be a post's first landing, one after the other (first is first).
 */
class CopyRound {
  private readonly renders = new KeyedOnce<RenderedPost | "dropped">();
  private readonly pictures = new KeyedOnce<OutboundPicture | null>();
  private marks: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: Deps) {}

  /** The post as the group would read it, in `locale`, rendered once per flush; a failure is tried again by the next copy (and logged by it). */
  rendered(post: GroupPostRow, locale: Locale): Promise<RenderedPost | "dropped"> {
    return this.renders.get(`${post.id}:${locale}`, () => render(this.deps, post.content, locale));
  }

  /** The post's picture in `locale`, made once per flush (null: none, or it could not be made). */
  picture(post: GroupPostRow, locale: Locale, make: () => Promise<OutboundPicture | null>): Promise<OutboundPicture | null> {
    return this.pictures.get(`${post.id}:${locale}`, () =>
      make().catch((err: unknown) => {
        this.deps.logger.warn({ err, key: post.key }, "private copies' picture not made");
        return null;
      }),
    );
  }

  /** The copy's message in `locale`, with the post's picture when it has one. */
  async message(post: GroupPostRow, personId: number, locale: Locale): Promise<OutboundMessage | "dropped"> {
    const own = post.content.kind === "text" ? undefined : (copyRenderers.get(post.content.kind) as CopyRenderer | undefined);
    if (own) return own(this.deps, post.content, personId, locale);
    const r = await this.rendered(post, locale);
    if (r === "dropped") return "dropped";
    const picture = r.picture ? await this.picture(post, locale, r.picture) : null;
    return { text: r.message.text, ...(picture ? { picture } : {}) };
  }

  /** Runs marks one after the other. */
  serially<T>(mark: () => Promise<T>): Promise<T> {
    const done = this.marks.then(mark);
    this.marks = done.catch(() => undefined);
    return done;
  }
}

/**
 * Marks a failed try of `copy` (its try number copy.attempts + 1; the copy was
 * claimed): "pending" again retryDelayMs(that number) after `from`, or "failed"
 * for good when it was the MAX_COPY_ATTEMPTS-th. Returns when it is tried next,
 * null when it was given up.
 */
async function retryOrGiveUp(deps: Deps, copy: CopyRow, from: Date): Promise<Date | null> {
  const attempt = copy.attempts + 1;
  if (attempt >= MAX_COPY_ATTEMPTS) {
    await finishCopy(deps.db, copy.id, "failed", from);
    return null;
  }
  const next = new Date(from.getTime() + retryDelayMs(attempt));
  await finishCopy(deps.db, copy.id, "pending", next);
  return next;
}

async function sendCopy(deps: Deps, copy: CopyRow, round: CopyRound): Promise<void> {
  const { db } = deps;
  const now = deps.clock.now();
  // As in the group: a digest, summary or reminder line due in quiet hours or on a day off waits for the next time
  // posting is allowed, and its staleness counts from then (time held is not time wasted waiting).
  if (heldToCalendar(copy.post.key)) {
    const bloc = await getBloc(db);
    if (bloc && !mayPostAt(now, bloc.schedule, deps.config.timeZone)) {
      const until = nextPostTime(now, bloc.schedule, deps.config.timeZone);
      return holdCopy(db, copy.id, until, new Date(copy.expiresAt.getTime() + (until.getTime() - now.getTime())));
    }
  }
  if (copy.expiresAt.getTime() < now.getTime()) {
    if (await claimCopy(db, copy.id)) await finishCopy(db, copy.id, "dropped", now);
    return;
  }
  const locale = toLocale(copy.locale, deps.config.defaultLocale);
  // Claimed when its paced time comes, just before the send: a stop while it waits leaves it pending, not uncertain.
  await pacerOf(db).run(copy.paceKey, async () => {
    if (!(await claimCopy(db, copy.id))) return;
    let message: OutboundMessage | "dropped";
    try {
      message = await round.message(copy.post, copy.personId, locale);
    } catch (err) {
      deps.logger.error({ err, key: copy.post.key }, "private copy not rendered");
      await retryOrGiveUp(deps, copy, now);
      return;
    }
    if (message === "dropped") return finishCopy(db, copy.id, "dropped", now);
    const outcome = await deps.notify.send({ person: copy.personId }, message);
    if (outcome === "failed") {
      const next = await retryOrGiveUp(deps, copy, deps.clock.now());
      if (next) deps.logger.warn({ key: copy.post.key, personId: copy.personId, next }, "private copy not sent; will retry");
      return;
    }
    if (outcome !== "sent") return finishCopy(db, copy.id, outcome, deps.clock.now());
    // The copies replace the post (it went to no group): the first to land commits the post's landed writes.
    const replaces = copy.post.chatId === null && copy.post.status === "sent";
    if (!replaces) return markCopySent(db, copy.id, deps.clock.now());
    return round.serially(async () => {
      const at = deps.clock.now();
      if (await copyHasLanded(db, copy.post.id)) return markCopySent(db, copy.id, at);
      let also: Prisma.PrismaPromise<unknown>[];
      try {
        const r = await round.rendered(copy.post, locale);
        also = r === "dropped" ? [] : (r.landed?.(null) ?? []);
      } catch (err) {
        // The copy is sent: marked so; the post's landing waits for its next copy.
        deps.logger.error({ err, key: copy.post.key }, "private copy's post: its landed writes not made");
        return markCopySent(db, copy.id, at);
      }
      return markCopySent(db, copy.id, at, { postId: copy.post.id, also });
    });
  });
}

/**
 * How many people a post went to in private instead of the group (the bloc has no
 * group: each board's focal persons and heads, each once); null when it went to a
 * group, or has not gone yet. For the admin who asked for it.
 */
export async function postedPrivately(deps: Deps, key: string | null): Promise<number | null> {
  if (!key) return null;
  const c = await copiesOf(deps.db, key);
  return c.instead ? c.people : null;
}

// --- the group's life ----------------------------------------------------------

/** Posts open ballots again (in whatever group is linked when the post goes out). */
async function repostBallots(deps: Deps, ballotIds: number[], chatId: number): Promise<void> {
  for (const b of await openBallotsAmong(deps.db, ballotIds)) {
    // Its private copies keep the ballots' key (features/ballots/use-cases.ts ballotCopyKey): nobody gets a phase twice.
    await queueGroupPost(deps.db, { key: `ballot:${b.id}:${b.status}:${chatId}`, content: { kind: "ballot", ballotId: b.id }, now: deps.clock.now(), expiresAt: b.closesAt, copyKey: `ballot:${b.id}:${b.status}` });
  }
}

/**
 * The group `from` became the supergroup `to` (a service message said so, or a call
 * was answered with migrate_to_chat_id). Idempotent: the second signal finds nothing
 * stored under `from` any more.
 */
export async function followMigration(deps: Deps, from: number, to: number): Promise<void> {
  const moved = await moveGroupChat(deps.db, from, to);
  if (!moved) return;
  const now = deps.clock.now();
  if (moved.movedLink) {
    const bloc = await getBloc(deps.db);
    await recordGroupEvent(deps.db, { kind: "migrated", chatId: from, toChatId: to, title: bloc?.groupTitle ?? null, at: now });
    deps.logger.info({ from, to }, "the group became a supergroup: its new id is stored");
  }
  await repostBallots(deps, moved.ballots, to);
  void flushGroupPosts(deps); // after the running flush (a migration found in the middle of one), or now

}

/**
 * The bot is no longer in group `chatId` (my_chat_member said "left" or "kicked", or
 * a post was answered 403): if it is the linked group, it is unlinked, the event kept
 * for /digest, and the admins are told in private. Posts keep waiting.
 */
export async function groupGone(deps: Deps, e: { chatId: number; byName: string | null; detail: string | null }): Promise<boolean> {
  if (!(await unlinkGroup(deps.db, e.chatId))) return false;
  const now = deps.clock.now();
  const bloc = await getBloc(deps.db);
  await recordGroupEvent(deps.db, { kind: "removed", chatId: e.chatId, title: bloc?.groupTitle ?? null, byName: e.byName, detail: e.detail, at: now });
  deps.logger.warn({ chatId: e.chatId }, "the bot is no longer in the bloc's group: unlinked");
  const waiting = (await outboxState(deps.db)).waiting;
  await tellAdmins(deps, (t, locale) =>
    t("group-removed-admins", {
      title: esc(bloc?.groupTitle ?? ""), at: formatDateTime(now, locale, deps.config.timeZone), by: e.byName ? esc(e.byName) : "", hasBy: e.byName ? "yes" : "no", waiting,
    }),
  );
  return true;
}

/** The bot was added to a group: if it is the group it was removed from (and none is linked), the admins hear how to link it again. */
export async function groupAdded(deps: Deps, chat: { id: number; title: string | null }, byName: string | null): Promise<void> {
  const bloc = await getBloc(deps.db);
  const removed = await lastGroupEvent(deps.db, ["removed", "linked", "migrated"]);
  if (bloc?.groupChatId || removed?.kind !== "removed" || removed.chatId !== chat.id) return;
  await recordGroupEvent(deps.db, { kind: "added", chatId: chat.id, title: chat.title, byName, at: deps.clock.now() });
  const waiting = (await outboxState(deps.db)).waiting;
  await tellAdmins(deps, (t) => t("group-readded-admins", { title: esc(chat.title ?? ""), waiting }));
}

/**
 * /linkgroup: this chat becomes the bloc's group, and open ballots posted elsewhere
 * are queued to be posted here again. The posts that waited go out with the next
 * flush (the handler's, at once).
 */
export async function linkGroup(deps: Deps, chat: { id: number; title: string | null }, byName: string | null): Promise<void> {
  await setGroupChat(deps.db, chat.id, chat.title);
  await recordGroupEvent(deps.db, { kind: "linked", chatId: chat.id, title: chat.title, byName, at: deps.clock.now() });
  await repostBallots(deps, await ballotsPostedElsewhere(deps.db, chat.id), chat.id);
}

/**
 * Admins (admins by role, and ADMIN_IDS), each in their language, in private: a
 * person through the outbound port (which skips and marks the unreachable); an
 * ADMIN_IDS admin the bot has no Person row for (they never wrote in private) by
 * their messenger id, in the default language.
 */
async function tellAdmins(deps: Deps, text: (t: Translate, locale: Locale) => string): Promise<void> {
  const people = await adminPeople(deps.db, deps.config.adminIds);
  const known = new Set(people.map((p) => p.messengerId));
  for (const p of people) {
    const locale = toLocale(p.locale, deps.config.defaultLocale);
    await deps.notify.send({ person: p.id }, { text: text(translator(deps.i18n, locale), locale) });
  }
  for (const id of deps.config.adminIds.filter((a) => !known.has(a))) {
    const locale = deps.config.defaultLocale;
    try {
      await deps.chats.send(id, { text: text(translator(deps.i18n, locale), locale) });
    } catch (err) {
      deps.logger.warn({ err, chatId: id }, "an admin could not be told");
    }
  }
}

// --- what is wrong, said plainly -----------------------------------------------

export type GroupStatus = {
  linked: { chatId: number; title: string | null } | null;
  removed: GroupChatEvent | null;
  outbox: OutboxState;
};

export async function groupStatus(deps: Deps): Promise<GroupStatus> {
  const bloc = await getBloc(deps.db);
  const last = await lastGroupEvent(deps.db, ["removed", "linked", "migrated"]);
  return {
    linked: bloc?.groupChatId ? { chatId: bloc.groupChatId, title: bloc.groupTitle } : null,
    removed: !bloc?.groupChatId && last?.kind === "removed" ? last : null,
    outbox: await outboxState(deps.db),
  };
}

/**
 * Lines for an admin who asked for a post: nothing when the post went out; otherwise
 * why not (no group linked; the bot removed, when and by whom; the last failure), and
 * how many posts wait.
 */
export async function postProblems(deps: Deps, t: Translate, locale: Locale, key: string | null): Promise<string[]> {
  const post = key ? await groupPostByKey(deps.db, key) : null;
  if (post?.status === "sent") return [];
  const s = await groupStatus(deps);
  const lines: string[] = [];
  const zone = deps.config.timeZone;
  if (s.removed) {
    lines.push(t("group-status-removed", {
      title: esc(s.removed.title ?? ""), at: formatDateTime(s.removed.at, locale, zone),
      by: s.removed.byName ? esc(s.removed.byName) : "", hasBy: s.removed.byName ? "yes" : "no",
    }));
  } else if (!s.linked) {
    // No group: the post went to each board's people in private (nothing wrong), or is still to go.
    if ((await copyMode(deps)) === "group") lines.push(t("group-status-none"));
  } else if (post && (post.status === "failed" || post.status === "expired")) {
    lines.push(t("group-status-given-up", { error: esc(post.lastError ?? "—") }));
  } else if (post?.lastError || s.outbox.lastFailure) {
    const f = post?.lastError && post.lastTriedAt ? { at: post.lastTriedAt, error: post.lastError } : s.outbox.lastFailure!;
    lines.push(t("group-status-failing", { at: formatDateTime(f.at, locale, zone), error: esc(f.error) }));
  }
  if (s.outbox.waiting > 0) lines.push(t("group-status-waiting", { count: s.outbox.waiting }));
  return lines;
}
