-- CreateIndex
CREATE INDEX "ReportValue_reportId_indicatorId_value_idx" ON "ReportValue"("reportId", "indicatorId", "value");
