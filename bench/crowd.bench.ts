// Crowds without a role, and files over a big bloc (issue 13, review): how long a
// member waits, and how long the event loop stands still.
//  - 3,000 strangers' /start at once, then a member's /whoami (the runner's own
//    sink, 500 slots, fed in getUpdates batches of 100; Telegram answers in 20 ms).
//  - 30 outsiders pressing a group ballot's button 20 times each, then a member's
//    vote; and 30 outsiders' /whoami in the group with Telegram's group limit
//    (answered 429, retry after 3 s, past 22 sends), then the vote.
//  - A chart, the workbook and /annual over 600 boards, made in the export
//    worker: the loop's longest stall while each is made.
// Real time for the loop; the bot's clock stands still (the budgets do not refill).
// Run alone: npx tsx bench/crowd.bench.ts
import { pathToFileURL } from "node:url";
import { performance } from "node:perf_hooks";
import { createConcurrentSink } from "@grammyjs/runner";
import type { Update } from "grammy/types";
import { Harness, type FakeUser } from "../tests/harness/harness.js";
import { join } from "../tests/harness/fixtures.js";
import { FAIRNESS } from "../src/chat/middleware/fairness.js";
import { closeExportPool } from "../src/features/exports/pool.js";
import { ms, type Row } from "./lib.js";

/** The longest time the event loop went without running a 5 ms timer. */
function stallWatch() {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 5);
  return () => {
    clearInterval(timer);
    return Math.max(longest, performance.now() - last);
  };
}

/** The runner's sink over a harness; resolves `waitFor(id)` when that update is done with. */
function runnerSink(h: Harness) {
  const waiters = new Map<number, () => void>();
  const settled = new Set<number>();
  const sink = createConcurrentSink<Update>(
    { consume: (u) => h.dispatch(u).finally(() => { settled.add(u.update_id); waiters.get(u.update_id)?.(); }) },
    async (e) => { throw e; },
    { concurrency: 500 },
  );
  return {
    settled,
    /** Feeds `updates` as getUpdates batches of 100, the loop turning between two (as a poll's answer comes). */
    async feed(updates: Update[]) {
      for (let i = 0; i < updates.length; i += 100) {
        await sink.handle(updates.slice(i, i + 100));
        await new Promise((r) => setImmediate(r));
      }
    },
    waitFor: (id: number) => new Promise<void>((r) => (settled.has(id) ? r() : waiters.set(id, r))),
    async drained() {
      while (sink.size() > 0) await new Promise((r) => setTimeout(r, 5));
    },
  };
}

async function handled(h: Harness, updates: Update[]): Promise<number> {
  const ids = new Set(updates.map((u) => u.update_id));
  const rows = await h.db.processedUpdate.findMany({ select: { updateId: true } });
  return rows.filter((r) => ids.has(Number(r.updateId))).length;
}

async function strangers(): Promise<Row[]> {
  const h = await Harness.create({ now: "2026-12-10T02:00:00Z", fairness: FAIRNESS });
  try {
    const lan = await join(h, 200, "Lan", "HP", "focal");
    h.clock.advance(3_600_000);
    h.tg.latencyMs = 20;
    const flood = Array.from({ length: 3000 }, (_, i) => h.textUpdate(h.user(100_000 + i, `Khách ${i}`), "/start"));
    const whoami = h.textUpdate(lan, "/whoami");
    const sink = runnerSink(h);
    const stall = stallWatch();
    await sink.feed(flood);
    const fed = performance.now();
    await sink.feed([whoami]);
    await sink.waitFor(whoami.update_id);
    const waited = performance.now() - fed;
    await sink.drained();
    const longest = stall();
    return [
      { name: "3,000 strangers' /start at once: a member's /whoami fed after them answered in", value: ms(waited), goal: "< 250 ms", ok: waited < 250 },
      { name: "  the loop's longest stall meanwhile", value: ms(longest), goal: "< 250 ms", ok: longest < 250 },
      { name: "  strangers handled (the others dropped before the ledger); Person rows made", value: `${await handled(h, flood)}; ${await h.db.person.count({ where: { telegramId: { gte: BigInt(100_000) } } })}` },
    ];
  } finally {
    await h.close();
  }
}

