// Inbound events of every shape in shared/notes/zalo.md §4 and §6, and of shapes
// no source shows, read without throwing.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseZaloEvent, zaloDate } from "../../../src/messengers/zalo/events.js";
import { FakeZalo } from "../../harness/fake-zalo.js";

// §6, the docs' webhook sample, wrapped [D].
const DOCS_TEXT = {
  ok: true,
  result: {
    message: {
      from: { id: "6ede9afa66b88fe6d6a9", display_name: "Ted", is_bot: false },
      chat: { id: "6ede9afa66b88fe6d6a9", chat_type: "PRIVATE" },
      text: "Xin chào",
      message_id: "2d758cb5e222177a4e35",
      date: 1750316131602,
    },
    event_name: "message.text.received",
  },
};

// §6, a live capture, flat, with photo_url and message_type [O].
const LIVE_IMAGE = {
  event_name: "message.image.received",
  message: {
    message_id: "9f0c1d2e3a4b5c6d7e8f",
    date: 1789033572455,
    chat: { chat_type: "PRIVATE", id: "a1b2c3d4e5f60718293a" },
    from: { id: "a1b2c3d4e5f60718293a", is_bot: false, display_name: "Lan" },
    photo_url: "https://photo-stal-1.zdn.vn/abc.jpg",
    caption: "Báo cáo",
    message_type: "CHAT_PHOTO",
  },
};

