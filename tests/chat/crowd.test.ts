// Many people without a role at once (issue 13, review): however many they are,
// they cannot hold up a member. Outsiders in the group share one budget and wait
// in their own queues, never in the group's; strangers in private share one
// budget, are answered without a database row, and a batch's updates go on a few
// per turn of the event loop. Fed through the runner's own sink (500 slots, in
// getUpdates batches of 100) as in production, with the production rules.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createConcurrentSink } from "@grammyjs/runner";
import type { Update } from "grammy/types";
import { Harness, type FakeGroup, type FakeUser } from "../harness/harness.js";
import { join } from "../harness/fixtures.js";
import { FAIRNESS } from "../../src/chat/middleware/fairness.js";
import { UPDATES_PER_TURN } from "../../src/chat/middleware/turns.js";
import { sqlOf } from "../../src/shared/db/sql.js";

let h: Harness;
let group: FakeGroup;
let thu: FakeUser, lan: FakeUser;

afterEach(async () => h.close());

/** The runner's sink over the harness: `settled` holds the ids of the updates the bot is done with. */
function runnerSink() {
  const settled = new Set<number>();
  const sink = createConcurrentSink<Update>({ consume: (u) => h.dispatch(u).finally(() => settled.add(u.update_id)) }, async (e) => { throw e; }, { concurrency: 500 });
  return {
    settled,
    size: () => sink.size(),
    /** Feeds `updates` as getUpdates batches of 100. */
    async feed(updates: Update[]) {
      for (let i = 0; i < updates.length; i += 100) await sink.handle(updates.slice(i, i + 100));
    },
    async drained() {
      await vi.waitFor(() => expect(sink.size()).toBe(0), { timeout: 30_000, interval: 5 });
    },
  };
}

/** Settles when `p` is true; fails the test if it never becomes so (the bound is a failure's, not a speed goal). */
const until = (p: () => boolean) => vi.waitFor(() => expect(p()).toBe(true), { timeout: 15_000, interval: 5 });

/** Ids of the given updates the ledger recorded, i.e. that reached the bot's handlers. */
async function handled(updates: Update[]): Promise<number> {
  const sql = await sqlOf(h.db);
  return sql.get<{ n: number }>(`SELECT count(*) AS "n" FROM "ProcessedUpdate" WHERE "updateId" IN (SELECT "value" FROM json_each(?))`, JSON.stringify(updates.map((u) => u.update_id)))!.n;
}

