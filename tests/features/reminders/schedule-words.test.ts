// /schedule in plain words (issue 14 item 2): the reminder slots are said as
// people say them ("1 ngày sau hạn", "3 days before the deadline"), never by the
// ids the bloc file gives them (d-3, h+1, g+3…), in Vietnamese and in English.
import { afterEach, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { Harness } from "../../harness/harness.js";
import { EXAMPLE_BLOC } from "../../harness/harness.js";
import { ADMIN_ID, join } from "../../harness/fixtures.js";

let h: Harness;
afterEach(async () => h?.close());

/** The ids of the example bloc's reminder slots, read from the bloc file itself. */
function slotIds(): string[] {
  const bloc = parse(readFileSync(EXAMPLE_BLOC, "utf8")) as { schedule: { reminders: { id: string }[] } };
  return bloc.schedule.reminders.map((r) => r.id);
}

/** Where an id stands as a word of its own in the text (not inside another word or number). */
function idsIn(text: string, ids: string[]): string[] {
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return ids.filter((id) => new RegExp(`(?<![\\p{L}\\p{N}+-])${escape(id)}(?![\\p{L}\\p{N}+-])`, "u").test(text));
}

describe("/schedule says each reminder in words, not by its slot id", () => {
  it("in Vietnamese, to a focal person; in English, to an administrator", async () => {
    h = await Harness.create({ now: "2026-11-02T03:00:00Z" }); // Monday 2 November, 10:00 in Hà Nội
    const ids = slotIds();
    expect(ids).toEqual(expect.arrayContaining(["d-3", "h+1", "g+3"]));

    const lan = await join(h, 200, "Lan", "HP", "focal");
    await lan.send("/schedule");
    const vi = lan.lastText();
    expect(vi).toContain("3 ngày trước hạn");
    expect(vi).toContain("1 ngày sau hạn");
    expect(vi).toContain("lãnh đạo Ban"); // h+1: to the board's head
    expect(vi).toContain("gửi cán bộ đầu mối và lãnh đạo của từng đơn vị (gửi riêng, vì Khối chưa có nhóm Telegram)"); // g+3: the group's, privately (no group here)
    expect(idsIn(vi, ids)).toEqual([]);
    expect(vi).not.toMatch(/yên lặng/i);

    const admin = h.user(ADMIN_ID, "Admin", { language: "en" });
    await admin.send("/lang");
    await admin.press("English");
    await admin.send("/schedule");
    const en = admin.lastText();
    expect(en).toContain("3 days before the deadline");
    expect(en).toContain("1 day after the deadline");
    expect(idsIn(en, ids)).toEqual([]);
  });

  it("the check finds an id where it stands alone", () => {
    expect(idsIn("  – <code>h+1</code>: 06/11/2026 09:05 → lãnh đạo Ban", ["h+1", "d+1", "d-3"])).toEqual(["h+1"]);
    expect(idsIn("d+10, xd-3, 1 ngày sau hạn", ["d+1", "d-3"])).toEqual([]);
  });
});
