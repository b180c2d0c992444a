// The move of the JSON columns from TEXT to Prisma's Json (JSONB on SQLite:
// migration *_json_columns rebuilds the tables): a database written by the
// release before, with data in every one of those columns, migrates with every
// value intact, and today's stores read each back. And a stored value that does
// not fit its column's shape is an error naming the table, column and row.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { applyMigrations } from "../../../src/shared/db/migrate.js";
import { migrateToBefore } from "../../harness/migrations.js";
import { openDb, sqlitePath, type Db } from "../../../src/shared/db/client.js";
import { StoredValueError } from "../../../src/shared/db/stored.js";
import { FakeClock } from "../../../src/shared/clock.js";
import { scheduleSchema } from "../../../src/shared/bloc/schedule.js";
import { activeIndicators, blocIntro, getBloc, getBlocSettings } from "../../../src/shared/bloc/store.js";
import { getDraft } from "../../../src/features/reports/store.js";
import { conversationStore } from "../../../src/chat/conversations/storage.js";
import { getDialogueDraft } from "../../../src/chat/conversations/drafts.js";
import { getRevocation, recentRevocations } from "../../../src/features/access/store/revocations.js";
import { ballotVotes, currentChoices, getBallot } from "../../../src/features/ballots/store.js";
import { getChange } from "../../../src/features/history/store.js";
import { groupPostByKey } from "../../../src/features/group/store.js";
import { ZALO_ID_BASE, ZaloChats } from "../../../src/messengers/zalo/ids.js";

const T = "2026-11-20T03:00:00.000+00:00";
const schedule = scheduleSchema.parse({ reminders: [{ id: "r1", audience: "focal", offsetDays: -2, time: "09:00" }] });
const settings = { blocFileHash: "ab".repeat(32), contact: "Văn phòng Khối, 0912 345 678", secretMinTurnout: 3 };
const result = {
  counts: [{ position: 0, votes: 2 }, { position: 1, votes: 1 }], winners: [0], tied: [], motionPassed: null, eligible: 3,
  receipts: [{ receipt: "K7Q2", choices: [1] }], runoffId: 9,
};
const markup = { inline_keyboard: [[{ text: "Báo cáo", callback_data: "menu:report" }], [{ text: "Hướng dẫn", url: "https://example.org/huong-dan" }]] };
const conversationValue = { version: [1, 0], state: { report: [{ args: JSON.stringify([{ v: 4, args: { boardId: 1, periodId: 1 } }]), interrupts: [], replay: { send: [], receive: [] } }] } };
const dialoguePosition = { id: "report", nonce: "0a1b2c3d", q: 5, refused: 0, pos: { q: 5 } };
const ended = [{ role: "focal", boardId: 1, boardCode: "QN", boardName: "Quảng Ninh" }];
/** Rows written before boardName was kept in endedJson (RoleRevocation). */
const endedBefore = [{ role: "head", boardId: 2, boardCode: "ND" }];

/** The migrations up to (not including) the JSON columns, applied to a fresh file. */
function databaseBeforeJsonColumns(): { url: string; jsonColumns: string } {
  const url = `file:${join(mkdtempSync(join(tmpdir(), "khoi-json-")), "old.db")}`;
  return { url, jsonColumns: migrateToBefore(url, "json_columns") };
}

