// Fluent translations (locales/*.ftl). Values inserted into messages are
// formatted by our own code (numbers, dates), so Fluent only places them.
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { MiddlewareFn } from "grammy";
import { I18n } from "@grammyjs/i18n";
import type { BotContext, Locale } from "./context.js";

export const LOCALES: Locale[] = ["vi", "en"];
export const LOCALES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../../locales");

export function createI18n(defaultLocale: Locale): I18n<BotContext> {
  const i18n = new I18n<BotContext>({
    defaultLocale,
    fluentBundleOptions: { useIsolating: false },
  });
  i18n.loadLocalesDirSync(LOCALES_DIR);
  installFastTranslate(i18n);
  return i18n;
}

type Vars = Record<string, unknown> | undefined;
type Pattern = unknown;
type Bundle = {
  getMessage(id: string): { value: Pattern | null; attributes: Record<string, Pattern> } | undefined;
  formatPattern(pattern: Pattern, args?: Record<string, unknown> | null): string;
};
type FluentInternals = {
  translate: (locale: string | string[], path: string, vars?: Vars) => string;
  matchBundles: (locales: string[]) => Set<Bundle>;
};

/**
 * Numbers reach messages already formatted by our code (7.081,7); the few raw
 * numbers left (years, ids, counts) must not get Fluent's grouping ("2.027").
 * Every numeric variable is therefore passed to Fluent as a string.
 */
function plainNumbers(vars: Vars): Vars {
  if (!vars) return vars;
  let out: Record<string, unknown> | null = null;
  for (const k in vars) {
    const v = vars[k];
    if (typeof v === "number") (out ??= { ...vars })[k] = String(v);
  }
  return out ?? vars;
}

/**
 * Translation as the plugin does it (the first bundle of the locale, then the
 * default one, that has the message and attribute), with the lookup remembered:
 * the plugin negotiates languages and searches the bundles again for every
 * message, several per update, though the bundles never change once loaded.
 * A missing message still goes through the plugin, which warns and shows {key}.
 */
export function installFastTranslate(i18n: I18n<BotContext>): void {
  const fluent = i18n.fluent as unknown as FluentInternals;
  if (typeof fluent.translate !== "function" || typeof fluent.matchBundles !== "function") {
    throw new Error("@grammyjs/i18n's Fluent has changed: src/bot/i18n.ts needs updating");
  }
  const slow = fluent.translate.bind(fluent);
  const found = new Map<string, { bundle: Bundle; pattern: Pattern } | null>();
  const lookup = (locale: string, path: string) => {
    const [id, attribute] = path.split(".", 2) as [string, string | undefined];
    for (const bundle of fluent.matchBundles([locale])) {
      const message = bundle.getMessage(id);
      if (!message) continue;
      if (attribute === undefined) return { bundle, pattern: message.value ?? "" };
      if (message.attributes[attribute] !== undefined) return { bundle, pattern: message.attributes[attribute] };
    }
    return null;
  };
  // Formatted texts too: the same message with the same values is asked for again
  // and again (a conversation replays its questions from the start on every answer).
  // Bounded in characters, since values may come from people (names) and some texts
  // are long (a digest's list of boards): at most ~MEMO_CHARS kept, long texts never.
  const made = new Map<string, string>();
  let madeChars = 0;
  fluent.translate = (locale, path, vars) => {
    if (typeof locale !== "string") return slow(locale, path, plainNumbers(vars));
    const key = `${locale}\u0000${path}`;
    let hit = found.get(key);
    if (hit === undefined) {
      hit = lookup(locale, path);
      if (found.size < 10_000) found.set(key, hit); // bounded: keys come from our code, not from users
    }
    if (!hit) return slow(locale, path, plainNumbers(vars));
    const args = plainNumbers(vars);
    const textKey = args === undefined ? key : memoKey(key, args);
    if (textKey === null) return hit.bundle.formatPattern(hit.pattern, args ?? null);
    let text = made.get(textKey);
    if (text === undefined) {
      text = hit.bundle.formatPattern(hit.pattern, args ?? null);
      if (text.length <= MEMO_LONGEST) {
        if (madeChars > MEMO_CHARS) {
          made.clear();
          madeChars = 0;
        }
        made.set(textKey, text);
        madeChars += textKey.length + text.length;
      }
    }
    return text;
  };
}

/** Characters of remembered texts and their keys before the memory starts over (~2 MB). */
const MEMO_CHARS = 1_000_000;
/** Longer texts are made each time. */
const MEMO_LONGEST = 2_000;

/** A key for a message and its values, or null when a value is not a plain string (then nothing is remembered). */
function memoKey(key: string, args: Record<string, unknown>): string | null {
  let out = key;
  for (const k in args) {
    const v = args[k];
    if (typeof v !== "string") return null;
    out += `\u0000${k}=${JSON.stringify(v)}`; // quoted and escaped: no two sets of values give one key
  }
  return out;
}

/**
 * ctx.t for every update: the message in ctx.locale, read when the message is
 * made, so a change of language during the update (/lang) takes effect at once.
 * The plugin's own middleware negotiates and builds several closures per update
 * for the same result; only its Fluent loading and formatting are used.
 */
export function localeMiddleware(i18n: I18n<BotContext>): MiddlewareFn<BotContext> {
  return (ctx, next) => {
    ctx.t = (key, vars) => i18n.t(ctx.locale, key, vars);
    return next();
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
