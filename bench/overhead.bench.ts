// Framework overhead: updates per second through the whole bot (middleware,
// database, i18n) against a bare grammY bot answering the same updates through
// the same fake Telegram (information only since issue 15, no longer a goal); and
// the cost of each answer in a 60-indicator report (issue 15: flat in n, p95 < 15 ms).
import { spawnSync } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { performance } from "node:perf_hooks";
import { Bot } from "grammy";
import type { Update } from "grammy/types";
import { Harness, EXAMPLE_BLOC } from "../tests/harness/harness.js";
import { BOT_INFO, FakeTelegram } from "../tests/harness/fake-telegram.js";
import { callRefusal } from "../tests/harness/telegram-rules.js";
import { messageParts } from "../src/messengers/telegram/telegram-limits.js";
import { productionNodeFlags } from "../tests/harness/http-telegram.js";
import { productionEnv } from "../tests/harness/production-env.js";
import { join as joinAs } from "../tests/harness/fixtures.js";
import { largeBloc } from "../tests/harness/bloc-files.js";
import { ms, percentile, processCpuMs, timeRuns, type Row } from "./lib.js";

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

/** Indicators in the report measure: the large bloc's 60 (issue 15's "flat in n" goal). */
const INDICATORS = 60;
/**
 * People who each report once; the first WARMUP warm the JIT up, the rest give the
 * medians. A hundred reports: with twenty, the ratio of two medians moved by ±0.07
 * between runs on this 2-core machine with others' work beside it.
 */
const REPORTERS = 102;
const WARMUP = 2;
/** The 60th answer's median over the 1st's (issue 15, item 4). */
const FLAT_GOAL = 1.3;
/** Any answer's 95th percentile, SQLite on disk (issue 15's performance goals). */
const P95_GOAL_MS = 15;

/** A value each indicator of the large bloc accepts: whole numbers, or two decimals for money (as tests/chat/long-texts.test.ts). */
const answerFor = (i: number) => (i % 5 === 1 || i % 5 === 2 ? `${1000 + i},25` : String(100 + i));

/**
 * The cost of each answer of a report over the 60-indicator large bloc
 * (tests/harness/bloc-files.ts), SQLite on disk, through the whole bot: ms per
 * answer, indexed by question (0-based), over REPORTERS − WARMUP reports, each
 * by a person of their own board (no draft shared), each cancelled at the end.
 * The fake Telegram does not judge the calls while they are timed (its checks of
 * Telegram's rules parse every text again: ~0.2 ms per 4,000 characters, the
 * test's cost, not the bot's), for every answer alike; every call of each report
 * is judged after it, outside the timing, and a refusal stops the bench.
 * perAnswer and cpuPerAnswer are the bot's cost: the answer's wall time (the
 * process's CPU time, processCpuMs) less the fake's work as Telegram's servers during it
 * (FakeTelegram.serverMs: reading each request, answering, writing the JSON),
 * which a real server does at no cost to the bot; grossPerAnswer keeps the wall
 * time with it, serverPerAnswer what was taken out. `all` (for the p95) is gross.
 * Also returns the read-back as sent (its parts joined again), for the split's line.
 */
