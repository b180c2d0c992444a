// npm run bench: every benchmark in one run (so the machine's noise is shared),
// printed as a table and written to bench/RESULTS.md.
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

const sections: { title: string; rows?: Row[]; text?: string }[] = [];
const started = new Date();
const load = loadavg().map((x) => x.toFixed(2)).join(", ");

sections.push({ title: "1–2. Framework overhead and conversation length", rows: await benchOverhead() });
sections.push({ title: "3. Summary", rows: await benchSummary() });
sections.push({ title: "Paste mode (issue 14 item 5)", rows: await benchPaste() });
const people = Number(process.env.BENCH_FANOUT ?? 1000);
sections.push({ title: "4. Reminder fan-out", rows: await benchFanout(people) });
sections.push({ title: "4b. The event loop while the database is locked by another process", rows: await benchBusy() });
sections.push({ title: "4c. Parsers on the longest inputs", rows: await benchParsers() });
sections.push({ title: "4d. Heavy work at once (issue 13): import, fan-out, summaries and another person's /whoami", rows: await benchLoad() });
sections.push({ title: "4e. Crowds without a role, and files over 600 boards (issue 13, review)", rows: await benchCrowd() });
if (existsSync(new URL("./footprint.bench.ts", import.meta.url))) {
  const url = new URL("./footprint.bench.ts", import.meta.url).href;
  const { benchFootprint } = (await import(url)) as { benchFootprint: () => Promise<Row[]> };
  sections.push({ title: "5. Footprint", rows: await benchFootprint() });
}
const chart = spawnSync(process.execPath, ["--import", "tsx", "bench/chart.bench.ts"], { encoding: "utf8" });
sections.push({ title: "Charts (issue 6: under 300 ms per chart)", text: "```\n" + (chart.stdout || chart.stderr).trim() + "\n```" });

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
  readFileSync(new URL("./reading.md", import.meta.url), "utf8").trim(),
  "",
].join("\n");
writeFileSync(new URL("./RESULTS.md", import.meta.url), body);
console.log(body);
