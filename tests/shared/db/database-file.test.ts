// A database file that cannot be opened: every kind of failure this machine can
// produce, through each command that opens the database, run as the real
// process (the bot as npm start runs it, npm run db:migrate, npm run backup):
// one line naming DATABASE_URL and the path, exit code 1, no stack trace.
import { spawn, type SpawnOptions } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BackupDirError, backupDatabase } from "../../../src/shared/db/backup.js";
import { openDb } from "../../../src/shared/db/client.js";
import { DatabaseOpenError } from "../../../src/shared/db/database-file.js";
import { applyMigrations } from "../../../src/shared/db/migrate.js";

const TOKEN = "123456789:AAbbCCddEEffGGhhIIjjKKllMMnnOOppQQr";
const COMMANDS = {
  bot: "src/main.ts",
  "db:migrate": "src/cli/migrate.ts",
  backup: "src/cli/backup.ts",
} as const;
type Command = keyof typeof COMMANDS;

/**
 * Permissions do not bind root: as root the permission cases run the command
 * as the unprivileged user 65534 ("nobody"); otherwise as this user, who is
 * denied by the same modes.
 */
const OTHER_USER: SpawnOptions = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "khoi-dbfile-"));
  chmodSync(dir, 0o755); // the other user must reach the cases below
});
afterAll(() => {
  // Give write permission back so that everything can be removed.
  for (const sub of ["ro-new", "ro-wal"]) {
    try {
      chmodSync(join(dir, sub), 0o755);
    } catch {
      // not created
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

/** A database file with the bot's tables, in WAL mode as the bot leaves it. */
function realDatabase(file: string): void {
  applyMigrations(`file:${file}`);
}

type Case = {
  name: string;
  /** Prepares the files and returns the database path. */
  setUp(): string;
  /** The reason each command gives (absent: the command opens this file fine). */
  reasons: Partial<Record<Command, RegExp>>;
  asOtherUser?: boolean;
};

const CASES: Case[] = [
  {
    name: "the directory does not exist",
    setUp: () => join(dir, "nope", "deeper", "x.db"),
    reasons: { bot: /^directory does not exist$/, "db:migrate": /^directory does not exist$/, backup: /^directory does not exist$/ },
  },
  {
    name: "a file where a directory should be",
    setUp: () => {
      writeFileSync(join(dir, "afile"), "x");
      return join(dir, "afile", "x.db");
    },
    reasons: { bot: /^\/.*\/afile is a file, not a directory$/, "db:migrate": /^\/.*\/afile is a file, not a directory$/, backup: /^\/.*\/afile is a file, not a directory$/ },
  },
  {
    name: "a directory where the file should be",
    setUp: () => {
      mkdirSync(join(dir, "adir.db"));
      return join(dir, "adir.db");
    },
    reasons: { bot: /^it is a directory, not a file$/, "db:migrate": /^it is a directory, not a file$/, backup: /^it is a directory, not a file$/ },
  },
  {
    name: "a file that is not a database",
    setUp: () => {
      writeFileSync(join(dir, "notes.db"), "Báo cáo tháng 10: 12 dự án\n".repeat(20));
      return join(dir, "notes.db");
    },
    reasons: { bot: /^it is not a SQLite database$/, "db:migrate": /^it is not a SQLite database$/, backup: /^it is not a SQLite database$/ },
  },
  {
    name: "a damaged database (SQLite's header, then garbage)",
    setUp: () => {
      const bytes = Buffer.alloc(8192, 0xa5);
      bytes.write("SQLite format 3\0", 0, "latin1");
      writeFileSync(join(dir, "damaged.db"), bytes);
      return join(dir, "damaged.db");
    },
    reasons: { bot: /^SQLITE_NOTADB: file is not a database$/, "db:migrate": /^SQLITE_NOTADB: file is not a database$/, backup: /^SQLITE_NOTADB: file is not a database$/ },
  },
  {
    name: "the file does not exist (a backup has nothing to copy; the bot creates it)",
    setUp: () => join(dir, "none.db"),
    reasons: { backup: /^the file does not exist$/ },
  },
  {
    name: "no permission to read or write the file",
    setUp: () => {
      const file = join(dir, "locked.db");
      realDatabase(file);
      rmSync(`${file}-wal`, { force: true });
      rmSync(`${file}-shm`, { force: true });
      chmodSync(file, 0o000);
      return file;
    },
    reasons: { bot: /^no permission to read and write it, owned by uid \d+, mode 000; this process runs as uid \d+$/, "db:migrate": /^no permission to read and write it, owned by uid \d+, mode 000/, backup: /^no permission to read it, owned by uid \d+, mode 000/ },
    asOtherUser: true,
  },
  {
    name: "no permission to create the file in its directory",
    setUp: () => {
      mkdirSync(join(dir, "ro-new"));
      chmodSync(join(dir, "ro-new"), 0o555);
      return join(dir, "ro-new", "x.db");
    },
    reasons: { bot: /^no permission to create a file in .*ro-new, owned by uid \d+, mode 555/, "db:migrate": /^no permission to create a file in .*ro-new, owned by uid \d+, mode 555/, backup: /^the file does not exist$/ },
    asOtherUser: true,
  },
  {
    name: "no permission to create the -wal and -shm files beside a writable database",
    setUp: () => {
      mkdirSync(join(dir, "ro-wal"));
      const file = join(dir, "ro-wal", "x.db");
      realDatabase(file);
      chmodSync(file, 0o666);
      chmodSync(join(dir, "ro-wal"), 0o555);
      return file;
    },
    reasons: { bot: /^no permission to create its -wal and -shm files in .*ro-wal/, "db:migrate": /^no permission to create its -wal and -shm files in .*ro-wal/, backup: /^no permission to create its -shm file in .*ro-wal, which reading a database in WAL mode needs/ },
    asOtherUser: true,
  },
];

type Run = { status: number | null; stdout: string; stderr: string };

function run(command: Command, env: Record<string, string>, options: SpawnOptions = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", COMMANDS[command]], {
      ...options,
      cwd: process.cwd(),
      env: { PATH: process.env.PATH ?? "", HOME: tmpdir(), ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (b: Buffer) => (stdout += b.toString("utf8")));
    child.stderr!.on("data", (b: Buffer) => (stderr += b.toString("utf8")));
    child.once("error", reject);
    child.once("close", (status) => resolve({ status, stdout, stderr }));
  });
}

/** Runs `jobs` at most `n` at a time (two cores are shared by everyone). */
async function limited<T>(n: number, jobs: (() => Promise<T>)[]): Promise<T[]> {
  const out: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < jobs.length) {
        const i = next++;
        out[i] = await jobs[i]!();
      }
    }),
  );
  return out;
}

