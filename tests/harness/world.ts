// The world of a test that runs the real bot as a process (tests/crash/): a
// temporary folder for the bot's files (bot.db, the file links' key, files/),
// the fake messengers it talks to over HTTP on 127.0.0.1 (HttpTelegram,
// FakeZalo), servers a test adds, and the processes it starts, all made before
// each test and undone after it (the processes killed first). Also what such
// tests read afterwards: the database through a second connection, and every
// form of a token in everything the process wrote.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { Server as HttpServer } from "node:http";
import type { AddressInfo, Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterEach, beforeEach, expect } from "vitest";
import { FakeZalo } from "./fake-zalo.js";
import { BotProcess, HttpTelegram, PROCESS_TOKEN, productionNodeFlags, until } from "./http-telegram.js";

/** The repository's root: the bot's working directory (package.json, src/, config/). */
export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** The bot's command on the sources: npm start's Node flags, then `--import tsx src/main.ts` (cwd ROOT). */
export function botArgs(): string[] {
  return [...productionNodeFlags(ROOT), "--import", "tsx", "src/main.ts"];
}

/**
 * Rows of `sql` (with `params`) from `dir`/bot.db, read the way an auditor
 * would: a second connection beside the bot's, waiting up to 5 s for its
 * writes (busy_timeout), closed after. Throws when the file does not exist.
 */
