// The example dates of /help and the usage lines for the person of an update
// (shared/i18n/examples.ts): from the bot's clock, in the bloc's time zone, the
// periods as the bloc's schedule cuts them, in the person's language.
import type { BotContext } from "./context.js";
import { getBloc } from "../shared/bloc/store.js";
import { exampleDates } from "../shared/i18n/examples.js";

/** exampleDates now, for ctx.t of a help or usage message: `ctx.t("summary-usage", await examplesFor(ctx))`. */
export async function examplesFor(ctx: BotContext): Promise<Record<string, string>> {
  const bloc = await getBloc(ctx.deps.db);
  return exampleDates(ctx.deps.clock.now(), bloc?.schedule ?? null, ctx.deps.config.timeZone, ctx.locale);
}

/** A usage message with its example dates, in the person's language. */
export async function usageText(ctx: BotContext, key: string, vars: Record<string, string | number> = {}): Promise<string> {
  return ctx.t(key, { ...(await examplesFor(ctx)), ...vars });
}
