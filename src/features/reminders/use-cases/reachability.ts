// A person who blocked the bot in their private chat: recorded at once, so that no
// send is spent on them until they write again (shared/db/people.ts touchPerson).
import type { Deps } from "../../../shared/deps.js";
import { markUnreachable } from "../../../shared/db/people.js";

/** The reason recorded for a block: Telegram's own words for the 403 a send would get. */
export const BLOCKED_REASON = "Forbidden: bot was blocked by the user";

/** Marks a person unreachable because they blocked the bot (Person.reachable false, with when and why). */
export async function personBlockedBot(deps: Deps, personId: number, now: Date): Promise<void> {
  await markUnreachable(deps.db, personId, BLOCKED_REASON, now);
}