describe("a database file that cannot be opened", () => {
  it("each kind, through the bot, npm run db:migrate and npm run backup: one line naming DATABASE_URL and the path, exit code 1, no stack", async () => {
    const runs: { kase: Case; command: Command; url: string; path: string; result: Promise<Run> }[] = [];
    const jobs: (() => Promise<Run>)[] = [];
    for (const kase of CASES) {
      const path = kase.setUp();
      const url = `file:${path}`;
      for (const command of Object.keys(kase.reasons) as Command[]) {
        let settle!: (r: Run) => void;
        const result = new Promise<Run>((r) => (settle = r));
        runs.push({ kase, command, url, path, result });
        jobs.push(async () => {
          const r = await run(command, { BOT_TOKEN: TOKEN, DATABASE_URL: url, BACKUP_DIR: join(dir, "backups"), TELEGRAM_API_ROOT: "http://127.0.0.1:9" }, kase.asOtherUser ? OTHER_USER : {});
          settle(r);
          return r;
        });
      }
    }
    await limited(2, jobs);
    for (const { kase, command, url, path, result } of runs) {
      const r = await result;
      const what = `${kase.name}, ${command}: ${JSON.stringify(r)}`;
      expect(r.status, what).toBe(1);
      const lines = r.stderr.trim().split("\n");
      expect(lines, what).toHaveLength(1);
      const prefix = `DATABASE_URL=${url}: cannot open ${path} (`;
      expect(lines[0]!.startsWith(prefix), what).toBe(true);
      expect(lines[0]!.endsWith(")"), what).toBe(true);
      expect(lines[0]!.slice(prefix.length, -1), what).toMatch(kase.reasons[command]!);
      expect(r.stderr + r.stdout, what).not.toMatch(/\n\s+at |Error:|node:internal/);
    }
  });
});

describe("opening in-process", () => {
  it("openDb, applyMigrations, backupDatabase: a DatabaseOpenError whose message names DATABASE_URL and the path", async () => {
    const bytes = Buffer.alloc(4096, 0x5a);
    bytes.write("SQLite format 3\0", 0, "latin1");
    const file = join(dir, "damaged-in-process.db");
    writeFileSync(file, bytes);
    const url = `file:${file}`;
    const expected = `DATABASE_URL=${url}: cannot open ${file} (SQLITE_NOTADB: file is not a database)`;
    // openDb alone, past the checks made before opening: the failure comes from the adapter's connection.
    const opened = await openDb(url).catch((e: unknown) => e);
    expect(opened).toBeInstanceOf(DatabaseOpenError);
    expect((opened as Error).message).toBe(expected);
    expect(() => applyMigrations(url)).toThrow(expected);
    await expect(backupDatabase(url, join(dir, "b"))).rejects.toThrow(expected);
  });

  it("creates the default folder data/ of a fresh clone, and no other", () => {
    const cwd = process.cwd();
    const project = mkdtempSync(join(tmpdir(), "khoi-fresh-"));
    try {
      process.chdir(project);
      expect(applyMigrations("file:./data/khoi.db").applied.length).toBeGreaterThan(0);
      expect(() => applyMigrations("file:./dta/khoi.db")).toThrow(`DATABASE_URL=file:./dta/khoi.db: cannot open ${join(project, "dta", "khoi.db")} (directory does not exist)`);
    } finally {
      process.chdir(cwd);
      rmSync(project, { recursive: true, force: true });
    }
  });

  it("a backup folder that cannot be made names BACKUP_DIR and the path", async () => {
    const file = join(dir, "good.db");
    realDatabase(file);
    writeFileSync(join(dir, "in-the-way"), "x");
    const target = join(dir, "in-the-way", "backups");
    const err = await backupDatabase(`file:${file}`, target).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackupDirError);
    expect((err as Error).message).toBe(`BACKUP_DIR=${target}: cannot write a backup in ${target} (a file is in the way of the folder)`);
  });
});
