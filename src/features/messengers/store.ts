// Link codes (LinkCode) and the join they make: a second messenger's account given to
// a person (MessengerAccount), in one transaction whose conditions live in the
// database (the code's claim is conditional; an account is unique per messenger and
// chat, and per person and messenger).
import { createHash } from "node:crypto";
import type { Db } from "../../shared/db/client.js";
import { isNotFound, isUniqueViolation } from "../../shared/db/client.js";
import { externalIdOf } from "../../shared/db/people.js";
import type { Messenger } from "../../shared/messaging/messengers.js";

/** SHA-256 of a code in canonical form (src/shared/text/typed-code.ts): all that is kept of it. */
export function hashLinkCode(code: string): string {
  return createHash("sha256").update(`link:${code}`).digest("hex");
}

/**
 * Stores a new link code of `personId` and ends their earlier ones still standing
 * (their expiry moved to now), one transaction. False when the code's hash is taken
 * (the caller draws another), nothing written.
 */
export async function createLinkCode(db: Db, input: { code: string; personId: number; fromMessenger: Messenger; at: Date; expiresAt: Date }): Promise<boolean> {
  try {
    await db.$transaction([
      db.linkCode.updateMany({ where: { personId: input.personId, usedAt: null, expiresAt: { gt: input.at } }, data: { expiresAt: input.at } }),
      db.linkCode.create({ data: { codeHash: hashLinkCode(input.code), personId: input.personId, fromMessenger: input.fromMessenger, createdAt: input.at, expiresAt: input.expiresAt } }),
    ]);
    return true;
  } catch (e) {
    if (isUniqueViolation(e)) return false;
    throw e;
  }
}

/** A link code as redemption reads it, with its person's accounts. */
export type StoredLinkCode = {
  id: number;
  personId: number;
  fromMessenger: Messenger;
  expiresAt: Date;
  usedAt: Date | null;
  /** The person's language (Person.locale), null when not chosen. */
  locale: string | null;
  accounts: { messenger: Messenger; chatId: number }[];
};

export async function findLinkCode(db: Db, code: string): Promise<StoredLinkCode | null> {
  const row = await db.linkCode.findUnique({ where: { codeHash: hashLinkCode(code) }, include: { person: { select: { locale: true, accounts: { select: { messenger: true, chatId: true } } } } } });
  if (!row) return null;
  return {
    id: row.id, personId: row.personId, fromMessenger: row.fromMessenger, expiresAt: row.expiresAt, usedAt: row.usedAt, locale: row.person.locale,
    accounts: row.person.accounts.map((a) => ({ messenger: a.messenger, chatId: Number(a.chatId) })),
  };
}

/** The person an account (messenger, chat-layer id) belongs to, whether they hold an active role, and the id they were first known by (Person.telegramId). */
export async function accountOwner(db: Db, messenger: Messenger, chatId: number): Promise<{ accountId: number; personId: number; holdsRole: boolean; firstKnownAs: number } | null> {
  const row = await db.messengerAccount.findUnique({
    where: { messenger_chatId: { messenger, chatId: BigInt(chatId) } },
    select: { id: true, personId: true, person: { select: { telegramId: true, roles: { where: { revokedAt: null }, select: { id: true }, take: 1 } } } },
  });
  return row && { accountId: row.id, personId: row.personId, holdsRole: row.person.roles.length > 0, firstKnownAs: Number(row.person.telegramId) };
}

export type JoinOutcome = "joined" | "gone" | "taken" | "conflict";

/**
 * Joins the account (`messenger`, `chatId`) to the link code's person, in one
 * transaction: the code claimed (unused and unexpired at `at`, else nothing
 * changes: "gone"); the account created, or, when it belongs to a person without an
 * active role (`strangerAccountId`), moved to the code's person (the condition
 * checked in the same statement: a role granted meanwhile makes it "taken"); the
 * person reachable again; an AuditEvent "person.link". "conflict": the database's
 * uniqueness refused it (the person got an account there meanwhile, or the account
 * was made meanwhile).
 */
export async function joinAccount(
  db: Db,
  input: { linkCodeId: number; personId: number; fromMessenger: Messenger; messenger: Messenger; chatId: number; strangerAccount: { accountId: number; personId: number } | null; at: Date },
): Promise<JoinOutcome> {
  const { linkCodeId, personId, messenger, chatId, strangerAccount, at } = input;
  const externalId = strangerAccount ? null : await externalIdOf(db, chatId);
  try {
    await db.$transaction([
      db.linkCode.update({ where: { id: linkCodeId, usedAt: null, expiresAt: { gt: at } }, data: { usedAt: at, usedByChatId: BigInt(chatId) } }),
      strangerAccount
        ? db.messengerAccount.update({
          where: { id: strangerAccount.accountId, personId: strangerAccount.personId, person: { roles: { none: { revokedAt: null } } } },
          data: { personId, reachable: true },
        })
        : db.messengerAccount.create({ data: { personId, messenger, chatId: BigInt(chatId), externalId: externalId!, reachable: true } }),
      // A Telegram account joined: the person's command menu is set there anew (features/access: syncMenus).
      db.person.update({ where: { id: personId }, data: { reachable: true, unreachableAt: null, unreachableReason: null, ...(messenger === "telegram" ? { menuKey: null } : {}) } }),
      db.auditEvent.create({
        data: { personId, action: "person.link", at, detail: { messenger, from: input.fromMessenger, linkCodeId, ...(strangerAccount ? { mergedPersonId: strangerAccount.personId } : {}) } },
      }),
    ]);
    return "joined";
  } catch (e) {
    if (isUniqueViolation(e)) return "conflict";
    if (!isNotFound(e)) throw e;
    const code = await db.linkCode.findUnique({ where: { id: linkCodeId } });
    return !code || code.usedAt || code.expiresAt.getTime() <= at.getTime() ? "gone" : "taken";
  }
}
