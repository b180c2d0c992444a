-- CreateIndex
CREATE INDEX "GroupChatEvent_at_idx" ON "GroupChatEvent"("at");

-- CreateIndex
CREATE INDEX "Invite_usedAt_expiresAt_idx" ON "Invite"("usedAt", "expiresAt");

-- CreateIndex
CREATE INDEX "RoleRevocation_status_requestedAt_idx" ON "RoleRevocation"("status", "requestedAt");
