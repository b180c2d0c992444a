-- CreateTable
CREATE TABLE "RecordChange" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "year" INTEGER NOT NULL,
    "slot" TEXT NOT NULL,
    "beforeJson" TEXT NOT NULL,
    "afterJson" TEXT NOT NULL,
    "baseSeq" INTEGER NOT NULL,
    "seq" INTEGER,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "undoOfId" INTEGER,
    "byPersonId" INTEGER,
    "createdAt" DATETIME NOT NULL,
    "decidedAt" DATETIME
);

-- CreateIndex
CREATE UNIQUE INDEX "RecordChange_year_slot_seq_key" ON "RecordChange"("year", "slot", "seq");
