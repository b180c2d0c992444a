// Checks shared by the authorisation matrix (tests/authz.test.ts): a fingerprint
// of the database's content, the HTML safety of outgoing messages, and raw
// button presses and documents in any chat.
import Database from "better-sqlite3";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Update, Message } from "grammy/types";
import type { ApiCall } from "./fake-telegram.js";
import { BOT_INFO } from "./fake-telegram.js";
import type { FakeUser, Harness } from "./harness.js";
import type { BuiltRoutes } from "../../src/chat/routing.js";

/** Tables that change on every update by design, and columns that only record "when". */
const SKIP_TABLES = new Set(["ProcessedUpdate", "_prisma_migrations"]);
const SKIP_COLUMNS: Record<string, string[]> = {
  Person: ["lastSeenAt"],
  ConversationState: ["updatedAt"],
};

export type Fingerprint = Map<string, string>;

/** Reads the SQLite file beside the bot's own connection (WAL: readers see committed data). */
export class DbReader {
  private readonly sqlite: Database.Database;
  private tables: string[] = [];
  constructor(h: Harness) {
    this.sqlite = new Database(join(h.dir, "bot.db"), { fileMustExist: true });
    this.tables = (this.sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as { name: string }[])
      .map((r) => r.name)
      .filter((n) => !SKIP_TABLES.has(n));
  }

  /** Every row of every table (minus timestamps of contact), one string per table. */
  fingerprint(): Fingerprint {
    const out: Fingerprint = new Map();
    for (const t of this.tables) {
      const skip = SKIP_COLUMNS[t] ?? [];
      const rows = this.sqlite.prepare(`SELECT * FROM "${t}"`).all() as Record<string, unknown>[];
      const lines = rows.map((r) => JSON.stringify(Object.entries(r).filter(([k]) => !skip.includes(k)), (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v instanceof Buffer ? v.toString("hex") : v)));
      out.set(t, lines.sort().join("\n"));
    }
    return out;
  }

  close(): void {
    this.sqlite.close();
  }
}

/** Names of the tables whose content differs between two fingerprints. */
export function changedTables(before: Fingerprint, after: Fingerprint): string[] {
  return [...after.keys()].filter((t) => before.get(t) !== after.get(t));
}

/** Tags Telegram's HTML parse mode accepts. */
const TELEGRAM_TAGS = new Set(["b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a", "tg-emoji", "code", "pre", "blockquote"]);

/** What a call shows as text (message text or caption), with its parse mode. */
export function shownText(c: ApiCall): { text: string; html: boolean } | null {
  const p = c.payload;
  if (c.method === "sendMessage" || c.method === "editMessageText") return { text: String(p.text ?? ""), html: p.parse_mode === "HTML" };
  if (c.method === "sendPhoto" || c.method === "sendDocument" || c.method === "editMessageCaption") {
    return p.caption === undefined ? null : { text: String(p.caption), html: p.parse_mode === "HTML" };
  }
  return null;
}

/**
 * Problems with the HTML of outgoing messages: a tag Telegram does not know
 * (a name's <script> let through), a raw marker of user text (e.g. "<b>Bold"
 * from a board called "<b>Bold</b>"), or an "&" that starts no entity. Plain
 * (non-HTML) messages must not show escaped entities of those markers.
 */
export function htmlProblems(calls: ApiCall[], rawMarkers: string[], escapedMarkers: string[]): string[] {
  const problems: string[] = [];
  for (const c of calls) {
    if (c.method === "answerCallbackQuery") {
      // Alerts are plain text: an escaped name would show its entities.
      for (const marker of escapedMarkers) if (String(c.payload.text ?? "").includes(marker)) problems.push(`escaped ${JSON.stringify(marker)} in an alert: ${String(c.payload.text)}`);
      continue;
    }
    const shown = shownText(c);
    if (!shown) continue;
    const where = `${c.method} to ${String(c.payload.chat_id)}: ${JSON.stringify(shown.text.slice(0, 300))}`;
    if (shown.html) {
      for (const m of shown.text.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9-]*)/g)) {
        if (!TELEGRAM_TAGS.has(m[1]!.toLowerCase())) problems.push(`unknown tag <${m[1]}> in ${where}`);
      }
      for (const marker of rawMarkers) if (shown.text.includes(marker)) problems.push(`unescaped ${JSON.stringify(marker)} in ${where}`);
      if (/&(?!(?:amp|lt|gt|quot|#\d+|#x[0-9a-fA-F]+);)/.test(shown.text)) problems.push(`bare "&" in ${where}`);
    } else {
      for (const marker of escapedMarkers) if (shown.text.includes(marker)) problems.push(`escaped ${JSON.stringify(marker)} shown as plain text in ${where}`);
    }
  }
  return problems;
}

