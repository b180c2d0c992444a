// Direct SQL on Prisma's own connection (src/db/sql.ts) and the WAL checkpoints
// moved off the answers' path (openDb, the housekeeping job).
import { afterEach, describe, expect, it } from "vitest";
import { WAL_AUTOCHECKPOINT_PAGES, checkpointWal } from "../../src/db/client.js";
import { sqlDate, sqlOf } from "../../src/db/sql.js";
import { getDraft, saveDraft } from "../../src/db/reports.js";
import { Harness } from "../harness/harness.js";
import { join as joinAs } from "../harness/fixtures.js";

let h: Harness;
afterEach(async () => {
  await h.close();
});

describe("direct SQL", () => {
  it("writes dates Prisma reads back, and reads what Prisma wrote", async () => {
    h = await Harness.create();
    const lan = await joinAs(h, 200, "Lan", "HP", "focal");
    await lan.send("/report"); // opens the month
    await lan.send("/cancel");
    const person = await h.db.person.findFirstOrThrow({ where: { telegramId: 200n } });
    const board = await h.db.board.findFirstOrThrow({ where: { code: "HP" } });
    const period = await h.db.period.findFirstOrThrow();
    const at = new Date("2026-11-03T04:05:06.789Z");
    await saveDraft(h.db, { personId: person.id, boardId: board.id, periodId: period.id }, { fdi_new: 3 }, 0, at);
    // Written directly, read by Prisma: the same instant, the same values.
    const viaPrisma = await h.db.reportDraft.findFirstOrThrow({ where: { personId: person.id } });
    expect(viaPrisma.updatedAt.toISOString()).toBe(at.toISOString());
    expect(JSON.parse(viaPrisma.valuesJson)).toEqual({ fdi_new: 3 });
    // Written by Prisma, read directly.
    const later = new Date("2026-11-04T00:00:00.000Z");
    await h.db.reportDraft.update({ where: { id: viaPrisma.id }, data: { closedAt: later, updatedAt: later, valuesJson: JSON.stringify({ fdi_new: 4 }) } });
    const direct = await getDraft(h.db, person.id, board.id, period.id);
    expect(direct).toMatchObject({ values: { fdi_new: 4 }, closedAt: later, updatedAt: later });
    // Saving again reopens the draft (the upsert's update branch).
    const latest = new Date("2026-11-05T00:00:00.000Z");
    await saveDraft(h.db, { personId: person.id, boardId: board.id, periodId: period.id }, { fdi_new: 5 }, 0, latest);
    expect(await getDraft(h.db, person.id, board.id, period.id)).toMatchObject({ values: { fdi_new: 5 }, closedAt: null, updatedAt: latest });
    // Prisma compares the directly written date like its own.
    expect(await h.db.reportDraft.count({ where: { updatedAt: { lt: new Date("2026-11-05T00:00:00.001Z") } } })).toBe(1);
    expect(await h.db.reportDraft.count({ where: { updatedAt: { lt: latest } } })).toBe(0);
    expect(sqlDate(at)).toBe("2026-11-03T04:05:06.789+00:00");
  });

  it("binds parameters: a key full of SQL stays a key", async () => {
    h = await Harness.create();
    const sql = await sqlOf(h.db);
    const key = `x'); DROP TABLE "Person"; --`;
    expect(sql.run(`INSERT INTO "ConversationState" ("key", "value", "updatedAt") VALUES (?, ?, ?)`, key, "{}", sqlDate(new Date()))).toBe(1);
    expect(sql.get<{ key: string }>(`SELECT "key" FROM "ConversationState" WHERE "key" = ?`, key)?.key).toBe(key);
    expect(await h.db.person.count()).toBeGreaterThanOrEqual(0); // the table is still there
  });

  it("reconnects after Prisma disconnected", async () => {
    h = await Harness.create();
    await joinAs(h, 200, "Lan", "HP", "focal");
    await h.db.$disconnect();
    const sql = await sqlOf(h.db);
    expect(sql.get<{ n: number }>(`SELECT count(*) AS n FROM "Person" WHERE "telegramId" = ?`, 200)?.n).toBe(1);
    // Prisma and the direct statements share that new connection.
    expect(await h.db.person.count({ where: { telegramId: 200n } })).toBe(1);
  });
});

describe("WAL checkpoints", () => {
  it("are left to the housekeeping job, with SQLite's automatic one as a backstop", async () => {
    h = await Harness.create();
    const sql = await sqlOf(h.db);
    expect(sql.get<{ wal_autocheckpoint: number }>("PRAGMA wal_autocheckpoint")?.wal_autocheckpoint).toBe(WAL_AUTOCHECKPOINT_PAGES);
    const lan = await joinAs(h, 200, "Lan", "HP", "focal");
    await lan.send("/report");
    // What one answer writes to the WAL (a checkpoint makes the next writer start it over).
    await checkpointWal(h.db);
    await lan.send("11");
    const oneAnswer = await checkpointWal(h.db);
    expect(oneAnswer.logFrames).toBeGreaterThan(0);
    expect(oneAnswer.checkpointed).toBe(oneAnswer.logFrames);
    // An answer, a scheduler tick, another answer: the tick's housekeeping
    // checkpointed, so the WAL holds only the second answer, not both.
    await lan.send("12");
    await h.app.scheduler.tick();
    await lan.send("13");
    const afterTick = await checkpointWal(h.db);
    expect(afterTick.busy).toBe(false);
    expect(afterTick.logFrames).toBeGreaterThan(0);
    expect(afterTick.logFrames).toBeLessThanOrEqual(oneAnswer.logFrames + 2);
  });
});
