// The bot's real Fluent texts for tests of the file makers, strict: a missing
// key or a formatting error throws instead of printing the key. Numbers are
// passed as strings, as the bot's i18n does (no "2.027" for a year).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { FluentBundle, FluentResource } from "@fluent/bundle";
import { LOCALES_DIR } from "../../src/shared/i18n/messages.js";
import type { Translate } from "../../src/shared/i18n/locale.js";

export function strictTranslator(locale: "vi" | "en"): Translate {
  const bundle = new FluentBundle(locale, { useIsolating: false });
  const errors = bundle.addResource(new FluentResource(readFileSync(join(LOCALES_DIR, `${locale}.ftl`), "utf8")));
  if (errors.length) throw errors[0];
  return (key, vars) => {
    const msg = bundle.getMessage(key);
    if (!msg?.value) throw new Error(`missing key ${key}`);
    const errs: Error[] = [];
    const args = vars && Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, String(v)]));
    const out = bundle.formatPattern(msg.value, args, errs);
    if (errs.length) throw errs[0];
    return out;
  };
}

/** The message ids of a locale file. */
export function localeKeys(locale: "vi" | "en"): string[] {
  return [...readFileSync(join(LOCALES_DIR, `${locale}.ftl`), "utf8").matchAll(/^([a-z][a-z0-9-]*) =/gm)].map((m) => m[1]!);
}