/** A button press with any data, on a given message of a given chat (private or the group). */
export function pressOn(h: Harness, user: FakeUser, data: string, chatId: number, messageId: number): Promise<ApiCall[]> {
  const stored = h.tg.message(chatId, messageId);
  const chat = chatId === user.id ? { id: chatId, type: "private" as const, first_name: user.tg.first_name } : { id: chatId, type: "supergroup" as const, title: "Group" };
  return h.handle({
    callback_query: {
      id: String(h.nextUpdateId() + 900000),
      from: user.tg,
      chat_instance: `ci${chatId}`,
      data,
      message: {
        message_id: messageId,
        date: Math.floor(h.clock.now().getTime() / 1000),
        chat,
        from: BOT_INFO,
        text: stored?.text ?? "",
        ...(stored?.reply_markup ? { reply_markup: stored.reply_markup } : {}),
      } as Message.TextMessage,
    },
  });
}

/** A document with a caption, sent in private or in a group. */
export function sendDocumentIn(h: Harness, user: FakeUser, chat: { id: number; title?: string }, fileName: string, bytes: Uint8Array, caption: string): Promise<ApiCall[]> {
  const fileId = `file-${h.nextUpdateId()}`;
  // A path of its own: the fake Telegram serves downloads by path, first match.
  h.tg.files.set(fileId, { path: `documents/${fileId}/${fileName}`, bytes });
  const chatObj = chat.id === user.id ? { id: chat.id, type: "private", first_name: user.tg.first_name } : { id: chat.id, type: "supergroup", title: chat.title ?? "Group" };
  const entity = caption.startsWith("/") ? [{ type: "bot_command", offset: 0, length: caption.split(/\s/)[0]!.length }] : [];
  return h.handle({
    message: {
      message_id: h.nextUpdateId() + 500000,
      date: Math.floor(h.clock.now().getTime() / 1000),
      chat: chatObj,
      from: user.tg,
      document: { file_id: fileId, file_unique_id: `u${fileId}`, file_name: fileName, file_size: bytes.length },
      caption,
      caption_entities: entity,
    } as unknown as Update["message"],
  });
}

const ftlCache = new Map<string, Map<string, string>>();

/** The first line of a message's pattern in locales/<locale>.ftl, as written (placeables unresolved). */
export function ftlFirstLine(locale: string, key: string): string {
  let messages = ftlCache.get(locale);
  if (!messages) {
    messages = new Map();
    const lines = readFileSync(resolve("locales", `${locale}.ftl`), "utf8").split("\n");
    lines.forEach((line, i) => {
      const m = /^([a-z][a-z0-9_-]*)\s*=\s*(.*)$/.exec(line);
      if (!m) return;
      const first = m[2]!.trim() || (lines[i + 1] ?? "").trim();
      messages!.set(m[1]!, first);
    });
    ftlCache.set(locale, messages);
  }
  const line = messages.get(key);
  if (line === undefined) throw new Error(`no message ${key} in ${locale}.ftl`);
  return line;
}

/** The longest fixed piece of a message's first line: a substring every rendering of it contains. */
export function fragment(locale: string, key: string): string {
  const line = ftlFirstLine(locale, key).replace(/\{[^{}]*$/, "");
  const pieces = line.split(/\{[^{}]*\}/).map((p) => p.trim());
  const best = pieces.reduce((a, b) => (b.length > a.length ? b : a), "");
  if (best.length < 3) throw new Error(`no fixed text in ${key}: ${line}`);
  return best;
}

/** What the matrix's rows are about: the commands they send and the kinds of button they press ("menu:x", "bv", ...). */
export type MatrixSubjects = { commands: Iterable<string>; buttons: Iterable<string> };

/**
 * The matrix against what the bot registers (routesOf(bot), src/chat/routing.ts):
 * `noRow`, every command the bot registers or its menus offer, and every kind of
 * button it registers, that no row is about ("/x" for a command, the kind for a
 * button); `notRegistered`, every command or kind of button a row is about that
 * the bot does not register. Both sorted; both empty when the matrix covers the bot exactly.
 */
export function matrixGaps(rows: MatrixSubjects, routes: BuiltRoutes, menuCommands: Iterable<string> = []): { noRow: string[]; notRegistered: string[] } {
  const rowCommands = new Set(rows.commands);
  const rowButtons = new Set(rows.buttons);
  const commands = new Set([...routes.commands, ...menuCommands]);
  const noRow = [...[...commands].filter((c) => !rowCommands.has(c)).map((c) => `/${c}`), ...routes.buttons.filter((b) => !rowButtons.has(b))];
  const notRegistered = [...[...rowCommands].filter((c) => !routes.commands.includes(c)).map((c) => `/${c}`), ...[...rowButtons].filter((b) => !routes.buttons.includes(b))];
  return { noRow: noRow.sort(), notRegistered: notRegistered.sort() };
}
