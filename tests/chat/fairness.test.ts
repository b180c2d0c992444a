// Fair to everyone: a per-person rate limit before anything else, "slow down"
// once a minute at most, a flood that leaves the runner's slots to the others,
// and outsiders answered in a group once an hour at most.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createConcurrentSink } from "@grammyjs/runner";
import type { Update } from "grammy/types";
import { Harness, type FakeUser } from "../harness/harness.js";
import { harnessWithLan, join } from "../harness/fixtures.js";
import { FAIRNESS, MAX_DROPPED_ANSWERS_IN_FLIGHT } from "../../src/chat/middleware/fairness.js";

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

describe("dropped button presses", () => {
  /** `n` presses of the language button in Lan's private chat, as one getUpdates batch. */
  const presses = (n: number, tag: string): Update[] =>
    Array.from({ length: n }, (_, i) => ({
      update_id: h.nextUpdateId(),
      callback_query: { id: `${tag}${i}`, from: lan.tg, chat_instance: "ci", data: "menu:lang", message: { message_id: 1, date: 1, chat: { id: lan.id, type: "private", first_name: "Lan" }, text: "" } },
    }) as unknown as Update);
  const answersTo = (ids: string[]) => h.tg.calls.filter((c) => c.method === "answerCallbackQuery" && ids.includes(String(c.payload.callback_query_id)));
  const idsOf = (updates: Update[]) => updates.map((u) => u.callback_query!.id);

  it("are each answered once (the client stops spinning); 'slow down' still once a minute at most", async () => {
    h.clock.advance(3_600_000);
    const first = presses(PERSON_RATE.burst + 30, "a");
    await h.deliverBatch(first);
    await vi.waitFor(() => expect(answersTo(idsOf(first))).toHaveLength(first.length));
    const answers = answersTo(idsOf(first));
    for (const id of idsOf(first)) expect(answers.filter((a) => a.payload.callback_query_id === id)).toHaveLength(1);
    const texts = answers.map((a) => String(a.payload.text ?? ""));
    expect(texts.filter((t) => t.includes(SLOW_DOWN))).toHaveLength(1);
    expect(texts.filter((t) => t === "")).toHaveLength(first.length - 1); // the burst's own answers, and the dropped ones
    // What was dropped did nothing: the language picker came once per press of the burst.
    expect(textsTo(lan.id).filter((t) => t.includes("Chọn ngôn ngữ"))).toHaveLength(PERSON_RATE.burst);

    // Half a minute later, another flood: all answered, none of them with a second pop-up.
    h.clock.advance(30_000);
    const second = presses(40, "b");
    await h.deliverBatch(second);
    await vi.waitFor(() => expect(answersTo(idsOf(second))).toHaveLength(second.length));
    expect(answersTo(idsOf(second)).filter((a) => String(a.payload.text ?? "").includes(SLOW_DOWN))).toHaveLength(0);
  });

  it("are answered without being waited for, a bounded number at once, and a refused answer changes nothing", async () => {
    await h.close();
    ({ h, lan } = await harnessWithLan({ fairness: FAIRNESS, env: { TELEGRAM_TIMEOUT_SECONDS: "0.2" } }));
    h.clock.advance(3_600_000);
    // Lan's burst is used up by messages; then a flood of presses, all over the limit.
    await h.deliverBatch(Array.from({ length: PERSON_RATE.burst }, () => h.textUpdate(lan, "/whoami")));
    // Telegram does not answer the empty answers at all (they wait for the time limit) ...
    h.tg.hang((c) => c.method === "answerCallbackQuery" && !c.payload.text);
    const flood = presses(MAX_DROPPED_ANSWERS_IN_FLIGHT + 40, "c");
    await h.deliverBatch(flood); // ... and yet every update of the flood is done with: none waits for its answer
    expect(h.tg.hung.filter((x) => !x.aborted)).toHaveLength(MAX_DROPPED_ANSWERS_IN_FLIGHT);
    await vi.waitFor(() => expect(h.tg.hung.every((x) => x.aborted)).toBe(true));
    // Answers refused as a press no longer fresh: nothing fails, and Lan is served again as time passes.
    h.tg.clearFailures();
    h.tg.fail((c) => c.method === "answerCallbackQuery" && !c.payload.text, 400, "Bad Request: query is too old and response timeout expired or query ID is invalid");
    await h.deliverBatch(presses(10, "d"));
    h.clock.advance(PERSON_RATE.refillMs);
    await lan.send("/whoami");
    expect(lan.lastText()).toContain("Cán bộ đầu mối — Hải Phòng");
    expect(h.logs.filter((l) => /"level":(50|60)/.test(l))).toEqual([]);
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
