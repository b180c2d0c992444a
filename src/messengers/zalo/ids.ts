// Zalo's ids as grammY's numbers, and what the adapter keeps per Zalo chat, in
// the database (tables ZaloChat, ZaloMenu, ZaloInbound; prisma/schema.prisma),
// so that a restart, even a SIGKILL, keeps them.
//  - Zalo's user and chat ids are opaque strings (shared/notes/zalo.md §4);
//    grammY and the features need numbers. A Zalo id's number is 2^52 + its
//    ZaloChat row id: Telegram's user and chat ids "have at most 52 significant
//    bits" (Bot API docs, User.id and Chat.id), so numbers from 2^52 up are never
//    a Telegram id, and stay below 2^53 (safe integers) for 2^52 Zalo ids. In a
//    private chat the chat and the user are the same id [D][O], hence one number.
//  - Message ids: Zalo's are 20-hex strings, Telegram's per-chat numbers. The
//    adapter hands out 1, 2, 3... per chat (ZaloChat.lastMessageId), for the
//    messages it sends and those it receives alike, as Telegram numbers a chat.
//  - The latest numbered menu of each chat (ZaloMenu), and the latest menu of
//    each reference a chat was shown (ZaloMenuRef, "B3": menus.ts), answered by
//    that reference even after later menus: see updates.ts. A ballot's copy
//    pushed while a dialogue's menu stands waits under its reference
//    (ZaloMenu.waitingRef; rememberMenu decides it from the row it reads, and
//    asks whether the chat is in a dialogue only when that decides): a bare
//    number answers it once the dialogue is over (updates.ts), until a newer
//    menu is shown; it takes the latest's row when the dialogue's menu is
//    forgotten (forgetMenu).
//  - Zalo message ids taken in (ZaloInbound): a repeat is skipped (the
//    SeenMessages of intake.ts, backed by a unique key), and the row's id makes
//    the update id, 2^52 + id, never a Telegram update id (the update ledger,
//    chat/middleware/update-ledger.ts, keeps both in one table).
// All statements are direct SQL on the bot's one connection (shared/db/sql.ts).
import type { InlineKeyboardMarkup } from "grammy/types";
import { z } from "zod";
import type { Db } from "../../shared/db/client.js";
import { sqlDate, sqlOf, writeSql } from "../../shared/db/sql.js";
import { storedJsonText } from "../../shared/db/stored.js";
import { zaloChatsPruned } from "../../shared/db/retention.js";
import type { SeenMessages } from "./intake.js";

/** 2^52: the first number above every Telegram id; the bot's own user id on Zalo. Zalo ids are numbered above it. */
export const ZALO_ID_BASE = 2 ** 52;

/** Whether `n` is the number of a Zalo chat or user (never a Telegram id). */
export function isZaloNumber(n: number): boolean {
  return Number.isSafeInteger(n) && n > ZALO_ID_BASE;
}

/** Chat id ⇄ Zalo id: the identity the messenger-neutral person will be built on. */
export interface ZaloIds {
  /** The number of a Zalo user or chat id, made the first time it is seen. */
  numberOf(zaloId: string): Promise<number>;
  /** The Zalo id of a number, or null when it is none (a Telegram id, or never made). */
  zaloIdOf(n: number): Promise<string | null>;
}

/** The latest numbered menu of a chat. */
export type ZaloMenu = {
  /** The synthetic message id of the message carrying it. */
  messageId: number;
  /** The message's text as the bot wrote it (HTML when sent so). */
  text: string;
  markup: InlineKeyboardMarkup;
  shownAt: Date;
  /** The menu's reference (menus.ts: "B3"), when it is answered by it too; null or absent otherwise. */
  ref?: string | null;
  /** As the latest: the reference of a copy waiting for the dialogue to end (rememberMenu); null or absent when none. */
  waitingRef?: string | null;
};

/**
 * How a menu is sent (bot-api.ts), for rememberMenu to decide whether a ballot's
 * copy waits for a dialogue to end.
 */
export type MenuSending = {
  /** Sent while the adapter handles an update of the same chat (bot-api.ts, inAnswerTo): it answers the person; otherwise pushed. */
  inAnswer: boolean;
  /** Whether the chat is in a dialogue now (a read of the conversation storage); asked only when the answer decides. */
  inDialogue: () => Promise<boolean>;
};

const CACHE_MAX = 10_000;

/**
 * ZaloMenu.markup: the keyboard as rememberMenu wrote it (the kinds of button the
 * bot sends: callback, URL, copy-text and inline-query buttons). A stored button
 * of another kind is an error naming the row, like any other shape that does not fit.
 */
