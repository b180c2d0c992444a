-- CreateTable
CREATE TABLE "PeopleEpoch" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "n" INTEGER NOT NULL DEFAULT 0
);

-- The row (id 1) and the nine triggers that move it are created by
-- ensurePeopleEpoch (src/db/people.ts) on every connection the bot opens: Prisma
-- does not describe triggers, so a later migration rebuilding Person, Role or
-- Board would drop them silently, and one definition serves both cases.
