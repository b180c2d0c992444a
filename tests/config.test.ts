import { resolve } from "node:path";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ConfigError, createConfig } from "../src/config.js";
import { productionNodeFlags } from "./harness/http-telegram.js";
import { productionEnv } from "./harness/production-env.js";

const TOKEN = "123456789:AAbbCCddEEffGGhhIIjjKKllMMnnOOppQQr";

/** What createConfig(env) throws; undefined when it does not throw. */
function configError(env: Record<string, string | undefined>): unknown {
  try {
    createConfig(env);
  } catch (e) {
    return e;
  }
  return undefined;
}

describe("configuration", () => {
  it("applies the defaults", () => {
    const c = createConfig({});
    expect(c.databaseUrl).toBe("file:./data/khoi.db");
    expect(c.defaultLocale).toBe("vi");
    expect(c.timeZone).toBe("Asia/Ho_Chi_Minh");
    expect(c.adminIds).toEqual([]);
    expect(c.botToken).toBeUndefined();
  });

  it("reads admin ids in a list", () => {
    expect(createConfig({ ADMIN_IDS: "12, 34;56" }).adminIds).toEqual([12, 34, 56]);
  });

  it.each([
    [{ ADMIN_IDS: "12,abc" }, /ADMIN_IDS .*"abc"/],
    [{ DATABASE_URL: "postgres://x" }, /DATABASE_URL must be a SQLite URL/],
    [{ TELEGRAM_API_ROOT: "not a url" }, /TELEGRAM_API_ROOT/],
    [{ LOG_LEVEL: "loud" }, /LOG_LEVEL/],
    [{ DEFAULT_LOCALE: "fr" }, /DEFAULT_LOCALE/],
    [{ TIME_ZONE: "Mars/Base" }, /TIME_ZONE is not an IANA time zone/],
    [{ BOT_TOKEN: "nonsense" }, /BOT_TOKEN does not look like a token/],
    [{ ZALO_BOT_TOKEN: "nonsense" }, /ZALO_BOT_TOKEN does not look like a token from Zalo Bot Creator/],
    [{ ZALO_API_ROOT: "not a url" }, /ZALO_API_ROOT must be a URL/],
    [{ ZALO_API_ROOT: "https://proxy.example.vn/x?y=1" }, /ZALO_API_ROOT must be an http\(s\) URL without query/],
    [{ PUBLIC_URL: "bot.example.vn" }, /PUBLIC_URL must be the bot's public HTTPS address/],
    [{ ZALO_WEBHOOK_SECRET: "short" }, /ZALO_WEBHOOK_SECRET must be 8–256/],
    [{ PUBLIC_URL: "https://bot.example.vn", ZALO_WEBHOOK_SECRET: "s3cret value!" }, /ZALO_WEBHOOK_SECRET must be 8–256/],
    [{ ZALO_WEBHOOK_SECRET: "s3cret-value-long" }, /ZALO_WEBHOOK_SECRET is set without PUBLIC_URL/],
    [{ HTTP_PORT: "70000" }, /HTTP_PORT must be 0–65535/],
  ])("rejects %o with one line naming the variable", (env, message) => {
    const err = configError(env);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toContain("\n");
  });

  it("reads the Zalo side: either token alone, both, the official API root by default, PUBLIC_URL without its trailing slash", () => {
    const zalo = createConfig({ ZALO_BOT_TOKEN: "3491000000000000017:Zk9xQw-Lm_Pa" });
    expect([zalo.botToken, zalo.zaloBotToken, zalo.zaloApiRoot]).toEqual([undefined, "3491000000000000017:Zk9xQw-Lm_Pa", "https://bot-api.zaloplatforms.com"]);
    expect([zalo.publicUrl, zalo.zaloWebhookSecret, zalo.httpHost, zalo.httpPort]).toEqual([undefined, undefined, "127.0.0.1", 8080]);
    const both = createConfig({
      BOT_TOKEN: TOKEN, ZALO_BOT_TOKEN: "1:abcdefgh", ZALO_API_ROOT: "http://127.0.0.1:9000/", PUBLIC_URL: "https://bot.example.vn/", ZALO_WEBHOOK_SECRET: "s3cret-value-long", HTTP_PORT: "8443",
    });
    expect([both.botToken, both.zaloBotToken, both.zaloApiRoot, both.publicUrl, both.zaloWebhookSecret, both.httpPort]).toEqual([TOKEN, "1:abcdefgh", "http://127.0.0.1:9000", "https://bot.example.vn", "s3cret-value-long", 8443]);
  });

  it("reads where the files served at PUBLIC_URL live (FILES_DIR, default files/ beside the database) and their links' key (FILE_LINK_KEY, 32 characters or more, never echoed)", () => {
    const dflt = createConfig({ DATABASE_URL: "file:./some/where/bot.db" });
    expect([dflt.filesDir, dflt.fileLinkKey]).toEqual([resolve("some/where/files"), undefined]);
    const set = createConfig({ FILES_DIR: "/srv/khoi/files", FILE_LINK_KEY: "x".repeat(32) });
    expect([set.filesDir, set.fileLinkKey]).toEqual(["/srv/khoi/files", "x".repeat(32)]);
    const err = configError({ FILE_LINK_KEY: "short-Zk9xQw-key" });
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(/^Configuration error: FILE_LINK_KEY must be at least 32 characters/);
    expect((err as Error).message).not.toContain("Zk9xQw");
  });

  it("never echoes a malformed Zalo token or webhook secret", () => {
    for (const env of [{ ZALO_BOT_TOKEN: "3491000000000000017 Zk9xQw-Lm_Pa" }, { PUBLIC_URL: "https://bot.example.vn", ZALO_WEBHOOK_SECRET: "Zk9xQw-Lm_Pa secret" }]) {
      const err = configError(env);
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as Error).message).not.toContain("Zk9xQw");
    }
  });

  it("never echoes a malformed token", () => {
    const bad = `${TOKEN}!!`;
    expect(() => createConfig({ BOT_TOKEN: bad })).toThrow(ConfigError);
    try {
      createConfig({ BOT_TOKEN: bad });
    } catch (e) {
      expect((e as Error).message).not.toContain("AAbbCC");
    }
  });

  it("ends the process with exit code 1, one line and no stack trace", () => {
    const r = spawnSync(process.execPath, ["--import", "tsx", "src/main.ts"], {
      env: { ...process.env, BOT_TOKEN: TOKEN, ADMIN_IDS: "x1" },
      encoding: "utf8",
    });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toMatch(/^Configuration error: ADMIN_IDS/);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr + r.stdout).not.toContain("AAbbCC");
  });

  it("without either token, says how to get one (Telegram's and Zalo's) and points at the demo", () => {
    const r = spawnSync(process.execPath, ["--import", "tsx", "src/main.ts"], { env: { ...process.env, BOT_TOKEN: "", ZALO_BOT_TOKEN: "" }, encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("@BotFather");
    expect(r.stderr).toContain("Zalo Bot Manager → Bot Creator and set ZALO_BOT_TOKEN");
    expect(r.stderr).toContain("npm run demo");
  });
});

describe("the production command", () => {
  it("runs with the same Node flags and environment in npm start, the Dockerfile and the README", () => {
    const flags = productionNodeFlags();
    expect(flags).toContain("--max-semi-space-size=1"); // the idle-memory goal of bench/footprint depends on them
    const cmd = /^CMD (\[.*\])$/m.exec(readFileSync("Dockerfile", "utf8"))?.[1];
    expect(JSON.parse(cmd ?? "null")).toEqual(["node", ...flags, "dist/main.js"]);
    // The malloc tunables (bench/reading.md "Idle memory"): read by glibc when the process starts, so the
    // README's command sets them before node, not in .env (--env-file sets them too late). The Dockerfile: tests/docker.test.ts.
    const env = productionEnv();
    expect(Object.keys(env)).toContain("GLIBC_TUNABLES");
    const assignments = Object.entries(env).map(([name, value]) => `${name}=${value} `).join("");
    expect(readFileSync("README.md", "utf8")).toContain(`${assignments}node --env-file=.env ${flags.join(" ")} dist/main.js`);
  });
});
