// People (Telegram users the bot knows) and the roles they hold.
import type { Db } from "./client.js";
import type { Prisma } from "../../generated/prisma/client.js";
import { sqlDate, sqlIfOpen, sqlOf, writeSql, type Sql } from "./sql.js";
import { ROLE_NAMES, type RoleName } from "../bloc/roles.js";
import { BoardStatus, RoleName as RoleNames } from "../../generated/prisma/enums.js";
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

export type PersonWithRoles = Person & { roles: RoleGrant[] };

function toPerson(row: { id: number; telegramId: bigint; firstName: string; lastName: string | null; username: string | null; locale: string | null; reachable: boolean; lastSeenAt?: Date }): Person {
  return {
    id: row.id, telegramId: Number(row.telegramId), firstName: row.firstName, lastName: row.lastName, username: row.username, locale: row.locale, reachable: row.reachable,
    ...(row.lastSeenAt ? { lastSeenAt: row.lastSeenAt } : {}),
  };
}

/**
 * Looked up on every update: one direct statement on the adapter's connection
 * (person and active roles), ~15 µs against ~4 ms through a nested Prisma
 * include (issue 15). Null for someone the bot has never heard from.
 */
export async function findPerson(db: Db, telegramId: number): Promise<PersonWithRoles | null> {
  return readPerson(await sqlOf(db), telegramId);
}

/**
 * Whether the person with this Telegram id holds a role now (not revoked; any
 * board, retired ones included, as grantsOf counts them), read without an await:
 * one indexed statement. Null when it cannot be told at once (the connection is
 * not open yet).
 */
export function holdsRoleNow(db: Db, telegramId: number): boolean | null {
  const sql = sqlIfOpen(db);
  if (!sql) return null;
  return sql.get(`SELECT 1 FROM "Person" p JOIN "Role" r ON r."personId" = p."id" AND r."revokedAt" IS NULL WHERE p."telegramId" = ? LIMIT 1`, telegramId) !== undefined;
}

function readPerson(sql: Sql, telegramId: number): PersonWithRoles | null {
  const rows = sql.all<{
    id: number; telegramId: number; firstName: string; lastName: string | null; username: string | null; locale: string | null; reachable: number; lastSeenAt: string;
    role: unknown; boardId: number | null; code: string | null; shortName: string | null; status: unknown;
  }>(`
    SELECT p."id", p."telegramId", p."firstName", p."lastName", p."username", p."locale", p."reachable", p."lastSeenAt",
           r."role", r."boardId", b."code", b."shortName", b."status"
    FROM "Person" p
    LEFT JOIN "Role" r ON r."personId" = p."id" AND r."revokedAt" IS NULL
    LEFT JOIN "Board" b ON b."id" = r."boardId"
    WHERE p."telegramId" = ?
    ORDER BY r."id"`, telegramId);
  const first = rows[0];
  if (!first) return null;
  // Frozen: a handler cannot change the person the rest of the update sees.
  return Object.freeze({
    id: first.id, telegramId: first.telegramId, firstName: first.firstName, lastName: first.lastName, username: first.username,
    locale: first.locale, reachable: Boolean(first.reachable), lastSeenAt: new Date(first.lastSeenAt),
    roles: Object.freeze(rows.flatMap((r): RoleGrant[] => r.role === null ? [] : [Object.freeze({
      role: storedEnum(RoleNames, r.role, { table: "Role", column: "role", row: `person ${first.id}` }), boardId: r.boardId, boardCode: r.code, boardName: r.shortName,
      boardStatus: r.status === null ? null : storedEnum(BoardStatus, r.status, { table: "Board", column: "status", row: r.boardId ?? "?" }),
    })])) as RoleGrant[],
  });
}

/** lastSeenAt is written at most this often per person. */
const SEEN_EVERY_MS = 86_400_000;

/**
 * Records a user the bot has heard from, refreshing the name only when it
 * changed, and the day of their last message (lastSeenAt) once a day, without
 * waiting for that write: the answer need not wait for it, were another
 * process holding the database's lock (shared/db/busy.ts); a failed refresh is tried
 * again at the next message.
 */
export async function touchPerson(
  db: Db,
  user: { id: number; first_name: string; last_name?: string; username?: string },
  known: Person | null,
  now: Date,
): Promise<Person> {
  const data = { firstName: user.first_name.slice(0, 200), lastName: user.last_name?.slice(0, 200) ?? null, username: user.username ?? null };
  if (known && known.firstName === data.firstName && known.lastName === data.lastName && known.username === data.username && known.reachable) {
    if (!known.lastSeenAt || now.getTime() - known.lastSeenAt.getTime() >= SEEN_EVERY_MS || now.getTime() < known.lastSeenAt.getTime()) {
      void writeSql(db, (sql) => sql.run(`UPDATE "Person" SET "lastSeenAt" = ? WHERE "id" = ?`, sqlDate(now), known.id)).catch(() => undefined);
    }
    return known;
  }
  const row = await db.person.upsert({
    where: { telegramId: BigInt(user.id) },
    create: { telegramId: BigInt(user.id), ...data, lastSeenAt: now },
    // Writing to us in private means the bot can reach this person again.
    update: { ...data, lastSeenAt: now, reachable: true, unreachableAt: null, unreachableReason: null },
  });
  return toPerson(row);
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

export async function markUnreachable(db: Db, personId: number, reason: string, at: Date): Promise<void> {
  await db.person.update({ where: { id: personId }, data: { reachable: false, unreachableAt: at, unreachableReason: reason.slice(0, 200) } });
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
