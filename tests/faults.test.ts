// Faults: the same update twice, a busy database, Telegram's 429, 5xx and 403
// answers, a failing network, and a handler that throws.
import { spawn } from "node:child_process";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Harness, texts, type FakeUser } from "./harness/harness.js";
import { OCTOBER, answerAll, harnessWithLan, join } from "./harness/fixtures.js";
import type { Update } from "grammy/types";
import { waitersOn } from "../src/shared/db/sql.js";

let h: Harness;
let lan: FakeUser;

beforeEach(async () => {
  ({ h, lan } = await harnessWithLan());
});
afterEach(async () => h.close());

describe("faults", () => {
  it("the same update delivered twice is processed once", async () => {
    await lan.send("/report");
    const update = {
      update_id: 777777,
      message: { message_id: 9, date: 1, chat: { id: 200, type: "private", first_name: "Lan" }, from: { id: 200, is_bot: false, first_name: "Lan" }, text: "12" },
    } as unknown as Update;
    await h.app.bot.handleUpdate(update);
    expect(lan.lastText()).toContain("Câu 2/12");
    const before = h.tg.calls.length;
    await h.app.bot.handleUpdate(update); // redelivered
    expect(h.tg.calls.length).toBe(before);
    await lan.send("8");
    expect(lan.lastText()).toContain("Câu 3/12"); // "12" was not taken as the answer to question 2
  });

  it("a database locked for a moment by another writer is waited for, not reported as a failure", async () => {
    // Another process (a backup, a second bot by mistake) holds the write lock until the test lets it go.
    const file = h.config.databaseUrl.slice("file:".length);
    const other = spawn(
      process.execPath,
      ["-e", `const D = require("better-sqlite3"); const d = new D(${JSON.stringify(file)}); d.exec("BEGIN IMMEDIATE"); console.log("locked"); process.stdin.once("data", () => { d.exec("COMMIT"); d.close(); process.exit(0); });`],
      { cwd: process.cwd(), stdio: ["pipe", "pipe", "inherit"] },
    );
    const exited = new Promise((r) => other.on("exit", r));
    await new Promise<void>((resolve) => other.stdout.once("data", () => resolve()));
    const looks = waitersOn(h.db).heldLooks;
    let answered = false;
    const reply = lan.send("/lang en").then((calls) => ((answered = true), calls));
    // The change meets the lock and waits for it: the bot looks at the lock and finds it held, twice.
    await vi.waitFor(() => expect(waitersOn(h.db).heldLooks).toBeGreaterThanOrEqual(looks + 2), { timeout: 60_000 });
    expect(answered).toBe(false);
    other.stdin.write("go\n");
    await exited;
    expect(texts(await reply)).toEqual(["Language set to English."]);
    expect((await h.db.person.findFirstOrThrow({ where: { telegramId: BigInt(200) } })).locale).toBe("en");
  });

  it("a 5xx answer is retried and the person still gets the answer", async () => {
    h.tg.fail((c) => c.method === "sendMessage", 502, "Bad Gateway", { times: 1 });
    const calls = await lan.send("/whoami");
    expect(calls.filter((c) => c.method === "sendMessage")).toHaveLength(2);
    expect(lan.lastText()).toContain("Cán bộ đầu mối — Hải Phòng");
  });

  it("a 429 answer is retried after the delay Telegram gives", async () => {
    h.tg.fail((c) => c.method === "sendMessage", 429, "Too Many Requests: retry after 1", { times: 1, retry_after: 1 });
    const t0 = Date.now();
    await lan.send("/whoami");
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
    expect(lan.lastText()).toContain("Cán bộ đầu mối");
  });

  it("a network failure is retried a bounded number of times", async () => {
    h.tg.dropConnections(1);
    await lan.send("/whoami");
    expect(lan.lastText()).toContain("Cán bộ đầu mối");
    h.tg.dropConnections(10); // more than the retries: the update fails, nothing crashes
    await lan.send("/whoami");
    expect(h.logs.join("")).toContain("update failed");
    h.tg.dropConnections(0);
    await lan.send("/whoami");
    expect(lan.lastText()).toContain("Cán bộ đầu mối");
  });

  it("a person who blocked the bot mid-report does not stop the bot for others", async () => {
    await lan.send("/report");
    h.tg.block(200);
    await answerAll(lan, OCTOBER.slice(0, 2));
    h.tg.clearFailures();
    const minh = await join(h, 300, "Minh", "QN", "focal");
    await minh.send("/whoami");
    expect(minh.lastText()).toContain("Quảng Ninh");
  });

  it("a handler that fails answers politely in the person's language and logs the cause", async () => {
    const admin = h.user(1, "Admin");
    await h.db.$executeRawUnsafe('DROP TABLE "AuditEvent"'); // every admin change writes an audit line
    await admin.send("/addboard HB | Hòa Bình | Ban Quản lý các KCN Hòa Bình");
    expect(admin.lastText()).toBe("Xin lỗi, đã có lỗi xảy ra. Vui lòng thử lại sau ít phút.");
    expect(h.logs.join("")).toContain("update failed");
    expect(h.logs.join("")).not.toContain("TEST_TOKEN");
  });
});
