// The job ledger (JobLedger): once-only jobs (a deadline digest, a scheduled
// summary, a ballot's close) claim a key before they act; the unique key makes a
// second claim fail, across restarts and processes.
import { isUniqueViolation, type Db } from "../db/client.js";

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
