// People (the users the bot knows, on Telegram, on Zalo or on both) and the roles they hold.
// A person is held apart from any one messenger: their accounts (MessengerAccount)
// carry the chat-layer id each messenger's updates come with
// (src/shared/messaging/messengers.ts); Person.telegramId keeps the chat id of the
// account they were first known by, for older readers.
import type { Db } from "./client.js";
import type { Prisma } from "../../generated/prisma/client.js";
import { messengerOfChatId, ZALO_CHAT_ID_BASE, type Messenger } from "../messaging/messengers.js";
import { sqlDate, sqlIfOpen, sqlOf, writeSql, type Sql } from "./sql.js";
import { ROLE_NAMES, type RoleName } from "../bloc/roles.js";
import { BoardStatus, Messenger as MessengerNames, RoleName as RoleNames } from "../../generated/prisma/enums.js";
import { storedEnum } from "./stored.js";

// The role names are listed twice: ROLE_NAMES (shared/bloc/roles.ts, what the
// rules know) and the schema's RoleName enum (the column's values). This fails
// to compile when the two lists differ.
type SameUnion<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const roleListsAgree: SameUnion<(typeof ROLE_NAMES)[number], RoleNames> = true;
void roleListsAgree;

export type Person = {
  id: number;
  telegramId: number;
  firstName: string;
  lastName: string | null;
  username: string | null;
  locale: string | null;
  reachable: boolean;
  /** The person's last message to the bot in private, to the day (strangers are pruned by it: shared/db/retention-rules.ts). */
  lastSeenAt?: Date;
};

export type RoleGrant = { role: RoleName; boardId: number | null; boardCode: string | null; boardName: string | null; boardStatus: BoardStatus | null };

export type PersonWithRoles = Person & {
  roles: RoleGrant[];
  /** The account the person was found by (findPerson): its messenger and whether that messenger can reach them. */
  account?: { messenger: Messenger; reachable: boolean };
};

function toPerson(row: { id: number; telegramId: bigint; firstName: string; lastName: string | null; username: string | null; locale: string | null; reachable: boolean; lastSeenAt?: Date }): Person {
  return {
    id: row.id, telegramId: Number(row.telegramId), firstName: row.firstName, lastName: row.lastName, username: row.username, locale: row.locale, reachable: row.reachable,
    ...(row.lastSeenAt ? { lastSeenAt: row.lastSeenAt } : {}),
  };
}

/**
 * Looked up on every update, by the chat-layer id of the sender on either
 * messenger (a grammY update's from.id: Telegram's id, or the Zalo adapter's
 * number from 2^52): one direct statement on the adapter's connection (account,
 * person and active roles; the account's unique index), ~15 µs against ~4 ms
 * through a nested Prisma include (issue 15). Null for someone the bot has never
 * heard from.
 */
export async function findPerson(db: Db, chatId: number): Promise<PersonWithRoles | null> {
  return readPerson(await sqlOf(db), chatId);
}

/**
 * Whether the person with this chat-layer id (either messenger) holds a role now
 * (not revoked; any board, retired ones included, as grantsOf counts them), read
 * without an await: one indexed statement. Null when it cannot be told at once
 * (the connection is not open yet).
 */
export function holdsRoleNow(db: Db, chatId: number): boolean | null {
  const sql = sqlIfOpen(db);
  if (!sql) return null;
  return sql.get(
    `SELECT 1 FROM "MessengerAccount" a JOIN "Role" r ON r."personId" = a."personId" AND r."revokedAt" IS NULL WHERE a."messenger" = ? AND a."chatId" = ? LIMIT 1`,
    messengerOfChatId(chatId), chatId,
  ) !== undefined;
}

/**
 * The language the person with this chat-layer id (either messenger) chose
 * (Person.locale: "vi" | "en" as stored), read without an await: one indexed
 * statement through the account's unique index. Null when they chose none, the
 * bot does not know them, or the connection is not open yet. For texts written
 * outside a handler's context, such as the Zalo adapter's own lines (Zalo tells
 * no one's language: src/messengers/zalo/bot-api.ts).
 */
