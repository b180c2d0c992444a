// The bloc's group as a live bot meets it (issue 12, items 1 and 7): upgraded to a
// supergroup (its id changes), the bot removed and added back, and posts to the group
// that fail: each post is claimed, sent, then marked, tried again until it lands, kept
// while no group can take it, and /digest says what is actually wrong.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Harness, type FakeGroup, type FakeUser } from "../../harness/harness.js";
import { join } from "../../harness/fixtures.js";
import { largeBloc } from "../../harness/bloc-files.js";
import type { ApiCall } from "../../harness/fake-telegram.js";

/** Local time in Hà Nội → the instant. */
const vn = (local: string) => new Date(`${local}+07:00`);

let h: Harness;
let admin: FakeUser; // ADMIN_IDS
let thu: FakeUser; // secretariat
let lan: FakeUser; // HP focal

beforeEach(async () => {
  h = await Harness.create({ now: vn("2026-11-04T09:00:00").toISOString() });
  admin = h.user(1, "Admin");
  thu = await join(h, 100, "Thu", "", "secretariat");
  lan = await join(h, 200, "Lan", "HP", "focal");
});
afterEach(async () => h.close());

/** A yes/no motion created by the secretariat through /newballot; returns its id. */
async function motion(): Promise<number> {
  await thu.send("/newballot");
  await thu.press("Biểu quyết");
  await thu.press(/^\d{4}$/);
  await thu.press("Dùng tiêu đề này");
  await thu.press("Công khai");
  await thu.press("24 giờ");
  await thu.press("Không yêu cầu");
  await thu.press("Đăng lên nhóm");
  const m = /số (\d+)/.exec(thu.lastText());
  if (!m) throw new Error(thu.lastText());
  return Number(m[1]);
}

const ballotMessages = (g: FakeGroup) => g.messages().filter((m) => m.text?.startsWith("🗳"));
const results = (g: FakeGroup) => g.messages().filter((m) => m.text?.startsWith("📊 <b>Kết quả"));
const digests = (g: FakeGroup) => g.messages().filter((m) => m.text?.startsWith("<b>Tình hình nộp báo cáo"));
const callsTo = (calls: ApiCall[], chatId: number) => calls.filter((c) => Number(c.payload.chat_id) === chatId);
const storedGroup = async () => (await h.db.bloc.findUniqueOrThrow({ where: { id: 1 } })).groupChatId;

/** Past October's deadline (5 November 17:00): the deadline digest is due. */
async function tickPastDeadline(): Promise<ApiCall[]> {
  h.clock.set(vn("2026-11-05T17:01:00"));
  const before = h.tg.calls.length;
  await h.app.scheduler.tick();
  return h.tg.calls.slice(before);
}

