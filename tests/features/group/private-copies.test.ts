// A bloc with no Telegram group (issue 16 items 7 and 6): the group's posts go
// privately to each board's focal persons and heads, whole and correct: in each
// person's language, with the summary's chart, the post's landed writes committed
// (the period's summary mark, so an amendment is then announced, privately too),
// staleness counted from when a copy could first go, and paced with the jobs'
// other sends.
import { readdirSync } from "node:fs";
import { afterEach, describe, expect, it, onTestFinished } from "vitest";
import { createHttpServer } from "../../../src/messengers/http/server.js";
import { Pacer, pacerOf } from "../../../src/shared/jobs/pacer.js";
import { FakeZalo, type FakeZaloUser } from "../../harness/fake-zalo.js";
import { inviteOnZalo as inviteOnZaloAs, seedOctoberReport, stepTo, vn } from "../../harness/bloc-world.js";
import { zaloSend as zaloSendAs } from "../../harness/zalo-ballots.js";
import { Harness, type FakeUser } from "../../harness/harness.js";
import { amendOneItem, fullReport, join } from "../../harness/fixtures.js";
import { blocWithBoardsFrom, blocWithSchedule } from "../../harness/bloc-files.js";

let h: Harness;
let fake: FakeZalo;
afterEach(async () => h?.close());

const seed = (board: string) => seedOctoberReport(h, board);
const zaloSend = (user: FakeZaloUser, text: string) => zaloSendAs(h, fake, user, text);
const inviteOnZalo = (u: FakeZaloUser, board: string, role: "focal" | "head") => inviteOnZaloAs(h, fake, u, board, role);
const step = (until: string) => stepTo(h, until);

const PUBLIC_URL = "https://bot.example.vn";

const texts = (u: FakeUser) => u.messages().map((m) => m.text ?? "");
const zaloTexts = (u: FakeZaloUser) => (fake.sent.get(u.id) ?? []).map((s) => s.text ?? "");

describe("the scheduled summary and an amendment after it, with no group", () => {
  it("each person reads the summary in their language with its chart (a photo on Telegram, a signed link on Zalo), the period is marked, and a later amendment reaches each of them once, in their language", { timeout: 120_000 }, async () => {
    fake = new FakeZalo({ now: () => h.clock.now().getTime() });
    h = await Harness.create({ zalo: fake, now: vn("2026-11-05T18:00:00").toISOString(), blocFile: blocWithBoardsFrom("2025-01"), env: { PUBLIC_URL } });
    const lan = await join(h, 200, "Lan", "HP", "focal"); // Telegram, Vietnamese
    const minh = await join(h, 300, "Minh", "QN", "head", { language: "en" }); // Telegram, English
    await minh.send("/lang en");
    const ha = fake.user("Hà");
    await inviteOnZalo(ha, "BN", "focal"); // Zalo, Vietnamese
    await fullReport(lan); // HP's report, through the dialogue
    for (const b of ["QN", "HN", "BN", "VP", "HNA", "ND", "NB", "HD"]) await seed(b); // 9 of 11

    await step("2026-11-06T12:00:00"); // the example posts the summary on the 6th at 08:30
    const viSummary = (t: string[]) => t.filter((x) => x.startsWith("📊 <b>Tổng hợp tháng 10/2026") || x.startsWith("📊 Tổng hợp tháng 10/2026"));
    const enSummary = (t: string[]) => t.filter((x) => x.startsWith("📊 <b>Summary for"));
    expect(viSummary(texts(lan))).toHaveLength(1);
    expect(enSummary(texts(lan))).toHaveLength(0);
    expect(enSummary(texts(minh))).toHaveLength(1);
    expect(viSummary(texts(minh))).toHaveLength(0);
    expect(viSummary(zaloTexts(ha))).toHaveLength(1);

    // The chart after each copy: made once per language, sent to each.
    const photosTo = (chatId: number) => h.tg.callsOf("sendPhoto").filter((c) => Number(c.payload.chat_id) === chatId);
    expect(photosTo(200)).toHaveLength(1);
    expect(photosTo(300)).toHaveLength(1);
    expect(String(photosTo(300)[0]!.payload.caption)).not.toBe(String(photosTo(200)[0]!.payload.caption)); // each in its language
    const lanMsgs = lan.messages();
    expect(lanMsgs.findIndex((m) => m.kind === "photo")).toBeGreaterThan(lanMsgs.findIndex((m) => m.text?.startsWith("📊")));
    const zaloPhotos = (fake.sent.get(ha.id) ?? []).filter((s) => s.method === "sendPhoto");
    expect(zaloPhotos).toHaveLength(1);
    expect(zaloPhotos[0]!.photo!.startsWith(`${PUBLIC_URL}/files/`)).toBe(true);
    expect(h.tg.calls.filter((c) => Number(c.payload.chat_id) < 0)).toEqual([]); // no group was ever tried

    // The summary landed: the period is marked (an amendment after it is announced).
    const october = await h.db.period.findFirstOrThrow({ where: { year: 2026, month: 10 } });
    expect(october.summaryPostedAt).not.toBeNull();

    // HP amends its report: everyone who received the summary hears what changed, in their language, once.
    await amendOneItem(lan, /^5\. /, "500");
    await h.app.scheduler.idle();
    await step("2026-11-06T14:00:00"); // later ticks send nothing again
    const viNotice = (t: string[]) => t.filter((x) => /Hải Phòng(<\/b>)? đã sửa số liệu tháng 10\/2026/.test(x));
    const enNotice = (t: string[]) => t.filter((x) => x.includes("<b>Hải Phòng</b> amended its October 2026 figures"));
    expect(viNotice(texts(lan))).toHaveLength(1);
    expect(viNotice(texts(lan))[0]).toContain("402,76 triệu USD → 500 triệu USD");
    expect(enNotice(texts(minh))).toHaveLength(1);
    expect(enNotice(texts(minh))[0]).toContain("402.76");
    expect(viNotice(zaloTexts(ha))).toHaveLength(1);
    expect(h.tg.calls.filter((c) => Number(c.payload.chat_id) < 0)).toEqual([]);
  });
});