export function localeOfChatNow(db: Db, chatId: number): string | null {
  const sql = sqlIfOpen(db);
  if (!sql) return null;
  const row = sql.get<{ locale: string | null }>(
    `SELECT p."locale" AS locale FROM "MessengerAccount" a JOIN "Person" p ON p."id" = a."personId" WHERE a."messenger" = ? AND a."chatId" = ? LIMIT 1`,
    messengerOfChatId(chatId), chatId,
  );
  return row?.locale ?? null;
}

function readPerson(sql: Sql, chatId: number): PersonWithRoles | null {
  const messenger = messengerOfChatId(chatId);
  const rows = sql.all<{
    id: number; telegramId: number; firstName: string; lastName: string | null; username: string | null; locale: string | null; reachable: number; lastSeenAt: string;
    accountReachable: number;
    role: unknown; boardId: number | null; code: string | null; shortName: string | null; status: unknown;
  }>(`
    SELECT p."id", p."telegramId", p."firstName", p."lastName", p."username", p."locale", p."reachable", p."lastSeenAt",
           a."reachable" AS accountReachable,
           r."role", r."boardId", b."code", b."shortName", b."status"
    FROM "MessengerAccount" a
    JOIN "Person" p ON p."id" = a."personId"
    LEFT JOIN "Role" r ON r."personId" = p."id" AND r."revokedAt" IS NULL
    LEFT JOIN "Board" b ON b."id" = r."boardId"
    WHERE a."messenger" = ? AND a."chatId" = ?
    ORDER BY r."id"`, messenger, chatId);
  const first = rows[0];
  if (!first) return null;
  // Frozen: a handler cannot change the person the rest of the update sees.
  return Object.freeze({
    id: first.id, telegramId: first.telegramId, firstName: first.firstName, lastName: first.lastName, username: first.username,
    locale: first.locale, reachable: Boolean(first.reachable), lastSeenAt: new Date(first.lastSeenAt),
    account: Object.freeze({ messenger, reachable: Boolean(first.accountReachable) }),
    roles: Object.freeze(rows.flatMap((r): RoleGrant[] => r.role === null ? [] : [Object.freeze({
      role: storedEnum(RoleNames, r.role, { table: "Role", column: "role", row: `person ${first.id}` }), boardId: r.boardId, boardCode: r.code, boardName: r.shortName,
      boardStatus: r.status === null ? null : storedEnum(BoardStatus, r.status, { table: "Board", column: "status", row: r.boardId ?? "?" }),
    })])) as RoleGrant[],
  });
}

/** lastSeenAt is written at most this often per person. */
const SEEN_EVERY_MS = 86_400_000;

/**
 * Records a user the bot has heard from (`user.id`: the chat-layer id, either
 * messenger), refreshing the name only when it changed, and the day of their
 * last message (lastSeenAt) once a day, without waiting for that write: the
 * answer need not wait for it, were another process holding the database's lock
 * (shared/db/busy.ts); a failed refresh is tried again at the next message.
 * A new person gets their account on the messenger they wrote on, which becomes
 * their preferred one; writing on a messenger makes the person reachable there.
 */
