// Reminders through a reporting month, with the fake clock and the fake Telegram.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Harness, type FakeGroup, type FakeUser } from "../../harness/harness.js";
import { blocWithSchedule, TEST_SCHEDULE } from "../../harness/bloc-files.js";
import { OCTOBER, fullReport, join } from "../../harness/fixtures.js";
import type { ApiCall } from "../../harness/fake-telegram.js";

let h: Harness;
let lan: FakeUser; // HP focal
let minh: FakeUser; // QN focal
let hoa: FakeUser; // QN focal too
let hung: FakeUser; // QN head
let group: FakeGroup;

/** Local time in Hà Nội → the instant. */
const vn = (local: string) => new Date(`${local}+07:00`);

beforeEach(async () => {
  h = await Harness.create({ now: vn("2026-11-01T08:00:00").toISOString(), blocFile: blocWithSchedule(TEST_SCHEDULE) });
  lan = await join(h, 200, "Lan", "HP", "focal");
  minh = await join(h, 300, "Minh", "QN", "focal");
  hoa = await join(h, 301, "Hoa", "QN", "focal", { language: "en" });
  await hoa.send("/lang en");
  hung = await join(h, 302, "Hùng", "QN", "head");
  group = h.group();
  await h.user(1, "Admin").sendIn(group, "/linkgroup");
});
afterEach(async () => h.close());

type Sent = { at: string; chat: number; text: string };

/** Moves the clock in steps to `until`, ticking the scheduler, and returns what it sent. */
async function runUntil(until: string, stepMinutes = 30): Promise<Sent[]> {
  const end = vn(until).getTime();
  const out: Sent[] = [];
  while (h.clock.now().getTime() < end) {
    h.clock.advance(Math.min(stepMinutes * 60_000, end - h.clock.now().getTime()));
    const before = h.tg.calls.length;
    await h.app.scheduler.tick();
    for (const c of h.tg.calls.slice(before)) if (c.method === "sendMessage") out.push(sentOf(c));
  }
  return out;
}

function sentOf(c: ApiCall): Sent {
  const local = new Date(h.clock.now().getTime() + 7 * 3600_000).toISOString().slice(0, 16);
  return { at: local, chat: Number(c.payload.chat_id), text: String(c.payload.text) };
}

const to = (sent: Sent[], chat: number) => sent.filter((s) => s.chat === chat);

