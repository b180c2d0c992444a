// Codes typed to the bot (issue 16 item 2), through the composition with both
// messengers (the harness's Telegram fake and the in-process FakeZalo): an
// invitation's short code typed on a phone onboards a person exactly as the deep
// link does; a link code from /link joins a person's account on the other messenger;
// wrong, used and expired codes are said plainly and count towards the attempt limit.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseZaloEvent } from "../../../src/messengers/zalo/events.js";
import { ZALO_ID_BASE } from "../../../src/messengers/zalo/ids.js";
import { INVITE_ATTEMPTS_PER_HOUR } from "../../../src/features/access/use-cases/invites.js";
import { LINK_CODE_MINUTES } from "../../../src/features/messengers/use-cases.js";
import { joinAccount } from "../../../src/features/messengers/store.js";
import { FakeZalo, type FakeZaloUser } from "../../harness/fake-zalo.js";
import { Harness, type FakeUser } from "../../harness/harness.js";
import { blocWithSchedule, TEST_SCHEDULE } from "../../harness/bloc-files.js";

let h: Harness;
let fake: FakeZalo;

async function start(opts: Parameters<typeof Harness.create>[0] = {}) {
  fake = new FakeZalo({ now: () => h.clock.now().getTime() });
  h = await Harness.create({ zalo: fake, ...opts });
}
beforeEach(() => start());
afterEach(async () => h.close());

/** `user` types `text` on Zalo; what the bot sent back there. */
async function zaloSend(user: FakeZaloUser, text: string): Promise<string> {
  const zalo = h.app.zalo!;
  const before = fake.sent.get(user.id)?.length ?? 0;
  await zalo.adapter.handle(zalo.bot, parseZaloEvent(fake.textEvent(user, text))!);
  return (fake.sent.get(user.id) ?? []).slice(before).map((s) => s.text ?? "").join("\n");
}

/** Telegram user `u` sends `text`; the texts of the bot's answers to this update. */
async function tgSend(u: FakeUser, text: string): Promise<string> {
  const before = u.messages().length;
  await u.send(text);
  return u.textsSince(before).join("\n");
}

/** The admin's invitation on Telegram: the whole message, the deep link's code and the short code. */
async function invite(board: string, role: "focal" | "head"): Promise<{ text: string; link: string; short: string }> {
  const admin = h.user(1, "Admin");
  await admin.send(`/invite ${board} ${role}`);
  const text = admin.lastText();
  return { text, link: /start=([A-Za-z0-9_-]{22})/.exec(text)![1]!, short: /<code>([0-9A-Z]{5}-[0-9A-Z]{5})<\/code>/.exec(text)![1]! };
}

const personByChat = async (chatId: number) => {
  const account = await h.db.messengerAccount.findUnique({ where: { messenger_chatId: { messenger: chatId > ZALO_ID_BASE ? "zalo" : "telegram", chatId: BigInt(chatId) } } });
  return account && h.db.person.findUniqueOrThrow({ where: { id: account.personId }, include: { accounts: { orderBy: { id: "asc" } }, roles: { where: { revokedAt: null }, include: { board: true } } } });
};
const rolesOf = async (chatId: number) => (await personByChat(chatId))?.roles.map((r) => [r.role, r.board?.code ?? null]) ?? [];
const attemptsOf = (chatId: number) => h.db.inviteAttempt.count({ where: { telegramId: BigInt(chatId) } });
/** The chat-layer id of the n-th Zalo user the bot has met. */
const zaloChat = (n: number) => ZALO_ID_BASE + n;