export async function touchPerson(
  db: Db,
  user: { id: number; first_name: string; last_name?: string; username?: string },
  known: (Person & Pick<PersonWithRoles, "account">) | null,
  now: Date,
): Promise<Person> {
  const data = { firstName: user.first_name.slice(0, 200), lastName: user.last_name?.slice(0, 200) ?? null, username: user.username ?? null };
  const messenger = messengerOfChatId(user.id);
  if (known && known.firstName === data.firstName && known.lastName === data.lastName && known.username === data.username && known.reachable && known.account?.reachable !== false) {
    if (!known.lastSeenAt || now.getTime() - known.lastSeenAt.getTime() >= SEEN_EVERY_MS || now.getTime() < known.lastSeenAt.getTime()) {
      void writeSql(db, (sql) => sql.run(`UPDATE "Person" SET "lastSeenAt" = ? WHERE "id" = ?`, sqlDate(now), known.id)).catch(() => undefined);
    }
    return known;
  }
  // Writing to us in private means the bot can reach this person again, on this messenger.
  const again = { ...data, lastSeenAt: now, reachable: true, unreachableAt: null, unreachableReason: null };
  if (known) {
    const [row] = await db.$transaction([
      db.person.update({ where: { id: known.id }, data: again }),
      db.messengerAccount.updateMany({ where: { personId: known.id, messenger, chatId: BigInt(user.id) }, data: { reachable: true } }),
    ]);
    return toPerson(row);
  }
  const externalId = await externalIdOf(db, user.id);
  const [row] = await db.$transaction([
    db.person.upsert({
      where: { telegramId: BigInt(user.id) },
      create: { telegramId: BigInt(user.id), ...data, lastSeenAt: now, preferredMessenger: messenger },
      update: again,
    }),
    db.messengerAccount.upsert({
      where: { messenger_chatId: { messenger, chatId: BigInt(user.id) } },
      create: { person: { connect: { telegramId: BigInt(user.id) } }, messenger, chatId: BigInt(user.id), externalId },
      update: { reachable: true },
    }),
  ]);
  return toPerson(row);
}

/**
 * The messenger's own id of a chat-layer id: Telegram's id in digits; for Zalo,
 * the Zalo id the adapter numbered (ZaloChat, src/messengers/zalo/ids.ts: the
 * adapter has made the row before the update reached the bot).
 */
export async function externalIdOf(db: Db, chatId: number): Promise<string> {
  if (messengerOfChatId(chatId) === "telegram") return String(chatId);
  const row = (await sqlOf(db)).get<{ zaloId: string }>(`SELECT "zaloId" FROM "ZaloChat" WHERE "id" = ?`, chatId - ZALO_CHAT_ID_BASE);
  if (!row) throw new Error(`no Zalo chat numbered ${chatId}`);
  return row.zaloId;
}

/**
 * The messengers a person is reached on, the preferred one first; `reachable` as
 * the messenger last told. A person row with no account (written directly) is
 * reached through the account its telegramId names; an unknown id has none.
 * One direct statement (person and accounts; MessengerAccount's personId index),
 * ~15 µs against ~1 ms through a nested Prisma select: /whoami asks it on every
 * call, and the route (src/messengers/route.ts) for every message to a person.
 */
export async function accountsOf(db: Db, personId: number): Promise<{ preferred: Messenger; accounts: { messenger: Messenger; chatId: number; reachable: boolean }[] }> {
  const rows = (await sqlOf(db)).all<{ telegramId: number; reachable: number; preferredMessenger: unknown; messenger: unknown; chatId: number | null; accountReachable: number | null }>(`
    SELECT p."telegramId", p."reachable", p."preferredMessenger", a."messenger", a."chatId", a."reachable" AS accountReachable
    FROM "Person" p
    LEFT JOIN "MessengerAccount" a ON a."personId" = p."id"
    WHERE p."id" = ?
    ORDER BY a."id"`, personId);
  const person = rows[0];
  const at = (column: string) => ({ table: column === "preferredMessenger" ? "Person" : "MessengerAccount", column, row: `person ${personId}` });
  const accounts = rows.flatMap((a) => a.messenger === null ? [] : [{ messenger: storedEnum(MessengerNames, a.messenger, at("messenger")), chatId: Number(a.chatId), reachable: Boolean(a.accountReachable) }]);
  // A row without accounts (written directly, by a script or a test): the account its telegramId names.
  if (person && accounts.length === 0) accounts.push({ messenger: messengerOfChatId(Number(person.telegramId)), chatId: Number(person.telegramId), reachable: Boolean(person.reachable) });
  const preferred = (person?.preferredMessenger == null ? null : storedEnum(MessengerNames, person.preferredMessenger, at("preferredMessenger"))) ?? accounts[0]?.messenger ?? "telegram";
  accounts.sort((a, b) => Number(b.messenger === preferred) - Number(a.messenger === preferred));
  return { preferred, accounts };
}

