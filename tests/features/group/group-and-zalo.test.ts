// A bloc with a Telegram group and people on Zalo (issue 16 items 4, 6 and 7): the
// board's focal persons and heads whose preferred messenger is not Telegram read no
// group, so every group post (the deadline digest, the scheduled summary with its
// chart, a correction notice, the reminders' group line) also reaches each of them
// in private, once; those who prefer Telegram (on both messengers too) read it in
// the group only.
import { afterEach, describe, expect, it } from "vitest";
import { getBloc } from "../../../src/shared/bloc/store.js";
import { FakeZalo, type FakeZaloUser } from "../../harness/fake-zalo.js";
import { inviteOnZalo as inviteOnZaloAs, seedOctoberReport, stepTo, vn } from "../../harness/bloc-world.js";
import { zaloSend as zaloSendAs } from "../../harness/zalo-ballots.js";
import { Harness, type FakeGroup, type FakeUser } from "../../harness/harness.js";
import { amendOneItem, fullReport, join } from "../../harness/fixtures.js";
import { blocWithBoardsFrom } from "../../harness/bloc-files.js";

let h: Harness;
let fake: FakeZalo;
afterEach(async () => h?.close());

const seed = (board: string) => seedOctoberReport(h, board);
const zaloSend = (user: FakeZaloUser, text: string) => zaloSendAs(h, fake, user, text);
const inviteOnZalo = (u: FakeZaloUser, board: string, role: "focal" | "head") => inviteOnZaloAs(h, fake, u, board, role);
const step = (until: string) => stepTo(h, until);

const PUBLIC_URL = "https://bot.example.vn";

const texts = (c: FakeUser | FakeGroup) => c.messages().map((m) => m.text ?? "");
const zaloTexts = (u: FakeZaloUser) => (fake.sent.get(u.id) ?? []).map((s) => s.text ?? "");
const digest = (t: string[]) => t.filter((x) => x.startsWith("<b>Tình hình nộp báo cáo tháng 10/2026</b>") || x.startsWith("Tình hình nộp báo cáo tháng 10/2026"));
const summary = (t: string[]) => t.filter((x) => x.startsWith("📊 <b>Tổng hợp tháng 10/2026") || x.startsWith("📊 Tổng hợp tháng 10/2026"));
const notice = (t: string[]) => t.filter((x) => /Hải Phòng(<\/b>)? đã sửa số liệu tháng 10\/2026/.test(x));

