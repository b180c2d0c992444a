// The transformer that keeps Telegram's limits for every call the bot makes
// (src/messengers/telegram/telegram-limits.ts), against the fake Telegram that refuses what
// Telegram refuses; and the edits of a pressed message that Telegram can no
// longer edit.
import { Api, GrammyError, InlineKeyboard, InputFile } from "grammy";
import { beforeEach, describe, expect, it } from "vitest";
import { FakeTelegram } from "../../harness/fake-telegram.js";
import { Harness } from "../../harness/harness.js";
import { telegramLimits } from "../../../src/messengers/telegram/telegram-limits.js";
import { visibleLength, visibleText } from "../../../src/shared/text/split.js";

const CHAT = 7;
let tg: FakeTelegram;
let api: Api;
let warnings: { obj: unknown; msg: string }[];

beforeEach(() => {
  tg = new FakeTelegram();
  tg.chatTypes.set(CHAT, "private");
  api = new Api("123:TOKEN", { apiRoot: "http://fake.telegram", fetch: tg.fetch as never });
  warnings = [];
  api.config.use(telegramLimits({ warn: ((obj: unknown, msg: string) => warnings.push({ obj, msg })) as never }));
});

const items = Array.from({ length: 80 }, (_, i) => `${i + 1}. <b>Chỉ tiêu ${i + 1}</b> có tên dài &amp; rõ: ${"giá trị ".repeat(8)}\n    <i>tháng trước: ${i}</i>`);
const long = ["<b>Kiểm tra báo cáo</b>", "", ...items, "", "Bấm “Gửi”."].join("\n");

describe("a sendMessage over 4,096 characters", () => {
  it("is sent as several messages that Telegram accepts: the keyboard on the last, the reply on the first, the last one returned", async () => {
    expect(visibleLength(long)).toBeGreaterThan(4096 * 2);
    const kb = new InlineKeyboard().text("📤 Gửi", "send");
    const last = await api.sendMessage(CHAT, long, { parse_mode: "HTML", reply_markup: kb, reply_parameters: { message_id: 5, allow_sending_without_reply: true } });
    const sends = tg.callsOf("sendMessage");
    expect(sends.length).toBeGreaterThanOrEqual(3);
    expect(tg.refused).toEqual([]);
    expect(sends.map((c) => c.payload.reply_markup !== undefined)).toEqual([...sends.slice(1).map(() => false), true]);
    expect(sends.map((c) => c.payload.reply_parameters !== undefined)).toEqual([true, ...sends.slice(1).map(() => false)]);
    expect(last.message_id).toBe(tg.messages(CHAT).at(-1)!.message_id);
    // Nothing lost: the parts read as the whole, line for line.
    const lines = tg.messages(CHAT).flatMap((m) => visibleText(m.text!).split("\n"));
    expect(lines.filter(Boolean)).toEqual(visibleText(long).split("\n").filter(Boolean));
    expect(warnings).toEqual([]);
  });

  it("stops at a part Telegram refuses, and the caller hears of it", async () => {
    tg.fail((c) => c.method === "sendMessage" && tg.callsOf("sendMessage").length === 2, 403, "Forbidden: bot was blocked by the user", { times: 1 });
    await expect(api.sendMessage(CHAT, long, { parse_mode: "HTML" })).rejects.toThrow(GrammyError);
    expect(tg.callsOf("sendMessage")).toHaveLength(2);
  });

  it("leaves a text that fits, and plain text, alone but for the split", async () => {
    await api.sendMessage(CHAT, "<b>ngắn</b>", { parse_mode: "HTML" });
    expect(tg.callsOf("sendMessage")[0]!.payload.text).toBe("<b>ngắn</b>");
    await api.sendMessage(CHAT, Array.from({ length: 600 }, (_, i) => `dòng ${i} <không phải thẻ> & co`).join("\n"));
    expect(tg.refused).toEqual([]);
    expect(tg.callsOf("sendMessage").length).toBeGreaterThan(3);
  });
});

