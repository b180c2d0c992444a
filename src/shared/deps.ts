// What every use case, job and handler may use: configuration, database, logger,
// clock, messages, file downloads, the outbound port and the command menus. Built once by the
// composition (src/app.ts); handlers reach it as ctx.deps (src/chat/context.ts).
import type { Config } from "../config.js";
import type { Db } from "./db/client.js";
import type { Logger } from "./log/logger.js";
import type { Clock } from "./clock.js";
import type { Outbound } from "./messaging/outbound.js";
import type { Messages } from "./i18n/messages.js";
import type { Chats } from "./messaging/chats.js";
import type { CommandMenus } from "./messaging/menus.js";

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
  /**
   * Calls to a chat by its messenger id (src/shared/messaging/chats.ts): what the
   * group's outbox sends, and the live ballot message it edits. Wired by src/app.ts.
   */
  chats: Chats;
  /** The command-menu port (src/shared/messaging/menus.ts): each person's menu, set by the access feature. Wired by src/app.ts. */
  menus: CommandMenus;
};