describe("a bloc with a group: the group's posts reach those who prefer Zalo in private", () => {
  it("the digest, the scheduled summary with its chart, an amendment notice and the reminders' group line reach the Zalo person privately, once; those who prefer Telegram (one of them on Zalo too) read them in the group only", { timeout: 180_000 }, async () => {
    fake = new FakeZalo({ now: () => h.clock.now().getTime() });
    h = await Harness.create({ zalo: fake, now: vn("2026-11-05T16:00:00").toISOString(), blocFile: blocWithBoardsFrom("2025-01"), env: { PUBLIC_URL } });
    const admin = h.user(1, "Admin");
    const group = h.group();
    await admin.sendIn(group, "/linkgroup");
    expect((await getBloc(h.db))?.groupChatId).toBe(group.chatId);

    const lan = await join(h, 200, "Lan", "HP", "focal"); // Telegram only
    const mai = await join(h, 210, "Mai", "QN", "head"); // Telegram, and Zalo linked: prefers Telegram
    const maiZ = fake.user("Mai");
    await mai.send("/link");
    const code = /<code>([^<]+)<\/code>/.exec(mai.lastText())![1]!;
    await zaloSend(maiZ, code);
    const maiRow = await h.db.person.findUniqueOrThrow({ where: { telegramId: 210n }, include: { accounts: true } });
    expect([maiRow.preferredMessenger, maiRow.accounts.map((a) => a.messenger).sort()]).toEqual(["telegram", ["telegram", "zalo"]]);
    const ha = fake.user("Hà");
    await inviteOnZalo(ha, "BN", "focal"); // Zalo: prefers Zalo
    expect((await h.db.person.findFirstOrThrow({ where: { firstName: "Hà" } })).preferredMessenger).toBe("zalo");
    await fullReport(lan); // HP's report, through the dialogue
    for (const b of ["QN", "HN", "BN", "VP", "HNA", "ND", "NB", "HD"]) await seed(b); // 9 of 11: TB and HY owe

    // The deadline digest (5 November, 17:00): in the group; to Hà on Zalo, once.
    await step("2026-11-05T18:00:00");
    expect(digest(texts(group))).toHaveLength(1);
    expect(digest(zaloTexts(ha))).toHaveLength(1);
    expect(digest(texts(lan))).toHaveLength(0);
    expect(digest(texts(mai))).toHaveLength(0);
    expect(digest(zaloTexts(maiZ))).toHaveLength(0);

    // The scheduled summary (6 November, 08:30) with its chart: in the group; to Hà on Zalo with a signed link, once.
    await step("2026-11-06T12:00:00");
    expect(summary(texts(group))).toHaveLength(1);
    expect(group.messages().filter((m) => m.kind === "photo")).toHaveLength(1);
    expect(summary(zaloTexts(ha))).toHaveLength(1);
    const zaloPhotos = (fake.sent.get(ha.id) ?? []).filter((s) => s.method === "sendPhoto");
    expect(zaloPhotos).toHaveLength(1);
    expect(zaloPhotos[0]!.photo!.startsWith(`${PUBLIC_URL}/files/`)).toBe(true);
    for (const u of [lan, mai]) {
      expect(summary(texts(u))).toHaveLength(0);
      expect(u.messages().filter((m) => m.kind === "photo")).toHaveLength(0);
    }
    expect(fake.sent.get(maiZ.id)?.filter((s) => s.method === "sendPhoto" || summary([s.text ?? ""]).length) ?? []).toEqual([]);
    expect((await h.db.period.findFirstOrThrow({ where: { year: 2026, month: 10 } })).summaryPostedAt).not.toBeNull();

    // HP amends its report after the summary: the notice in the group, and to Hà once.
    await amendOneItem(lan, /^5\. /, "500");
    await h.app.scheduler.idle();
    await step("2026-11-06T14:00:00"); // later ticks send nothing again
    expect(notice(texts(group))).toHaveLength(1);
    expect(notice(zaloTexts(ha))).toHaveLength(1);
    expect(notice(zaloTexts(ha))[0]).toContain("402,76 triệu USD → 500 triệu USD");
    expect(notice(texts(lan))).toHaveLength(0);
    expect(notice(texts(mai))).toHaveLength(0);
    expect(notice(zaloTexts(maiZ))).toHaveLength(0);

    // The reminders' group line (g+3, naming the boards that owe): in the group, and to Hà once.
    const groupLine = (t: string[]) => t.filter((x) => x.includes("Thái Bình") && x.includes("Hưng Yên") && !digest([x]).length);
    const before = texts(group).length;
    h.clock.set(vn("2026-11-09T08:30:00")); // the line's day (8 November) is a Sunday: it goes on the next working day
    await step("2026-11-09T12:00:00");
    await step("2026-11-09T14:00:00");
    expect(groupLine(texts(group).slice(before))).toHaveLength(1);
    expect(groupLine(zaloTexts(ha)).filter((x) => !digest([x]).length && !summary([x]).length)).toHaveLength(1);
    expect(groupLine(texts(lan))).toHaveLength(0);
    expect(groupLine(texts(mai))).toHaveLength(0);
    expect(groupLine(zaloTexts(maiZ))).toHaveLength(0);

    // Once per person and post: Hà's copies are four, each sent; nobody else has one.
    const copies = await h.db.privatePost.findMany({ include: { post: { select: { key: true } } } });
    const haId = (await h.db.person.findFirstOrThrow({ where: { firstName: "Hà" } })).id;
    expect(copies.map((c) => c.personId)).toEqual(copies.map(() => haId));
    expect(copies.map((c) => [c.post.key.split(":")[0], c.status])).toEqual([["digest", "sent"], ["summary", "sent"], ["amended", "sent"], ["group-reminder", "sent"]]);
  });
});

describe("the bot removed from the group", () => {
  it("the digest waits for the group, but reaches the Zalo person at once; after /linkgroup it goes to the group and not to her again", { timeout: 120_000 }, async () => {
    fake = new FakeZalo({ now: () => h.clock.now().getTime() });
    h = await Harness.create({ zalo: fake, now: vn("2026-11-05T16:00:00").toISOString(), blocFile: blocWithBoardsFrom("2025-01") });
    const admin = h.user(1, "Admin");
    const group = h.group();
    await admin.sendIn(group, "/linkgroup");
    const lan = await join(h, 200, "Lan", "HP", "focal");
    const ha = fake.user("Hà");
    await inviteOnZalo(ha, "BN", "focal");
    await group.botStatus(h.user(777, "Tuấn"), "member", "kicked");
    expect((await getBloc(h.db))?.groupChatId).toBeNull();

    await step("2026-11-05T18:00:00");
    expect(await h.db.groupPost.findFirstOrThrow({ where: { key: { startsWith: "digest:" } } })).toMatchObject({ status: "pending", attempts: 0 });
    expect(digest(texts(group))).toHaveLength(0);
    expect(digest(zaloTexts(ha))).toHaveLength(1); // her copy does not wait for the group
    expect(digest(texts(lan))).toHaveLength(0); // Lan reads the group: her digest waits with it

    await group.botStatus(h.user(777, "Tuấn"), "left", "member");
    await admin.sendIn(group, "/linkgroup");
    await step("2026-11-05T19:00:00");
    expect(digest(texts(group))).toHaveLength(1);
    expect(digest(zaloTexts(ha))).toHaveLength(1); // not again
    expect(digest(texts(lan))).toHaveLength(0);
    expect(await h.db.privatePost.count()).toBe(1);
  });
});