describe("the group becomes a supergroup", () => {
  let old: FakeGroup;
  beforeEach(async () => {
    old = h.group(-4001234, "Khối thi đua ĐBSH", "group");
    await admin.sendIn(old, "/linkgroup");
  });

  it("the service message in the old group moves the link; the open ballot is posted again there and votes count", async () => {
    const id = await motion();
    expect(ballotMessages(old)).toHaveLength(1);
    const sup = old.upgrade(-1009990001);
    await old.migratedTo(sup, admin);
    expect(await storedGroup()).toBe(BigInt(sup.chatId));
    // The vote's message stays in the old chat, where nobody can press it: it is posted again.
    const reposted = ballotMessages(sup);
    expect(reposted).toHaveLength(1);
    expect(reposted[0]!.text).toContain(`(số ${id})`);
    const vote = await lan.press("Đồng ý", { in: sup, messageId: reposted[0]!.message_id });
    expect(vote.some((c) => c.method === "sendMessage" && String(c.payload.text).includes("Phiếu của <b>Hải Phòng</b>"))).toBe(true);
    expect(sup.last()?.text).toContain("Đã bỏ phiếu: 1/11");

    // The second signal (in the new supergroup) finds nothing more to move: nothing posted twice.
    await sup.migratedFrom(old, admin);
    expect(ballotMessages(sup)).toHaveLength(1);
    // /digest and the result go to the new id; nothing is tried at the old one any more.
    const before = h.tg.calls.length;
    await admin.send("/digest");
    await admin.send(`/closeballot ${id}`);
    const calls = h.tg.calls.slice(before);
    expect(callsTo(calls, old.chatId)).toEqual([]);
    expect(digests(sup)).toHaveLength(1);
    expect(results(sup)).toHaveLength(1);
    expect(admin.lastText()).toBe("Đã đóng và công bố kết quả lên nhóm.");
  });

  it("the service message in the new supergroup alone is enough", async () => {
    const sup = old.upgrade(-1009990002);
    await sup.migratedFrom(old, admin);
    expect(await storedGroup()).toBe(BigInt(sup.chatId));
    await admin.send("/digest");
    expect(digests(sup)).toHaveLength(1);
    expect(admin.lastText()).toBe("Đã đăng lên nhóm.");
  });

  it("with no service message, the deadline digest refused with migrate_to_chat_id is sent again to the new chat, and the next posts go there", async () => {
    const sup = old.upgrade(-1009990003);
    const calls = await tickPastDeadline();
    // The digest went to the old id, was refused, and landed in the supergroup: once.
    const refused = callsTo(calls, old.chatId).filter((c) => c.method === "sendMessage");
    expect(refused).toHaveLength(1);
    expect(String(refused[0]!.payload.text)).toContain("Tình hình nộp báo cáo tháng 10/2026");
    expect(digests(sup)).toHaveLength(1);
    expect(digests(sup)[0]!.text).toBe(refused[0]!.payload.text);
    expect(await storedGroup()).toBe(BigInt(sup.chatId));
    const post = await h.db.groupPost.findFirstOrThrow({ where: { key: { startsWith: "digest:" } } });
    expect(post).toMatchObject({ status: "sent", attempts: 1, chatId: BigInt(sup.chatId) });

    // Later posts go straight to the new id: /digest, and a ballot's result.
    const id = await motion();
    const before = h.tg.calls.length;
    await admin.send("/digest");
    await admin.send(`/closeballot ${id}`);
    expect(callsTo(h.tg.calls.slice(before), old.chatId)).toEqual([]);
    expect(digests(sup)).toHaveLength(2);
    expect(results(sup)).toHaveLength(1);
    await h.app.scheduler.tick(); // nothing is left to send again
    expect(digests(sup)).toHaveLength(2);
    expect(results(sup)).toHaveLength(1);
  });

  it("a result post refused with migrate_to_chat_id lands in the new chat", async () => {
    const id = await motion();
    const sup = old.upgrade(-1009990004);
    // Only the result's post meets the refusal first (the closed ballot's message is not edited here).
    h.tg.fail((c) => c.method === "editMessageText", 400, "Bad Request: message to edit not found");
    await admin.send(`/closeballot ${id}`);
    expect(results(old)).toEqual([]);
    expect(results(sup)).toHaveLength(1);
    expect(await storedGroup()).toBe(BigInt(sup.chatId));
    const post = await h.db.groupPost.findUniqueOrThrow({ where: { key: `ballot-result:${id}` } });
    expect(post).toMatchObject({ status: "sent", chatId: BigInt(sup.chatId) });
  });

  it("a ballot's own post refused with migrate_to_chat_id lands in the new chat once, and votes there count", async () => {
    const sup = old.upgrade(-1009990005);
    const id = await motion();
    expect(thu.lastText()).toBe(`✅ Đã đăng cuộc bỏ phiếu số ${id} lên nhóm.`);
    expect(ballotMessages(old)).toEqual([]);
    expect(ballotMessages(sup)).toHaveLength(1);
    await h.app.scheduler.tick(); // nothing is left to post again
    expect(ballotMessages(sup)).toHaveLength(1);
    await lan.press("Đồng ý", { in: sup, messageId: ballotMessages(sup)[0]!.message_id });
    expect(await h.db.ballotVote.count()).toBe(1);
    expect(h.tg.message(sup.chatId, ballotMessages(sup)[0]!.message_id)!.text).toContain("Đã bỏ phiếu: 1/11 — Hải Phòng");
  });
});

