-- AlterTable
ALTER TABLE "ConversationState" ADD COLUMN "dialogue" TEXT;

-- CreateTable
CREATE TABLE "DialogueDraft" (
    "personId" INTEGER NOT NULL,
    "dialogue" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("personId", "dialogue")
);

-- CreateTable
CREATE TABLE "ButtonPress" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "at" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "DialogueDraft_updatedAt_idx" ON "DialogueDraft"("updatedAt");

-- CreateIndex
CREATE INDEX "ButtonPress_at_idx" ON "ButtonPress"("at");
