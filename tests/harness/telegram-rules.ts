// What the Bot API refuses, and in which words: one set of rules for the fake
// Telegram (tests/harness/fake-telegram.ts answers every call with them, in
// process and behind tests/harness/http-telegram.ts) and for the fuzz tests'
// checks (tests/fuzz/telegram-checks.ts adds the bot's own hygiene on top).
//
// Sources, and what is documented versus observed:
//  - Documented (core.telegram.org/bots/api): message text 1–4096 characters
//    after entity parsing; captions 0–1024 after entity parsing; callback_data
//    1–64 bytes; answerCallbackQuery text 0–200 characters.
//  - Read in the source of the Bot API server (tdlib/telegram-bot-api,
//    telegram-bot-api/Client.cpp, version 10.0) and of tdlib (td/telegram/
//    MessageEntity.cpp parse_html, MessageContent.cpp, ReplyMarkup.cpp): the
//    wording of every error below; an empty text ("message text is empty");
//    a raw text over 32,768 bytes ("text is too long"); HTML errors as
//    "can't parse entities: <tdlib's message>"; a text that is blank after
//    parsing ("text must be non-empty"); the length check on sends counts the
//    parsed text after trimming; server codes with an upper-case second letter
//    pass through as they are ("MESSAGE_TOO_LONG" for an over-long edit or
//    alert, "BUTTON_DATA_INVALID", "MEDIA_CAPTION_TOO_LONG"); "message is not
//    modified: ..."; "message to edit not found", "message to delete not found".
//  - The unit of the 4,096: tdlib's check counts Unicode code points
//    (utf8_length), and one public measurement (4,096 emoji accepted, 4,097
//    refused) agrees; the Bot API documentation and most client libraries
//    count UTF-16 code units. The fake counts UTF-16 code units, the stricter
//    of the two: whatever it accepts, Telegram accepts.
//  - Observed, not documented (github.com/tginfo/Telegram-Limits; public bug
//    reports of pyTelegramBotAPI #511, TelegramBots #218, aiogram's markup
//    test in Telegram-Limits #187): an inline keyboard takes at most 100
//    buttons and about 10 kB of markup, beyond which Telegram answers "reply
//    markup is too long"; more than 8 buttons in a row are accepted but the
//    apps do not show the extra ones; entities after the 100th in a message
//    are dropped silently (TelegramBots #854). Telegram accepts these two last
//    cases, so the fake refuses them with a description that starts with
//    "fake:" and says so: for a bot they are defects all the same.
import type { ApiCall } from "./fake-telegram.js";

export const LIMITS = {
  messageText: 4096,
  caption: 1024,
  callbackDataBytes: 64,
  alert: 200,
  keyboardButtons: 100,
  rowButtons: 8,
  markupBytes: 10 * 1024,
  entities: 100,
  rawTextBytes: 1 << 15,
} as const;

export type Entity = { type: string; offset: number; length: number; argument?: string };
export type Formatted = { text: string; entities: Entity[] };
export type Refusal = { error_code: number; description: string };

const SUPPORTED_TAGS = new Set(["a", "b", "strong", "i", "em", "s", "strike", "del", "u", "ins", "tg-spoiler", "tg-emoji", "tg-time", "span", "pre", "code", "blockquote"]);
const ENTITY_TYPE: Record<string, string> = {
  b: "bold", strong: "bold", i: "italic", em: "italic", s: "strikethrough", strike: "strikethrough", del: "strikethrough",
  u: "underline", ins: "underline", "tg-spoiler": "spoiler", span: "spoiler", "tg-emoji": "custom_emoji", "tg-time": "date_time",
  a: "text_link", pre: "pre", code: "code", blockquote: "blockquote",
};

const utf8 = (s: string) => Buffer.byteLength(s, "utf8");
const isSpace = (c: string | undefined) => c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\f" || c === "\v";

/** A character reference as tdlib's decode_html_entity reads it, or null when the "&" stays literal. */
function reference(text: string, pos: number): { code: number; end: number } | null {
  let end = pos + 1;
  let code = 0;
  if (text[end] === "#") {
    end++;
    if (text[end] === "x") {
      end++;
      while (end < text.length && /[0-9a-fA-F]/.test(text[end]!)) code = code * 16 + Number.parseInt(text[end++]!, 16);
    } else {
      while (end < text.length && /[0-9]/.test(text[end]!)) code = code * 10 + Number(text[end++]);
    }
    if (code === 0 || code >= 0x10ffff || end - pos >= 10) return null;
  } else {
    const start = end;
    while (end < text.length && /[A-Za-z]/.test(text[end]!)) end++;
    code = ({ lt: 60, gt: 62, amp: 38, quot: 34 } as Record<string, number>)[text.slice(start, end)] ?? 0;
    if (code === 0) return null;
  }
  if (text[end] === ";") end++;
  return { code, end };
}

/**
 * Parses parse_mode HTML as Telegram does (a port of tdlib's parse_html): the
 * text left after parsing, with entity offsets in UTF-16 code units, or
 * tdlib's error message (without the "Can't parse entities: " prefix).
 */