describe("the bot removed from the group", () => {
  let group: FakeGroup;
  let ad: FakeUser; // an admin by role, who reads English
  beforeEach(async () => {
    group = h.group();
    await admin.sendIn(group, "/linkgroup");
    ad = await join(h, 5, "Ad", "", "admin", { language: "en" });
    await ad.send("/lang en");
  });

  it("unlinks the group, tells the admins in private in their language, keeps the posts, and /linkgroup after re-adding sends them", async () => {
    const mod = h.user(777, "Tuấn", { lastName: "Nguyễn" });
    // Leaving another group changes nothing.
    const other = h.group(-1005550001, "Nhóm khác");
    const before = h.tg.calls.length;
    await other.botStatus(mod, "member", "left");
    expect(await storedGroup()).toBe(BigInt(group.chatId));
    expect(h.tg.calls.slice(before)).toEqual([]);

    await group.botStatus(mod, "member", "kicked");
    expect(await storedGroup()).toBeNull();
    expect(admin.lastText()).toContain("⚠️ Bot đã bị xóa khỏi nhóm chung của Khối “Khối thi đua ĐBSH” bởi Tuấn Nguyễn lúc 04/11/2026 09:00");
    expect(ad.lastText()).toContain("⚠️ The bot was removed from the bloc's group “Khối thi đua ĐBSH” by Tuấn Nguyễn");
    const event = await h.db.groupChatEvent.findFirstOrThrow({ where: { kind: "removed" } });
    expect(event).toMatchObject({ chatId: BigInt(group.chatId), byName: "Tuấn Nguyễn" });

    // What admins asking for a post hear: what is actually wrong.
    await admin.send("/digest");
    expect(admin.lastText()).toContain("Bot đã bị xóa khỏi nhóm “Khối thi đua ĐBSH” bởi Tuấn Nguyễn lúc 04/11/2026 09:00");
    expect(admin.lastText()).toContain("/linkgroup");

    // The deadline digest comes while the bot is out: kept, nothing tried at the group.
    const whileOut = await tickPastDeadline();
    expect(callsTo(whileOut, group.chatId)).toEqual([]);
    expect(await h.db.groupPost.findFirstOrThrow({ where: { key: { startsWith: "digest:" } } })).toMatchObject({ status: "pending", attempts: 0 });
    await admin.send("/digest");
    expect(admin.lastText()).toContain("Có 1 bài đăng đang chờ gửi lên nhóm.");

    // Added back: the admins hear how to link it again; /linkgroup does, and the digest goes out.
    await group.botStatus(mod, "left", "member");
    expect(admin.lastText()).toBe("Bot đã được thêm lại vào nhóm “Khối thi đua ĐBSH”. Anh/Chị gửi /linkgroup trong nhóm để liên kết lại; 1 bài đăng đang chờ sẽ được gửi ngay sau đó.");
    expect(digests(group)).toHaveLength(0);
    await admin.sendIn(group, "/linkgroup");
    expect(await storedGroup()).toBe(BigInt(group.chatId));
    expect(digests(group)).toHaveLength(1);
    expect(group.textsSince(0).at(-2)).toContain("Đã liên kết nhóm “Khối thi đua ĐBSH”");
    await h.app.scheduler.tick();
    expect(digests(group)).toHaveLength(1);
  });

  it("a 403 on a post is taken as the removal when no my_chat_member came: unlinked, admins told, the post waits uncounted", async () => {
    h.tg.kickBot(group.chatId);
    await tickPastDeadline();
    expect(await storedGroup()).toBeNull();
    expect(admin.lastText()).toContain("⚠️ Bot đã bị xóa khỏi nhóm chung của Khối “Khối thi đua ĐBSH” lúc 05/11/2026 17:01");
    expect(await h.db.groupPost.findFirstOrThrow({ where: { key: { startsWith: "digest:" } } })).toMatchObject({ status: "pending", attempts: 0 });
    h.tg.clearFailures();
    await admin.sendIn(group, "/linkgroup");
    expect(digests(group)).toHaveLength(1);
  });
});

