// What is wrong with a Bot API call the bot makes: what Telegram would refuse
// (the same rules the fake Telegram answers with) and, stricter, the bot's own
// HTML hygiene, which Telegram would let through but a reader would see.
import type { ApiCall } from "../harness/fake-telegram.js";
import { callRefusal } from "../harness/telegram-rules.js";

/** The tags the bot may use (a subset of Telegram's HTML). */
const ALLOWED_TAGS = new Set(["b", "i", "u", "s", "code", "pre", "a"]);
/** Entities Telegram understands: the four named ones and numeric ones. */
const ENTITY = /^&(?:lt|gt|amp|quot|#\d{1,7}|#x[0-9a-fA-F]{1,6});/;
const TAG = /^<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+="[^"<>]*")*)\s*>/;

/** Problems of a parse_mode HTML text, or [] when Telegram would accept it. */
export function htmlProblems(text: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "&") {
      const m = ENTITY.exec(text.slice(i, i + 12));
      if (!m) problems.push(`raw "&" at ${i}: ${JSON.stringify(text.slice(Math.max(0, i - 20), i + 20))}`);
      else i += m[0].length - 1;
    } else if (ch === "<") {
      const m = TAG.exec(text.slice(i, i + 300));
      if (!m) {
        problems.push(`raw "<" at ${i}: ${JSON.stringify(text.slice(Math.max(0, i - 20), i + 20))}`);
        continue;
      }
      const [whole, closing, rawName, attrs = ""] = m;
      const name = rawName!.toLowerCase();
      if (!ALLOWED_TAGS.has(name)) problems.push(`tag <${closing}${name}> not allowed`);
      else if (closing) {
        if (stack.at(-1) !== name) problems.push(`</${name}> closes ${stack.at(-1) ? `<${stack.at(-1)}>` : "nothing"} at ${i}`);
        else stack.pop();
      } else {
        if (attrs.trim() && !(name === "a" && /^\s+href="[^"]*"\s*$/.test(attrs))) problems.push(`<${name}> with attributes ${attrs}`);
        if (stack.includes("code") || stack.includes("pre")) problems.push(`<${name}> inside <${stack.includes("pre") ? "pre" : "code"}>`);
        stack.push(name);
      }
      i += whole.length - 1;
    }
  }
  if (stack.length) problems.push(`unclosed ${stack.map((t) => `<${t}>`).join(", ")}`);
  return problems;
}

type Keyboard = { inline_keyboard?: { text?: string; callback_data?: string; url?: string }[][] };

/**
 * Everything wrong with one call: what Telegram would refuse (the fake's own
 * rules, ../harness/telegram-rules.ts), and beyond that the bot's own hygiene:
 * HTML from the bot's subset only, no raw "&" (Telegram would show it, but it
 * means a value was not escaped), no lone surrogates, a chat for every send.
 */
export function callProblems(call: ApiCall): string[] {
  const p = call.payload;
  const out: string[] = [];
  const where = `${call.method}`;
  const refusal = callRefusal(call);
  if (refusal) out.push(`${where}: Telegram answers ${refusal.error_code} "${refusal.description}"\n--- text ---\n${String(p.text ?? p.caption ?? "").slice(0, 1500)}`);
  for (const field of ["text", "caption"] as const) {
    const raw = p[field];
    if (typeof raw !== "string") continue;
    if (/\p{Cs}/u.test(raw)) out.push(`${where}: ${field} holds a lone surrogate (not UTF-8): ${JSON.stringify(raw.slice(0, 300))}`);
    if (p.parse_mode === "HTML" && call.method !== "answerCallbackQuery") for (const e of htmlProblems(raw)) out.push(`${where}: bad HTML: ${e}\n--- text ---\n${raw.slice(0, 1500)}`);
  }
  if ((call.method === "sendMessage" || call.method === "editMessageText") && typeof p.text !== "string") out.push(`${where}: text is ${typeof p.text}`);
  if (["sendMessage", "editMessageText", "sendPhoto", "sendDocument", "editMessageCaption", "editMessageReplyMarkup", "deleteMessage", "sendChatAction"].includes(call.method)) {
    if (p.chat_id === undefined && p.inline_message_id === undefined) out.push(`${where}: no chat_id`);
  }
  const kb = p.reply_markup as Keyboard | undefined;
  for (const row of kb?.inline_keyboard ?? []) {
    for (const b of row) {
      if (typeof b.text === "string" && b.text.trim() === "") out.push(`${where}: button with a blank text ${JSON.stringify(b)}`);
      else if (typeof b.text === "string" && /\p{Cs}/u.test(b.text)) out.push(`${where}: button text holds a lone surrogate: ${JSON.stringify(b.text)}`);
    }
  }
  return out;
}
