-- AlterTable
ALTER TABLE "GroupPost" ADD COLUMN "copiesAt" DATETIME;
ALTER TABLE "GroupPost" ADD COLUMN "copyKey" TEXT;

-- CreateTable
CREATE TABLE "PrivatePost" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "postId" INTEGER NOT NULL,
    "copyKey" TEXT NOT NULL,
    "personId" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextTryAt" DATETIME NOT NULL,
    "sentAt" DATETIME,
    CONSTRAINT "PrivatePost_postId_fkey" FOREIGN KEY ("postId") REFERENCES "GroupPost" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PrivatePost_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "PrivatePost_personId_idx" ON "PrivatePost"("personId");

-- CreateIndex
CREATE INDEX "PrivatePost_postId_idx" ON "PrivatePost"("postId");

-- CreateIndex
CREATE INDEX "PrivatePost_status_nextTryAt_idx" ON "PrivatePost"("status", "nextTryAt");

-- CreateIndex
CREATE UNIQUE INDEX "PrivatePost_copyKey_personId_key" ON "PrivatePost"("copyKey", "personId");