describe("posts that fail", () => {
  let group: FakeGroup;
  beforeEach(async () => {
    group = h.group();
    await admin.sendIn(group, "/linkgroup");
  });

  it("a result post failing twice lands exactly once, on later ticks", async () => {
    const id = await motion();
    const isResult = (c: ApiCall) => c.method === "sendMessage" && String(c.payload.text).startsWith("📊 <b>Kết quả");
    h.tg.fail(isResult, 400, "Bad Request: not enough rights to send text messages to the chat", { times: 2 });
    await admin.send(`/closeballot ${id}`);
    expect(results(group)).toHaveLength(0);
    // The admin hears that the result is not out yet, and why.
    expect(admin.lastText()).toContain("Đã đóng cuộc bỏ phiếu; kết quả chưa đăng được lên nhóm.");
    expect(admin.lastText()).toContain("not enough rights to send text messages");
    expect(admin.lastText()).toContain("Có 1 bài đăng đang chờ gửi lên nhóm.");
    const post = () => h.db.groupPost.findUniqueOrThrow({ where: { key: `ballot-result:${id}` } });
    expect(await post()).toMatchObject({ status: "pending", attempts: 1 });

    await h.app.scheduler.tick(); // not yet: the next try is a minute later
    expect(h.tg.calls.filter(isResult)).toHaveLength(1);
    h.clock.advance(60_000);
    await h.app.scheduler.tick(); // refused again; the next try two minutes later
    expect(h.tg.calls.filter(isResult)).toHaveLength(2);
    expect(await post()).toMatchObject({ status: "pending", attempts: 2 });
    h.clock.advance(60_000);
    await h.app.scheduler.tick();
    expect(h.tg.calls.filter(isResult)).toHaveLength(2);
    h.clock.advance(60_000);
    await h.app.scheduler.tick(); // lands
    expect(results(group)).toHaveLength(1);
    expect(await post()).toMatchObject({ status: "sent", attempts: 3, lastError: null });
    for (let i = 0; i < 3; i++) {
      h.clock.advance(3600_000);
      await h.app.scheduler.tick();
    }
    expect(results(group)).toHaveLength(1);
    expect(h.tg.calls.filter(isResult)).toHaveLength(3);
  });

  // The real process killed between claim and send: tests/crash/group-posts.test.ts.
  it("a post left claimed by a hard stop is sent after the restart; one left between send and mark is repeated once at most", async () => {
    const id = await motion();
    const isResult = (c: ApiCall) => c.method === "sendMessage" && String(c.payload.text).startsWith("📊 <b>Kết quả");
    h.tg.fail(isResult, 400, "Bad Request: not enough rights to send text messages to the chat", { times: 1 });
    await admin.send(`/closeballot ${id}`);
    const key = `ballot-result:${id}`;
    // As a stop right after the next try's claim leaves it: claimed, nothing in the group.
    h.clock.advance(60_000);
    await h.db.groupPost.update({ where: { key }, data: { status: "sending" } });
    await h.restart();
    await h.app.scheduler.recover();
    await h.app.scheduler.tick();
    expect(results(group)).toHaveLength(1);
    expect(await h.db.groupPost.findUniqueOrThrow({ where: { key } })).toMatchObject({ status: "sent", attempts: 2 });

    // As a stop after Telegram took the post in, before the mark: sent again once, then never.
    await h.db.groupPost.update({ where: { key }, data: { status: "sending" } });
    await h.restart();
    await h.app.scheduler.recover();
    await h.app.scheduler.tick();
    h.clock.advance(3600_000);
    await h.app.scheduler.tick();
    expect(results(group)).toHaveLength(2);
    expect(h.tg.calls.filter(isResult)).toHaveLength(3);
  });

  it("/digest with no group linked: no error; the digest goes to each board's focal persons and heads in private, and the admin hears so", async () => {
    await h.db.bloc.update({ where: { id: 1 }, data: { groupChatId: null } });
    await admin.send("/digest");
    expect(admin.lastText()).toBe("Khối chưa có nhóm Telegram: đã gửi riêng tình hình nộp báo cáo đến 1 cán bộ đầu mối và lãnh đạo đơn vị.");
    expect(lan.lastText()).toMatch(/^<b>Tình hình nộp báo cáo/);
    expect(digests(group)).toHaveLength(0);
  });

  it("/digest says what is wrong: the last post failed, and why; posts waiting", async () => {
    h.tg.fail((c) => Number(c.payload.chat_id) === group.chatId, 400, "Bad Request: not enough rights to send text messages to the chat");
    await admin.send("/digest");
    const text = admin.lastText();
    expect(text).toContain("Chưa đăng được tình hình nộp báo cáo lên nhóm.");
    expect(text).toContain("Lần gửi gần nhất lên nhóm không thành công (04/11/2026 09:00): Bad Request: not enough rights to send text messages to the chat. Bot sẽ tự gửi lại.");
    expect(text).toContain("Có 1 bài đăng đang chờ gửi lên nhóm.");
    h.tg.clearFailures();
    h.clock.advance(60_000);
    await h.app.scheduler.tick();
    expect(digests(group)).toHaveLength(1);
  });
});