/** Makes `messenger` the person's preferred one; false when they have no account there. */
export async function setPreferredMessenger(db: Db, personId: number, messenger: Messenger): Promise<boolean> {
  const has = await db.messengerAccount.count({ where: { personId, messenger } });
  if (!has) return false;
  await db.person.update({ where: { id: personId }, data: { preferredMessenger: messenger } });
  return true;
}

export async function setLocale(db: Db, personId: number, locale: string): Promise<void> {
  await db.person.update({ where: { id: personId }, data: { locale } });
}

export function roleKey(personId: number, role: RoleName, boardId: number | null): string {
  return `${personId}:${role}:${boardId ?? "*"}`;
}

/** The write that grants a role (again, if it had ended), not yet run: for a batch transaction (features/access/store/invites.ts). */
export function grantRoleOps(db: Db, personId: number, role: RoleName, boardId: number | null, grantedById: number | null, at: Date) {
  const key = roleKey(personId, role, boardId);
  return db.role.upsert({
    where: { key },
    create: { key, personId, role, boardId, grantedById, grantedAt: at },
    update: { revokedAt: null, grantedById, grantedAt: at },
  });
}

/** People holding a role for a board (active grants only). */
export async function peopleWithRole(db: Db, boardId: number, role: RoleName): Promise<Person[]> {
  const rows = await db.role.findMany({ where: { boardId, role, revokedAt: null }, include: { person: true }, orderBy: { id: "asc" } });
  return rows.map((r) => toPerson(r.person));
}

/**
 * Records that `messenger` (default Telegram, where every older caller sends)
 * cannot reach the person (blocked, never opened the chat). The person is
 * unreachable (Person.reachable false, with when and why) once no messenger of
 * theirs can reach them; one write transaction.
 */
export async function markUnreachable(db: Db, personId: number, reason: string, at: Date, messenger: Messenger = "telegram"): Promise<void> {
  await db.$transaction([
    db.messengerAccount.updateMany({ where: { personId, messenger }, data: { reachable: false } }),
    // The person's row, after the account's: counted in the same transaction.
    db.person.updateMany({ where: { id: personId, accounts: { none: { reachable: true } } }, data: { reachable: false, unreachableAt: at, unreachableReason: reason.slice(0, 200) } }),
  ]);
}

/** A person the bot cannot write to (Person.reachable false), with the grants they still hold. */
export type UnreachablePerson = {
  id: number;
  firstName: string;
  lastName: string | null;
  username: string | null;
  unreachableReason: string | null;
  /** Active grants, in the order they were given; boardName is the board's short name, null for bloc roles. */
  grants: { role: RoleName; boardName: string | null }[];
};

/** Everyone marked unreachable, by person id, with their active grants: one query, whatever their number. */
export async function listUnreachable(db: Db): Promise<UnreachablePerson[]> {
  const rows = await db.$queryRaw<{ id: number | bigint; firstName: string; lastName: string | null; username: string | null; reason: string | null; role: RoleName | null; boardName: string | null }[]>`
    SELECT p."id", p."firstName", p."lastName", p."username", p."unreachableReason" AS "reason", r."role", b."shortName" AS "boardName"
    FROM "Person" p
    LEFT JOIN "Role" r ON r."personId" = p."id" AND r."revokedAt" IS NULL
    LEFT JOIN "Board" b ON b."id" = r."boardId"
    WHERE p."reachable" = 0
    ORDER BY p."id", r."id"`;
  const people = new Map<number, UnreachablePerson>();
  for (const row of rows) {
    const id = Number(row.id);
    let p = people.get(id);
    if (!p) people.set(id, (p = { id, firstName: row.firstName, lastName: row.lastName, username: row.username, unreachableReason: row.reason, grants: [] }));
    if (row.role !== null) p.grants.push({ role: row.role, boardName: row.boardName });
  }
  return [...people.values()];
}

/** Records an admin's or secretary's action (AuditEvent): `detail` is a JSON object saying what it concerned (AuditEvent.detail). */
export async function audit(db: Db, personId: number | null, action: string, detail: Prisma.InputJsonObject, at: Date): Promise<void> {
  await db.auditEvent.create({ data: { personId, action, detail, at } });
}
