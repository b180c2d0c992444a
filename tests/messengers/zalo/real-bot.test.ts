// The project's own bot (chat/bot.ts, every feature) served on Zalo through the
// adapter, as the composition will wire it: the Telegram bot's deps and
// database, a second Bot with the adapter's client options and transformers.
// (Person identity across messengers comes later: here a Zalo user is a person
// of their own, whose number is 2^52 + n.)
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createBot } from "../../../src/chat/bot.js";
import { ZaloApi } from "../../../src/messengers/zalo/api.js";
import { ZaloAdapter } from "../../../src/messengers/zalo/adapter.js";
import { parseZaloEvent } from "../../../src/messengers/zalo/events.js";
import { ZALO_ID_BASE } from "../../../src/messengers/zalo/ids.js";
import { FakeZalo, FAKE_ZALO_TOKEN, type FakeZaloUser } from "../../harness/fake-zalo.js";
import { OCTOBER } from "../../harness/fixtures.js";
import { Harness, RELAXED_FAIRNESS } from "../../harness/harness.js";

let h: Harness;
let fake: FakeZalo;
let zalo: ZaloAdapter;
let bot: ReturnType<typeof createBot>;

beforeEach(async () => {
  h = await Harness.create();
  fake = new FakeZalo({ now: () => h.clock.now().getTime() });
  const api = new ZaloApi({ token: FAKE_ZALO_TOKEN, apiRoot: "http://fake.zalo", fetch: fake.fetch });
  zalo = new ZaloAdapter({ api, db: h.db, clock: h.clock, logger: h.app.deps.logger, t: (key, vars) => h.app.deps.i18n.t("vi", key, vars) });
  bot = createBot(FAKE_ZALO_TOKEN, h.app.deps, { botInfo: zalo.botInfo, client: zalo.clientOptions(), apiTransformers: zalo.transformers(), fairness: RELAXED_FAIRNESS });
});
afterEach(async () => h.close());

/** `user` types `text`; returns what the bot sent back on Zalo. */
async function send(user: FakeZaloUser, text: string): Promise<string[]> {
  const before = fake.sent.get(user.id)?.length ?? 0;
  await zalo.handle(bot, parseZaloEvent(fake.textEvent(user, text))!);
  return (fake.sent.get(user.id) ?? []).slice(before).map((s) => s.text ?? s.caption ?? "");
}

describe("the bot's features on Zalo", () => {
  it("a stranger: /start and /help in plain text, /lang answered by number, /whoami in the language chosen", async () => {
    const lan = fake.user("Lan");
    const start = (await send(lan, "/start")).join("\n");
    expect(start).toMatch(/^Xin chào Lan!/);
    expect(start).toContain("Liên hệ: Văn phòng Khối thi đua");
    expect(start).not.toMatch(/<\/?[a-z]+>|&[a-z]+;/); // no HTML left
    expect(await send(lan, "/lang")).toEqual(["Chọn ngôn ngữ / Choose a language:\n\n1. Tiếng Việt\n2. English"]);
    expect(await send(lan, "2")).toEqual(["Language set to English."]);
    expect(await send(lan, "/whoami")).toEqual(["Lan (reached on Zalo)\nYou have no role in the bloc yet."]);
    // Nothing went to Telegram.
    expect(h.tg.calls).toEqual([]);
  });

  it("a focal person invited on Zalo reports: a typed 1 is a figure, not the ✖ Hủy choice (answered by its words), the read-back's choices by number after its items, the receipt", async () => {
    const admin = h.user(1, "Admin");
    await admin.send("/invite HP focal");
    const code = /start=([A-Za-z0-9_-]+)/.exec(admin.lastText())![1]!;
    const telegramCalls = h.tg.calls.length; // the admin's, on Telegram
    const lan = fake.user("Lan");
    expect((await send(lan, `/start ${code}`)).join("\n")).toContain("Cán bộ đầu mối của Hải Phòng");

    const first = (await send(lan, "/report")).join("\n");
    expect(first).toContain("Câu 1/12");
    // A question that takes a figure: its controls are answered by their words, so a number is the figure.
    expect(first.endsWith("\n\n✖ Hủy: gõ “Hủy”")).toBe(true);
    const second = (await send(lan, "1")).join("\n");
    expect(second).toContain("Câu 2/12");
    expect(second).toContain("◀ Quay lại: gõ “Quay lại”");
    expect((await send(lan, "quay lai")).join("\n")).toContain("Câu 1/12");
    let last: string[] = [];
    for (const answer of OCTOBER) last = await send(lan, answer);
    const review = last.join("\n");
    expect(review).toContain("Kiểm tra báo cáo tháng 10/2026");
    // Its items are 1–12: its own choices are numbered after them (one number, one meaning).
    expect(review.endsWith("\n\n13. 📤 Gửi báo cáo\n14. ✏️ Sửa một mục\n15. ✖ Hủy")).toBe(true);
    // Each answer showed the next question once: a dialogue's replay sent nothing again.
    const all = (fake.sent.get(lan.id) ?? []).map((m) => m.text ?? "");
    for (let q = 2; q <= 12; q++) expect(all.filter((t) => t.includes(`Câu ${q}/12`)), `question ${q}`).toHaveLength(q === 2 ? 2 : 1);
    const receipt = (await send(lan, "13")).join("\n");
    expect(receipt).toMatch(/Đã nhận báo cáo tháng 10\/2026 của Hải Phòng lúc 02\/11\/2026 09:00/);
    expect(receipt).toMatch(/Mã tiếp nhận: BC-[A-Z0-9]{8}/);
    const report = await h.db.report.findFirstOrThrow({ include: { values: { include: { indicator: true } } } });
    expect(Object.fromEntries(report.values.map((v) => [v.indicator.code, v.value]))).toMatchObject({ fdi_new: 12, ddi_new: 8, workers: 52300, zones_operating: 8 });
    for (const s of fake.sent.get(lan.id) ?? []) expect((s.text ?? "").length).toBeLessThanOrEqual(2000);
    expect(h.tg.calls).toHaveLength(telegramCalls);
  });

  it("the report's ✖ Hủy typed as words cancels; a number never does", async () => {
    const admin = h.user(1, "Admin");
    await admin.send("/invite HP focal");
    const code = /start=([A-Za-z0-9_-]+)/.exec(admin.lastText())![1]!;
    const lan = fake.user("Lan");
    await send(lan, `/start ${code}`);
    await send(lan, "/report");
    for (const typed of ["1", "2"]) expect((await send(lan, typed)).join("\n")).toMatch(/Câu \d+\/12/);
    expect((await send(lan, "HUỶ")).join("\n")).toMatch(/Đã hủy/);
    expect(await h.db.report.count()).toBe(0);
  });
});
