// The Zalo adapter (issue 16 item 3) proved through a grammY bot driven by Zalo
// events: what a Zalo user sees on the fake Zalo Bot API (numbered lines,
// plain text, parts of at most 2,000 characters, new messages instead of
// edits, file links), how typed answers press the latest menu, Zalo's faults,
// and a restart on the same database.
import { afterEach, describe, expect, it } from "vitest";
import { GrammyError } from "grammy";
import { isZaloTokenRevoked } from "../../../src/messengers/zalo/adapter.js";
import { ZALO_ID_BASE } from "../../../src/messengers/zalo/ids.js";
import { choiceWords, htmlToPlain, keyboardLines, matchChoice, menuChoices, onlyDialogueControls, zaloParts } from "../../../src/messengers/zalo/text.js";
import { startZaloPolling } from "../../../src/messengers/zalo/polling.js";
import { ZaloApi } from "../../../src/messengers/zalo/api.js";
import { sqlOf } from "../../../src/shared/db/sql.js";
import { createHttpServer } from "../../../src/messengers/http/server.js";
import { FAKE_ZALO_TOKEN } from "../../harness/fake-zalo.js";
import { ManualTimers } from "../../harness/manual-timers.js";
import { askKeyboard, longHtml, PNG, ZaloWorld } from "./world.js";

const SECRET_PART = FAKE_ZALO_TOKEN.slice(FAKE_ZALO_TOKEN.indexOf(":") + 1);
const ASK_LINES = "1. ✅ Gửi\n2. ✏️ Sửa\n3. ❌ Hủy\nHướng dẫn: https://example.vn/huong-dan";

const worlds: ZaloWorld[] = [];
async function world(opts: Parameters<typeof ZaloWorld.create>[0] = {}): Promise<ZaloWorld> {
  const w = await ZaloWorld.create(opts);
  worlds.push(w);
  return w;
}
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close();
});

describe("the Zalo adapter: what a Zalo user sees", () => {
  it("a keyboard becomes numbered lines under the plain text; the result is a Telegram Message with a synthetic id", async () => {
    const w = await world();
    const lan = w.fake.user("Lan");
    await w.send(lan, "/ask");
    expect(w.errors).toEqual([]);
    expect(w.texts(lan)).toEqual([`Chọn một mục:\n\n${ASK_LINES}`]);
    const result = w.results.ask as { message_id: number; chat: { id: number }; date: number; text: string };
    // The user's /ask was message 1 of the chat, the bot's answer message 2 (one counter per chat, as on Telegram).
    expect(result.message_id).toBe(2);
    expect(result.chat.id).toBeGreaterThan(ZALO_ID_BASE);
    expect(await w.adapter.ids.zaloIdOf(result.chat.id)).toBe(lan.id);
    expect(result.date).toBe(Math.floor(w.clock.now().getTime() / 1000));
    expect(result.text).toBe(`Chọn một mục:`);
  });

  it("HTML becomes plain text: tags dropped, entities decoded, a link written “text (url)” unless the text is the url", async () => {
    const w = await world();
    const lan = w.fake.user("Lan");
    await w.send(lan, "/html");
    expect(w.texts(lan)).toEqual(["Tổng & cộng: 7.081,7 <tr USD> — báo cáo (https://example.vn/bao-cao), https://example.vn, Lan 😀"]);
    // Escaped text that looks like a tag stays text.
    expect(htmlToPlain("&lt;b&gt;x&lt;/b&gt; <code>a &amp;&amp; b</code>")).toBe("<b>x</b> a && b");
  });

  it("a long text is cut into parts of at most 2,000 characters, the numbered lines in the last part only", async () => {
    const w = await world();
    const lan = w.fake.user("Lan");
    await w.send(lan, "/long");
    const parts = w.texts(lan);
    expect(parts.length).toBeGreaterThanOrEqual(3);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(2000);
    expect(parts.at(-1)!.endsWith("\n\n1. Tiếp\n2. Thôi")).toBe(true);
    for (const p of parts.slice(0, -1)) expect(p).not.toMatch(/^\d\. /m);
    // Nothing lost: the parts hold the whole plain text, paragraph by paragraph.
    const paragraphs = htmlToPlain(longHtml()).split("\n\n");
    expect(parts.join("\n\n").split("\n\n").slice(0, paragraphs.length)).toEqual(paragraphs);
  });

  it("choices that do not fit under the text make the last parts on their own, each within 2,000 characters, none cut", () => {
    const lines = Array.from({ length: 120 }, (_, i) => `${i + 1}. Ban Quản lý các khu công nghiệp tỉnh số ${i + 1}`);
    const parts = zaloParts("Chọn đơn vị:", lines);
    expect(parts.length).toBeGreaterThan(2);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(2000);
    expect(parts.join("\n").split("\n").filter((l) => /^\d+\. /.test(l))).toEqual(lines);
    // A photo's caption too long for Zalo: the photo alone, then the caption in parts.
    expect(zaloParts("x".repeat(1990), ["1. Một", "2. Hai"])).toEqual(["x".repeat(1990), "1. Một\n2. Hai"]);
  });

  it("an edit is never made in place: a new message with the new text and its lines; the result keeps the edited message's id", async () => {
    const w = await world();
    const lan = w.fake.user("Lan");
    await w.send(lan, "/ask");
    await w.send(lan, "2");
    expect(w.errors).toEqual([]);
    expect(w.presses).toEqual([{ data: "c:edit", messageId: 2, text: "Chọn một mục:", buttons: ["✅ Gửi", "✏️ Sửa", "❌ Hủy", "Hướng dẫn"] }]);
    // The first message stays as it was; the edit is a second message.
    expect(w.texts(lan)).toEqual([`Chọn một mục:\n\n${ASK_LINES}`, "Sửa mục nào?\n\n1. Một\n2. Hai"]);
    expect((w.results.edit as { message_id: number }).message_id).toBe(2);
    // Zalo has no edit method at all: only sends reached it.
    expect(w.fake.calls.map((c) => c.method).filter((m) => !m.startsWith("send"))).toEqual([]);
    // The edited menu is the one a number answers now, on the same message.
    await w.send(lan, "2");
    expect(w.presses.at(-1)).toMatchObject({ data: "e:2", messageId: 2, text: "Sửa mục nào?" });
  });
});

