// The fake Telegram answers as Telegram does at each of the Bot API's limits
// (tests/harness/telegram-rules.ts says where each rule and wording comes
// from), through grammY's own client, and over HTTP for the real-process tests.
import { Api, GrammyError } from "grammy";
import { afterEach, describe, expect, it } from "vitest";
import { FakeTelegram, QUERY_TOO_OLD } from "./fake-telegram.js";
import { HttpTelegram } from "./http-telegram.js";

const CHAT = 42;
let tg: FakeTelegram;
let api: Api;

function fresh() {
  tg = new FakeTelegram();
  tg.chatTypes.set(CHAT, "private");
  api = new Api("123:TOKEN", { apiRoot: "http://fake.telegram", fetch: tg.fetch as never });
}
fresh();
afterEach(fresh);

/** The description Telegram answers a call with, or "ok". */
async function answer(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return "ok";
  } catch (e) {
    if (e instanceof GrammyError) return `${e.error_code} ${e.description}`;
    throw e;
  }
}

const html = { parse_mode: "HTML" as const };

describe("message texts", () => {
  it("4,096 characters after entity parsing: tags are not counted, a reference is one character", async () => {
    expect(await answer(api.sendMessage(CHAT, "a".repeat(4096)))).toBe("ok");
    expect(await answer(api.sendMessage(CHAT, "a".repeat(4097)))).toBe("400 Bad Request: message is too long");
    expect(await answer(api.sendMessage(CHAT, `<b>${"a".repeat(4000)}</b><i>${"&amp;".repeat(96)}</i>`, html))).toBe("ok");
    expect(await answer(api.sendMessage(CHAT, `<b>${"a".repeat(4000)}</b><i>${"&amp;".repeat(97)}</i>`, html))).toBe("400 Bad Request: message is too long");
    // Counted in UTF-16 code units, the stricter count: an emoji outside the BMP is two.
    expect(await answer(api.sendMessage(CHAT, "😀".repeat(2048)))).toBe("ok");
    expect(await answer(api.sendMessage(CHAT, `${"😀".repeat(2048)}a`))).toBe("400 Bad Request: message is too long");
    // Surrounding whitespace is trimmed before counting.
    expect(await answer(api.sendMessage(CHAT, `\n${"a".repeat(4096)}\n  `))).toBe("ok");
    // An edit over the limit: the server's own code.
    const m = await api.sendMessage(CHAT, "short");
    expect(await answer(api.editMessageText(CHAT, m.message_id, "a".repeat(4097)))).toBe("400 Bad Request: MESSAGE_TOO_LONG");
    // More than 32 kB before parsing.
    expect(await answer(api.sendMessage(CHAT, `<b></b>`.repeat(5000), html))).toBe("400 Bad Request: text is too long");
  });

  it("empty and blank texts", async () => {
    expect(await answer(api.sendMessage(CHAT, ""))).toBe("400 Bad Request: message text is empty");
    expect(await answer(api.sendMessage(CHAT, " \n "))).toBe("400 Bad Request: text must be non-empty");
    expect(await answer(api.sendMessage(CHAT, "<b> </b>", html))).toBe("400 Bad Request: text must be non-empty");
  });

  it("HTML Telegram cannot parse, in tdlib's words, with byte offsets", async () => {
    expect(await answer(api.sendMessage(CHAT, "a < b", html))).toBe('400 Bad Request: can\'t parse entities: Unsupported start tag "" at byte offset 2');
    expect(await answer(api.sendMessage(CHAT, "Bắc <x>", html))).toBe('400 Bad Request: can\'t parse entities: Unsupported start tag "x" at byte offset 6');
    expect(await answer(api.sendMessage(CHAT, "<b>x", html))).toBe('400 Bad Request: can\'t parse entities: Can\'t find end tag corresponding to start tag "b"');
    expect(await answer(api.sendMessage(CHAT, "<b><i>x</b></i>", html))).toBe('400 Bad Request: can\'t parse entities: Unmatched end tag at byte offset 7, expected "</i>", found "</b>"');
    expect(await answer(api.sendMessage(CHAT, "x</b>", html))).toBe("400 Bad Request: can't parse entities: Unexpected end tag at byte offset 1");
    expect(await answer(api.sendMessage(CHAT, "<script>alert(1)</script>", html))).toBe('400 Bad Request: can\'t parse entities: Unsupported start tag "script" at byte offset 0');
    expect(await answer(api.sendMessage(CHAT, '<span class="x">y</span>', html))).toBe('400 Bad Request: can\'t parse entities: Tag "span" must have class "tg-spoiler" at byte offset 0');
    // What Telegram lets through: a bare "&", an unknown reference, the tags it knows.
    expect(await answer(api.sendMessage(CHAT, 'Lan & co &nbsp; <b>a</b> <a href="https://x.vn/?a=1&amp;b=2">x</a> <code>y</code> <tg-spoiler>z</tg-spoiler>', html))).toBe("ok");
    // Without parse_mode, markup is text.
    expect(await answer(api.sendMessage(CHAT, "a < b <b>"))).toBe("ok");
  });

  it("more than 100 formatting entities: Telegram drops the rest silently, the fake refuses", async () => {
    expect(await answer(api.sendMessage(CHAT, "<b>x</b> ".repeat(100), html))).toBe("ok");
    expect(await answer(api.sendMessage(CHAT, "<b>x</b> ".repeat(101), html))).toMatch(/^400 Bad Request: fake: 101 formatting entities/);
  });
});

