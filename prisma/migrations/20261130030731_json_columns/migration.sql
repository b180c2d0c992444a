-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_AuditEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "personId" INTEGER,
    "action" TEXT NOT NULL,
    "detail" JSONB
);
INSERT INTO "new_AuditEvent" ("action", "at", "detail", "id", "personId") SELECT "action", "at", "detail", "id", "personId" FROM "AuditEvent";
DROP TABLE "AuditEvent";
ALTER TABLE "new_AuditEvent" RENAME TO "AuditEvent";
CREATE INDEX "AuditEvent_personId_idx" ON "AuditEvent"("personId");
CREATE TABLE "new_Ballot" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "awardKindCode" TEXT,
    "year" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "secret" BOOLEAN NOT NULL DEFAULT false,
    "picksPerVoter" INTEGER NOT NULL DEFAULT 1,
    "maxWinners" INTEGER NOT NULL DEFAULT 1,
    "quorum" INTEGER NOT NULL DEFAULT 0,
    "tieRule" TEXT NOT NULL DEFAULT 'runoff',
    "allowSelfVote" BOOLEAN NOT NULL DEFAULT false,
    "secretKey" TEXT,
    "minTurnout" INTEGER,
    "scrubbedAt" DATETIME,
    "createdById" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "opensAt" DATETIME,
    "closesAt" DATETIME NOT NULL,
    "closedAt" DATETIME,
    "closedById" INTEGER,
    "chatId" BIGINT,
    "messageId" INTEGER,
    "parentId" INTEGER,
    "resultJson" JSONB,
    "turnout" INTEGER,
    "quorumMet" BOOLEAN,
    CONSTRAINT "Ballot_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Ballot" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Ballot" ("allowSelfVote", "awardKindCode", "chatId", "closedAt", "closedById", "closesAt", "createdAt", "createdById", "id", "kind", "maxWinners", "messageId", "minTurnout", "opensAt", "parentId", "picksPerVoter", "quorum", "quorumMet", "resultJson", "scrubbedAt", "secret", "secretKey", "status", "tieRule", "title", "turnout", "year") SELECT "allowSelfVote", "awardKindCode", "chatId", "closedAt", "closedById", "closesAt", "createdAt", "createdById", "id", "kind", "maxWinners", "messageId", "minTurnout", "opensAt", "parentId", "picksPerVoter", "quorum", "quorumMet", "resultJson", "scrubbedAt", "secret", "secretKey", "status", "tieRule", "title", "turnout", "year" FROM "Ballot";
DROP TABLE "Ballot";
ALTER TABLE "new_Ballot" RENAME TO "Ballot";
CREATE UNIQUE INDEX "Ballot_parentId_key" ON "Ballot"("parentId");
CREATE INDEX "Ballot_createdById_idx" ON "Ballot"("createdById");
CREATE INDEX "Ballot_closedById_idx" ON "Ballot"("closedById");
CREATE TABLE "new_BallotSecretEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "ballotId" INTEGER NOT NULL,
    "tag" TEXT NOT NULL,
    "choicesJson" JSONB,
    "receipt" TEXT,
    CONSTRAINT "BallotSecretEntry_ballotId_fkey" FOREIGN KEY ("ballotId") REFERENCES "Ballot" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_BallotSecretEntry" ("ballotId", "choicesJson", "id", "receipt", "tag") SELECT "ballotId", "choicesJson", "id", "receipt", "tag" FROM "BallotSecretEntry";
DROP TABLE "BallotSecretEntry";
ALTER TABLE "new_BallotSecretEntry" RENAME TO "BallotSecretEntry";
CREATE UNIQUE INDEX "BallotSecretEntry_receipt_key" ON "BallotSecretEntry"("receipt");
CREATE UNIQUE INDEX "BallotSecretEntry_ballotId_tag_key" ON "BallotSecretEntry"("ballotId", "tag");
CREATE TABLE "new_BallotVote" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "ballotId" INTEGER NOT NULL,
    "boardId" INTEGER NOT NULL,
    "personId" INTEGER NOT NULL,
    "choicesJson" JSONB NOT NULL,
    "receipt" TEXT NOT NULL,
    "castAt" DATETIME NOT NULL,
    CONSTRAINT "BallotVote_ballotId_fkey" FOREIGN KEY ("ballotId") REFERENCES "Ballot" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_BallotVote" ("ballotId", "boardId", "castAt", "choicesJson", "id", "personId", "receipt") SELECT "ballotId", "boardId", "castAt", "choicesJson", "id", "personId", "receipt" FROM "BallotVote";