describe("the Zalo adapter: typed answers to the latest menu", () => {
  it("by number (“2”, “2.”, “số 2”) and by a choice's words, case and diacritics folded", async () => {
    const w = await world();
    const lan = w.fake.user("Lan");
    for (const typed of ["3", "3.", "số 3", "HUY", "❌ hủy"]) {
      await w.send(lan, "/ask");
      await w.send(lan, typed);
    }
    expect(w.presses.map((p) => p.data)).toEqual(["c:cancel", "c:cancel", "c:cancel", "c:cancel", "c:cancel"]);
    expect(w.texts(lan).filter((t) => t === "bấm c:cancel")).toHaveLength(5);
    // The rules alone: a number beyond the menu, shared words or a command answer nothing.
    const choices = menuChoices({ inline_keyboard: [[{ text: "Có", callback_data: "y" }, { text: "Co", callback_data: "y2" }, { text: "Không", callback_data: "n" }]] });
    expect(matchChoice("4", choices)).toBeNull();
    expect(matchChoice("co", choices)).toBeNull();
    expect(matchChoice("khong", choices)?.data).toBe("n");
    expect(matchChoice("/3", choices)).toBeNull();
    expect(matchChoice("3,5", choices)).toBeNull();
  });

  it("under a question that takes a typed answer (a dialogue's controls alone), a number is text and the choices are answered by their words", async () => {
    const controls = { inline_keyboard: [[{ text: "◀ Quay lại", callback_data: "rq:0a1b2c3d:4:back" }, { text: "Giống tháng trước (12)", callback_data: "rq:0a1b2c3d:4:same" }], [{ text: "✖ Hủy", callback_data: "rq:0a1b2c3d:4:cancel" }]] };
    const choices = menuChoices(controls);
    expect(onlyDialogueControls(choices)).toBe(true);
    // A read-back (send, change) or any menu with a real choice is answered by number.
    expect(onlyDialogueControls(menuChoices({ inline_keyboard: [[{ text: "📤 Gửi", callback_data: "rq:0a1b2c3d:9:send" }, { text: "✖ Hủy", callback_data: "rq:0a1b2c3d:9:cancel" }]] }))).toBe(false);
    expect(onlyDialogueControls(menuChoices(askKeyboard()))).toBe(false);
    expect(choiceWords("Giống tháng trước (12)")).toBe("Giống tháng trước");
    expect(keyboardLines(controls, { kind: "words", line: (label, words) => `${label}: gõ “${words}”` })).toEqual(["◀ Quay lại: gõ “Quay lại”", "Giống tháng trước (12): gõ “Giống tháng trước”", "✖ Hủy: gõ “Hủy”"]);
    expect(matchChoice("1", choices, { numbers: false })).toBeNull();
    expect(matchChoice("giong thang truoc", choices, { numbers: false })?.data).toBe("rq:0a1b2c3d:4:same");
    expect(matchChoice("Quay lại", choices, { numbers: false })?.data).toBe("rq:0a1b2c3d:4:back");
    // A label that carries its own number is not numbered twice.
    expect(keyboardLines({ inline_keyboard: [[{ text: "1. Vốn FDI", callback_data: "a" }, { text: "Vốn DDI", callback_data: "b" }]] })).toEqual(["1. Vốn FDI", "2. Vốn DDI"]);
    // One number, one meaning: labels keep their own numbers even when not in a row (an item retired
    // from a list), and the other choices come after every number on screen, the text's lines included.
    const which = { inline_keyboard: [[{ text: "1. Doanh thu FDI", callback_data: "w:0" }, { text: "3. Doanh thu DDI", callback_data: "w:2" }], [{ text: "Bỏ qua", callback_data: "w:skip" }]] };
    expect(keyboardLines(which)).toEqual(["1. Doanh thu FDI", "3. Doanh thu DDI", "4. Bỏ qua"]);
    const readBack = { inline_keyboard: [[{ text: "📤 Gửi", callback_data: "r:send" }], [{ text: "✖ Hủy", callback_data: "r:cancel" }]] };
    const listing = "<b>Kiểm tra</b>\n\n1. Dự án FDI: <b>12</b>\n2. Dự án DDI: 8\n  12. Số KCN: 8\nGhi chú 1.234,5 và 3.131";
    expect(keyboardLines(readBack, { kind: "numbers" }, listing)).toEqual(["13. 📤 Gửi", "14. ✖ Hủy"]);
    const afterItems = menuChoices(readBack, listing);
    expect(matchChoice("13", afterItems)?.data).toBe("r:send");
    expect(matchChoice("1", afterItems)).toBeNull(); // item 1: the text goes on as typed
    expect(matchChoice("2", afterItems)).toBeNull();
  });

  it("a pop-up's text is sent as a message; an edit that only removes the keyboard sends nothing and its numbers answer nothing after", async () => {
    const w = await world();
    const lan = w.fake.user("Lan");
    await w.send(lan, "/ask");
    await w.send(lan, "gửi");
    expect(w.presses.map((p) => p.data)).toEqual(["c:send"]);
    expect(w.texts(lan, 1)).toEqual(["Đã gửi báo cáo."]);
    expect(w.results.unmark).toMatchObject({ message_id: 2 });
    await w.send(lan, "1");
    expect(w.presses).toHaveLength(1);
    expect(w.texts(lan, 2)).toEqual(["chữ: 1"]);
    // A press answered without text says nothing: “2” after a new /ask edits, no pop-up message.
    await w.send(lan, "/ask");
    await w.send(lan, "2");
    expect(w.texts(lan, 4)).toEqual(["Sửa mục nào?\n\n1. Một\n2. Hai"]);
  });

  it("a stale number after a new menu answers the new menu, or nothing when the new menu has no such number", async () => {
    const w = await world();
    const lan = w.fake.user("Lan");
    await w.send(lan, "/ask"); // three choices
    await w.send(lan, "/ask2"); // two
    await w.send(lan, "3");
    expect(w.presses).toEqual([]);
    expect(w.texts(lan).at(-1)).toBe("chữ: 3");
    await w.send(lan, "1");
    expect(w.presses.map((p) => p.data)).toEqual(["m:1"]);
    expect(w.presses[0]!.messageId).toBe(4); // /ask 1, its menu 2, /ask2 3, its menu 4
    // Each chat has its own latest menu.
    const minh = w.fake.user("Minh");
    await w.send(minh, "1");
    expect(w.presses).toHaveLength(1);
    expect(w.texts(minh)).toEqual(["chữ: 1"]);
  });

  it("commands carry a bot_command entity, as Telegram sends them, and never press a choice", async () => {
    const w = await world();
    const lan = w.fake.user("Lan");
    await w.send(lan, "/ask");
    await w.send(lan, "/ask2@zalo_bot");
    expect(w.texts(lan).at(-1)).toBe("Chọn lại:\n\n1. Một\n2. Hai");
    expect(w.presses).toEqual([]);
  });

  it("inside a dialogue (@grammyjs/conversations builds its own Api): the question's choice answered by number, or a typed value", async () => {
    const w = await world();
    const lan = w.fake.user("Lan");
    await w.send(lan, "/count");
    expect(w.texts(lan)).toEqual(["Số doanh nghiệp mới?\n\n1. Bỏ qua"]);
    await w.send(lan, "1");
    expect(w.texts(lan, 1)).toEqual(["Đã bỏ qua."]);
    await w.send(lan, "/count");
    await w.send(lan, "12");
    expect(w.texts(lan, 3)).toEqual(["Đã ghi: 12"]);
    expect(w.errors).toEqual([]);
  });

  it("what the bot cannot read (an image, a sticker, a voice note, an unsupported message) gets the fixed polite answer, once a minute per chat at most; an event without a message, none", async () => {
    const w = await world();
    const lan = w.fake.user("Lan");
    const polite = w.i18n.t("vi", "zalo-unsupported");
    expect(polite).toMatch(/chữ/);
    const minute = () => w.clock.advance(60_000);
    await w.event(w.fake.imageEvent(lan, { caption: "/ask" }));
    minute();
    await w.event(w.fake.imageEvent(lan, { field: "photo" }));
    minute();
    await w.event(w.fake.stickerEvent(lan));
    minute();
    await w.event(w.fake.voiceEvent(lan));
    minute();
    await w.event(w.fake.unsupportedEvent(lan));
    await w.event(w.fake.unsupportedEvent(null));
    expect(w.texts(lan)).toEqual([polite, polite, polite, polite, polite]);
    expect(w.fake.calls.filter((c) => c.method === "sendMessage")).toHaveLength(5);
    expect(w.errors).toEqual([]);
    // A flood of stickers within the minute: no more answers; to another chat, its own.
    for (let i = 0; i < 20; i++) await w.event(w.fake.stickerEvent(lan));
    const minh = w.fake.user("Minh");
    await w.event(w.fake.stickerEvent(minh));
    expect(w.fake.calls.filter((c) => c.method === "sendMessage")).toHaveLength(6);
    expect(w.texts(minh)).toEqual([polite]);
  });
});

