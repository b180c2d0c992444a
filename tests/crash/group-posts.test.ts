// The real bot as a process, killed hard (SIGKILL) while it posts a ballot's result
// to the group, and started again on the same SQLite file: the result, claimed in the
// group's outbox before the kill, goes out after the restart, once; killed after
// Telegram took it in but before it was marked, it is repeated once at most.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import type { Update } from "grammy/types";
import { PROCESS_EVENT_MS, PROCESS_TOKEN, until, PrivateChat, type BotProcess, type PushedUpdate } from "../harness/http-telegram.js";
import type { ApiCall } from "../harness/fake-telegram.js";
import { processWorld, ROOT } from "../harness/world.js";

const EXAMPLE_BLOC = join(ROOT, "config", "bloc.example.yaml");
// A bound on waits for the real process, not a timing: each wait ends as soon as its event comes.
const STEP_MS = PROCESS_EVENT_MS;
const GROUP = -1001112223334;

const world = processWorld("khoi-crash-posts-", { telegram: true });

beforeEach(() => {
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
  writeFileSync(join(world.dir, "bloc.yaml"), base.replace(/\nschedule:[\s\S]*$/, `\nschedule:\n${schedule.replace(/^/gm, "  ")}\n`));
  world.srv.tg.chatTypes.set(GROUP, "supergroup");
});

function startBot(): Promise<BotProcess> {
  return world.startBot({ BOT_TOKEN: PROCESS_TOKEN, LOG_LEVEL: "warn", BLOC_FILE: join(world.dir, "bloc.yaml") }, [world.telegramPolled()]);
}

const isResult = (c: ApiCall) => c.method === "sendMessage" && Number(c.payload.chat_id) === GROUP && String(c.payload.text).startsWith("📊 <b>Kết quả");
const resultsInGroup = () => world.srv.tg.messages(GROUP).filter((m) => m.text?.startsWith("📊 <b>Kết quả"));
const post = (ballotId: number) => world.readDb<{ status: string; attempts: number }>(`SELECT status, attempts FROM GroupPost WHERE key = ?`, `ballot-result:${ballotId}`)[0];

/** A command sent in the group by the admin. */
function inGroup(text: string): Update {
  return world.srv.push({
    message: {
      message_id: world.srv.newUpdateId() + 10_000, date: Math.floor(Date.now() / 1000), chat: { id: GROUP, type: "supergroup", title: "Khối thi đua ĐBSH" },
      from: { id: 1, is_bot: false, first_name: "Admin", language_code: "vi" }, text, entities: [{ type: "bot_command", offset: 0, length: text.split(/\s/)[0]!.length }],
    },
  } as PushedUpdate);
}

/** Presses a button as soon as the bot has shown it to `p`. */
async function pressWhenShown(p: PrivateChat, label: string | RegExp): Promise<void> {
  const has = () => world.srv.tg.messages(p.id).some((m) => (m.reply_markup?.inline_keyboard ?? []).flat().some((b) => (typeof label === "string" ? b.text.includes(label) : label.test(b.text))));
  await until(`the button ${String(label)}`, has, { bot: world.bots.at(-1), context: () => `what the admin's chat shows:\n${world.srv.tg.messages(p.id).slice(-4).map((m) => `  ${JSON.stringify(m.text).slice(0, 200)} ${JSON.stringify((m.reply_markup?.inline_keyboard ?? []).flat().map((b) => b.text))}`).join("\n")}` });
  p.press(label);
}

/** The bot started, the group linked and a yes/no motion posted in it, through the admin's chat; returns the ballot's id. */
async function groupWithMotion(): Promise<number> {
  const admin = new PrivateChat(world.srv, 1, "Admin");
  let from = world.srv.calls.length;
  admin.send("/start");
  await admin.waitText("Xin chào", { from, timeoutMs: STEP_MS });
  from = world.srv.calls.length;
  inGroup("/linkgroup");
  await world.srv.waitFor((c) => c.method === "sendMessage" && Number(c.payload.chat_id) === GROUP, { from, timeoutMs: STEP_MS, what: "the link confirmed" });
  admin.send("/newballot");
  for (const label of ["Biểu quyết", /^\d{4}$/, "Dùng tiêu đề này", "Công khai", "24 giờ", "Không yêu cầu"] as const) {
    const shown = world.srv.tg.messages(admin.id).length;
    await pressWhenShown(admin, label);
    await until("the next question", () => world.srv.tg.messages(admin.id).length > shown);
  }
  from = world.srv.calls.length;
  await pressWhenShown(admin, "Đăng lên nhóm");
  const posted = await admin.waitText("Đã đăng cuộc bỏ phiếu số", { from, timeoutMs: STEP_MS });
  return Number(/số (\d+)/.exec(String(posted.payload.text))![1]);
}

describe("SIGKILL while a ballot's result goes to the group", () => {
  it("killed between the claim and the send: after the restart the result is posted, once", async () => {
    const first = await startBot();
    const id = await groupWithMotion();
    // Telegram never takes this send in, and the bot dies waiting for the answer.
    world.srv.tg.fail(isResult, 502, "Bad Gateway", { times: 1 });
    const stop = world.srv.onCall((_m, _p, call) => {
      if (isResult(call)) first.killHard();
    });
    new PrivateChat(world.srv, 1, "Admin").send(`/closeballot ${id}`);
    expect((await first.exited).signal).toBe("SIGKILL");
    stop();
    // The close is stored and the post claimed; nothing reached the group.
    expect(world.readDb<{ status: string }>(`SELECT status FROM Ballot WHERE id = ?`, id)[0]?.status).toBe("closed");
    expect(post(id)).toEqual({ status: "sending", attempts: 1 });
    expect(resultsInGroup()).toEqual([]);

    await startBot();
    await until("the result posted after the restart", () => post(id)?.status === "sent");
    expect(resultsInGroup()).toHaveLength(1);
    expect(post(id)).toEqual({ status: "sent", attempts: 2 });
    expect(world.srv.calls.filter(isResult)).toHaveLength(2); // the one cut off (never taken in), and the one after the restart
  }, 6 * PROCESS_EVENT_MS);

  it("killed after Telegram took the result in, before it was marked: repeated once at most, never lost", async () => {
    const first = await startBot();
    const id = await groupWithMotion();
    const stop = world.srv.onCall((_m, _p, call) => {
      if (isResult(call)) first.killHard(); // the message is in the group; the bot never hears back
    });
    new PrivateChat(world.srv, 1, "Admin").send(`/closeballot ${id}`);
    expect((await first.exited).signal).toBe("SIGKILL");
    stop();
    expect(resultsInGroup()).toHaveLength(1);
    expect(post(id)?.status).toBe("sending");

    await startBot();
    await until("the post marked after the restart", () => post(id)?.status === "sent");
    expect(resultsInGroup()).toHaveLength(2);
    expect(world.srv.calls.filter(isResult)).toHaveLength(2);
  }, 6 * PROCESS_EVENT_MS);
});
