// The bloc's calendar through the bot: deadlines on a Saturday and during Tết,
// quiet hours, and each board's first period (a board added mid-year, one whose
// history is imported, the bot's first day, a database from before first periods).
import { afterEach, describe, expect, it } from "vitest";
import { Harness } from "../../harness/harness.js";
import { blocFromExample, blocWithSchedule } from "../../harness/bloc-files.js";
import { fullReport, join } from "../../harness/fixtures.js";
import { submitReport } from "../../../src/features/reports/store.js";
import { activeIndicators } from "../../../src/shared/bloc/store.js";
import { ensurePeriod } from "../../../src/shared/bloc/periods.js";
import { getBloc } from "../../../src/shared/bloc/store.js";

let h: Harness;
afterEach(async () => h?.close());

/** Local time in Hà Nội → the instant. */
const vn = (local: string) => new Date(`${local}+07:00`);

type Sent = { at: string; chat: number; text: string; method: string };

/** Moves the clock in steps to `until` (local), ticking the scheduler, and returns what it posted. */
async function runUntil(until: string, stepMinutes = 30): Promise<Sent[]> {
  const end = vn(until).getTime();
  const out: Sent[] = [];
  while (h.clock.now().getTime() < end) {
    h.clock.advance(Math.min(stepMinutes * 60_000, end - h.clock.now().getTime()));
    const before = h.tg.calls.length;
    await h.app.scheduler.tick();
    const at = new Date(h.clock.now().getTime() + 7 * 3600_000).toISOString().slice(0, 16);
    for (const c of h.tg.calls.slice(before)) {
      if (c.method === "sendMessage" || c.method === "sendPhoto") out.push({ at, chat: Number(c.payload.chat_id), text: String(c.payload.text ?? c.payload.caption ?? ""), method: c.method });
    }
  }
  return out;
}

const to = (sent: Sent[], chat: number) => sent.filter((s) => s.chat === chat && s.method === "sendMessage");
const times = (sent: Sent[], chat: number) => to(sent, chat).map((s) => s.at);
const onDays = (sent: Sent[], days: string[]) => sent.filter((s) => days.some((d) => s.at.startsWith(d)));

/** The group's posts as "time what", sorted (jobs of one tick run side by side): the digest, the summary, a reminder line. */
function groupPosts(sent: Sent[], chat: number): string[] {
  const kind = (text: string) => (text.includes("Tình hình nộp báo cáo") ? "digest" : text.includes("Tổng hợp tháng") ? "summary" : text.includes("đơn vị chưa gửi") ? "reminder" : text.slice(0, 30));
  return to(sent, chat).map((s) => `${s.at} ${kind(s.text)}`).sort();
}

/**
 * The example bloc's summary waits for 80% of the boards (10 days at most): these
 * stories, where one board reports, test when the posts may go out, so their
 * summary goes when due (its wait is tested in tests/features/summaries/summary-honest.test.ts).
 */
const noWait = (source: string) => source.replace(", minShare: 0.8, latestDaysAfterDeadline: 10", "");
const NO_WAIT = blocFromExample(noWait);

/** Lan (HP focal), Minh (QN focal, never reports), Hùng (QN head), the group linked. */
async function bloc(now: string, blocFile = NO_WAIT) {
  h = await Harness.create({ now: vn(now).toISOString(), blocFile });
  const lan = await join(h, 200, "Lan", "HP", "focal");
  const minh = await join(h, 300, "Minh", "QN", "focal");
  const hung = await join(h, 302, "Hùng", "QN", "head");
  const group = h.group();
  await h.user(1, "Admin").sendIn(group, "/linkgroup");
  return { lan, minh, hung, group };
}

async function claimedSlots(board: string, year: number, month: number): Promise<string[]> {
  const rows = await h.db.reminderSlotSent.findMany({ where: { board: { code: board }, period: { year, month } } });
  return rows.map((r) => `${r.slot} ${r.outcome}`).sort();
}

