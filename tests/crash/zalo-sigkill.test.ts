// The real bot as a process serving Zalo (the HTTP fake Zalo Bot API; the admin
// on the HTTP fake Telegram), killed hard (SIGKILL) in the middle of a monthly
// report typed on Zalo and started again on the same SQLite file: the report
// resumes where the person was, and is stored once, with every figure (issue 16,
// "a SIGKILL mid-report on Zalo resumes"). Zalo hands each event over once and
// keeps no offset (shared/notes/zalo.md §3): what the bot took in before the kill
// is in its database (the draft, the stored dialogue, ZaloInbound), nothing is
// asked of Zalo again.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DateTime } from "luxon";
import { beforeEach, describe, expect, it } from "vitest";
import { PrivateChat, until, PROCESS_TOKEN, type BotProcess } from "../harness/http-telegram.js";
import { FAKE_ZALO_TOKEN, type FakeZaloUser } from "../harness/fake-zalo.js";
import { OCTOBER } from "../harness/fixtures.js";
import { withBoardsFrom } from "../harness/bloc-files.js";
import { processWorld, ROOT } from "../harness/world.js";

const ZONE = "Asia/Ho_Chi_Minh";

/** What OCTOBER's answers are stored as, by indicator code. */
const OCTOBER_VALUES = {
  fdi_new: 12, ddi_new: 8, fdi_adjust: 30, ddi_adjust: 10, fdi_capital: 402.76, ddi_capital: 3131.93,
  fdi_revenue: 1200.5, ddi_revenue: 20000, fdi_budget: 35.2, ddi_budget: 1500, workers: 52300, zones_operating: 8,
};

const world = processWorld("khoi-zalo-crash-", { telegram: true, zalo: true });
let blocFile: string;

/**
 * The example bloc, its boards owing figures since 2020, the month before this
 * one open for reports until today 23:59 (or the 28th day after it), no
 * reminders, quiet hours, days off or summary: nothing is sent but the answers.
 */
function writeBloc(): void {
  const now = DateTime.now().setZone(ZONE);
  const lastDay = now.startOf("month").minus({ days: 1 }).startOf("day");
  const days = Math.min(Math.max(Math.round(now.startOf("day").diff(lastDay, "days").days), 0), 28);
  const schedule = [
    "period: { cut: calendar }",
    `deadline: { daysAfterEnd: ${days}, time: "23:59" }`,
    "reminders: []",
    "quietHours: null",
    "daysOff: { weekends: false, holidays: [] }",
    "summary: null",
  ].join("\n");
  const base = withBoardsFrom(readFileSync(join(ROOT, "config", "bloc.example.yaml"), "utf8"), "2020-01");
  writeFileSync(blocFile, base.replace(/\nschedule:[\s\S]*$/, `\nschedule:\n${schedule.replace(/^/gm, "  ")}\n`));
}

beforeEach(() => {
  blocFile = join(world.dir, "bloc.yaml");
  writeBloc();
});

/** Starts the bot and waits for a new Zalo poll and a new Telegram poll. */
function startBot(): Promise<BotProcess> {
  const ready = [world.zaloPolled(), world.telegramPolled()];
  return world.startBot({ BOT_TOKEN: PROCESS_TOKEN, ZALO_BOT_TOKEN: FAKE_ZALO_TOKEN, LOG_LEVEL: "warn", BLOC_FILE: blocFile }, ready);
}

/** Answers questions `first`..`last` (0-based) with OCTOBER's values, each acknowledged by the next question (or the read-back). */
async function answer(user: FakeZaloUser, first: number, last: number): Promise<string> {
  let reply = "";
  for (let i = first; i <= last; i++) reply = await world.zalo.say(user, OCTOBER[i]!, i + 1 < OCTOBER.length ? new RegExp(`Câu ${i + 2}/12`) : /Kiểm tra báo cáo/);
  return reply;
}

const draftValues = (): Record<string, number> => JSON.parse(world.readDb<{ valuesJson: string }>(`SELECT valuesJson FROM ReportDraft WHERE closedAt IS NULL`)[0]?.valuesJson ?? "{}") as Record<string, number>;

describe("SIGKILL in the middle of a report on Zalo", () => {
  it("the report resumes after a restart where the person was, and is stored once with every figure", async () => {
    const first = await startBot();
    const admin = new PrivateChat(world.srv, 1, "Admin");
    const from = world.srv.calls.length;
    admin.send("/invite HP focal");
    const code = /start=([A-Za-z0-9_-]+)/.exec(String((await admin.waitText("start=", { from })).payload.text))![1]!;
    const lan = world.zalo.user("Lan");
    await world.zalo.say(lan, `/start ${code}`, /Cán bộ đầu mối của Hải Phòng/);
    await world.zalo.say(lan, "/report", /Câu 1\/12/);
    await answer(lan, 0, 4);
    // Killed while idle between two answers, once the fifth is in the draft.
    await until("five answers in the draft", () => Object.keys(draftValues()).length === 5, { bot: first });
    first.killHard();
    expect((await first.exited).signal).toBe("SIGKILL");
    expect(world.readDb(`SELECT id FROM Report`)).toEqual([]);

    await startBot();
    const sixth = await world.zalo.say(lan, OCTOBER[5]!, /Câu \d+\/12/);
    expect(sixth).toContain("Câu 7/12");
    expect(sixth).toContain("✓ Vốn đầu tư DDI đăng ký cấp mới và tăng thêm: 3.131,93 tỷ đồng");
    const review = await answer(lan, 6, 11);
    expect(review).toContain("Vốn đầu tư FDI đăng ký cấp mới và tăng thêm: 402,76"); // answered before the kill
    const send = /^(\d+)\. 📤 Gửi báo cáo$/m.exec(review)?.[1];
    expect(send, review).toBeDefined();
    const receipt = await world.zalo.say(lan, send!, /Đã nhận báo cáo/);
    expect(receipt).toMatch(/của Hải Phòng/);

    const reports = world.readDb<{ id: number }>(`SELECT id FROM Report`);
    expect(reports).toHaveLength(1);
    const stored = world.readDb<{ code: string; value: number }>(`SELECT i.code AS code, v.value AS value FROM ReportValue v JOIN Indicator i ON i.id = v.indicatorId WHERE v.reportId = ?`, reports[0]!.id);
    expect(Object.fromEntries(stored.map((r) => [r.code, r.value]))).toEqual(OCTOBER_VALUES);
    expect(world.readDb<{ n: number }>(`SELECT count(*) AS n FROM ReportRevision WHERE reportId = ?`, reports[0]!.id)[0]!.n).toBe(1);
    expect(world.readDb(`SELECT id FROM ReportDraft WHERE closedAt IS NULL`)).toEqual([]);
    // Each question after the restart was asked once: nothing of the dialogue was sent twice.
    const texts = (world.zalo.sent.get(lan.id) ?? []).map((s) => s.text ?? "");
    for (let q = 7; q <= 12; q++) expect(texts.filter((t) => t.includes(`Câu ${q}/12`)), `question ${q}`).toHaveLength(1);
  }, 180_000);
});