/** What the release before wrote, through raw SQL in its own shape: text in every JSON column. */
function writeOldRows(file: string): void {
  const db = new Database(file);
  const run = (sql: string, ...params: unknown[]) => db.prepare(sql).run(...params);
  const j = (v: unknown) => JSON.stringify(v);
  run(`INSERT INTO "Bloc" ("id", "name", "scheduleJson", "settingsJson", "updatedAt") VALUES (1, 'Khối thi đua', ?, ?, ?)`, j(schedule), j(settings), T);
  run(`INSERT INTO "Person" ("id", "telegramId", "firstName") VALUES (1, 100, 'Lan'), (2, 200, 'Minh')`);
  run(`INSERT INTO "Board" ("id", "code", "name", "shortName") VALUES (1, 'QN', 'Ban Quản lý các KCN Quảng Ninh', 'Quảng Ninh'), (2, 'ND', 'Ban Quản lý các KCN Nam Định', 'Nam Định'), (3, 'HNA', 'Ban Quản lý các KCN Hà Nam', 'Hà Nam')`);
  run(`INSERT INTO "Period" ("id", "year", "month", "startsAt", "endsAt", "deadlineAt") VALUES (1, 2026, 10, ?, ?, ?)`, T, T, T);
  // Aliases that look like numbers: inside a JSON list they stay texts.
  run(
    `INSERT INTO "Indicator" ("id", "code", "nameVi", "nameEn", "unit", "kind", "valueType", "decimals", "aliases") VALUES (1, 'fdi_new', 'Vốn FDI cấp mới', 'New FDI capital', 'usd_million', 'flow', 'decimal', 2, ?)`,
    j(["FDI mới", "42", "3.50"]),
  );
  run(`INSERT INTO "ReportDraft" ("id", "personId", "boardId", "periodId", "valuesJson", "updatedAt") VALUES (1, 1, 1, 1, ?, ?)`, j({ fdi_new: 3.5, projects_new: 12 }), T);
  run(`INSERT INTO "ConversationState" ("key", "value", "dialogue", "updatedAt") VALUES ('c100', ?, ?, ?)`, j(conversationValue), j(dialoguePosition), T);
  run(`INSERT INTO "DialogueDraft" ("personId", "dialogue", "data", "updatedAt") VALUES (1, 'new-ballot', ?, ?)`, j({ kind: "leader", year: 2027, chosen: [1, 2] }), T);
  run(`INSERT INTO "RoleRevocation" ("id", "personId", "roleIdsJson", "reason", "requestedAt", "status", "doneAt", "endedJson") VALUES (1, 2, ?, 'Chuyển công tác', ?, 'done', ?, ?)`, j([3, 4]), T, T, j(ended));
  run(`INSERT INTO "RoleRevocation" ("id", "personId", "roleIdsJson", "reason", "requestedAt", "status", "doneAt", "endedJson") VALUES (2, 2, ?, 'Nghỉ hưu', ?, 'done', ?, ?)`, j([5]), T, "2026-11-19T03:00:00.000+00:00", j(endedBefore));
  run(`INSERT INTO "RoleRevocation" ("id", "personId", "roleIdsJson", "reason", "requestedAt") VALUES (3, 2, ?, 'Đang chờ', ?)`, j([6]), T);
  // A closed ballot with its result, an open one with a vote, a secret one with a filled and an empty entry.
  run(`INSERT INTO "Ballot" ("id", "kind", "year", "title", "status", "createdById", "closesAt", "resultJson", "turnout") VALUES (1, 'leader', 2027, 'Bầu Khối trưởng năm 2027', 'closed', 1, ?, ?, 3)`, T, j(result));
  run(`INSERT INTO "Ballot" ("id", "kind", "year", "title", "status", "createdById", "closesAt") VALUES (2, 'motion', 2027, 'Thông qua quy chế', 'open', 1, ?)`, T);
  run(`INSERT INTO "Ballot" ("id", "kind", "year", "title", "status", "createdById", "closesAt", "secret", "secretKey") VALUES (3, 'deputy', 2027, 'Bầu Khối phó', 'open', 1, ?, 1, 'k')`, T);
  for (const b of [1, 2, 3]) {
    run(`INSERT INTO "BallotCandidate" ("ballotId", "position", "boardId", "label") VALUES (?, 0, 1, 'Quảng Ninh'), (?, 1, 2, 'Nam Định')`, b, b);
    run(`INSERT INTO "BallotParticipation" ("ballotId", "boardId", "voted") VALUES (?, 1, 1), (?, 2, 0)`, b, b);
  }
  run(`INSERT INTO "BallotVote" ("id", "ballotId", "boardId", "personId", "choicesJson", "receipt", "castAt") VALUES (1, 2, 1, 1, ?, 'R1', ?)`, j([0]), T);
  run(`INSERT INTO "BallotSecretEntry" ("id", "ballotId", "tag", "choicesJson", "receipt") VALUES (1, 3, 'tag-a', ?, 'R2'), (2, 3, 'tag-b', NULL, NULL)`, j([1]));
  run(`INSERT INTO "RecordChange" ("id", "year", "slot", "beforeJson", "afterJson", "baseSeq", "createdAt") VALUES (1, 2023, 'award:co_thi_dua', ?, ?, 0, ?)`, j([1]), j([1, 3]), T);
  // AuditEvent.detail: an object, a JSON string (the old /schedule and /lock rows) and null.
  run(`INSERT INTO "AuditEvent" ("id", "personId", "action", "detail") VALUES (1, 1, 'board.add', ?), (2, 1, 'schedule.change', ?), (3, 1, 'ballot.close', NULL)`, j({ code: "HNA", firstPeriod: "11/2026" }), j("deadline 7"));
  run(
    `INSERT INTO "GroupPost" ("id", "key", "kind", "payloadJson", "nextTryAt", "expiresAt", "createdAt") VALUES (1, 'digest:1', 'text', ?, ?, ?, ?), (2, 'ballot-result:1', 'ballot', ?, ?, ?, ?), (3, 'summary:1', 'summary', ?, ?, ?, ?)`,
    j({ text: "<b>Hạn nộp</b> 05/11/2026", buttons: [[{ label: "Báo cáo", data: "menu:report" }]] }), T, T, T,
    j({ ballotId: 1 }), T, T, T,
    j({ periodId: 1, year: 2026, month: 10 }), T, T, T,
  );
  run(`INSERT INTO "ZaloChat" ("id", "zaloId") VALUES (1, 'zalo-user-1')`);
  run(`INSERT INTO "ZaloMenu" ("chatId", "messageId", "text", "markup", "shownAt") VALUES (1, 7, 'Chọn:', ?, ?)`, j(markup), T);
  db.close();
}

