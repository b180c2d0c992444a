// The reminder ledger: a row per board, period and slot is claimed (unique in
// the database) before anything is sent, with a delivery row per recipient.
// What grows with the number of recipients (claims, the deliveries' states) runs
// as direct statements in batches, yielding to the event loop between them.
import type { RoleName } from "../../shared/bloc/roles.js";
import { yieldToLoop } from "../../shared/db/busy.js";
import type { Db } from "../../shared/db/client.js";
import { owingWhere } from "../../shared/bloc/store.js";
import { sqlDate, sqlOf, writeSql } from "../../shared/db/sql.js";
import type { PeriodRow } from "../../shared/bloc/periods.js";

/** Every board's id and short name (retired and merged ones too: a claim made before the change is still sent). */
export async function allBoardNames(db: Db): Promise<{ id: number; shortName: string }[]> {
  return db.board.findMany({ select: { id: true, shortName: true } });
}

/** The periods of some ids. */
export async function periodsByIds(db: Db, ids: number[]): Promise<PeriodRow[]> {
  return db.period.findMany({ where: { id: { in: ids } } });
}

/** How many deliveries of a period's slot went out (status sent). */
export async function sentDeliveries(db: Db, periodId: number, slot: string): Promise<number> {
  return db.reminderDelivery.count({ where: { status: "sent", reminder: { periodId, slot } } });
}

export type Recipient = { personId: number; chatId: number; reachable: boolean };

export async function claimedSlots(db: Db, periodId: number): Promise<Set<string>> {
  const rows = (await sqlOf(db)).all<{ boardId: number; slot: string }>(`SELECT "boardId", "slot" FROM "ReminderSlotSent" WHERE "periodId" = ?`, periodId);
  return new Set(rows.map((r) => `${r.boardId}:${r.slot}`));
}

/** The holders of a role (active grants) for each of some boards, in the order they were granted. */
export async function recipientsByBoard(db: Db, boardIds: number[], role: RoleName): Promise<Map<number, Recipient[]>> {
  const rows = (await sqlOf(db)).all<{ boardId: number; personId: number; chatId: number; reachable: number }>(
    `SELECT r."boardId" AS boardId, p."id" AS personId, p."telegramId" AS chatId, p."reachable" AS reachable
     FROM "Role" r JOIN "Person" p ON p."id" = r."personId"
     WHERE r."role" = ? AND r."revokedAt" IS NULL AND r."boardId" IN (SELECT "value" FROM json_each(?))
     ORDER BY r."id"`,
    role, JSON.stringify(boardIds),
  );
  const out = new Map<number, Recipient[]>();
  for (const r of rows) {
    const list = out.get(r.boardId) ?? [];
    list.push({ personId: r.personId, chatId: r.chatId, reachable: Boolean(r.reachable) });
    out.set(r.boardId, list);
  }
  return out;
}

export type SlotClaim = { boardId: number; slot: string; outcome: "sent" | "skipped"; recipients: Recipient[] };

/** How many claims go in one transaction; the event loop runs between two. */
const CLAIMS_PER_TRANSACTION = 100;

/**
 * Claims slots of a period with their deliveries, CLAIMS_PER_TRANSACTION at a
 * time (each claim with its deliveries is in one transaction); a slot already
 * claimed (earlier, or by another process: unique in the database) is left as
 * it is. Returns the boards whose claim is new.
 */
export async function claimSlots(db: Db, periodId: number, at: Date, claims: SlotClaim[]): Promise<number[]> {
  const when = sqlDate(at);
  const claimed: number[] = [];
  for (let i = 0; i < claims.length; i += CLAIMS_PER_TRANSACTION) {
    const chunk = claims.slice(i, i + CLAIMS_PER_TRANSACTION);
    const boards = await writeSql(db, (sql) =>
      sql.transaction(() => {
        const mine: number[] = [];
        for (const c of chunk) {
          const row = sql.get<{ id: number }>(
            `INSERT INTO "ReminderSlotSent" ("boardId", "periodId", "slot", "claimedAt", "outcome") VALUES (?, ?, ?, ?, ?)
             ON CONFLICT ("boardId", "periodId", "slot") DO NOTHING RETURNING "id"`,
            c.boardId, periodId, c.slot, when, c.outcome,
          );
          if (!row) continue;
          mine.push(c.boardId);
          for (const r of c.recipients) {
            sql.run(`INSERT INTO "ReminderDelivery" ("reminderId", "personId", "chatId", "status") VALUES (?, ?, ?, ?)`, row.id, r.personId, r.chatId, r.reachable ? "pending" : "unreachable");
          }
        }
        return mine;
      }),
    );
    claimed.push(...boards);
    await yieldToLoop();
  }
  return claimed;
}

export type PendingDelivery = { id: number; personId: number; chatId: number; boardId: number; periodId: number; slot: string; locale: string | null };