async function measureReport(): Promise<{ perAnswer: number[][]; cpuPerAnswer: number[][]; grossPerAnswer: number[][]; serverPerAnswer: number[][]; all: number[]; readBack: string; press: number[] }> {
  const h = await Harness.create({ blocFile: largeBloc({ boards: REPORTERS, indicators: INDICATORS }) });
  h.tg.judge = false;
  let readBack = "";
  try {
    const boards = await h.db.board.findMany({ orderBy: { id: "asc" }, select: { code: true } });
    const indicators = await h.db.indicator.count();
    if (boards.length < REPORTERS || indicators !== INDICATORS) throw new Error(`the large bloc has ${boards.length} boards and ${indicators} indicators`);
    const perAnswer: number[][] = Array.from({ length: INDICATORS }, () => []);
    const all: number[] = [];
    const press: number[] = [];
    const cpuPerAnswer: number[][] = Array.from({ length: INDICATORS }, () => []);
    const grossPerAnswer: number[][] = Array.from({ length: INDICATORS }, () => []);
    const serverPerAnswer: number[][] = Array.from({ length: INDICATORS }, () => []);
    for (let p = 0; p < REPORTERS; p++) {
      const u = await joinAs(h, 1000 + p, `P${p}`, boards[p]!.code, "focal");
      await u.send("/report");
      if (!u.lastText().includes(`1/${INDICATORS}`)) throw new Error(`/report did not ask the first question: ${u.lastText().slice(0, 200)}`);
      for (let i = 0; i < INDICATORS; i++) {
        const s0 = h.tg.serverMs;
        const c0 = processCpuMs();
        const t0 = performance.now();
        await u.send(answerFor(i));
        const dt = performance.now() - t0;
        const cpu = processCpuMs() - c0;
        // The fake's work as Telegram's servers (FakeTelegram.serverMs) is not the bot's.
        const server = h.tg.serverMs - s0;
        if (p >= WARMUP) {
          cpuPerAnswer[i]!.push(cpu - server);
          perAnswer[i]!.push(dt - server);
          grossPerAnswer[i]!.push(dt);
          serverPerAnswer[i]!.push(server);
          all.push(dt);
        }
      }
      // The last answer leads to the read-back: the report was walked to its end.
      const texts = u.messages().map((m) => m.text ?? "");
      const first = texts.findIndex((t) => t.includes("Kiểm tra báo cáo"));
      if (first === -1) throw new Error(`no read-back after ${INDICATORS} answers: ${u.lastText().slice(0, 200)}`);
      readBack = texts.slice(first).join("\n");
      for (const call of h.tg.calls) {
        const refusal = callRefusal(call);
        if (refusal) throw new Error(`Telegram would refuse ${call.method} in the report: ${refusal.description}`);
      }
      // The next update: a press on the read-back ("change one item", which shows the picker of all items).
      const t0 = performance.now();
      await u.press("Sửa một mục");
      if (p >= WARMUP) press.push(performance.now() - t0);
      await u.send("/cancel");
      h.tg.forget(); // the fake's records, not the bot, would otherwise fill the heap
    }
    return { perAnswer, cpuPerAnswer, grossPerAnswer, serverPerAnswer, all, readBack, press };
  } finally {
    await h.close();
  }
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
 * The same measure in a child process started with the Node flags and environment of
 * `npm start` (see productionNodeFlags, productionEnv): they hold the young generation to 1 MB for the idle
 * memory goal, which makes the garbage collector work harder under load.
 */
function measureCommandWithProductionFlags(): Rates | string {
  const root = fileURLToPath(new URL("..", import.meta.url));
  const flags = productionNodeFlags(root);
  const r = spawnSync(process.execPath, [...flags, "--import", "tsx", "bench/overhead.bench.ts", COMMAND_ONLY], { cwd: root, env: { ...process.env, ...productionEnv(root) }, encoding: "utf8", maxBuffer: 1 << 24 });
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

  const report = await measureReport();
  const parts = messageParts(report.readBack, true);
  const split = await timeRuns(200, 50, async () => messageParts(report.readBack, true));
  const median = (i: number) => percentile(report.perAnswer[i - 1]!, 50);
  const first = median(1);
  const last = median(INDICATORS);
  const p95 = percentile(report.all, 95);
  const reports = REPORTERS - WARMUP;
  return [
    { name: "bare grammY bot, /whoami, one at a time", value: perSecond(rates.oneAtATime.rates[0]) },
    { name: "whole bot (SQLite on disk), one at a time", value: perSecond(rates.oneAtATime.rates[1]) },
    { name: "whole / bare, one at a time (latency)", value: ratio(rates.oneAtATime.ratios) },
    { name: `bare grammY bot, /whoami, batches of ${BATCH}`, value: perSecond(rates.batched.rates[0]) },
    { name: `whole bot (SQLite on disk), batches of ${BATCH}`, value: perSecond(rates.batched.rates[1]) },
    { name: "whole / bare, batches (throughput; information, no longer a goal since issue 15)", value: ratio(rates.batched.ratios) },
    {
      name: `whole / bare with npm start's Node flags (${flags})`,
      value: typeof production === "string" ? production : `batches ${ratio(production.batched.ratios)}; one at a time ${ratio(production.oneAtATime.ratios)}`,
    },
    { name: `report (${INDICATORS} indicators, SQLite on disk; the fake Telegram judges the calls after the timing): an answer, 95th percentile over ${reports} reports (wall time, the fake's work included)`, value: ms(p95), goal: `< ${P95_GOAL_MS} ms`, ok: p95 < P95_GOAL_MS },
    ...[1, 15, 30, 45].map((i) => ({ name: `report: answer ${i} (median; the bot's wall time: the fake's work as Telegram's servers taken out, as below)`, value: ms(median(i)) })),
    { name: `report: answer ${INDICATORS - 1} (median; the last one followed by a question)`, value: ms(median(INDICATORS - 1)) },
    { name: `report: answer ${INDICATORS} (median; followed by the read-back of all ${INDICATORS})`, value: ms(last) },
    { name: `report: answer ${INDICATORS - 1} / answer 1 (medians; information: the growth without the read-back)`, value: `${(median(INDICATORS - 1) / first).toFixed(2)}×` },
    { name: `report: answer ${INDICATORS} / answer 1 (medians of the bot's wall time)`, value: `${(last / first).toFixed(2)}×`, goal: `< ${FLAT_GOAL}×`, ok: last / first < FLAT_GOAL },
    {
      name: `report: the fake's work as Telegram's servers (reading each request, answering, writing the JSON), taken out of the answers above: answer 1, answer ${INDICATORS} (medians; information)`,
      value: `${percentile(report.serverPerAnswer[0]!, 50).toFixed(2)} ms, ${percentile(report.serverPerAnswer[INDICATORS - 1]!, 50).toFixed(2)} ms`,
    },
    {
      name: `report: answer ${INDICATORS} / answer 1 with the fake's work left in (medians of wall time; information)`,
      value: `${(percentile(report.grossPerAnswer[INDICATORS - 1]!, 50) / percentile(report.grossPerAnswer[0]!, 50)).toFixed(2)}× (${ms(percentile(report.grossPerAnswer[0]!, 50))}, ${ms(percentile(report.grossPerAnswer[INDICATORS - 1]!, 50))})`,
    },
    {
      name: `report: answer ${INDICATORS} / answer 1 in the bot's CPU time (the process's, all threads; the fake's work taken out likewise; medians; information: what other processes on the machine change least)`,
      value: `${(percentile(report.cpuPerAnswer[INDICATORS - 1]!, 50) / percentile(report.cpuPerAnswer[0]!, 50)).toFixed(2)}× (${percentile(report.cpuPerAnswer[0]!, 50).toFixed(1)} ms, ${percentile(report.cpuPerAnswer[INDICATORS - 1]!, 50).toFixed(1)} ms)`,
    },
    { name: `report: the next update, a press of "change one item" on the read-back (median; information)`, value: ms(percentile(report.press, 50)) },
    { name: `report: the read-back (${report.readBack.length.toLocaleString("en")} characters of HTML) cut into ${parts.length} messages (splitText), median of 200`, value: `${percentile(split, 50).toFixed(2)} ms` },
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
