-- CreateTable
CREATE TABLE "GroupPost" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "payloadJson" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "lastTriedAt" DATETIME,
    "nextTryAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "sentAt" DATETIME,
    "chatId" BIGINT,
    "messageId" INTEGER
);

-- CreateTable
CREATE TABLE "GroupChatEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "chatId" BIGINT NOT NULL,
    "toChatId" BIGINT,
    "title" TEXT,
    "byName" TEXT,
    "detail" TEXT,
    "at" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "GroupPost_key_key" ON "GroupPost"("key");

-- CreateIndex
CREATE INDEX "GroupPost_status_nextTryAt_idx" ON "GroupPost"("status", "nextTryAt");

-- CreateIndex
CREATE INDEX "GroupChatEvent_kind_at_idx" ON "GroupChatEvent"("kind", "at");

-- Posts made before the outbox existed were claimed in JobLedger: they are recorded
-- here as sent, so that the jobs, which now claim in GroupPost, do not post them again.
INSERT INTO "GroupPost" ("key", "kind", "payloadJson", "status", "nextTryAt", "expiresAt", "createdAt", "sentAt")
SELECT "key", 'text', '{}', 'sent', "claimedAt", "claimedAt", "claimedAt", COALESCE("doneAt", "claimedAt")
FROM "JobLedger"
WHERE "key" LIKE 'digest:%' OR "key" LIKE 'ballot-result:%' OR ("key" LIKE 'summary:%' AND "doneAt" IS NOT NULL);
