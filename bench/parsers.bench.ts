// The parsers on the longest and worst inputs a person can send: the number
// parser on 1,000–100,000 repeats of a troublesome piece ("1.", "tỷ ", "😀"...),
// and paste mode on a whole Telegram message (4,096 characters) of any shape.
// Goal: each input under 1.5 s (backtracking regular expressions would take
// seconds to minutes). These were time limits in tests/fuzz/; a test must not
// depend on the machine's speed, so the times are measured here.
// Run alone: npx tsx bench/parsers.bench.ts (npm run bench runs all benchmarks).
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { parseBlocFile } from "../src/shared/bloc/bloc-file.js";
import { parseAmount, parseLooseNumber, type NumberSpec } from "../src/shared/bloc/numbers.js";
import { looksLikePaste, parsePaste, type IndicatorDef } from "../src/features/reports/rules/reports.js";
import { ms, table, type Row } from "./lib.js";

const GOAL_MS = 1500;

/** The slowest of `inputs` through `fn`, with the input's description. */
function slowest(inputs: { what: string; text: string }[], fn: (text: string) => void): { ms: number; what: string } {
  let worst = { ms: 0, what: "" };
  for (const { what, text } of inputs) {
    const t0 = performance.now();
    fn(text);
    const took = performance.now() - t0;
    if (took > worst.ms) worst = { ms: took, what };
  }
  return worst;
}

export async function benchParsers(): Promise<Row[]> {
  const spec: NumberSpec = { unit: "vnd_billion", valueType: "decimal", decimals: 2, min: 0, max: null };
  const pieces = ["1 ", "1.", "1,", "1 1", "\u00a0", "a", "tỷ ", "😀", "1.000 "];
  const numbers = pieces.flatMap((p) => [1000, 10_000, 100_000].map((n) => ({ what: `${JSON.stringify(p)} × ${n}`, text: p.repeat(n) })));
  const number = slowest(numbers, (text) => {
    parseAmount(text, spec);
    parseAmount(`1 ${text}`, spec);
    parseLooseNumber(text);
  });

  const bloc = parseBlocFile(readFileSync(new URL("../config/bloc.example.yaml", import.meta.url), "utf8"));
  const catalogue: IndicatorDef[] = bloc.indicators.map((i, n) => ({
    id: n + 1, code: i.code, nameVi: i.nameVi, nameEn: i.nameEn, unit: i.unit as IndicatorDef["unit"], kind: i.kind, valueType: i.valueType,
    decimals: i.decimals, min: i.min, max: i.max, aliases: i.aliases,
  }));
  const shapes = [" ", "a", "a ", "1", ":", "a:", " :", "\t", "lao động: 1", "\n", "a\n"];
  const messages = shapes.map((p) => ({ what: JSON.stringify(p), text: p.repeat(Math.ceil(4096 / p.length)).slice(0, 4096) }));
  const paste = slowest(messages, (text) => {
    looksLikePaste(text);
    parsePaste(text, catalogue);
  });

  return [
    { name: `number parser, slowest of ${numbers.length} long inputs (${number.what})`, value: ms(number.ms), goal: `< ${GOAL_MS} ms`, ok: number.ms < GOAL_MS },
    { name: `paste mode, slowest of ${messages.length} 4,096-character messages (${paste.what})`, value: ms(paste.ms), goal: `< ${GOAL_MS} ms`, ok: paste.ms < GOAL_MS },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  console.log(table(await benchParsers()));
}
