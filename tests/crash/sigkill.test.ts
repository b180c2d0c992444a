// The real bot as a process (node --import tsx src/main.ts) against the Bot API
// served over HTTP on 127.0.0.1, killed hard (SIGKILL) at chosen moments and
// started again on the same SQLite file: no confirmed figure lost or stored
// twice, the draft resumes, no reminder goes out twice.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DateTime } from "luxon";
import { beforeEach, describe, expect, it } from "vitest";
import type { Update } from "grammy/types";
import { PROCESS_EVENT_MS, PROCESS_TOKEN, until, PrivateChat, type BotProcess } from "../harness/http-telegram.js";
import { OCTOBER } from "../harness/fixtures.js";
import { withBoardsFrom } from "../harness/bloc-files.js";
import type { ApiCall } from "../harness/fake-telegram.js";
import { processWorld, ROOT } from "../harness/world.js";

const ZONE = "Asia/Ho_Chi_Minh";
const EXAMPLE_BLOC = join(ROOT, "config", "bloc.example.yaml");
/** Waits for the process's events: a hang-stopper, not a speed goal (see PROCESS_EVENT_MS). */
const STEP_MS = PROCESS_EVENT_MS;

/** What OCTOBER's answers are stored as, by indicator code. */
const OCTOBER_VALUES = {
  fdi_new: 12, ddi_new: 8, fdi_adjust: 30, ddi_adjust: 10, fdi_capital: 402.76, ddi_capital: 3131.93,
  fdi_revenue: 1200.5, ddi_revenue: 20000, fdi_budget: 35.2, ddi_budget: 1500, workers: 52300, zones_operating: 8,
};

/**
 * A schedule with the real clock in mind: the period being reported is the
 * month before this one; its deadline is today (or the 28th day after the
 * period at the latest) at 23:59, and the one reminder slot, when `dueNow`,
 * fell three minutes ago, so it is due (and fresh) the moment the bot starts.
 * No quiet hours, no skipped days, no summary: nothing else is sent.
 */
function schedule(dueNow: boolean, now: Date): string {
  const slot = DateTime.fromJSDate(now, { zone: ZONE }).minus({ minutes: 3 }).startOf("minute");
  const lastDay = DateTime.fromJSDate(now, { zone: ZONE }).startOf("month").minus({ days: 1 }).startOf("day");
  const days = Math.round(slot.startOf("day").diff(lastDay, "days").days);
  const daysAfterEnd = Math.min(Math.max(days, 0), 28);
  const offsetDays = days - daysAfterEnd;
  const reminders = dueNow ? `\n  - { id: crash, offsetDays: ${offsetDays}, time: "${slot.toFormat("HH:mm")}" }` : " []";
  return [
    "period: { cut: calendar }",
    `deadline: { daysAfterEnd: ${daysAfterEnd}, time: "23:59" }`,
    `reminders:${reminders}`,
    "quietHours: null",
    "daysOff: { weekends: false, holidays: [] }",
    "summary: null",
  ].join("\n");
}

/** The example bloc with this schedule, its boards owing figures since 2020 (the deadline of the month reported may be past). */
function writeBloc(file: string, scheduleYaml: string): void {
  const base = withBoardsFrom(readFileSync(EXAMPLE_BLOC, "utf8"), "2020-01");
  writeFileSync(file, base.replace(/\nschedule:[\s\S]*$/, `\nschedule:\n${scheduleYaml.replace(/^/gm, "  ")}\n`));
}

const world = processWorld("khoi-crash-", { telegram: true });
let blocFile: string;
let testNow: Date; // one "now" per test, so that both bloc files agree on the deadline

beforeEach(() => {
  blocFile = join(world.dir, "bloc.yaml");
  testNow = new Date();
  writeBloc(blocFile, schedule(false, testNow));
});

/** Starts the bot and waits until it polls for updates (it has answered getMe and registered its commands). */
function startBot(): Promise<BotProcess> {
  return world.startBot({ BOT_TOKEN: PROCESS_TOKEN, LOG_LEVEL: "warn", BLOC_FILE: blocFile }, [world.telegramPolled()]);
}

async function killed(bot: BotProcess): Promise<void> {
  const exit = await bot.exited;
  expect(exit.signal).toBe("SIGKILL");
}

/** The conversation of a chat has taken in an update (its state is saved with that update in its replay log). */
function conversationHas(chatId: number, update: Update): boolean {
  const rows = world.readDb<{ value: string }>(`SELECT value FROM ConversationState WHERE key = ?`, `c${chatId}`);
  return rows.some((r) => r.value.includes(`"update_id":${update.update_id}}`));
}

