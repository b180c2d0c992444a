// Framework overhead: updates per second through the whole bot (middleware,
// database, i18n) against a bare grammY bot answering the same updates through
// the same fake Telegram; and the cost of each answer in a 15-indicator report.
import { spawnSync } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { performance } from "node:perf_hooks";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Bot } from "grammy";
import type { Update } from "grammy/types";
import { Harness, EXAMPLE_BLOC } from "../tests/harness/harness.js";
import { BOT_INFO, FakeTelegram } from "../tests/harness/fake-telegram.js";
import { productionNodeFlags } from "../tests/harness/http-telegram.js";
import { join as joinAs } from "../tests/harness/fixtures.js";
import { ms, percentile, type Row } from "./lib.js";
import { readFileSync } from "node:fs";

const N = 6000;
const ROUNDS = 12;
/** The example bloc's boards (several people may report for one). */
const BOARDS = ["HP", "QN", "BN", "VP", "HNA", "ND", "NB", "HD", "HY", "TB", "HN"];
/** People asking at once in the batched measure; getUpdates returns at most 100 updates. */
const BATCH = 100;

function whoami(id: number, updateId: number): Update {
  return {
    update_id: updateId,
    message: { message_id: updateId, date: 1, chat: { id, type: "private", first_name: "U" }, from: { id, is_bot: false, first_name: "U" }, text: "/whoami", entities: [{ type: "bot_command", offset: 0, length: 7 }] },
  } as Update;
}

type Handle = (u: Update) => Promise<void>;
/** Updates per second of each bot over all rounds, and B's rate over A's in each round, sorted. */
type Measured = { rates: [number, number]; ratios: number[] };
type Rates = { oneAtATime: Measured; batched: Measured };

/**
 * Updates per second of two bots, measured in alternating rounds (A B, B A, …) so
 * that a busy moment of the machine falls on both rather than on one of them, in
 * two ways: one update at a time (each awaited before the next is sent: latency),
 * and in batches of BATCH updates from as many people, all started at once and
 * handled concurrently, the way @grammyjs/runner hands a getUpdates batch to the
 * bot (throughput under load). The ratio is taken round by round (the two runs of
 * a round are next to each other in time) and its median reported.
 */
async function sideBySide(a: Handle, b: Handle, firstPerson: number, between: () => void): Promise<Rates> {
  let id = 1;
  const person = (i: number) => firstPerson + (i % BATCH);
  const oneAtATime = async (handle: Handle, n: number) => {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) await handle(whoami(person(i), id++));
    return performance.now() - t0;
  };
  const batched = async (handle: Handle, n: number) => {
    const t0 = performance.now();
    for (let done = 0; done < n; done += BATCH) await Promise.all(Array.from({ length: BATCH }, (_, i) => handle(whoami(person(i), id++))));
    return performance.now() - t0;
  };
  const measure = async (run: (handle: Handle, n: number) => Promise<number>): Promise<Measured> => {
    await run(a, 500); // warm-up
    await run(b, 500);
    const perRound = N / ROUNDS;
    const total = [0, 0];
    const ratios: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const t = [0, 0];
      for (const side of r % 2 === 0 ? [0, 1] : [1, 0]) {
        between();
        t[side] = await run(side === 0 ? a : b, perRound);
      }
      total[0]! += t[0]!;
      total[1]! += t[1]!;
      ratios.push(t[0]! / t[1]!); // B's rate over A's
    }
    return { rates: [N / (total[0]! / 1000), N / (total[1]! / 1000)], ratios: ratios.sort((x, y) => x - y) };
  };
  return { oneAtATime: await measure(oneAtATime), batched: await measure(batched) };
}

/** Run as a child: only the /whoami measure, printed as JSON. */
const COMMAND_ONLY = "--command-only";

const perSecond = (x: number) => `${x.toFixed(0)} updates/s`;
/** The median of the rounds' ratios, and their range. */
const ratio = (sorted: number[]) => `${(percentile(sorted, 50) * 100).toFixed(0)} % (rounds ${(sorted[0]! * 100).toFixed(0)}–${(sorted.at(-1)! * 100).toFixed(0)} %)`;

/** A bloc of 15 indicators: the example's 12 and three more. */
function fifteenIndicatorBloc(dir: string): string {
  const extra = [13, 14, 15].map((i) => `  - { code: extra${i}, nameVi: Chỉ tiêu thêm ${i}, nameEn: Extra ${i}, unit: firms, kind: flow, valueType: integer, max: 1000 }`).join("\n");
  const text = readFileSync(EXAMPLE_BLOC, "utf8").replace("\nawards:", `\n${extra}\n\nawards:`);
  const file = join(dir, "bloc15.yaml");
  writeFileSync(file, text);
  return file;
}