describe("a deadline on a Saturday", () => {
  it("moves to Monday by default; reminders, the digest and the summary follow it, none dropped, none on the weekend", async () => {
    // November 2026 is due 5 days after it ends: Saturday 5 December, 17:00.
    const { lan, minh, hung, group } = await bloc("2026-12-01T08:00:00");
    const first = await runUntil("2026-12-07T16:00:00");
    const period = await h.db.period.findFirstOrThrow({ where: { year: 2026, month: 11 } });
    expect(period.deadlineAt.toISOString()).toBe(vn("2026-12-07T17:00:00").toISOString());
    await fullReport(lan); // Monday afternoon: on time, by the moved deadline
    expect(lan.lastText()).not.toContain("sau hạn");
    const rest = await runUntil("2026-12-11T12:00:00");
    const sent = [...first, ...rest];

    expect(onDays(sent, ["2026-12-05", "2026-12-06"])).toEqual([]);
    // The slot 3 days before (Friday) and the one the day before (Sunday → Friday) are one reminder on Friday.
    expect(times(sent, minh.id)).toEqual(["2026-12-04T09:00", "2026-12-07T08:00", "2026-12-08T09:00", "2026-12-10T09:00"]);
    expect(to(sent, minh.id)[0]!.text).toContain("Hạn nộp 07/12/2026 17:00 (còn 3 ngày)");
    expect(to(sent, minh.id)[1]!.text).toContain("Hôm nay là hạn nộp"); // the deadline day's reminder
    expect(to(sent, minh.id)[2]!.text).toContain("đã quá hạn 1 ngày");
    expect(times(sent, lan.id)).toEqual(["2026-12-04T09:00", "2026-12-07T08:00"]);
    expect(times(sent, hung.id)).toEqual(["2026-12-08T09:30"]); // 09:05, seen at the 09:30 tick
    // The digest at the moved deadline, the summary the day after it, the group's reminder 3 days after.
    expect(groupPosts(sent, group.chatId)).toEqual(["2026-12-07T17:00 digest", "2026-12-08T08:30 summary", "2026-12-10T09:30 reminder"]);
    expect(to(sent, group.chatId)[0]!.text).toContain("Đã nộp: 1/11 đơn vị");
    expect(to(sent, group.chatId)[1]!.text).toContain("Tổng hợp tháng 11/2026");
    expect(await claimedSlots("QN", 2026, 11)).toEqual(["focal:d+1 sent", "focal:d+3 sent", "focal:d-1 sent", "focal:d0 sent", "head:h+1 sent"]);
  });

  it("kept on Saturday by the bloc file: the deadline stays, posts wait for Monday morning", async () => {
    const { minh, hung, group } = await bloc("2026-12-01T08:00:00", blocFromExample((s) => noWait(s).replace(`time: "17:00", onDayOff: next`, `time: "17:00", onDayOff: keep`)));
    const sent = await runUntil("2026-12-09T12:00:00");
    const period = await h.db.period.findFirstOrThrow({ where: { year: 2026, month: 11 } });
    expect(period.deadlineAt.toISOString()).toBe(vn("2026-12-05T17:00:00").toISOString());
    expect(onDays(sent, ["2026-12-05", "2026-12-06"])).toEqual([]);
    // The deadline day's reminder moves to Friday and is the one kept there (not the day-before one).
    expect(times(sent, minh.id)).toEqual(["2026-12-02T09:00", "2026-12-04T08:00", "2026-12-07T09:00", "2026-12-08T09:00"]);
    expect(await claimedSlots("QN", 2026, 11)).toEqual(["focal:d+1 sent", "focal:d+3 sent", "focal:d-3 sent", "focal:d0 sent", "head:h+1 sent"]);
    expect(times(sent, hung.id)).toEqual(["2026-12-07T09:30"]);
    // The digest (due Saturday 17:00) and the summary (Sunday 08:30) go on Monday at 07:00, when quiet hours end.
    expect(groupPosts(sent, group.chatId)).toEqual(["2026-12-07T07:00 digest", "2026-12-07T07:00 summary", "2026-12-08T09:30 reminder"]);
  });

  it("kept, with posts allowed on days off: they go out on Saturday and Sunday", async () => {
    const file = blocFromExample((s) => noWait(s).replace(`time: "17:00", onDayOff: next`, `time: "17:00", onDayOff: keep`).replace("quiet: true ", "quiet: false"));
    const { minh, group } = await bloc("2026-12-01T08:00:00", file);
    const sent = await runUntil("2026-12-09T12:00:00");
    expect(times(sent, minh.id)).toEqual(["2026-12-02T09:00", "2026-12-04T09:00", "2026-12-05T08:00", "2026-12-06T09:00", "2026-12-08T09:00"]);
    expect(groupPosts(sent, group.chatId)).toEqual(["2026-12-05T17:00 digest", "2026-12-06T08:30 summary", "2026-12-08T09:30 reminder"]);
  });
});

