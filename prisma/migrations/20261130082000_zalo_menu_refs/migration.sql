-- CreateTable
CREATE TABLE "ZaloMenuRef" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "chatId" INTEGER NOT NULL,
    "ref" TEXT NOT NULL,
    "messageId" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "markup" JSONB NOT NULL,
    "shownAt" DATETIME NOT NULL,
    CONSTRAINT "ZaloMenuRef_chatId_fkey" FOREIGN KEY ("chatId") REFERENCES "ZaloChat" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ZaloMenuRef_shownAt_idx" ON "ZaloMenuRef"("shownAt");

-- CreateIndex
CREATE UNIQUE INDEX "ZaloMenuRef_chatId_ref_key" ON "ZaloMenuRef"("chatId", "ref");