const JSON_COLUMNS: [table: string, column: string][] = [
  ["Bloc", "scheduleJson"], ["Bloc", "settingsJson"], ["RoleRevocation", "roleIdsJson"], ["RoleRevocation", "endedJson"], ["Indicator", "aliases"],
  ["ReportDraft", "valuesJson"], ["ConversationState", "value"], ["ConversationState", "dialogue"], ["DialogueDraft", "data"], ["Ballot", "resultJson"],
  ["BallotVote", "choicesJson"], ["BallotSecretEntry", "choicesJson"], ["RecordChange", "beforeJson"], ["RecordChange", "afterJson"], ["AuditEvent", "detail"],
  ["GroupPost", "payloadJson"], ["ZaloMenu", "markup"],
];

let db: Db | undefined;
afterEach(async () => {
  await db?.$disconnect();
  db = undefined;
});

describe("JSON columns", () => {
  it("a database of the release before, with data in every JSON column, migrates with every value intact and readable by today's stores", async () => {
    const { url, jsonColumns } = databaseBeforeJsonColumns();
    const file = sqlitePath(url);
    writeOldRows(file);
    const texts = (d: Database.Database) =>
      Object.fromEntries(JSON_COLUMNS.map(([t, c]) => [`${t}.${c}`, d.prepare(`SELECT "${c}" AS v, typeof("${c}") AS t FROM "${t}" ORDER BY rowid`).all()]));
    const old = new Database(file);
    const before = texts(old);
    const counts = (d: Database.Database) => ["BallotCandidate", "BallotParticipation", "BallotVote", "BallotSecretEntry", "ZaloMenu"].map((t) => d.prepare(`SELECT count(*) AS n FROM "${t}"`).get());
    const childCounts = counts(old);
    old.close();

    expect(applyMigrations(url).applied).toContain(jsonColumns); // and any migration after it
    const after = new Database(file);
    // Every stored text is the same text, still text (no number made of it), with its declared type JSONB.
    expect(texts(after)).toEqual(before);
    for (const [t, c] of JSON_COLUMNS) {
      expect(after.prepare(`SELECT count(*) AS n FROM "${t}" WHERE typeof("${c}") NOT IN ('text', 'null')`).get(), `${t}.${c}`).toEqual({ n: 0 });
      expect(after.prepare(`SELECT "type" FROM pragma_table_info(?) WHERE "name" = ?`).get(t, c), `${t}.${c}`).toEqual({ type: "JSONB" });
    }
    // The ballots' rows survived the rebuild of their parent table (no cascade on the drop).
    expect(counts(after)).toEqual(childCounts);
    after.close();

    db = await openDb(url);
    // Bloc: through Prisma and through the direct statement.
    const bloc = await getBloc(db);
    expect(bloc?.schedule).toEqual(schedule);
    expect(bloc?.settings).toEqual(settings);
    expect(await getBlocSettings(db)).toEqual({ contact: settings.contact, secretMinTurnout: 3 });
    expect((await blocIntro(db))?.contact).toBe(settings.contact);
    expect((await activeIndicators(db))[0]).toMatchObject({ code: "fdi_new", unit: "usd_million", aliases: ["FDI mới", "42", "3.50"] });
    expect((await getDraft(db, 1, 1, 1))?.values).toEqual({ fdi_new: 3.5, projects_new: 12 });
    const conversation = await conversationStore(db, new FakeClock(T)).read("c100");
    expect(conversation?.value).toEqual(conversationValue);
    expect(JSON.parse(String(conversation?.dialogue))).toEqual(dialoguePosition);
    expect((await getDialogueDraft(db, 1, "new-ballot", z.object({ kind: z.string(), year: z.number(), chosen: z.array(z.number()) })))?.data).toEqual({ kind: "leader", year: 2027, chosen: [1, 2] });
    expect((await getRevocation(db, 3))?.roleIds).toEqual([6]);
    expect((await recentRevocations(db, 5)).map((r) => r.ended)).toEqual([ended, [{ ...endedBefore[0], boardName: null }]]);
    expect((await getBallot(db, 1))?.result).toEqual(result);
    const open = (await getBallot(db, 2))!;
    expect(await currentChoices(db, open, 1)).toEqual([0]);
    expect(await ballotVotes(db, open)).toEqual([{ receipt: "R1", choices: [0] }]);
    expect(await ballotVotes(db, (await getBallot(db, 3))!)).toEqual([{ receipt: "R2", choices: [1] }]);
    expect(await getChange(db, 1)).toMatchObject({ slot: { kind: "award", code: "co_thi_dua" }, before: [1], after: [1, 3] });
    expect((await db.auditEvent.findMany({ orderBy: { id: "asc" } })).map((a) => a.detail)).toEqual([{ code: "HNA", firstPeriod: "11/2026" }, "deadline 7", null]);
    expect((await groupPostByKey(db, "digest:1"))?.content).toEqual({ kind: "text", text: "<b>Hạn nộp</b> 05/11/2026", buttons: [[{ label: "Báo cáo", data: "menu:report" }]] });
    expect((await groupPostByKey(db, "ballot-result:1"))?.content).toEqual({ kind: "ballot", ballotId: 1 });
    expect((await groupPostByKey(db, "summary:1"))?.content).toEqual({ kind: "summary", periodId: 1, year: 2026, month: 10 });
    expect((await new ZaloChats(db).latestMenu(ZALO_ID_BASE + 1))?.markup).toEqual(markup);
  });

  it("a stored value that does not fit its shape is an error naming the table, column and row, through Prisma and through direct statements", async () => {
    const { url } = databaseBeforeJsonColumns();
    const file = sqlitePath(url);
    writeOldRows(file);
    applyMigrations(url);
    const raw = new Database(file);
    raw.prepare(`UPDATE "Ballot" SET "resultJson" = ? WHERE "id" = 1`).run(JSON.stringify({ counts: "many" }));
    raw.prepare(`UPDATE "ReportDraft" SET "valuesJson" = ? WHERE "id" = 1`).run(JSON.stringify({ fdi_new: "3,5" }));
    raw.prepare(`UPDATE "Indicator" SET "aliases" = 'not json' WHERE "id" = 1`).run();
    raw.prepare(`UPDATE "GroupPost" SET "payloadJson" = ? WHERE "id" = 2`).run(JSON.stringify({ ballot: 1 }));
    raw.prepare(`UPDATE "RecordChange" SET "slot" = 'chairman' WHERE "id" = 1`).run();
    raw.close();
    db = await openDb(url);
    const fails = async (read: () => Promise<unknown>, message: RegExp) => {
      const e = await read().then(() => null, (err: unknown) => err);
      expect(e).toBeInstanceOf(StoredValueError);
      expect(String((e as Error).message)).toMatch(message);
    };
    await fails(() => getBallot(db!, 1), /^Ballot\.resultJson of row 1: not the stored shape \(counts: /);
    await fails(() => getDraft(db!, 1, 1, 1), /^ReportDraft\.valuesJson of row 1: not the stored shape \(fdi_new: /);
    await fails(() => activeIndicators(db!), /^Indicator\.aliases of row 1: not JSON$/);
    await fails(() => groupPostByKey(db!, "ballot-result:1"), /^GroupPost\.payloadJson of row 2: not the stored shape \(ballotId: /);
    await fails(() => getChange(db!, 1), /^RecordChange\.slot of row 1: "chairman" is not leader, deputy or award:<code>$/);
  });
});
