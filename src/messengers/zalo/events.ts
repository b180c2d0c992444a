// One inbound Zalo Bot Platform event (from getUpdates or a webhook delivery),
// read leniently into a messenger-neutral shape. Facts and their sureness:
// shared/notes/zalo.md §4 and §6 ([D] Zalo's docs, [O] seen live, [I] inferred).
//  - Envelope: the docs show `{ok: true, result: {event_name, message}}` [D];
//    live deliveries were flat `{event_name, message}` [O]. Both are read.
//  - `date` is epoch milliseconds [D][O]; multiplying it by 1000 (OpenClaw's bug)
//    gives years like 57xxx. A value below 1e11 (1973 in ms, year 5138 in
//    seconds) can only be seconds, and is read as such (lenient: no source shows it).
//  - ids are opaque strings: 20 hex characters in every sample, "numeric" in
//    OpenClaw's docs. A number is turned into its decimal string (beyond 2^53 a
//    JSON number has already lost digits; no sample sends one).
//  - image: `photo` [D] or `photo_url` with message_type "CHAT_PHOTO" [O];
//    sticker: `sticker` (an id) and `url` [D]; voice: `voice_url` [D2][O].
//  - `message.unsupported.received` carries no content, and sometimes no `message` [O].
//  - Unknown event names, extra fields, fields of the wrong type and a missing
//    `message` never throw: the field is left out, the kind is "unknown".
import { z } from "zod";

/** What kind of message arrived, from `event_name` (or, without one, from the message's content). */
export type ZaloEventKind = "text" | "image" | "sticker" | "voice" | "unsupported" | "unknown";

export type ZaloSender = {
  /** Opaque id, as a string. */
  id: string;
  /** `display_name` (also `name` or `first_name`, seen in derived docs); "" when absent. */
  displayName: string;
  isBot: boolean;
};

export type ZaloChat = {
  /** Opaque id, as a string: where replies go (docs: "use chat.id to reply"). */
  id: string;
  /**
   * "group" when `chat_type` says GROUP or when chat.id differs from from.id (in a
   * private chat they are equal [D][O]); otherwise "private".
   */
  type: "private" | "group";
};

/**
 * A parsed event. Fields the event does not carry are absent. `kind: "text"`
 * guarantees `text` (a text event without a text string is read as "unsupported").
 */
export type ZaloEvent = {
  kind: ZaloEventKind;
  /** `event_name` as received, e.g. "message.text.received"; "" when absent. */
  eventName: string;
  messageId?: string;
  /** When Zalo took the message (from epoch milliseconds). */
  date?: Date;
  from?: ZaloSender;
  /** The chat; derived from `from` (a private chat) when `chat` is missing. */
  chat?: ZaloChat;
  text?: string;
  /** Image URL, from `photo_url` or `photo`. Public, may expire [O]. */
  photoUrl?: string;
  caption?: string;
  /** Sticker id (`sticker`) and its image URL (`url`). */
  sticker?: string;
  stickerUrl?: string;
  /** Voice note URL (`voice_url`, .aac). */
  voiceUrl?: string;
  /** `message_type` as received (e.g. "CHAT_PHOTO"), when present. */
  messageType?: string;
};

const KIND_BY_EVENT: Record<string, ZaloEventKind> = {
  "message.text.received": "text",
  "message.image.received": "image",
  "message.sticker.received": "sticker",
  "message.voice.received": "voice",
  "message.unsupported.received": "unsupported",
};

// Each field falls back to undefined when it has another type, so that one odd
// field never costs the rest of the event.
const opt = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);
const id = z.union([z.string().min(1), z.number().finite()]).transform((v) => String(v));
const str = z.string();

const senderSchema = z.looseObject({
  id: opt(id),
  display_name: opt(str),
  name: opt(str),
  first_name: opt(str),
  is_bot: opt(z.boolean()),
});