/** The bare bot and the whole bot answering /whoami, side by side. */
async function measureCommand(): Promise<Rates> {
  // Bare grammY: the same fake Telegram, a handler that answers.
  const tg = new FakeTelegram();
  const bare = new Bot("123456789:BENCH_abcdefghijklmnopqrstuvwxyz0123", { botInfo: BOT_INFO as never, client: { fetch: tg.fetch as never, apiRoot: "http://fake" } });
  bare.command("whoami", (ctx) => ctx.reply(`<b>U</b> (Telegram ID <code>${ctx.from?.id}</code>)`, { parse_mode: "HTML" }));

  // The whole bot, SQLite on disk, the same people asking (each registered, with a role).
  const h = await Harness.create();
  for (let p = 0; p < BATCH; p++) await joinAs(h, 2000 + p, `P${p}`, BOARDS[p % BOARDS.length]!, "focal");
  const rates = await sideBySide((u) => bare.handleUpdate(u), (u) => h.app.bot.handleUpdate({ ...u, update_id: u.update_id + 100_000 }), 2000, () => {
    tg.forget(); // the fakes' records, not the bots, would otherwise fill the heap
    h.tg.forget();
  });
  await h.close();
  return rates;
}

/**
 * The same measure in a child process started with the Node flags of `npm start`
 * (see productionNodeFlags): they hold the young generation to 1 MB for the idle
 * memory goal, which makes the garbage collector work harder under load.
 */
function measureCommandWithProductionFlags(): Rates | string {
  const root = fileURLToPath(new URL("..", import.meta.url));
  const flags = productionNodeFlags(root);
  const r = spawnSync(process.execPath, [...flags, "--import", "tsx", "bench/overhead.bench.ts", COMMAND_ONLY], { cwd: root, encoding: "utf8", maxBuffer: 1 << 24 });
  const line = r.stdout?.trim().split("\n").at(-1);
  try {
    return JSON.parse(line ?? "") as Rates;
  } catch {
    return `failed (exit ${r.status}): ${(r.stderr ?? "").trim().split("\n").slice(-3).join(" ")}`;
  }
}

export async function benchOverhead(): Promise<Row[]> {
  const rates = await measureCommand();
  const production = measureCommandWithProductionFlags();
  const flags = productionNodeFlags(fileURLToPath(new URL("..", import.meta.url))).join(" ");

  // One report of 15 indicators: the cost of each answer (conversations replay).
  const dir = (await import("node:fs")).mkdtempSync(join((await import("node:os")).tmpdir(), "khoi-bench-conv-"));
  const h2 = await Harness.create({ blocFile: fifteenIndicatorBloc(dir) });
  const perAnswer: number[][] = Array.from({ length: 15 }, () => []);
  const allSteps: number[] = [];
  const people = 32; // medians over 30 reports (the first two warm the JIT up)
  for (let p = 0; p < people; p++) {
    const u = await joinAs(h2, 1000 + p, `P${p}`, BOARDS[p % BOARDS.length]!, "focal");
    await u.send("/report");
    for (let i = 0; i < 15; i++) {
      const t0 = performance.now();
      await u.send(String(10 + i));
      const dt = performance.now() - t0;
      if (p >= 2) {
        perAnswer[i]!.push(dt); // the first people warm the JIT up
        allSteps.push(dt);
      }
    }
    await u.send("/cancel");
  }
  await h2.close();
  const first = percentile(perAnswer[0]!, 50);
  const last = percentile(perAnswer[14]!, 50);
  const p95 = percentile(allSteps, 95);
  return [
    { name: "bare grammY bot, /whoami, one at a time", value: perSecond(rates.oneAtATime.rates[0]) },
    { name: "whole bot (SQLite on disk), one at a time", value: perSecond(rates.oneAtATime.rates[1]) },
    { name: "whole / bare, one at a time (latency)", value: ratio(rates.oneAtATime.ratios) },
    { name: `bare grammY bot, /whoami, batches of ${BATCH}`, value: perSecond(rates.batched.rates[0]) },
    { name: `whole bot (SQLite on disk), batches of ${BATCH}`, value: perSecond(rates.batched.rates[1]) },
    { name: "whole / bare, batches (throughput)", value: ratio(rates.batched.ratios), goal: "≥ 50 %", ok: percentile(rates.batched.ratios, 50) >= 0.5 },
    {
      name: `whole / bare with npm start's Node flags (${flags})`,
      value: typeof production === "string" ? production : `batches ${ratio(production.batched.ratios)}; one at a time ${ratio(production.oneAtATime.ratios)}`,
    },
    { name: "report conversation step, 95th percentile", value: ms(p95), goal: "< 15 ms", ok: p95 < 15 },
    { name: "report: 1st answer (median)", value: ms(first) },
    { name: "report: 15th answer (median)", value: ms(last) },
    { name: "report: 15th answer / 1st answer", value: `${(last / first).toFixed(2)}×`, goal: "< 2×", ok: last / first < 2 },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  if (process.argv.includes(COMMAND_ONLY)) {
    console.log(JSON.stringify(await measureCommand()));
  } else {
    const { table } = await import("./lib.js");
    console.log(table(await benchOverhead()));
  }
}
