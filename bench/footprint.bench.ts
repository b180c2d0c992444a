// Footprint of the production build (node dist/main.js with the Node flags of
// `npm start`, see productionNodeFlags) against the Bot API
// served over HTTP on 127.0.0.1: the time from spawning the process to the
// answer of the first update (a /start pushed before the process exists), on a
// fresh database (migrations and the bloc file applied) and on a restart; and
// the resident memory of the idle bot (idleResident below: several processes, each
// sampled over a minute of idle). Goals: first update < 2 s, idle RSS < 110 MB (issue 15; was 120).
// The process gets the environment npm start sets too (productionEnv: the malloc tunables).
// Run alone: npx tsx bench/footprint.bench.ts (builds dist/ first when the
// sources changed, as npm start does: scripts/build.mjs --if-changed).
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { BotProcess, HttpTelegram, PROCESS_TOKEN, PrivateChat, productionNodeFlags } from "../tests/harness/http-telegram.js";
import { productionEnv } from "../tests/harness/production-env.js";
import { percentile, table, type Row } from "./lib.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DIST_MAIN = join(ROOT, "dist", "main.js");
const FIRST_UPDATE_GOAL_MS = 2000;
const IDLE_RSS_GOAL_MB = 110;
const RESTARTS = 3;
/** Idle processes measured (FOOTPRINT_PROCESSES overrides), each sampled every SAMPLE_MS from IDLE_FROM_MS to IDLE_TO_MS after its first answer. */
const IDLE_PROCESSES = Number(process.env.FOOTPRINT_PROCESSES ?? 5);
const IDLE_FROM_MS = 5_000;
const IDLE_TO_MS = 65_000;
const SAMPLE_MS = 2_000;

/** Builds dist/ when the sources changed since the last build (scripts/build.mjs, as npm start). Returns a note when it could not. */
function ensureBuilt(): string | null {
  const r = spawnSync(process.execPath, ["scripts/build.mjs", "--if-changed"], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
  if (r.status === 0) return null;
  const why = `${r.stdout ?? ""}${r.stderr ?? ""}`.trim().split("\n").slice(-5).join("\n");
  // tsc writes its output even when it reports type errors: measure what was built, and say so.
  if (existsSync(DIST_MAIN)) return `the build failed (exit ${r.status}); measured the existing dist/:\n${why}`;
  throw new Error(`the build failed and there is no dist/main.js:\n${why}`);
}

/** Resident memory of a process, from /proc (Linux), in MB: all, anonymous, file-backed, and the peak. */
function memoryMb(pid: number): { rss: number; anon: number; file: number; peak: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
    return { rss: kb("VmRSS") / 1024, anon: kb("RssAnon") / 1024, file: kb("RssFile") / 1024, peak: kb("VmHWM") / 1024 };
  } catch {
    return null;
  }
}

/** CPU time (user + system) a process has used so far, in ms, from /proc (Linux; 100 ticks a second). */
function cpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10; // utime, stime (fields 14 and 15)
  } catch {
    return null;
  }
}

type Run = { firstAnswerMs: number; cpuMs: number | null; bot: BotProcess };

/** Pushes /start, spawns the bot, and times spawn → the answer's sendMessage reaching Telegram. */
async function firstAnswer(srv: HttpTelegram, env: Record<string, string>, userId: number, args = [...productionNodeFlags(ROOT), DIST_MAIN]): Promise<Run> {
  const user = new PrivateChat(srv, userId, "Lan");
  const from = srv.calls.length;
  user.send("/start"); // waiting before the bot exists: the first getUpdates gets it
  const answered = user.waitText("", { from, timeoutMs: 60_000 });
  const spawnedAt = Date.now();
  const bot = new BotProcess({ args, cwd: ROOT, env });
  let done = false;
  const exited = bot.exited.then(() => {
    if (!done) throw new Error(`the bot exited before answering:\n${bot.output}`);
    return null;
  });
  exited.catch(() => undefined); // reported through the race below
  const call = await Promise.race([answered, exited]).finally(() => {
    done = true;
  });
  if (!call) throw new Error("unreachable: the bot exited after answering");
  // call.at: when the answer reached the fake. The CPU time tells the process's own cost apart from a busy machine.
  return { firstAnswerMs: call.at - spawnedAt, cpuMs: cpuMs(bot.pid), bot };

}