describe("outsiders in the group while a member votes", () => {
  beforeEach(async () => {
    h = await Harness.create({ now: "2026-12-10T02:00:00Z", fairness: FAIRNESS });
    group = h.group();
    await h.user(1, "Admin").sendIn(group, "/linkgroup");
    thu = await join(h, 100, "Thu", "", "secretariat");
    lan = await join(h, 200, "Lan", "HP", "focal");
    h.clock.advance(3_600_000);
    await thu.send("/newballot");
    for (const b of ["Khối trưởng", /^\d{4}$/, "Dùng tiêu đề này", "Tất cả các đơn vị", "Công khai", "24 giờ", "Không yêu cầu", "bầu lại", "Đăng lên nhóm"]) await thu.press(b);
    h.clock.advance(3_600_000); // everyone's rate-limit bucket full again
  });

  const ballotMessage = () => [...group.messages()].reverse().find((m) => m.text?.startsWith("🗳"))!;
  const outsiders = (n: number) => Array.from({ length: n }, (_, i) => h.user(9000 + i, `Lạ ${i}`));
  const voteAnswer = (vote: Update) => h.tg.calls.find((c) => c.method === "answerCallbackQuery" && c.payload.callback_query_id === vote.callback_query!.id);

  it("30 outsiders pressing 20 times each: the vote is counted and answered while their answers are still held", async () => {
    const flood = outsiders(30).flatMap((s) => Array.from({ length: 20 }, () => s.pressUpdate("Hà Nam", { in: group, messageId: ballotMessage().message_id })));
    const floodIds = new Set(flood.map((u) => u.callback_query!.id));
    // Telegram does not answer the outsiders' answers until the test says so: were
    // the vote queued behind any of them, it would not be answered before that.
    let release!: () => void;
    h.tg.hang((c) => c.method === "answerCallbackQuery" && floodIds.has(String(c.payload.callback_query_id)), { until: new Promise<void>((r) => (release = r)) });
    const vote = lan.pressUpdate("Hà Nam", { in: group, messageId: ballotMessage().message_id });
    const sink = runnerSink();
    await sink.feed(flood);
    await sink.feed([vote]);
    await until(() => sink.settled.has(vote.update_id));
    expect(String(voteAnswer(vote)?.payload.text)).toContain("Đã ghi phiếu của Hải Phòng");
    expect(await h.db.ballotVote.count()).toBe(1);
    const held = h.tg.hung.length;
    expect(held).toBeGreaterThan(0); // some outsiders were being answered, and held
    // The outsiders together took the shared budget of people without a role, no more.
    expect(await handled(flood)).toBe(FAIRNESS.roleless.burst);

    release();
    await sink.drained();
    expect(await h.db.ballotVote.count()).toBe(1); // no outsider's press counted
  });

  it("30 outsiders' commands in the group: the group's share is answered, and the vote is not held behind their sends", async () => {
    const crowd = outsiders(30);
    const commands = crowd.map((s) => groupCommand(s, "/whoami"));
    let release!: () => void;
    h.tg.hang((c) => c.method === "sendMessage" && Number(c.payload.chat_id) === group.chatId, { until: new Promise<void>((r) => (release = r)) });
    const vote = lan.pressUpdate("Hà Nam", { in: group, messageId: ballotMessage().message_id });
    const sink = runnerSink();
    await sink.feed(commands);
    await sink.feed([vote]);
    await until(() => sink.settled.has(vote.update_id));
    expect(String(voteAnswer(vote)?.payload.text)).toContain("Đã ghi phiếu của Hải Phòng");
    release();
    await sink.drained();
    const toGroup = () => h.tg.calls.filter((c) => c.method === "sendMessage" && Number(c.payload.chat_id) === group.chatId && /<b>Lạ \d+<\/b> \(nhận tin qua Telegram\)/.test(String(c.payload.text)));
    expect(toGroup()).toHaveLength(FAIRNESS.outsiderGroup.burst);
    expect(await handled(commands)).toBe(FAIRNESS.outsiderGroup.burst);

    // The group's budget refills slowly, for all outsiders together; one answered outsider is not answered again within the hour.
    const answered = crowd.find((s) => toGroup().some((c) => String(c.payload.text).includes(`<b>${s.tg.first_name}</b>`)))!;
    h.clock.advance(FAIRNESS.outsiderGroup.refillMs);
    await sink.feed([groupCommand(answered, "/whoami")]);
    await sink.feed(crowd.filter((s) => s !== answered).slice(0, 5).map((s) => groupCommand(s, "/whoami")));
    await sink.drained();
    expect(toGroup()).toHaveLength(FAIRNESS.outsiderGroup.burst + 1);
    // A member is answered every time meanwhile.
    const before = group.messages().length;
    for (let i = 0; i < 3; i++) await lan.sendIn(group, "/whoami");
    expect(group.messages().length).toBe(before + 3);
  });

  function groupCommand(user: FakeUser, text: string): Update {
    return {
      update_id: h.nextUpdateId(),
      message: { message_id: 700_000 + h.tg.calls.length + user.id, date: 1, chat: { id: group.chatId, type: "supergroup", title: "Khối" }, from: user.tg, text, entities: [{ type: "bot_command", offset: 0, length: text.split(" ")[0]!.length }] },
    } as unknown as Update;
  }
});

