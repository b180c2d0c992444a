-- AlterTable
ALTER TABLE "Board" ADD COLUMN "firstMonth" INTEGER;
ALTER TABLE "Board" ADD COLUMN "firstYear" INTEGER;

-- The boards already in the database get their first period at the bot's next
-- start (backfillFirstPeriods, src/db/boards.ts): the first period the bot owed
-- when it began, or the board's first report if earlier. The trigger that moves
-- a first period back when figures arrive for an earlier period is created on
-- every connection (ensureFirstPeriodTrigger), as PeopleEpoch's are.
