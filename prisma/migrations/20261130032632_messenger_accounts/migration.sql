-- AlterTable
ALTER TABLE "Person" ADD COLUMN "preferredMessenger" TEXT;

-- CreateTable
CREATE TABLE "MessengerAccount" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "personId" INTEGER NOT NULL,
    "messenger" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "chatId" BIGINT NOT NULL,
    "reachable" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "MessengerAccount_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "MessengerAccount_messenger_chatId_key" ON "MessengerAccount"("messenger", "chatId");

-- CreateIndex
CREATE UNIQUE INDEX "MessengerAccount_messenger_externalId_key" ON "MessengerAccount"("messenger", "externalId");

-- CreateIndex
CREATE UNIQUE INDEX "MessengerAccount_personId_messenger_key" ON "MessengerAccount"("personId", "messenger");

-- Fill: each person's account from Person.telegramId, the chat id they were
-- first known by: a Telegram user id below 2^52, the Zalo adapter's number
-- (2^52 + ZaloChat.id) above it. The preferred messenger is that account's.
INSERT INTO "MessengerAccount" ("personId", "messenger", "externalId", "chatId", "reachable", "createdAt")
SELECT "id", 'telegram', CAST("telegramId" AS TEXT), "telegramId", "reachable", "createdAt" FROM "Person" WHERE "telegramId" < 4503599627370496;
INSERT INTO "MessengerAccount" ("personId", "messenger", "externalId", "chatId", "reachable", "createdAt")
SELECT p."id", 'zalo', z."zaloId", p."telegramId", p."reachable", p."createdAt" FROM "Person" p JOIN "ZaloChat" z ON z."id" = p."telegramId" - 4503599627370496 WHERE p."telegramId" > 4503599627370496;
UPDATE "Person" SET "preferredMessenger" = (SELECT a."messenger" FROM "MessengerAccount" a WHERE a."personId" = "Person"."id" LIMIT 1);
