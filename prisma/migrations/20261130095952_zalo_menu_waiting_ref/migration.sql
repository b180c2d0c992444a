-- Additive (no table rebuild): the nullable column Prisma would add by rebuilding ZaloMenu.
ALTER TABLE "ZaloMenu" ADD COLUMN "waitingRef" TEXT;
