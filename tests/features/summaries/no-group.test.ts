// The scheduled summary in a bloc with no Telegram group (issue 16 item 7): it goes
// privately to each board's focal persons and heads, on their preferred messenger,
// once per person (a person with two roles once), across a restart, with its chart
// (item 6: a photo on Telegram; on Zalo without PUBLIC_URL, where files are).
import { afterEach, describe, expect, it } from "vitest";
import { FakeZalo, type FakeZaloUser } from "../../harness/fake-zalo.js";
import { inviteOnZalo as inviteOnZaloAs, seedOctoberReport, stepTo, vn } from "../../harness/bloc-world.js";
import { zaloSend as zaloSendAs } from "../../harness/zalo-ballots.js";
import { Harness } from "../../harness/harness.js";
import { join } from "../../harness/fixtures.js";
import { blocWithBoardsFrom } from "../../harness/bloc-files.js";

let h: Harness;
let fake: FakeZalo;
afterEach(async () => h.close());

const seed = (board: string) => seedOctoberReport(h, board);
const zaloSend = (user: FakeZaloUser, text: string) => zaloSendAs(h, fake, user, text);
const inviteOnZalo = (u: FakeZaloUser, board: string, role: "focal" | "head") => inviteOnZaloAs(h, fake, u, board, role);

describe("the scheduled summary in a bloc with no Telegram group", () => {
  it("goes privately to each board's focal persons and heads on their messenger, once each (two roles: once), across a restart; the secretariat gets none", async () => {
    fake = new FakeZalo({ now: () => h.clock.now().getTime() });
    // 18:00 on 5 November in Hà Nội: October's deadline (17:00) has passed; the example posts the summary the next day at 08:30.
    h = await Harness.create({ zalo: fake, now: vn("2026-11-05T18:00:00").toISOString(), blocFile: blocWithBoardsFrom("2025-01") });
    const thu = await join(h, 100, "Thu", "", "secretariat");
    const lan = await join(h, 200, "Lan", "HP", "focal"); // Telegram
    const minh = await join(h, 300, "Minh", "QN", "head"); // Telegram
    const ha = fake.user("Hà");
    await inviteOnZalo(ha, "BN", "focal");
    await inviteOnZalo(ha, "HN", "head"); // Hà holds two roles
    for (const b of ["HP", "QN", "HN", "BN", "VP", "HNA", "ND", "NB", "HD"]) await seed(b); // 9 of 11, past the example's 80%

    const step = (until: string) => stepTo(h, until);
    await step("2026-11-06T08:00:00");
    const summaryOf = (texts: string[]) => texts.filter((t) => /^📊 (<b>)?Tổng hợp tháng 10\/2026/.test(t));
    expect(summaryOf(lan.messages().map((m) => m.text ?? ""))).toHaveLength(0); // not before its time
    await step("2026-11-06T09:00:00");
    await h.restart();
    await h.app.scheduler.recover();
    await step("2026-11-06T12:00:00");

    for (const u of [lan, minh]) {
      const got = summaryOf(u.messages().map((m) => m.text ?? ""));
      expect(got).toHaveLength(1);
      expect(got[0]).toContain("9/11 đơn vị đã báo cáo");
    }
    const onZalo = summaryOf((fake.sent.get(ha.id) ?? []).map((s) => s.text ?? ""));
    expect(onZalo).toHaveLength(1);
    expect(onZalo[0]).toContain("Chưa báo cáo: Hưng Yên, Thái Bình.");
    expect(onZalo[0]).not.toMatch(/<\/?[a-z]+>/);
    expect(summaryOf(thu.messages().map((m) => m.text ?? ""))).toEqual([]);
    // The chart after each copy (item 6): a photo on Telegram, once each; on Zalo without PUBLIC_URL, the line saying where files are.
    for (const u of [lan, minh]) expect(h.tg.callsOf("sendPhoto").filter((c) => Number(c.payload.chat_id) === u.id)).toHaveLength(1);
    expect(h.tg.callsOf("sendPhoto").filter((c) => Number(c.payload.chat_id) === thu.id)).toEqual([]);
    const filesLine = (fake.sent.get(ha.id) ?? []).filter((s) => /Telegram[\s\S]*PUBLIC_URL/.test(s.text ?? ""));
    expect(filesLine).toHaveLength(1);
    expect((fake.sent.get(ha.id) ?? []).filter((s) => s.method === "sendPhoto")).toEqual([]);
    expect(h.tg.calls.filter((c) => Number(c.payload.chat_id) < 0)).toEqual([]); // no group was ever tried
  });
});
