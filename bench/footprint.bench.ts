// Footprint of the production build (node dist/main.js with the Node flags of
// `npm start`, see productionNodeFlags) against the Bot API
// served over HTTP on 127.0.0.1: the time from spawning the process to the
// answer of the first update (a /start pushed before the process exists), on a
// fresh database (migrations and the bloc file applied) and on a restart; and
// the resident memory of the idle bot. Goals: first update < 2 s, idle RSS < 110 MB (issue 15; was 120).
// Run alone: npx tsx bench/footprint.bench.ts (builds dist/ first when the
// sources changed, as npm start does: scripts/build.mjs --if-changed).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { BotProcess, HttpTelegram, PROCESS_TOKEN, PrivateChat, productionNodeFlags } from "../tests/harness/http-telegram.js";
import { percentile, table, type Row } from "./lib.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DIST_MAIN = join(ROOT, "dist", "main.js");
const FIRST_UPDATE_GOAL_MS = 2000;
const IDLE_RSS_GOAL_MB = 110;
const IDLE_MS = 5000;
const RESTARTS = 3;

/** Builds dist/ when the sources changed since the last build (scripts/build.mjs, as npm start). Returns a note when it could not. */
function ensureBuilt(): string | null {
  const r = spawnSync(process.execPath, ["scripts/build.mjs", "--if-changed"], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
  if (r.status === 0) return null;
  const why = `${r.stdout ?? ""}${r.stderr ?? ""}`.trim().split("\n").slice(-5).join("\n");
  // tsc writes its output even when it reports type errors: measure what was built, and say so.
  if (existsSync(DIST_MAIN)) return `the build failed (exit ${r.status}); measured the existing dist/:\n${why}`;
  throw new Error(`the build failed and there is no dist/main.js:\n${why}`);
}

/** Resident memory of a process, from /proc (Linux), in MB. */
function memoryMb(pid: number): { rss: number; peak: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
    return { rss: kb("VmRSS") / 1024, peak: kb("VmHWM") / 1024 };
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
async function firstAnswer(srv: HttpTelegram, env: Record<string, string>, userId: number): Promise<Run> {
  const user = new PrivateChat(srv, userId, "Lan");
  const from = srv.calls.length;
  user.send("/start"); // waiting before the bot exists: the first getUpdates gets it
  const answered = user.waitText("", { from, timeoutMs: 60_000 });
  const spawnedAt = Date.now();
  const bot = new BotProcess({ args: [...productionNodeFlags(ROOT), DIST_MAIN], cwd: ROOT, env });
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
    let last: BotProcess | undefined;
    for (let i = 0; i < RESTARTS; i++) {
      const run = await firstAnswer(srv, env, 200 + i);
      bots.push(run.bot);
      warm.push(run.firstAnswerMs);
      if (run.cpuMs !== null) warmCpu.push(run.cpuMs);
      if (i < RESTARTS - 1) await run.bot.stop("SIGTERM");
      else last = run.bot;
    }

    // Idle: no updates, the scheduler ticking, one long poll held open.
    await new Promise((r) => setTimeout(r, IDLE_MS));
    const mem = last && last.running ? memoryMb(last.pid) : null;
    const restart = percentile(warm, 50);
    const rows: Row[] = [
      { name: `footprint: spawn → first update answered, fresh database (node ${productionNodeFlags(ROOT).join(" ")} dist/main.js, as npm start)`, value: secs(cold.firstAnswerMs), goal: "< 2 s", ok: cold.firstAnswerMs < FIRST_UPDATE_GOAL_MS },
      { name: `footprint: spawn → first update answered, restart (median of ${RESTARTS}: ${warm.map(secs).join(", ")})`, value: secs(restart), goal: "< 2 s", ok: restart < FIRST_UPDATE_GOAL_MS },
      ...(cold.cpuMs !== null && warmCpu.length
        ? [{ name: "footprint: CPU time used by then (user + system), fresh database / restart (median)", value: `${secs(cold.cpuMs)} / ${secs(percentile(warmCpu, 50))}` }]
        : []),
      mem
        ? { name: `footprint: resident memory after ${IDLE_MS / 1000} s idle (VmRSS)`, value: `${mem.rss.toFixed(1)} MB`, goal: `< ${IDLE_RSS_GOAL_MB} MB`, ok: mem.rss < IDLE_RSS_GOAL_MB }
        : { name: "footprint: resident memory after idle", value: "not measured (no /proc or the bot exited)", goal: `< ${IDLE_RSS_GOAL_MB} MB`, ok: false },
      ...(mem ? [{ name: "footprint: peak resident memory so far (VmHWM)", value: `${mem.peak.toFixed(1)} MB` }] : []),
    ];
    if (buildNote) rows.push({ name: "footprint: build", value: buildNote.split("\n")[0]!, ok: false });
    return rows;
  } finally {
    for (const b of bots) await b.stop("SIGKILL");
    await srv.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function secs(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  console.log(table(await benchFootprint()));
}