/** A page of the deliveries still pending, by id after `afterId`. */
export async function pendingDeliveries(db: Db, afterId = 0, limit = 500): Promise<PendingDelivery[]> {
  return (await sqlOf(db)).all<PendingDelivery>(
    `SELECT d."id" AS id, d."personId" AS personId, d."chatId" AS chatId, s."boardId" AS boardId, s."periodId" AS periodId, s."slot" AS slot, p."locale" AS locale
     FROM "ReminderDelivery" d JOIN "ReminderSlotSent" s ON s."id" = d."reminderId" LEFT JOIN "Person" p ON p."id" = d."personId"
     WHERE d."status" = 'pending' AND d."id" > ? ORDER BY d."id" LIMIT ?`,
    afterId, limit,
  );
}

/**
 * What became of a delivery at its turn to be sent: "send" (now `sending`: send
 * it), "taken" (no longer pending: another process has it, or it is done),
 * "revoked" (its recipient no longer holds the role the slot is for: a /revoke
 * since the claim), "reported" (the board has reported since the claim) or
 * "unreachable" (the recipient blocked the bot since the claim, or a send to them
 * was refused with 403).
 */
export type DeliveryStart = "send" | "taken" | "revoked" | "reported" | "unreachable";

/**
 * pending → sending, only if still pending (two processes never send one
 * delivery twice), and only if the reminder is still owed at this very moment:
 * a fan-out of thousands runs for minutes after its claims, and a role taken
 * back, a report sent or a block meanwhile must not be followed by a reminder.
 * Otherwise pending → unreachable, revoked or reported, which records why it was not sent. One
 * statement, through the indexes on Role.personId and the report's (board,
 * period): cheap enough before every send.
 */
export async function startDelivery(db: Db, id: number): Promise<DeliveryStart> {
  const row = await writeSql(db, (sql) =>
    // The row's type is the CASE below: the statuses it can set.
    sql.get<{ status: "unreachable" | "revoked" | "reported" | "sending" }>(
      `UPDATE "ReminderDelivery" SET "status" = CASE
         WHEN EXISTS (SELECT 1 FROM "Person" p WHERE p."id" = "ReminderDelivery"."personId" AND p."reachable" = 0) THEN 'unreachable'
         WHEN NOT EXISTS (
           SELECT 1 FROM "ReminderSlotSent" s JOIN "Role" r ON r."boardId" = s."boardId"
           WHERE s."id" = "ReminderDelivery"."reminderId" AND r."personId" = "ReminderDelivery"."personId" AND r."revokedAt" IS NULL
             AND r."role" = CASE WHEN s."slot" LIKE 'head:%' THEN 'head' ELSE 'focal' END
         ) THEN 'revoked'
         WHEN EXISTS (
           SELECT 1 FROM "ReminderSlotSent" s JOIN "Report" p ON p."boardId" = s."boardId" AND p."periodId" = s."periodId"
           WHERE s."id" = "ReminderDelivery"."reminderId"
         ) THEN 'reported'
         ELSE 'sending' END
       WHERE "id" = ? AND "status" = 'pending'
       RETURNING "status"`,
      id,
    ),
  );
  if (!row) return "taken";
  return row.status === "sending" ? "send" : row.status;
}

export type DeliveryOutcome = { id: number; status: "sent" | "unreachable" | "failed"; at: Date };

/** Records the outcomes of several sends in one transaction. */
export async function finishDeliveries(db: Db, outcomes: DeliveryOutcome[]): Promise<void> {
  await writeSql(db, (sql) =>
    sql.transaction(() => {
      for (const o of outcomes) {
        sql.run(`UPDATE "ReminderDelivery" SET "status" = ?, "sentAt" = ?, "error" = NULL WHERE "id" = ?`, o.status, o.status === "sent" ? sqlDate(o.at) : null, o.id);
      }
    }),
  );
}

/**
 * Deliveries left "sending" by a crash may or may not have reached Telegram;
 * they are marked uncertain and not sent again (at most once beats twice).
 */
export async function markInterruptedDeliveries(db: Db): Promise<number> {
  const r = await db.reminderDelivery.updateMany({ where: { status: "sending" }, data: { status: "uncertain" } });
  return r.count;
}

/**
 * The boards that owe a period (active, and not before their first period:
 * boards.ts owes) and whether each reported it, and whether late: who is
 * reminded, counted in the digest, nudged.
 */
export async function periodReporting(db: Db, periodId: number) {
  const period = await db.period.findUniqueOrThrow({ where: { id: periodId }, select: { year: true, month: true } });
  const [boards, reports] = await Promise.all([
    db.board.findMany({ where: { status: "active", ...owingWhere(period) }, orderBy: [{ sortOrder: "asc" }, { id: "asc" }] }),
    db.report.findMany({ where: { periodId } }),
  ]);
  const byBoard = new Map(reports.map((r) => [r.boardId, r]));
  return boards.map((b) => ({ id: b.id, code: b.code, shortName: b.shortName, report: byBoard.get(b.id) ?? null }));
}
