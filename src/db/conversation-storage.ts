// Storage for @grammyjs/conversations in the ConversationState table, so a
// conversation in progress survives a restart of the bot.
import type { VersionedStateStorage } from "@grammyjs/conversations";
import type { Db } from "./client.js";
import type { Clock } from "../clock.js";

export function conversationStorage<S>(db: Db, clock: Clock): VersionedStateStorage<string, S> {
  // Chats known to have no conversation: most updates come from them, and only
  // this process writes conversation state (Telegram lets one process poll), so
  // absence can be remembered safely. Others may only delete (the idle-draft
  // job), which cannot make a remembered absence wrong.
  const absent = new Set<string>();
  return {
    // Read on every update of every chat: raw SQL keeps it to one cheap statement.
    async read(key) {
      if (absent.has(key)) return undefined;
      const rows = await db.$queryRaw<{ value: string }[]>`SELECT "value" FROM "ConversationState" WHERE "key" = ${key}`;
      if (!rows[0]) {
        if (absent.size > 100_000) absent.clear();
        absent.add(key);
        return undefined;
      }
      return JSON.parse(rows[0].value);
    },
    async write(key, state) {
      absent.delete(key);
      const value = JSON.stringify(state);
      const updatedAt = clock.now();
      await db.$executeRaw`INSERT INTO "ConversationState" ("key", "value", "updatedAt") VALUES (${key}, ${value}, ${updatedAt})
        ON CONFLICT ("key") DO UPDATE SET "value" = excluded."value", "updatedAt" = excluded."updatedAt"`;
    },
    async delete(key) {
      await db.$executeRaw`DELETE FROM "ConversationState" WHERE "key" = ${key}`;
      absent.add(key);
    },
  };
}
