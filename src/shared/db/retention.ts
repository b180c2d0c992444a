// Pruning by the retention rules of shared/db/retention-rules.ts. Each rule selects the
// rows to delete through an index (tests/shared/db/retention.test.ts checks every plan)
// and deletes them ROWS_PER_STATEMENT at a time, the event loop running between
// two statements and each statement waiting for another process's lock as any
// write does (shared/db/busy.ts).
import { yieldToLoop } from "./busy.js";
import type { Db } from "./client.js";
import { sqlDate, sqlOf, writeSql, type Sql } from "./sql.js";
import { retentionCutoff, type RetentionRule } from "./retention-rules.js";
import { ZALO_CHAT_ID_BASE } from "../messaging/messengers.js";

const ROWS_PER_STATEMENT = 1000;

/**
 * The kinds of GroupChatEvent whose latest is the group's state (features/group/use-cases.ts
 * reads it as lastGroupEvent(["removed", "linked", "migrated"]): where posts go, and
 * what admins are told): that event is never pruned.
 */
const GROUP_STATE_KINDS = ["removed", "linked", "migrated"] as const;

/**
 * A column that names a person by id, by the schema's naming: `personId`, or a
 * name ending in `PersonId` or `ById` (createdById, usedByPersonId, lockedById...).
 * A person named anywhere is never pruned as a stranger; a column added later
 * that follows the naming is taken into account without a change here.
 */
export const PERSON_COLUMN = /^personId$|PersonId$|ById$/;

/** The rowids of the rows a rule prunes, at most `?` of them, `?` being the cut-off. */
function selectFor(rule: RetentionRule, sql: Sql, adminIds: number[]): string {
  switch (rule) {
    case "processedUpdates":
      return `SELECT rowid FROM "ProcessedUpdate" WHERE "at" < ? LIMIT ?`;
    case "inviteAttempts":
      return `SELECT rowid FROM "InviteAttempt" WHERE "at" < ? LIMIT ?`;
    case "linkCodes":
      return `SELECT rowid FROM "LinkCode" WHERE "expiresAt" < ? LIMIT ?`;
    case "lapsedInvites":
      // A withdrawn invitation has its expiry too (made INVITE_TTL_DAYS ahead), at most that long after the withdrawal.
      return `SELECT rowid FROM "Invite" WHERE "usedAt" IS NULL AND "expiresAt" < ? LIMIT ?`;
    case "unconfirmedRevocations":
      return `SELECT rowid FROM "RoleRevocation" WHERE "status" IN ('pending', 'cancelled') AND "requestedAt" < ? LIMIT ?`;
    case "conversationStates":
      return `SELECT rowid FROM "ConversationState" WHERE "updatedAt" < ? LIMIT ?`;
    case "closedDrafts":
      return `SELECT rowid FROM "ReportDraft" WHERE "closedAt" < ? LIMIT ?`;
    case "jobLedger":
      return `SELECT rowid FROM "JobLedger" WHERE "claimedAt" < ? LIMIT ?`;
    case "groupPosts":
      return `SELECT rowid FROM "GroupPost" WHERE "status" IN ('sent', 'expired', 'failed', 'dropped') AND "nextTryAt" < ? LIMIT ?`;
    case "groupChatEvents":
      // The group's state: the latest of these kinds, in the order features/group/store.ts lastGroupEvent reads them.
      return `SELECT e.rowid FROM "GroupChatEvent" e
              WHERE e."at" < ?
                AND e."id" IS NOT (SELECT s."id" FROM "GroupChatEvent" s WHERE s."kind" IN (${GROUP_STATE_KINDS.map((k) => `'${k}'`).join(", ")}) ORDER BY s."at" DESC, s."id" DESC LIMIT 1)
              LIMIT ?`;
    case "zaloInbound":
      return `SELECT rowid FROM "ZaloInbound" WHERE "at" < ? LIMIT ?`;
    case "zaloMenus":
      return `SELECT rowid FROM "ZaloMenu" WHERE "shownAt" < ? LIMIT ?`;
    case "zaloMenuRefs":
      return `SELECT rowid FROM "ZaloMenuRef" WHERE "shownAt" < ? LIMIT ?`;
    case "zaloChats":
      // A chat's number is 2^52 + its id (messengers/zalo/ids.ts); an account names it by that number.
      return `SELECT c.rowid FROM "ZaloChat" c
              WHERE c."activeAt" < ?
                AND NOT EXISTS (SELECT 1 FROM "MessengerAccount" a WHERE a."messenger" = 'zalo' AND a."chatId" = c."id" + ${ZALO_CHAT_ID_BASE})
              LIMIT ?`;
    case "reminderDeliveries":
      return `SELECT d.rowid FROM "ReminderDelivery" d
              WHERE d."reminderId" IN (SELECT "id" FROM "ReminderSlotSent" WHERE "claimedAt" < ?)
                AND d."status" NOT IN ('pending', 'sending') LIMIT ?`;
    case "strangers": {
      // Each reference is looked up through an index on its column (NOT EXISTS on
      // the column, not NOT IN over the whole table, which SQLite would read in
      // full for every statement): tests/shared/db/retention.test.ts checks every table
      // of the plan. Admin ids are integers, spliced as a list (no table to read).
      const named = personColumns(sql)
        // A person's messenger accounts are part of the person (deleted with them, ON DELETE CASCADE), no record naming them.
        .filter(({ table, column }) => !(table === "Role" && column === "personId") && table !== "MessengerAccount")
        .map(({ table, column }) => `AND NOT EXISTS (SELECT 1 FROM "${table}" WHERE "${table}"."${column}" = p."id")`);
      return `SELECT p.rowid FROM "Person" p
              WHERE p."lastSeenAt" < ?
                AND NOT EXISTS (SELECT 1 FROM "Role" r WHERE r."personId" = p."id")
                AND p."telegramId" NOT IN (${adminIds.filter(Number.isSafeInteger).join(", ")})
                ${named.join("\n                ")}
              LIMIT ?`;
    }
  }
}

