// The one Context type of the bot, composed from the plugin flavours, and the
// dependencies every handler receives through it.
import type { Context } from "grammy";
import type { ConversationFlavor } from "@grammyjs/conversations";
import type { Config } from "../config.js";
import type { Db } from "../shared/db/client.js";
import type { PersonWithRoles } from "../shared/db/people.js";
import type { Actor } from "../shared/bloc/roles.js";
import type { Logger } from "../shared/log/logger.js";
import type { Clock } from "../shared/clock.js";
import type { Outbound } from "../shared/messaging/outbound.js";
import type { Messages } from "./i18n.js";
import type { Translate } from "../shared/i18n/locale.js";
import type { Locale } from "../shared/i18n/locale.js";

export type Deps = {
  config: Config;
  db: Db;
  logger: Logger;
  clock: Clock;
  i18n: Messages;
  /**
   * Downloads a file the bot received (Bot API getFile path), for imports.
   * Throws FileTooBigError (src/shared/download.ts) past `maxBytes` bytes actually received.
   */
  files: { download(filePath: string, opts?: { maxBytes?: number }): Promise<Uint8Array> };
  /**
   * The outbound port (src/shared/messaging/outbound.ts): what use cases and jobs send to a
   * person or the group, whatever the messenger. Wired by src/app.ts once the bot exists.
   */
  notify: Outbound;
};

export type { Locale };

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
