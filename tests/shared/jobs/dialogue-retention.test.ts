// What dialogues keep beside their conversation is pruned (issue 13, bounded
// tables): presses once past the double-tap window, drafts left for a month.
import { afterEach, describe, expect, it } from "vitest";
import { Harness } from "../../harness/harness.js";
import { DIALOGUE_DRAFT_DAYS, DOUBLE_TAP_MS, claimPress, saveDialogueDraft } from "../../../src/chat/conversations/drafts.js";

let h: Harness;
afterEach(async () => h?.close());

describe("what dialogues keep is pruned", () => {
  it("the housekeeping job forgets presses past the double-tap window, and drafts untouched for DIALOGUE_DRAFT_DAYS", async () => {
    h = await Harness.create({ now: "2026-12-10T02:00:00Z" });
    const counts = async () => [await h.db.buttonPress.count(), await h.db.dialogueDraft.count()];
    await claimPress(h.db, "200:-100:7:bv:1:2", h.clock.now());
    await saveDialogueDraft(h.db, 1, "new-ballot", { kind: "leader" }, h.clock.now());
    await h.app.scheduler.tick();
    expect(await counts()).toEqual([1, 1]);
    h.clock.advance(DOUBLE_TAP_MS + 1);
    await h.app.scheduler.tick();
    expect(await counts()).toEqual([0, 1]);
    h.clock.advance(DIALOGUE_DRAFT_DAYS * 86400_000);
    await h.app.scheduler.tick();
    expect(await counts()).toEqual([0, 0]);
  });
});
