// Fluent translations (locales/*.ftl) through @fluent/bundle. Values inserted
// into messages are formatted by our own code (numbers, dates), so Fluent only
// places them.
import { readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { FluentBundle, FluentNumber, FluentResource, type FluentVariable } from "@fluent/bundle";
import type { Locale, MessageVars, Translate } from "./locale.js";

export const LOCALES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../../../locales");

/** The bot's messages in every language it has a file for. */
export type Messages = {
  /**
   * The message `key` ("id" or "id.attribute") in `locale`, else in the
   * default language; neither has it: a warning and "{key}". A value Fluent
   * cannot place (a variable the message uses but `vars` lacks) throws.
   */
  t(locale: string, key: string, vars?: MessageVars): string;
  readonly defaultLocale: Locale;
};

/**
 * Loads every `<locale>.ftl` of `dir` (default: locales/). Throws when a file
 * defines a message twice (a message with a syntax error is dropped by Fluent's
 * parser without a word: tests/shared/i18n/locales.test.ts finds those). `warn` receives one line per missing message (default console.warn).
 */
export function createI18n(defaultLocale: Locale, opts: { dir?: string; warn?: (line: string) => void } = {}): Messages {
  const dir = opts.dir ?? LOCALES_DIR;
  const warn = opts.warn ?? ((line: string) => console.warn(line));
  const bundles = new Map<string, FluentBundle>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".ftl")).sort()) {
    const locale = basename(file, ".ftl");
    // No isolation marks around placed values (they would reach Telegram as invisible characters).
    const bundle = new FluentBundle(locale, { useIsolating: false });
    const errors = bundle.addResource(new FluentResource(readFileSync(join(dir, file), "utf8")));
    if (errors.length) throw new Error(`${file}: ${errors.map((e) => e.message).join("; ")}`);
    bundles.set(locale, bundle);
  }
  const fallback = bundles.get(defaultLocale);
  if (!fallback) throw new Error(`no ${defaultLocale}.ftl in ${dir}`);

  const find = (bundle: FluentBundle | undefined, id: string, attribute: string | undefined) => {
    const message = bundle?.getMessage(id);
    if (!message) return null;
    if (attribute === undefined) return message.value ?? "";
    return message.attributes[attribute] ?? null;
  };

  return {
    defaultLocale,
    t(locale, key, vars) {
      const [id, attribute] = key.split(".", 2) as [string, string | undefined];
      for (const bundle of new Set([bundles.get(locale), fallback])) {
        const pattern = find(bundle, id, attribute);
        if (pattern !== null) return bundle!.formatPattern(pattern, plainNumbers(vars));
      }
      warn(`message "${key}" is missing in ${locale} and ${defaultLocale}`);
      return `{${key}}`;
    },
  };
}

/**
 * Numbers reach messages already formatted by our code (7.081,7); the few raw
 * numbers left (years, ids, counts) must not get Fluent's grouping ("2.027").
 * Every numeric variable is therefore passed to Fluent as a number without
 * grouping: it prints as written ("2027"), and a selector still chooses by it,
 * by its value ([1] …) or its plural category in the language ([one] …, English).
 * Other values go as strings.
 */
function plainNumbers(vars: MessageVars | undefined): Record<string, FluentVariable> | null {
  if (!vars) return null;
  const out: Record<string, FluentVariable> = {};
  for (const k in vars) {
    const v = vars[k];
    out[k] = typeof v === "number" ? new FluentNumber(v, { useGrouping: false, maximumFractionDigits: 20 }) : String(v);
  }
  return out;
}

/** A message lookup with its language fixed: what views and file makers receive. */
export function translator(i18n: Messages, locale: string): Translate {
  return (key, vars) => i18n.t(locale, key, vars);
}
