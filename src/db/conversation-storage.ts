// Storage for @grammyjs/conversations in the ConversationState table, so a
// conversation in progress survives a restart of the bot.
import type { VersionedStateStorage } from "@grammyjs/conversations";
import type { Db } from "./client.js";
import type { Clock } from "../clock.js";

export function conversationStorage<S>(db: Db, clock: Clock): VersionedStateStorage<string, S> {
  return {
    async read(key) {
      const row = await db.conversationState.findUnique({ where: { key } });
      return row ? JSON.parse(row.value) : undefined;
    },
    async write(key, state) {
      const value = JSON.stringify(state);
      const updatedAt = clock.now();
      await db.conversationState.upsert({ where: { key }, create: { key, value, updatedAt }, update: { value, updatedAt } });
    },
    async delete(key) {
      await db.conversationState.deleteMany({ where: { key } });
    },
  };
}
