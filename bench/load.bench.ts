// Heavy work at once (issue 13's Performance goal): a 20,000-row import, a
// reminder fan-out to 3,000 people and year summaries over 600 boards run
// together in one bot, while another person sends /whoami every 200 ms.
// Measured: the event loop's lag (p99 < 50 ms) and its longest stall (< 250 ms),
// the /whoami answers, the fan-out's pace (≥ 95 % of the configured 30 a second),
// and how late ballots due meanwhile close (within a minute of their time).
//
// Real time throughout: the bot's clock follows the wall clock, the scheduler
// beats every 60 s as cron makes it in production, and the fake Telegram answers
// each call after 50 ms. Run alone: npx tsx bench/load.bench.ts
// (LOAD_DEBUG=1 prints every stall over 50 ms as it happens.)
import { pathToFileURL } from "node:url";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { Harness } from "../tests/harness/harness.js";
import { blocWithSchedule, TEST_SCHEDULE } from "../tests/harness/bloc-files.js";
import { join } from "../tests/harness/fixtures.js";
import { createBallot } from "../src/features/ballots/store.js";
import { importFigures } from "../src/features/imports/use-cases.js";
import { postBallot } from "../src/features/ballots/use-cases.js";
import { mainThreadCpuMs, ms, percentile, type Row } from "./lib.js";

const BOARDS = 600;
const PEOPLE = 3000;
const IMPORT_ROWS = 20_000;
const PACE = 30; // the pacer's default, messages a second
/** Local time in Hà Nội → the instant. */
const vn = (local: string) => new Date(`${local}+07:00`);

/**
 * The longest time the event loop went without running a 5 ms timer (wall
 * clock), and the longest such gap during which this process itself was busy
 * (its main thread's CPU time at least 80 % of the gap): on a machine shared with other work,
 * a gap can also be the system giving the core to another process.
 */
function stallWatch() {
  let last = performance.now();
  let lastCpu = cpuMs();
  let longest = 0;
  let longestBusy = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    const cpu = cpuMs();
    const gap = now - last;
    const busy = cpu - lastCpu >= 0.8 * gap;
    if (process.env.LOAD_DEBUG && gap > 50) console.log(`stall of ${gap.toFixed(0)} ms (${(cpu - lastCpu).toFixed(0)} ms of CPU) at ${(now / 1000).toFixed(1)} s`);
    longest = Math.max(longest, gap);
    if (busy) longestBusy = Math.max(longestBusy, gap);
    last = now;
    lastCpu = cpu;
  }, 5);
  return () => {
    clearInterval(timer);
    return { longest: Math.max(longest, performance.now() - last), longestBusy };
  };
}