const storedMarkupSchema: z.ZodType<InlineKeyboardMarkup> = z.object({
  inline_keyboard: z.array(
    z.array(
      z.union([
        z.object({ text: z.string(), callback_data: z.string() }),
        z.object({ text: z.string(), url: z.string() }),
        z.object({ text: z.string(), copy_text: z.object({ text: z.string() }) }),
        z.object({ text: z.string(), switch_inline_query: z.string() }),
        z.object({ text: z.string(), switch_inline_query_current_chat: z.string() }),
      ]),
    ),
  ),
});

/** A chat's activity (ZaloChat.activeAt) is written at most this often: the strangers' retention counts in days. */
const ACTIVE_EVERY_MS = 86_400_000;

/**
 * ZaloIds and the chat's counters and menu, in the ZaloChat and ZaloMenu tables.
 * A chat's row goes by retention once no messenger account names it (its person
 * pruned as a stranger) and it has been quiet that long (shared/db/retention.ts,
 * zaloChats): the cache is emptied whenever that prune deletes rows
 * (zaloChatsPruned), so a pruned chat's number is never used from memory; a person
 * who writes again is a new chat with a new number (ids are never handed out
 * twice: AUTOINCREMENT).
 */
export class ZaloChats implements ZaloIds {
  private readonly byZaloId = new Map<string, { n: number; activeAt: number }>();
  private readonly byNumber = new Map<number, string>();
  /** zaloChatsPruned(db) when the cache was last checked against it. */
  private prunes = 0;

  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Empties the cache when retention pruned chats since it was filled. */
  private checkPrunes(): void {
    const prunes = zaloChatsPruned(this.db);
    if (prunes === this.prunes) return;
    this.prunes = prunes;
    this.byZaloId.clear();
    this.byNumber.clear();
  }

  private cache(zaloId: string, n: number, activeAt: number | null): number {
    if (this.byZaloId.size >= CACHE_MAX) {
      this.byZaloId.clear();
      this.byNumber.clear();
    }
    // Known only by number (zaloIdOf): the next numberOf marks the chat active.
    this.byZaloId.set(zaloId, { n, activeAt: activeAt ?? -Infinity });
    this.byNumber.set(n, zaloId);
    return n;
  }

  /**
   * The number of a Zalo user or chat id, the chat made the first time it is
   * seen. Called for each message taken in: the chat is marked active
   * (ZaloChat.activeAt) at most once a day, in the same statement that finds it,
   * so a chat that retention pruned a moment before is made again rather than
   * used without its row.
   */
  async numberOf(zaloId: string): Promise<number> {
    if (typeof zaloId !== "string" || zaloId.length === 0) throw new RangeError("a Zalo id is a non-empty string");
    this.checkPrunes();
    const now = this.now();
    const cached = this.byZaloId.get(zaloId);
    if (cached !== undefined && now.getTime() - cached.activeAt < ACTIVE_EVERY_MS && now.getTime() >= cached.activeAt) return cached.n;
    const row = await writeSql(this.db, (sql) => {
      const found = sql.get<{ id: number }>(`UPDATE "ZaloChat" SET "activeAt" = ? WHERE "zaloId" = ? RETURNING "id"`, sqlDate(now), zaloId);
      if (found) return found;
      sql.run(`INSERT INTO "ZaloChat" ("zaloId", "lastMessageId", "createdAt", "activeAt") VALUES (?, 0, ?, ?) ON CONFLICT ("zaloId") DO NOTHING`, zaloId, sqlDate(now), sqlDate(now));
      return sql.get<{ id: number }>(`SELECT "id" FROM "ZaloChat" WHERE "zaloId" = ?`, zaloId);
    });
    if (!row) throw new Error("ZaloChat: the row just written is missing");
    if (cached !== undefined && cached.n !== ZALO_ID_BASE + row.id) this.byNumber.delete(cached.n);
    return this.cache(zaloId, ZALO_ID_BASE + row.id, now.getTime());
  }

  async zaloIdOf(n: number): Promise<string | null> {
    if (!isZaloNumber(n)) return null;
    this.checkPrunes();
    const cached = this.byNumber.get(n);
    if (cached !== undefined) return cached;
    const row = (await sqlOf(this.db)).get<{ zaloId: string }>(`SELECT "zaloId" FROM "ZaloChat" WHERE "id" = ?`, n - ZALO_ID_BASE);
    return row ? (this.byZaloId.has(row.zaloId) ? this.byNumber.set(n, row.zaloId) : this.cache(row.zaloId, n, null), row.zaloId) : null;
  }

