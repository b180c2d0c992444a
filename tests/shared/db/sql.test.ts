// Direct SQL on Prisma's own connection (src/shared/db/sql.ts) and the WAL checkpoints
// moved off the answers' path (openDb, the housekeeping job).
import { afterEach, describe, expect, it, vi } from "vitest";
import { WAL_AUTOCHECKPOINT_PAGES, checkpointWal } from "../../../src/shared/db/client.js";
import { sqlDate, sqlOf, waitersOn } from "../../../src/shared/db/sql.js";
import { getDraft, saveDraft } from "../../../src/features/reports/store.js";
import { conversationStore } from "../../../src/chat/conversations/storage.js";
import Database from "better-sqlite3";
import { sqlitePath } from "../../../src/shared/db/client.js";
import { findPerson } from "../../../src/shared/db/people.js";
import { Harness } from "../../harness/harness.js";
import { join as joinAs } from "../../harness/fixtures.js";

let h: Harness;
afterEach(async () => {
  await h.close();
});

/** Lan, focal person of HP, and the month her /report opened. */
async function personWithOpenMonth() {
  h = await Harness.create();
  const lan = await joinAs(h, 200, "Lan", "HP", "focal");
  await lan.send("/report"); // opens the month
  await lan.send("/cancel");
  const person = await h.db.person.findFirstOrThrow({ where: { telegramId: 200n } });
  const board = await h.db.board.findFirstOrThrow({ where: { code: "HP" } });
  const period = await h.db.period.findFirstOrThrow();
  return { lan, person, board, period };
}