describe("an invitation's short code, typed on a phone", () => {
  it("the admin's invitation shows it with how to use it; a stranger on Zalo who types it alone (any case, a space for the dash) is onboarded as by the deep link", async () => {
    const { text, short } = await invite("HP", "focal");
    expect(text).toContain(`Mã mời: <code>${short}</code>`);
    expect(text).toContain(`Trên Zalo (hoặc khi không mở được đường dẫn), người được mời gõ mã ${short} cho bot.`);

    const lan = fake.user("Lan");
    const typed = `${short.slice(0, 5).toLowerCase()} ${short.slice(6).toLowerCase()}`;
    const answer = await zaloSend(lan, typed);
    expect(answer).toContain("Chào mừng Anh/Chị! Anh/Chị đã được ghi nhận với vai trò Cán bộ đầu mối của Hải Phòng.");
    const person = (await personByChat(zaloChat(1)))!;
    expect([person.preferredMessenger, person.accounts.map((a) => [a.messenger, a.externalId])]).toEqual(["zalo", [["zalo", lan.id]]]);
    expect(await rolesOf(zaloChat(1))).toEqual([["focal", "HP"]]);
    const used = await h.db.invite.findFirstOrThrow({ where: { usedByPersonId: person.id } });
    expect(used.usedAt).not.toBeNull();
    expect(await zaloSend(lan, "/whoami")).toContain("Cán bộ đầu mối — Hải Phòng");

    // The same invitation's deep link is spent with it: one invitation, one person.
    const other = h.user(300, "Minh");
    expect(await tgSend(other, `/start ${(await invite("HP", "head")).link}`)).toContain("Lãnh đạo Ban");
    expect(await tgSend(h.user(301, "Hà"), `/start ${short}`)).toContain("Mã mời này đã được sử dụng.");
  });

  it("on Telegram too: the short code typed alone, or after /start, onboards", async () => {
    const a = await invite("HP", "focal");
    expect(await tgSend(h.user(300, "Minh"), a.short)).toContain("vai trò <b>Cán bộ đầu mối</b> của <b>Hải Phòng</b>");
    const b = await invite("QN", "head");
    expect(await tgSend(h.user(301, "Hà"), `/start ${b.short.replace("-", "")}`)).toContain("của <b>Quảng Ninh</b>");
    expect(await rolesOf(300)).toEqual([["focal", "HP"]]);
    expect(await rolesOf(301)).toEqual([["head", "QN"]]);
  });

  it("a used, an expired or a wrong code is said plainly and changes nothing; wrong codes count, and after the limit even a good code waits an hour", async () => {
    const first = await invite("HP", "focal");
    await zaloSend(fake.user("Lan"), first.short);
    const late = await invite("QN", "focal");
    h.clock.advance(7 * 86_400_000 + 60_000); // the second one has expired
    const minh = fake.user("Minh"); // the second Zalo user: zaloChat(2)
    expect(await zaloSend(minh, first.short)).toBe("Mã mời này đã được sử dụng. Mỗi lời mời chỉ dùng được một lần; Anh/Chị vui lòng liên hệ quản trị viên để nhận lời mời mới.");
    expect(await zaloSend(minh, late.short)).toBe("Mã mời này đã hết hạn. Anh/Chị vui lòng liên hệ quản trị viên để nhận lời mời mới.");
    expect(await zaloSend(minh, "ZZZZZ-99999")).toContain("Mã mời không đúng.");
    expect(await zaloSend(minh, "K7M4-Q9T")).toBe("Mã “K7M4-Q9T” không đúng: mã mời có 10 ký tự (ví dụ K7M4Q-9TXAB), mã liên kết có 8 ký tự (ví dụ K7M4-Q9TX). Anh/Chị vui lòng kiểm tra lại.");
    expect(await attemptsOf(zaloChat(2))).toBe(4);
    expect(await rolesOf(zaloChat(2))).toEqual([]);

    // Words and numbers typed alone are no codes: the usual answer, nothing counted.
    for (const text of ["Xin chào", "HOLIDAYS", "12345678", "2026-10"]) expect(await zaloSend(minh, text)).toBe("Bot chưa hiểu tin nhắn này. Anh/Chị gõ /help để xem các lệnh.");
    expect(await attemptsOf(zaloChat(2))).toBe(4);

    // A wrong link code counts towards the same limit: the fifth wrong code.
    expect(await zaloSend(minh, "ZZZZ-9999")).toContain("Mã liên kết không đúng.");
    expect(await attemptsOf(zaloChat(2))).toBe(INVITE_ATTEMPTS_PER_HOUR);
    const good = await invite("QN", "focal");
    expect(await zaloSend(minh, good.short)).toBe("Anh/Chị đã nhập sai mã quá nhiều lần. Vui lòng thử lại sau một giờ.");
    expect(await attemptsOf(zaloChat(2))).toBe(INVITE_ATTEMPTS_PER_HOUR); // refused, not counted again
    expect(await rolesOf(zaloChat(2))).toEqual([]);
    h.clock.advance(3600_000 + 1000);
    expect(await zaloSend(minh, good.short)).toContain("vai trò Cán bộ đầu mối của Quảng Ninh");
    expect(await rolesOf(zaloChat(2))).toEqual([["focal", "QN"]]);
  });
});