describe("many different strangers at once", () => {
  beforeEach(async () => {
    h = await Harness.create({ now: "2026-12-10T02:00:00Z", fairness: FAIRNESS });
    lan = await join(h, 200, "Lan", "HP", "focal");
    h.clock.advance(3_600_000);
  });

  it("3,000 strangers' /start: they share one budget, get no database row, and a member is answered meanwhile", async () => {
    const people = await h.db.person.count();
    const strangers = Array.from({ length: 3000 }, (_, i) => h.user(100_000 + i, `Khách ${i}`));
    const flood = strangers.map((s) => h.textUpdate(s, "/start"));
    const whoami = h.textUpdate(lan, "/whoami");
    const sink = runnerSink();
    await sink.feed(flood);
    await sink.feed([whoami]);
    await until(() => sink.settled.has(whoami.update_id));
    expect(lan.lastText()).toContain("Cán bộ đầu mối — Hải Phòng");
    await sink.drained();

    const welcomed = strangers.filter((s) => s.lastText()?.includes("Bot chỉ dùng được khi có lời mời"));
    expect(welcomed).toHaveLength(FAIRNESS.roleless.burst);
    expect(welcomed[0]!.lastText()).toContain("Liên hệ: Văn phòng Khối thi đua"); // whom to ask, from the bloc file
    expect(await handled(flood)).toBe(FAIRNESS.roleless.burst); // the others were dropped before the ledger
    expect(await h.db.person.count()).toBe(people); // no rows for strangers

    // The budget refills with time: one stranger more per refill.
    h.clock.advance(10 * FAIRNESS.roleless.refillMs);
    const later = strangers.slice(-100).map((s) => h.textUpdate(s, "/start"));
    await sink.feed(later);
    await sink.drained();
    expect(await handled(later)).toBe(10);
  });

  it("a stranger with an invitation still joins, and a stranger's choice of language is kept", async () => {
    const admin = h.user(1, "Admin");
    await admin.send("/invite QN focal");
    const code = /start=([A-Za-z0-9_-]+)/.exec(admin.lastText())![1]!;
    const hoa = h.user(301, "Hoa");
    await hoa.send(`/start ${code}`);
    expect(hoa.lastText()).toContain("Quảng Ninh");
    expect(await h.db.role.count({ where: { person: { telegramId: BigInt(301) }, revokedAt: null } })).toBe(1);

    const guest = h.user(302, "Khách");
    await guest.send("/start");
    expect(await h.db.person.count({ where: { telegramId: BigInt(302) } })).toBe(0);
    await guest.send("/lang en");
    expect(await h.db.person.findFirst({ where: { telegramId: BigInt(302) }, select: { locale: true } })).toEqual({ locale: "en" });
    await guest.send("/start");
    expect(guest.lastText()).toContain("by invitation");
  });
});

describe("a batch of updates and the event loop", () => {
  it(`lets at most ${UPDATES_PER_TURN} updates of a batch go on before the loop turns, in the order they came`, async () => {
    h = await Harness.create({ now: "2026-12-10T02:00:00Z" }); // relaxed rules: all 100 are handled
    const strangers = Array.from({ length: 100 }, (_, i) => h.user(100_000 + i, `Khách ${i}`));
    const batch = strangers.map((s) => h.textUpdate(s, "/start"));
    const answers = () => h.tg.calls.filter((c) => c.method === "sendMessage").length;
    // A check at every turn of the loop: how many answers were started since the last turn.
    const perTurn: number[] = [];
    let last = answers();
    let watching = true;
    const watch = () => {
      const now = answers();
      perTurn.push(now - last);
      last = now;
      if (watching) setImmediate(watch);
    };
    setImmediate(watch);
    await h.deliverBatch(batch);
    watching = false;
    perTurn.push(answers() - last); // those since the last turn
    expect(perTurn.reduce((a, b) => a + b, 0)).toBe(100);
    expect(Math.max(...perTurn)).toBeLessThanOrEqual(UPDATES_PER_TURN);
    // In the order they came.
    const order = h.tg.calls.filter((c) => c.method === "sendMessage").map((c) => Number(c.payload.chat_id));
    expect(order).toEqual(strangers.map((s) => s.id));
  });
});
