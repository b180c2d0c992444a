// The store of /record's changes: two confirmations from one state never both
// apply, whatever the interleaving; the sequence number is unique in the database.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Harness } from "../../harness/harness.js";
import { applyChange, proposeChange, slotBoards } from "../../../src/features/history/store.js";

let h: Harness;
beforeEach(async () => {
  h = await Harness.create();
});
afterEach(async () => h.close());

describe("record changes", () => {
  it("two changes proposed from the same state and confirmed at once: exactly one applies", async () => {
    const id = async (code: string) => (await h.db.board.findUniqueOrThrow({ where: { code } })).id;
    const now = h.clock.now();
    for (let round = 0; round < 5; round++) {
      const year = 2010 + round;
      const a = await proposeChange(h.db, { year, slot: { kind: "leader" }, after: [await id("HNA")], byPersonId: null, now });
      const b = await proposeChange(h.db, { year, slot: { kind: "leader" }, after: [await id("VP")], byPersonId: null, now });
      if (!a.ok || !b.ok) throw new Error("not proposed");
      const results = await Promise.all([applyChange(h.db, a.change.id, null, now), applyChange(h.db, b.change.id, null, now)]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.reason)).toEqual(["stale"]);
      const winner = results[0]!.ok ? a.change : b.change;
      expect(await slotBoards(h.db, year, { kind: "leader" })).toEqual(winner.after);
      expect((await h.db.auditEvent.findMany({ where: { action: "record.apply" } })).filter((e) => JSON.stringify(e.detail).includes(`"year":${year}`))).toHaveLength(1);
    }
  });

  it("the database refuses a second applied change with the same number", async () => {
    const row = { year: 2020, slot: "leader", beforeJson: "[]", afterJson: "[1]", baseSeq: 0, seq: 1, status: "applied" as const, createdAt: new Date() };
    await h.db.recordChange.create({ data: row });
    await expect(h.db.recordChange.create({ data: row })).rejects.toThrow();
    // Pending changes (no number yet) are as many as proposed.
    await h.db.recordChange.create({ data: { ...row, seq: null, status: "pending" } });
    await h.db.recordChange.create({ data: { ...row, seq: null, status: "pending" } });
    expect(await h.db.recordChange.count()).toBe(3);
  });
});
