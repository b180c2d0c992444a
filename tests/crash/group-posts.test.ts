// The real bot as a process, killed hard (SIGKILL) while it posts a ballot's result
// to the group, and started again on the same SQLite file: the result, claimed in the
// group's outbox before the kill, goes out after the restart, once; killed after
// Telegram took it in but before it was marked, it is repeated once at most.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Update } from "grammy/types";
import { BotProcess, HttpTelegram, PROCESS_EVENT_MS, PROCESS_TOKEN, until, PrivateChat, productionNodeFlags, type PushedUpdate } from "../harness/http-telegram.js";
import type { ApiCall } from "../harness/fake-telegram.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const EXAMPLE_BLOC = join(ROOT, "config", "bloc.example.yaml");
// Bounds on waits for the real process, not timings: each wait ends as soon as its event comes.
const START_MS = PROCESS_EVENT_MS;
const STEP_MS = PROCESS_EVENT_MS;
const GROUP = -1001112223334;

let srv: HttpTelegram;
let dir: string;
let bots: BotProcess[] = [];

beforeEach(async () => {
  srv = await HttpTelegram.start({ token: PROCESS_TOKEN });
  dir = mkdtempSync(join(tmpdir(), "khoi-crash-posts-"));
  // No reminders, no quiet hours, no scheduled summary: the group gets only what the test does.
  const base = readFileSync(EXAMPLE_BLOC, "utf8");
  const schedule = [
    "period: { cut: calendar }",
    'deadline: { daysAfterEnd: 5, time: "17:00" }',
    "reminders: []",
    "quietHours: null",
    "skip: { weekends: false, holidays: [], move: earlier }",
    "summary: null",
  ].join("\n");
  writeFileSync(join(dir, "bloc.yaml"), base.replace(/\nschedule:[\s\S]*$/, `\nschedule:\n${schedule.replace(/^/gm, "  ")}\n`));
  srv.tg.chatTypes.set(GROUP, "supergroup");
});

afterEach(async () => {
  for (const b of bots) await b.stop("SIGKILL");
  bots = [];
  await srv.close();
  rmSync(dir, { recursive: true, force: true });
});