describe("a deadline during Tết", () => {
  it("January 2027, due on 29 Tết: after the holidays the bloc file lists; nothing posted during Tết", async () => {
    const { minh, hung, group } = await bloc("2027-02-01T08:00:00");
    const sent = await runUntil("2027-02-17T12:00:00");
    const period = await h.db.period.findFirstOrThrow({ where: { year: 2027, month: 1 } });
    expect(period.deadlineAt.toISOString()).toBe(vn("2027-02-12T17:00:00").toISOString()); // Friday after Tết
    const tet = ["2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11", "2027-02-13", "2027-02-14"];
    expect(onDays(sent, tet)).toEqual([]);
    // Before Tết: one reminder on the last working day (3 days and 1 day before both fall in Tết).
    expect(times(sent, minh.id)).toEqual(["2027-02-04T09:00", "2027-02-12T08:00", "2027-02-15T09:00"]);
    expect(to(sent, minh.id)[1]!.text).toContain("Hôm nay là hạn nộp");
    expect(times(sent, hung.id)).toEqual(["2027-02-15T09:30"]);
    // The summary was due on Saturday 13 February: posted on Monday when quiet hours end.
    expect(groupPosts(sent, group.chatId)).toEqual(["2027-02-12T17:00 digest", "2027-02-15T07:00 summary", "2027-02-15T09:30 reminder"]);
  });
});

describe("a post to the group that fails", () => {
  it("the digest refused until after 21:00 is not retried in quiet hours: it goes once, at 07:00 the next morning", async () => {
    // November's digest is due at the moved deadline, Monday 7 December 17:00.
    const { group } = await bloc("2026-12-07T16:00:00");
    const isDigest = (c: { method: string; payload: Record<string, unknown> }) =>
      c.method === "sendMessage" && Number(c.payload.chat_id) === group.chatId && String(c.payload.text).includes("Tình hình nộp báo cáo");
    h.tg.fail(isDigest, 400, "Bad Request: not enough rights to send text messages to the chat", { times: 1000 });
    const refused = await runUntil("2026-12-07T21:00:00", 10);
    expect(to(refused, group.chatId).length).toBeGreaterThan(3); // tried, and tried again, until the evening
    h.tg.clearFailures(); // the group takes posts again, in quiet hours
    const night = await runUntil("2026-12-08T09:00:00", 10);
    expect(to(night, group.chatId).filter((s) => s.at < "2026-12-08T07:00")).toEqual([]); // not even tried at night
    expect(groupPosts(night, group.chatId)).toEqual(["2026-12-08T07:00 digest", "2026-12-08T08:30 summary"]);
    const post = await h.db.groupPost.findFirstOrThrow({ where: { key: { startsWith: "digest:" } } });
    expect(post.status).toBe("sent");
    // Held, not worn out: its staleness moved on by the hours it was held.
    expect(post.expiresAt.getTime()).toBeGreaterThan(post.createdAt.getTime() + 3 * 24 * 3600_000);
  });
});

