-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ReminderSlotSent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "boardId" INTEGER NOT NULL,
    "periodId" INTEGER NOT NULL,
    "slot" TEXT NOT NULL,
    "claimedAt" DATETIME NOT NULL,
    "outcome" TEXT NOT NULL DEFAULT 'sent',
    CONSTRAINT "ReminderSlotSent_boardId_fkey" FOREIGN KEY ("boardId") REFERENCES "Board" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "ReminderSlotSent_periodId_fkey" FOREIGN KEY ("periodId") REFERENCES "Period" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_ReminderSlotSent" ("boardId", "claimedAt", "id", "periodId", "slot") SELECT "boardId", "claimedAt", "id", "periodId", "slot" FROM "ReminderSlotSent";
DROP TABLE "ReminderSlotSent";
ALTER TABLE "new_ReminderSlotSent" RENAME TO "ReminderSlotSent";
CREATE UNIQUE INDEX "ReminderSlotSent_boardId_periodId_slot_key" ON "ReminderSlotSent"("boardId", "periodId", "slot");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