/** One idle process's resident memory: VmRSS samples (MB) over the window, the first of them (IDLE_FROM_MS), and the last /proc reading. */
export type IdleProcess = { samples: number[]; first: number; last: { rss: number; anon: number; file: number; peak: number } };

/**
 * The idle bot's resident memory, measured honestly: one VmRSS reading of one
 * process swings by ±8 MB (when V8's memory reducer runs, ~8 s after start or
 * later, how glibc's arenas were left), so `n` processes are started one after
 * another on copies of `dbFile` (a restart: the everyday case), each answers a
 * /start, then idles (the scheduler ticking, a long poll held open) while its VmRSS
 * is read every SAMPLE_MS from IDLE_FROM_MS to IDLE_TO_MS after its answer. A
 * process's figure is the median of its samples (what it holds through a minute of
 * idle); the caller reports the median of those and their range. `args`/`env`: the
 * command, by default the production one (npm start's flags and environment).
 * Throws when a process exits. Linux only (/proc); returns [] elsewhere.
 */
export async function idleResident(opts: { dbFile: string; env: Record<string, string>; n: number; args?: string[] }): Promise<IdleProcess[]> {
  if (!existsSync("/proc/self/status")) return [];
  const procs: { bot: BotProcess; srv: HttpTelegram; dir: string; answeredAt: number; samples: number[] }[] = [];
  try {
    for (let i = 0; i < opts.n; i++) {
      const srv = await HttpTelegram.start({ token: PROCESS_TOKEN });
      // Update ids above those the copied database has handled (its ledger would drop a repeated id as a redelivery).
      while (srv.newUpdateId() < 1_000_000) continue;
      const dir = mkdtempSync(join(tmpdir(), "khoi-idle-"));
      procs.push({ bot: undefined as unknown as BotProcess, srv, dir, answeredAt: 0, samples: [] });
      for (const suffix of ["", "-wal"]) if (existsSync(opts.dbFile + suffix)) copyFileSync(opts.dbFile + suffix, join(dir, "bot.db" + suffix));
      const env = { ...opts.env, TELEGRAM_API_ROOT: srv.apiRoot, DATABASE_URL: `file:${join(dir, "bot.db")}` };
      // Started one after another (each answers before the next is spawned), so no start-up waits for another's.
      const run = await firstAnswer(srv, env, 300 + i, opts.args);
      procs[i]!.bot = run.bot;
      procs[i]!.answeredAt = Date.now();
    }
    const last: IdleProcess["last"][] = [];
    for (let k = 0; ; k++) {
      // The k-th sample of every process, each at its own answeredAt + IDLE_FROM_MS + k·SAMPLE_MS.
      const due = IDLE_FROM_MS + k * SAMPLE_MS;
      if (due > IDLE_TO_MS) break;
      for (const [i, p] of procs.entries()) {
        const wait = p.answeredAt + due - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        const mem = p.bot.running ? memoryMb(p.bot.pid) : null;
        if (!mem) throw new Error(`an idle bot exited (or /proc could not be read):\n${p.bot.output}`);
        p.samples.push(mem.rss);
        last[i] = mem;
      }
    }
    return procs.map((p, i) => ({ samples: p.samples, first: p.samples[0]!, last: last[i]! }));
  } finally {
    for (const p of procs) {
      await p.bot?.stop("SIGKILL");
      await p.srv.close();
      rmSync(p.dir, { recursive: true, force: true });
    }
  }
}

/** "101.2 MB (99.8–103.4)": the median and the range. */
function spread(xs: number[]): string {
  return `${median(xs).toFixed(1)} MB (${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)})`;
}

/** The median (the mean of the middle two for an even count). */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