describe("a post too long for one message", () => {
  // 100 boards with long names, none of which reported December: the digest goes out in two parts.
  let group: FakeGroup;
  beforeEach(async () => {
    await h.close();
    h = await Harness.create({ blocFile: largeBloc({ boards: 100, indicators: 5 }), now: vn("2026-12-10T09:00:00").toISOString() });
    admin = h.user(1, "Admin");
    group = h.group();
    await admin.sendIn(group, "/linkgroup");
    h.clock.set(vn("2027-01-09T09:00:00"));
  });

  const toGroup = (c: ApiCall) => c.method === "sendMessage" && Number(c.payload.chat_id) === group.chatId;
  const isLaterPart = (c: ApiCall) => toGroup(c) && String(c.payload.text).startsWith("Ban QL KCN");
  /** How many times each board was named in the group: the digest lists each once. */
  const namings = () => {
    const seen = new Map<string, number>();
    for (const m of group.messages()) for (const [, n] of (m.text ?? "").matchAll(/số (\d{3})&gt;/g)) seen.set(n!, (seen.get(n!) ?? 0) + 1);
    return seen;
  };
  const expectWholeDigestOnce = () => {
    expect(digests(group)).toHaveLength(1);
    const seen = namings();
    expect(seen.size).toBe(100);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
  };
  const post = () => h.db.groupPost.findFirstOrThrow({ where: { key: { startsWith: "digest" } } });

  it("a later part refused twice: the retries send the rest only, and every part lands once", async () => {
    h.tg.fail(isLaterPart, 400, "Bad Request: not enough rights to send text messages to the chat", { times: 2 });
    await admin.send("/digest");
    expect(admin.lastText()).toContain("Chưa đăng được tình hình nộp báo cáo lên nhóm.");
    expect(digests(group)).toHaveLength(1); // the first part is shown
    for (let i = 0; i < 4; i++) {
      h.clock.advance(2 * 60_000);
      await h.app.scheduler.tick();
    }
    expectWholeDigestOnce();
    expect(h.tg.calls.filter(isLaterPart)).toHaveLength(3);
    expect(await post()).toMatchObject({ status: "sent", attempts: 3 });
  });

  it("a hard stop after the first part landed: after the restart the rest goes out, the first part is not repeated", async () => {
    h.tg.fail(isLaterPart, 400, "Bad Request: not enough rights to send text messages to the chat", { times: 1 });
    await admin.send("/digest");
    // As a stop right after the next try's claim leaves it.
    await h.db.groupPost.update({ where: { id: (await post()).id }, data: { status: "sending" } });
    await h.restart();
    await h.app.scheduler.recover();
    h.clock.advance(2 * 60_000);
    await h.app.scheduler.tick();
    expectWholeDigestOnce();
    expect(await post()).toMatchObject({ status: "sent" });
  });
});