describe("a reporting month", () => {
  it("reminds only those who owe, at the slots, escalating after the deadline", async () => {
    const first = await runUntil("2026-11-03T10:00:00");
    // d-3 at 09:00 on 2 November, to every focal person of boards without a report.
    expect(to(first, lan.id).map((s) => s.at)).toEqual(["2026-11-02T09:00"]);
    expect(to(first, lan.id)[0]!.text).toContain("<b>Hải Phòng</b> chưa gửi báo cáo tháng 10/2026. Hạn nộp 05/11/2026 17:00 (còn 3 ngày)");
    expect(to(first, minh.id)).toHaveLength(1);
    expect(to(first, hoa.id)[0]!.text).toContain("has not sent its October 2026 report"); // her language
    expect(to(first, hung.id)).toHaveLength(0); // heads only after the deadline
    // The reminder's button starts /report directly.
    const button = h.tg.messages(lan.id).at(-1)!.reply_markup!.inline_keyboard[0]![0]!;
    expect(button.text).toBe("📝 Báo cáo ngay");

    // Lan reports on 3 November: no more reminders for Hải Phòng.
    await lan.press("Báo cáo ngay");
    expect(lan.lastText()).toContain("Câu 1/12");
    for (const a of OCTOBER) await lan.send(a);
    await lan.press("Gửi báo cáo");

    const rest = await runUntil("2026-11-10T00:00:00");
    expect(to(rest, lan.id)).toEqual([]);
    expect(to(rest, minh.id).map((s) => s.at)).toEqual(["2026-11-04T09:00", "2026-11-05T08:00", "2026-11-06T09:00", "2026-11-08T09:00"]);
    expect(to(rest, minh.id)[1]!.text).toContain("Hôm nay là hạn nộp");
    expect(to(rest, minh.id)[2]!.text).toContain("đã quá hạn 1 ngày");
    expect(to(rest, hung.id).map((s) => s.at)).toEqual(["2026-11-06T09:30"]); // 09:05 slot, seen at the 09:30 tick
    expect(to(rest, hung.id)[0]!.text).toContain("Lãnh đạo Ban");
    const groupMsgs = to(rest, group.chatId);
    expect(groupMsgs.map((s) => s.at)).toEqual(["2026-11-05T17:00", "2026-11-08T09:30"]);
    expect(groupMsgs[0]!.text).toContain("Đã nộp: 1/11 đơn vị");
    expect(groupMsgs[0]!.text).toContain("Chưa nộp: Hà Nội, Quảng Ninh, Bắc Ninh");
    expect(groupMsgs[1]!.text).toContain("quá hạn 3 ngày. Còn 10 đơn vị chưa gửi: Hà Nội, Quảng Ninh,");
    // Every claim is in the ledger once.
    const ledger = await h.db.reminderSlotSent.findMany({ where: { board: { code: "QN" }, period: { month: 10 } } });
    expect(ledger.map((r) => r.slot).sort()).toEqual(["focal:d+1", "focal:d+3", "focal:d-1", "focal:d-3", "focal:d0", "head:h+1"]);
  });

  it("never sends during quiet hours; a slot inside them waits for the morning", async () => {
    await h.user(1, "Admin").send("/schedule slot late -3 22:30 focal");
    const sent = await runUntil("2026-11-03T12:00:00");
    expect(to(sent, lan.id).map((s) => s.at)).toEqual(["2026-11-02T09:00", "2026-11-03T07:00"]);
  });

  it("a late report is listed in the digest an admin asks for", async () => {
    await runUntil("2026-11-05T18:00:00");
    await fullReport(lan);
    await h.user(1, "Admin").send("/digest");
    expect(group.lastText()).toContain("Nộp muộn: Hải Phòng");
  });
});

describe("restarts and outages", () => {
  it("a restart just before a slot sends it once; just after, not again", async () => {
    await runUntil("2026-11-02T08:59:00", 60);
    await h.restart();
    await h.app.scheduler.recover();
    const at = await runUntil("2026-11-02T09:00:00", 1);
    expect(to(at, lan.id)).toHaveLength(1);
    await h.restart();
    await h.app.scheduler.recover();
    const after = await runUntil("2026-11-02T09:02:00", 1);
    expect(after).toEqual([]);
  });

  it("after a long outage only the latest missed slot goes out, once", async () => {
    await runUntil("2026-11-01T09:00:00", 60);
    h.clock.set(vn("2026-11-06T10:00:00")); // down from 1 to 6 November
    await h.restart();
    await h.app.scheduler.recover();
    const sent = await runUntil("2026-11-06T10:01:00", 1);
    expect(to(sent, lan.id)).toHaveLength(1);
    expect(to(sent, lan.id)[0]!.text).toContain("đã quá hạn 1 ngày"); // d+1, not d-3, d-1, d0
    expect(to(sent, hung.id)).toHaveLength(1);
    expect(to(sent, group.chatId)).toHaveLength(1); // the digest of the deadline, still fresh
    const skipped = await h.db.reminderSlotSent.findMany({ where: { board: { code: "HP" }, outcome: "skipped", period: { month: 10 } } });
    expect(skipped.map((r) => r.slot).sort()).toEqual(["focal:d-1", "focal:d-3", "focal:d0"]);
    expect(await runUntil("2026-11-06T12:00:00")).toEqual([]);
  });

  it("an outage past every slot sends nothing stale", async () => {
    h.clock.set(vn("2026-11-20T10:00:00"));
    const sent = await runUntil("2026-11-20T11:00:00");
    expect(sent).toEqual([]);
  });

  it("reminders interrupted by a hard stop are not sent twice; untried ones are sent", async () => {
    const board = await h.db.board.findUniqueOrThrow({ where: { code: "QN" } });
    await runUntil("2026-11-02T08:00:00", 60);
    const period = await h.db.period.findFirstOrThrow({ where: { year: 2026, month: 10 } });
    const people = await h.db.person.findMany({ where: { telegramId: { in: [BigInt(300), BigInt(301)] } }, orderBy: { telegramId: "asc" } });
    // As if a process claimed QN's d-3 and died mid fan-out: Minh's send had started, Hoa's not.
    await h.db.reminderSlotSent.create({
      data: {
        boardId: board.id, periodId: period.id, slot: "focal:d-3", claimedAt: new Date(),
        deliveries: { create: [{ personId: people[0]!.id, chatId: BigInt(300), status: "sending" }, { personId: people[1]!.id, chatId: BigInt(301), status: "pending" }] },
      },
    });
    await h.restart();
    await h.app.scheduler.recover();
    const sent = await runUntil("2026-11-02T09:30:00");
    expect(to(sent, minh.id)).toHaveLength(0); // perhaps sent before the stop: not again
    expect(to(sent, hoa.id)).toHaveLength(1); // the untried one, sent once (QN's d-3 is claimed)
    expect(to(sent, lan.id)).toHaveLength(1); // HP's own d-3
    expect((await h.db.reminderDelivery.findFirstOrThrow({ where: { chatId: BigInt(300) } })).status).toBe("uncertain");
  });
});

