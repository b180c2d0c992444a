// Fair to everyone: a per-person rate limit before anything else, "slow down"
// once a minute at most, a flood that leaves the runner's slots to the others,
// and outsiders answered in a group once an hour at most.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createConcurrentSink } from "@grammyjs/runner";
import type { Update } from "grammy/types";
import { Harness, type FakeUser } from "../harness/harness.js";
import { harnessWithLan, join } from "../harness/fixtures.js";
import { FAIRNESS } from "../../src/bot/features/fairness.js";

const PERSON_RATE = FAIRNESS.person;

const SLOW_DOWN = "Tin nhắn gửi quá nhanh";

let h: Harness;
let lan: FakeUser;

beforeEach(async () => {
  ({ h, lan } = await harnessWithLan({ fairness: FAIRNESS })); // the production rules
});
afterEach(async () => h.close());

const textsTo = (chatId: number, from = 0) =>
  h.tg.calls.slice(from).filter((c) => c.method === "sendMessage" && Number(c.payload.chat_id) === chatId).map((c) => String(c.payload.text));

describe("a flood from one stranger", () => {
  it("takes no more than the rate limit's share of the runner's slots: another person is answered while it is handled", async () => {
    const stranger = h.user(9001, "Lạ");
    const flood = Array.from({ length: 560 }, () => h.textUpdate(stranger, "/start"));
    // The runner's own sink (500 slots), fed in getUpdates batches of 100 as the
    // runner feeds it: an update holds its slot until the bot is done with it.
    const settled = new Set<number>();
    let whoamiDone!: () => void;
    const answered = new Promise<void>((r) => (whoamiDone = r));
    const whoami = h.textUpdate(lan, "/whoami");
    const sink = createConcurrentSink<Update>(
      {
        consume: (u) =>
          h.dispatch(u).finally(() => {
            settled.add(u.update_id);
            if (u.update_id === whoami.update_id) whoamiDone();
          }),
      },
      async (e) => {
        throw e;
      },
      { concurrency: 500 },
    );
    for (let i = 0; i < flood.length; i += 100) await sink.handle(flood.slice(i, i + 100));
    await sink.handle([whoami]);
    await answered;
    const floodInSlots = flood.filter((u) => !settled.has(u.update_id)).length;
    expect(lan.lastText()).toContain("Cán bộ đầu mối — Hải Phòng");
    expect(floodInSlots).toBeLessThanOrEqual(PERSON_RATE.burst + 1); // the burst, and the one told to slow down

    while (sink.size() > 0) await new Promise((r) => setTimeout(r, 5));
    // The stranger got the burst's answers and one request to slow down; the rest was dropped unrecorded.
    const toStranger = textsTo(stranger.id);
    expect(toStranger.filter((t) => t.includes(SLOW_DOWN))).toHaveLength(1);
    expect(toStranger).toHaveLength(PERSON_RATE.burst + 1);
    expect(await h.db.processedUpdate.count({ where: { updateId: { in: flood.map((u) => u.update_id) } } })).toBe(PERSON_RATE.burst);
  });
});

describe("the rate limit", () => {
  const burst = (n: number) => Array.from({ length: n }, () => h.textUpdate(lan, "/whoami"));

  it("asks to slow down at most once a minute, and lets updates through again as time passes", async () => {
    h.clock.advance(60_000); // Lan's bucket full again after joining
    let from = h.tg.calls.length;
    await h.deliverBatch(burst(PERSON_RATE.burst + 10));
    let got = textsTo(lan.id, from);
    expect(got.filter((t) => t.includes(SLOW_DOWN))).toHaveLength(1);
    expect(got.filter((t) => t.includes("Cán bộ đầu mối"))).toHaveLength(PERSON_RATE.burst);

    // 30 s later: ten more allowed (one per 3 s); the rest dropped, without a second warning.
    h.clock.advance(30_000);
    from = h.tg.calls.length;
    await h.deliverBatch(burst(15));
    got = textsTo(lan.id, from);
    expect(got.filter((t) => t.includes(SLOW_DOWN))).toHaveLength(0);
    expect(got.filter((t) => t.includes("Cán bộ đầu mối"))).toHaveLength(10);

    // A minute after the warning: warned again.
    h.clock.advance(31_000);
    from = h.tg.calls.length;
    await h.deliverBatch(burst(15));
    got = textsTo(lan.id, from);
    expect(got.filter((t) => t.includes(SLOW_DOWN))).toHaveLength(1);
    expect(got.filter((t) => t.includes("Cán bộ đầu mối"))).toHaveLength(10);

    // One at a time, as people write, nothing is ever dropped.
    h.clock.advance(120_000);
    for (let i = 0; i < 30; i++) {
      h.clock.advance(PERSON_RATE.refillMs);
      await lan.send("/whoami");
      expect(lan.lastText()).toContain("Cán bộ đầu mối");
    }
  });

  it("warns by pop-up for button presses, in the person's language", async () => {
    const hoa = await join(h, 301, "Hoa", "QN", "focal", { language: "en" });
    h.clock.advance(3_600_000);
    const presses: Update[] = Array.from({ length: PERSON_RATE.burst + 2 }, (_, i) => ({
      update_id: h.nextUpdateId(),
      callback_query: { id: `flood${i}`, from: hoa.tg, chat_instance: "ci", data: "menu:lang", message: { message_id: 1, date: 1, chat: { id: hoa.id, type: "private", first_name: "Hoa" }, text: "" } },
    }) as unknown as Update);
    const calls = await h.deliverBatch(presses);
    const popUps = calls.filter((c) => c.method === "answerCallbackQuery" && String(c.payload.text ?? "").includes("too fast"));
    expect(popUps).toHaveLength(1);
  });
});

describe("outsiders in the group", () => {
  it("get one answer an hour at most; members are answered every time", async () => {
    const group = h.group();
    await h.user(1, "Admin").sendIn(group, "/linkgroup");
    const stranger = h.user(9002, "Lạ");
    const other = h.user(9003, "Khác");
    const inGroup = () => textsTo(group.chatId).length;

    let before = inGroup();
    await stranger.sendIn(group, "/whoami");
    expect(inGroup()).toBe(before + 1);
    before = inGroup();
    for (const cmd of ["/whoami", "/report", "/help", "/ballots", "/status"]) await stranger.sendIn(group, cmd);
    h.clock.advance(59 * 60_000);
    await stranger.sendIn(group, "/whoami");
    expect(inGroup()).toBe(before); // nothing more this hour

    await other.sendIn(group, "/whoami"); // another outsider: an answer of his own
    expect(inGroup()).toBe(before + 1);
    for (let i = 0; i < 3; i++) await lan.sendIn(group, "/whoami"); // a member: every time
    expect(inGroup()).toBe(before + 4);

    h.clock.advance(60_000 + 1); // an hour after the stranger's answer
    await stranger.sendIn(group, "/whoami");
    expect(inGroup()).toBe(before + 5);
  });
});
