-- AlterTable
ALTER TABLE "GroupPost" ADD COLUMN "copyLandedAt" DATETIME;

-- AlterTable
ALTER TABLE "PrivatePost" ADD COLUMN "expiresAt" DATETIME;