type ReportRow = { id: number; version: number; reference: string };

function reports(): ReportRow[] {
  return world.readDb<ReportRow>(`SELECT id, version, reference FROM Report`);
}

function storedValues(reportId: number): Record<string, number> {
  const rows = world.readDb<{ code: string; value: number }>(
    `SELECT i.code AS code, v.value AS value FROM ReportValue v JOIN Indicator i ON i.id = v.indicatorId WHERE v.reportId = ?`,
    reportId,
  );
  return Object.fromEntries(rows.map((r) => [r.code, r.value]));
}

function revisions(reportId: number): number {
  return world.readDb<{ n: number }>(`SELECT count(*) AS n FROM ReportRevision WHERE reportId = ?`, reportId)[0]!.n;
}

const admin = () => new PrivateChat(world.srv, 1, "Admin");

/** An admin's invitation and the person's /start with its code, answered. */
async function register(id: number, name: string, board: string): Promise<PrivateChat> {
  const a = admin();
  let from = world.srv.calls.length;
  a.send(`/invite ${board} focal`);
  const invite = await a.waitText("start=", { from, timeoutMs: STEP_MS });
  const code = /start=([A-Za-z0-9_-]+)/.exec(String(invite.payload.text))?.[1];
  if (!code) throw new Error(`no invite link in ${String(invite.payload.text)}`);
  const person = new PrivateChat(world.srv, id, name);
  from = world.srv.calls.length;
  person.send(`/start ${code}`);
  await person.waitText("Cán bộ đầu mối", { from, timeoutMs: STEP_MS });
  return person;
}

/** Sends a message and waits for the bot's next message to the chat matching `expect`. */
async function say(p: PrivateChat, text: string, expectText: string | RegExp): Promise<{ update: Update; reply: ApiCall }> {
  const from = world.srv.calls.length;
  const update = p.send(text);
  const reply = await p.waitText(expectText, { from, timeoutMs: STEP_MS });
  return { update, reply };
}

/** The next message the bot sends to the chat after call index `from`, whatever it says. */
function nextMessage(p: PrivateChat, from: number): Promise<ApiCall> {
  return world.srv.waitFor((c) => c.method === "sendMessage" && Number(c.payload.chat_id) === p.id, { from, timeoutMs: STEP_MS, what: `a message to ${p.id}` });
}

/** Answers questions `first`..`last` (0-based) with OCTOBER's values. */
async function answer(p: PrivateChat, first: number, last: number): Promise<Update> {
  let update: Update | undefined;
  for (let i = first; i <= last; i++) {
    const next = i + 1 < OCTOBER.length ? `Câu ${i + 2}/12` : "Kiểm tra báo cáo";
    update = (await say(p, OCTOBER[i]!, next)).update;
  }
  return update!;
}

