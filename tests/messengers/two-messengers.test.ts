// One process, two messengers (issue 16 items 1, 2 and 4) as the composition wires
// them (src/app.ts with a Zalo side: tests/harness/harness.ts `zalo`): a person is
// held apart from any one messenger (MessengerAccount), found by the chat id of
// either, and the outbound port reaches each person on their preferred messenger,
// the other when the first says unreachable (src/messengers/route.ts).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseZaloEvent } from "../../src/messengers/zalo/events.js";
import { ZALO_ID_BASE } from "../../src/messengers/zalo/ids.js";
import { findPerson } from "../../src/shared/db/people.js";
import { prismaStatementsRun, statementsRun } from "../../src/shared/db/sql.js";
import { FakeZalo, type FakeZaloUser } from "../harness/fake-zalo.js";
import { Harness, type FakeUser } from "../harness/harness.js";
import { blocWithSchedule, TEST_SCHEDULE } from "../harness/bloc-files.js";

let h: Harness;
let fake: FakeZalo;

beforeEach(async () => {
  fake = new FakeZalo({ now: () => h.clock.now().getTime() });
  h = await Harness.create({ zalo: fake });
});
afterEach(async () => h.close());

/** `user` types `text` on Zalo; returns what the bot sent back there. */
async function zaloSend(user: FakeZaloUser, text: string): Promise<string[]> {
  const zalo = h.app.zalo!;
  const before = fake.sent.get(user.id)?.length ?? 0;
  await zalo.adapter.handle(zalo.bot, parseZaloEvent(fake.textEvent(user, text))!);
  return (fake.sent.get(user.id) ?? []).slice(before).map((s) => s.text ?? s.caption ?? "");
}

const zaloTexts = (user: FakeZaloUser) => (fake.sent.get(user.id) ?? []).map((s) => s.text ?? "");

/** An invitation made by the admin on Telegram; its code. */
async function inviteCode(board: string, role: "focal" | "head"): Promise<string> {
  const admin = h.user(1, "Admin");
  await admin.send(`/invite ${board} ${role}`);
  return /start=([A-Za-z0-9_-]+)/.exec(admin.lastText())![1]!;
}

/** A person who joined on Telegram as HP's focal person. */
async function joinOnTelegram(id: number, name: string): Promise<FakeUser> {
  const code = await inviteCode("HP", "focal");
  const u = h.user(id, name);
  await u.send(`/start ${code}`);
  return u;
}

/** A person who joined on Zalo as `board`'s focal person. */
async function joinOnZalo(name: string, board = "HP"): Promise<FakeZaloUser> {
  const code = await inviteCode(board, "focal");
  const u = fake.user(name);
  expect((await zaloSend(u, `/start ${code}`)).join("\n")).toContain("Cán bộ đầu mối");
  return u;
}

/** Links Zalo user `z` to the person `personId` (what a link code will do; issue 16 item 2's next step). */
async function linkZalo(personId: number, z: FakeZaloUser): Promise<number> {
  const chatId = await h.app.zalo!.adapter.ids.numberOf(z.id);
  await h.db.messengerAccount.create({ data: { personId, messenger: "zalo", externalId: z.id, chatId: BigInt(chatId) } });
  return chatId;
}

const personOf = (telegramId: number) => h.db.person.findUniqueOrThrow({ where: { telegramId: BigInt(telegramId) }, include: { accounts: true } });

