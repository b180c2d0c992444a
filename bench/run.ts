// npm run bench: every benchmark in one run (so the machine's noise is shared),
// printed as a table and written to bench/RESULTS.md. BENCH_ONLY=key,key runs a
// subset (keys in ALL below) and only prints it; with BENCH_REPLACE=1 as well, those
// sections replace theirs in bench/RESULTS.md, which then says which were re-run when.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { table, type Row } from "./lib.js";
import { benchOverhead } from "./overhead.bench.js";
import { benchSummary } from "./summary.bench.js";
import { benchFanout } from "./fanout.bench.js";
import { benchPaste } from "./paste.bench.js";
import { benchBusy } from "./busy.bench.js";
import { benchParsers } from "./parsers.bench.js";
import { benchLoad } from "./load.bench.js";
import { benchCrowd } from "./crowd.bench.js";

/**
 * The sections, by key. BENCH_ONLY=overhead,footprint (comma-separated keys) runs
 * those alone and prints them without writing bench/RESULTS.md, whose other
 * sections would otherwise be lost; an unknown key stops the run.
 */
type Section = { title: string; rows?: Row[]; text?: string };
const people = Number(process.env.BENCH_FANOUT ?? 1000);
const ALL: { key: string; run: () => Promise<Section> }[] = [
  { key: "overhead", run: async () => ({ title: "1–2. Framework overhead and conversation length", rows: await benchOverhead() }) },
  { key: "summary", run: async () => ({ title: "3. Summary", rows: await benchSummary() }) },
  { key: "paste", run: async () => ({ title: "Paste mode (issue 14 item 5)", rows: await benchPaste() }) },
  { key: "fanout", run: async () => ({ title: "4. Reminder fan-out", rows: await benchFanout(people) }) },
  { key: "busy", run: async () => ({ title: "4b. The event loop while the database is locked by another process", rows: await benchBusy() }) },
  { key: "parsers", run: async () => ({ title: "4c. Parsers on the longest inputs", rows: await benchParsers() }) },
  { key: "load", run: async () => ({ title: "4d. Heavy work at once (issue 13): import, fan-out, summaries and another person's /whoami", rows: await benchLoad() }) },
  { key: "crowd", run: async () => ({ title: "4e. Crowds without a role, and files over 600 boards (issue 13, review)", rows: await benchCrowd() }) },
  {
    key: "footprint",
    run: async () => {
      const url = new URL("./footprint.bench.ts", import.meta.url).href;
      const { benchFootprint } = (await import(url)) as { benchFootprint: () => Promise<Row[]> };
      return { title: "5. Footprint", rows: await benchFootprint() };
    },
  },
  {
    key: "chart",
    run: async () => {
      const chart = spawnSync(process.execPath, ["--import", "tsx", "bench/chart.bench.ts"], { encoding: "utf8" });
      return { title: "Charts (issue 6: under 300 ms per chart)", text: "```\n" + (chart.stdout || chart.stderr).trim() + "\n```" };
    },
  },
];
const only = process.env.BENCH_ONLY?.split(",").map((k) => k.trim()).filter(Boolean);
const unknown = (only ?? []).filter((k) => !ALL.some((s) => s.key === k));
if (unknown.length) throw new Error(`BENCH_ONLY: unknown section ${unknown.join(", ")}; the sections are ${ALL.map((s) => s.key).join(", ")}`);

const sections: Section[] = [];
const started = new Date();
const load = loadavg().map((x) => x.toFixed(2)).join(", ");
for (const s of ALL) {
  if (only && !only.includes(s.key)) continue;
  if (s.key === "footprint" && !existsSync(new URL("./footprint.bench.ts", import.meta.url))) continue;
  sections.push(await s.run());
}

const failed = sections.flatMap((s) => s.rows ?? []).filter((r) => r.ok === false);
const body = [
  "# Benchmark results",
  "",
  `Run by \`npm run bench\` on ${started.toISOString()}: Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, load average at start ${load}.`,
  "Figures vary with what else the machine is doing; all are measured in one run so that the comparisons share the noise.",
  "",
  ...sections.flatMap((s) => [`## ${s.title}`, "", s.text ?? table(s.rows ?? []), ""]),
  failed.length ? `Goals not met in this run: ${failed.map((r) => r.name).join("; ")}.` : "Every goal was met in this run.",
  "",
  // What the figures mean and what was tried, kept by hand beside this script.
  only ? "" : readFileSync(new URL("./reading.md", import.meta.url), "utf8").trim(),
  "",
].join("\n");
const resultsUrl = new URL("./RESULTS.md", import.meta.url);
if (only && process.env.BENCH_REPLACE === "1") {
  writeFileSync(resultsUrl, replaceSections(readFileSync(resultsUrl, "utf8"), sections, `${started.toISOString()} (load average at start ${load})`));
  console.error(`BENCH_ONLY=${only.join(",")} BENCH_REPLACE=1: those sections replaced in bench/RESULTS.md.`);
} else if (only) console.error(`BENCH_ONLY=${only.join(",")}: bench/RESULTS.md left as it was.`);
else writeFileSync(resultsUrl, body);
console.log(body);

/**
 * RESULTS.md (`text`) with each of `fresh`'s sections in place of the section of the
 * same title, a line under the header naming the sections re-run and when, and the
 * goals line counted again over every table. A title not found stops the run:
 * RESULTS.md is written by a full run first.
 */
function replaceSections(text: string, fresh: Section[], when: string): string {
  let out = text;
  for (const s of fresh) {
    const head = `## ${s.title}\n`;
    const start = out.indexOf(head);
    if (start < 0) throw new Error(`BENCH_REPLACE: no section "${s.title}" in bench/RESULTS.md: run the whole bench`);
    const rest = out.slice(start + head.length);
    const next = rest.search(/^(## |Goals not met in this run|Every goal was met in this run)/m);
    out = out.slice(0, start) + `${head}\n${s.text ?? table(s.rows ?? [])}\n\n` + (next < 0 ? "" : rest.slice(next));
  }
  const note = `Re-run alone on ${when}: ${fresh.map((s) => `“${s.title}”`).join(", ")}.`;
  out = out.replace(/^(Figures vary with what else the machine is doing[^\n]*\n)/m, `$1${note}\n`);
  const notMet = [...out.matchAll(/^\| ([^|]+?) +\|.*\| ✗ \|$/gm)].map((m) => m[1]!.trim());
  return out.replace(/^(Goals not met in this run: .*|Every goal was met in this run\.)$/m, notMet.length ? `Goals not met in this run: ${notMet.join("; ")}.` : "Every goal was met in this run.");
}
