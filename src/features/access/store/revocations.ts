// Roles taken back (/revoke): the people who hold roles, a request (an admin, a
// person, the grants as shown, a reason), its confirmation or cancellation, and
// the record of what ended. A grant ends by setting Role.revokedAt; the row stays,
// and an invitation for the same board and role grants it again (grantRoleOps).
import type { Db } from "../../../shared/db/client.js";
import { isNotFound } from "../../../shared/db/client.js";
import { z } from "zod";
import { ROLE_NAMES, type RoleName } from "../../../shared/bloc/roles.js";
import { storedJson } from "../../../shared/db/stored.js";
import type { BoardStatus, RoleRevocationStatus } from "../../../generated/prisma/enums.js";
import { standingAt, withdrawnByRevocation } from "./invites.js";

/** An active grant, with its board as people know it. */
export type ActiveGrant = { roleId: number; role: RoleName; boardId: number | null; boardCode: string | null; boardName: string | null; boardStatus: BoardStatus | null };

export type PersonRoles = {
  personId: number;
  telegramId: number;
  firstName: string;
  lastName: string | null;
  username: string | null;
  grants: ActiveGrant[];
};

/** A grant as recorded once it ended. */
export type EndedGrant = { role: RoleName; boardId: number | null; boardCode: string | null; boardName: string | null };

/** RoleRevocation.roleIdsJson: the Role ids the request covers. */
const roleIdsSchema = z.array(z.number().int());
/** RoleRevocation.endedJson: the grants that ended (rows written before boardName was kept lack it). */
const endedSchema = z.array(
  z.object({ role: z.enum(ROLE_NAMES), boardId: z.number().int().nullable(), boardCode: z.string().nullable(), boardName: z.string().nullable().default(null) }),
);
const revocationAt = (column: string, row: number) => ({ table: "RoleRevocation", column, row });

/** How long a request waits for its confirmation. */
export const REVOCATION_TTL_MS = 60 * 60_000;

function grantOf(r: { id: number; role: RoleName; boardId: number | null; board: { code: string; shortName: string; status: BoardStatus } | null }): ActiveGrant {
  return { roleId: r.id, role: r.role, boardId: r.boardId, boardCode: r.board?.code ?? null, boardName: r.board?.shortName ?? null, boardStatus: r.board?.status ?? null };
}

/** Everyone holding at least one active grant, by first grant, with their grants (bloc roles first, then by board). */
export async function peopleWithRoles(db: Db): Promise<PersonRoles[]> {
  const rows = await db.role.findMany({
    where: { revokedAt: null },
    include: { person: true, board: { select: { code: true, shortName: true, status: true, sortOrder: true } } },
    orderBy: { id: "asc" },
  });
  const byPerson = new Map<number, PersonRoles>();
  for (const r of rows) {
    let p = byPerson.get(r.personId);
    if (!p) {
      p = { personId: r.personId, telegramId: Number(r.person.telegramId), firstName: r.person.firstName, lastName: r.person.lastName, username: r.person.username, grants: [] };
      byPerson.set(r.personId, p);
    }
    p.grants.push(grantOf(r));
  }
  return [...byPerson.values()];
}

/** One person's active grants (empty when the person is unknown or holds none). */
export async function activeGrants(db: Db, personId: number): Promise<ActiveGrant[]> {
  const rows = await db.role.findMany({ where: { personId, revokedAt: null }, include: { board: { select: { code: true, shortName: true, status: true } } }, orderBy: { id: "asc" } });
  return rows.map(grantOf);
}

export async function findPersonById(db: Db, id: number) {
  const p = await db.person.findUnique({ where: { id } });
  return p && { id: p.id, telegramId: Number(p.telegramId), firstName: p.firstName, lastName: p.lastName, username: p.username, locale: p.locale };
}

/** A person by "@username" (case-insensitive), or null when none or several match. */
export async function findPersonByUsername(db: Db, username: string) {
  const wanted = username.replace(/^@/, "").toLowerCase();
  const hits = await db.$queryRaw<{ id: number }[]>`SELECT "id" FROM "Person" WHERE lower("username") = ${wanted} LIMIT 2`;
  return hits.length === 1 ? findPersonById(db, Number(hits[0]!.id)) : null;
}