export function parseHtml(input: string): { ok: true; value: Formatted } | { ok: false; error: string } {
  let out = "";
  const entities: Entity[] = [];
  const open: { name: string; argument: string; offset: number }[] = [];
  const at = (i: number) => utf8(input.slice(0, i)); // tdlib reports byte offsets
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (c === "&") {
      const ref = reference(input, i);
      if (ref) {
        out += String.fromCodePoint(ref.code);
        i = ref.end;
        continue;
      }
    }
    if (c !== "<") {
      out += c;
      i++;
      continue;
    }
    const begin = i++;
    if (input[i] !== "/") {
      while (i < input.length && !isSpace(input[i]) && input[i] !== ">") i++;
      if (i >= input.length) return { ok: false, error: `Unclosed start tag at byte offset ${at(begin)}` };
      const name = input.slice(begin + 1, i).toLowerCase();
      if (!SUPPORTED_TAGS.has(name)) return { ok: false, error: `Unsupported start tag "${name}" at byte offset ${at(begin)}` };
      let argument = "";
      while (input[i] !== ">") {
        while (i < input.length && isSpace(input[i])) i++;
        if (input[i] === ">") break;
        const attrBegin = i;
        while (i < input.length && !isSpace(input[i]) && !"=>/\"'".includes(input[i]!)) i++;
        const attr = input.slice(attrBegin, i);
        if (!attr) return { ok: false, error: `Empty attribute name in the tag "${name}" at byte offset ${at(begin)}` };
        while (i < input.length && isSpace(input[i])) i++;
        if (input[i] !== "=") {
          if (i >= input.length) return { ok: false, error: `Unclosed start tag "${name}" at byte offset ${at(begin)}` };
          continue;
        }
        i++;
        while (i < input.length && isSpace(input[i])) i++;
        if (i >= input.length) return { ok: false, error: `Unclosed start tag "${name}" at byte offset ${at(begin)}` };
        let value = "";
        if (input[i] !== "'" && input[i] !== '"') {
          const tokenBegin = i;
          while (i < input.length && /[A-Za-z0-9.-]/.test(input[i]!)) i++;
          value = input.slice(tokenBegin, i).toLowerCase();
          if (!isSpace(input[i]) && input[i] !== ">") return { ok: false, error: `Unexpected end of name token at byte offset ${at(tokenBegin)}` };
        } else {
          const quote = input[i++];
          while (i < input.length && input[i] !== quote) {
            const ref = input[i] === "&" ? reference(input, i) : null;
            if (ref) {
              value += String.fromCodePoint(ref.code);
              i = ref.end;
            } else value += input[i++];
          }
          if (input[i] === quote) i++;
        }
        if (i >= input.length) return { ok: false, error: `Unclosed start tag at byte offset ${at(begin)}` };
        if ((name === "a" && attr === "href") || (name === "span" && attr === "class") || (name === "code" && attr === "class") || (name === "tg-emoji" && attr === "emoji-id")) argument = value;
      }
      if (name === "span" && argument !== "tg-spoiler") return { ok: false, error: `Tag "span" must have class "tg-spoiler" at byte offset ${at(begin)}` };
      open.push({ name, argument, offset: out.length });
      i++; // ">"
      continue;
    }
    // An end tag.
    if (open.length === 0) return { ok: false, error: `Unexpected end tag at byte offset ${at(begin)}` };
    while (i < input.length && !isSpace(input[i]) && input[i] !== ">") i++;
    const endName = input.slice(begin + 2, i).toLowerCase();
    while (i < input.length && isSpace(input[i])) i++;
    if (input[i] !== ">") return { ok: false, error: `Unclosed end tag at byte offset ${at(begin)}` };
    i++;
    const top = open.at(-1)!;
    if (endName && endName !== top.name) return { ok: false, error: `Unmatched end tag at byte offset ${at(begin)}, expected "</${top.name}>", found "</${endName}>"` };
    open.pop();
    if (out.length > top.offset) {
      entities.push({ type: ENTITY_TYPE[top.name]!, offset: top.offset, length: out.length - top.offset, ...(top.argument ? { argument: top.argument } : {}) });
    }
  }
  if (open.length) return { ok: false, error: `Can't find end tag corresponding to start tag "${open.at(-1)!.name}"` };
  entities.sort((a, b) => a.offset - b.offset || b.length - a.length);
  return { ok: true, value: { text: out, entities } };
}

