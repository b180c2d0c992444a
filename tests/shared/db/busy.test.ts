// A write lock held by another connection (a backup, an admin's sqlite3): the
// bot waits for it on timers, not inside a statement, so the event loop goes on,
// other chats are answered, writes land once the lock goes, and a lock held past
// the bound ends in a polite answer (shared/db/busy.ts).
import Database from "better-sqlite3";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Harness, texts, type FakeUser } from "../../harness/harness.js";
import { harnessWithLan, join } from "../../harness/fixtures.js";
import { sqlOf, waitersOn } from "../../../src/shared/db/sql.js";

let h: Harness;
let lan: FakeUser;
let minh: FakeUser;
let hung: FakeUser;
let other: Database.Database | null = null;

async function setUp(env: Record<string, string> = {}) {
  ({ h, lan } = await harnessWithLan({ env }));
  minh = await join(h, 201, "Minh", "QN", "focal");
  hung = await join(h, 202, "Hùng", "QN", "head");
}

afterEach(async () => {
  if (other?.inTransaction) other.exec("ROLLBACK");
  other?.close();
  other = null;
  await h.close();
});

/** Holds the database's write lock from a connection of its own, as another process would, until `release`. */
function holdWriteLock() {
  other = new Database(h.config.databaseUrl.slice("file:".length));
  other.exec("BEGIN IMMEDIATE");
  const conn = other;
  return {
    held: () => conn.inTransaction,
    release: () => conn.exec("COMMIT"),
  };
}

/**
 * The loop is never held by a lock: no statement of the bot's connection waits
 * inside SQLite (busy_timeout 0: a statement that meets the lock fails at once
 * and the wait is a timer). The lock here is held by a connection of this very
 * process, so a statement waiting inside SQLite would hold the loop until its
 * timeout, since nothing could release the lock meanwhile. How long the loop
 * stands still is measured in bench/busy.bench.ts, not here.
 */
async function expectNoWaitInsideSqlite(): Promise<void> {
  expect((await sqlOf(h.db)).get<{ timeout: number }>("PRAGMA busy_timeout")).toEqual({ timeout: 0 });
}

/** Waits until the bot has looked at the lock and found it held `n` more times: its writes are waiting, on timers. */
async function waitForLooks(n: number): Promise<void> {
  const from = waitersOn(h.db).heldLooks;
  await vi.waitFor(() => expect(waitersOn(h.db).heldLooks).toBeGreaterThanOrEqual(from + n), { timeout: 60_000 });
}

const settled = <T,>(p: Promise<T>) => {
  const state = { done: false };
  void p.then(() => (state.done = true), () => (state.done = true));
  return state;
};

describe("a write lock held by another connection", () => {
  it("other chats are answered, waiting writes land after the release, and the loop is never held", async () => {
    await setUp();
    await lan.send("/report");
    expect(lan.lastText()).toContain("Câu 1/12");
    const recorded = await h.db.processedUpdate.count();
    const lock = holdWriteLock();

    // Writes meet the lock: a report answer (direct SQL: draft and dialogue state),
    // a language change (Prisma), and a transaction (Prisma's batch).
    const answer = lan.send("12");
    const language = minh.send("/lang en");
    const transaction = h.db.$transaction([
      h.db.auditEvent.create({ data: { action: "test.a", at: new Date() } }),
      h.db.auditEvent.create({ data: { action: "test.b", at: new Date() } }),
    ]);
    const waiting = [settled(answer), settled(language), settled(transaction)];

    // Meanwhile a third person is answered: reads need no lock in WAL mode.
    const whoami = await hung.send("/whoami");
    expect(texts(whoami).join("\n")).toContain("Lãnh đạo Ban — Quảng Ninh");
    expect(lock.held()).toBe(true);
    await vi.waitFor(() => expect(waitersOn(h.db).forOtherProcess).toBeGreaterThanOrEqual(3), { timeout: 60_000 });
    await waitForLooks(3);
    expect(waiting.map((w) => w.done)).toEqual([false, false, false]); // still waiting, not failed
    expect(lock.held()).toBe(true);
    await expectNoWaitInsideSqlite();

    lock.release();
    const [answered, changed] = await Promise.all([answer, language, transaction]);
    expect(texts(answered.filter((c) => c.payload.chat_id === lan.id)).join("\n")).toContain("Câu 2/12");
    expect(texts(changed.filter((c) => c.payload.chat_id === minh.id))).toEqual(["Language set to English."]);
    expect(await h.db.auditEvent.count({ where: { action: { startsWith: "test." } } })).toBe(2);
    expect((await h.db.reportDraft.findFirstOrThrow()).valuesJson).toEqual({ fdi_new: 12 });
    // The three updates handled during the lock are in the ledger once it went.
    await vi.waitFor(async () => expect(await h.db.processedUpdate.count()).toBe(recorded + 3), { timeout: 60_000 });
  });

  it("an update delivered twice while the lock is held is handled once, and recorded after", async () => {
    await setUp();
    const lock = holdWriteLock();
    const update = h.textUpdate(minh, "/whoami");
    const first = await h.deliverBatch([update, update]);
    expect(texts(first).filter((t) => t.includes("Minh"))).toHaveLength(1);
    expect(await h.deliverBatch([update])).toEqual([]); // again, still during the lock
    lock.release();
    await vi.waitFor(async () => expect(await h.db.processedUpdate.findUnique({ where: { updateId: update.update_id } })).not.toBeNull(), { timeout: 60_000 });
    expect(await h.deliverBatch([update])).toEqual([]); // and after it
  });

  it("a lock held past the bound: the person is told politely, the loop still runs, the bot recovers", async () => {
    await setUp({ DB_BUSY_WAIT_MS: "600" });
    const lock = holdWriteLock();
    const t0 = Date.now();
    const change = minh.send("/lang en");
    await waitForLooks(1);
    // While Minh's change waits, Hùng is answered: the loop runs.
    expect(texts(await hung.send("/whoami")).join("\n")).toContain("Lãnh đạo Ban — Quảng Ninh");
    const calls = (await change).filter((c) => c.payload.chat_id === minh.id);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(500); // the bound, on the bot's own timers
    expect(texts(calls)).toEqual(["Hiện bot chưa lưu được dữ liệu vì cơ sở dữ liệu đang bận (sao lưu, bảo trì). Anh/Chị vui lòng thử lại sau một phút."]);
    expect(lock.held()).toBe(true);
    expect(h.logs.join("")).toContain("the database stayed locked by another process");
    await expectNoWaitInsideSqlite();
    lock.release();
    await minh.send("/lang en");
    expect(minh.lastText()).toBe("Language set to English.");
  });
});

describe("a long chain of queries", () => {
  it("lets the event loop turn: Prisma's answers on this adapter settle at once, and would otherwise hold it to the end", async () => {
    await setUp();
    // Queries one after another, as a job reading board by board, until a 1 ms
    // timer has run five times. Without turns the timer never runs while the
    // chain goes on: it ends at the bound, the timer still silent.
    let turns = 0;
    const timer = setInterval(() => turns++, 1);
    let queries = 0;
    try {
      while (turns < 5 && queries < 20_000) {
        await h.db.board.findMany();
        queries++;
      }
    } finally {
      clearInterval(timer);
    }
    expect(turns).toBe(5);
    expect(queries).toBeLessThan(20_000);
  });
});
