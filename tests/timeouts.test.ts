// Every Bot API call and file download has a time limit (TELEGRAM_TIMEOUT_SECONDS,
// 30 s by default, 0.2 s here): a call Telegram never answers is cut, in a
// handler, inside a conversation, in a scheduled job and for a file download.
// grammY's limit runs on real timers, so the limit is short here rather than
// the clock moved.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Harness, type FakeUser } from "./harness/harness.js";
import { ADMIN_ID, OCTOBER, harnessWithLan, join } from "./harness/fixtures.js";
import { blocWithSchedule, TEST_SCHEDULE } from "./harness/bloc-files.js";
import type { ApiCall } from "./harness/fake-telegram.js";

let h: Harness;
let lan: FakeUser;

beforeEach(async () => {
  ({ h, lan } = await harnessWithLan({ env: { TELEGRAM_TIMEOUT_SECONDS: "0.2" } }));
});
afterEach(async () => h.close());

const toLan = (c: ApiCall) => c.method === "sendMessage" && Number(c.payload.chat_id) === 200;
const logs = () => h.logs.join("");

describe("a Bot API call that gets no answer", () => {
  it("is cut by the time limit in a handler: each try aborted, the update ends as a failure, the chat works again", async () => {
    h.tg.hang(toLan);
    await lan.send("/whoami"); // settles: without the limit this would wait for ever
    // The first try and the two network retries, each aborted by the limit; the
    // polite error message to the same chat hangs and is cut too.
    expect(h.tg.hung.filter((x) => x.call.method === "sendMessage").length).toBeGreaterThanOrEqual(3);
    expect(h.tg.hung.every((x) => x.aborted)).toBe(true);
    expect(logs()).toContain("update failed");
    expect(logs()).toContain("timed out after 0.2 seconds");

    h.tg.clearFailures();
    await lan.send("/whoami");
    expect(lan.lastText()).toContain("Cán bộ đầu mối — Hải Phòng");
  });

  it("is cut inside a conversation (which builds its own Api from the bot's options), and the answer it took is kept", async () => {
    await lan.send("/report");
    expect(lan.lastText()).toContain("Câu 1/12");
    h.tg.hang(toLan);
    await lan.send(OCTOBER[0]!);
    expect(h.tg.hung.length).toBeGreaterThanOrEqual(1);
    expect(h.tg.hung.every((x) => x.aborted)).toBe(true);
    expect(logs()).toContain("timed out after 0.2 seconds");

    // The failed send ends the conversation (as any failed send there does); the
    // answer it took is in the draft, and /report offers to go on from it.
    h.tg.clearFailures();
    await lan.send("/report");
    expect(lan.lastText()).toContain("(1/12 mục)");
  });

  it("is cut for a scheduled job: the reminder to the chat that hangs fails alone, the others are sent", async () => {
    await h.close();
    const vn = (local: string) => new Date(`${local}+07:00`);
    h = await Harness.create({ now: vn("2026-11-01T08:00:00").toISOString(), blocFile: blocWithSchedule(TEST_SCHEDULE), env: { TELEGRAM_TIMEOUT_SECONDS: "0.2" } });
    lan = await join(h, 200, "Lan", "HP", "focal");
    const minh = await join(h, 300, "Minh", "QN", "focal");
    h.tg.hang(toLan);
    h.clock.set(vn("2026-11-02T09:00:00")); // the d-3 reminder slot
    const before = h.tg.calls.length;
    await h.app.scheduler.tick(); // settles: the hung send was cut
    const sent = h.tg.calls.slice(before).filter((c) => c.method === "sendMessage");
    expect(sent.filter((c) => Number(c.payload.chat_id) === minh.id)).toHaveLength(1);
    expect(minh.lastText()).toContain("chưa gửi báo cáo tháng 10/2026");
    expect(h.tg.hung.length).toBeGreaterThanOrEqual(1);
    expect(h.tg.hung.every((x) => x.aborted && Number(x.call.payload.chat_id) === lan.id)).toBe(true);
  });
});

describe("a file download that gets no answer", () => {
  it("is cut by the same limit: the admin is answered, nothing is imported", async () => {
    const admin = h.user(ADMIN_ID, "Admin");
    h.tg.hang((c) => c.method === "file");
    const csv = new TextEncoder().encode("board,period,fdi_new\nHN,2025-10,3\n");
    await admin.sendDocument("history.csv", csv, "/import");
    expect(h.tg.hung.map((x) => [x.call.method, x.aborted])).toEqual([["file", true]]);
    expect(logs()).toContain("file download timed out after 0.2 s");
    // The import says the file could not be fetched (src/features/summaries/chat.ts, runImport).
    expect(admin.lastText()).toBe("Không tải được tệp. Vui lòng thử lại.");
    expect(await h.db.report.count()).toBe(0);
  });
});