describe("captions", () => {
  it("1,024 characters after parsing; an edit over it gets the server's code", async () => {
    const photo = new Uint8Array([1, 2, 3]);
    const { InputFile } = await import("grammy");
    expect(await answer(api.sendPhoto(CHAT, new InputFile(photo, "a.png"), { caption: `<b>${"a".repeat(1024)}</b>`, parse_mode: "HTML" }))).toBe("ok");
    expect(await answer(api.sendDocument(CHAT, new InputFile(photo, "a.xlsx"), { caption: "a".repeat(1025) }))).toBe("400 Bad Request: message caption is too long");
    const m = await api.sendDocument(CHAT, new InputFile(photo, "a.xlsx"), { caption: "ok" });
    expect(await answer(api.editMessageCaption(CHAT, m.message_id, { caption: "a".repeat(1025) }))).toBe("400 Bad Request: MEDIA_CAPTION_TOO_LONG");
    expect(await answer(api.editMessageText(CHAT, m.message_id, "text"))).toBe("400 Bad Request: there is no text in the message to edit");
  });
});

describe("buttons", () => {
  const kb = (rows: { text: string; callback_data: string }[][]) => ({ reply_markup: { inline_keyboard: rows } });

  it("callback data of 1 to 64 bytes, counted in UTF-8", async () => {
    expect(await answer(api.sendMessage(CHAT, "x", kb([[{ text: "a", callback_data: "d".repeat(64) }]])))).toBe("ok");
    expect(await answer(api.sendMessage(CHAT, "x", kb([[{ text: "a", callback_data: "d".repeat(65) }]])))).toBe("400 Bad Request: BUTTON_DATA_INVALID");
    expect(await answer(api.sendMessage(CHAT, "x", kb([[{ text: "a", callback_data: "ắ".repeat(22) }]])))).toBe("400 Bad Request: BUTTON_DATA_INVALID");
    expect(await answer(api.sendMessage(CHAT, "x", kb([[{ text: "a", callback_data: "" }]])))).toBe(
      "400 Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
    );
    expect(await answer(api.sendMessage(CHAT, "x", kb([[{ text: "", callback_data: "d" }]])))).toBe(
      "400 Bad Request: can't parse inline keyboard button: Inline keyboard button text must be non-empty",
    );
  });

  it("at most 100 buttons and 10 kB of markup; more than 8 in a row are refused by the fake", async () => {
    const button = (i: number) => ({ text: `b${i}`, callback_data: `d${i}` });
    const rows = (n: number, perRow: number) => Array.from({ length: Math.ceil(n / perRow) }, (_, r) => Array.from({ length: Math.min(perRow, n - r * perRow) }, (_, c) => button(r * perRow + c)));
    expect(await answer(api.sendMessage(CHAT, "x", kb(rows(100, 8))))).toBe("ok");
    expect(await answer(api.sendMessage(CHAT, "x", kb(rows(101, 8))))).toBe("400 Bad Request: reply markup is too long");
    const wide = Array.from({ length: 50 }, (_, i) => [{ text: "t".repeat(200), callback_data: `d${i}` }]);
    expect(await answer(api.sendMessage(CHAT, "x", kb(wide)))).toBe("400 Bad Request: reply markup is too long");
    expect(await answer(api.sendMessage(CHAT, "x", kb(rows(9, 9))))).toMatch(/^400 Bad Request: fake: row 1 has 9 buttons/);
  });

  it("alerts of at most 200 characters", async () => {
    expect(await answer(api.answerCallbackQuery("q1", { text: "a".repeat(200), show_alert: true }))).toBe("ok");
    expect(await answer(api.answerCallbackQuery("q1", { text: "a".repeat(201), show_alert: true }))).toBe("400 Bad Request: MESSAGE_TOO_LONG");
  });

  it("one answer per press: a second answerCallbackQuery for the same query is refused as too old, with or without text", async () => {
    expect(await answer(api.answerCallbackQuery("q1"))).toBe("ok");
    expect(await answer(api.answerCallbackQuery("q1", { text: "Lỗi", show_alert: true }))).toBe(`400 ${QUERY_TOO_OLD}`);
    expect(await answer(api.answerCallbackQuery("q1"))).toBe(`400 ${QUERY_TOO_OLD}`);
    // Another press is answered; a refused answer (too long) does not use up the press.
    expect(await answer(api.answerCallbackQuery("q2", { text: "a".repeat(201), show_alert: true }))).toBe("400 Bad Request: MESSAGE_TOO_LONG");
    expect(await answer(api.answerCallbackQuery("q2", { text: "Lỗi", show_alert: true }))).toBe("ok");
    expect(tg.refused.map((r) => [r.call.payload.callback_query_id, r.refusal.description])).toEqual([
      ["q1", QUERY_TOO_OLD],
      ["q1", QUERY_TOO_OLD],
      ["q2", "Bad Request: MESSAGE_TOO_LONG"],
    ]);
  });
});

