// Storage for @grammyjs/conversations in the ConversationState table, so a
// conversation in progress survives a restart of the bot. Next to the plugin's
// state (`value`: the replay log), the `dialogue` column keeps where the open
// dialogue stands (chat/conversations/dialogue.ts); both are written by one
// statement, so they never disagree after a hard stop.
import type { Db } from "../../shared/db/client.js";
import type { Clock } from "../../shared/clock.js";
import { z } from "zod";
import { sqlDate, sqlOf, writeSql } from "../../shared/db/sql.js";
import { storedJsonText } from "../../shared/db/stored.js";

/**
 * ConversationState.value: the plugin's state (its VersionedState, { version,
 * state }), a JSON object. Its inside is the plugin's: dialogue.ts reads what it
 * needs of it and drops a state it cannot place (an older release's) as stale.
 */
const pluginStateSchema = z.record(z.string(), z.unknown());

/** One chat's stored conversation: the plugin's state (parsed JSON) and the dialogue's position (JSON text), if any. */
export type StoredConversation = { value: unknown; dialogue: string | null };

export type ConversationStore = {
  /** Read on every update of every chat. */
  read(key: string): Promise<StoredConversation | undefined>;
  /** Writes the plugin's state; `dialogue` replaces the stored position when given, else the stored one stays. */
  write(key: string, value: unknown, dialogue?: string): Promise<void>;
  delete(key: string): Promise<void>;
};

/** The row key of chat `chatId`'s conversation ("c" and the chat id). */
export function conversationKey(chatId: number): string {
  return `c${chatId}`;
}

/**
 * Whether chat `chatId` is in a dialogue now: a conversation is stored for it
 * (written at the end of each update a dialogue handles, deleted when it ends).
 * Read from the database, uncached (the store's cache is its own). For the Zalo
 * adapter (messengers/zalo/bot-api.ts, inDialogue).
 */
export async function inDialogue(db: Db, chatId: number): Promise<boolean> {
  return (await sqlOf(db)).get(`SELECT 1 FROM "ConversationState" WHERE "key" = ?`, conversationKey(chatId)) !== undefined;
}

export function conversationStore(db: Db, clock: Clock): ConversationStore {
  // Chats known to have no conversation: most updates come from them, and only
  // this process writes conversation state (Telegram lets one process poll), so
  // absence can be remembered safely. Others may only delete (the idle-draft
  // job), which cannot make a remembered absence wrong.
  const absent = new Set<string>();
  return {
    // Read on every update of every chat: direct SQL keeps it to one cheap statement.
    async read(key) {
      if (absent.has(key)) return undefined;
      const row = (await sqlOf(db)).get<{ value: unknown; dialogue: string | null }>(`SELECT "value", "dialogue" FROM "ConversationState" WHERE "key" = ?`, key);
      if (!row) {
        if (absent.size > 100_000) absent.clear();
        absent.add(key);
        return undefined;
      }
      return { value: storedJsonText(pluginStateSchema, row.value, { table: "ConversationState", column: "value", row: key }), dialogue: row.dialogue };
    },
    async write(key, state, dialogue) {
      absent.delete(key);
      const value = JSON.stringify(state);
      const at = sqlDate(clock.now());
      await writeSql(db, (sql) =>
        dialogue === undefined
          ? sql.run(
              `INSERT INTO "ConversationState" ("key", "value", "updatedAt") VALUES (?, ?, ?)
               ON CONFLICT ("key") DO UPDATE SET "value" = excluded."value", "updatedAt" = excluded."updatedAt"`,
              key, value, at,
            )
          : sql.run(
              `INSERT INTO "ConversationState" ("key", "value", "dialogue", "updatedAt") VALUES (?, ?, ?, ?)
               ON CONFLICT ("key") DO UPDATE SET "value" = excluded."value", "dialogue" = excluded."dialogue", "updatedAt" = excluded."updatedAt"`,
              key, value, dialogue, at,
            ),
      );
    },
    async delete(key) {
      await writeSql(db, (sql) => sql.run(`DELETE FROM "ConversationState" WHERE "key" = ?`, key));
      absent.add(key);
    },
  };
}