describe("a person held apart from any one messenger", () => {
  it("a person invited on Zalo gets an account there (Zalo's own id), Zalo as preferred, and their role on every later update", async () => {
    const lan = await joinOnZalo("Lan");
    const chatId = ZALO_ID_BASE + 1;
    const person = await personOf(chatId);
    expect(person.preferredMessenger).toBe("zalo");
    expect(person.accounts.map((a) => [a.messenger, a.externalId, Number(a.chatId), a.reachable])).toEqual([["zalo", lan.id, chatId, true]]);
    // Found by the Zalo chat id, with the role: /whoami and a focal person's command.
    expect((await findPerson(h.db, chatId))?.roles.map((r) => [r.role, r.boardCode])).toEqual([["focal", "HP"]]);
    const whoami = (await zaloSend(lan, "/whoami")).join("\n");
    expect(whoami).toMatch(/^Lan \(nhận tin qua Zalo\)\n/);
    expect(whoami).toContain("Cán bộ đầu mối — Hải Phòng");
    expect(whoami).not.toContain(String(chatId));
    expect((await zaloSend(lan, "/status")).join("\n")).toContain("Hải Phòng");
    expect(h.tg.calls.filter((c) => c.method === "sendMessage" && c.payload.chat_id !== 1)).toEqual([]); // nothing of Lan's went to Telegram
  });

  it("/whoami of a person known on both messengers goes through no Prisma query on either (direct statements: every update's lookups and the list of messengers)", async () => {
    const mai = await joinOnTelegram(210, "Mai");
    const person = await personOf(210);
    const maiZ = fake.user("Mai"); // the same name on both (a name that differs is written again at each change of messenger)
    await linkZalo(person.id, maiZ);
    await mai.send("/whoami");
    await zaloSend(maiZ, "/whoami");
    const before = prismaStatementsRun(h.db);
    const direct = statementsRun(h.db);
    await mai.send("/whoami");
    expect(mai.lastText()).toMatch(/^<b>Mai<\/b> \(nhận tin qua Telegram \(ưu tiên\), Zalo\)\n/);
    expect((await zaloSend(maiZ, "/whoami")).join("\n")).toMatch(/^Mai \(nhận tin qua Telegram \(ưu tiên\), Zalo\)\n/);
    expect(statementsRun(h.db)).toBeGreaterThan(direct); // the counter counts: the lookups ran, directly
    expect(prismaStatementsRun(h.db) - before).toBe(0);
  });

  it("a person reached on both is one person: the same roles on each, /whoami names both, /messenger switches (by number on Zalo, by button on Telegram)", async () => {
    const mai = await joinOnTelegram(200, "Mai");
    const person = await personOf(200);
    expect([person.preferredMessenger, person.accounts.map((a) => [a.messenger, a.externalId, Number(a.chatId)])]).toEqual(["telegram", [["telegram", "200", 200]]]);
    expect(await mai.send("/messenger").then(() => mai.lastText())).toBe("Anh/Chị đang nhận tin qua Telegram, chưa liên kết ứng dụng nào khác, nên chưa thể đổi. Để liên kết, gửi /link.");

    const maiZ = fake.user("Mai Z");
    await linkZalo(person.id, maiZ);
    const whoami = (await zaloSend(maiZ, "/whoami")).join("\n");
    expect(whoami).toMatch(/^Mai Z \(nhận tin qua Telegram \(ưu tiên\), Zalo\)\n/);
    expect(whoami).toContain("Cán bộ đầu mối — Hải Phòng");
    expect(await h.db.person.count()).toBe(2); // the admin and Mai: no second person for Mai's Zalo

    const menu = (await zaloSend(maiZ, "/messenger")).join("\n");
    expect(menu).toBe("Nhắc hạn và thông báo được gửi đến Anh/Chị qua Telegram trước. Chọn ứng dụng nhận tin ưu tiên:\n\n1. ✓ Telegram\n2. Zalo");
    expect(await zaloSend(maiZ, "2")).toEqual(["Từ nay nhắc hạn và thông báo được gửi qua Zalo trước."]);
    expect((await personOf(200)).preferredMessenger).toBe("zalo");
    expect((await h.db.auditEvent.findMany({ where: { action: "person.preferred_messenger" } })).map((a) => a.personId)).toEqual([person.id]);

    await mai.send("/messenger");
    expect(mai.lastText()).toContain("qua Zalo trước");
    await mai.press("Telegram");
    expect(mai.lastText()).toBe("Từ nay nhắc hạn và thông báo được gửi qua Telegram trước.");
    expect((await personOf(200)).preferredMessenger).toBe("telegram");
  });

  it("a forged choice of a messenger the person is not on changes nothing", async () => {
    const mai = await joinOnTelegram(200, "Mai");
    await mai.pressData("msgr:zalo"); // no such button was shown: forged
    expect(mai.lastText()).toBe("Anh/Chị chưa nhận tin qua Zalo (gửi /link để nhận mã, rồi gõ mã cho bot trên Zalo).");
    expect((await personOf(200)).preferredMessenger).toBe("telegram");
    await mai.send("/messenger zalo");
    expect((await personOf(200)).preferredMessenger).toBe("telegram");
  });
});

