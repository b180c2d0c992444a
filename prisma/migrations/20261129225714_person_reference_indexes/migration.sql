-- CreateIndex
CREATE INDEX "AuditEvent_personId_idx" ON "AuditEvent"("personId");

-- CreateIndex
CREATE INDEX "Ballot_createdById_idx" ON "Ballot"("createdById");

-- CreateIndex
CREATE INDEX "Ballot_closedById_idx" ON "Ballot"("closedById");

-- CreateIndex
CREATE INDEX "BallotVote_personId_idx" ON "BallotVote"("personId");

-- CreateIndex
CREATE INDEX "BoardEvent_byPersonId_idx" ON "BoardEvent"("byPersonId");

-- CreateIndex
CREATE INDEX "Invite_createdById_idx" ON "Invite"("createdById");

-- CreateIndex
CREATE INDEX "Invite_usedByPersonId_idx" ON "Invite"("usedByPersonId");

-- CreateIndex
CREATE INDEX "Period_lockedById_idx" ON "Period"("lockedById");

-- CreateIndex
CREATE INDEX "RecordChange_byPersonId_idx" ON "RecordChange"("byPersonId");

-- CreateIndex
CREATE INDEX "ReminderDelivery_personId_idx" ON "ReminderDelivery"("personId");

-- CreateIndex
CREATE INDEX "Report_submittedById_idx" ON "Report"("submittedById");

-- CreateIndex
CREATE INDEX "ReportRevision_byPersonId_idx" ON "ReportRevision"("byPersonId");

-- CreateIndex
CREATE INDEX "Role_grantedById_idx" ON "Role"("grantedById");

-- CreateIndex
CREATE INDEX "RoleRevocation_personId_idx" ON "RoleRevocation"("personId");

-- CreateIndex
CREATE INDEX "RoleRevocation_requestedById_idx" ON "RoleRevocation"("requestedById");