describe("SIGKILL in the middle of a report", () => {
  it("the draft resumes after a restart: the next answer continues where the person was", async () => {
    const first = await startBot();
    const lan = await register(200, "Lan", "HP");
    await say(lan, "/report", "Câu 1/12");
    const fifth = await answer(lan, 0, 4);
    // Killed while idle between two answers, once the fifth is in the stored conversation.
    await until("the fifth answer in the stored conversation", () => conversationHas(lan.id, fifth));
    first.killHard();
    await killed(first);
    expect(reports()).toEqual([]);
    const draft = world.readDb<{ valuesJson: string }>(`SELECT valuesJson FROM ReportDraft`);
    expect(Object.keys(JSON.parse(draft[0]?.valuesJson ?? "{}") as object)).toHaveLength(5);

    await startBot();
    const { reply } = await say(lan, OCTOBER[5]!, /Câu \d+\/12/);
    expect(String(reply.payload.text)).toContain("✓ Vốn đầu tư DDI đăng ký cấp mới và tăng thêm: <b>3.131,93 tỷ đồng</b>");
    expect(String(reply.payload.text)).toContain("Câu 7/12");
    await answer(lan, 6, 11);
    const review = lan.texts().at(-1)!;
    expect(review).toContain("Vốn đầu tư FDI đăng ký cấp mới và tăng thêm: <b>402,76</b>"); // answered before the kill
    const from = world.srv.calls.length;
    lan.press("Gửi báo cáo");
    await lan.waitText("Đã nhận báo cáo", { from, timeoutMs: STEP_MS });

    const stored = reports();
    expect(stored).toHaveLength(1);
    expect(storedValues(stored[0]!.id)).toEqual(OCTOBER_VALUES);
    expect(revisions(stored[0]!.id)).toBe(1);
    expect(world.readDb(`SELECT id FROM ReportDraft`)).toEqual([]);
  }, 90_000);

  // The conversation's state is saved only after its reply has gone out. Killed
  // between the two (here: when Telegram has received "✓ … 8 dự án / Câu 3/12"),
  // the update is already marked processed and the draft row holds the answer,
  // but the stored conversation still waits at question 2. The conversation
  // checks the draft when an answer comes (report.ts, behindDraft): it catches
  // up and takes the person's "30" as the answer to question 3, the one shown.
  it("killed just as the next question goes out: the acknowledged answer is kept and the next answer lands on the next question", async () => {
    const first = await startBot();
    const lan = await register(200, "Lan", "HP");
    await say(lan, "/report", "Câu 1/12");
    const answered = await answer(lan, 0, 0);
    await until("the first answer in the stored conversation", () => conversationHas(lan.id, answered));
    world.srv.onCall((method, payload) => {
      if (method === "sendMessage" && Number(payload.chat_id) === lan.id && String(payload.text).includes("Câu 3/12")) first.killHard();
    });
    lan.send(OCTOBER[1]!); // "8" for question 2
    await killed(first);
    // What the person was shown (Telegram took the message in before the kill).
    expect(lan.texts().at(-1)).toContain("✓ Dự án DDI cấp mới Giấy chứng nhận đăng ký đầu tư: <b>8 dự án</b>");
    expect(world.readDb<{ valuesJson: string }>(`SELECT valuesJson FROM ReportDraft`)[0]?.valuesJson).toBe(JSON.stringify({ fdi_new: 12, ddi_new: 8 }));

    await startBot();
    const from = world.srv.calls.length;
    lan.send(OCTOBER[2]!); // "30", the answer to question 3
    const reply = String((await nextMessage(lan, from)).payload.text);
    expect(reply).toContain("Câu 4/12");
    expect(reply).not.toContain("Dự án DDI cấp mới Giấy chứng nhận đăng ký đầu tư: <b>30");
    await answer(lan, 3, 11);
    const f2 = world.srv.calls.length;
    lan.press("Gửi báo cáo");
    await lan.waitText("Đã nhận báo cáo", { from: f2, timeoutMs: STEP_MS });
    expect(storedValues(reports()[0]!.id)).toEqual(OCTOBER_VALUES);
  }, 90_000);
});

describe("SIGKILL between 'send' and the receipt", () => {
  it("the report is stored exactly once, and a redelivered 'send' is not applied again", async () => {
    const first = await startBot();
    const lan = await register(200, "Lan", "HP");
    await say(lan, "/report", "Câu 1/12");
    await answer(lan, 0, 11);
    world.srv.onCall((method, payload) => {
      if (method === "sendMessage" && Number(payload.chat_id) === lan.id && String(payload.text).includes("Đã nhận báo cáo")) first.killHard();
    });
    const send = lan.press("Gửi báo cáo");
    await killed(first);
    expect(lan.texts().filter((t) => t.includes("Đã nhận báo cáo"))).toHaveLength(1); // reached Telegram, never confirmed to the bot

    const before = reports();
    expect(before).toHaveLength(1);
    expect(storedValues(before[0]!.id)).toEqual(OCTOBER_VALUES);
    expect(revisions(before[0]!.id)).toBe(1);

    // Telegram delivers the "send" press again to the restarted bot (which polls from offset 0).
    const from = world.srv.calls.length;
    world.srv.push(send);
    await startBot();
    // /status after it, in the same chat: handled strictly after the redelivered update.
    lan.send("/status");
    await lan.waitText(/Tình hình báo cáo[\s\S]*BC-/, { from, timeoutMs: STEP_MS });
    expect(world.srv.polls.some((p) => p.delivered.includes(send.update_id) && p.offset === 0)).toBe(true);
    // The redelivered press was dropped unseen: the status is the only message since the restart.
    expect(lan.texts(from)).toHaveLength(1);

    const after = reports();
    expect(after).toEqual(before);
    expect(storedValues(after[0]!.id)).toEqual(OCTOBER_VALUES);
    expect(revisions(after[0]!.id)).toBe(1);

    // The person, who never saw a receipt, presses "send" again: told the report
    // is already stored (today as a "conflict" with her own submission), nothing stored twice.
    const f2 = world.srv.calls.length;
    lan.press("Gửi báo cáo");
    await lan.waitText(/Đã nhận báo cáo|không cần gửi lại/, { from: f2, timeoutMs: STEP_MS });
    expect(reports()).toEqual(before);
    expect(revisions(before[0]!.id)).toBe(1);
    expect(world.readDb(`SELECT id FROM ReportDraft`)).toEqual([]);
  }, 90_000);
});

