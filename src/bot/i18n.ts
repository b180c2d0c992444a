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
  return i18n;
}

export function toLocale(value: string | null | undefined, fallback: Locale): Locale {
  return value === "vi" || value === "en" ? value : fallback;
}
