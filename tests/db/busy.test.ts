// A write lock held by another connection (a backup, an admin's sqlite3): the
// bot waits for it on timers, not inside a statement, so the event loop goes on,
// other chats are answered, writes land once the lock goes, and a lock held past
// the bound ends in a polite answer (db/busy.ts).
import Database from "better-sqlite3";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Harness, texts, type FakeUser } from "../harness/harness.js";
import { harnessWithLan, join } from "../harness/fixtures.js";

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

/** The longest time the event loop went without running a 5 ms timer, while watched. */
function watchLoop() {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 5);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(longest, performance.now() - last);
    },
  };
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
    const loop = watchLoop();
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
    await new Promise((r) => setTimeout(r, 300));
    expect(waiting.map((w) => w.done)).toEqual([false, false, false]); // still waiting, not failed
    expect(lock.held()).toBe(true);

    lock.release();
    const [answered, changed] = await Promise.all([answer, language, transaction]);
    expect(texts(answered.filter((c) => c.payload.chat_id === lan.id)).join("\n")).toContain("Câu 2/12");
    expect(texts(changed.filter((c) => c.payload.chat_id === minh.id))).toEqual(["Language set to English."]);
    expect(await h.db.auditEvent.count({ where: { action: { startsWith: "test." } } })).toBe(2);
    expect(JSON.parse((await h.db.reportDraft.findFirstOrThrow()).valuesJson)).toEqual({ fdi_new: 12 });
    // The three updates handled during the lock are in the ledger once it went.
    await vi.waitFor(async () => expect(await h.db.processedUpdate.count()).toBe(recorded + 3), { timeout: 5000 });
    // The lock was held for more than 300 ms; the loop never stood still for a fraction of that.
    expect(loop.stop()).toBeLessThan(250);
  });

  it("an update delivered twice while the lock is held is handled once, and recorded after", async () => {
    await setUp();
    const lock = holdWriteLock();
    const update = h.textUpdate(minh, "/whoami");
    const first = await h.deliverBatch([update, update]);
    expect(texts(first).filter((t) => t.includes("Minh"))).toHaveLength(1);
    expect(await h.deliverBatch([update])).toEqual([]); // again, still during the lock
    lock.release();
    await vi.waitFor(async () => expect(await h.db.processedUpdate.findUnique({ where: { updateId: update.update_id } })).not.toBeNull(), { timeout: 5000 });
    expect(await h.deliverBatch([update])).toEqual([]); // and after it
  });

  it("a lock held past the bound: the person is told politely, the loop still runs, the bot recovers", async () => {
    await setUp({ DB_BUSY_WAIT_MS: "600" });
    const loop = watchLoop();
    const lock = holdWriteLock();
    const t0 = Date.now();
    const calls = await minh.send("/lang en");
    expect(Date.now() - t0).toBeGreaterThanOrEqual(500);
    expect(texts(calls)).toEqual(["Hiện bot chưa lưu được dữ liệu vì cơ sở dữ liệu đang bận (sao lưu, bảo trì). Anh/Chị vui lòng thử lại sau một phút."]);
    expect(lock.held()).toBe(true);
    expect(h.logs.join("")).toContain("the database stayed locked by another process");
    expect(loop.stop()).toBeLessThan(250);
    lock.release();
    await minh.send("/lang en");
    expect(minh.lastText()).toBe("Language set to English.");
  });
});