/** A text as Telegram stores it: parsed by parse_mode, surrounding whitespace trimmed. */
export function formatted(text: string, parseMode: unknown): { ok: true; value: Formatted } | { ok: false; refusal: Refusal } {
  const mode = typeof parseMode === "string" ? parseMode.toLowerCase() : "";
  let value: Formatted = { text, entities: [] };
  if (text !== "" && mode !== "" && mode !== "none") {
    if (mode !== "html") {
      // The bot writes HTML only; Markdown would need its own parser here.
      if (mode !== "markdown" && mode !== "markdownv2") return { ok: false, refusal: bad("unsupported parse_mode") };
      return { ok: true, value };
    }
    const r = parseHtml(text);
    if (!r.ok) return { ok: false, refusal: bad(`can't parse entities: ${r.error}`) };
    value = r.value;
  }
  const lead = value.text.length - value.text.trimStart().length;
  const trimmed = value.text.trim();
  const entities = value.entities
    .map((e) => ({ ...e, offset: Math.max(0, e.offset - lead) }))
    .map((e) => ({ ...e, length: Math.min(e.length, trimmed.length - e.offset) }))
    .filter((e) => e.length > 0);
  return { ok: true, value: { text: trimmed, entities } };
}

function bad(what: string): Refusal {
  return { error_code: 400, description: `Bad Request: ${what}` };
}

type Button = { text?: unknown; callback_data?: unknown; url?: unknown; [k: string]: unknown };

/** What Telegram says to an inline keyboard it refuses, or null. */
export function keyboardRefusal(markup: unknown): Refusal | null {
  const rows = (markup as { inline_keyboard?: unknown } | undefined)?.inline_keyboard;
  if (rows === undefined) return null;
  if (!Array.isArray(rows) || rows.some((r) => !Array.isArray(r))) return bad('field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays');
  const buttons = (rows as Button[][]).flat();
  for (const b of buttons) {
    if (typeof b.text !== "string" || b.text === "") return bad("can't parse inline keyboard button: Inline keyboard button text must be non-empty");
    const kinds = Object.keys(b).filter((k) => k !== "text" && b[k] !== undefined && b[k] !== "");
    if (kinds.length === 0) return bad("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
    if (typeof b.callback_data === "string" && utf8(b.callback_data) > LIMITS.callbackDataBytes) return bad("BUTTON_DATA_INVALID");
  }
  if (buttons.length > LIMITS.keyboardButtons || utf8(JSON.stringify(markup)) > LIMITS.markupBytes) return bad("reply markup is too long");
  const wide = (rows as Button[][]).findIndex((r) => r.length > LIMITS.rowButtons);
  if (wide !== -1) return bad(`fake: row ${wide + 1} has ${(rows as Button[][])[wide]!.length} buttons; Telegram accepts more than ${LIMITS.rowButtons} but its apps do not show them`);
  return null;
}

const SEND_TEXT = new Set(["sendMessage", "editMessageText"]);
const CAPTIONED = new Set(["sendPhoto", "sendDocument", "sendVideo", "sendAudio", "sendAnimation", "sendVoice", "editMessageCaption"]);
const WITH_MARKUP = new Set(["sendMessage", "editMessageText", "sendPhoto", "sendDocument", "editMessageCaption", "editMessageReplyMarkup", "sendVideo", "sendAudio", "sendAnimation", "sendVoice"]);

/**
 * What Telegram answers to a call, judged on its payload alone (the fake adds
 * the checks that need the chat's history: messages that do not exist, edits
 * that change nothing), or null when Telegram accepts it.
 */
export function payloadRefusal(method: string, p: Record<string, unknown>): Refusal | null {
  if (SEND_TEXT.has(method)) {
    const text = p.text;
    if (text === undefined || text === null || text === "") return bad("message text is empty");
    const raw = String(text);
    if (utf8(raw) > LIMITS.rawTextBytes) return bad("text is too long");
    const f = formatted(raw, p.parse_mode);
    if (!f.ok) return f.refusal;
    if (f.value.text === "") return bad("text must be non-empty");
    if (f.value.text.length > LIMITS.messageText) return bad(method === "sendMessage" ? "message is too long" : "MESSAGE_TOO_LONG");
    if (f.value.entities.length > LIMITS.entities) return bad(`fake: ${f.value.entities.length} formatting entities; Telegram drops those after the ${LIMITS.entities}th`);
  }
  if (CAPTIONED.has(method) && p.caption !== undefined && p.caption !== null && p.caption !== "") {
    const raw = String(p.caption);
    if (utf8(raw) > LIMITS.rawTextBytes) return bad("text is too long");
    const f = formatted(raw, p.parse_mode);
    if (!f.ok) return f.refusal;
    if (f.value.text.length > LIMITS.caption) return bad(method === "editMessageCaption" ? "MEDIA_CAPTION_TOO_LONG" : "message caption is too long");
    if (f.value.entities.length > LIMITS.entities) return bad(`fake: ${f.value.entities.length} formatting entities in the caption; Telegram drops those after the ${LIMITS.entities}th`);
  }
  if (method === "answerCallbackQuery" && typeof p.text === "string" && p.text.length > LIMITS.alert) return bad("MESSAGE_TOO_LONG");
  if (WITH_MARKUP.has(method)) return keyboardRefusal(p.reply_markup);
  return null;
}

/** payloadRefusal for a captured call. */
export function callRefusal(call: ApiCall): Refusal | null {
  return payloadRefusal(call.method, call.payload);
}
