// The one Context type of the bot, composed from the plugin flavours, and the
// dependencies every handler receives through it (src/shared/deps.ts).
import type { Context } from "grammy";
import type { ConversationFlavor } from "@grammyjs/conversations";
import type { PersonWithRoles } from "../shared/db/people.js";
import type { Actor } from "../shared/bloc/roles.js";
import type { Deps } from "../shared/deps.js";
import type { Locale, Translate } from "../shared/i18n/locale.js";

/** What every handler may read: who is speaking, in which language, with which rights. */
export type ScopeFlavor = {
  deps: Deps;
  person: PersonWithRoles | null;
  actor: Actor;
  locale: Locale;
  /** A message in ctx.locale (see chat/i18n.ts: localeMiddleware). */
  t: Translate;
};

export type BaseContext = Context & ScopeFlavor;
export type BotContext = ConversationFlavor<BaseContext>;
/** The context inside conversations (plugins are installed again there). */
export type ConvContext = BaseContext;
