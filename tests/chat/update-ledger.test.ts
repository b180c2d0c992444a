// The update ledger under the runner's way of delivering: a getUpdates batch
// handled concurrently, each id recorded (one statement) before its update is handled (chat/middleware/update-ledger.ts).
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Harness, texts, type FakeUser } from "../harness/harness.js";
import { harnessWithLan, join } from "../harness/fixtures.js";
import { sqlOf, waitersOn } from "../../src/shared/db/sql.js";
import type { ApiCall } from "../harness/fake-telegram.js";

let h: Harness;
let lan: FakeUser;
let minh: FakeUser;

beforeEach(async () => {
  ({ h, lan } = await harnessWithLan());
  minh = await join(h, 201, "Minh", "QN", "focal");
});
afterEach(async () => h.close());

const to = (calls: ApiCall[], chatId: number) => texts(calls.filter((c) => c.payload.chat_id === chatId));

/** Counts the ledger's insert statements (each one statement, one commit) while `fn` runs. */
async function countingLedgerWrites<T>(fn: () => Promise<T>): Promise<{ result: T; writes: number }> {
  const sql = await sqlOf(h.db);
  const { all, get } = sql;
  let writes = 0;
  const count = (query: string) => {
    if (query.startsWith(`INSERT OR IGNORE INTO "ProcessedUpdate"`)) writes++;
  };
  sql.all = (query, ...params) => (count(query), all(query, ...params));
  sql.get = (query, ...params) => (count(query), get(query, ...params));
  try {
    return { result: await fn(), writes };
  } finally {
    Object.assign(sql, { all, get });
  }
}

/** Another connection to the bot's database file, as another process would open it. */
async function otherConnection() {
  const Database = (await import("better-sqlite3")).default;
  return new Database(h.config.databaseUrl.slice("file:".length));
}

const SORRY = "Xin lỗi, đã có lỗi xảy ra. Vui lòng thử lại sau ít phút.";

describe("update ledger", () => {
  it("records each update of a batch with one statement before handling it, and handles a duplicate inside the batch once", async () => {
    const a = h.textUpdate(lan, "/whoami");
    const b = h.textUpdate(minh, "/whoami");
    const c = h.textUpdate(minh, "/help");
    const { result: calls, writes } = await countingLedgerWrites(() => h.deliverBatch([a, b, a, c]));
    expect(writes).toBe(4); // a, b, a again (ignored: already there), c
    expect(to(calls, 200)).toHaveLength(1); // Lan's /whoami, answered once though delivered twice
    expect(to(calls, 200)[0]).toContain("Lan");
    expect(to(calls, 201)).toHaveLength(2);
    const ids = await h.db.processedUpdate.findMany({ where: { updateId: { in: [a.update_id, b.update_id, c.update_id] } } });
    expect(ids).toHaveLength(3);
    // Delivered again later (a restart before the offset was confirmed): nothing happens.
    expect(await h.deliverBatch([a, b, c])).toEqual([]);
  });

  it("keeps the order of one person's updates that arrive in the same batch", async () => {
    // "/report" and the first answer fetched together: the answer must not overtake the command.
    const calls = await h.deliverBatch([h.textUpdate(lan, "/report"), h.textUpdate(lan, "12"), h.textUpdate(minh, "/whoami")]);
    expect(to(calls, 200)[0]).toContain("Câu 1/12");
    expect(to(calls, 200).at(-1)).toContain("Câu 2/12");
    expect(to(calls, 201)).toHaveLength(1);
  });

  it("handles none of a batch whose ids could not be recorded, answers each person, and takes the batch when delivered again", async () => {
    const other = await otherConnection();
    // The disk refuses the ledger's writes for a moment (as a full disk would).
    other.exec(`CREATE TRIGGER "ledger_refuses" BEFORE INSERT ON "ProcessedUpdate" BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    const batch = [h.textUpdate(lan, "/whoami"), h.textUpdate(minh, "/whoami"), h.textUpdate(lan, "/lang en")];
    const failed = await h.deliverBatch(batch);
    expect(to(failed, 200)).toEqual([SORRY, SORRY]);
    expect(to(failed, 201)).toEqual([SORRY]);
    expect(await h.db.processedUpdate.count({ where: { updateId: { in: batch.map((u) => u.update_id) } } })).toBe(0);
    expect((await h.db.person.findFirstOrThrow({ where: { telegramId: 200n } })).locale).not.toBe("en"); // /lang was not handled
    other.exec(`DROP TRIGGER "ledger_refuses"`);
    other.close();
    // Telegram delivers the same batch again: now it is handled, once.
    const calls = await h.deliverBatch(batch);
    expect(to(calls, 200)).toHaveLength(2);
    expect(to(calls, 200)[1]).toBe("Language set to English.");
    expect(to(calls, 201)).toHaveLength(1);
  });

  it("fails only the update whose id cannot be recorded, not the others of its batch", async () => {
    const lans = h.textUpdate(lan, "/whoami");
    const minhs = h.textUpdate(minh, "/whoami");
    const other = await otherConnection();
    other.exec(`CREATE TRIGGER "ledger_refuses_one" BEFORE INSERT ON "ProcessedUpdate" WHEN NEW."updateId" = ${minhs.update_id} BEGIN SELECT RAISE(ABORT, 'bad row'); END`);
    other.close();
    const calls = await h.deliverBatch([lans, minhs]);
    expect(to(calls, 200)).toHaveLength(1);
    expect(to(calls, 200)[0]).toContain("Lan");
    expect(to(calls, 201)).toEqual([SORRY]);
  });

  it("waits for a transaction open on the connection instead of writing into it, so a rollback cannot undo the record", async () => {
    const update = h.textUpdate(lan, "/whoami");
    let handled: Promise<ApiCall[]> | undefined;
    const me = await h.db.person.findFirstOrThrow({ where: { telegramId: 200n } });
    await h.db
      .$transaction(async (tx) => {
        await tx.person.update({ where: { id: me.id }, data: { locale: "en" } });
        const before = h.tg.calls.length;
        handled = h.deliverBatch([update]); // arrives while another update's transaction is open
        // Its record reaches the connection and queues behind the transaction (an event, not a pause).
        await vi.waitFor(() => expect(waitersOn(h.db).forTransaction).toBeGreaterThan(0), { timeout: 60_000 });
        expect(h.tg.calls.length).toBe(before); // not handled yet: its id is not recorded yet
        throw new Error("roll back");
      }, { timeout: 120_000 }) // Prisma's 5 s would cut a transaction on a loaded machine
      .catch((e: Error) => expect(e.message).toBe("roll back"));
    expect(to(await handled!, 200)).toHaveLength(1);
    expect((await h.db.person.findUniqueOrThrow({ where: { id: me.id } })).locale).not.toBe("en"); // the transaction was undone…
    expect(await h.db.processedUpdate.count({ where: { updateId: update.update_id } })).toBe(1); // …the record was not
    expect(await h.deliverBatch([update])).toEqual([]); // delivered again: nothing happens
  });
});
