// What Telegram would refuse, checked on the Bot API calls the bot makes: HTML
// that is not well formed, texts over the limits, empty texts, oversized
// callback data. The fake Telegram accepts anything, so the fuzz tests check.
import type { ApiCall } from "../harness/fake-telegram.js";

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

/** The text a person sees: tags dropped, entities decoded. */
export function visibleText(text: string, parseMode: unknown): string {
  if (parseMode !== "HTML") return text;
  return text
    .replace(/<[^<>]*>/g, "")
    .replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, "\"")
    .replace(/&#x([0-9a-fA-F]+);/g, (_, h: string) => String.fromCodePoint(Number.parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, "&");
}

type Keyboard = { inline_keyboard?: { text?: string; callback_data?: string; url?: string }[][] };

/** Everything Telegram would refuse in one call. */
export function callProblems(call: ApiCall): string[] {
  const p = call.payload;
  const out: string[] = [];
  const where = `${call.method}`;
  const checkText = (field: "text" | "caption", max: number) => {
    const raw = p[field];
    if (raw === undefined && field === "caption") return;
    if (typeof raw !== "string") return out.push(`${where}: ${field} is ${typeof raw}`);
    if (/\p{Cs}/u.test(raw)) out.push(`${where}: ${field} holds a lone surrogate (not UTF-8): ${JSON.stringify(raw.slice(0, 300))}`);
    if (p.parse_mode === "HTML") for (const e of htmlProblems(raw)) out.push(`${where}: bad HTML: ${e}\n--- text ---\n${raw.slice(0, 1500)}`);
    const visible = visibleText(raw, p.parse_mode);
    if (visible.length > max) out.push(`${where}: ${field} of ${visible.length} characters (max ${max})`);
    if (field === "text" && visible.trim() === "") out.push(`${where}: empty text`);
  };
  if (call.method === "sendMessage" || call.method === "editMessageText") checkText("text", 4096);
  if (call.method === "sendPhoto" || call.method === "sendDocument" || call.method === "editMessageCaption") checkText("caption", 1024);
  if (call.method === "answerCallbackQuery" && typeof p.text === "string") {
    if (p.text.length > 200) out.push(`${where}: alert of ${p.text.length} characters (max 200)`);
    if (/\p{Cs}/u.test(p.text)) out.push(`${where}: alert holds a lone surrogate (not UTF-8): ${JSON.stringify(p.text)}`);
  }
  if (["sendMessage", "editMessageText", "sendPhoto", "sendDocument", "editMessageCaption", "editMessageReplyMarkup", "deleteMessage", "sendChatAction"].includes(call.method)) {
    if (p.chat_id === undefined && p.inline_message_id === undefined) out.push(`${where}: no chat_id`);
  }
  const kb = p.reply_markup as Keyboard | undefined;
  for (const row of kb?.inline_keyboard ?? []) {
    for (const b of row) {
      if (!b.text || b.text.trim() === "") out.push(`${where}: button without text ${JSON.stringify(b)}`);
      else if (/\p{Cs}/u.test(b.text)) out.push(`${where}: button text holds a lone surrogate: ${JSON.stringify(b.text)}`);
      if (b.callback_data !== undefined) {
        const bytes = Buffer.byteLength(b.callback_data, "utf8");
        if (bytes < 1 || bytes > 64) out.push(`${where}: callback_data of ${bytes} bytes: ${JSON.stringify(b.callback_data)}`);
      }
    }
  }
  return out;
}