describe("edits and deletes", () => {
  it("an edit that changes neither the content nor the buttons is refused as not modified", async () => {
    const markup = { inline_keyboard: [[{ text: "a", callback_data: "a" }]] };
    const m = await api.sendMessage(CHAT, "<b>Tổng hợp</b>", { parse_mode: "HTML", reply_markup: markup });
    const notModified =
      "400 Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message";
    expect(await answer(api.editMessageText(CHAT, m.message_id, "<b>Tổng hợp</b>", { parse_mode: "HTML", reply_markup: markup }))).toBe(notModified);
    // Telegram compares what the text means, not how it was written.
    expect(await answer(api.editMessageText(CHAT, m.message_id, "<strong>Tổng hợp</strong>", { parse_mode: "HTML", reply_markup: markup }))).toBe(notModified);
    expect(await answer(api.editMessageReplyMarkup(CHAT, m.message_id, { reply_markup: markup }))).toBe(notModified);
    // Another keyboard, or none (an edit without reply_markup removes it), is a change.
    expect(await answer(api.editMessageText(CHAT, m.message_id, "<b>Tổng hợp</b>", { parse_mode: "HTML" }))).toBe("ok");
    expect(tg.message(CHAT, m.message_id)!.reply_markup).toBeUndefined();
    expect(await answer(api.editMessageReplyMarkup(CHAT, m.message_id))).toBe(notModified);
    expect(await answer(api.editMessageText(CHAT, m.message_id, "Tổng hợp"))).toBe("ok"); // no longer bold
  });

  it("edits and deletes of messages that do not exist", async () => {
    expect(await answer(api.editMessageText(CHAT, 999, "x"))).toBe("400 Bad Request: message to edit not found");
    expect(await answer(api.editMessageReplyMarkup(CHAT, 999))).toBe("400 Bad Request: message to edit not found");
    expect(await answer(api.deleteMessage(CHAT, 999))).toBe("400 Bad Request: message to delete not found");
    const m = await api.sendMessage(CHAT, "x");
    expect(await answer(api.deleteMessage(CHAT, m.message_id))).toBe("ok");
    expect(await answer(api.deleteMessage(CHAT, m.message_id))).toBe("400 Bad Request: message to delete not found");
    expect(await answer(api.editMessageText(CHAT, m.message_id, "y"))).toBe("400 Bad Request: message to edit not found");
  });

  it("keeps what it refused, with the answer given", async () => {
    await answer(api.sendMessage(CHAT, ""));
    expect(tg.refused).toHaveLength(1);
    expect(tg.refused[0]!.call.method).toBe("sendMessage");
    expect(tg.refused[0]!.refusal).toEqual({ error_code: 400, description: "Bad Request: message text is empty" });
    expect(tg.messages(CHAT)).toEqual([]);
  });
});

describe("over HTTP (tests/harness/http-telegram.ts)", () => {
  let server: HttpTelegram | undefined;
  afterEach(async () => server?.close());

  it("answers a refusal with Telegram's HTTP status and body", async () => {
    server = await HttpTelegram.start();
    const res = await fetch(`${server.apiRoot}/bot123:TOKEN/sendMessage`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ chat_id: CHAT, text: "a".repeat(4097) }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ ok: false, error_code: 400, description: "Bad Request: message is too long" });
  });
});
