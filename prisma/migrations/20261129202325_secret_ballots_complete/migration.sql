-- AlterTable
ALTER TABLE "Ballot" ADD COLUMN "minTurnout" INTEGER;
ALTER TABLE "Ballot" ADD COLUMN "scrubbedAt" DATETIME;

-- CreateIndex
CREATE UNIQUE INDEX "Ballot_parentId_key" ON "Ballot"("parentId");