  /** The next message id of chat `n` (1, 2, ...), kept across restarts. */
  async nextMessageId(n: number): Promise<number> {
    const row = await writeSql(this.db, (sql) =>
      sql.get<{ lastMessageId: number }>(`UPDATE "ZaloChat" SET "lastMessageId" = "lastMessageId" + 1 WHERE "id" = ? RETURNING "lastMessageId"`, n - ZALO_ID_BASE),
    );
    if (!row) throw new RangeError(`not a Zalo chat: ${n}`);
    return row.lastMessageId;
  }

  /**
   * Remembers `menu` as chat `n`'s latest (replacing the one before), and, when it
   * has a reference, as that reference's menu in the chat (replacing the one
   * before under the same reference), in one transaction.
   *
   * A ballot's copy waiting for a dialogue to end (ZaloMenu.waitingRef), decided
   * here from the row the transaction reads, with `sending` (bot-api.ts):
   *  - a menu with a reference the bot pushes (a ballot's copy not asked for),
   *    while the latest is another menu without a reference (a dialogue's
   *    question, read-back or picker) and the chat is in a dialogue: it does
   *    not take the latest's place: the person's next bare number answers what
   *    they are doing, and the copy is answered by its reference ("B3 2"), as
   *    its lines say. It waits (the newest such copy): once the chat is no
   *    longer in a dialogue, a bare number answers it (updates.ts). Against a
   *    menu with a reference, or none, it takes the place;
   *  - a menu without a reference that answers the person while a copy waits and
   *    the chat is in a dialogue (the dialogue's next question): it takes the
   *    place and keeps the copy waiting;
   *  - any other menu takes the place and drops the waiting copy (it is newer:
   *    after the dialogue, /start's or /ballots' menu takes the bare numbers).
   * `sending.inDialogue` (a read of the conversation storage) is asked only in
   * the first two cases, so the menus of an ordinary dialogue never ask it; its
   * answer awaited, the row is read again in a second transaction. Without
   * `sending`, the chat counts as in no dialogue.
   */
  async rememberMenu(n: number, menu: ZaloMenu, sending?: MenuSending): Promise<void> {
    const chatId = n - ZALO_ID_BASE;
    const markup = JSON.stringify(menu.markup);
    let dialogue: boolean | undefined = sending ? undefined : false;
    for (;;) {
      const done = await writeSql(this.db, (sql) => sql.transaction(() => {
        const latest = sql.get<{ messageId: number; waitingRef: string | null }>(`SELECT "messageId", "waitingRef" FROM "ZaloMenu" WHERE "chatId" = ?`, chatId);
        const mayHold =
          !!menu.ref &&
          !sending?.inAnswer &&
          !!latest &&
          latest.messageId !== menu.messageId &&
          sql.get(`SELECT 1 FROM "ZaloMenuRef" WHERE "chatId" = ? AND "messageId" = ?`, chatId, latest.messageId) === undefined;
        const mayKeep = !menu.ref && !!sending?.inAnswer && !!latest?.waitingRef;
        if ((mayHold || mayKeep) && dialogue === undefined) return false; // asked below, outside the transaction
        if (mayHold && dialogue) {
          sql.run(`UPDATE "ZaloMenu" SET "waitingRef" = ? WHERE "chatId" = ?`, menu.ref!, chatId);
        } else {
          sql.run(
            `INSERT INTO "ZaloMenu" ("chatId", "messageId", "text", "markup", "shownAt") VALUES (?, ?, ?, ?, ?)
             ON CONFLICT ("chatId") DO UPDATE SET "messageId" = excluded."messageId", "text" = excluded."text", "markup" = excluded."markup", "shownAt" = excluded."shownAt",
               "waitingRef" = CASE WHEN ? THEN "ZaloMenu"."waitingRef" ELSE NULL END`,
            chatId,
            menu.messageId,
            menu.text,
            markup,
            sqlDate(menu.shownAt),
            mayKeep && dialogue ? 1 : 0,
          );
        }
        if (menu.ref) {
          sql.run(
            `INSERT INTO "ZaloMenuRef" ("chatId", "ref", "messageId", "text", "markup", "shownAt") VALUES (?, ?, ?, ?, ?, ?)
             ON CONFLICT ("chatId", "ref") DO UPDATE SET "messageId" = excluded."messageId", "text" = excluded."text", "markup" = excluded."markup", "shownAt" = excluded."shownAt"`,
            chatId,
            menu.ref,
            menu.messageId,
            menu.text,
            markup,
            sqlDate(menu.shownAt),
          );
        }
        return true;
      }));
      if (done) return;
      dialogue = await sending!.inDialogue();
    }
  }