export function readDb<T>(dir: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(join(dir, "bot.db"), { fileMustExist: true });
  try {
    db.pragma("busy_timeout = 5000");
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** What the bot must have done before a test goes on: a description for the timeout's message, and the check. */
export type Readiness = readonly [what: string, check: () => boolean];

export type WorldOptions = {
  /** An HttpTelegram accepting PROCESS_TOKEN (`srv`), its root given to the bot as TELEGRAM_API_ROOT. */
  telegram?: boolean;
  /** A FakeZalo over HTTP (`zalo`), its root given to the bot as ZALO_API_ROOT. */
  zalo?: boolean;
};

/** See processWorld. Its fields are set inside a test (and its beforeEach hooks registered after processWorld's). */
export class ProcessWorld {
  /** The processes started in this test, killed after it. */
  readonly bots: BotProcess[] = [];
  private closers: Array<() => Promise<void>> = [];
  private current: { dir: string; srv?: HttpTelegram; zalo?: FakeZalo; zaloRoot?: string } | undefined;

  constructor(
    private readonly prefix: string,
    private readonly opts: WorldOptions,
  ) {}

  /** The test's temporary folder: the bot's database is bot.db in it. */
  get dir(): string {
    return this.now().dir;
  }

  get srv(): HttpTelegram {
    return this.now().srv ?? fail("this world has no Telegram (processWorld(…, { telegram: true }))");
  }

  get zalo(): FakeZalo {
    return this.now().zalo ?? fail("this world has no Zalo (processWorld(…, { zalo: true }))");
  }

  /** The FakeZalo's HTTP root (ZALO_API_ROOT). */
  get zaloRoot(): string {
    return this.now().zaloRoot ?? fail("this world has no Zalo (processWorld(…, { zalo: true }))");
  }

  private now(): NonNullable<ProcessWorld["current"]> {
    return this.current ?? fail("the process world is set up before each test: use it inside a test or a hook after processWorld()");
  }

  async setUp(): Promise<void> {
    const srv = this.opts.telegram ? await HttpTelegram.start({ token: PROCESS_TOKEN }) : undefined;
    const zalo = this.opts.zalo ? new FakeZalo() : undefined;
    const zaloRoot = zalo ? await zalo.listen() : undefined;
    this.current = { dir: mkdtempSync(join(tmpdir(), this.prefix)), srv, zalo, zaloRoot };
  }

  /** Kills the processes, runs what onClose registered (in order), closes the fakes and removes the folder. */
  async tearDown(): Promise<void> {
    for (const b of this.bots) await b.stop("SIGKILL");
    this.bots.length = 0;
    for (const c of this.closers) await c();
    this.closers = [];
    const current = this.current;
    this.current = undefined;
    if (!current) return;
    await current.zalo?.close();
    await current.srv?.close();
    rmSync(current.dir, { recursive: true, force: true });
  }

  /** Runs `close` after the test, once its processes are killed. */
  onClose(close: () => Promise<void>): void {
    this.closers.push(close);
  }

  /** Serves `server` on 127.0.0.1 at a free port until the test ends; returns its root, `http://127.0.0.1:<port>`. */
  async listen(server: Server): Promise<string> {
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    this.onClose(
      () =>
        new Promise<void>((r) => {
          if (server instanceof HttpServer) server.closeAllConnections();
          server.close(() => r());
        }),
    );
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  /**
   * Starts the bot as a process (botArgs, cwd ROOT) with DATABASE_URL (bot.db in
   * `dir`), ADMIN_IDS "1", TELEGRAM_API_ROOT and ZALO_API_ROOT of this world's
   * fakes, then `env` (over those); killed after the test.
   */
  spawn(env: Record<string, string>, opts: { keepStreams?: boolean } = {}): BotProcess {
    const current = this.now();
    const bot = new BotProcess({
      args: botArgs(),
      cwd: ROOT,
      env: {
        DATABASE_URL: `file:${join(current.dir, "bot.db")}`,
        ADMIN_IDS: "1",
        ...(current.srv ? { TELEGRAM_API_ROOT: current.srv.apiRoot } : {}),
        ...(current.zaloRoot ? { ZALO_API_ROOT: current.zaloRoot } : {}),
        ...env,
      },
      keepStreams: opts.keepStreams,
    });
    this.bots.push(bot);
    return bot;
  }

  /**
   * spawn(env), then waits for each of `ready` in turn (PROCESS_EVENT_MS each);
   * throws with the process's output when it exits before one holds. Build
   * `ready` before the call (telegramPolled, zaloPolled count from then on).
   */
  async startBot(env: Record<string, string>, ready: readonly Readiness[]): Promise<BotProcess> {
    const bot = this.spawn(env);
    for (const [what, check] of ready) {
      await until(what, () => check() || !bot.running, { bot });
      if (!check()) throw new Error(`the bot exited at start:\n${bot.output}`);
    }
    return bot;
  }

  /** Ready: a getUpdates reached the HttpTelegram since this call (the bot answered getMe and set its commands). */
  telegramPolled(): Readiness {
    const srv = this.srv;
    const polls = srv.polls.length;
    return ["a Telegram poll", () => srv.polls.length > polls];
  }

  /** Ready: a getUpdates is held open by the FakeZalo, or one was answered since this call. */
  zaloPolled(): Readiness {
    const zalo = this.zalo;
    const polls = zalo.callsOf("getUpdates").length;
    return ["a Zalo poll", () => zalo.heldPolls() > 0 || zalo.callsOf("getUpdates").length > polls];
  }

  /** readDb on this test's database. */
  readDb<T>(sql: string, ...params: unknown[]): T[] {
    return readDb<T>(this.dir, sql, ...params);
  }
}

/**
 * A ProcessWorld whose folder (named `prefix` + random) and fakes (`opts`) are
 * made before each test and undone after it. Call it at a test file's top
 * level: it registers the file's first beforeEach and its last afterEach.
 */
export function processWorld(prefix: string, opts: WorldOptions = {}): ProcessWorld {
  const world = new ProcessWorld(prefix, opts);
  beforeEach(() => world.setUp());
  afterEach(() => world.tearDown());
  return world;
}

/** Every form of `token` a leak would show: raw, URL-encoded (":" as %3A and as %3a), encoded twice, and its secret part (after the ":") alone. */
export function tokenForms(token: string): string[] {
  return [
    token,
    encodeURIComponent(token),
    encodeURIComponent(token).replace("%3A", "%3a"),
    encodeURIComponent(encodeURIComponent(token)),
    token.slice(token.indexOf(":") + 1),
  ];
}

/** Every file under `dir`, its subfolders' included (paths). */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/**
 * Stops `bot` (SIGTERM; started with keepStreams) and expects none of `forms`
 * in its stdout, its stderr, or any file under `dir`; returns those files.
 */
export async function expectNoToken(bot: BotProcess, forms: readonly string[], dir: string): Promise<string[]> {
  await bot.stop("SIGTERM");
  for (const [name, text] of [
    ["stdout", bot.stdout],
    ["stderr", bot.stderr],
  ] as const) {
    for (const form of forms) expect(text.includes(form), `${name} holds ${form}:\n${text.slice(-3000)}`).toBe(false);
  }
  const files = filesUnder(dir);
  for (const file of files) {
    const bytes = readFileSync(file);
    for (const form of forms) expect(bytes.includes(form), `${file} holds ${form}`).toBe(false);
  }
  return files;
}

function fail(message: string): never {
  throw new Error(message);
}
