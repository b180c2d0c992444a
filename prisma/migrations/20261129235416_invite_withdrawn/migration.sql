-- AlterTable
ALTER TABLE "Invite" ADD COLUMN "cancelReason" TEXT;
ALTER TABLE "Invite" ADD COLUMN "cancelledAt" DATETIME;