describe("direct SQL", () => {
  it("writes dates Prisma reads back, and reads what Prisma wrote", async () => {
    const { person, board, period } = await personWithOpenMonth();
    const at = new Date("2026-11-03T04:05:06.789Z");
    await saveDraft(h.db, { personId: person.id, boardId: board.id, periodId: period.id }, { fdi_new: 3 }, 0, at);
    // Written directly, read by Prisma: the same instant, the same values.
    const viaPrisma = await h.db.reportDraft.findFirstOrThrow({ where: { personId: person.id } });
    expect(viaPrisma.updatedAt.toISOString()).toBe(at.toISOString());
    expect(viaPrisma.valuesJson).toEqual({ fdi_new: 3 });
    // Written by Prisma, read directly.
    const later = new Date("2026-11-04T00:00:00.000Z");
    await h.db.reportDraft.update({ where: { id: viaPrisma.id }, data: { closedAt: later, updatedAt: later, valuesJson: { fdi_new: 4 } } });
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

  it("writes conversation state and drafts outside another update's open transaction, so its rollback cannot undo them", async () => {
    const { person, board, period } = await personWithOpenMonth();
    const storage = conversationStore(h.db, h.clock);
    const state = { version: [0, 1], state: { n: 1 } };
    let writes: Promise<unknown> | undefined;
    let done = false;
    let inside: { done: boolean; waiting: number } | undefined;
    await h.db
      .$transaction(
        async (tx) => {
          await tx.person.update({ where: { id: person.id }, data: { locale: "en" } });
          // Between two statements of that transaction, on the same connection:
          writes = Promise.all([
            storage.write("c-test", state, `{"id":"report"}`),
            saveDraft(h.db, { personId: person.id, boardId: board.id, periodId: period.id }, { fdi_new: 3 }, 0, new Date()),
          ]).then(() => (done = true));
          // Both reach the connection and queue behind the transaction (an event, not a pause).
          await vi.waitFor(() => expect(waitersOn(h.db).forTransaction).toBe(2), { timeout: 60_000 });
          inside = { done, waiting: waitersOn(h.db).forTransaction };
          throw new Error("roll back");
        },
        { timeout: 120_000 },
      )
      .catch((e: Error) => expect(e.message).toBe("roll back"));
    expect(inside).toEqual({ done: false, waiting: 2 }); // they waited for it to end
    await writes;
    expect((await h.db.person.findUniqueOrThrow({ where: { id: person.id } })).locale).not.toBe("en");
    expect(await storage.read("c-test")).toEqual({ value: state, dialogue: `{"id":"report"}` });
    expect((await getDraft(h.db, person.id, board.id, period.id))?.values).toEqual({ fdi_new: 3 });
  });

  it("binds parameters: a key full of SQL stays a key", async () => {
    h = await Harness.create();
    await joinAs(h, 200, "Lan", "HP", "focal");
    const people = async () => (await h.db.person.findMany({ orderBy: { id: "asc" } })).map((p) => [p.telegramId, p.firstName]);
    expect(await people()).toEqual([[1n, "Admin"], [200n, "Lan"]]);
    const sql = await sqlOf(h.db);
    const key = `x'); DROP TABLE "Person"; --`;
    expect(sql.run(`INSERT INTO "ConversationState" ("key", "value", "updatedAt") VALUES (?, ?, ?)`, key, "{}", sqlDate(new Date()))).toBe(1);
    expect(sql.get<{ key: string }>(`SELECT "key" FROM "ConversationState" WHERE "key" = ?`, key)?.key).toBe(key);
    expect(sql.all<{ key: string }>(`SELECT "key" FROM "ConversationState"`)).toEqual([{ key }]); // one row, the whole text as its key
    expect(await people()).toEqual([[1n, "Admin"], [200n, "Lan"]]); // the table and its people are still there
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

describe("the lookup of people and roles", () => {
  it("sees every change, whichever connection makes it, and nothing of a rolled-back one", async () => {
    h = await Harness.create();
    await joinAs(h, 200, "Lan", "HP", "focal");
    const first = await findPerson(h.db, 200);
    expect(first?.roles.map((r) => r.role)).toEqual(["focal"]);
    expect(await findPerson(h.db, 999)).toBeNull();

    // A role revoked through Prisma.
    await h.db.role.updateMany({ where: { personId: first!.id }, data: { revokedAt: new Date() } });
    expect((await findPerson(h.db, 200))?.roles).toEqual([]);

    // A board renamed by another connection (another process, a script).
    const other = new Database(sqlitePath(h.config.databaseUrl));
    other.pragma("busy_timeout = 5000");
    await h.db.role.updateMany({ where: { personId: first!.id }, data: { revokedAt: null } });
    other.prepare(`UPDATE "Board" SET "shortName" = 'Hải Phòng mới' WHERE "code" = 'HP'`).run();
    expect((await findPerson(h.db, 200))?.roles[0]?.boardName).toBe("Hải Phòng mới");
    // …and registered from elsewhere: the stranger is found now.
    other.prepare(`INSERT INTO "Person" ("telegramId", "firstName", "lastSeenAt", "createdAt") VALUES (999, 'Mai', '2026-11-01T00:00:00.000+00:00', '2026-11-01T00:00:00.000+00:00')`).run();
    other.prepare(`INSERT INTO "MessengerAccount" ("personId", "messenger", "externalId", "chatId", "createdAt") SELECT "id", 'telegram', '999', 999, "createdAt" FROM "Person" WHERE "telegramId" = 999`).run();
    expect((await findPerson(h.db, 999))?.firstName).toBe("Mai");
    other.close();

    // A role granted inside a transaction that rolls back: seen while it is open
    // (same connection), gone after.
    let seenInside: string[] | undefined;
    await h.db
      .$transaction(async (tx) => {
        await tx.role.create({ data: { key: `${first!.id}:admin:*`, personId: first!.id, role: "admin", grantedAt: new Date() } });
        seenInside = (await findPerson(h.db, 200))?.roles.map((r) => r.role);
        throw new Error("roll back");
      })
      .catch(() => undefined);
    expect(seenInside).toEqual(["focal", "admin"]);
    expect((await findPerson(h.db, 200))?.roles.map((r) => r.role)).toEqual(["focal"]);
    await h.db.person.update({ where: { id: first!.id }, data: { locale: "en" } });
    expect(await findPerson(h.db, 200)).toMatchObject({ locale: "en", roles: [{ role: "focal" }] });
  });

  it("sets up a connection opened again after a disconnect like the first", async () => {
    h = await Harness.create();
    await h.db.$disconnect();
    const sql = await sqlOf(h.db);
    expect(sql.get<{ foreign_keys: number }>("PRAGMA foreign_keys")?.foreign_keys).toBe(1);
    expect(sql.get<{ secure_delete: number }>("PRAGMA secure_delete")?.secure_delete).toBe(1);
    expect(sql.get<{ synchronous: number }>("PRAGMA synchronous")?.synchronous).toBe(1); // NORMAL
    expect(sql.get<{ wal_autocheckpoint: number }>("PRAGMA wal_autocheckpoint")?.wal_autocheckpoint).toBe(WAL_AUTOCHECKPOINT_PAGES);
  });

  it("hands out frozen objects: no handler can change what the next update sees", async () => {
    h = await Harness.create();
    await joinAs(h, 200, "Lan", "HP", "focal");
    const p = await findPerson(h.db, 200);
    expect(Object.isFrozen(p)).toBe(true);
    expect(Object.isFrozen(p!.roles)).toBe(true);
    expect(Object.isFrozen(p!.roles[0])).toBe(true);
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
    // An answer, scheduler ticks, another answer: the housekeeping checkpointed,
    // so the WAL holds only the second answer, not both. (Two ticks: the jobs run
    // side by side, and the first one's reminder claims may land after its checkpoint.)
    await lan.send("12");
    await h.app.scheduler.tick();
    await h.app.scheduler.tick();
    await lan.send("13");
    const afterTick = await checkpointWal(h.db);
    expect(afterTick.busy).toBe(false);
    expect(afterTick.logFrames).toBeGreaterThan(0);
    expect(afterTick.logFrames).toBeLessThanOrEqual(oneAnswer.logFrames + 2);
  });
});
