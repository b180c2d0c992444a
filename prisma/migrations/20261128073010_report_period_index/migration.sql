-- CreateIndex
CREATE INDEX "Report_periodId_idx" ON "Report"("periodId");