describe("the summary's chart to many people on Zalo", () => {
  it("is stored once per language however many read it there (a copy retried in a later round too), and each person's signed link opens that file", { timeout: 120_000 }, async () => {
    fake = new FakeZalo({ now: () => h.clock.now().getTime() });
    h = await Harness.create({ zalo: fake, now: vn("2026-11-05T18:00:00").toISOString(), blocFile: blocWithBoardsFrom("2025-01"), env: { PUBLIC_URL } });
    const vi = [fake.user("Hà"), fake.user("Hùng"), fake.user("Hoa"), fake.user("Bình")];
    const en = [fake.user("Nam"), fake.user("Vy")];
    for (const [u, board, role] of [[vi[0], "HP", "focal"], [vi[1], "HP", "head"], [vi[2], "BN", "focal"], [vi[3], "QN", "head"], [en[0], "HN", "focal"], [en[1], "VP", "focal"]] as const) await inviteOnZalo(u!, board, role);
    for (const u of en) await zaloSend(u, "/lang en");
    for (const b of ["HP", "QN", "HN", "BN", "VP", "HNA", "ND", "NB", "HD"]) await seed(b); // 9 of 11
    // Vy's summary is refused once: her copy goes in a later round, its chart drawn again then.
    fake.fail((m, p) => m === "sendMessage" && p.chat_id === en[1]!.id && /Summary for/.test(String(p.text)), { kind: "error", error_code: 400, description: "Bad Request: something went wrong" }, { times: 1 });

    await step("2026-11-06T12:00:00"); // the example posts the summary on the 6th at 08:30
    const linkOf = (u: FakeZaloUser): string => {
      const photos = (fake.sent.get(u.id) ?? []).filter((s) => s.method === "sendPhoto");
      expect(photos, u.displayName).toHaveLength(1);
      expect(photos[0]!.photo!.startsWith(`${PUBLIC_URL}/files/`), photos[0]!.photo).toBe(true);
      return photos[0]!.photo!;
    };
    const fileOf = (link: string) => link.split("/files/")[1]!.split(".")[0]!;
    const viLinks = vi.map(linkOf);
    const enLinks = en.map(linkOf);
    expect(fake.callsOf("sendMessage").filter((c) => c.payload.chat_id === en[1]!.id && (c.answer as { ok?: boolean }).ok === false)).toHaveLength(1); // Vy's first try was refused
    // One file per language: every Vietnamese reader's link names one, every English reader's another.
    expect(new Set(viLinks.map(fileOf)).size).toBe(1);
    expect(new Set(enLinks.map(fileOf)).size).toBe(1);
    expect(fileOf(viLinks[0]!)).not.toBe(fileOf(enLinks[0]!));
    const files = h.app.linkedFiles!;
    expect(readdirSync(files.store.dir).filter((f) => f.endsWith(".data")).sort()).toEqual([`${fileOf(viLinks[0]!)}.data`, `${fileOf(enLinks[0]!)}.data`].sort());

    // Each link opens the file, as the bot's HTTP server serves it.
    const server = createHttpServer({ logger: h.app.deps.logger, port: 0, files: { store: files.store, key: files.key }, clock: h.clock });
    onTestFinished(() => server.stop(1000));
    const local = (await server.start()).url;
    const bytes: Record<string, string> = {};
    for (const link of [...viLinks, ...enLinks]) {
      const res = await fetch(`${local}${new URL(link).pathname}`);
      expect(res.status, link).toBe(200);
      expect(res.headers.get("content-type")).toBe("image/png");
      const body = Buffer.from(await res.arrayBuffer());
      expect([...body.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
      bytes[link] = body.toString("base64");
    }
    expect(new Set(viLinks.map((l) => bytes[l])).size).toBe(1);
    expect(bytes[viLinks[0]!]).not.toBe(bytes[enLinks[0]!]); // each language's own chart
  });
});

/** The example bloc's schedule of the reminder tests (October due Thursday 5 November 17:00, quiet 21:00–07:00), with holidays from 6 to 10 November. */
const HOLIDAY_SCHEDULE = `
period: { cut: calendar }
deadline: { daysAfterEnd: 5, time: "17:00" }
reminders:
  - { id: d+20, offsetDays: 20, time: "09:00" }
quietHours: { from: "21:00", to: "07:00" }
daysOff: { weekends: false, holidays: ["2026-11-06", "2026-11-07", "2026-11-08", "2026-11-09", "2026-11-10"], move: earlier }
`;

const viDigest = (t: string[]) => t.filter((x) => x.startsWith("<b>Tình hình nộp báo cáo tháng 10/2026</b>"));
const enDigest = (t: string[]) => t.filter((x) => x.startsWith("<b>Reporting status for October 2026</b>"));

describe("the deadline digest's private copies", () => {
  it("a copy held over quiet hours and a five-day holiday counts its staleness from when it could go: it goes on the first working morning, once; the others got theirs at the deadline, each in their language", { timeout: 60_000 }, async () => {
    h = await Harness.create({ now: vn("2026-11-05T16:00:00").toISOString(), blocFile: blocWithSchedule(HOLIDAY_SCHEDULE) });
    const lan = await join(h, 200, "Lan", "HP", "focal");
    const minh = await join(h, 300, "Minh", "QN", "focal", { language: "en" });
    await minh.send("/lang en");
    // Lan's copy is refused once at the deadline: tried again later, by then in quiet hours before the holidays.
    h.tg.fail((c) => c.method === "sendMessage" && Number(c.payload.chat_id) === 200 && String(c.payload.text).includes("Tình hình nộp báo cáo"), 400, "Bad Request: something went wrong", { times: 1 });

    await step("2026-11-05T17:00:00");
    expect(viDigest(texts(lan))).toHaveLength(0);
    expect(enDigest(texts(minh))).toHaveLength(1); // in Minh's language
    expect(viDigest(texts(minh))).toHaveLength(0);

    h.clock.set(vn("2026-11-05T21:30:00")); // quiet hours: the retry is held until posting is next allowed (11 November, 07:00)
    await h.app.scheduler.tick();
    await h.app.scheduler.idle();
    expect(viDigest(texts(lan))).toHaveLength(0);
    h.clock.set(vn("2026-11-11T06:30:00")); // past the digest's three days from the deadline, still before the morning
    await h.app.scheduler.tick();
    await h.app.scheduler.idle();
    expect(viDigest(texts(lan))).toHaveLength(0);
    await step("2026-11-11T08:00:00");
    expect(viDigest(texts(lan))).toHaveLength(1);
    const sentAt = lan.messages().find((m) => m.text?.startsWith("<b>Tình hình nộp báo cáo"))!;
    expect(sentAt).toBeDefined();
    expect(await h.db.privatePost.count({ where: { status: "sent" } })).toBe(2);
    expect(enDigest(texts(minh))).toHaveLength(1); // not again
    expect(h.tg.calls.filter((c) => Number(c.payload.chat_id) < 0)).toEqual([]);
  });

  it("go through the jobs' pacer, as the reminders do: one at a time at its pace, never all at once, and the bot answers meanwhile", { timeout: 60_000 }, async () => {
    h = await Harness.create({ now: vn("2026-11-05T16:30:00").toISOString(), blocFile: blocWithSchedule(HOLIDAY_SCHEDULE) });
    const people: FakeUser[] = [];
    for (const [i, board] of ["HP", "QN", "HN", "BN", "VP", "HNA"].entries()) people.push(await join(h, 200 + i, `P${i}`, board, "focal"));
    let t = 0;
    let sleepers: { until: number; wake: () => void }[] = [];
    pacerOf(h.db, new Pacer({ perSecond: 30, now: () => t, sleep: (ms) => new Promise<void>((wake) => sleepers.push({ until: t + ms, wake })) }));
    const pass = (ms: number) => {
      t += ms;
      const due = sleepers.filter((s) => s.until <= t);
      sleepers = sleepers.filter((s) => s.until > t);
      for (const s of due) s.wake();
    };
    const got = () => people.filter((p) => viDigest(texts(p)).length === 1).length;

    h.clock.set(vn("2026-11-05T17:00:00"));
    await Promise.all(h.app.scheduler.beat()); // the job queues the digest and hands its sending off
    for (let turns = 0; got() === 0 && turns < 1_000_000; turns++) await new Promise((r) => setImmediate(r));
    expect(got()).toBe(1); // the first at once; the others wait for paced time
    await people[0]!.send("/help");
    expect(people[0]!.lastText()).toContain("/report"); // /help answered while the copies wait
    expect(got()).toBe(1);
    pass(34); // ~30 a second: one more
    for (let turns = 0; got() < 2 && turns < 1_000_000; turns++) await new Promise((r) => setImmediate(r));
    expect(got()).toBe(2);
    let idle = false;
    void h.app.scheduler.idle().then(() => (idle = true));
    while (!idle) {
      pass(100);
      await new Promise((r) => setImmediate(r));
    }
    expect(got()).toBe(people.length);
    for (const p of people) expect(viDigest(texts(p))).toHaveLength(1);
  });
});