export async function benchFootprint(): Promise<Row[]> {
  const buildNote = ensureBuilt();
  const srv = await HttpTelegram.start({ token: PROCESS_TOKEN });
  const dir = mkdtempSync(join(tmpdir(), "khoi-footprint-"));
  const env = {
    BOT_TOKEN: PROCESS_TOKEN,
    TELEGRAM_API_ROOT: srv.apiRoot,
    DATABASE_URL: `file:${join(dir, "bot.db")}`,
    ADMIN_IDS: "1",
    LOG_LEVEL: "warn",
    BLOC_FILE: join(ROOT, "config", "bloc.example.yaml"),
    ...productionEnv(ROOT),
  };
  const bots: BotProcess[] = [];
  try {
    // A fresh database: the migrations and the bloc file are applied at start.
    const cold = await firstAnswer(srv, env, 100);
    bots.push(cold.bot);
    await cold.bot.stop("SIGTERM");

    // Restarts on the same database: the everyday case.
    const warm: number[] = [];
    const warmCpu: number[] = [];
    for (let i = 0; i < RESTARTS; i++) {
      const run = await firstAnswer(srv, env, 200 + i);
      bots.push(run.bot);
      warm.push(run.firstAnswerMs);
      if (run.cpuMs !== null) warmCpu.push(run.cpuMs);
      await run.bot.stop("SIGTERM");
    }

    // Idle: several processes on copies of the database the restarts left.
    const idle = await idleResident({ dbFile: join(dir, "bot.db"), env, n: IDLE_PROCESSES });
    const restart = percentile(warm, 50);
    const what = `${IDLE_PROCESSES} processes after a restart, each the median of its VmRSS read every ${SAMPLE_MS / 1000} s from ${IDLE_FROM_MS / 1000} s to ${IDLE_TO_MS / 1000} s after its first answer`;
    const rows: Row[] = [
      { name: `footprint: spawn → first update answered, fresh database (${commandLine()}, as npm start)`, value: secs(cold.firstAnswerMs), goal: "< 2 s", ok: cold.firstAnswerMs < FIRST_UPDATE_GOAL_MS },
      { name: `footprint: spawn → first update answered, restart (median of ${RESTARTS}: ${warm.map(secs).join(", ")})`, value: secs(restart), goal: "< 2 s", ok: restart < FIRST_UPDATE_GOAL_MS },
      ...(cold.cpuMs !== null && warmCpu.length
        ? [{ name: "footprint: CPU time used by then (user + system), fresh database / restart (median)", value: `${secs(cold.cpuMs)} / ${secs(percentile(warmCpu, 50))}` }]
        : []),
      idle.length
        ? { name: `footprint: resident memory of the idle bot (VmRSS; ${what}): median of the processes (range)`, value: spread(idle.map((p) => median(p.samples))), goal: `< ${IDLE_RSS_GOAL_MB} MB`, ok: median(idle.map((p) => median(p.samples))) < IDLE_RSS_GOAL_MB }
        : { name: "footprint: resident memory of the idle bot", value: "not measured (no /proc)", goal: `< ${IDLE_RSS_GOAL_MB} MB`, ok: false },
      ...(idle.length
        ? [
            { name: `footprint: the same processes ${IDLE_FROM_MS / 1000} s after their first answer, before V8's memory reducer's first collection (~8 s after start) (VmRSS, median (range))`, value: spread(idle.map((p) => p.first)) },
            { name: `footprint: at the end of the minute, anonymous (heap, malloc, stacks) / file-backed (the node binary with its ICU data, libraries; shared with other node processes) (median)`, value: `${median(idle.map((p) => p.last.anon)).toFixed(1)} / ${median(idle.map((p) => p.last.file)).toFixed(1)} MB` },
            { name: "footprint: peak resident memory (VmHWM, median (range))", value: spread(idle.map((p) => p.last.peak)) },
          ]
        : []),
    ];
    if (buildNote) rows.push({ name: "footprint: build", value: buildNote.split("\n")[0]!, ok: false });
    return rows;
  } finally {
    for (const b of bots) await b.stop("SIGKILL");
    await srv.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The production command as run: npm start's environment, node, its flags, dist/main.js. */
function commandLine(): string {
  const env = Object.entries(productionEnv(ROOT)).map(([k, v]) => `${k}=${v}`);
  return [...env, "node", ...productionNodeFlags(ROOT), "dist/main.js"].join(" ");
}

function secs(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  console.log(table(await benchFootprint()));
}
