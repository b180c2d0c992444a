// The bot's languages and the shape of a message lookup: the one definition of
// each, for rules, views, file makers and the chat alike (shared/i18n/messages.ts makes
// the lookups from locales/*.ftl).

/** A language the bot speaks: the name of its file in locales/ (vi.ftl, en.ftl). */
export type Locale = "vi" | "en";

export const LOCALES: readonly Locale[] = ["vi", "en"];

/** Values placed into a message: texts, or numbers (placed as plain digits, see shared/i18n/messages.ts). */
export type MessageVars = Record<string, string | number>;

/**
 * A message lookup with its language fixed: `key` is a message id of
 * locales/*.ftl, or "id.attribute"; the result is the formatted text (HTML where
 * the message holds HTML). A missing message gives "{key}".
 */
export type Translate = (key: string, vars?: MessageVars) => string;

/** A stored or reported language as a Locale; anything else (null, "de", "vi-VN") gives `fallback`. */
export function toLocale(value: string | null | undefined, fallback: Locale): Locale {
  return value === "vi" || value === "en" ? value : fallback;
}

/** What `make` writes, in each language the bot speaks (made once each), by Locale: a post's private copies read each person's own. */
export function inEveryLocale(make: (locale: Locale) => string): Record<Locale, string> {
  return Object.fromEntries(LOCALES.map((l) => [l, make(l)])) as Record<Locale, string>;
}