describe("the outbound port reaches each person on their preferred messenger", () => {
  const REMINDER = { text: "<b>Nhắc hạn</b>: báo cáo tháng 10/2026 của Hải Phòng & các chỉ tiêu", choices: [[{ label: "📝 Báo cáo", action: "rep:go" }, { label: "Để sau", action: "rep:later" }]] };

  it("a person on Telegram only: on Telegram, with buttons", async () => {
    await joinOnTelegram(200, "Mai");
    const person = await personOf(200);
    const before = h.tg.calls.length;
    expect(await h.app.deps.notify.send({ person: person.id }, REMINDER)).toBe("sent");
    const sent = h.tg.calls.slice(before).filter((c) => c.method === "sendMessage");
    expect(sent.map((c) => [c.payload.chat_id, c.payload.text])).toEqual([[200, REMINDER.text]]);
    expect(JSON.stringify(sent[0]!.payload.reply_markup)).toContain('"callback_data":"rep:go"');
    expect([...fake.sent.keys()]).toEqual([]);
  });

  it("a person on Zalo only: on Zalo, plain text with numbered choices, nothing on Telegram", async () => {
    const lan = await joinOnZalo("Lan");
    const person = await personOf(ZALO_ID_BASE + 1);
    const before = zaloTexts(lan).length;
    const telegramBefore = h.tg.calls.length;
    expect(await h.app.deps.notify.send({ person: person.id }, REMINDER)).toBe("sent");
    expect(zaloTexts(lan).slice(before)).toEqual(["Nhắc hạn: báo cáo tháng 10/2026 của Hải Phòng & các chỉ tiêu\n\n1. 📝 Báo cáo\n2. Để sau"]);
    expect(h.tg.calls.slice(telegramBefore)).toEqual([]);
  });

  it("a long text to a person on Zalo goes in parts of at most 2,000 characters", async () => {
    const lan = await joinOnZalo("Lan");
    const person = await personOf(ZALO_ID_BASE + 1);
    const before = zaloTexts(lan).length;
    const text = Array.from({ length: 80 }, (_, i) => `Dòng ${i + 1}: doanh thu &amp; vốn đầu tư của các doanh nghiệp trong khu công nghiệp.`).join("\n");
    expect(await h.app.deps.notify.send({ person: person.id }, { text })).toBe("sent");
    const parts = zaloTexts(lan).slice(before);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(2000);
    expect(parts.join("\n")).toContain("Dòng 80: doanh thu & vốn đầu tư");
  });

  it("a person on both, preferred unreachable: the other takes it, once; the unreachable one is not tried again until they write there", async () => {
    const mai = await joinOnTelegram(200, "Mai");
    const person = await personOf(200);
    const maiZ = fake.user("Mai Z");
    await linkZalo(person.id, maiZ);
    await h.db.person.update({ where: { id: person.id }, data: { preferredMessenger: "zalo" } });

    // Preferred Zalo, which cannot reach her: Telegram takes it.
    fake.fail("sendMessage", { kind: "error", error_code: 404, description: "User not found" });
    const tgBefore = h.tg.calls.length;
    expect(await h.app.deps.notify.send({ person: person.id }, REMINDER)).toBe("sent");
    expect(h.tg.calls.slice(tgBefore).filter((c) => c.method === "sendMessage").map((c) => c.payload.chat_id)).toEqual([200]);
    const after = await personOf(200);
    expect(after.accounts.map((a) => [a.messenger, a.reachable])).toEqual([["telegram", true], ["zalo", false]]);
    expect(after.reachable).toBe(true); // Telegram still reaches her

    // The next one goes to Telegram without a call to Zalo.
    fake.clearFaults();
    const zaloCalls = fake.calls.length;
    expect(await h.app.deps.notify.send({ person: person.id }, REMINDER)).toBe("sent");
    expect(fake.calls.slice(zaloCalls).filter((c) => c.method === "sendMessage")).toEqual([]);

    // She writes on Zalo: reachable there again, and Zalo (preferred) takes the next one.
    await zaloSend(maiZ, "/whoami");
    expect((await personOf(200)).accounts.map((a) => [a.messenger, a.reachable])).toEqual([["telegram", true], ["zalo", true]]);
    const tgAgain = h.tg.calls.length;
    const zBefore = zaloTexts(maiZ).length;
    expect(await h.app.deps.notify.send({ person: person.id }, REMINDER)).toBe("sent");
    expect(zaloTexts(maiZ).slice(zBefore)).toHaveLength(1);
    expect(h.tg.calls.slice(tgAgain)).toEqual([]);
    void mai;
  });

  it("a person on both, preferred Telegram blocked: Zalo takes it; both unreachable: 'unreachable' and the person is marked", async () => {
    await joinOnTelegram(200, "Mai");
    const person = await personOf(200);
    const maiZ = fake.user("Mai Z");
    await linkZalo(person.id, maiZ);
    h.tg.block(200);
    const zBefore = zaloTexts(maiZ).length;
    expect(await h.app.deps.notify.send({ person: person.id }, REMINDER)).toBe("sent");
    expect(zaloTexts(maiZ).slice(zBefore)).toHaveLength(1);
    expect((await personOf(200)).reachable).toBe(true);

    fake.fail("sendMessage", { kind: "error", error_code: 404, description: "User not found" });
    expect(await h.app.deps.notify.send({ person: person.id }, REMINDER)).toBe("unreachable");
    const after = await personOf(200);
    expect([after.reachable, after.accounts.map((a) => a.reachable)]).toEqual([false, [false, false]]);
  });
});