/** The event loop's thread's CPU time (bench/lib.ts): V8's background threads could make a gap spent waiting for a core look busy. */
const cpuMs = mainThreadCpuMs;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function benchLoad(): Promise<Row[]> {
  // 09:00 on 2 November 2026 in Hà Nội: the d-3 reminder slot of October.
  const start = vn("2026-11-02T09:00:00");
  const h = await Harness.create({ now: vn("2026-11-02T08:00:00").toISOString(), blocFile: blocWithSchedule(TEST_SCHEDULE) });
  try {
    const admin = h.user(1, "Admin");
    await admin.send("/start");
    const lan = await join(h, 200, "Lan", "HP", "focal");
    await admin.sendIn(h.group(), "/linkgroup");
    const csv = await seed(h);

    h.tg.latencyMs = 50;
    const t0 = performance.now();
    h.clock.set(start);
    const follow = setInterval(() => h.clock.set(new Date(start.getTime() + (performance.now() - t0))), 20);
    // Two ballots fall due while the fan-out runs.
    const ballots = [await newBallot(h, new Date(start.getTime() + 45_000)), await newBallot(h, new Date(start.getTime() + 95_000))];

    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    const stall = stallWatch();
    // The first seconds, while the import runs too, measured apart as well.
    const lagImporting = monitorEventLoopDelay({ resolution: 10 });
    lagImporting.enable();
    const stallImporting = stallWatch();
    let running = true;

    // The scheduler as cron beats it: now, then every minute, until both ballots are due.
    const beats = (async () => {
      for (let n = 0; n < 3; n++) {
        if (n) await sleep(t0 + n * 60_000 - performance.now());
        h.app.scheduler.beat();
      }
    })();
    // The import, as /import runs it (src/features/imports/use-cases.ts).
    const importing = (async () => {
      const t = performance.now();
      const admin = await h.db.person.findFirstOrThrow({ where: { telegramId: BigInt(1) } });
      const out = await importFigures({ db: h.db, clock: h.clock, zone: h.config.timeZone, personId: admin.id, file: { kind: "csv", bytes: csv } });
      const stalls = stallImporting();
      lagImporting.disable();
      return { seconds: (performance.now() - t) / 1000, imported: out.imported, p99: lagImporting.percentile(99) / 1e6, ...stalls };
    })();
    // The year summary over 600 boards, asked by an admin again and again, 5 s apart.
    const summaries = (async () => {
      const times: number[] = [];
      while (running) {
        const t = performance.now();
        await admin.send("/summary 2025");
        times.push(performance.now() - t);
        await sleep(5000);
      }
      return times;
    })();
    // Another person's /whoami every 200 ms.
    const whoami: number[] = [];
    const asking = (async () => {
      while (running) {
        const t = performance.now();
        await lan.send("/whoami");
        whoami.push(performance.now() - t);
        await sleep(200);
      }
    })();

    await beats;
    await h.app.scheduler.idle();
    const imported = await importing;
    running = false;
    const summaryTimes = await summaries;
    await asking;
    const stalls = stall();
    lag.disable();
    clearInterval(follow);

    const reminders = h.tg.calls.filter((c) => c.method === "sendMessage" && JSON.stringify(c.payload.reply_markup ?? "").includes('"rep:'));
    const pace = (reminders.length - 1) / ((reminders.at(-1)!.at - reminders[0]!.at) / 1000);
    const late = (await h.db.ballot.findMany({ where: { id: { in: ballots } } })).map((b) => (b.closedAt ? (b.closedAt.getTime() - b.closesAt.getTime()) / 1000 : Infinity));
    const p99 = lag.percentile(99) / 1e6;
    return [
      { name: `event-loop lag, p99, while all of these run at once`, value: ms(p99), goal: "< 50 ms", ok: p99 < 50 },
      { name: "longest stall of the event loop meanwhile", value: ms(stalls.longest), goal: "< 250 ms", ok: stalls.longest < 250 },
      { name: "longest stall while this process itself was busy (not waiting for a core)", value: ms(stalls.longestBusy) },
      { name: `another person's /whoami, every 200 ms (${whoami.length} answered): median, p99`, value: `${ms(percentile(whoami, 50))}, ${ms(percentile(whoami, 99))}` },
      { name: `import of ${IMPORT_ROWS.toLocaleString("en")} rows (CSV, 12 indicators) meanwhile: rows stored, time`, value: `${imported.imported.toLocaleString("en")}, ${imported.seconds.toFixed(1)} s`, ok: imported.imported === IMPORT_ROWS },
      { name: "while the import ran (all four at once): lag p99, longest stall (busy)", value: `${ms(imported.p99)}, ${ms(imported.longest)} (${ms(imported.longestBusy)})`, goal: "< 50 ms, < 250 ms", ok: imported.p99 < 50 && imported.longest < 250 },
      { name: `/summary 2025 over ${BOARDS} boards × 12 indicators (${summaryTimes.length} asked): median answer`, value: ms(percentile(summaryTimes, 50)) },
      { name: `fan-out: ${reminders.length.toLocaleString("en")} reminders, share of the configured ${PACE} msg/s`, value: `${pace.toFixed(1)} msg/s, ${((pace / PACE) * 100).toFixed(1)} %`, goal: "≥ 95 %", ok: pace / PACE >= 0.95 && reminders.length > PEOPLE },
      { name: "ballots due during the fan-out: closed after their time (cron beats each minute)", value: late.map((s) => `${s.toFixed(0)} s`).join(", "), goal: "< 60 s", ok: late.every((s) => s < 60) },
    ];
  } finally {
    await h.close();
  }
}