describe("the Zalo adapter: files", () => {
  it("a photo goes as a signed link Zalo fetches: served, then refused when altered (404) or expired (410)", async () => {
    const w = await world();
    const lan = w.fake.user("Lan");
    await w.send(lan, "/photo");
    expect(w.errors).toEqual([]);
    const [sent] = w.sent(lan);
    expect(sent).toMatchObject({ method: "sendPhoto", caption: "Biểu đồ tháng 10" });
    expect(sent!.photo!.startsWith(`${w.publicUrl}/files/`)).toBe(true);
    const res = await fetch(sent!.photo!);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(PNG);
    // One character of the signature changed: not found, whichever part.
    const token = sent!.photo!.split("/files/")[1]!;
    const altered = token.slice(0, -1) + (token.endsWith("A") ? "B" : "A");
    expect((await fetch(`${w.publicUrl}/files/${altered}`)).status).toBe(404);
    const otherFile = token.replace(/^./, (c) => (c === "x" ? "y" : "x"));
    expect((await fetch(`${w.publicUrl}/files/${otherFile}`)).status).toBe(404);
    w.clock.advance(8 * 86_400_000); // the store keeps files 7 days
    expect((await fetch(sent!.photo!)).status).toBe(410);
  });

  it("a caption longer than Zalo takes: the photo alone, then the caption in parts with the lines in the last", async () => {
    const w = await world();
    const lan = w.fake.user("Lan");
    await w.send(lan, "/photolong");
    expect(w.errors).toEqual([]);
    const sent = w.sent(lan);
    expect(sent[0]).toMatchObject({ method: "sendPhoto" });
    expect(sent[0]!.caption).toBeUndefined();
    const texts = sent.slice(1).map((s) => s.text!);
    expect(texts.length).toBe(2);
    for (const t of texts) expect(t.length).toBeLessThanOrEqual(2000);
    expect(texts.at(-1)!.endsWith("\n\n1. Tải lại")).toBe(true);
    await w.send(lan, "1");
    expect(w.presses.map((p) => p.data)).toEqual(["l:again"]);
  });

  it("a document goes as a text with its name and link", async () => {
    const w = await world();
    const lan = w.fake.user("Lan");
    await w.send(lan, "/doc");
    const [text] = w.texts(lan);
    const m = /^Bảng tổng hợp\n\nBáo cáo tháng 10\.xlsx: (\S+)$/.exec(text!);
    expect(m, text).not.toBeNull();
    const res = await fetch(m![1]!);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain("attachment");
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(PNG);
  });

  it("without PUBLIC_URL, the caption and a fixed text saying where files are; nothing stored, no photo sent", async () => {
    const w = await world({ publicUrl: false });
    const lan = w.fake.user("Lan");
    await w.send(lan, "/photo");
    await w.send(lan, "/doc");
    const fixed = w.i18n.t("vi", "zalo-files-unavailable");
    expect(fixed).toMatch(/Telegram/);
    expect(fixed).toMatch(/PUBLIC_URL/);
    expect(w.texts(lan)).toEqual([`Biểu đồ tháng 10\n\n${fixed}`, `Bảng tổng hợp\n\n${fixed}`]);
    expect(w.fake.callsOf("sendPhoto")).toEqual([]);
    expect((await w.store.prune()).kept).toBe(0);
  });
});