DROP TABLE "BallotVote";
ALTER TABLE "new_BallotVote" RENAME TO "BallotVote";
CREATE UNIQUE INDEX "BallotVote_receipt_key" ON "BallotVote"("receipt");
CREATE INDEX "BallotVote_personId_idx" ON "BallotVote"("personId");
CREATE UNIQUE INDEX "BallotVote_ballotId_boardId_key" ON "BallotVote"("ballotId", "boardId");
CREATE TABLE "new_Bloc" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT DEFAULT 1,
    "name" TEXT NOT NULL,
    "nameEn" TEXT,
    "timezone" TEXT NOT NULL DEFAULT 'Asia/Ho_Chi_Minh',
    "groupChatId" BIGINT,
    "groupTitle" TEXT,
    "scheduleJson" JSONB NOT NULL,
    "settingsJson" JSONB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Bloc" ("createdAt", "groupChatId", "groupTitle", "id", "name", "nameEn", "scheduleJson", "settingsJson", "timezone", "updatedAt") SELECT "createdAt", "groupChatId", "groupTitle", "id", "name", "nameEn", "scheduleJson", "settingsJson", "timezone", "updatedAt" FROM "Bloc";
DROP TABLE "Bloc";
ALTER TABLE "new_Bloc" RENAME TO "Bloc";
CREATE TABLE "new_ConversationState" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" JSONB NOT NULL,
    "dialogue" JSONB,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_ConversationState" ("dialogue", "key", "updatedAt", "value") SELECT "dialogue", "key", "updatedAt", "value" FROM "ConversationState";
DROP TABLE "ConversationState";
ALTER TABLE "new_ConversationState" RENAME TO "ConversationState";
CREATE INDEX "ConversationState_updatedAt_idx" ON "ConversationState"("updatedAt");
CREATE TABLE "new_DialogueDraft" (
    "personId" INTEGER NOT NULL,
    "dialogue" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("personId", "dialogue")
);
INSERT INTO "new_DialogueDraft" ("data", "dialogue", "personId", "updatedAt") SELECT "data", "dialogue", "personId", "updatedAt" FROM "DialogueDraft";
DROP TABLE "DialogueDraft";
ALTER TABLE "new_DialogueDraft" RENAME TO "DialogueDraft";
CREATE INDEX "DialogueDraft_updatedAt_idx" ON "DialogueDraft"("updatedAt");
CREATE TABLE "new_GroupPost" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "payloadJson" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "lastTriedAt" DATETIME,
    "nextTryAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "sentAt" DATETIME,
    "chatId" BIGINT,
    "messageId" INTEGER
);
INSERT INTO "new_GroupPost" ("attempts", "chatId", "createdAt", "expiresAt", "id", "key", "kind", "lastError", "lastTriedAt", "messageId", "nextTryAt", "payloadJson", "sentAt", "status") SELECT "attempts", "chatId", "createdAt", "expiresAt", "id", "key", "kind", "lastError", "lastTriedAt", "messageId", "nextTryAt", "payloadJson", "sentAt", "status" FROM "GroupPost";
DROP TABLE "GroupPost";
ALTER TABLE "new_GroupPost" RENAME TO "GroupPost";
CREATE UNIQUE INDEX "GroupPost_key_key" ON "GroupPost"("key");
CREATE INDEX "GroupPost_status_nextTryAt_idx" ON "GroupPost"("status", "nextTryAt");
CREATE TABLE "new_Indicator" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "code" TEXT NOT NULL,
    "nameVi" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "unit" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "valueType" TEXT NOT NULL,
    "decimals" INTEGER NOT NULL DEFAULT 0,
    "min" REAL,
    "max" REAL,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "aliases" JSONB NOT NULL
);
INSERT INTO "new_Indicator" ("active", "aliases", "code", "decimals", "id", "kind", "max", "min", "nameEn", "nameVi", "sortOrder", "unit", "valueType") SELECT "active", "aliases", "code", "decimals", "id", "kind", "max", "min", "nameEn", "nameVi", "sortOrder", "unit", "valueType" FROM "Indicator";
DROP TABLE "Indicator";
ALTER TABLE "new_Indicator" RENAME TO "Indicator";
CREATE UNIQUE INDEX "Indicator_code_key" ON "Indicator"("code");
CREATE TABLE "new_RecordChange" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "year" INTEGER NOT NULL,
    "slot" TEXT NOT NULL,
    "beforeJson" JSONB NOT NULL,
    "afterJson" JSONB NOT NULL,
    "baseSeq" INTEGER NOT NULL,
    "seq" INTEGER,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "undoOfId" INTEGER,
    "byPersonId" INTEGER,
    "createdAt" DATETIME NOT NULL,
    "decidedAt" DATETIME
);
INSERT INTO "new_RecordChange" ("afterJson", "baseSeq", "beforeJson", "byPersonId", "createdAt", "decidedAt", "id", "seq", "slot", "status", "undoOfId", "year") SELECT "afterJson", "baseSeq", "beforeJson", "byPersonId", "createdAt", "decidedAt", "id", "seq", "slot", "status", "undoOfId", "year" FROM "RecordChange";
DROP TABLE "RecordChange";
ALTER TABLE "new_RecordChange" RENAME TO "RecordChange";
CREATE INDEX "RecordChange_byPersonId_idx" ON "RecordChange"("byPersonId");
CREATE UNIQUE INDEX "RecordChange_year_slot_seq_key" ON "RecordChange"("year", "slot", "seq");
CREATE TABLE "new_ReportDraft" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "personId" INTEGER NOT NULL,
    "boardId" INTEGER NOT NULL,
    "periodId" INTEGER NOT NULL,
    "valuesJson" JSONB NOT NULL,
    "baseVersion" INTEGER NOT NULL DEFAULT 0,
    "closedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ReportDraft_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "ReportDraft_boardId_fkey" FOREIGN KEY ("boardId") REFERENCES "Board" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "ReportDraft_periodId_fkey" FOREIGN KEY ("periodId") REFERENCES "Period" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_ReportDraft" ("baseVersion", "boardId", "closedAt", "createdAt", "id", "periodId", "personId", "updatedAt", "valuesJson") SELECT "baseVersion", "boardId", "closedAt", "createdAt", "id", "periodId", "personId", "updatedAt", "valuesJson" FROM "ReportDraft";
