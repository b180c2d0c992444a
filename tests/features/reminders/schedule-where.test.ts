// /schedule says where the group's posts go (task texts17 item 1): with no Telegram
// group linked, the group's reminder lines, the deadline digest and the summary go to
// each board's focal persons and heads in private (group/use-cases.ts copyMode), and
// /schedule says so, in Vietnamese and English, on Telegram and on Zalo; once a group
// is linked it says the group again.
import { afterEach, describe, expect, it } from "vitest";
import { FakeZalo } from "../../harness/fake-zalo.js";
import { Harness } from "../../harness/harness.js";
import { join } from "../../harness/fixtures.js";
import { zaloSend } from "../../harness/zalo-ballots.js";
import { adminOnZalo } from "../../harness/bloc-world.js";

let h: Harness;
let fake: FakeZalo;
afterEach(async () => h.close());

const VI_PRIVATE = {
  slot: /– 1 ngày trước hạn, 09:00, gửi cán bộ đầu mối và lãnh đạo của từng đơn vị \(gửi riêng, vì Khối chưa có nhóm Telegram\): /,
  digest: "• Khi hết hạn, bot gửi riêng tình hình nộp báo cáo đến cán bộ đầu mối và lãnh đạo của từng đơn vị, vì Khối chưa có nhóm Telegram (kỳ",
  summary: "• Bản tổng hợp tự động, gửi riêng đến cán bộ đầu mối và lãnh đạo của từng đơn vị: 1 ngày sau hạn nộp, lúc 08:30",
};
const VI_GROUP = {
  slot: /– 1 ngày trước hạn, 09:00, gửi nhóm chung: /,
  digest: "• Khi hết hạn, bot gửi vào nhóm chung tình hình nộp báo cáo (kỳ",
  summary: "• Bản tổng hợp tự động, đăng vào nhóm chung: 1 ngày sau hạn nộp, lúc 08:30",
};

describe("/schedule says where the group's posts go", () => {
  it("with no group: to each board's focal persons and heads in private (vi, en, Zalo); with a group linked: the group", async () => {
    fake = new FakeZalo({ now: () => h.clock.now().getTime() });
    h = await Harness.create({ zalo: fake, now: new Date("2026-11-04T09:00:00+07:00").toISOString() });
    const { admin, adminZ } = await adminOnZalo(h, fake);
    // A reminder slot for the group and an automatic summary, so that each line is shown.
    await admin.send("/schedule slot -1 09:00 group");
    await admin.send("/schedule summary 1 08:30");
    expect(admin.lastText()).toContain("✅");
    const lan = await join(h, 200, "Lan", "HP", "focal");
    const minh = await join(h, 300, "Minh", "QN", "head", { language: "en" });
    await minh.send("/lang en");

    await lan.send("/schedule");
    const vi = lan.lastText();
    expect(vi).toMatch(VI_PRIVATE.slot);
    expect(vi).toContain(VI_PRIVATE.digest);
    expect(vi).toContain(VI_PRIVATE.summary);
    expect(vi).not.toContain("nhóm chung");

    await minh.send("/schedule");
    const en = minh.lastText();
    expect(en).toMatch(/– 1 day before the deadline, 09:00, to each board's focal persons and heads \(privately: the bloc has no Telegram group\): /);
    expect(en).toContain("• When the deadline passes, the bot sends who has reported to each board's focal persons and heads privately, as the bloc has no Telegram group (");
    expect(en).toContain("• Automatic summary, sent privately to each board's focal persons and heads: 1 day after the deadline, at 08:30");
    expect(en).not.toMatch(/the group\b/);

    // On Zalo (plain text): the same words.
    const zl = (await zaloSend(h, fake, adminZ, "/schedule")).join("\n");
    expect(zl).toMatch(VI_PRIVATE.slot);
    expect(zl).toContain(VI_PRIVATE.digest);
    expect(zl).toContain(VI_PRIVATE.summary);
    expect(zl).not.toContain("nhóm chung");

    // A group linked: the group again, and nothing said of private sends.
    const group = h.group();
    await admin.sendIn(group, "/linkgroup");
    await lan.send("/schedule");
    expect(lan.lastText()).toMatch(VI_GROUP.slot);
    expect(lan.lastText()).toContain(VI_GROUP.digest);
    expect(lan.lastText()).toContain(VI_GROUP.summary);
    expect(lan.lastText()).not.toMatch(/gửi riêng|chưa có nhóm/);
    await minh.send("/schedule");
    expect(minh.lastText()).toMatch(/– 1 day before the deadline, 09:00, to the group: /);
    expect(minh.lastText()).toContain("• When the deadline passes, the bot posts who has reported in the group (");
    expect(minh.lastText()).toContain("• Automatic summary, posted in the group: 1 day after the deadline, at 08:30");
    expect(minh.lastText()).not.toMatch(/privately|no Telegram group/);
    const zlGroup = (await zaloSend(h, fake, adminZ, "/schedule")).join("\n");
    expect(zlGroup).toContain(VI_GROUP.digest);
    expect(zlGroup).not.toMatch(/gửi riêng|chưa có nhóm/);
  });
});
