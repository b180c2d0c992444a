// What a Telegram message becomes on Zalo, and how a typed answer finds its
// choice. Zalo's sendMessage takes plain text of 1–2,000 characters and has no
// buttons (shared/notes/zalo.md §3, §5; its parse_mode/text_styles are [D2],
// not in every source, so not used): HTML becomes plain text, an inline keyboard
// becomes numbered lines under the text, and a long text is cut into parts.
import type { InlineKeyboardButton, InlineKeyboardMarkup } from "grammy/types";
import { foldedWords } from "../../shared/bloc/text.js";
import { splitText } from "../../shared/text/split.js";
import { ZALO_TEXT_MAX } from "./api.js";

const NAMED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'", nbsp: "\u00a0" };

/** Decodes character references ("&lt;", "&#128512;", "&#x1F600;"); an unknown one stays as written. */
export function unescapeHtml(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,6});/gi, (whole, ref: string) => {
    if (ref[0] === "#") {
      const code = ref[1] === "x" || ref[1] === "X" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
    }
    return NAMED[ref.toLowerCase()] ?? whole;
  });
}

const TAG = /<\/?[a-z][a-z0-9-]*(?:\s[^<>]*)?\/?>/gi;
const LINK = /<a\s[^<>]*?href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))[^<>]*>([\s\S]*?)<\/a\s*>/gi;

/**
 * Telegram HTML (parse_mode "HTML", the bot's subset: b, i, u, s, code, pre,
 * a, blockquote, tg-spoiler, span) as plain text: tags dropped, character
 * references decoded, a link `<a href="u">t</a>` written "t (u)" when t is not u
 * itself (a `tg://` link, which means nothing on Zalo, keeps only t).
 */
export function htmlToPlain(html: string): string {
  const linked = html.replace(LINK, (_whole, q1: string | undefined, q2: string | undefined, bare: string | undefined, inner: string) => {
    const href = unescapeHtml(q1 ?? q2 ?? bare ?? "").trim();
    const label = unescapeHtml(inner.replace(TAG, "")).trim();
    // Escaped again so that the final decoding leaves them as they are.
    const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    if (!href || /^tg:/i.test(href) || label === href) return esc(label || href);
    if (!label) return esc(href);
    return esc(`${label} (${href})`);
  });
  return unescapeHtml(linked.replace(TAG, ""));
}

/** A button that stands for a choice: its number (from 1), label and callback data. */
export type MenuChoice = { n: number; label: string; data: string };

const LISTED = /^[ \t]*(\d{1,4})\.[ \t]+\S/gm;
const OWN_NUMBER = /^(\d{1,4})\. \S/;

/**
 * The numbers a text lists at the start of its lines ("5. Vốn đầu tư FDI…": 5),
 * the text as sent (HTML or plain: tags do not count).
 */
export function listedNumbers(text: string | undefined): number[] {
  if (!text) return [];
  return [...htmlToPlain(text).matchAll(LISTED)].map((m) => Number(m[1]));
}

/**
 * The callback buttons of a keyboard, in reading order (row by row), each with
 * the number that answers it. One number means one thing on one screen
 * (issue 16 item 3): a choice whose label begins with its own number ("5. Vốn
 * đầu tư FDI", an item of a list) keeps it; the others are numbered from 1, or,
 * when `text` (the message the keyboard is under) lists numbered lines ("1. …"
 * to "12. …", a read-back) or a label carries a number, from the next number
 * after the highest of those, so that "5" still means the fifth line (and goes
 * to the bot as typed, for the dialogue to read) and never a choice of the menu.
 */
export function menuChoices(markup: InlineKeyboardMarkup | undefined, text?: string): MenuChoice[] {
  const buttons: { label: string; data: string; own: number | null }[] = [];
  for (const row of markup?.inline_keyboard ?? []) {
    for (const b of row) {
      if ("callback_data" in b && typeof b.callback_data === "string") {
        const own = OWN_NUMBER.exec(b.text);
        buttons.push({ label: b.text, data: b.callback_data, own: own ? Number(own[1]) : null });
      }
    }
  }
  const taken = new Set<number>();
  for (const b of buttons) {
    if (b.own !== null && b.own > 0 && !taken.has(b.own)) taken.add(b.own);
    else b.own = null;
  }
  let next = Math.max(0, ...taken, ...listedNumbers(text));
  return buttons.map((b) => ({ n: b.own ?? ++next, label: b.label, data: b.data }));
}

/**
 * The words a person types for a choice: its label without leading or trailing
 * symbols (emoji, arrows, "✖") and without parts in brackets ("Giống tháng
 * trước (12)" → "Giống tháng trước"); the whole label when nothing else is left.
 */
export function choiceWords(label: string): string {
  const bare = label.replace(/\([^()]*\)|\[[^[\]]*\]/g, " ").replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "").replace(/\s+/g, " ").trim();
  return bare || label.trim();
}