async function groupCrowd(kind: "press" | "command"): Promise<Row[]> {
  const h = await Harness.create({ now: "2026-12-10T02:00:00Z", fairness: FAIRNESS });
  try {
    const group = h.group();
    await h.user(1, "Admin").sendIn(group, "/linkgroup");
    const thu = await join(h, 100, "Thu", "", "secretariat");
    const lan: FakeUser = await join(h, 200, "Lan", "HP", "focal");
    h.clock.advance(3_600_000);
    await thu.send("/newballot");
    for (const b of ["Khối trưởng", /^\d{4}$/, "Dùng tiêu đề này", "Tất cả các đơn vị", "Công khai", "24 giờ", "Không yêu cầu", "bầu lại", "Đăng lên nhóm"]) await thu.press(b);
    h.clock.advance(3_600_000);
    const ballot = [...group.messages()].reverse().find((m) => m.text?.startsWith("🗳"))!;
    h.tg.latencyMs = 20;
    if (kind === "command") {
      let n = 0;
      h.tg.fail((c) => c.method === "sendMessage" && Number(c.payload.chat_id) === group.chatId && ++n > 22, 429, "Too Many Requests: retry after 3", { retry_after: 3, times: 10 });
    }
    const flood: Update[] = [];
    for (let a = 0; a < 30; a++) {
      const s = h.user(9000 + a, `Lạ ${a}`);
      for (let i = 0; i < (kind === "press" ? 20 : 1); i++) {
        flood.push(kind === "press"
          ? s.pressUpdate("Hà Nam", { in: group, messageId: ballot.message_id })
          : ({ update_id: h.nextUpdateId(), message: { message_id: 700_000 + flood.length, date: 1, chat: { id: group.chatId, type: "supergroup", title: "Khối" }, from: s.tg, text: "/whoami", entities: [{ type: "bot_command", offset: 0, length: 7 }] } } as unknown as Update));
      }
    }
    const vote = lan.pressUpdate("Hà Nam", { in: group, messageId: ballot.message_id });
    const sink = runnerSink(h);
    const t0 = performance.now();
    await sink.feed(flood);
    await sink.feed([vote]);
    await sink.waitFor(vote.update_id);
    const waited = performance.now() - t0;
    const before = await handled(h, flood);
    await sink.drained();
    const label = kind === "press" ? "30 outsiders × 20 presses on the group's ballot" : "30 outsiders' /whoami in the group (Telegram's group limit)";
    return [
      { name: `${label}: a member's vote fed after them answered in`, value: ms(waited), goal: "< 1 s", ok: waited < 1000 },
      { name: "  outsiders' updates handled before the vote was answered (of the flood)", value: `${before} of ${flood.length}` },
    ];
  } finally {
    await h.close();
  }
}

const BOARDS = 600;

async function exports(): Promise<Row[]> {
  const h = await Harness.create({ now: "2026-12-10T02:00:00Z" });
  try {
    const admin = h.user(1, "Admin");
    await admin.send("/start");
    const have = await h.db.board.count();
    await h.db.board.createMany({ data: Array.from({ length: BOARDS - have }, (_, i) => ({ code: `X${i}`, name: `Ban Quản lý ${i}`, shortName: `Ban ${i}`, sortOrder: 100 + i })) });
    const boards = await h.db.board.findMany({ orderBy: { id: "asc" } });
    const indicators = await h.db.indicator.findMany({ where: { active: true } });
    for (const year of [2025, 2026]) {
      for (let month = 1; month <= 12; month++) {
        const period = await h.db.period.upsert({ where: { year_month: { year, month } }, create: { year, month, startsAt: new Date(), endsAt: new Date(), deadlineAt: new Date() }, update: {} });
        await h.db.report.createMany({ data: boards.map((b) => ({ boardId: b.id, periodId: period.id, reference: `R-${period.id}-${b.id}`, submittedAt: new Date() })) });
        const reports = await h.db.report.findMany({ where: { periodId: period.id }, select: { id: true, boardId: true } });
        await h.db.reportValue.createMany({ data: reports.flatMap((r) => indicators.map((ind) => ({ reportId: r.id, indicatorId: ind.id, value: ((r.boardId * 31 + month * 7 + ind.id) % 1000) + (ind.decimals ? 0.5 : 0) }))) });
      }
    }
    const rows: Row[] = [];
    const timed = async (name: string, act: () => Promise<unknown>, sent: () => number) => {
      const before = sent();
      const stall = stallWatch();
      const t0 = performance.now();
      await act();
      const took = performance.now() - t0;
      const longest = stall();
      rows.push({ name: `${name}: made in the worker in ${ms(took)}; the loop's longest stall meanwhile`, value: ms(longest), goal: "< 250 ms", ok: longest < 250 && sent() > before });
    };
    await admin.send("/summary 2026");
    const files = () => h.tg.callsOf("sendPhoto").length + h.tg.callsOf("sendDocument").length;
    await timed(`charts, year 2026 over ${BOARDS} boards`, () => admin.press("Biểu đồ"), files);
    await timed(`workbook (XLSX), year 2026 over ${BOARDS} boards`, () => admin.press("Bảng tính", { messageId: admin.messages().find((m) => m.text?.startsWith("📊"))!.message_id }), files);
    await timed(`/annual 2026 (DOCX) over ${BOARDS} boards`, () => admin.send("/annual 2026"), files);
    return rows;
  } finally {
    await h.close();
    await closeExportPool();
  }
}

export async function benchCrowd(): Promise<Row[]> {
  return [...(await strangers()), ...(await groupCrowd("press")), ...(await groupCrowd("command")), ...(await exports())];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { table } = await import("./lib.js");
  console.log(table(await benchCrowd()));
}