describe("what cannot be split", () => {
  it("an edit that changes nothing is a success", async () => {
    const m = await api.sendMessage(CHAT, "x", { reply_markup: new InlineKeyboard().text("a", "a") });
    await expect(api.editMessageText(CHAT, m.message_id, "x", { reply_markup: new InlineKeyboard().text("a", "a") })).resolves.toBe(true);
    await expect(api.editMessageReplyMarkup(CHAT, m.message_id, { reply_markup: new InlineKeyboard().text("a", "a") })).resolves.toBe(true);
    expect(tg.refused.map((r) => r.refusal.description)).toEqual([expect.stringContaining("message is not modified"), expect.stringContaining("message is not modified")]);
    // Other refusals still throw.
    await expect(api.editMessageText(CHAT, 999, "y")).rejects.toThrow("message to edit not found");
  });

  it("an edited text, a caption and an alert over their limits are shortened, and logged", async () => {
    const m = await api.sendMessage(CHAT, "x");
    await api.editMessageText(CHAT, m.message_id, long, { parse_mode: "HTML" });
    const edited = tg.message(CHAT, m.message_id)!.text!;
    expect(visibleLength(edited)).toBeLessThanOrEqual(4096);
    expect(edited.endsWith("…")).toBe(true);
    await api.sendDocument(CHAT, new InputFile(new Uint8Array([1]), "a.xlsx"), { caption: `<b>Bảng tổng hợp</b> ${"số liệu ".repeat(200)}`, parse_mode: "HTML" });
    await api.answerCallbackQuery("q", { text: "Mã phiếu ".repeat(40), show_alert: true });
    expect(tg.refused).toEqual([]);
    const alert = String(tg.callsOf("answerCallbackQuery")[0]!.payload.text);
    expect(alert.length).toBeLessThanOrEqual(200);
    expect(alert).toMatch(/^Mã phiếu .*Mã phiếu…$/);
    expect(warnings.map((w) => w.msg)).toEqual([
      "edited text over Telegram's limit: shortened",
      "caption over Telegram's limit: shortened",
      "alert over Telegram's limit: shortened",
    ]);
    // The log says how long, never what.
    expect(JSON.stringify(warnings)).not.toContain("Chỉ tiêu");
  });
});

describe("a button pressed on a message Telegram can no longer edit (deleted, or older than 48 hours)", () => {
  it("gets its answer as a new message, or changes nothing, instead of failing", async () => {
    const h = await Harness.create({ now: "2026-11-10T02:00:00Z" });
    try {
      const admin = h.user(1, "Admin");
      const group = h.group();
      await admin.sendIn(group, "/linkgroup");
      // The invitation's board picker, deleted by the admin before the press.
      await admin.send("/invite");
      const picker = admin.last()!;
      await h.tg.fetch("http://fake.telegram/bot1:x/deleteMessage", { method: "POST", body: JSON.stringify({ chat_id: admin.id, message_id: picker.message_id }) });
      await admin.press("Hải Phòng", { messageId: picker.message_id });
      expect(admin.lastText()).toContain("vai trò");
      expect(admin.last()!.message_id).not.toBe(picker.message_id);
      // A summary older than 48 hours: Telegram refuses to edit it, the details come as a new message.
      await admin.sendIn(group, "/summary 2026-10");
      const summary = group.last()!;
      h.tg.fail((c) => c.method === "editMessageText" && c.payload.message_id === summary.message_id, 400, "Bad Request: message can't be edited");
      await admin.press("Chi tiết", { in: group, messageId: summary.message_id });
      expect(group.last()!.message_id).not.toBe(summary.message_id);
      expect(group.lastText()).toContain("Tổng hợp tháng 10/2026");
      expect(h.logs.filter((l) => /"level":50/.test(l))).toEqual([]);
    } finally {
      await h.close();
    }
  });
});
