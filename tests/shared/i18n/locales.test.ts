import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FluentBundle, FluentResource } from "@fluent/bundle";
import { createI18n, LOCALES_DIR } from "../../../src/shared/i18n/messages.js";
import { formatDateTime, formatMonth } from "../../../src/shared/i18n/format.js";
import { formatNumber, formatPercent } from "../../../src/shared/bloc/numbers.js";
import { ADMIN_COMMANDS, GROUP_COMMANDS, PRIVATE_COMMANDS } from "../../../src/messengers/telegram/commands.js";

/**
 * Each message's text by key, as written in the file: the value after "=", its
 * indented continuation lines joined by "\n" (comments and blank lines left out).
 */
export function messagesOf(source: string): Map<string, string> {
  const out = new Map<string, string>();
  let key: string | null = null;
  for (const line of source.split("\n")) {
    const head = /^([a-z][a-z0-9-]*)\s*=\s?(.*)$/.exec(line);
    if (head) out.set((key = head[1]!), head[2]!.trim());
    else if (key && /^\s+\S/.test(line)) out.set(key, `${out.get(key)}\n${line.trim()}`);
    else if (line.trim()) key = null;
  }
  return out;
}

/**
 * The words a reader sees in a message: text of every variant, without the
 * placeables' variables, HTML tags, and <code> spans (commands and examples typed
 * as they are, such as <code>/schedule quiet 21:00 07:00</code>).
 */
