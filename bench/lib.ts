// Small helpers shared by the benchmarks: timing, percentiles, a table.
import { performance } from "node:perf_hooks";
import { readFileSync } from "node:fs";

export type Row = { name: string; value: string; goal?: string; ok?: boolean };

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

export async function timeRuns(runs: number, warmup: number, fn: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

export function ms(x: number): string {
  return `${x.toFixed(1)} ms`;
}

export function table(rows: Row[]): string {
  const head = ["measure", "result", "goal", ""];
  const body = rows.map((r) => [r.name, r.value, r.goal ?? "", r.ok === undefined ? "" : r.ok ? "✓" : "✗"]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(head), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...body.map(line)].join("\n");
}

/**
 * CPU time of the main thread (the event loop's), in ms: on Linux from
 * /proc/self/task/<pid>/schedstat (nanoseconds on a CPU), without the process's
 * other threads (V8's background compilers and garbage collector, libuv's pool),
 * which process.cpuUsage() adds in; elsewhere process.cpuUsage(). A run whose wall
 * time is well above this waited for a core: the machine's, not the bot's.
 * Coarse: the kernel brings a running thread's count up to date only at scheduler
 * events (a tick, a sleep), so a stretch of a few milliseconds without one reads 0
 * or a whole tick (0.5 ms of work read 0.000 and 3.247 ms here). For stretches of
 * tens of milliseconds and more; shorter ones take processCpuMs.
 */
export function mainThreadCpuMs(): number {
  try {
    return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, "utf8").split(" ")[0]) / 1e6;
  } catch {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  }
}

/**
 * CPU time of the whole process (all its threads), in ms, from getrusage: exact to
 * the microsecond, for stretches too short for mainThreadCpuMs. Includes V8's
 * background threads (concurrent garbage collection and compilation), which work
 * for the code being measured too.
 */
export function processCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}
