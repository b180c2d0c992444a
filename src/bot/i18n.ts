// Fluent translations (locales/*.ftl). Values inserted into messages are
// formatted by our own code (numbers, dates), so Fluent only places them.
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { I18n } from "@grammyjs/i18n";
import type { BotContext, Locale } from "./context.js";

export const LOCALES: Locale[] = ["vi", "en"];
export const LOCALES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../../locales");

export function createI18n(defaultLocale: Locale): I18n<BotContext> {
  const i18n = new I18n<BotContext>({
    defaultLocale,
    useSession: false,
    fluentBundleOptions: { useIsolating: false },
    localeNegotiator: (ctx) => ctx.locale,
  });
  i18n.loadLocalesDirSync(LOCALES_DIR);
  plainNumbers(i18n);
  rememberMatchedBundles(i18n);
  return i18n;
}

/**
 * The plugin negotiates languages again for every message it translates (several
 * per update); the answer depends only on the locale asked for and the bundles,
 * which are all loaded above and never change, so it is remembered per locale.
 */
function rememberMatchedBundles(i18n: I18n<BotContext>): void {
  const fluent = i18n.fluent as unknown as { matchBundles: (locales: string[]) => Set<unknown> };
  if (typeof fluent.matchBundles !== "function") throw new Error("@grammyjs/i18n no longer has Fluent.matchBundles: src/bot/i18n.ts needs updating");
  const match = fluent.matchBundles.bind(fluent);
  const known = new Map<string, Set<unknown>>();
  fluent.matchBundles = (locales) => {
    const key = locales.join(",");
    let bundles = known.get(key);
    if (!bundles) {
      bundles = match(locales);
      if (known.size < 100) known.set(key, bundles); // only our two locales and their fallbacks in practice
    }
    return bundles;
  };
}

type Vars = Record<string, unknown> | undefined;

/**
 * Numbers reach messages already formatted by our code (7.081,7); the few raw
 * numbers left (years, ids, counts) must not get Fluent's grouping ("2.027").
 * Every numeric variable is therefore passed to Fluent as a string.
 */
function plainNumbers(i18n: I18n<BotContext>): void {
  const stringify = (vars: Vars) =>
    vars && Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, typeof v === "number" ? String(v) : v]));
  const fluent = i18n.fluent as unknown as {
    translate: (locale: string, key: string, vars?: Vars) => string;
    withLocale: (locale: string) => (key: string, vars?: Vars) => string;
  };
  const translate = fluent.translate.bind(fluent);
  const withLocale = fluent.withLocale.bind(fluent);
  fluent.translate = (locale, key, vars) => translate(locale, key, stringify(vars));
  fluent.withLocale = (locale) => {
    const t = withLocale(locale);
    return (key, vars) => t(key, stringify(vars));
  };
}

/** A message lookup with its language fixed: what views and file makers receive. */
export type Translate = (key: string, vars?: Record<string, string | number>) => string;

export function translator(i18n: I18n<BotContext>, locale: string): Translate {
  return (key, vars) => i18n.t(locale, key, vars);
}

export function toLocale(value: string | null | undefined, fallback: Locale): Locale {
  return value === "vi" || value === "en" ? value : fallback;
}