describe("parseZaloEvent", () => {
  it("reads the docs' wrapped text event", () => {
    const e = parseZaloEvent(DOCS_TEXT);
    expect(e).toEqual({
      kind: "text",
      eventName: "message.text.received",
      messageId: "2d758cb5e222177a4e35",
      date: new Date(1750316131602),
      from: { id: "6ede9afa66b88fe6d6a9", displayName: "Ted", isBot: false },
      chat: { id: "6ede9afa66b88fe6d6a9", type: "private" },
      text: "Xin chào",
    });
    // The date is milliseconds: June 2025, not year 57xxx (OpenClaw's ×1000).
    expect(e!.date!.toISOString()).toBe("2025-06-19T06:55:31.602Z");
  });

  it("reads the same event flat", () => {
    expect(parseZaloEvent(DOCS_TEXT.result)).toEqual(parseZaloEvent(DOCS_TEXT));
  });

  it("reads a live flat image event with photo_url, and the docs' `photo`", () => {
    expect(parseZaloEvent(LIVE_IMAGE)).toMatchObject({ kind: "image", photoUrl: "https://photo-stal-1.zdn.vn/abc.jpg", caption: "Báo cáo", messageType: "CHAT_PHOTO", date: new Date(1789033572455) });
    const docs = { event_name: "message.image.received", message: { ...LIVE_IMAGE.message, photo_url: undefined, message_type: undefined, photo: "https://placehold.co/600x400" } };
    expect(parseZaloEvent({ ok: true, result: docs })).toMatchObject({ kind: "image", photoUrl: "https://placehold.co/600x400" });
  });

  it("reads stickers, voice notes and the fake's events of each kind", () => {
    const fake = new FakeZalo();
    const lan = fake.user("Lan");
    expect(parseZaloEvent(fake.stickerEvent(lan))).toMatchObject({ kind: "sticker", sticker: "0e078a2fb66a5f34067b", stickerUrl: expect.stringMatching(/^https:/) });
    expect(parseZaloEvent(fake.voiceEvent(lan))).toMatchObject({ kind: "voice", voiceUrl: expect.stringMatching(/\.aac$/) });
    expect(parseZaloEvent(fake.imageEvent(lan, { field: "photo" }))).toMatchObject({ kind: "image", photoUrl: expect.stringMatching(/^https:/) });
    expect(parseZaloEvent(fake.imageEvent(lan, { field: "photo_url", caption: "x" }))).toMatchObject({ kind: "image", caption: "x" });
    expect(parseZaloEvent(fake.textEvent(lan, "1"))).toMatchObject({ kind: "text", text: "1", chat: { id: lan.id, type: "private" } });
  });

  it("reads unsupported events with a content-less message and with no message at all", () => {
    const fake = new FakeZalo();
    const lan = fake.user("Lan");
    const withMessage = parseZaloEvent(fake.unsupportedEvent(lan));
    expect(withMessage).toMatchObject({ kind: "unsupported", from: { id: lan.id }, chat: { id: lan.id, type: "private" } });
    expect(withMessage!.messageId).toMatch(/^[0-9a-f]{20}$/);
    expect(withMessage!.text).toBeUndefined();
    expect(parseZaloEvent({ event_name: "message.unsupported.received" })).toEqual({ kind: "unsupported", eventName: "message.unsupported.received" });
    expect(parseZaloEvent({ ok: true, result: { event_name: "message.unsupported.received" } })).toEqual({ kind: "unsupported", eventName: "message.unsupported.received" });
    expect(parseZaloEvent({ event_name: "message.unsupported.received", message: null })).toEqual({ kind: "unsupported", eventName: "message.unsupported.received" });
  });

  it("gives unknown event names the kind unknown, with what could be read", () => {
    expect(parseZaloEvent({ event_name: "message.reaction.received", message: { ...DOCS_TEXT.result.message, reaction: "like" } })).toMatchObject({
      kind: "unknown",
      eventName: "message.reaction.received",
      messageId: "2d758cb5e222177a4e35",
      from: { id: "6ede9afa66b88fe6d6a9" },
    });
    expect(parseZaloEvent({ event_name: "bot.added.to.group" })).toEqual({ kind: "unknown", eventName: "bot.added.to.group" });
  });

  it("lets extra fields pass and leaves out fields of the wrong type without losing the rest", () => {
    const e = parseZaloEvent({
      event_name: "message.text.received",
      extra: { a: 1 },
      message: { ...DOCS_TEXT.result.message, from: { id: "u1", display_name: 42, is_bot: "no", avatar: "x" }, date: "soon", attachments: [1, 2] },
    });
    expect(e).toMatchObject({ kind: "text", text: "Xin chào", from: { id: "u1", displayName: "", isBot: false } });
    expect(e!.date).toBeUndefined();
  });

  it("treats ids as opaque strings: numbers become their decimal string", () => {
    const e = parseZaloEvent({ event_name: "message.text.received", message: { message_id: 123, date: 1750316131602, from: { id: 42, display_name: "A" }, chat: { id: 42, chat_type: "PRIVATE" }, text: "x" } });
    expect(e).toMatchObject({ messageId: "123", from: { id: "42" }, chat: { id: "42", type: "private" } });
  });

  it("tells group chats: GROUP, or a chat id other than the sender's", () => {
    const m = DOCS_TEXT.result.message;
    expect(parseZaloEvent({ event_name: "message.text.received", message: { ...m, chat: { id: "g1", chat_type: "GROUP" } } })!.chat).toEqual({ id: "g1", type: "group" });
    expect(parseZaloEvent({ event_name: "message.text.received", message: { ...m, chat: { id: "g1", chat_type: "PRIVATE" } } })!.chat).toEqual({ id: "g1", type: "group" });
    expect(parseZaloEvent({ event_name: "message.text.received", message: { ...m, chat: undefined } })!.chat).toEqual({ id: m.from.id, type: "private" });
  });

  it("reads a text event without text as unsupported (kind text always has text)", () => {
    const m = { ...DOCS_TEXT.result.message, text: undefined };
    expect(parseZaloEvent({ event_name: "message.text.received", message: m })).toMatchObject({ kind: "unsupported", eventName: "message.text.received" });
  });

  it("returns null for what is no event: not an object, an error envelope, neither event_name nor message", () => {
    for (const body of [null, undefined, "x", 42, [], [DOCS_TEXT.result], {}, { ok: true }, { ok: true, result: null }, { ok: false, error_code: 408, description: "Request timeout" }, { ok: true, result: {} }]) {
      expect(parseZaloEvent(body)).toBeNull();
    }
  });

  it("never throws, whatever the JSON", () => {
    const json = fc.jsonValue();
    const shaped = fc.record({ event_name: fc.oneof(fc.string(), json), message: fc.oneof(json, fc.dictionary(fc.constantFrom("message_id", "date", "from", "chat", "text", "photo", "photo_url", "caption", "sticker", "url", "voice_url", "message_type"), json)) }, { requiredKeys: [] });
    fc.assert(
      fc.property(fc.oneof(json, shaped, fc.record({ ok: fc.boolean(), result: shaped })), (body) => {
        const e = parseZaloEvent(body);
        if (e && e.kind === "text") expect(typeof e.text).toBe("string");
      }),
      { numRuns: 2000 },
    );
  });
});

describe("zaloDate", () => {
  it("reads epoch milliseconds, and a value that can only be seconds as seconds", () => {
    expect(zaloDate(1750316131602)!.toISOString()).toBe("2025-06-19T06:55:31.602Z");
    expect(zaloDate(1750316131)!.toISOString()).toBe("2025-06-19T06:55:31.000Z");
    expect(zaloDate(0)).toBeUndefined();
    expect(zaloDate(-5)).toBeUndefined();
    expect(zaloDate(Number.NaN)).toBeUndefined();
    expect(zaloDate(1e300)).toBeUndefined();
  });
});