describe("quiet hours", () => {
  it("a reminder, the digest and the summary due at 22:00 go once, when quiet hours end", async () => {
    h = await Harness.create({
      now: vn("2026-11-01T08:00:00").toISOString(),
      blocFile: blocWithSchedule(`
period: { cut: calendar }
deadline: { daysAfterEnd: 5, time: "22:00" }
reminders:
  - { id: eve, offsetDays: -1, time: "22:00" }
quietHours: { from: "21:00", to: "07:00" }
daysOff: { weekends: false, holidays: [] }
summary: { daysAfterDeadline: 0, time: "22:00" }
`),
    });
    const lan = await join(h, 200, "Lan", "HP", "focal");
    const group = h.group();
    await h.user(1, "Admin").sendIn(group, "/linkgroup");
    await runUntil("2026-11-04T20:00:00", 60);
    const sent = await runUntil("2026-11-06T12:00:00", 10);
    expect(times(sent, lan.id)).toEqual(["2026-11-05T07:00"]); // Wednesday 22:00 → Thursday 07:00
    expect(groupPosts(sent, group.chatId)).toEqual(["2026-11-06T07:00 digest", "2026-11-06T07:00 summary"]);
  });
});

describe("a board's first period", () => {
  it("a board added mid-year owes nothing before its first period: /status, /report, reminders, the digest, the summary", async () => {
    h = await Harness.create({ now: vn("2026-11-02T09:00:00").toISOString() });
    const admin = h.user(1, "Admin");
    const group = h.group();
    await admin.sendIn(group, "/linkgroup");
    await admin.send("/addboard HB | Hòa Bình | Ban Quản lý các KCN Hòa Bình | 2026-11");
    expect(admin.lastText()).toContain("Đơn vị báo cáo từ kỳ tháng 11/2026");
    const hoa = await join(h, 500, "Hoa", "HB", "focal");
    const lan = await join(h, 200, "Lan", "HP", "focal");

    await hoa.send("/status");
    expect(hoa.lastText()).not.toContain("tháng 10/2026");
    expect(hoa.lastText()).toContain("Báo cáo từ kỳ tháng 11/2026; các kỳ trước không phải báo cáo");
    await hoa.send("/report");
    expect(hoa.lastText()).toBe("Hòa Bình báo cáo từ kỳ tháng 11/2026; không phải báo cáo tháng 10/2026.");
    await hoa.send("/report 2026-09");
    expect(hoa.lastText()).toContain("không phải báo cáo tháng 9/2026");
    expect(await h.db.conversationState.count()).toBe(0);

    await fullReport(lan);
    const october = await runUntil("2026-11-09T12:00:00");
    expect(to(october, hoa.id)).toEqual([]);
    const digest = to(october, group.chatId).find((s) => s.text.includes("Đã nộp"))!;
    expect(digest.text).toContain("Đã nộp: 1/11 đơn vị");
    expect(digest.text).not.toContain("Hòa Bình");
    await admin.send("/summary 2026-10");
    expect(admin.lastText()).toContain("⚠️ 1/11 đơn vị đã báo cáo");
    await admin.send("/nudge");
    expect(admin.lastText()).toContain("Đã nhắc 10 đơn vị");

    // November is Hòa Bình's first period: it is owed, reminded and counted.
    h.clock.set(vn("2026-12-01T08:00:00"));
    const november = await runUntil("2026-12-04T10:00:00");
    expect(times(november, hoa.id)).toEqual(["2026-12-04T09:00"]);
    await hoa.send("/status");
    expect(hoa.lastText()).toContain("tháng 11/2026: ⏳ chưa gửi");
    await admin.send("/summary 2026-11");
    expect(admin.lastText()).toContain("⚠️ 0/12 đơn vị đã báo cáo");
  });

  it("added without one, on 20 November: owes from November; its history imported makes its first period that of the import", async () => {
    h = await Harness.create({ now: vn("2026-11-20T09:00:00").toISOString() });
    const admin = h.user(1, "Admin");
    await admin.send("/addboard HB | Hòa Bình | Ban Quản lý các KCN Hòa Bình");
    expect(admin.lastText()).toContain("Đơn vị báo cáo từ kỳ tháng 11/2026"); // October's deadline had passed
    await admin.send("/boards");
    expect(admin.lastText()).toContain("Hòa Bình — Ban Quản lý các KCN Hòa Bình · báo cáo từ tháng 11/2026");

    await admin.sendDocument("hoa-binh.csv", new TextEncoder().encode("board;period;fdi_new\r\nHB;2026-08;3\r\nHB;2026-07;2\r\n"), "/import");
    expect(admin.lastText()).toContain("Đã nhập 2 báo cáo");
    await admin.send("/boards");
    expect(admin.lastText()).toContain("Hòa Bình — Ban Quản lý các KCN Hòa Bình · báo cáo từ tháng 7/2026");
    const hoa = await join(h, 500, "Hoa", "HB", "focal");
    await hoa.send("/status");
    const status = hoa.lastText();
    expect(status).toMatch(/tháng 7\/2026: ✅/);
    expect(status).toMatch(/tháng 8\/2026: ✅/);
    expect(status).toContain("tháng 9/2026: ❌ chưa gửi, đã quá hạn");
    expect(status).not.toContain("tháng 6/2026");
    // July to September owed: 2 of 3 months in the quarter's completeness (the other boards owe from November).
    await admin.send("/summary Q3 2026");
    expect(admin.lastText()).toContain("⚠️ 0/1 đơn vị đã báo cáo đủ các tháng");
    await admin.press("Chi tiết");
    expect(admin.lastText()).toContain("Số liệu: 2/3 báo cáo tháng");
  });

  it("the bot's first day marks no month before it as overdue, and sends no overdue reminder", async () => {
    h = await Harness.create({ now: vn("2026-11-02T09:00:00").toISOString() });
    const lan = await join(h, 200, "Lan", "HP", "focal");
    await lan.send("/status");
    const status = lan.lastText();
    expect(status).toContain("tháng 10/2026: ⏳ chưa gửi, hạn 05/11/2026 17:00");
    expect(status).not.toContain("quá hạn");
    expect(status).not.toContain("tháng 9/2026");
    await h.close();

    // First started on 6 November, after October's deadline: October is not owed at all.
    h = await Harness.create({ now: vn("2026-11-06T10:00:00").toISOString() });
    const minh = await join(h, 300, "Minh", "QN", "focal");
    const sent = await runUntil("2026-11-08T12:00:00");
    expect(to(sent, minh.id)).toEqual([]);
    await minh.send("/status");
    expect(minh.lastText()).not.toContain("quá hạn");
    expect(minh.lastText()).toContain("Báo cáo từ kỳ tháng 11/2026");
  });

  it("a database from before first periods gets them at the next start: the bot's first period, or an earlier first report", async () => {
    h = await Harness.create({ now: vn("2026-11-02T09:00:00").toISOString() });
    const lan = await join(h, 200, "Lan", "HP", "focal");
    const minh = await join(h, 300, "Minh", "QN", "focal");
    // As the migration leaves it: no first periods; the bot began on 10 June; HP reported March (imported).
    await h.db.board.updateMany({ data: { firstYear: null, firstMonth: null, createdAt: vn("2026-06-10T08:00:00") } });
    await h.db.bloc.update({ where: { id: 1 }, data: { createdAt: vn("2026-06-10T08:00:00") } });
    const march = await ensurePeriod(h.db, { year: 2026, month: 3 }, (await getBloc(h.db))!.schedule, "Asia/Ho_Chi_Minh");
    const hp = await h.db.board.findUniqueOrThrow({ where: { code: "HP" } });
    await submitReport(h.db, { boardId: hp.id, periodId: march.id, personId: null, values: { fdi_new: 1 }, indicators: await activeIndicators(h.db), at: march.endsAt, deadlineAt: march.deadlineAt, baseVersion: 0, source: "import" });
    expect((await h.db.board.findUniqueOrThrow({ where: { code: "HP" } })).firstYear).toBeNull();

    await h.restart();
    const first = async (code: string) => {
      const b = await h.db.board.findUniqueOrThrow({ where: { code } });
      return `${b.firstYear}-${b.firstMonth}`;
    };
    expect(await first("HP")).toBe("2026-3"); // its first report
    expect(await first("QN")).toBe("2026-6"); // 10 June: May's deadline (5 June) had passed
    await minh.send("/status");
    expect(minh.lastText()).not.toContain("tháng 5/2026");
    expect(minh.lastText()).toContain("tháng 6/2026: ❌ chưa gửi, đã quá hạn");
    await lan.send("/status");
    expect(lan.lastText()).toContain("tháng 5/2026: ❌ chưa gửi, đã quá hạn");
  });
});
