// The messenger's side of the chats that are not reached through a person: the
// bloc's group (its posts, the live message of a ballot, a summary's chart) and the
// configuration's admins who have no Person row yet (ADMIN_IDS, known only by their
// messenger id). The group's outbox (features/group/use-cases.ts) decides what is
// posted, when and how often; this port only carries one call. Telegram implements
// it in src/messengers/telegram/chats.ts; a messenger without a group or without
// edits (Zalo, issue 16) answers `edit` with "unsupported" and the outbox's callers
// post anew where they must.
import type { OutboundMessage } from "./outbound.js";

/** Where a message landed: what a later edit names. */
export type LandedMessage = { chatId: number; messageId: number };

/**
 * A call the messenger refused or could not make. `code` is the messenger's error
 * code as the group's rules read it (src/shared/messaging/group-posts.ts,
 * classifyFailure: Telegram's error_code), null for a network failure or a timeout;
 * `description` has any secret masked.
 */
export class ChatCallError extends Error {
  constructor(readonly code: number | null, readonly description: string) {
    super(description);
    this.name = "ChatCallError";
  }
}

/**
 * A message too long for one of the messenger's messages goes out in parts. For a
 * send that may be tried again (the group's outbox), the caller says how many parts
 * of this very text landed before (`skip`: they are not sent again) and hears of
 * each part that lands but the last (`landed(parts)`, parts counted from the first),
 * so that a retry after a part was refused repeats none of those before it.
 */
export type PartsProgress = { skip: number; landed(parts: number): Promise<void> };

export interface Chats {
  /**
   * Sends `message` to chat `chatId`; throws ChatCallError. Long texts are split by
   * the adapter (the choices on the last part); `landed` is the last part. With
   * `progress`, the parts before `progress.skip` are not sent (see PartsProgress).
   */
  send(chatId: number, message: OutboundMessage, progress?: PartsProgress): Promise<LandedMessage>;
  /**
   * Replaces the text and choices of a message sent before; "unsupported" where the
   * messenger has no edits. Throws ChatCallError (an unchanged text is a success).
   */
  edit(at: LandedMessage, message: OutboundMessage): Promise<"edited" | "unsupported">;
  /** Sends a PNG picture with a caption (plain text); throws ChatCallError. */
  sendPicture(chatId: number, picture: { png: Uint8Array; fileName: string; caption: string }): Promise<LandedMessage>;
}

/** Chats that refuse every call: what Deps holds until the composition (src/app.ts) wires the messengers. */
export const UNWIRED_CHATS: Chats = {
  send: () => Promise.reject(new Error("the chats port is not wired yet (src/app.ts wires it after building the bot)")),
  edit: () => Promise.reject(new Error("the chats port is not wired yet (src/app.ts wires it after building the bot)")),
  sendPicture: () => Promise.reject(new Error("the chats port is not wired yet (src/app.ts wires it after building the bot)")),
};