describe("the calendar", () => {
  it("periods turn at midnight in Hà Nội while the server runs in UTC", async () => {
    h.clock.set("2026-10-31T16:59:00Z"); // 23:59 on 31 October in Hà Nội
    await lan.send("/report");
    expect(lan.lastText()).toContain("tháng 9/2026");
    await lan.send("/cancel");
    h.clock.set("2026-10-31T17:00:00Z"); // midnight: October is over
    await lan.send("/report");
    expect(lan.lastText()).toContain("tháng 10/2026");
  });

  it("a holiday moves a slot to the working day before, or after; a holiday on the deadline moves the deadline", async () => {
    const admin = h.user(1, "Admin");
    await admin.send("/schedule holiday 2026-11-04");
    let sent = await runUntil("2026-11-04T12:00:00");
    expect(to(sent, lan.id).map((s) => s.at)).toEqual(["2026-11-02T09:00", "2026-11-03T09:00"]);
    await admin.send("/schedule move skip"); // no longer a choice: no reminder is dropped for a day off
    expect(admin.lastText()).toContain("daysOff.move");
    await admin.send("/schedule holiday 2026-11-05");
    const period = await h.db.period.findFirstOrThrow({ where: { year: 2026, month: 10 } });
    expect(period.deadlineAt.toISOString()).toBe("2026-11-06T10:00:00.000Z"); // Friday 6 November 17:00
    sent = await runUntil("2026-11-06T12:00:00");
    expect(to(sent, lan.id).map((s) => s.at)).toEqual(["2026-11-06T08:00"]); // the deadline day's reminder
    expect(to(sent, lan.id)[0]!.text).toContain("Hôm nay là hạn nộp");
  });
});

