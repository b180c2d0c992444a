import { readdirSync, readFileSync } from "node:fs";
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
});
