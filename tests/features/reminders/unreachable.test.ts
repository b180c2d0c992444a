// /unreachable (admins): the people the bot cannot write to, with their roles.
// One query however many they are, and a list longer than Telegram's 4,096
// characters arrives whole, in several messages that each fit (issue 13, review).
import { afterEach, expect, it } from "vitest";
import { Harness } from "../../harness/harness.js";
import { join } from "../../harness/fixtures.js";
import { statementsRun } from "../../../src/shared/db/sql.js";
import { visibleLength, visibleText } from "../../../src/shared/text/split.js";

let h: Harness;
afterEach(async () => h?.close());

const NAME = (i: number) => `Nguyễn Văn <b>${String(i).padStart(3, "0")}</b> & Trần Thị Hồng Nhung Phương`;

/** `count` people who blocked the bot, each the focal person of a board and, every other one, its head too. */
async function unreachablePeople(from: number, count: number, boardIds: number[]) {
  const at = h.clock.now();
  for (let i = from; i < from + count; i++) {
    const p = await h.db.person.create({
      data: { telegramId: BigInt(700_000 + i), firstName: NAME(i), username: `user_${i}`, reachable: false, unreachableAt: at, unreachableReason: "Forbidden: bot was blocked by the user" },
    });
    const board = boardIds[i % boardIds.length]!;
    await h.db.role.create({ data: { key: `${p.id}:focal:${board}`, personId: p.id, role: "focal", boardId: board, grantedAt: at } });
    if (i % 2 === 0) await h.db.role.create({ data: { key: `${p.id}:head:${board}`, personId: p.id, role: "head", boardId: board, grantedAt: at } });
  }
}

it("lists 300 unreachable people with one query, in several messages within Telegram's limit, each person once with their roles", async () => {
  h = await Harness.create();
  const admin = h.user(1, "Admin");
  await join(h, 200, "Lan", "HP", "focal"); // reachable: not listed
  const boards = (await h.db.board.findMany({ where: { status: "active" }, orderBy: { id: "asc" } })).map((b) => b.id);
  await unreachablePeople(0, 3, boards);

  /** The statements one /unreachable costs (after a first one, so that caches are warm), and what it sent. */
  const run = async () => {
    await admin.send("/unreachable");
    const before = statementsRun(h.db);
    const calls = await admin.send("/unreachable");
    return { statements: statementsRun(h.db) - before, texts: calls.filter((c) => c.method === "sendMessage").map((c) => String(c.payload.text)) };
  };
  const few = await run();
  expect(few.texts).toHaveLength(1);
  expect(few.statements).toBeGreaterThan(0); // the count sees the statements

  await unreachablePeople(3, 297, boards);
  const many = await run();
  // The same statements for 300 people as for 3: the roles are not read one person at a time.
  expect(many.statements).toBe(few.statements);

  // Every part fits, and was accepted by the fake Telegram (which refuses what Telegram refuses).
  expect(many.texts.length).toBeGreaterThan(1);
  for (const t of many.texts) expect(visibleLength(t)).toBeLessThanOrEqual(4096);
  expect(h.tg.refused).toEqual([]);
  const all = many.texts.map((t) => visibleText(t)).join("\n");
  expect(all).toContain("300 người bot không gửi tin được");
  expect(all).not.toContain("Lan");
  for (let i = 0; i < 300; i++) {
    const line = all.split("\n").filter((l) => l.includes(NAME(i)));
    expect(line, NAME(i)).toHaveLength(1);
    expect(line[0]).toContain(`(@user_${i})`);
    expect(line[0]).toContain("Cán bộ đầu mối");
    if (i % 2 === 0) expect(line[0]).toContain("Lãnh đạo");
  }
  // Names are escaped: no part carries the person's markup as HTML.
  for (const t of many.texts) expect(t).not.toContain("<b>0");
});
