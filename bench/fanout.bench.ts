// Reminder fan-out to 1,000 people through the fake Telegram with 50 ms of
// latency per call: the pacing (30 messages a second), not our code, must be
// the limit. Goal: at least 95 % of the configured rate. And the event loop
// meanwhile: the longest time a 5 ms timer went without running, goal under
// 250 ms (a limit tests/shared/jobs/independence.test.ts had; a test must not depend
// on the machine's speed).
import { pathToFileURL } from "node:url";
import { performance } from "node:perf_hooks";
import { Harness } from "../tests/harness/harness.js";
import { blocWithSchedule, TEST_SCHEDULE } from "../tests/harness/bloc-files.js";
import { Pacer, pacerOf } from "../src/shared/jobs/pacer.js";
import { remindersJob } from "../src/features/reminders/jobs.js";
import { Scheduler } from "../src/shared/jobs/scheduler.js";
import type { Row } from "./lib.js";

export async function benchFanout(people = 1000, perSecond = 30): Promise<Row[]> {
  const h = await Harness.create({ now: "2026-11-02T01:00:00Z", blocFile: blocWithSchedule(TEST_SCHEDULE) });
  try {
    const boards = await h.db.board.findMany();
    for (let i = 0; i < people; i++) {
      const person = await h.db.person.create({ data: { telegramId: BigInt(5_000_000 + i), firstName: `P${i}` } });
      const board = boards[i % boards.length]!;
      await h.db.role.create({ data: { key: `${person.id}:focal:${board.id}`, personId: person.id, role: "focal", boardId: board.id } });
    }
    h.tg.latencyMs = 50;
    h.clock.set("2026-11-02T02:00:00Z"); // 09:00 in Hà Nội: the d-3 slot
    pacerOf(h.db, new Pacer({ perSecond }));
    const scheduler = new Scheduler(h.app.deps, h.app.bot.api, [remindersJob()]);
    let last = performance.now();
    let stall = 0;
    const watch = setInterval(() => {
      stall = Math.max(stall, performance.now() - last);
      last = performance.now();
    }, 5);
    const t0 = performance.now();
    try {
      await scheduler.tick(); // the claims, and the fan-out they hand off
    } finally {
      clearInterval(watch);
    }
    stall = Math.max(stall, performance.now() - last);
    const seconds = (performance.now() - t0) / 1000;
    const sent = h.tg.callsOf("sendMessage").length;
    const rate = sent / seconds;
    return [
      { name: `reminder fan-out: ${sent} messages, 50 ms latency each`, value: `${seconds.toFixed(1)} s, ${rate.toFixed(1)} msg/s` },
      { name: `share of the configured ${perSecond} msg/s`, value: `${((rate / perSecond) * 100).toFixed(1)} %`, goal: "≥ 95 %", ok: rate / perSecond >= 0.95 && sent === people },
      { name: "longest event-loop stall during the fan-out", value: `${stall.toFixed(1)} ms`, goal: "< 250 ms", ok: stall < 250 },
    ];
  } finally {
    await h.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { table } = await import("./lib.js");
  console.log(table(await benchFanout(Number(process.argv[2] ?? 1000))));
}
