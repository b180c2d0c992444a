import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FluentBundle, FluentResource } from "@fluent/bundle";
import { createI18n, LOCALES_DIR } from "../src/bot/i18n.js";
import { formatDateTime, formatMonth } from "../src/bot/format.js";
import { formatNumber, formatPercent } from "../src/domain/numbers.js";
import { ADMIN_COMMANDS, GROUP_COMMANDS, PRIVATE_COMMANDS } from "../src/bot/commands.js";

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
    expect(i18n.t("vi", "whoami-head", { name: "Lan", id: 1234567 })).toBe("<b>Lan</b> (Telegram ID <code>1234567</code>)");
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
