// Which messengers a person is reached on, and their preferred one (issue 16 item 2):
// what /whoami says and /messenger changes. Messenger-neutral: plain values in and out.
import type { Deps } from "../../shared/deps.js";
import { accountsOf, audit, setPreferredMessenger } from "../../shared/db/people.js";
import { messengerOfChatId, type Messenger, type ReachedOn } from "../../shared/messaging/messengers.js";

/**
 * The messengers a person is reached on, the preferred one first (where reminders
 * and notices go first: src/messengers/route.ts). `personId` null (a stranger
 * without a row) or a person without accounts: the messenger of `chatId`, the
 * chat-layer id they write from.
 */
export async function reachedOn(deps: Pick<Deps, "db">, personId: number | null, chatId: number): Promise<ReachedOn> {
  const here = messengerOfChatId(chatId);
  if (personId === null) return { preferred: here, messengers: [here] };
  const { preferred, accounts } = await accountsOf(deps.db, personId);
  return accounts.length ? { preferred, messengers: accounts.map((a) => a.messenger) } : { preferred: here, messengers: [here] };
}

/**
 * Makes `messenger` the person's preferred one, audited.
 * `not-linked`: they have no account there (they must write to the bot on it first).
 */
export async function choosePreferredMessenger(deps: Pick<Deps, "db" | "clock" | "logger">, personId: number, messenger: Messenger): Promise<"set" | "not-linked"> {
  if (!(await setPreferredMessenger(deps.db, personId, messenger))) return "not-linked";
  await audit(deps.db, personId, "person.preferred_messenger", { messenger }, deps.clock.now());
  deps.logger.info({ personId, messenger }, "preferred messenger set");
  return "set";
}