export function proseOf(text: string): string {
  return text
    .replace(/<code>[\s\S]*?<\/code>/g, " ")
    .replace(/<[^>]+>/g, "")
    .replace(/\{\s*"([^"]*)"\s*\}/g, "$1") // string literals such as {" "}
    .replace(/\{\s*\$[a-zA-Z0-9_-]+\s*->/g, " ") // a selector's head; its variants stay
    .replace(/\*?\[[a-zA-Z0-9_-]+\]/g, " ") // variant keys
    .replace(/\{[^{}]*\}/g, " ") // variables
    .replace(/[{}]/g, " ");
}

/**
 * What a public agency does not write (the bloc's register, issue 14 item 2; the
 * model is the bloc's own year-end article, /work/shared/domain/seed-article-2022-vi.txt).
 */
export const NOT_OUR_REGISTER: { pattern: RegExp; why: string }[] = [
  { pattern: /[«»]/u, why: "quotation marks are “…”" },
  { pattern: /"/u, why: "quotation marks are “…”, not straight quotes" },
  { pattern: /(?<!\p{L})(bạn|mày)(?!\p{L})/iu, why: "a person is addressed as Anh/Chị, or neutrally" },
  { pattern: /chắc chắn chứ/iu, why: "ask plainly: “Anh/Chị kiểm tra lại…”" },
  { pattern: /\(\s*trên(?!\p{L})/iu, why: "“(trên 11)” reads as “more than 11”: write “trong tổng số 11”" },
  { pattern: /yên lặng/iu, why: "“Thời gian không gửi tin”, not “Giờ yên lặng”" },
];

/** Each fault of register in a Vietnamese message, as "key: why (the words)". */
export function registerFaults(messages: Map<string, string>): string[] {
  const faults: string[] = [];
  for (const [key, text] of messages) {
    const prose = proseOf(text);
    for (const { pattern, why } of NOT_OUR_REGISTER) {
      const m = pattern.exec(prose);
      if (m) faults.push(`${key}: ${why} (${prose.slice(Math.max(0, m.index - 20), m.index + 20).trim()})`);
    }
  }
  return faults;
}

/**
 * Messages whose Vietnamese is the English text: identical in both files and with
 * words to read once variables, tags and code are set aside. `allowed` names the
 * keys whose words are the same in both languages on purpose (proper names, codes).
 */
export function untranslated(vi: Map<string, string>, en: Map<string, string>, allowed: Set<string>): string[] {
  return [...vi].filter(([key, text]) => en.get(key) === text && /\p{L}/u.test(proseOf(text)) && !allowed.has(key)).map(([key]) => key);
}

/** Same in both languages on purpose. */
const SAME_IN_BOTH: Record<string, string> = {
  "messenger-name-telegram": "a product's name",
  "messenger-name-zalo": "a product's name",
  "lang-choose": "asks in both languages, for a person who cannot read one of them",
  "lang-name-vi": "each language named in its own words",
  "lang-name-en": "each language named in its own words",
};

function parse(locale: string) {
  const source = readFileSync(join(LOCALES_DIR, `${locale}.ftl`), "utf8");
  const bundle = new FluentBundle(locale, { useIsolating: false });
  const errors = bundle.addResource(new FluentResource(source));
  const ids = [...source.matchAll(/^([a-z][a-z0-9-]*)\s*=/gm)].map((m) => m[1]!);
  // A message with a syntax error is dropped silently by the parser: catch it here.
  const unparsed = ids.filter((id) => !bundle.hasMessage(id));
  return { bundle, errors, ids, unparsed };
}

describe("locales", () => {
  const files = readdirSync(LOCALES_DIR).filter((f) => f.endsWith(".ftl")).map((f) => f.replace(".ftl", "")).sort();

  it("has Vietnamese and English", () => {
    expect(files).toEqual(["en", "vi"]);
  });

  it("both files parse and hold exactly the same keys", () => {
    const vi = parse("vi");
    const en = parse("en");
    expect(vi.errors).toEqual([]);
    expect({ vi: vi.unparsed, en: en.unparsed }).toEqual({ vi: [], en: [] });
    expect(en.errors).toEqual([]);
    const missingInEn = vi.ids.filter((k) => !en.ids.includes(k));
    const missingInVi = en.ids.filter((k) => !vi.ids.includes(k));
    expect({ missingInEn, missingInVi }).toEqual({ missingInEn: [], missingInVi: [] });
    expect(new Set(vi.ids).size).toBe(vi.ids.length);
  });

  it("the Vietnamese reads as a public agency writes it: “…” quotes, Anh/Chị, the bloc's terms", () => {
    const vi = messagesOf(readFileSync(join(LOCALES_DIR, "vi.ftl"), "utf8"));
    expect(vi.size).toBeGreaterThan(500);
    expect(registerFaults(vi)).toEqual([]);
  });

  it("the English quotes as the Vietnamese does (“…”)", () => {
    const en = messagesOf(readFileSync(join(LOCALES_DIR, "en.ftl"), "utf8"));
    const quotes = NOT_OUR_REGISTER.slice(0, 2);
    const faults = [...en].filter(([, text]) => quotes.some((q) => q.pattern.test(proseOf(text)))).map(([key]) => key);
    expect(faults).toEqual([]);
  });

  it("every Vietnamese message is translated (the same as its English only for names and codes)", () => {
    const vi = messagesOf(readFileSync(join(LOCALES_DIR, "vi.ftl"), "utf8"));
    const en = messagesOf(readFileSync(join(LOCALES_DIR, "en.ftl"), "utf8"));
    expect(untranslated(vi, en, new Set(Object.keys(SAME_IN_BOTH)))).toEqual([]);
    // The allow-list holds no stale keys.
    expect(Object.keys(SAME_IN_BOTH).filter((k) => vi.get(k) !== en.get(k))).toEqual([]);
  });

  it("the register and translation checks catch what they are for", () => {
    const sample = messagesOf(
      [
        "a = Đã đổi tên «{ $old }» thành «{ $name }».",
        'b = Có thể dán bảng dạng "chỉ tiêu: giá trị".',
        "c = Bạn không có quyền.",
        "d = Đơn vị bạn đã chọn đủ.",
        "e = Giá trị rất lớn. Bạn chắc chắn chứ?",
        "f = Cần bao nhiêu đơn vị (trên { $eligible })?",
        "g = • Giờ yên lặng: { $from }–{ $to }.",
        "h =",
        "    Tham gia { $hasBy ->",
        "        [yes] bởi bạn",
        '       *[no] {""}',
        "    }.",
        // Not faults: literals, tags, code, the words of other terms.
        "ok1 = <b>{ $name }</b>{ $x ->",
        '    [yes] {" "}của { $board }',
        '   *[no] {""}',
        "}",
        'ok2 = Gõ <code>/import "tệp"</code> — các Ban; Anh/Chị bấm “Gửi”, trong tổng số 11.',
        "ok3 = Ban Quản lý",
      ].join("\n"),
    );
    expect(registerFaults(sample).map((f) => f.split(":")[0])).toEqual(["a", "b", "c", "d", "e", "e", "f", "g", "h"]);
    const vi = messagesOf("x = OK\ny = { $name } ({ $unit })\nz = Telegram ID { $id }\nw = Đồng ý\n");
    const en = messagesOf("x = OK\ny = { $name } ({ $unit })\nz = Telegram ID { $id }\nw = Agree\n");
    expect(untranslated(vi, en, new Set(["z"]))).toEqual(["x"]);
  });

  it("English counts agree with their number: 1 day, 2 days; raw numbers print as given", () => {
    const i18n = createI18n("vi");
    expect(i18n.t("en", "status-amended", { count: 1 })).toBe("(amended once)");
    expect(i18n.t("en", "status-amended", { count: 2 })).toBe("(amended 2 times)");
    expect(i18n.t("en", "remind-group", { month: "October 2026", days: 1, count: 1, boards: "Hải Phòng" })).toBe(
      "📣 The October 2026 reports are 1 day overdue. 1 board has not sent its report: Hải Phòng.",
    );
    expect(i18n.t("en", "group-status-waiting", { count: 1 })).toBe("1 post is waiting to go to the group.");
    expect(i18n.t("vi", "boards-head", { count: 12027 })).toContain("(12027 đang hoạt động)");
    expect(i18n.t("en", "boards-head", { count: 12027 })).toContain("(12027 active)");
    // Every English message, each of its values 1: no "1 days", "1 items", "1 boards have".
    const en = messagesOf(readFileSync(join(LOCALES_DIR, "en.ftl"), "utf8"));
    const NOT_COUNTS = new Set(["month", "year", "previous", "next", "base", "id", "day", "line", "row", "index", "revision", "quarter", "reference", "bloc", "basis", "board", "first", "name", "title"]);
    const plural = /(?<![\d.,/])1 (days|hours|items|boards|people|messages|lines|times|posts|reports|rows|months|indicators|projects|answers|votes|picks)\b/;
    const wrong: string[] = [];
    for (const [key, text] of en) {
      // Counts 1; other values (months, years, names) a word, so that “the October reports” is not read as a count.
      const values = Object.fromEntries([...text.matchAll(/\$([a-zA-Z][a-zA-Z0-9_-]*)/g)].map((m) => [m[1]!, NOT_COUNTS.has(m[1]!) ? "X" : 1]));
      const out = i18n.t("en", key, values);
      if (plural.test(out)) wrong.push(`${key}: ${out.match(plural)![0]}`);
    }
    expect(wrong).toEqual([]);
  });

  it("no message writes a year: example dates are of the bot's clock (shared/i18n/examples.ts), passed as variables", () => {
    // A year written into a message is right the year it was written and wrong afterwards.
    const NOT_DATES: Record<string, RegExp> = { "import-stopped-unreadable": /Excel 2007/g };
    const dated = (["vi", "en"] as const).flatMap((l) =>
      [...messagesOf(readFileSync(join(LOCALES_DIR, `${l}.ftl`), "utf8"))]
        .filter(([key, text]) => /(?<!\d)(19|20)\d\d(?!\d)/.test(text.replace(NOT_DATES[key] ?? /$^/g, "")))
        .map(([key]) => `${l} ${key}`),
    );
    expect(dated).toEqual([]);
    // The check finds what it is for.
    expect(messagesOf("a = /annual 2026\nb = /annual { $exampleLastYear }\n").get("a")).toMatch(/(?<!\d)(19|20)\d\d(?!\d)/);
  });

  it("no «» in texts the code writes (views, documents, the demo)", () => {
    const found: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) {
          if (e.name !== "generated") walk(p);
        } else if (p.endsWith(".ts") && /[«»]/u.test(readFileSync(p, "utf8"))) found.push(p);
      }
    };
    walk("src");
    walk("scripts");
    expect(found).toEqual([]);
  });

  it("every key used in the source exists", () => {
    const vi = new Set(parse("vi").ids);
    const used = new Set<string>();
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) {
          if (e.name !== "generated") walk(p);
        } else if (p.endsWith(".ts")) {
          for (const m of readFileSync(p, "utf8").matchAll(/\bt\(\s*"([a-z][a-z0-9]*-[a-z0-9-]+)"/g)) used.add(m[1]!);
        }
      }
    };
    walk("src");
    expect([...used].filter((k) => !vi.has(k))).toEqual([]);
  });

  it("every command in the menus has a description in both languages", () => {
    const i18n = createI18n("vi");
    for (const cmd of new Set([...PRIVATE_COMMANDS, ...GROUP_COMMANDS, ...ADMIN_COMMANDS])) {
      for (const l of ["vi", "en"]) {
        const d = i18n.t(l, `cmd-${cmd}`);
        expect(d, `${l} cmd-${cmd}`).not.toContain("cmd-");
        expect(d.length).toBeGreaterThan(2);
      }
    }
  });

  it("formats numbers, percentages, dates and months per locale", () => {
    expect(formatNumber(7081.7, "vi", 1)).toBe("7.081,7");
    expect(formatNumber(7081.7, "en", 1)).toBe("7,081.7");
    expect(formatNumber(1265945, "vi")).toBe("1.265.945");
    expect(formatPercent(0.877, "vi")).toBe("87,7%");
    const at = new Date("2026-11-05T10:00:00Z");
    expect(formatDateTime(at, "vi", "Asia/Ho_Chi_Minh")).toBe("05/11/2026 17:00");
    expect(formatMonth({ year: 2026, month: 10 }, "vi")).toBe("tháng 10/2026");
    expect(formatMonth({ year: 2026, month: 10 }, "en")).toBe("October 2026");
  });

  it("translates: numbers as plain digits, attributes, the default language's message where one is missing, {key} for none", () => {
    const i18n = createI18n("vi");
    // Raw numbers are passed as text: no grouping of years or ids.
    expect(i18n.t("vi", "invites-kept", { id: 1234567 })).toBe("Đã giữ nguyên lời mời #1234567.");
    expect(i18n.t("vi", "boards-head", { count: 2027 })).toContain("(2027 đang hoạt động)");
    expect(i18n.t("vi", "cancel-nothing")).toBe("Không có thao tác nào đang làm.");
    expect(i18n.t("en", "cancel-nothing")).toBe("There is nothing to cancel.");
    expect(i18n.t("de", "cancel-nothing")).toBe("Không có thao tác nào đang làm."); // an unknown language: the default
    const dir = mkdtempSync(join(tmpdir(), "khoi-ftl-"));
    writeFileSync(join(dir, "vi.ftl"), "only-vi = chỉ tiếng Việt\nbtn = Nút\n    .hint = gợi ý { $n }\n    .vi-only = chỉ có ở vi\ntwo = { $a }|{ $b }\n");
    writeFileSync(join(dir, "en.ftl"), "btn = Button\n    .hint = hint { $n }\ntwo = { $a }/{ $b }\n");
    const warnings: string[] = [];
    const t = createI18n("vi", { dir, warn: (w) => warnings.push(w) });
    expect(["only-vi", "btn", "btn.hint", "btn.vi-only"].flatMap((k) => ["vi", "en"].map((l) => t.t(l, k, { n: 3 })))).toEqual([
      "chỉ tiếng Việt", "chỉ tiếng Việt", "Nút", "Button", "gợi ý 3", "hint 3", "chỉ có ở vi", "chỉ có ở vi",
    ]);
    expect(t.t("en", "two", { a: "x", b: 2027 })).toBe("x/2027");
    expect(t.t("vi", "two", { a: "<b>", b: "\u0000" })).toBe("<b>|\u0000"); // placed as given: escaping is the caller's
    expect(warnings).toEqual([]);
    expect(t.t("en", "no-such-message")).toBe("{no-such-message}");
    expect(t.t("en", "btn.no-such-attribute")).toBe("{btn.no-such-attribute}");
    expect(warnings).toEqual(['message "no-such-message" is missing in en and vi', 'message "btn.no-such-attribute" is missing in en and vi']);
    // A variable the message needs but is not given: an error, not a silent gap.
    expect(() => t.t("vi", "two", { a: "x" })).toThrow();
    // A message defined twice in a file stops the start (syntax errors are caught by the test above).
    writeFileSync(join(dir, "en.ftl"), "btn = Button\nbtn = Knopf\n");
    expect(() => createI18n("vi", { dir })).toThrow(/en\.ftl/);
  });
});
