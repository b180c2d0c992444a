-- AlterTable
ALTER TABLE "ZaloChat" ADD COLUMN "activeAt" DATETIME;

-- CreateIndex
CREATE INDEX "ZaloChat_activeAt_idx" ON "ZaloChat"("activeAt");

-- Chats made before this column: active as of when they were made (the strangers'
-- retention then counts from there; a chat a messenger account names is never pruned).
UPDATE "ZaloChat" SET "activeAt" = "createdAt" WHERE "activeAt" IS NULL;