describe("the Zalo adapter: other calls", () => {
  it("chat actions become Zalo's typing; menus, getMe and deletions are answered locally, shaped as Telegram's", async () => {
    const w = await world();
    const lan = w.fake.user("Lan");
    await w.send(lan, "/typing");
    expect(w.fake.callsOf("sendChatAction").map((c) => c.payload)).toEqual([{ chat_id: lan.id, action: "typing" }]);
    expect(w.results.typing).toBe(true);
    await w.send(lan, "/menu");
    expect(w.results.menu).toBe(true);
    expect(w.results.me).toMatchObject({ id: ZALO_ID_BASE, is_bot: true });
    expect(w.results.deleted).toBe(true);
    expect(w.fake.calls.map((c) => c.method)).toEqual(["sendChatAction", "sendMessage"]);
    // A refused chat action is a courtesy: the answer still goes.
    w.fake.fail("sendChatAction", { kind: "error", error_code: 403, description: "Internal server error" });
    await w.send(lan, "/typing");
    expect(w.results.typing).toBe(false);
    expect(w.texts(lan).at(-1)).toBe("xong");
  });

  it("a method with no Zalo translation is a clear error naming it, and nothing reaches Zalo or Telegram", async () => {
    const w = await world();
    const lan = w.fake.user("Lan");
    await w.send(lan, "/poll");
    expect(w.errors).toHaveLength(1);
    expect(w.errors[0]).toBeInstanceOf(GrammyError);
    expect(String(w.errors[0])).toMatch(/Call to 'sendPoll' failed.*"sendPoll" has no Zalo translation/);
    expect(w.fake.calls).toEqual([]);
  });
});

