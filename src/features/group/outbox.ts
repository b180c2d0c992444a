// Posts to the bloc's group, at least once and never lost, and the group's life.
//
// Every post to the group (a ballot's result and its runoff, the ballot itself, the
// deadline digest, the scheduled summary, a correction notice, the reminders' group
// line, a digest asked for) is queued in GroupPost under a key that names it, then
// sent by flushGroupPosts: claimed (pending → sending), sent, then marked sent. A
// failed send goes back to pending with a growing delay (retryDelayMs) and is tried
// on a later tick; a hard stop between claim and mark leaves it "sending", and the
// next start sends it again (once more at most). While no group is linked, or after
// the bot was removed, posts wait, up to their staleness, for the next /linkgroup.
//
// The group's life: a move to a supergroup (either service message, or a 400 with
// migrate_to_chat_id on any call, see messengers/telegram/api-policy.ts) moves the stored id and posts
// open ballots again in the new chat; the bot removed (my_chat_member, or a 403 on a
// post) unlinks the group and tells the admins in private; /linkgroup links again.
import { GrammyError, HttpError, InlineKeyboard, type Api } from "grammy";
import type { Message } from "grammy/types";
import type { Prisma } from "../../generated/prisma/client.js";
import type { Deps } from "../../shared/deps.js";
import type { Locale } from "../../shared/i18n/locale.js";
import { ballotKeyboard, ballotText, nominationKeyboard, nominationText } from "../ballots/views.js";
import { formatDateTime } from "../../shared/i18n/format.js";
import { esc } from "../../shared/text/html.js";
import { translator } from "../../shared/i18n/messages.js";
import { toLocale, type Translate } from "../../shared/i18n/locale.js";
import { getBallot } from "../ballots/store.js";
import { getBloc } from "../../shared/bloc/store.js";
import { setGroupChat } from "./store.js";
import { listBoards } from "../../shared/bloc/store.js";
import { nominees } from "../ballots/store.js";
import {
  claimPost, duePosts, expirePosts, groupPostByKey, lastGroupEvent, markPostSent, moveGroupChat, outboxState, queueGroupPost, recordGroupEvent, releasePost,
  reopenInterruptedPosts, unlinkGroup, type GroupChatEvent, type GroupPostRow, type OutboxState,
} from "./store.js";
import { monthRange } from "../summaries/rules.js";
import { MAX_REFUSED_ATTEMPTS, classifyFailure, retryDelayMs, type PostContent } from "../../shared/messaging/group-posts.js";
import { maskSecrets } from "../../shared/log/logger.js";
import type { Job } from "../../shared/jobs/scheduler.js";
import { sendSafely } from "../../messengers/telegram/send.js";

// --- queueing and flushing -----------------------------------------------------

/**
 * Queues a post to the group under `key` (once: a key already queued or sent is left
 * as it is; returns false then). It waits at most `staleAfterMs` for a group to take
 * it. The caller then flushes: a handler waits for flushGroupPosts, a job hands it
 * off (JobContext.handOff) so that a slow group never holds it.
 */
export async function queuePost(deps: Deps, key: string, content: PostContent, staleAfterMs: number): Promise<boolean> {
  if (await groupPostByKey(deps.db, key)) return false; // the usual case for jobs that ask on every tick
  const now = deps.clock.now();
  return queueGroupPost(deps.db, { key, content, now, expiresAt: new Date(now.getTime() + staleAfterMs) });
}

/** A flush in progress per database: flushes never run side by side, and one asked for meanwhile runs right after. */
class Flusher {
  private running: Promise<void> | null = null;
  private again = false;
  private api: Api | null = null;

  flush(deps: Deps, api: Api): Promise<void> {
    this.api = api;
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          await flushOnce(deps, api);
        } catch (err) {
          deps.logger.error({ err }, "group posts: flush failed");
        }
      } while (this.again);
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /**
   * Another round soon (a migration found in the middle of a call): after the running
   * flush, or now with the Api of the last one (none yet: the next tick does it).
   */
  kick(deps: Deps): void {
    if (this.running) this.again = true;
    else if (this.api) void this.flush(deps, this.api);
  }
}

const flushers = new WeakMap<object, Flusher>();

function flusherOf(deps: Deps): Flusher {
  let f = flushers.get(deps.db);
  if (!f) flushers.set(deps.db, (f = new Flusher()));
  return f;
}

/** Sends every post that is due, in order; resolves when done (including a round asked for meanwhile). */
export function flushGroupPosts(deps: Deps, api: Api): Promise<void> {
  return flusherOf(deps).flush(deps, api);
}

type Landed = { chatId: number; messageId: number; also: Prisma.PrismaPromise<unknown>[] };