/** Mai, HP's focal person, who joined on Telegram (id 200). */
async function maiOnTelegram(): Promise<FakeUser> {
  const mai = h.user(200, "Mai");
  await mai.send(`/start ${(await invite("HP", "focal")).link}`);
  return mai;
}

/** The link code in /link's answer. */
function linkCodeIn(text: string): string {
  const m = /<code>([0-9A-Z]{4}-[0-9A-Z]{4})<\/code>/.exec(text);
  if (!m) throw new Error(`no link code in: ${text}`);
  return m[1]!;
}

describe("link codes: one person on both messengers", () => {
  it("Telegram → Zalo: /link gives a code, typed on Zalo it joins that account; both sides are told, audited; /whoami names both; the code works once", async () => {
    const mai = await maiOnTelegram();
    const answer = await tgSend(mai, "/link");
    expect(answer).toMatch(/^Mã liên kết của Anh\/Chị: <code>[0-9A-Z]{4}-[0-9A-Z]{4}<\/code>\nTrên Zalo, Anh\/Chị gõ mã này cho bot \(chữ hoa hay thường đều được\) trong 15 phút, trước 02\/11\/2026 09:15\./);
    const code = linkCodeIn(answer);
    const people = await h.db.person.count();
    const before = mai.messages().length;

    const maiZ = fake.user("Mai Z");
    expect(await zaloSend(maiZ, code.toLowerCase())).toBe("Đã liên kết: tài khoản Zalo này là của Anh/Chị. Từ nay Anh/Chị dùng bot trên cả Telegram và Zalo; nhắc hạn và thông báo được gửi qua Telegram trước (đổi bằng /messenger).");
    expect(mai.textsSince(before)).toEqual(["Tài khoản Zalo của Anh/Chị đã được liên kết với bot lúc 02/11/2026 09:00. Nếu không phải Anh/Chị làm việc này, vui lòng báo ngay cho quản trị viên."]);
    const person = (await personByChat(200))!;
    expect(person.accounts.map((a) => [a.messenger, a.externalId, Number(a.chatId)])).toEqual([["telegram", "200", 200], ["zalo", maiZ.id, zaloChat(1)]]);
    expect(await h.db.person.count()).toBe(people); // no second person
    expect((await h.db.auditEvent.findMany({ where: { action: "person.link" } })).map((e) => [e.personId, e.detail])).toEqual([[person.id, expect.objectContaining({ messenger: "zalo", from: "telegram" })]]);
    expect(await zaloSend(maiZ, "/whoami")).toMatch(/^Mai Z \(nhận tin qua Telegram \(ưu tiên\), Zalo\)\n• Cán bộ đầu mối — Hải Phòng$/);
    expect(await zaloSend(maiZ, "/status")).toContain("Hải Phòng");

    // Used: said so to anyone else who types it, and counted.
    const other = fake.user("Khách");
    expect(await zaloSend(other, code)).toBe("Mã liên kết này đã được sử dụng. Mỗi mã chỉ dùng được một lần; gửi /link để nhận mã mới.");
    expect(await attemptsOf(zaloChat(2))).toBe(1);
    expect(await zaloSend(maiZ, code)).toBe("Tài khoản này đã được liên kết với Anh/Chị từ trước.");
    expect(await tgSend(mai, "/link")).toBe("Anh/Chị đã dùng bot trên cả Telegram và Zalo. Chọn ứng dụng nhận tin ưu tiên bằng /messenger.");
  });

  it("Zalo → Telegram: a person who joined on Zalo by a typed code links Telegram the same way (/link CODE too); Zalo is told", async () => {
    const lan = fake.user("Lan");
    await zaloSend(lan, (await invite("HP", "focal")).short);
    const answer = await zaloSend(lan, "/link");
    expect(answer).toContain("Trên Telegram, Anh/Chị gõ mã này cho bot");
    const code = linkCodeIn(answer.replace(/Mã liên kết của Anh\/Chị: ([0-9A-Z-]{9})/, "<code>$1</code>")); // plain text on Zalo
    const before = (fake.sent.get(lan.id) ?? []).length;

    const lanT = h.user(400, "Lan T");
    const tgCalls = h.tg.calls.length;
    expect(await tgSend(lanT, `/link ${code}`)).toContain("Đã liên kết: tài khoản Telegram này là của Anh/Chị.");
    // Her role's command menu in the Telegram chat that is now hers.
    const menu = h.tg.calls.slice(tgCalls).find((c) => c.method === "setMyCommands" && (c.payload.scope as { chat_id?: number } | undefined)?.chat_id === 400);
    expect((menu?.payload.commands as { command: string }[] | undefined)?.map((c) => c.command)).toContain("report");
    expect((fake.sent.get(lan.id) ?? []).slice(before).map((s) => s.text)).toEqual([expect.stringContaining("Tài khoản Telegram của Anh/Chị đã được liên kết với bot lúc")]);
    expect(await rolesOf(400)).toEqual([["focal", "HP"]]);
    expect(await tgSend(lanT, "/whoami")).toMatch(/^<b>Lan T<\/b> \(nhận tin qua Zalo \(ưu tiên\), Telegram\)/);
  });

  it("refusals: typed on the messenger it came from; an account of another person with a role; expired; a new code ends the old one; /link without a role; a bot with Telegram alone", async () => {
    const mai = await maiOnTelegram();
    const code = linkCodeIn(await tgSend(mai, "/link"));
    // Typed on Telegram, by Mai or by another account: the code is for Zalo. Not consumed, not counted.
    expect(await tgSend(mai, code)).toBe("Mã này cần được gõ cho bot trên Zalo, không phải ở đây.");
    expect(await tgSend(h.user(301, "Hà"), code)).toBe("Mã này cần được gõ cho bot trên Zalo, không phải ở đây.");
    expect(await attemptsOf(301)).toBe(0);
    // A Zalo account of another person with a role (Lan, QN's focal person): two people are never joined.
    const lan = fake.user("Lan");
    await zaloSend(lan, (await invite("QN", "focal")).short);
    expect(await zaloSend(lan, code)).toBe("Tài khoản Zalo này đã thuộc về một người khác có vai trò trong Khối, nên không thể liên kết. Anh/Chị vui lòng liên hệ quản trị viên.");
    expect((await personByChat(200))!.accounts.map((a) => a.messenger)).toEqual(["telegram"]);
    expect(await rolesOf(zaloChat(1))).toEqual([["focal", "QN"]]);
    // The code still stands after those refusals; a new /link ends it.
    const second = linkCodeIn(await tgSend(mai, "/link"));
    const stranger = fake.user("Khách");
    expect(await zaloSend(stranger, code)).toBe("Mã liên kết này đã hết hạn (mã có hiệu lực 15 phút). Anh/Chị gửi lại /link để nhận mã mới.");
    h.clock.advance(LINK_CODE_MINUTES * 60_000);
    expect(await zaloSend(stranger, second)).toContain("Mã liên kết này đã hết hạn");
    expect(await attemptsOf(zaloChat(2))).toBe(2);
    expect((await personByChat(200))!.accounts.map((a) => a.messenger)).toEqual(["telegram"]);
    expect(await h.db.auditEvent.count({ where: { action: "person.link" } })).toBe(0);

    // /link is for people with a role.
    expect(await tgSend(h.user(302, "Khách T"), "/link")).toBe("Liên kết tài khoản dành cho người đã có vai trò trong Khối. Nếu có lời mời, Anh/Chị gõ mã mời cho bot.");
    expect(await h.db.linkCode.count()).toBe(2);

    // A bot that serves Telegram alone has nothing to link.
    await h.close();
    h = await Harness.create();
    const alone = h.user(200, "Mai");
    await alone.send(`/start ${(await invite("HP", "focal")).link}`);
    expect(await tgSend(alone, "/link")).toBe("Bot hiện chỉ phục vụ trên Telegram, chưa có Zalo để liên kết.");
    expect(await h.db.linkCode.count()).toBe(0);
  });

  it("the join's conditions live in the database: a code read as standing but expired or spent by the time of the write joins nothing", async () => {
    const mai = await maiOnTelegram();
    await tgSend(mai, "/link");
    const row = await h.db.linkCode.findFirstOrThrow();
    const person = (await personByChat(200))!;
    const join = (chatId: number, at: Date) => joinAccount(h.db, { linkCodeId: row.id, personId: person.id, fromMessenger: "telegram", messenger: "zalo", chatId, strangerAccount: null, at });
    const [a, b] = [fake.user("Mai Z"), fake.user("Khách")];
    await zaloSend(a, "Xin chào"); // each gets its Zalo chat number
    await zaloSend(b, "Xin chào");
    // What redemption read a moment ago no longer holds when the transaction runs: expired.
    expect(await join(zaloChat(1), new Date(row.expiresAt.getTime() + 1))).toBe("gone");
    expect(await h.db.messengerAccount.count({ where: { personId: person.id } })).toBe(1);
    // Spent by another account first.
    expect(await join(zaloChat(1), h.clock.now())).toBe("joined");
    expect(await join(zaloChat(2), h.clock.now())).not.toBe("joined");
    expect((await personByChat(200))!.accounts.map((x) => [x.messenger, Number(x.chatId)])).toEqual([["telegram", 200], ["zalo", zaloChat(1)]]);
    expect(await h.db.auditEvent.count({ where: { action: "person.link" } })).toBe(1);
  });

  it("a stranger's account read as roleless, whose person got a role by the time of the write, is not moved: 'taken', nothing changed", async () => {
    const mai = await maiOnTelegram();
    await tgSend(mai, "/link");
    const row = await h.db.linkCode.findFirstOrThrow();
    const maiZ = fake.user("Mai Z");
    await zaloSend(maiZ, "/lang vi"); // a stranger's row with its Zalo account
    const stranger = (await personByChat(zaloChat(1)))!;
    await h.db.role.create({ data: { key: `${stranger.id}:focal:1`, personId: stranger.id, role: "focal", boardId: 1 } }); // granted meanwhile
    const person = (await personByChat(200))!;
    const outcome = await joinAccount(h.db, {
      linkCodeId: row.id, personId: person.id, fromMessenger: "telegram", messenger: "zalo", chatId: zaloChat(1),
      strangerAccount: { accountId: stranger.accounts[0]!.id, personId: stranger.id }, at: h.clock.now(),
    });
    expect(outcome).toBe("taken");
    expect((await personByChat(zaloChat(1)))!.id).toBe(stranger.id);
    expect((await h.db.linkCode.findFirstOrThrow()).usedAt).toBeNull(); // the claim rolled back with it
  });

  it("a roleless stranger's row on Zalo is merged: the account moves to the person, the stranger's row is left without it, and the answer is in the person's language", async () => {
    const mai = await maiOnTelegram();
    await mai.send("/lang en");
    const code = linkCodeIn(await tgSend(mai, "/link"));
    const maiZ = fake.user("Mai Z");
    await zaloSend(maiZ, "/lang vi"); // a choice kept: a stranger's row, with its Zalo account
    const stranger = (await personByChat(zaloChat(1)))!;
    expect(stranger.roles).toEqual([]);
    expect(await zaloSend(maiZ, code)).toBe("Linked: this Zalo account is yours. You can now use the bot on both Telegram and Zalo; reminders and notices reach you on Telegram first (change it with /messenger).");
    const person = (await personByChat(zaloChat(1)))!;
    expect(person.id).not.toBe(stranger.id);
    expect(person.accounts.map((a) => [a.messenger, Number(a.chatId)])).toEqual([["telegram", 200], ["zalo", zaloChat(1)]]);
    expect(await h.db.messengerAccount.count({ where: { personId: stranger.id } })).toBe(0);
    expect((await h.db.auditEvent.findFirstOrThrow({ where: { action: "person.link" } })).detail).toMatchObject({ mergedPersonId: stranger.id });
    expect(await zaloSend(maiZ, "/status")).toContain("Hải Phòng");
  });

  it("an administrator of ADMIN_IDS who links Zalo is an administrator there too", async () => {
    const admin = h.user(1, "Admin");
    await admin.send("/start");
    const code = linkCodeIn(await tgSend(admin, "/link"));
    const adminZ = fake.user("Admin Z");
    expect(await zaloSend(adminZ, "/boards")).toBe("Anh/Chị không có quyền dùng chức năng này.");
    await zaloSend(adminZ, code);
    expect(await zaloSend(adminZ, "/whoami")).toContain("Quản trị viên");
    expect(await zaloSend(adminZ, "/boards")).toContain("Các Ban Quản lý");
    // An invitation made on Zalo has no deep link (Telegram's link would name the Zalo bot): its short code alone, which works.
    const made = await zaloSend(adminZ, "/invite HP head");
    expect(made).not.toContain("t.me");
    const short = /mã mời ([0-9A-Z]{5}-[0-9A-Z]{5})/.exec(made)?.[1];
    expect(made).toContain(`Người được mời gõ mã ${short} cho bot, trên Zalo hay Telegram đều được.`);
    expect(await tgSend(h.user(300, "Minh"), short!)).toContain("vai trò <b>Lãnh đạo Ban</b> của <b>Hải Phòng</b>");
  });
});