describe("the Zalo adapter: Zalo's faults", () => {
  it("429 and 5xx are tried again after a backoff; the message goes once", async () => {
    const timers = new ManualTimers();
    const w = await world({ timers });
    const lan = w.fake.user("Lan");
    w.fake.fail("sendMessage", { kind: "error", error_code: 429, description: "Quota exceeded" }, { times: 1 });
    w.fake.fail("sendMessage", { kind: "error", error_code: 502, description: "Bad Gateway" }, { times: 1 });
    const handled = w.send(lan, "/ask");
    const first = await timers.waitFor((t) => t.what === "zalo sendMessage retry");
    expect(first.ms).toBeGreaterThanOrEqual(1);
    timers.fire(first.id);
    const second = await timers.waitFor((t) => t.what === "zalo sendMessage retry" && t.id !== first.id);
    timers.fire(second.id);
    await handled;
    expect(w.errors).toEqual([]);
    expect(w.fake.callsOf("sendMessage").map((c) => c.status === 200 && (c.answer as { ok: boolean }).ok)).toEqual([false, false, true]);
    expect(w.texts(lan)).toEqual([`Chọn một mục:\n\n${ASK_LINES}`]);
  });

  it("a 429 that lasts beyond the tries fails the call as Telegram's refusal would (GrammyError); a 400 is not tried again", async () => {
    const w = await world();
    const lan = w.fake.user("Lan");
    w.fake.fail("sendMessage", { kind: "error", error_code: 429, description: "Quota exceeded" });
    await w.send(lan, "/ask");
    expect(w.fake.callsOf("sendMessage")).toHaveLength(4);
    expect(w.errors[0]).toBeInstanceOf(GrammyError);
    expect((w.errors[0] as GrammyError).error_code).toBe(429);
    w.fake.clearFaults();
    w.fake.fail("sendMessage", { kind: "error", error_code: 400, description: "Bad Request" });
    await w.send(lan, "/ask");
    expect(w.fake.callsOf("sendMessage")).toHaveLength(5);
    expect((w.errors[1] as GrammyError).error_code).toBe(400);
  });

  it("401 (the token reset) fails the call as Telegram's revoked token does (GrammyError 401), told once to the composition; the token is in no error or log", async () => {
    const w = await world();
    const lan = w.fake.user("Lan");
    w.fake.revokeToken();
    await w.send(lan, "/ask");
    await w.send(lan, "/photo");
    expect(w.errors).toHaveLength(2);
    for (const e of w.errors) {
      expect(isZaloTokenRevoked(e)).toBe(true);
      expect((e as GrammyError).method).toMatch(/^send(Message|Photo)$/);
      expect(String((e as Error).message)).not.toContain(SECRET_PART);
      expect(String((e as Error).stack)).not.toContain(SECRET_PART);
    }
    expect(w.revoked).toBe(1);
    expect(w.fake.callsOf("sendMessage")).toHaveLength(1); // 401 is not tried again
    expect(w.log.text()).toMatch(/Zalo refused the bot token \(401\)/);
    expect(w.log.text()).not.toContain(SECRET_PART);
  });
});