/**
 * How the choices of a menu are written: "numbers" ("1. Gửi", answered by the
 * number or the words) or "words" (answered by the words only, for a question
 * that also takes a typed number: see ZaloAdapterOptions.takesTypedAnswers).
 */
export type ChoiceStyle = { kind: "numbers" } | { kind: "words"; line: (label: string, words: string) => string };

/**
 * A keyboard as lines of text: "1. Gửi", "2. Sửa"... for the choices, by the
 * numbers menuChoices gives them under `text` (a label that already begins
 * with its number, as "3. Vốn đầu tư", keeps it once), or `style.line(label,
 * words)` for each when they are answered by words; "label: url" for a link
 * button, "label: text" for a copy button; other kinds (inline queries, web
 * apps, games, payments) have no meaning on Zalo and are left out.
 */
export function keyboardLines(markup: InlineKeyboardMarkup | undefined, style: ChoiceStyle = { kind: "numbers" }, text?: string): string[] {
  const lines: string[] = [];
  const numbered = menuChoices(markup, text);
  let k = 0;
  for (const row of markup?.inline_keyboard ?? []) {
    for (const b of row as InlineKeyboardButton[]) {
      if ("callback_data" in b && typeof b.callback_data === "string") {
        const n = numbered[k++]!.n;
        if (style.kind === "words") lines.push(style.line(b.text, choiceWords(b.text)));
        else lines.push(b.text.startsWith(`${n}. `) ? b.text : `${n}. ${b.text}`);
      } else if ("url" in b && typeof b.url === "string") lines.push(`${b.text}: ${b.url}`);
      else if ("copy_text" in b && b.copy_text) lines.push(`${b.text}: ${(b.copy_text as { text: string }).text}`);
    }
  }
  return lines;
}

/** Whether a keyboard has any choice (so that a typed number can answer it). */
export function hasChoices(markup: InlineKeyboardMarkup | undefined): boolean {
  return menuChoices(markup).length > 0;
}

/**
 * The texts to send for a message: `body` (plain) cut to Zalo's 2,000 characters
 * (UTF-16 units, api.ts) by shared/text/split.ts, and `lines` (keyboardLines)
 * after a blank line in the last part; when they do not fit there, they make
 * the last part(s) on their own. Whitespace-only parts are left out.
 */
export function zaloParts(body: string, lines: string[], limit = ZALO_TEXT_MAX): string[] {
  // A part begins and ends with text: the blank line where it was cut goes.
  const parts = (body.trim() ? splitText(body, { limit }) : []).map((p) => p.replace(/^\s*\n/, "").trimEnd()).filter((p) => p.trim());
  if (lines.length === 0) return parts;
  const block = lines.join("\n");
  const last = parts.at(-1);
  if (last !== undefined && last.length + 2 + block.length <= limit) parts[parts.length - 1] = `${last}\n\n${block}`;
  else parts.push(...splitText(block, { limit }));
  return parts;
}

const NUMBER_ANSWER = /^\s*(?:#|số\s*|so\s*)?(\d{1,3})\s*[.)]?\s*$/i;

/**
 * The choice a typed text answers, or null: a number of the menu ("2", "2.",
 * "#2", "số 2") unless `numbers` is false, or the words of exactly one
 * choice, folded (case and diacritics: "gui" answers "✅ Gửi"; shared/bloc/text.ts),
 * either its whole label's or its choiceWords'. A number outside the menu, a
 * text that is neither, or words shared by two choices answer nothing (the text
 * goes on as a message). A text starting with "/" is a command, never a choice.
 */
export function matchChoice(text: string, choices: MenuChoice[], opts: { numbers?: boolean } = {}): MenuChoice | null {
  if (choices.length === 0 || text.trimStart().startsWith("/")) return null;
  const number = NUMBER_ANSWER.exec(text);
  if (number) return opts.numbers === false ? null : (choices.find((c) => c.n === Number(number[1])) ?? null);
  const words = foldedWords(text).join(" ");
  if (!words) return null;
  const hits = choices.filter((c) => foldedWords(c.label).join(" ") === words || foldedWords(choiceWords(c.label)).join(" ") === words);
  return hits.length === 1 ? hits[0]! : null;
}

/**
 * Callback data of a dialogue's control buttons (chat/conversations/dialogue.ts,
 * Run.data: `<prefix>:<nonce>:<question>:<action>`): back, cancel, skip, keep,
 * same (the report's and the new ballot's questions, features/*\/dialogue.ts).
 * A menu of these alone sits under a question that takes a typed answer (a
 * figure, a title): tests/messengers/zalo/real-bot.test.ts checks it on the
 * report's first question, so a renamed action fails there.
 */
const DIALOGUE_CONTROL = /^[a-z]{1,4}:[0-9a-f]{8}:\d{1,6}:(back|cancel|skip|keep|same)$/;

/** The default of ZaloAdapterOptions.takesTypedAnswers: every choice is a dialogue's control. */
export function onlyDialogueControls(choices: MenuChoice[]): boolean {
  return choices.length > 0 && choices.every((c) => DIALOGUE_CONTROL.test(c.data));
}