async function flushOnce(deps: Deps, api: Api): Promise<void> {
  const { db, logger } = deps;
  const now = deps.clock.now();
  const expired = await expirePosts(db, now);
  if (expired.length) logger.warn({ posts: expired }, "group posts given up: waited past their staleness");
  if (!(await getBloc(db))?.groupChatId) return; // they wait for /linkgroup
  for (const post of await duePosts(db, now)) {
    const chatId = (await getBloc(db))?.groupChatId ?? null; // it may move (a migration) while we go
    if (chatId === null) return;
    if (!(await claimPost(db, post.id, deps.clock.now()))) continue; // another flush (or process) has it
    let landed: Landed | "dropped";
    try {
      landed = await sendPost(deps, api, post, chatId);
    } catch (err) {
      const f = failureOf(err);
      const kind = classifyFailure(f.code, f.description);
      const attempts = post.attempts + 1;
      if (kind === "gone") {
        // Not the post's fault: it waits, uncounted, for the group to be linked again.
        await releasePost(db, post.id, f.description, now, "pending", true);
        await groupGone(deps, api, { chatId, byName: null, detail: f.description });
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
    await markPostSent(db, post.id, deps.clock.now(), landed, landed.also);
  }
}

function failureOf(err: unknown): { code: number | null; description: string } {
  if (err instanceof GrammyError) return { code: err.error_code, description: err.description };
  if (err instanceof HttpError) return { code: null, description: maskSecrets(`network: ${err.message}`) };
  return { code: 0, description: maskSecrets(err instanceof Error ? err.message : String(err)) };
}

function keyboardOf(buttons: { label: string; data: string }[][] | undefined): InlineKeyboard | undefined {
  if (!buttons?.length) return undefined;
  return new InlineKeyboard(buttons.map((row) => row.map((b) => InlineKeyboard.text(b.label, b.data))));
}

function landedAt(m: Message, also: Landed["also"] = []): Landed {
  return { chatId: m.chat.id, messageId: m.message_id, also };
}

/** Renders and sends one post to `chatId`; "dropped" when there is nothing to post any more (a ballot closed meanwhile). */
async function sendPost(deps: Deps, api: Api, post: GroupPostRow, chatId: number): Promise<Landed | "dropped"> {
  const c = post.content;
  const locale = deps.config.defaultLocale;
  switch (c.kind) {
    case "text": {
      const kb = keyboardOf(c.buttons);
      return landedAt(await api.sendMessage(chatId, c.text, { parse_mode: "HTML", ...(kb ? { reply_markup: kb } : {}) }));
    }
    case "ballot": {
      const ballot = await getBallot(deps.db, c.ballotId);
      if (!ballot || (ballot.status !== "open" && ballot.status !== "nominating")) return "dropped";
      const boards = await listBoards(deps.db);
      const names = new Map(boards.map((b) => [b.id, b.shortName]));
      let m: Message;
      if (ballot.status === "nominating") {
        const counts = new Map((await nominees(deps.db, ballot.id)).map((n) => [n.boardId, n.count]));
        const active = boards.filter((b) => b.status === "active").map((b) => ({ id: b.id, shortName: b.shortName }));
        m = await api.sendMessage(chatId, nominationText(deps, ballot, counts, names, locale), { parse_mode: "HTML", reply_markup: nominationKeyboard(ballot.id, active) });
      } else {
        m = await api.sendMessage(chatId, ballotText(deps, ballot, names, locale), { parse_mode: "HTML", reply_markup: ballotKeyboard(deps, ballot, locale) });
      }
      // The buttons are checked against this message from now on.
      return landedAt(m, [deps.db.ballot.update({ where: { id: ballot.id }, data: { chatId: BigInt(m.chat.id), messageId: m.message_id } })]);
    }
    case "summary": {
      const { postSummary } = await import("../summaries/jobs.js"); // summary.ts queues its posts here: no import cycle
      const m = await postSummary(deps, api, chatId, monthRange({ year: c.year, month: c.month }));
      return landedAt(m, [deps.db.period.update({ where: { id: c.periodId }, data: { summaryPostedAt: deps.clock.now() } })]);
    }
  }
}

/** The scheduler's part: posts due for another try, after a restart too. */
export const groupPostsJob: Job = {
  name: "group-posts",
  async recover({ deps }) {
    const n = await reopenInterruptedPosts(deps.db);
    if (n) deps.logger.warn({ posts: n }, "group posts interrupted by a stop will be sent again");
  },
  async run({ deps, api, handOff }) {
    handOff(flushGroupPosts(deps, api)); // apart from the job: a hung send holds only the group's posts
  },
};

// --- the group's life ----------------------------------------------------------

/** Posts open ballots again (in whatever group is linked when the post goes out). */
async function repostBallots(deps: Deps, ballotIds: number[], chatId: number): Promise<void> {
  for (const id of ballotIds) {
    const b = await getBallot(deps.db, id);
    if (!b || (b.status !== "open" && b.status !== "nominating")) continue;
    await queueGroupPost(deps.db, { key: `ballot:${id}:${b.status}:${chatId}`, content: { kind: "ballot", ballotId: id }, now: deps.clock.now(), expiresAt: b.closesAt });
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
  flusherOf(deps).kick(deps);
}

/** A display name for who did something, as Telegram gives it (never logged). */
export function displayName(user: { first_name: string; last_name?: string; username?: string } | undefined): string | null {
  if (!user) return null;
  const name = [user.first_name, user.last_name].filter(Boolean).join(" ");
  return user.username ? `${name} (@${user.username})` : name;
}

/**
 * The bot is no longer in group `chatId` (my_chat_member said "left" or "kicked", or
 * a post was answered 403): if it is the linked group, it is unlinked, the event kept
 * for /digest, and the admins are told in private. Posts keep waiting.
 */
export async function groupGone(deps: Deps, api: Api, e: { chatId: number; byName: string | null; detail: string | null }): Promise<boolean> {
  if (!(await unlinkGroup(deps.db, e.chatId))) return false;
  const now = deps.clock.now();
  const bloc = await getBloc(deps.db);
  await recordGroupEvent(deps.db, { kind: "removed", chatId: e.chatId, title: bloc?.groupTitle ?? null, byName: e.byName, detail: e.detail, at: now });
  deps.logger.warn({ chatId: e.chatId }, "the bot is no longer in the bloc's group: unlinked");
  const waiting = (await outboxState(deps.db)).waiting;
  await tellAdmins(deps, api, (t, locale) =>
    t("group-removed-admins", {
      title: esc(bloc?.groupTitle ?? ""), at: formatDateTime(now, locale, deps.config.timeZone), by: e.byName ? esc(e.byName) : "", hasBy: e.byName ? "yes" : "no", waiting,
    }),
  );
  return true;
}

/** The bot was added to a group: if it is the group it was removed from (and none is linked), the admins hear how to link it again. */
export async function groupAdded(deps: Deps, api: Api, chat: { id: number; title: string | null }, byName: string | null): Promise<void> {
  const bloc = await getBloc(deps.db);
  const removed = await lastGroupEvent(deps.db, ["removed", "linked", "migrated"]);
  if (bloc?.groupChatId || removed?.kind !== "removed" || removed.chatId !== chat.id) return;
  await recordGroupEvent(deps.db, { kind: "added", chatId: chat.id, title: chat.title, byName, at: deps.clock.now() });
  const waiting = (await outboxState(deps.db)).waiting;
  await tellAdmins(deps, api, (t) => t("group-readded-admins", { title: esc(chat.title ?? ""), waiting }));
}

/**
 * /linkgroup: this chat becomes the bloc's group, and open ballots posted elsewhere
 * are queued to be posted here again. The posts that waited go out with the next
 * flush (the handler's, at once).
 */
export async function linkGroup(deps: Deps, chat: { id: number; title: string | null }, byName: string | null): Promise<void> {
  await setGroupChat(deps.db, chat.id, chat.title);
  await recordGroupEvent(deps.db, { kind: "linked", chatId: chat.id, title: chat.title, byName, at: deps.clock.now() });
  const elsewhere = await deps.db.ballot.findMany({
    where: { status: { in: ["open", "nominating"] }, messageId: { not: null }, NOT: { chatId: BigInt(chat.id) } },
    select: { id: true },
  });
  await repostBallots(deps, elsewhere.map((b) => b.id), chat.id);
}

/** Admins (ADMIN_IDS and admins by role), each in their language, in private. */
async function tellAdmins(deps: Deps, api: Api, text: (t: Translate, locale: Locale) => string): Promise<void> {
  const ids = deps.config.adminIds.map(BigInt);
  const people = await deps.db.person.findMany({ where: { OR: [{ telegramId: { in: ids } }, { roles: { some: { role: "admin", revokedAt: null } } }] } });
  const recipients = new Map<number, { personId: number | null; reachable: boolean; locale: Locale }>();
  for (const id of deps.config.adminIds) recipients.set(id, { personId: null, reachable: true, locale: deps.config.defaultLocale });
  for (const p of people) recipients.set(Number(p.telegramId), { personId: p.id, reachable: p.reachable, locale: toLocale(p.locale, deps.config.defaultLocale) });
  for (const [chatId, r] of recipients) {
    await sendSafely(deps, api, { personId: r.personId, chatId, reachable: r.reachable }, text(translator(deps.i18n, r.locale), r.locale));
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
    lines.push(t("group-status-none"));
  } else if (post && (post.status === "failed" || post.status === "expired")) {
    lines.push(t("group-status-given-up", { error: esc(post.lastError ?? "—") }));
  } else if (post?.lastError || s.outbox.lastFailure) {
    const f = post?.lastError && post.lastTriedAt ? { at: post.lastTriedAt, error: post.lastError } : s.outbox.lastFailure!;
    lines.push(t("group-status-failing", { at: formatDateTime(f.at, locale, zone), error: esc(f.error) }));
  }
  if (s.outbox.waiting > 0) lines.push(t("group-status-waiting", { count: s.outbox.waiting }));
  return lines;
}
