-- CreateTable
CREATE TABLE "PeopleEpoch" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "n" INTEGER NOT NULL DEFAULT 0
);

-- The single row, and the triggers that move it (written by hand: Prisma's
-- schema does not describe triggers). A fresh random value rather than n + 1:
-- a rolled-back change must not leave a value that a later change repeats.
INSERT INTO "PeopleEpoch" ("id", "n") VALUES (1, 0);

CREATE TRIGGER "PeopleEpoch_person_insert" AFTER INSERT ON "Person" BEGIN UPDATE "PeopleEpoch" SET "n" = random() >> 11 WHERE "id" = 1; END;
CREATE TRIGGER "PeopleEpoch_person_update" AFTER UPDATE ON "Person" BEGIN UPDATE "PeopleEpoch" SET "n" = random() >> 11 WHERE "id" = 1; END;
CREATE TRIGGER "PeopleEpoch_person_delete" AFTER DELETE ON "Person" BEGIN UPDATE "PeopleEpoch" SET "n" = random() >> 11 WHERE "id" = 1; END;
CREATE TRIGGER "PeopleEpoch_role_insert" AFTER INSERT ON "Role" BEGIN UPDATE "PeopleEpoch" SET "n" = random() >> 11 WHERE "id" = 1; END;
CREATE TRIGGER "PeopleEpoch_role_update" AFTER UPDATE ON "Role" BEGIN UPDATE "PeopleEpoch" SET "n" = random() >> 11 WHERE "id" = 1; END;
CREATE TRIGGER "PeopleEpoch_role_delete" AFTER DELETE ON "Role" BEGIN UPDATE "PeopleEpoch" SET "n" = random() >> 11 WHERE "id" = 1; END;
CREATE TRIGGER "PeopleEpoch_board_insert" AFTER INSERT ON "Board" BEGIN UPDATE "PeopleEpoch" SET "n" = random() >> 11 WHERE "id" = 1; END;
CREATE TRIGGER "PeopleEpoch_board_update" AFTER UPDATE ON "Board" BEGIN UPDATE "PeopleEpoch" SET "n" = random() >> 11 WHERE "id" = 1; END;
CREATE TRIGGER "PeopleEpoch_board_delete" AFTER DELETE ON "Board" BEGIN UPDATE "PeopleEpoch" SET "n" = random() >> 11 WHERE "id" = 1; END;
