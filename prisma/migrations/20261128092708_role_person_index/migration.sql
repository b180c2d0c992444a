-- CreateIndex
CREATE INDEX "Role_personId_idx" ON "Role"("personId");