describe("SIGKILL during a reminder fan-out", () => {
  it("after the restart nobody receives the same reminder twice, and those not yet reached get theirs", async () => {
    const registration = await startBot();
    // A focal person in each of the 11 boards, two in Hải Phòng: 12 reminders,
    // paced 1/30 s apart, so the fan-out takes long enough to be cut in the middle.
    const boards = ["HN", "HP", "QN", "BN", "VP", "HNA", "ND", "NB", "HD", "HY", "TB", "HP"];
    const people: PrivateChat[] = [];
    for (const [i, board] of boards.entries()) people.push(await register(300 + i, `Người ${i + 1}`, board));
    await registration.stop("SIGTERM");

    // The slot is due as soon as the bot starts again.
    writeBloc(blocFile, schedule(true, testNow));
    const isReminder = (c: ApiCall) =>
      c.method === "sendMessage" && JSON.stringify(c.payload.reply_markup ?? {}).includes('"callback_data":"rep:');
    let cut: ApiCall | undefined;
    const stopHook = world.srv.onCall((_m, _p, call) => {
      if (!cut && isReminder(call)) {
        cut = call;
        world.bots.at(-1)!.killHard(); // the first reminder has reached Telegram; the bot never hears back
      }
    });
    const fanOut = await startBot().catch((e: unknown) => {
      if (cut) return world.bots.at(-1)!; // killed before its first poll: the fan-out starts with the bot
      throw e;
    });
    await killed(fanOut);
    stopHook();
    expect(cut, fanOut.output).toBeDefined();

    type Delivery = { chatId: number | bigint; status: string };
    const atKill = new Map(world.readDb<Delivery>(`SELECT chatId, status FROM ReminderDelivery`).map((d) => [Number(d.chatId), d.status]));
    expect(atKill.size).toBe(people.length); // all claimed before the first send
    expect([...atKill.values()].every((s) => s === "pending" || s === "sending" || s === "sent")).toBe(true);

    await startBot();
    await until("every delivery settled", () => world.readDb<{ n: number }>(`SELECT count(*) AS n FROM ReminderDelivery WHERE status IN ('pending', 'sending')`)[0]!.n === 0, { timeoutMs: 20_000 });

    const after = new Map(world.readDb<Delivery>(`SELECT chatId, status FROM ReminderDelivery`).map((d) => [Number(d.chatId), d.status]));
    const received = new Map<number, number>();
    for (const c of world.srv.calls.filter(isReminder)) received.set(Number(c.payload.chat_id), (received.get(Number(c.payload.chat_id)) ?? 0) + 1);
    for (const p of people) {
      const n = received.get(p.id) ?? 0;
      const was = atKill.get(p.id);
      const now = after.get(p.id);
      expect(n, `reminders to ${p.id} (${was} at the kill, ${now} after)`).toBeLessThanOrEqual(1);
      if (was === "pending") {
        // Not yet tried when the bot died: sent after the restart, once.
        expect(now, `delivery to ${p.id}`).toBe("sent");
        expect(n, `reminders to ${p.id}`).toBe(1);
      } else if (was === "sending") {
        // In flight at the kill: it may or may not have reached Telegram, so it is not sent again.
        expect(now, `delivery to ${p.id}`).toBe("uncertain");
      }
    }
    expect(received.get(Number(cut!.payload.chat_id))).toBe(1); // the one cut off reached Telegram once, not repeated
    // One claim per board for the reported period; the older period's slot was claimed as skipped (stale), once too.
    const claims = world.readDb<{ outcome: string; n: number; boards: number }>(
      `SELECT outcome, count(*) AS n, count(DISTINCT boardId) AS boards FROM ReminderSlotSent WHERE slot = 'focal:crash' GROUP BY outcome ORDER BY outcome`,
    );
    expect(claims).toEqual([
      { outcome: "sent", n: 11, boards: 11 },
      { outcome: "skipped", n: 11, boards: 11 },
    ]);
  }, 90_000);
});
