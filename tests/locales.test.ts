import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { I18n } from "@grammyjs/i18n";
import { describe, expect, it } from "vitest";
import { FluentBundle, FluentResource } from "@fluent/bundle";
import { createI18n, installFastTranslate, LOCALES_DIR } from "../src/bot/i18n.js";
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

  it("translates with remembered lookups exactly as the plugin would", () => {
    const i18n = createI18n("vi");
    // Raw numbers are passed as text: no grouping of years or ids.
    expect(i18n.t("vi", "whoami-head", { name: "Lan", id: 1234567 })).toBe("<b>Lan</b> (Telegram ID <code>1234567</code>)");
    expect(i18n.t("vi", "boards-head", { count: 2027 })).toContain("(2027 đang hoạt động)");
    // Each locale its own text, asked again and again (the remembered path).
    for (let i = 0; i < 3; i++) {
      expect(i18n.t("vi", "cancel-nothing")).toBe("Không có thao tác nào đang làm.");
      expect(i18n.t("en", "cancel-nothing")).toBe("There is nothing to cancel.");
    }
    // A missing message is still the plugin's business: {key}.
    expect(i18n.t("en", "no-such-message")).toBe("{no-such-message}");
    // Attributes, and a message missing in one language falling back to the default's.
    const dir = mkdtempSync(join(tmpdir(), "khoi-ftl-"));
    writeFileSync(join(dir, "vi.ftl"), "only-vi = chỉ tiếng Việt\nbtn = Nút\n    .hint = gợi ý { $n }\n");
    writeFileSync(join(dir, "en.ftl"), "btn = Button\n    .hint = hint { $n }\n");
    const plugin = new I18n({ defaultLocale: "vi", fluentBundleOptions: { useIsolating: false } });
    plugin.loadLocalesDirSync(dir);
    const expected = ["only-vi", "btn", "btn.hint"].flatMap((k) => ["vi", "en"].map((l) => plugin.t(l, k, { n: "3" })));
    const ours = new I18n({ defaultLocale: "vi", fluentBundleOptions: { useIsolating: false } });
    ours.loadLocalesDirSync(dir);
    installFastTranslate(ours as never);
    expect(["only-vi", "btn", "btn.hint"].flatMap((k) => ["vi", "en"].map((l) => ours.t(l, k, { n: 3 })))).toEqual(expected);
    expect(expected).toEqual(["chỉ tiếng Việt", "chỉ tiếng Việt", "Nút", "Button", "gợi ý 3", "hint 3"]);
    // Texts are remembered by message and values: asked again, the same; other values, another text.
    writeFileSync(join(dir, "vi.ftl"), "two = { $a }|{ $b }\n");
    writeFileSync(join(dir, "en.ftl"), "two = { $a }/{ $b }\n");
    const twice = new I18n({ defaultLocale: "vi", fluentBundleOptions: { useIsolating: false } });
    twice.loadLocalesDirSync(dir);
    installFastTranslate(twice as never);
    let formatted = 0;
    const fluent = twice.fluent as unknown as { matchBundles(l: string[]): Set<{ formatPattern: (...a: unknown[]) => string }> };
    for (const bundle of new Set([...fluent.matchBundles(["vi"]), ...fluent.matchBundles(["en"])])) {
      const original = bundle.formatPattern.bind(bundle);
      bundle.formatPattern = (...a: unknown[]) => (formatted++, original(...a));
    }
    const ask = (a: string, b: string, l = "vi") => twice.t(l, "two", { a, b });
    expect([ask("x", "y"), ask("x", "y"), ask("x", "z"), ask("x", "y", "en"), ask("x", "y")]).toEqual(["x|y", "x|y", "x|z", "x/y", "x|y"]);
    expect(formatted).toBe(3); // x|y once, x|z, x/y
    const long = "z".repeat(3000); // long texts are not kept
    expect([ask(long, "y"), ask(long, "y")]).toEqual([`${long}|y`, `${long}|y`]);
    expect(formatted).toBe(5);
    // Values that would run together if simply joined are told apart.
    expect([ask("p\u0000b=q", "r"), ask("p", "q\u0000b=r")]).toEqual(["p\u0000b=q|r", "p|q\u0000b=r"]);
    expect(twice.t("vi", "two", { a: "1", b: 2 })).toBe("1|2"); // numbers as plain strings, remembered alike
  });
});
