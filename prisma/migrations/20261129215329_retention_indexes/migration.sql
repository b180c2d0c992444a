-- CreateIndex
CREATE INDEX "ConversationState_updatedAt_idx" ON "ConversationState"("updatedAt");

-- CreateIndex
CREATE INDEX "InviteAttempt_at_idx" ON "InviteAttempt"("at");

-- CreateIndex
CREATE INDEX "JobLedger_claimedAt_idx" ON "JobLedger"("claimedAt");

-- CreateIndex
CREATE INDEX "Person_lastSeenAt_idx" ON "Person"("lastSeenAt");

-- CreateIndex
CREATE INDEX "ProcessedUpdate_at_idx" ON "ProcessedUpdate"("at");

-- CreateIndex
CREATE INDEX "ReminderDelivery_status_idx" ON "ReminderDelivery"("status");

-- CreateIndex
CREATE INDEX "ReminderSlotSent_claimedAt_idx" ON "ReminderSlotSent"("claimedAt");

-- CreateIndex
CREATE INDEX "ReportDraft_closedAt_idx" ON "ReportDraft"("closedAt");