describe("after linking, reminders follow the preferred messenger", () => {
  it("linked Telegram → Zalo, Zalo chosen by /messenger: the d-3 reminder reaches the person on Zalo only", async () => {
    await h.close();
    await start({ now: "2026-11-01T01:00:00Z", blocFile: blocWithSchedule(TEST_SCHEDULE) });
    const mai = await maiOnTelegram();
    const maiZ = fake.user("Mai Z");
    await zaloSend(maiZ, linkCodeIn(await tgSend(mai, "/link")));
    expect(await zaloSend(maiZ, "/messenger")).toContain("1. ✓ Telegram\n2. Zalo");
    expect(await zaloSend(maiZ, "2")).toBe("Từ nay nhắc hạn và thông báo được gửi qua Zalo trước.");
    const zBefore = (fake.sent.get(maiZ.id) ?? []).length;
    const tBefore = mai.messages().length;
    const end = new Date("2026-11-02T03:00:00Z").getTime(); // 10:00 on 2 November in Hà Nội: the d-3 slot at 09:00 has passed
    while (h.clock.now().getTime() < end) {
      h.clock.advance(30 * 60_000);
      await h.app.scheduler.tick();
    }
    const onZalo = (fake.sent.get(maiZ.id) ?? []).slice(zBefore).map((s) => s.text ?? "").filter((t) => t.includes("chưa gửi báo cáo tháng 10/2026"));
    expect(onZalo).toHaveLength(1);
    expect(mai.textsSince(tBefore).filter((t) => t.includes("chưa gửi báo cáo"))).toEqual([]);
  });
});