/** Every column of every table (Person itself aside) that names a person by id. */
export function personColumns(sql: Sql): { table: string; column: string }[] {
  const tables = sql.all<{ name: string }>(`SELECT "name" FROM sqlite_master WHERE "type" = 'table' AND "name" NOT LIKE 'sqlite_%' AND "name" NOT LIKE '\\_%' ESCAPE '\\' AND "name" <> 'Person'`);
  return tables.flatMap(({ name }) =>
    sql.all<{ name: string }>(`SELECT "name" FROM pragma_table_info(?)`, name).filter((c) => PERSON_COLUMN.test(c.name)).map((c) => ({ table: name, column: c.name })),
  );
}

/** The statement that selects what a rule prunes. */
export async function pruneQuery(db: Db, rule: RetentionRule, adminIds: number[] = []): Promise<string> {
  return selectFor(rule, await sqlOf(db), adminIds);
}

/**
 * The statement that prunes one slice of a rule's rows (parameters: the cut-off,
 * then the number of rows), for the tests' look at its query plan.
 */
export async function pruneStatement(db: Db, rule: RetentionRule, adminIds: number[] = []): Promise<string> {
  return deleteFor(selectFor(rule, await sqlOf(db), adminIds));
}

function deleteFor(select: string): string {
  const table = /FROM "(\w+)"/.exec(select)![1]!;
  return `DELETE FROM "${table}" WHERE rowid IN (${select})`;
}

/** How many times zaloChats pruned rows, per database: the Zalo adapter's id cache is emptied when it changes. */
const chatPrunes = new WeakMap<Db, number>();

/**
 * A number that changes each time retention deletes ZaloChat rows of `db` (0
 * before): what holds Zalo ids in memory (messengers/zalo/ids.ts, ZaloChats)
 * compares it before using them, so a pruned chat is never used from a cache.
 */
export function zaloChatsPruned(db: Db): number {
  return chatPrunes.get(db) ?? 0;
}

/** Prunes one rule's rows older than its cut-off; returns how many went. */
export async function prune(db: Db, rule: RetentionRule, now: Date, adminIds: number[] = []): Promise<number> {
  const sql = await sqlOf(db);
  const cutoff = sqlDate(retentionCutoff(rule, now));
  // The strangers' statement reads every column that names people: only when someone may go.
  if (rule === "strangers" && !sql.get(`SELECT 1 FROM "Person" p WHERE p."lastSeenAt" < ? AND NOT EXISTS (SELECT 1 FROM "Role" r WHERE r."personId" = p."id") LIMIT 1`, cutoff)) return 0;
  const statement = deleteFor(selectFor(rule, sql, adminIds));
  let total = 0;
  for (;;) {
    const n = await writeSql(db, (sql) => sql.run(statement, cutoff, ROWS_PER_STATEMENT));
    if (rule === "zaloChats" && n > 0) chatPrunes.set(db, zaloChatsPruned(db) + 1);
    total += n;
    if (n < ROWS_PER_STATEMENT) return total;
    await yieldToLoop();
  }
}

/** Every rule, one after another. */
export async function pruneAll(db: Db, now: Date, adminIds: number[] = []): Promise<Record<RetentionRule, number>> {
  const out = {} as Record<RetentionRule, number>;
  for (const rule of ["processedUpdates", "inviteAttempts", "linkCodes", "lapsedInvites", "unconfirmedRevocations", "strangers", "conversationStates", "closedDrafts", "reminderDeliveries", "jobLedger", "groupPosts", "groupChatEvents", "zaloInbound", "zaloMenus", "zaloMenuRefs", "zaloChats"] as const) {
    out[rule] = await prune(db, rule, now, adminIds);
    await yieldToLoop();
  }
  return out;
}