/** How many people other than `personId` hold an active admin grant. */
export async function otherActiveAdmins(db: Db, personId: number): Promise<number> {
  return db.role.count({ where: { role: "admin", revokedAt: null, personId: { not: personId } } });
}

/** The people of ADMIN_IDS (`adminIds`) who have a Person row (they wrote to the bot). */
export async function configAdminsKnown(db: Db, adminIds: readonly number[]) {
  const rows = await db.person.findMany({ where: { telegramId: { in: adminIds.map((i) => BigInt(i)) } } });
  return rows.map((p) => ({ id: p.id, telegramId: Number(p.telegramId), firstName: p.firstName, lastName: p.lastName, username: p.username }));
}

/** Records a request; the grants end only when the same admin confirms it (confirmRevocation). */
export async function requestRevocation(
  db: Db,
  r: { personId: number; roleIds: number[]; allRoles: boolean; reason: string; requestedById: number | null; at: Date },
): Promise<number> {
  const row = await db.roleRevocation.create({
    data: { personId: r.personId, roleIdsJson: r.roleIds, allRoles: r.allRoles, reason: r.reason, requestedById: r.requestedById, requestedAt: r.at },
  });
  return row.id;
}

export type PendingRevocation = { id: number; personId: number; roleIds: number[]; allRoles: boolean; reason: string; requestedById: number | null; requestedAt: Date; status: RoleRevocationStatus };

export async function getRevocation(db: Db, id: number): Promise<PendingRevocation | null> {
  const r = await db.roleRevocation.findUnique({ where: { id } });
  return r && { id: r.id, personId: r.personId, roleIds: storedJson(roleIdsSchema, r.roleIdsJson, revocationAt("roleIdsJson", r.id)), allRoles: r.allRoles, reason: r.reason, requestedById: r.requestedById, requestedAt: r.requestedAt, status: r.status };
}

export type RevokeOutcome =
  | { ok: true; ended: EndedGrant[]; invitesWithdrawn: number }
  | { ok: false; reason: "not_pending" | "expired" | "changed" | "last_admin" };

/**
 * Ends the grants of a pending request, in one transaction with the request's
 * record, the audit row and the person's report drafts for the boards they no
 * longer report for. Every statement is conditional: the request must still be
 * pending (a second press changes nothing), each grant still active (one that
 * another admin ended meanwhile makes the whole change roll back: "changed"),
 * and when an admin grant ends while ADMIN_IDS names nobody, another person's
 * admin grant must still be active at the moment of the write (two admins
 * revoking each other at once cannot both succeed): the bloc always keeps an
 * admin.
 *
 * The same transaction withdraws the invitations that would hand the rights back
 * (Invite.cancelReason "revoke:<id>"): every standing invitation the person
 * created when they lose the admin right (only admins may invite; the admins of
 * `adminIds`, ADMIN_IDS, keep that right whatever chat does), and every standing
 * invitation to a role that ends (the same role for the same board, or the same
 * bloc role), whoever created it: a spare link may be in the person's hands.
 * `invitesWithdrawn` counts them.
 */
