// A dialogue's own work (chat/conversations/dialogue.ts): what it does outside the
// conversation's replay, once, its result kept in the replay log.
import type { Conversation } from "@grammyjs/conversations";
import type { BotContext, ConvContext } from "../context.js";

/** The errors thrown by a dialogue's own work (work()) as it ran: never taken for a replay that failed. */
const workErrors = new WeakSet<object>();

/** Whether `err` was thrown by a dialogue's own work (work()) as it ran in this process. */
export function isWorkError(err: unknown): boolean {
  return typeof err === "object" && err !== null && workErrors.has(err);
}

/**
 * The dialogue's own work (a use case, a read of the database or the clock, a
 * send): `task` runs once, in conversation.external, with the outside context,
 * and a replay takes its result from the log. Every external call of a dialogue
 * goes through here (scripts/check-deps.mjs checks it). When the task throws, the
 * task's own error is thrown (external() hands back a structured clone, which
 * loses the error's class), marked as the dialogue's work: conversation() lets it
 * reach the error handler once instead of entering the dialogue again, which would
 * do the work a second time. A value that is not an object is thrown as an Error
 * (its `cause`).
 */
export async function work<T>(conversation: Conversation<BotContext, ConvContext>, task: (octx: BotContext) => T | Promise<T>): Promise<T> {
  let failure: { err: object } | null = null as { err: object } | null;
  try {
    return await conversation.external(async (octx) => {
      try {
        return await task(octx);
      } catch (err) {
        failure = { err: typeof err === "object" && err !== null ? err : new Error(`a dialogue's work threw ${String(err)}`, { cause: err }) };
        throw failure.err;
      }
    });
  } catch (err) {
    if (!failure) throw err; // replayed from the log: not this update's work
    workErrors.add(failure.err);
    throw failure.err;
  }
}
