// Configuration from the environment, validated with zod. createConfig() never
// prints the token; ConfigError carries one line naming the variable at fault.
import { dirname, join, resolve } from "node:path";
import { z } from "zod";

export class ConfigError extends Error {}

const idList = z
  .string()
  .trim()
  .transform((s, ctx) => {
    if (s === "") return [] as number[];
    const ids: number[] = [];
    for (const part of s.split(/[\s,;]+/).filter(Boolean)) {
      if (!/^-?\d{1,16}$/.test(part)) {
        ctx.addIssue({ code: "custom", message: `"${part}" is not a Telegram user id (digits only)` });
        return z.NEVER;
      }
      ids.push(Number(part));
    }
    return ids;
  });

const schema = z.object({
  BOT_TOKEN: z
    .string()
    .trim()
    .regex(/^\d+:[A-Za-z0-9_-]{30,}$/, "does not look like a token from @BotFather (digits:letters)")
    .optional(),
  DATABASE_URL: z
    .string()
    .trim()
    .regex(/^file:.+/, "must be a SQLite URL such as file:./data/khoi.db")
    .default("file:./data/khoi.db"),
  TELEGRAM_API_ROOT: z.url({ message: "must be a URL such as http://localhost:8081" }).optional(),
  TELEGRAM_TIMEOUT_SECONDS: z.coerce
    .number({ message: "must be a number of seconds such as 30" })
    .min(0.05, "must be at least 0.05 (seconds)")
    .max(600, "must be at most 600 (seconds)")
    .default(30),
  ADMIN_IDS: idList.default([]),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  DEFAULT_LOCALE: z.enum(["vi", "en"]).default("vi"),
  TIME_ZONE: z
    .string()
    .trim()
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat("en", { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, "is not an IANA time zone such as Asia/Ho_Chi_Minh")
    .default("Asia/Ho_Chi_Minh"),
  BLOC_FILE: z.string().trim().min(1).default("config/bloc.example.yaml"),
  BACKUP_DIR: z.string().trim().min(1).default("data/backups"),
  EXPORT_TIMEOUT_SECONDS: z.coerce
    .number({ message: "must be a number of seconds such as 60" })
    .min(0.001, "must be at least 0.001 (seconds)")
    .max(3600, "must be at most 3600 (seconds)")
    .default(60),
  ZALO_BOT_TOKEN: z
    .string()
    .trim()
    .regex(/^\d+:\S{8,}$/, "does not look like a token from Zalo Bot Creator (digits:letters)")
    .optional(),
  ZALO_API_ROOT: z
    .url({ message: "must be a URL such as https://bot-api.zaloplatforms.com" })
    .refine((u) => /^https?:\/\//.test(u) && !/[?#]/.test(u), "must be an http(s) URL without query or fragment")
    .default("https://bot-api.zaloplatforms.com"), // the official host (src/messengers/zalo/api.ts, ZALO_API_ROOT)
  PUBLIC_URL: z
    .url({ message: "must be the bot's public HTTPS address such as https://bot.example.vn" })
    .refine((u) => /^https?:\/\//.test(u) && !/[?#]/.test(u), "must be an http(s) URL without query or fragment")
    .transform((u) => u.replace(/\/+$/, ""))
    .optional(),
  ZALO_WEBHOOK_SECRET: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{8,256}$/, "must be 8–256 letters, digits, _ or - (Zalo's secret_token)")
    .optional(),
  FILE_LINK_KEY: z
    .string()
    .trim()
    .refine((k) => Buffer.byteLength(k, "utf8") >= 32, "must be at least 32 characters (the key that signs file links; leave it unset to have one made and kept next to the database)")
    .optional(),
  FILES_DIR: z.string().trim().min(1).optional(),
  HTTP_HOST: z.string().trim().min(1).default("127.0.0.1"),
  HTTP_PORT: z.coerce.number({ message: "must be a port number such as 8080" }).int("must be a whole number").min(0, "must be 0–65535 (0: any free port)").max(65535, "must be 0–65535 (0: any free port)").default(8080),
  DB_BUSY_WAIT_MS: z.coerce.number({ message: "must be a number of milliseconds" }).int("must be a whole number of milliseconds").min(100, "must be at least 100").max(600_000, "must be at most 600000").default(15_000),
});

export type Config = {
  /** Telegram's bot token (BOT_TOKEN); undefined when the bot serves Zalo alone. */
  botToken: string | undefined;
  /** Zalo's bot token (ZALO_BOT_TOKEN, from Zalo Bot Creator); undefined: no Zalo side. */
  zaloBotToken: string | undefined;
  /** Zalo Bot API's base URL (ZALO_API_ROOT): the official host by default; a proxy or a fake server in tests. */
  zaloApiRoot: string;
  /** The bot's public HTTPS address (PUBLIC_URL, no trailing slash): the Zalo webhook and signed file links live under it. */
  publicUrl: string | undefined;
  /** setWebhook's secret_token (ZALO_WEBHOOK_SECRET); with publicUrl, Zalo is served by webhook instead of long polling. */
  zaloWebhookSecret: string | undefined;
  /**
   * The key that signs file links (FILE_LINK_KEY, 32 characters or more); undefined:
   * one is made and kept next to the database (src/shared/files/key.ts).
   */
  fileLinkKey: string | undefined;
  /** Where the files served at PUBLIC_URL/files/ are kept (FILES_DIR; default `files/` beside the database file). */
  filesDir: string;
  /** Where the HTTP server (webhook, file links) listens: HTTP_HOST (default 127.0.0.1, behind a proxy) and HTTP_PORT (default 8080; 0: any free port, logged). */
  httpHost: string;
  httpPort: number;
  databaseUrl: string;
  apiRoot: string | undefined;
  /**
   * Longest wait for one Bot API call or file download, in seconds (each try of a
   * retried call has its own); getUpdates gets its long-poll time on top.
   */
  apiTimeoutSeconds: number;
  adminIds: number[];
  logLevel: z.infer<typeof schema>["LOG_LEVEL"];
  defaultLocale: "vi" | "en";
  timeZone: string;
  blocFile: string;
  backupDir: string;
  /** How long an operation waits for another process's write lock on the database (ms). */
  dbBusyWaitMs: number;
  /** Longest time to make one file (chart, spreadsheet, annual report) in the export worker, waiting included, in seconds. */
  exportTimeoutSeconds: number;
};

/** The default FILES_DIR: `files/` in the folder of the database file (a `file:` URL, relative to the working directory). */
export function defaultFilesDir(databaseUrl: string): string {
  return join(dirname(resolve(databaseUrl.replace(/^file:/, "").replace(/\?.*$/, ""))), "files");
}

/** What is printed when neither messenger has a token (main.ts, scripts/build.mjs --require-token). */
export const NO_TOKEN_LINE =
  "BOT_TOKEN is not set. Create a bot with @BotFather in Telegram (/newbot), then run:\n" +
  "  BOT_TOKEN=123456:ABC... npm start\n" +
  "For Zalo, create a bot with Zalo Bot Manager → Bot Creator and set ZALO_BOT_TOKEN (either token alone is enough, both too).\n" +
  "To see the bot at work without a messenger, run: npm run demo";

/**
 * Reads the configuration; throws ConfigError with one line naming the variable.
 * Values are never echoed: they may be tokens or secrets. No token is required
 * here (the command-line tools need none); the bot needs one of BOT_TOKEN and
 * ZALO_BOT_TOKEN (main.ts says NO_TOKEN_LINE otherwise).
 */
export function createConfig(env: Record<string, string | undefined>): Config {
  const cleaned: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const v = env[key];
    if (v !== undefined && v !== "") cleaned[key] = v;
  }
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? "environment");
    // Never echo the offending value: it may be the token.
    throw new ConfigError(`Configuration error: ${name} ${issue.message}`);
  }
  const c = parsed.data;
  if (c.ZALO_WEBHOOK_SECRET && !c.PUBLIC_URL) throw new ConfigError("Configuration error: ZALO_WEBHOOK_SECRET is set without PUBLIC_URL (the webhook's address)");
  return {
    botToken: c.BOT_TOKEN,
    zaloBotToken: c.ZALO_BOT_TOKEN,
    zaloApiRoot: c.ZALO_API_ROOT.replace(/\/+$/, ""),
    publicUrl: c.PUBLIC_URL,
    zaloWebhookSecret: c.ZALO_WEBHOOK_SECRET,
    fileLinkKey: c.FILE_LINK_KEY,
    filesDir: c.FILES_DIR ?? defaultFilesDir(c.DATABASE_URL),
    httpHost: c.HTTP_HOST,
    httpPort: c.HTTP_PORT,
    databaseUrl: c.DATABASE_URL,
    apiRoot: c.TELEGRAM_API_ROOT,
    apiTimeoutSeconds: c.TELEGRAM_TIMEOUT_SECONDS,
    adminIds: c.ADMIN_IDS,
    logLevel: c.LOG_LEVEL,
    defaultLocale: c.DEFAULT_LOCALE,
    timeZone: c.TIME_ZONE,
    blocFile: c.BLOC_FILE,
    backupDir: c.BACKUP_DIR,
    dbBusyWaitMs: c.DB_BUSY_WAIT_MS,
    exportTimeoutSeconds: c.EXPORT_TIMEOUT_SECONDS,
  };
}