export async function confirmRevocation(db: Db, id: number, o: { byPersonId: number; at: Date; adminIds: readonly number[] }): Promise<RevokeOutcome> {
  const rev = await getRevocation(db, id);
  if (!rev || rev.status !== "pending" || rev.requestedById !== o.byPersonId) return { ok: false, reason: "not_pending" };
  if (o.at.getTime() - rev.requestedAt.getTime() > REVOCATION_TTL_MS) return { ok: false, reason: "expired" };
  const roles = await db.role.findMany({ where: { id: { in: rev.roleIds }, personId: rev.personId, revokedAt: null }, include: { board: true } });
  if (roles.length === 0) return { ok: false, reason: "changed" };
  let keeper: number | null = null;
  if (o.adminIds.length === 0 && roles.some((r) => r.role === "admin")) {
    const other = await db.role.findFirst({ where: { role: "admin", revokedAt: null, personId: { not: rev.personId } }, orderBy: { id: "asc" } });
    if (!other) return { ok: false, reason: "last_admin" };
    keeper = other.id;
  }
  const ended: EndedGrant[] = roles.map((r) => ({ role: r.role, boardId: r.boardId, boardCode: r.board?.code ?? null, boardName: r.board?.shortName ?? null }));
  const reportingBoards = roles.filter((r) => r.role === "focal" && r.boardId !== null).map((r) => r.boardId!);
  const person = await db.person.findUnique({ where: { id: rev.personId } });
  const losesInviting = roles.some((r) => r.role === "admin") && !(person && o.adminIds.includes(Number(person.telegramId)));
  const withdrawn = { cancelledAt: o.at, cancelReason: withdrawnByRevocation(id) };
  const pairs = [...new Map(roles.map((r) => [`${r.role}:${r.boardId ?? "*"}`, { role: r.role, boardId: r.boardId }])).values()];
  const inviteOps = [
    ...(losesInviting ? [db.invite.updateMany({ where: { ...standingAt(o.at), createdById: rev.personId }, data: withdrawn })] : []),
    ...pairs.map((p) => db.invite.updateMany({ where: { ...standingAt(o.at), role: p.role, boardId: p.boardId }, data: withdrawn })),
  ];
  try {
    await db.$transaction([
      db.roleRevocation.update({ where: { id, status: "pending" }, data: { status: "done", doneAt: o.at, endedJson: ended } }),
      ...roles.map((r) => db.role.update({ where: { id: r.id, revokedAt: null }, data: { revokedAt: o.at } })),
      ...(keeper !== null ? [db.role.update({ where: { id: keeper, revokedAt: null }, data: { revokedAt: null } })] : []),
      db.reportDraft.deleteMany({ where: { personId: rev.personId, boardId: { in: reportingBoards } } }),
      ...inviteOps,
      db.auditEvent.create({ data: { personId: o.byPersonId, action: "role.revoke", at: o.at, detail: { revocationId: id, personId: rev.personId, ended, reason: rev.reason } } }),
    ]);
  } catch (e) {
    if (!isNotFound(e)) throw e;
    // A condition no longer held when the transaction ran: say which.
    if ((await getRevocation(db, id))?.status !== "pending") return { ok: false, reason: "not_pending" };
    if (keeper !== null && (await db.role.findUnique({ where: { id: keeper } }))?.revokedAt) return { ok: false, reason: "last_admin" };
    return { ok: false, reason: "changed" };
  }
  return { ok: true, ended, invitesWithdrawn: await db.invite.count({ where: { cancelReason: withdrawnByRevocation(id) } }) };
}

/** Drops a pending request (the admin said no); false when it was no longer pending. */
export async function cancelRevocation(db: Db, id: number, byPersonId: number): Promise<boolean> {
  const r = await db.roleRevocation.updateMany({ where: { id, status: "pending", requestedById: byPersonId }, data: { status: "cancelled" } });
  return r.count === 1;
}

export type DoneRevocation = { id: number; personName: string; byName: string | null; doneAt: Date; reason: string; ended: EndedGrant[] };

/** The latest confirmed revocations, newest first. */
export async function recentRevocations(db: Db, limit: number): Promise<DoneRevocation[]> {
  const rows = await db.roleRevocation.findMany({ where: { status: "done" }, orderBy: { doneAt: "desc" }, take: limit, include: { person: true } });
  const byIds = [...new Set(rows.map((r) => r.requestedById).filter((x): x is number => x !== null))];
  const by = new Map((await db.person.findMany({ where: { id: { in: byIds } } })).map((p) => [p.id, p.firstName]));
  return rows.map((r) => ({
    id: r.id, personName: [r.person.firstName, r.person.lastName].filter(Boolean).join(" "), byName: r.requestedById === null ? null : (by.get(r.requestedById) ?? null),
    doneAt: r.doneAt!, reason: r.reason, ended: r.endedJson === null ? [] : storedJson(endedSchema, r.endedJson, revocationAt("endedJson", r.id)),
  }));
}
