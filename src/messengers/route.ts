// The outbound port (src/shared/messaging/outbound.ts) over every messenger the
// bot serves: a message to a person goes to their preferred messenger first
// (Person.preferredMessenger, the one they joined on, changed by /messenger), and
// to their other one, if they are reached there too, when the first says
// "unreachable" (issue 16 item 4). One outcome per send, as the port promises, so
// the ledgers built on it (reminders, vote reminders) still send at most once per
// person and catch up as before:
//  - `sent` as soon as one messenger took it;
//  - `failed` when a messenger failed otherwise (the other is not tried: the
//    message may have arrived, and a failure is the ledger's to retry);
//  - `unreachable` when no messenger of theirs could reach them (or they have
//    none the bot serves now).
// An account already known to be unreachable is skipped without a call (unless
// `evenIfUnreachable`: then every account is tried, the preferred first). The
// group's posts go to `group` (the group's outbox, on Telegram).
import type { Db } from "../shared/db/client.js";
import { accountsOf } from "../shared/db/people.js";
import type { Logger } from "../shared/log/logger.js";
import type { Messenger } from "../shared/messaging/messengers.js";
import { checkChoices, type Outbound, type SendOutcome } from "../shared/messaging/outbound.js";

export type Messengers = Partial<Record<Messenger, Outbound>>;

/**
 * The routed port. `messengers`: the port of each messenger the bot serves now
 * (a person's account on another is skipped); `group`: where `{ group }`
 * recipients go.
 */
export function routeOutbound(deps: { db: Db; logger: Logger }, messengers: Messengers, group: Outbound): Outbound {
  return {
    async send(to, message): Promise<SendOutcome> {
      checkChoices(message.choices);
      if ("group" in to) return group.send(to, message);
      let accounts: Awaited<ReturnType<typeof accountsOf>>["accounts"];
      try {
        accounts = (await accountsOf(deps.db, to.person)).accounts;
      } catch (err) {
        deps.logger.error({ err, personId: to.person }, "send: the person's messengers could not be read");
        return "failed";
      }
      if (accounts.length === 0) {
        deps.logger.error({ personId: to.person }, "send: no such person, or no messenger account");
        return "failed";
      }
      for (const account of accounts) {
        const port = messengers[account.messenger];
        if (!port || (!account.reachable && !to.evenIfUnreachable)) continue;
        const outcome = await port.send(to, message);
        if (outcome !== "unreachable") return outcome;
      }
      return "unreachable";
    },
  };
}
