// The SQLite trigger that keeps each board's first period true: installed on every
// connection (src/shared/db/client.ts), since Prisma does not model triggers.
import type { Database } from "better-sqlite3";

/**
 * Makes sure the trigger that keeps first periods true exists (run on every
 * connection: Prisma does not model triggers, and a migration
 * that rebuilds Report or Board would drop it without a word). Figures stored for
 * a period before a board's first period (an import of history, a report by
 * any path) make that period its first, in the statement that stores them.
 */
export function ensureFirstPeriodTrigger(sqlite: Database): void {
  const columns = sqlite.prepare(`SELECT "name" FROM pragma_table_info('Board')`).all() as { name: string }[];
  if (!columns.some((c) => c.name === "firstYear")) return; // not migrated yet
  sqlite.exec(
    `CREATE TRIGGER IF NOT EXISTS "Board_first_period_report" AFTER INSERT ON "Report"
     BEGIN
       UPDATE "Board" SET
         "firstYear" = (SELECT "year" FROM "Period" WHERE "id" = NEW."periodId"),
         "firstMonth" = (SELECT "month" FROM "Period" WHERE "id" = NEW."periodId")
       WHERE "id" = NEW."boardId" AND "firstYear" IS NOT NULL
         AND "firstYear" * 12 + "firstMonth" > (SELECT "year" * 12 + "month" FROM "Period" WHERE "id" = NEW."periodId");
     END`,
  );
}

