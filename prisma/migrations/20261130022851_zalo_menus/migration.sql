-- CreateTable
CREATE TABLE "ZaloChat" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "zaloId" TEXT NOT NULL,
    "lastMessageId" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ZaloMenu" (
    "chatId" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "messageId" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "markup" TEXT NOT NULL,
    "shownAt" DATETIME NOT NULL,
    CONSTRAINT "ZaloMenu_chatId_fkey" FOREIGN KEY ("chatId") REFERENCES "ZaloChat" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ZaloInbound" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "messageId" TEXT NOT NULL,
    "at" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "ZaloChat_zaloId_key" ON "ZaloChat"("zaloId");

-- CreateIndex
CREATE INDEX "ZaloMenu_shownAt_idx" ON "ZaloMenu"("shownAt");

-- CreateIndex
CREATE UNIQUE INDEX "ZaloInbound_messageId_key" ON "ZaloInbound"("messageId");

-- CreateIndex
CREATE INDEX "ZaloInbound_at_idx" ON "ZaloInbound"("at");