const messageSchema = z.looseObject({
  message_id: opt(id),
  date: opt(z.union([z.number().finite(), z.string().regex(/^\d{1,16}$/).transform(Number)])),
  from: opt(senderSchema),
  chat: opt(z.looseObject({ id: opt(id), chat_type: opt(str) })),
  text: opt(str),
  photo: opt(str),
  photo_url: opt(str),
  caption: opt(str),
  sticker: opt(str),
  url: opt(str),
  voice_url: opt(str),
  message_type: opt(str),
});

const eventSchema = z.looseObject({
  event_name: opt(str),
  message: opt(messageSchema),
});

type RawMessage = z.infer<typeof messageSchema>;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Reads epoch milliseconds (or, below 1e11, seconds) as a Date; undefined when not a real date. */
export function zaloDate(value: number): Date | undefined {
  if (!Number.isFinite(value) || value <= 0) return undefined;
  const ms = value < 1e11 ? value * 1000 : value;
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

function kindOf(eventName: string, m: RawMessage | undefined): ZaloEventKind {
  if (eventName) return KIND_BY_EVENT[eventName] ?? "unknown";
  // No event_name (not seen; lenient): read the kind from the content.
  if (!m) return "unknown";
  if (m.message_type === "CHAT_PHOTO" || m.photo_url || m.photo) return "image";
  if (m.message_type === "CHAT_VOICE" || m.voice_url) return "voice";
  if (m.sticker) return "sticker";
  if (typeof m.text === "string") return "text";
  return "unknown";
}

/**
 * Unwraps `{ok, result}` when the body has no event of its own. An error
 * envelope (`ok: false`) is not an event.
 */
function unwrap(body: Record<string, unknown>): Record<string, unknown> | undefined {
  if (body.ok === false) return undefined;
  if (!("event_name" in body) && !("message" in body) && isRecord(body.result)) return body.result;
  return body;
}

/**
 * Parses one inbound event, wrapped (`{ok, result: {event_name, message}}`) or
 * flat (`{event_name, message}`).
 *
 * @param body the JSON value of a webhook body or of getUpdates' `result` (any value).
 * @returns the event, or null when `body` is no event at all (not an object, an
 *   error envelope, or neither `event_name` nor `message`). Never throws.
 */
export function parseZaloEvent(body: unknown): ZaloEvent | null {
  if (!isRecord(body)) return null;
  const inner = unwrap(body);
  if (!inner || !("event_name" in inner || "message" in inner)) return null;
  const parsed = eventSchema.safeParse(inner);
  if (!parsed.success) return null; // every field has a fallback: not reached
  const eventName = parsed.data.event_name ?? "";
  const m = parsed.data.message;
  let kind = kindOf(eventName, m);
  const event: ZaloEvent = { kind, eventName };
  if (!m) return event;

  if (m.message_id) event.messageId = m.message_id;
  const date = m.date === undefined ? undefined : zaloDate(m.date);
  if (date) event.date = date;
  if (m.from?.id) {
    event.from = {
      id: m.from.id,
      displayName: m.from.display_name ?? m.from.name ?? m.from.first_name ?? "",
      isBot: m.from.is_bot ?? false,
    };
  }
  const chatId = m.chat?.id ?? event.from?.id;
  if (chatId) {
    const group = /^group$/i.test(m.chat?.chat_type ?? "") || (event.from !== undefined && chatId !== event.from.id);
    event.chat = { id: chatId, type: group ? "group" : "private" };
  }
  if (m.message_type) event.messageType = m.message_type;

  if (kind === "text" && typeof m.text !== "string") kind = event.kind = "unsupported";
  if (typeof m.text === "string") event.text = m.text;
  const photoUrl = m.photo_url || m.photo;
  if (photoUrl) event.photoUrl = photoUrl;
  if (m.caption !== undefined) event.caption = m.caption;
  if (m.sticker) event.sticker = m.sticker;
  if (m.url && kind === "sticker") event.stickerUrl = m.url;
  if (m.voice_url) event.voiceUrl = m.voice_url;
  return event;
}