DROP TABLE "ReportDraft";
ALTER TABLE "new_ReportDraft" RENAME TO "ReportDraft";
CREATE INDEX "ReportDraft_closedAt_idx" ON "ReportDraft"("closedAt");
CREATE UNIQUE INDEX "ReportDraft_personId_boardId_periodId_key" ON "ReportDraft"("personId", "boardId", "periodId");
CREATE TABLE "new_RoleRevocation" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "personId" INTEGER NOT NULL,
    "roleIdsJson" JSONB NOT NULL,
    "allRoles" BOOLEAN NOT NULL DEFAULT false,
    "reason" TEXT NOT NULL,
    "requestedById" INTEGER,
    "requestedAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "doneAt" DATETIME,
    "endedJson" JSONB,
    CONSTRAINT "RoleRevocation_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_RoleRevocation" ("allRoles", "doneAt", "endedJson", "id", "personId", "reason", "requestedAt", "requestedById", "roleIdsJson", "status") SELECT "allRoles", "doneAt", "endedJson", "id", "personId", "reason", "requestedAt", "requestedById", "roleIdsJson", "status" FROM "RoleRevocation";
DROP TABLE "RoleRevocation";
ALTER TABLE "new_RoleRevocation" RENAME TO "RoleRevocation";
CREATE INDEX "RoleRevocation_status_doneAt_idx" ON "RoleRevocation"("status", "doneAt");
CREATE INDEX "RoleRevocation_personId_idx" ON "RoleRevocation"("personId");
CREATE INDEX "RoleRevocation_requestedById_idx" ON "RoleRevocation"("requestedById");
CREATE TABLE "new_ZaloMenu" (
    "chatId" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "messageId" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "markup" JSONB NOT NULL,
    "shownAt" DATETIME NOT NULL,
    CONSTRAINT "ZaloMenu_chatId_fkey" FOREIGN KEY ("chatId") REFERENCES "ZaloChat" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ZaloMenu" ("chatId", "markup", "messageId", "shownAt", "text") SELECT "chatId", "markup", "messageId", "shownAt", "text" FROM "ZaloMenu";
DROP TABLE "ZaloMenu";
ALTER TABLE "new_ZaloMenu" RENAME TO "ZaloMenu";
CREATE INDEX "ZaloMenu_shownAt_idx" ON "ZaloMenu"("shownAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
