-- AlterTable
ALTER TABLE "Person" ADD COLUMN "menuKey" TEXT;

-- CreateTable
CREATE TABLE "RoleRevocation" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "personId" INTEGER NOT NULL,
    "roleIdsJson" TEXT NOT NULL,
    "allRoles" BOOLEAN NOT NULL DEFAULT false,
    "reason" TEXT NOT NULL,
    "requestedById" INTEGER,
    "requestedAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "doneAt" DATETIME,
    "endedJson" TEXT,
    CONSTRAINT "RoleRevocation_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "RoleRevocation_status_doneAt_idx" ON "RoleRevocation"("status", "doneAt");
