// The reminder ledger: a row per board, period and slot is claimed (unique in
// the database) before anything is sent, with a delivery row per recipient.
import { isUniqueViolation, type Db } from "./client.js";

export type Recipient = { personId: number; chatId: number; reachable: boolean };

export async function claimedSlots(db: Db, periodId: number): Promise<Set<string>> {
  const rows = await db.reminderSlotSent.findMany({ where: { periodId }, select: { boardId: true, slot: true } });
  return new Set(rows.map((r) => `${r.boardId}:${r.slot}`));
}

/** Claims a slot for a board; false when it was already claimed (by us earlier, or by another process). */
export async function claimSlot(db: Db, input: { boardId: number; periodId: number; slot: string; at: Date; outcome: "sent" | "skipped"; recipients: Recipient[] }): Promise<boolean> {
  try {
    await db.reminderSlotSent.create({
      data: {
        boardId: input.boardId, periodId: input.periodId, slot: input.slot, claimedAt: input.at, outcome: input.outcome,
        deliveries: {
          create: input.recipients.map((r) => ({ personId: r.personId, chatId: BigInt(r.chatId), status: r.reachable ? "pending" : "unreachable" })),
        },
      },
    });
    return true;
  } catch (e) {
    if (isUniqueViolation(e)) return false;
    throw e;
  }
}

export type PendingDelivery = { id: number; personId: number; chatId: number; boardId: number; periodId: number; slot: string; locale: string | null };

export async function pendingDeliveries(db: Db): Promise<PendingDelivery[]> {
  const rows = await db.reminderDelivery.findMany({ where: { status: "pending" }, include: { reminder: true }, orderBy: { id: "asc" } });
  const people = new Map((await db.person.findMany({ where: { id: { in: rows.map((r) => r.personId) } } })).map((p) => [p.id, p]));
  return rows.map((r) => ({
    id: r.id, personId: r.personId, chatId: Number(r.chatId), boardId: r.reminder.boardId, periodId: r.reminder.periodId, slot: r.reminder.slot, locale: people.get(r.personId)?.locale ?? null,
  }));
}

/** pending → sending, only if still pending: two processes never send one delivery twice. */
export async function startDelivery(db: Db, id: number): Promise<boolean> {
  const r = await db.reminderDelivery.updateMany({ where: { id, status: "pending" }, data: { status: "sending" } });
  return r.count === 1;
}

export async function finishDelivery(db: Db, id: number, status: "sent" | "unreachable" | "failed", at: Date, error?: string): Promise<void> {
  await db.reminderDelivery.update({ where: { id }, data: { status, sentAt: status === "sent" ? at : null, error: error ?? null } });
}

/**
 * Deliveries left "sending" by a crash may or may not have reached Telegram;
 * they are marked uncertain and not sent again (at most once beats twice).
 */
export async function markInterruptedDeliveries(db: Db): Promise<number> {
  const r = await db.reminderDelivery.updateMany({ where: { status: "sending" }, data: { status: "uncertain" } });
  return r.count;
}

/** Once-only jobs: claims a key; false when already claimed. */
export async function claimOnce(db: Db, key: string, at: Date, detail?: string): Promise<boolean> {
  try {
    await db.jobLedger.create({ data: { key, claimedAt: at, detail: detail ?? null } });
    return true;
  } catch (e) {
    if (isUniqueViolation(e)) return false;
    throw e;
  }
}

export async function isClaimed(db: Db, key: string): Promise<boolean> {
  return (await db.jobLedger.findUnique({ where: { key } })) !== null;
}

export async function markDone(db: Db, key: string, at: Date): Promise<void> {
  await db.jobLedger.update({ where: { key }, data: { doneAt: at } });
}

/** Boards (active) and whether they reported a period, and whether late. */
export async function periodReporting(db: Db, periodId: number) {
  const [boards, reports] = await Promise.all([
    db.board.findMany({ where: { status: "active" }, orderBy: [{ sortOrder: "asc" }, { id: "asc" }] }),
    db.report.findMany({ where: { periodId } }),
  ]);
  const byBoard = new Map(reports.map((r) => [r.boardId, r]));
  return boards.map((b) => ({ id: b.id, code: b.code, shortName: b.shortName, report: byBoard.get(b.id) ?? null }));
}