/**
 * 600 boards with 5 focal persons each (and Lan: 3,001 reminders), their figures
 * for 2024 and 2025; returns the CSV of 20,000 earlier months to import.
 */
async function seed(h: Harness): Promise<Uint8Array> {
  const have = await h.db.board.count();
  await h.db.board.createMany({ data: Array.from({ length: BOARDS - have }, (_, i) => ({ code: `X${i}`, name: `Ban Quản lý ${i}`, shortName: `Ban ${i}`, sortOrder: 100 + i })) });
  const boards = await h.db.board.findMany({ orderBy: { id: "asc" } });
  await h.db.person.createMany({ data: Array.from({ length: PEOPLE }, (_, i) => ({ telegramId: BigInt(5_000_000 + i), firstName: `Người ${i}` })) });
  const people = await h.db.person.findMany({ where: { telegramId: { gte: BigInt(5_000_000) } }, orderBy: { id: "asc" } });
  await h.db.role.createMany({ data: people.map((p, i) => ({ key: `${p.id}:focal:${boards[i % BOARDS]!.id}`, personId: p.id, role: "focal", boardId: boards[i % BOARDS]!.id })) });
  const indicators = await h.db.indicator.findMany({ where: { active: true }, orderBy: { sortOrder: "asc" } });
  for (const year of [2024, 2025]) {
    for (let month = 1; month <= 12; month++) {
      const period = await h.db.period.upsert({ where: { year_month: { year, month } }, create: { year, month, startsAt: new Date(), endsAt: new Date(), deadlineAt: new Date() }, update: {} });
      await h.db.report.createMany({ data: boards.map((b) => ({ boardId: b.id, periodId: period.id, reference: `R-${period.id}-${b.id}`, submittedAt: new Date() })) });
      const reports = await h.db.report.findMany({ where: { periodId: period.id }, select: { id: true, boardId: true } });
      await h.db.reportValue.createMany({
        data: reports.flatMap((r) => indicators.map((ind) => ({ reportId: r.id, indicatorId: ind.id, value: ((r.boardId * 31 + month * 7 + ind.id) % 1000) + (ind.decimals ? 0.5 : 0) }))),
      });
    }
  }
  // The import: every board's months from January 2021 on, 20,000 rows.
  const lines = [`board,period,${indicators.map((i) => i.code).join(",")}`];
  for (let m = 0; lines.length <= IMPORT_ROWS; m++) {
    const period = `${2021 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, "0")}`;
    for (const b of boards) {
      if (lines.length > IMPORT_ROWS) break;
      lines.push(`${b.code},${period},${indicators.map((ind) => String(((b.id + m + ind.id) % 9) + 1)).join(",")}`);
    }
  }
  return new TextEncoder().encode(lines.join("\n") + "\n");
}

async function newBallot(h: Harness, closesAt: Date): Promise<number> {
  const boards = await h.db.board.findMany({ where: { code: { in: ["HP", "QN", "BN"] } } });
  const admin = await h.db.person.findFirstOrThrow({ where: { telegramId: BigInt(1) } });
  const id = await createBallot(h.db, {
    kind: "motion", awardKindCode: null, year: 2026, title: "Thông qua quy chế", secret: false, picksPerVoter: 1, maxWinners: 1, quorum: 0,
    tieRule: "leader", allowSelfVote: true, createdById: admin.id, closesAt, chatId: -1001234567890,
    candidates: [{ boardId: null, label: "yes" }, { boardId: null, label: "no" }], eligibleBoardIds: boards.map((b) => b.id), now: h.clock.now(),
  });
  await postBallot(h.app.deps, id);
  return id;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { table } = await import("./lib.js");
  console.log(table(await benchLoad()));
}