describe("the monthly reminders on each person's messenger", () => {
  it("the d-3 reminder reaches a focal person on Zalo there (its button a numbered choice that starts the report) and one on Telegram there, once each", async () => {
    await h.close();
    fake = new FakeZalo({ now: () => h.clock.now().getTime() });
    h = await Harness.create({ zalo: fake, now: "2026-11-01T01:00:00Z", blocFile: blocWithSchedule(TEST_SCHEDULE) });
    const lan = await joinOnZalo("Lan", "HP");
    const minh = await joinOnTelegram(300, "Minh"); // HP's second focal person, on Telegram
    const zBefore = zaloTexts(lan).length;
    const end = new Date("2026-11-02T03:00:00Z").getTime(); // 10:00 on 2 November in Hà Nội: the d-3 slot at 09:00 has passed
    while (h.clock.now().getTime() < end) {
      h.clock.advance(30 * 60_000);
      await h.app.scheduler.tick();
    }
    const onZalo = zaloTexts(lan).slice(zBefore).filter((t) => t.includes("chưa gửi báo cáo tháng 10/2026"));
    expect(onZalo).toHaveLength(1);
    expect(onZalo[0]).toContain("Hải Phòng chưa gửi báo cáo tháng 10/2026. Hạn nộp 05/11/2026 17:00 (còn 3 ngày)");
    expect(onZalo[0]).toMatch(/\n\n1\. 📝 Báo cáo ngay/);
    expect(h.tg.messages(minh.id).filter((m) => m.text?.includes("chưa gửi báo cáo tháng 10/2026"))).toHaveLength(1);
    expect(h.tg.calls.filter((c) => c.method === "sendMessage" && Number(c.payload.chat_id) > ZALO_ID_BASE)).toEqual([]); // nothing of Lan's went to Telegram
    expect((await zaloSend(lan, "1")).join("\n")).toContain("Câu 1/12");
  });
});
