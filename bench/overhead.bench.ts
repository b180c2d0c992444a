// Framework overhead: updates per second through the whole bot (middleware,
// database, i18n) against a bare grammY bot answering the same updates through
// the same fake Telegram; and the cost of each answer in a 15-indicator report.
import { pathToFileURL } from "node:url";
import { performance } from "node:perf_hooks";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Bot } from "grammy";
import type { Update } from "grammy/types";
import { Harness, EXAMPLE_BLOC } from "../tests/harness/harness.js";
import { BOT_INFO, FakeTelegram } from "../tests/harness/fake-telegram.js";
import { join as joinAs } from "../tests/harness/fixtures.js";
import { ms, percentile, type Row } from "./lib.js";
import { readFileSync } from "node:fs";

const N = 4000;
const ROUNDS = 8;

function whoami(id: number, updateId: number): Update {
  return {
    update_id: updateId,
    message: { message_id: updateId, date: 1, chat: { id, type: "private", first_name: "U" }, from: { id, is_bot: false, first_name: "U" }, text: "/whoami", entities: [{ type: "bot_command", offset: 0, length: 7 }] },
  } as Update;
}

/**
 * Updates per second of two bots measured in alternating rounds (A B, B A, …), so
 * that a busy moment of the machine falls on both rather than on one of them.
 */
async function sideBySide(a: (u: Update) => Promise<void>, b: (u: Update) => Promise<void>): Promise<[number, number]> {
  let id = 1;
  const run = async (handle: (u: Update) => Promise<void>, n: number) => {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) await handle(whoami(200, id++));
    return performance.now() - t0;
  };
  await run(a, 200); // warm-up
  await run(b, 200);
  let msA = 0;
  let msB = 0;
  const perRound = N / ROUNDS;
  for (let r = 0; r < ROUNDS; r++) {
    if (r % 2 === 0) {
      msA += await run(a, perRound);
      msB += await run(b, perRound);
    } else {
      msB += await run(b, perRound);
      msA += await run(a, perRound);
    }
  }
  return [N / (msA / 1000), N / (msB / 1000)];
}

/** A bloc of 15 indicators: the example's 12 and three more. */
function fifteenIndicatorBloc(dir: string): string {
  const extra = [13, 14, 15].map((i) => `  - { code: extra${i}, nameVi: Chỉ tiêu thêm ${i}, nameEn: Extra ${i}, unit: firms, kind: flow, valueType: integer, max: 1000 }`).join("\n");
  const text = readFileSync(EXAMPLE_BLOC, "utf8").replace("\nawards:", `\n${extra}\n\nawards:`);
  const file = join(dir, "bloc15.yaml");
  writeFileSync(file, text);
  return file;
}

export async function benchOverhead(): Promise<Row[]> {
  // Bare grammY: the same fake Telegram, a handler that answers.
  const tg = new FakeTelegram();
  const bare = new Bot("123456789:BENCH_abcdefghijklmnopqrstuvwxyz0123", { botInfo: BOT_INFO as never, client: { fetch: tg.fetch as never, apiRoot: "http://fake" } });
  bare.command("whoami", (ctx) => ctx.reply(`<b>U</b> (Telegram ID <code>${ctx.from?.id}</code>)`, { parse_mode: "HTML" }));

  // The whole bot, SQLite on disk, the same person asking.
  const h = await Harness.create();
  await joinAs(h, 200, "Lan", "HP", "focal");
  const [bareRate, fullRate] = await sideBySide((u) => bare.handleUpdate(u), (u) => h.app.bot.handleUpdate({ ...u, update_id: u.update_id + 100_000 }));
  await h.close();

  // One report of 15 indicators: the cost of each answer (conversations replay).
  const dir = (await import("node:fs")).mkdtempSync(join((await import("node:os")).tmpdir(), "khoi-bench-conv-"));
  const h2 = await Harness.create({ blocFile: fifteenIndicatorBloc(dir) });
  const perAnswer: number[][] = Array.from({ length: 15 }, () => []);
  const allSteps: number[] = [];
  const people = 12;
  for (let p = 0; p < people; p++) {
    const u = await joinAs(h2, 1000 + p, `P${p}`, ["HP", "QN", "BN", "VP", "HNA", "ND", "NB", "HD", "HY", "TB", "HN", "HP"][p]!, "focal");
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
    { name: "bare grammY bot, /whoami", value: `${bareRate.toFixed(0)} updates/s` },
    { name: "whole bot (SQLite on disk), /whoami", value: `${fullRate.toFixed(0)} updates/s` },
    { name: "whole bot / bare bot", value: `${((fullRate / bareRate) * 100).toFixed(0)} %`, goal: "≥ 50 %", ok: fullRate / bareRate >= 0.5 },
    { name: "report conversation step, 95th percentile", value: ms(p95), goal: "< 15 ms", ok: p95 < 15 },
    { name: "report: 1st answer (median)", value: ms(first) },
    { name: "report: 15th answer (median)", value: ms(last) },
    { name: "report: 15th answer / 1st answer", value: `${(last / first).toFixed(2)}×`, goal: "< 2×", ok: last / first < 2 },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { table } = await import("./lib.js");
  console.log(table(await benchOverhead()));
}