describe("the Zalo adapter: ids, repeats and restarts", () => {
  it("Zalo ids are numbered from 2^52 up, the same each time, and never taken for a Telegram id", async () => {
    const w = await world();
    const a = await w.adapter.ids.numberOf("6ede9afa66b88fe6d6a9");
    const b = await w.adapter.ids.numberOf("2d758cb5e222177a4e35");
    expect(a).toBe(ZALO_ID_BASE + 1);
    expect(b).toBe(ZALO_ID_BASE + 2);
    expect(await w.adapter.ids.numberOf("6ede9afa66b88fe6d6a9")).toBe(a);
    expect(await w.adapter.ids.zaloIdOf(b)).toBe("2d758cb5e222177a4e35");
    expect(Number.isSafeInteger(b)).toBe(true);
    // The largest Telegram id (52 significant bits) is no Zalo id.
    expect(await w.adapter.ids.zaloIdOf(ZALO_ID_BASE - 1)).toBeNull();
    expect(await w.adapter.ids.zaloIdOf(ZALO_ID_BASE)).toBeNull();
  });

  it("a restart (a new adapter on the same database) keeps the menu, the ids and the message numbers", async () => {
    const w = await world();
    const lan = w.fake.user("Lan");
    await w.send(lan, "/ask");
    const chat = (w.results.ask as { chat: { id: number } }).chat.id;
    await w.stop();
    await w.start();
    expect(await w.adapter.ids.numberOf(lan.id)).toBe(chat);
    await w.send(lan, "2");
    expect(w.presses).toEqual([{ data: "c:edit", messageId: 2, text: "Chọn một mục:", buttons: ["✅ Gửi", "✏️ Sửa", "❌ Hủy", "Hướng dẫn"] }]);
    await w.send(lan, "/ask");
    // /ask 1, its menu 2; the press takes no number and the edit keeps 2; this /ask 3, its menu 4.
    expect((w.results.ask as { message_id: number }).message_id).toBe(4);
    const rows = (await sqlOf(w.db)).all<{ lastMessageId: number }>(`SELECT "lastMessageId" FROM "ZaloChat"`);
    expect(rows).toEqual([{ lastMessageId: 4 }]);
  });

  it("a message delivered twice (polling) is handled once; update ids never repeat, even after a restart", async () => {
    const w = await world();
    const lan = w.fake.user("Lan");
    const api = new ZaloApi({ token: FAKE_ZALO_TOKEN, apiRoot: "http://fake.zalo", fetch: w.fake.fetch });
    const updateIds: number[] = [];
    const watch = () => {
      const handleUpdate = w.bot.handleUpdate.bind(w.bot);
      w.bot.handleUpdate = (u, r) => (updateIds.push(u.update_id), handleUpdate(u, r));
    };
    const poll = () => startZaloPolling({ api, logger: w.log.logger, seen: w.adapter.seen, handle: (e) => w.adapter.handle(w.bot, e), pollSeconds: 1 });
    watch();
    let polling = poll();
    w.fake.push(w.fake.textEvent(lan, "một", { messageId: "aaaaaaaaaaaaaaaaaaa1" }));
    w.fake.push(w.fake.textEvent(lan, "một", { messageId: "aaaaaaaaaaaaaaaaaaa1" }));
    w.fake.push(w.fake.textEvent(lan, "hai", { messageId: "aaaaaaaaaaaaaaaaaaa2" }));
    await w.fake.waitForCall((c) => c.method === "sendMessage" && c.payload.text === "chữ: hai");
    await polling.stop();
    expect(w.texts(lan)).toEqual(["chữ: một", "chữ: hai"]);
    await w.stop();
    await w.start();
    watch();
    polling = poll();
    w.fake.push(w.fake.textEvent(lan, "một", { messageId: "aaaaaaaaaaaaaaaaaaa1" })); // remembered across the restart
    w.fake.push(w.fake.textEvent(lan, "ba", { messageId: "aaaaaaaaaaaaaaaaaaa3" }));
    await w.fake.waitForCall((c) => c.method === "sendMessage" && c.payload.text === "chữ: ba");
    await polling.stop();
    expect(w.texts(lan)).toEqual(["chữ: một", "chữ: hai", "chữ: ba"]);
    expect(updateIds).toEqual([ZALO_ID_BASE + 1, ZALO_ID_BASE + 2, ZALO_ID_BASE + 3]);
    expect(isZaloTokenRevoked(new Error("401"))).toBe(false);
  });

  it("through the webhook (wrapped and flat bodies): each message reaches the bot once, a repeat delivery none", async () => {
    const w = await world({ publicUrl: false });
    const lan = w.fake.user("Lan");
    const server = createHttpServer({ logger: w.log.logger, port: 0, zaloWebhook: { secret: "webhook-secret-1234", seen: w.adapter.seen, onEvent: (e) => w.adapter.handle(w.bot, e) } });
    const url = `${(await server.start()).url}/zalo/webhook`;
    try {
      const first = w.fake.textEvent(lan, "/ask", { messageId: "bbbbbbbbbbbbbbbbbbb1" });
      expect((await w.fake.deliver(url, first, { shape: "wrapped", secret: "webhook-secret-1234" })).status).toBe(200);
      await w.fake.waitForCall((c) => c.method === "sendMessage" && String(c.payload.text).startsWith("Chọn một mục:"));
      // Zalo delivers it again (its retries are undocumented): answered 200, handled no more.
      expect((await w.fake.deliver(url, first, { shape: "flat", secret: "webhook-secret-1234" })).status).toBe(200);
      expect((await w.fake.deliver(url, w.fake.textEvent(lan, "2", { messageId: "bbbbbbbbbbbbbbbbbbb2" }), { shape: "flat", secret: "webhook-secret-1234" })).status).toBe(200);
      await w.fake.waitForCall((c) => c.method === "sendMessage" && String(c.payload.text).startsWith("Sửa mục nào?"));
      expect(w.texts(lan)).toEqual([`Chọn một mục:\n\n${ASK_LINES}`, "Sửa mục nào?\n\n1. Một\n2. Hai"]);
      expect(w.presses.map((p) => p.data)).toEqual(["c:edit"]);
    } finally {
      await server.stop(1000);
    }
  });

  it("the keyboard used by the tests has three choices and a link", () => {
    expect(menuChoices(askKeyboard()).map((c) => c.label)).toEqual(["✅ Gửi", "✏️ Sửa", "❌ Hủy"]);
  });
});
