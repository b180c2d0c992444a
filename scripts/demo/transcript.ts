// Turns the captured Bot API calls into a readable transcript.
import type { ApiCall } from "../../tests/harness/fake-telegram.js";
import type { FakeGroup, FakeUser, Harness } from "../../tests/harness/harness.js";

const C = process.stdout.isTTY ? { dim: "\x1b[2m", bold: "\x1b[1m", cyan: "\x1b[36m", green: "\x1b[32m", yellow: "\x1b[33m", reset: "\x1b[0m" } : { dim: "", bold: "", cyan: "", green: "", yellow: "", reset: "" };

function plain(html: string): string {
  return html
    .replace(/<\/?(b|i|u|s|code|pre|a[^>]*)>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
}

function indent(text: string, pad: string): string {
  return text.split("\n").map((l) => pad + l).join("\n");
}

export class Transcript {
  private names = new Map<number, string>();
  constructor(private h: Harness, private out: (s: string) => void = (s) => console.log(s)) {}

  name(chatId: number, label: string) {
    this.names.set(chatId, label);
  }

  scene(title: string) {
    this.out(`\n${C.bold}${C.yellow}━━ ${title} ━━${C.reset}`);
  }

  note(text: string) {
    this.out(`${C.dim}   (${text})${C.reset}`);
  }

  private where(chatId: number): string {
    return this.names.get(chatId) ?? (chatId < 0 ? "group" : `user ${chatId}`);
  }

  show(calls: ApiCall[]) {
    for (const c of calls) {
      const p = c.payload;
      const chat = Number(p.chat_id);
      const to = this.where(chat);
      const buttons = (p.reply_markup as { inline_keyboard?: { text: string }[][] } | undefined)?.inline_keyboard
        ?.map((row) => row.map((b) => `[${b.text}]`).join(" "))
        .join("\n");
      switch (c.method) {
        case "sendMessage":
          this.out(`${C.green}🤖 → ${to}:${C.reset}\n${indent(plain(String(p.text)), "   ")}`);
          break;
        case "editMessageText":
          this.out(`${C.green}🤖 ✎ ${to} (message updated):${C.reset}\n${indent(plain(String(p.text)), "   ")}`);
          break;
        case "sendPhoto":
        case "sendDocument": {
          const f = (p.photo ?? p.document) as { name?: string } | undefined;
          this.out(`${C.green}🤖 → ${to}: 📎 ${f?.name ?? "file"}${C.reset}${p.caption ? `\n${indent(plain(String(p.caption)), "   ")}` : ""}`);
          break;
        }
        case "answerCallbackQuery":
          if (p.text) this.out(`${C.green}🤖 (pop-up):${C.reset} ${String(p.text)}`);
          continue;
        default:
          continue;
      }
      if (buttons) this.out(indent(buttons, `   ${C.cyan}`) + C.reset);
    }
  }

  async says(user: FakeUser, label: string, text: string, group?: FakeGroup) {
    this.out(`\n${C.bold}👤 ${label}${group ? ` in ${this.where(group.chatId)}` : ""}:${C.reset} ${text}`);
    this.show(group ? await user.sendIn(group, text) : await user.send(text));
  }

  /** A line a person typed elsewhere than on the fake Telegram (on Zalo). */
  typed(label: string, text: string) {
    this.out(`\n${C.bold}👤 ${label}:${C.reset} ${text}`);
  }

  /** What the bot sent a person on Zalo: plain texts (choices are numbered lines in them). */
  zalo(label: string, texts: string[]) {
    for (const text of texts) this.out(`${C.green}🤖 → ${label} on Zalo:${C.reset}\n${indent(text, "   ")}`);
  }

  /** Sends without printing, for the dull stretches of a scene. */
  async quietly(user: FakeUser, texts: string[]) {
    for (const text of texts) await user.send(text);
  }

  async presses(user: FakeUser, label: string, button: string | RegExp, group?: FakeGroup) {
    this.out(`\n${C.bold}👤 ${label}${group ? ` in ${this.where(group.chatId)}` : ""} presses${C.reset} [${String(button)}]`);
    this.show(await user.press(button, group ? { in: group } : {}));
  }
}