async function startBot(): Promise<BotProcess> {
  const polls = srv.polls.length;
  const bot = new BotProcess({
    args: [...productionNodeFlags(ROOT), "--import", "tsx", "src/main.ts"],
    cwd: ROOT,
    env: { BOT_TOKEN: PROCESS_TOKEN, TELEGRAM_API_ROOT: srv.apiRoot, DATABASE_URL: `file:${join(dir, "bot.db")}`, ADMIN_IDS: "1", LOG_LEVEL: "warn", BLOC_FILE: join(dir, "bloc.yaml") },
  });
  bots.push(bot);
  const deadline = Date.now() + START_MS;
  while (srv.polls.length === polls) {
    if (!bot.running) throw new Error(`the bot exited at start:\n${bot.output}`);
    if (Date.now() > deadline) throw new Error(`the bot did not poll within ${START_MS} ms:\n${bot.output}`);
    await sleep(25);
  }
  return bot;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function query<T>(sql: string, ...params: unknown[]): T[] {
  const db = new Database(join(dir, "bot.db"), { fileMustExist: true });
  try {
    db.pragma("busy_timeout = 5000");
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

const isResult = (c: ApiCall) => c.method === "sendMessage" && Number(c.payload.chat_id) === GROUP && String(c.payload.text).startsWith("📊 <b>Kết quả");
const resultsInGroup = () => srv.tg.messages(GROUP).filter((m) => m.text?.startsWith("📊 <b>Kết quả"));
const post = (ballotId: number) => query<{ status: string; attempts: number }>(`SELECT status, attempts FROM GroupPost WHERE key = ?`, `ballot-result:${ballotId}`)[0];

/** A command sent in the group by the admin. */
function inGroup(text: string): Update {
  return srv.push({
    message: {
      message_id: srv.newUpdateId() + 10_000, date: Math.floor(Date.now() / 1000), chat: { id: GROUP, type: "supergroup", title: "Khối thi đua ĐBSH" },
      from: { id: 1, is_bot: false, first_name: "Admin", language_code: "vi" }, text, entities: [{ type: "bot_command", offset: 0, length: text.split(/\s/)[0]!.length }],
    },
  } as PushedUpdate);
}

/** Presses a button as soon as the bot has shown it to `p`. */
async function pressWhenShown(p: PrivateChat, label: string | RegExp): Promise<void> {
  const has = () => srv.tg.messages(p.id).some((m) => (m.reply_markup?.inline_keyboard ?? []).flat().some((b) => (typeof label === "string" ? b.text.includes(label) : label.test(b.text))));
  await until(`the button ${String(label)}`, has, { bot: bots.at(-1), context: () => `what the admin's chat shows:\n${srv.tg.messages(p.id).slice(-4).map((m) => `  ${JSON.stringify(m.text).slice(0, 200)} ${JSON.stringify((m.reply_markup?.inline_keyboard ?? []).flat().map((b) => b.text))}`).join("\n")}` });
  p.press(label);
}

/** The bot started, the group linked and a yes/no motion posted in it, through the admin's chat; returns the ballot's id. */
async function groupWithMotion(): Promise<number> {
  const admin = new PrivateChat(srv, 1, "Admin");
  let from = srv.calls.length;
  admin.send("/start");
  await admin.waitText("Xin chào", { from, timeoutMs: STEP_MS });
  from = srv.calls.length;
  inGroup("/linkgroup");
  await srv.waitFor((c) => c.method === "sendMessage" && Number(c.payload.chat_id) === GROUP, { from, timeoutMs: STEP_MS, what: "the link confirmed" });
  admin.send("/newballot");
  for (const label of ["Biểu quyết", /^\d{4}$/, "Dùng tiêu đề này", "Công khai", "24 giờ", "Không yêu cầu"] as const) {
    const shown = srv.tg.messages(admin.id).length;
    await pressWhenShown(admin, label);
    await until("the next question", () => srv.tg.messages(admin.id).length > shown);
  }
  from = srv.calls.length;
  await pressWhenShown(admin, "Đăng lên nhóm");
  const posted = await admin.waitText("Đã đăng cuộc bỏ phiếu số", { from, timeoutMs: STEP_MS });
  return Number(/số (\d+)/.exec(String(posted.payload.text))![1]);
}

describe("SIGKILL while a ballot's result goes to the group", () => {
  it("killed between the claim and the send: after the restart the result is posted, once", async () => {
    const first = await startBot();
    const id = await groupWithMotion();
    // Telegram never takes this send in, and the bot dies waiting for the answer.
    srv.tg.fail(isResult, 502, "Bad Gateway", { times: 1 });
    const stop = srv.onCall((_m, _p, call) => {
      if (isResult(call)) first.killHard();
    });
    new PrivateChat(srv, 1, "Admin").send(`/closeballot ${id}`);
    expect((await first.exited).signal).toBe("SIGKILL");
    stop();
    // The close is stored and the post claimed; nothing reached the group.
    expect(query<{ status: string }>(`SELECT status FROM Ballot WHERE id = ?`, id)[0]?.status).toBe("closed");
    expect(post(id)).toEqual({ status: "sending", attempts: 1 });
    expect(resultsInGroup()).toEqual([]);

    await startBot();
    await until("the result posted after the restart", () => post(id)?.status === "sent");
    expect(resultsInGroup()).toHaveLength(1);
    expect(post(id)).toEqual({ status: "sent", attempts: 2 });
    expect(srv.calls.filter(isResult)).toHaveLength(2); // the one cut off (never taken in), and the one after the restart
  }, 6 * PROCESS_EVENT_MS);

  it("killed after Telegram took the result in, before it was marked: repeated once at most, never lost", async () => {
    const first = await startBot();
    const id = await groupWithMotion();
    const stop = srv.onCall((_m, _p, call) => {
      if (isResult(call)) first.killHard(); // the message is in the group; the bot never hears back
    });
    new PrivateChat(srv, 1, "Admin").send(`/closeballot ${id}`);
    expect((await first.exited).signal).toBe("SIGKILL");
    stop();
    expect(resultsInGroup()).toHaveLength(1);
    expect(post(id)?.status).toBe("sending");

    await startBot();
    await until("the post marked after the restart", () => post(id)?.status === "sent");
    expect(resultsInGroup()).toHaveLength(2);
    expect(srv.calls.filter(isResult)).toHaveLength(2);
  }, 6 * PROCESS_EVENT_MS);
});
