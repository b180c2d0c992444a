// Storage for @grammyjs/conversations in the ConversationState table, so a
// conversation in progress survives a restart of the bot.
import type { VersionedStateStorage } from "@grammyjs/conversations";
import type { Db } from "./client.js";
import type { Clock } from "../clock.js";
import { sqlDate, sqlOf, writeSql } from "./sql.js";

export function conversationStorage<S>(db: Db, clock: Clock): VersionedStateStorage<string, S> {
  // Chats known to have no conversation: most updates come from them, and only
  // this process writes conversation state (Telegram lets one process poll), so
  // absence can be remembered safely. Others may only delete (the idle-draft
  // job), which cannot make a remembered absence wrong.
  const absent = new Set<string>();
  return {
    // Read on every update of every chat: direct SQL keeps it to one cheap statement.
    async read(key) {
      if (absent.has(key)) return undefined;
      const row = (await sqlOf(db)).get<{ value: string }>(`SELECT "value" FROM "ConversationState" WHERE "key" = ?`, key);
      if (!row) {
        if (absent.size > 100_000) absent.clear();
        absent.add(key);
        return undefined;
      }
      return JSON.parse(row.value);
    },
    async write(key, state) {
      absent.delete(key);
      const value = JSON.stringify(state);
      await writeSql(db, (sql) => sql.run(
        `INSERT INTO "ConversationState" ("key", "value", "updatedAt") VALUES (?, ?, ?)
         ON CONFLICT ("key") DO UPDATE SET "value" = excluded."value", "updatedAt" = excluded."updatedAt"`,
        key, value, sqlDate(clock.now()),
      ));
    },
    async delete(key) {
      await writeSql(db, (sql) => sql.run(`DELETE FROM "ConversationState" WHERE "key" = ?`, key));
      absent.add(key);
    },
  };
}
