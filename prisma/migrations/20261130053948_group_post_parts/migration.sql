-- AlterTable
ALTER TABLE "GroupPost" ADD COLUMN "partsOf" TEXT;
ALTER TABLE "GroupPost" ADD COLUMN "partsSent" INTEGER;