describe("people the bot cannot reach and Telegram's limits", () => {
  it("a 403 marks the person unreachable, is not retried, and admins see it", async () => {
    h.tg.block(minh.id);
    const start = h.tg.calls.length;
    await runUntil("2026-11-02T09:30:00");
    const tries = () => h.tg.calls.slice(start).filter((c) => c.method === "sendMessage" && Number(c.payload.chat_id) === minh.id).length;
    expect(tries()).toBe(1);
    await runUntil("2026-11-04T09:30:00");
    expect(tries()).toBe(1); // not tried again
    expect(to(await runUntil("2026-11-04T10:00:00"), hoa.id)).toEqual([]);
    const admin = h.user(1, "Admin");
    await admin.send("/unreachable");
    expect(admin.lastText()).toContain("Minh");
    expect(admin.lastText()).toContain("Cán bộ đầu mối Quảng Ninh");
    // Writing to the bot again makes the person reachable.
    h.tg.clearFailures();
    await minh.send("/start");
    await admin.send("/unreachable");
    expect(admin.lastText()).toContain("liên lạc được với tất cả");
  });

  it("a 429 is retried after the delay Telegram gives, and delivered once", async () => {
    h.tg.fail((c) => c.method === "sendMessage" && Number(c.payload.chat_id) === lan.id, 429, "Too Many Requests: retry after 1", { times: 1, retry_after: 1 });
    const sent = await runUntil("2026-11-02T09:30:00");
    expect(to(sent, lan.id)).toHaveLength(2); // the refused try, then the delivery
    expect(lan.messages().filter((m) => m.text?.includes("Nhắc"))).toHaveLength(1);
    const d = await h.db.reminderDelivery.findFirstOrThrow({ where: { chatId: BigInt(lan.id) } });
    expect(d.status).toBe("sent");
  });

  it("two scheduler instances on one database send each reminder once", async () => {
    const second = await Harness.create({ dir: h.dir, now: h.clock.now().toISOString(), blocFile: h.config.blocFile });
    try {
      h.clock.set(vn("2026-11-02T09:00:00"));
      second.clock.set(vn("2026-11-02T09:00:00"));
      const [a, b] = [h.tg.calls.length, second.tg.calls.length];
      await Promise.all([h.app.scheduler.tick(), second.app.scheduler.tick(), h.app.scheduler.tick(), second.app.scheduler.tick()]);
      const all = [...h.tg.calls.slice(a), ...second.tg.calls.slice(b)].filter((c) => c.method === "sendMessage" && [lan.id, minh.id, hoa.id].includes(Number(c.payload.chat_id)));
      expect(all.map((c) => Number(c.payload.chat_id)).sort()).toEqual([lan.id, minh.id, hoa.id].sort());
    } finally {
      await second.app.close();
    }
  });
});

describe("admin commands", () => {
  it("/nudge reminds the boards still missing, now", async () => {
    await fullReport(lan);
    const admin = h.user(1, "Admin");
    const before = h.tg.calls.length;
    await admin.send("/nudge");
    expect(admin.lastText()).toContain("Đã nhắc 10 đơn vị (2 tin nhắn)");
    const targets = h.tg.calls.slice(before).filter((c) => c.method === "sendMessage" && Number(c.payload.chat_id) !== 1).map((c) => Number(c.payload.chat_id));
    expect(targets.sort()).toEqual([minh.id, hoa.id].sort());
  });

  it("/schedule shows the schedule to people with a role; only admins change it, with clear errors", async () => {
    await lan.send("/schedule");
    expect(lan.lastText()).toContain("Hạn nộp: 17:00, 5 ngày sau khi kết thúc kỳ; nếu trùng ngày nghỉ thì lùi sang ngày làm việc kế tiếp.");
    expect(lan.lastText()).toContain("– 3 ngày trước hạn, 09:00, gửi cán bộ đầu mối: thứ Hai, 02/11/2026 09:00");
    expect(lan.lastText()).not.toMatch(/d-3|h\+1|g\+3/);
    await lan.send("/schedule deadline 3 12:00");
    expect(lan.lastText()).toBe("Anh/Chị không có quyền dùng chức năng này.");
    await h.user(900, "Outsider").send("/schedule");
    expect(h.user(900, "Outsider").lastText()).toBe("Anh/Chị không có quyền dùng chức năng này.");
    const admin = h.user(1, "Admin");
    await admin.send("/schedule deadline 3 25:00");
    expect(admin.lastText()).toContain("deadline.time");
    await admin.send("/schedule deadline 3 12:00");
    expect(admin.lastText()).toContain("Đã cập nhật lịch");
    expect(admin.lastText()).toContain("03/11/2026 12:00");
    const period = await h.db.period.findFirstOrThrow({ where: { year: 2026, month: 10 } });
    expect(period.deadlineAt.toISOString()).toBe("2026-11-03T05:00:00.000Z");
    await admin.send("/schedule fly away");
    expect(admin.lastText()).toContain("/schedule deadline");
  });

  it("/nudge, /digest and /unreachable are for admins only", async () => {
    for (const cmd of ["/nudge", "/digest", "/unreachable"]) {
      await lan.send(cmd);
      expect(lan.lastText()).toBe("Anh/Chị không có quyền dùng chức năng này.");
    }
    expect(await h.db.reminderSlotSent.count()).toBe(0);
  });
});