  /**
   * Forgets the menu carried by message `messageId` of chat `n` (its keyboard was
   * removed, or the message deleted): as the chat's latest, and under its
   * reference. When it was the latest and a copy waits (rememberMenu), that copy
   * takes the row and still waits (waitingRef is its own reference): updates.ts
   * answers no menu by a bare number in the dialogue, the copy after it.
   */
  async forgetMenu(n: number, messageId: number): Promise<void> {
    const chatId = n - ZALO_ID_BASE;
    await writeSql(this.db, (sql) => sql.transaction(() => {
      sql.run(`DELETE FROM "ZaloMenuRef" WHERE "chatId" = ? AND "messageId" = ?`, chatId, messageId);
      const latest = sql.get<{ waitingRef: string | null }>(`SELECT "waitingRef" FROM "ZaloMenu" WHERE "chatId" = ? AND "messageId" = ?`, chatId, messageId);
      if (!latest) return;
      sql.run(`DELETE FROM "ZaloMenu" WHERE "chatId" = ?`, chatId);
      if (latest.waitingRef) {
        sql.run(
          `INSERT INTO "ZaloMenu" ("chatId", "messageId", "text", "markup", "shownAt", "waitingRef")
           SELECT "chatId", "messageId", "text", "markup", "shownAt", "ref" FROM "ZaloMenuRef" WHERE "chatId" = ? AND "ref" = ?`,
          chatId,
          latest.waitingRef,
        );
      }
    }));
  }

  /** The menu chat `n` was last shown under reference `ref` (upper case, menus.ts), or null (never shown, forgotten, or pruned). */
  menuByRef(n: number, ref: string): Promise<ZaloMenu | null> {
    return this.storedMenu(n, ref);
  }

  /** Chat `n`'s latest menu, or null (none shown, forgotten, or pruned by retention). */
  latestMenu(n: number): Promise<ZaloMenu | null> {
    return this.storedMenu(n);
  }

  /**
   * The one reader of a stored menu: chat `n`'s latest (ZaloMenu, with its
   * waitingRef), or with `ref` the menu under that reference (ZaloMenuRef, with
   * `ref`); null when there is none. Its markup is checked against the shape
   * rememberMenu writes: one that does not fit is a StoredValueError naming the
   * table, the column and the chat.
   */
  private async storedMenu(n: number, ref?: string): Promise<ZaloMenu | null> {
    const chatId = n - ZALO_ID_BASE;
    const sql = await sqlOf(this.db);
    type Row = { messageId: number; text: string; markup: unknown; shownAt: string; waitingRef?: string | null };
    const row =
      ref === undefined
        ? sql.get<Row>(`SELECT "messageId", "text", "markup", "shownAt", "waitingRef" FROM "ZaloMenu" WHERE "chatId" = ?`, chatId)
        : sql.get<Row>(`SELECT "messageId", "text", "markup", "shownAt" FROM "ZaloMenuRef" WHERE "chatId" = ? AND "ref" = ?`, chatId, ref);
    if (!row) return null;
    const markup = storedJsonText(storedMarkupSchema, row.markup, { table: ref === undefined ? "ZaloMenu" : "ZaloMenuRef", column: "markup", row: chatId });
    const menu = { messageId: row.messageId, text: row.text, markup, shownAt: new Date(row.shownAt) };
    return ref === undefined ? { ...menu, waitingRef: row.waitingRef ?? null } : { ...menu, ref };
  }
}

/**
 * Zalo message ids taken in (ZaloInbound): the database-backed SeenMessages of
 * the polling loop and the webhook (a unique key decides, so two deliveries
 * racing each other are taken once, and a restart remembers), and the update id
 * each message becomes.
 */
export class ZaloInbound implements SeenMessages {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  async claim(messageId: string): Promise<boolean> {
    // Looked up first: an insert that conflicts still uses up an AUTOINCREMENT id.
    const row = await writeSql(this.db, (sql) =>
      sql.get(`SELECT 1 FROM "ZaloInbound" WHERE "messageId" = ?`, messageId)
        ? undefined
        : sql.get<{ id: number }>(`INSERT INTO "ZaloInbound" ("messageId", "at") VALUES (?, ?) ON CONFLICT ("messageId") DO NOTHING RETURNING "id"`, messageId, sqlDate(this.now())),
    );
    return row !== undefined;
  }

  /** The update id of Zalo message `messageId`: 2^52 + its row (written now if it was not claimed). */
  async updateIdOf(messageId: string): Promise<number> {
    const found = (await sqlOf(this.db)).get<{ id: number }>(`SELECT "id" FROM "ZaloInbound" WHERE "messageId" = ?`, messageId);
    if (found) return ZALO_ID_BASE + found.id;
    await this.claim(messageId);
    const row = (await sqlOf(this.db)).get<{ id: number }>(`SELECT "id" FROM "ZaloInbound" WHERE "messageId" = ?`, messageId);
    if (!row) throw new Error("ZaloInbound: the row just written is missing");
    return ZALO_ID_BASE + row.id;
  }
}
