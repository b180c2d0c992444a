// A button press is answered once (chat/middleware/courtesy.ts, PressAnswers). Telegram
// takes the first answerCallbackQuery of a press and refuses any other as "too old"
// (the fake does the same: tests/harness/fake-telegram.ts). Handlers answer a press at
// once, then act; when the action fails, the error handler's words cannot be that
// press's pop-up any more: they come by message, once, and the press is not answered
// again. On Zalo, which has no pop-ups, the person gets that one message too.
// The report's write is made to fail (vi.mock of the reports' store, as
// tests/shared/db/fresh-codes.test.ts makes its codes collide).
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Harness, alerts, texts, type FakeUser } from "../harness/harness.js";
import { OCTOBER, answerAll, join } from "../harness/fixtures.js";
import type { ApiCall } from "../harness/fake-telegram.js";
import { FakeZalo, type FakeZaloUser } from "../harness/fake-zalo.js";
import { parseZaloEvent } from "../../src/messengers/zalo/events.js";

/** While `on`, storing a report fails as a refused write does. */
const writes = vi.hoisted(() => ({ refused: false, tries: 0 }));
vi.mock("../../src/features/reports/store.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/features/reports/store.js")>();
  return {
    ...real,
    submitReport: (...args: Parameters<typeof real.submitReport>) => {
      if (!writes.refused) return real.submitReport(...args);
      writes.tries++;
      return Promise.reject(new Error("attempt to write a readonly database"));
    },
  };
});

const GENERIC_ERROR = "Xin lỗi, đã có lỗi xảy ra. Vui lòng thử lại sau ít phút.";
const RECEIPT = "✅ Đã nhận báo cáo tháng 10/2026 của <b>Hải Phòng</b>";

let h: Harness;
let zalo: FakeZalo | undefined;
beforeEach(() => {
  writes.refused = false;
  writes.tries = 0;
  zalo = undefined;
});
afterEach(async () => h.close());

const answersIn = (calls: ApiCall[]) => calls.filter((c) => c.method === "answerCallbackQuery");
const refusedAnswers = () => h.tg.refused.filter((r) => r.call.method === "answerCallbackQuery");

describe("on Telegram", () => {
  let lan: FakeUser;
  beforeEach(async () => {
    h = await Harness.create({ now: "2026-11-02T02:00:00Z" });
    lan = await join(h, 200, "Lan", "HP", "focal");
  });

  it("the report's send refused by the database: the press answered once, the error by message once, the draft kept", async () => {
    await lan.send("/report");
    await answerAll(lan, OCTOBER);
    writes.refused = true;
    const before = lan.messages().length;
    const calls = await lan.press("Gửi báo cáo");
    // Sent once: the write's error is the dialogue's work failing, not a replay that failed,
    // and the dialogue is not entered again to send a second time.
    expect(writes.tries).toBe(1);
    expect(h.logs.join("")).not.toContain("dialogue failed to replay");
    // One answer to the press, the courtesy that stopped the spinner; none refused.
    expect(answersIn(calls)).toHaveLength(1);
    expect(alerts(calls)).toEqual([""]);
    expect(refusedAnswers()).toEqual([]);
    // The error reaches the person, once, in their chat.
    expect(texts(calls)).toEqual([GENERIC_ERROR]);
    expect(lan.textsSince(before)).toEqual([GENERIC_ERROR]);
    expect(await h.db.report.count()).toBe(0);
    // The write works again: the draft is sent.
    writes.refused = false;
    await lan.send("/report");
    await lan.press("Tiếp tục");
    const sent = await lan.press("Gửi báo cáo");
    expect(answersIn(sent)).toHaveLength(1);
    expect(lan.lastText()).toContain(RECEIPT);
    expect(refusedAnswers()).toEqual([]);
  });

  it("a button outside dialogues whose handler fails after answering: the error by message, the press answered once", async () => {
    await lan.send("/lang");
    // The handler answers the press, stores the choice, then its reply is refused.
    h.tg.fail((c) => c.method === "sendMessage" && c.payload.chat_id === lan.id, 400, "Bad Request: chat not found", { times: 1 });
    const before = lan.messages().length;
    const calls = await lan.press("Tiếng Việt");
    expect(answersIn(calls)).toHaveLength(1);
    expect(alerts(calls)).toEqual([""]);
    expect(refusedAnswers()).toEqual([]);
    expect(lan.textsSince(before)).toEqual([GENERIC_ERROR]);
  });

  it("the press's first answer refused by Telegram, then the send fails: the press is not answered again, the error comes by message once", async () => {
    await lan.send("/report");
    await answerAll(lan, OCTOBER);
    writes.refused = true;
    h.tg.fail((c) => c.method === "answerCallbackQuery", 400, "Bad Request: query is too old and response timeout expired or query ID is invalid", { times: 1 });
    const before = lan.messages().length;
    const calls = await lan.press("Gửi báo cáo");
    expect(writes.tries).toBe(1);
    expect(answersIn(calls)).toHaveLength(1);
    expect(lan.textsSince(before)).toEqual([GENERIC_ERROR]);
  });
});

describe("on Zalo, which has no pop-ups", () => {
  /** `user` types `text` on Zalo; the texts the bot sent back there. */
  async function zaloSend(user: FakeZaloUser, text: string): Promise<string[]> {
    const side = h.app.zalo!;
    const before = zalo!.sent.get(user.id)?.length ?? 0;
    await side.adapter.handle(side.bot, parseZaloEvent(zalo!.textEvent(user, text))!);
    return (zalo!.sent.get(user.id) ?? []).slice(before).map((s) => s.text ?? s.caption ?? "");
  }

  it("the report's send refused by the database: the person gets the error in one message, not two", async () => {
    zalo = new FakeZalo({ now: () => h.clock.now().getTime() });
    h = await Harness.create({ zalo, now: "2026-11-02T02:00:00Z" });
    const admin = h.user(1, "Admin");
    await admin.send("/invite HP focal");
    const short = /<code>([0-9A-Z]{5}-[0-9A-Z]{5})<\/code>/.exec(admin.lastText())![1]!;
    const lan = zalo.user("Lan");
    await zaloSend(lan, short);
    await zaloSend(lan, "/report");
    let last: string[] = [];
    for (const a of OCTOBER) last = await zaloSend(lan, a);
    expect(last.join("\n")).toContain("13. 📤 Gửi báo cáo");
    writes.refused = true;
    expect(await zaloSend(lan, "13")).toEqual([GENERIC_ERROR]);
    expect(writes.tries).toBe(1); // sent once, as on Telegram
    writes.refused = false;
    await zaloSend(lan, "/report");
    expect((await zaloSend(lan, "1")).join("\n")).toContain("Kiểm tra báo cáo tháng 10/2026"); // “1. Tiếp tục”: the draft
  });
});
