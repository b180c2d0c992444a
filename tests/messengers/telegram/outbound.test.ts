// The outbound port on Telegram (src/messengers/telegram/outbound.ts), driven as use
// cases and jobs drive it (deps.notify), against the fake Telegram: a person by id,
// choices, protection, a blocked person, one known to be unreachable (and tried all the same when asked), a failure, an unknown person, choice data over
// Telegram's 64 bytes, and the group through its outbox, once per key (and waited for when asked).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Harness, type FakeUser } from "../../harness/harness.js";
import { join } from "../../harness/fixtures.js";

let h: Harness;
let lan: FakeUser;
let lanId: number;

beforeEach(async () => {
  h = await Harness.create({ now: "2026-11-10T03:00:00Z" });
  lan = await join(h, 200, "Lan", "HP", "focal");
  lanId = (await h.db.person.findUniqueOrThrow({ where: { telegramId: 200n } })).id;
});
afterEach(async () => h.close());

const sendsTo = (chatId: number) => h.tg.calls.filter((c) => c.method === "sendMessage" && Number(c.payload.chat_id) === chatId);

describe("the outbound port on Telegram", () => {
  it("sends to a person by id in their private chat: HTML, choices as buttons in their rows, protected", async () => {
    const before = sendsTo(200).length;
    const outcome = await h.app.deps.notify.send(
      { person: lanId },
      { text: "<b>Hạn nộp</b> 05/12/2026", choices: [[{ label: "Báo cáo", action: "menu:report" }, { label: "Lịch", action: "menu:schedule" }], [{ label: "Trợ giúp", action: "menu:help" }]], protect: true },
    );
    expect(outcome).toBe("sent");
    const sent = sendsTo(200).slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.payload).toMatchObject({
      chat_id: 200,
      text: "<b>Hạn nộp</b> 05/12/2026",
      parse_mode: "HTML",
      protect_content: true,
      reply_markup: {
        inline_keyboard: [
          [{ text: "Báo cáo", callback_data: "menu:report" }, { text: "Lịch", callback_data: "menu:schedule" }],
          [{ text: "Trợ giúp", callback_data: "menu:help" }],
        ],
      },
    });
    expect(lan.lastText()).toBe("<b>Hạn nộp</b> 05/12/2026");
  });

  it("without choices or protection: a plain HTML message, nothing else asked of Telegram", async () => {
    expect(await h.app.deps.notify.send({ person: lanId }, { text: "Xin chào" })).toBe("sent");
    const last = sendsTo(200).at(-1)!;
    expect(last.payload.reply_markup).toBeUndefined();
    expect(last.payload.protect_content).toBeUndefined();
  });

  it("a person who blocked the bot: unreachable, marked so, and no error", async () => {
    h.tg.block(200);
    expect(await h.app.deps.notify.send({ person: lanId }, { text: "Nhắc nộp báo cáo" })).toBe("unreachable");
    expect((await h.db.person.findUniqueOrThrow({ where: { id: lanId } })).reachable).toBe(false);
  });

  it("a person already known to be unreachable is not sent to: unreachable, nothing asked of Telegram", async () => {
    await h.db.person.update({ where: { id: lanId }, data: { reachable: false, unreachableAt: new Date(), unreachableReason: "Forbidden: bot was blocked by the user" } });
    const before = sendsTo(200).length;
    expect(await h.app.deps.notify.send({ person: lanId }, { text: "Nhắc nộp báo cáo" })).toBe("unreachable");
    expect(sendsTo(200).length).toBe(before);
  });

  it("evenIfUnreachable: a person marked unreachable is tried all the same, and a 403 keeps them marked", async () => {
    await h.db.person.update({ where: { id: lanId }, data: { reachable: false, unreachableAt: new Date(), unreachableReason: "Forbidden: bot was blocked by the user" } });
    const before = sendsTo(200).length;
    expect(await h.app.deps.notify.send({ person: lanId, evenIfUnreachable: true }, { text: "Vai trò đã kết thúc" })).toBe("sent");
    expect(sendsTo(200).slice(before).map((c) => c.payload.text)).toEqual(["Vai trò đã kết thúc"]);
    h.tg.fail((c) => c.method === "sendMessage" && Number(c.payload.chat_id) === 200, 403, "Forbidden: bot was blocked by the user");
    expect(await h.app.deps.notify.send({ person: lanId, evenIfUnreachable: true }, { text: "Lần nữa" })).toBe("unreachable");
    expect((await h.db.person.findUniqueOrThrow({ where: { id: lanId } })).reachable).toBe(false);
  });

  it("any other refusal: failed, never thrown, the person still reachable", async () => {
    h.tg.fail((c) => c.method === "sendMessage" && Number(c.payload.chat_id) === 200, 400, "Bad Request: something else");
    expect(await h.app.deps.notify.send({ person: lanId }, { text: "Nhắc nộp báo cáo" })).toBe("failed");
    expect((await h.db.person.findUniqueOrThrow({ where: { id: lanId } })).reachable).toBe(true);
  });

  it("a person the bot does not know: failed, nothing sent", async () => {
    const before = h.tg.calls.filter((c) => c.method === "sendMessage").length;
    expect(await h.app.deps.notify.send({ person: 999_999 }, { text: "?" })).toBe("failed");
    expect(h.tg.calls.filter((c) => c.method === "sendMessage").length).toBe(before);
  });

  it("choice data over 64 bytes (Telegram's callback_data limit) is a programming error, refused before anything is sent", async () => {
    const before = sendsTo(200).length;
    const action = "đ".repeat(33); // 33 characters, 66 bytes of UTF-8
    await expect(h.app.deps.notify.send({ person: lanId }, { text: "x", choices: [[{ label: "x", action }]] })).rejects.toThrow(/66 bytes/);
    expect(sendsTo(200).length).toBe(before);
  });

  it("the group: queued in the outbox once per key, posted to the linked group with its choices", async () => {
    const admin = h.user(1, "Admin");
    const group = h.group();
    await admin.sendIn(group, "/linkgroup");
    const to = { group: { key: "test:outbound:1", staleAfterMs: 3600_000 } };
    const message = { text: "<b>Kết quả</b>", choices: [[{ label: "Xem", action: "menu:summary" }]] };
    expect(await h.app.deps.notify.send(to, message)).toBe("sent");
    expect(await h.app.deps.notify.send(to, message)).toBe("sent"); // the same key: not queued again
    const rows = await h.db.groupPost.findMany({ where: { key: "test:outbound:1" } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.payloadJson).toMatchObject({ text: "<b>Kết quả</b>", buttons: [[{ label: "Xem", data: "menu:summary" }]] });
    await h.app.scheduler.tick(); // the outbox's job, waited for to the end (it joins the flush the port started)
    expect((await h.db.groupPost.findUniqueOrThrow({ where: { key: "test:outbound:1" } })).status).toBe("sent");
    const posted = sendsTo(group.chatId).filter((c) => c.payload.text === "<b>Kết quả</b>");
    expect(posted).toHaveLength(1);
    expect(posted[0]!.payload.reply_markup).toEqual({ inline_keyboard: [[{ text: "Xem", callback_data: "menu:summary" }]] });
  });

  it("the group with wait: resolves only after the outbox tried it (posted, nothing left to tick), or at once when the group is gone", async () => {
    const message = { text: "<b>Tổng hợp</b>" };
    const admin = h.user(1, "Admin");
    const group = h.group();
    await admin.sendIn(group, "/linkgroup");
    await group.botStatus(admin, "member", "left");
    // The bot removed from the group: queued for the next /linkgroup, and the send does not wait for one.
    expect(await h.app.deps.notify.send({ group: { key: "test:wait:0", staleAfterMs: 3600_000, wait: true } }, message)).toBe("sent");
    expect((await h.db.groupPost.findUniqueOrThrow({ where: { key: "test:wait:0" } })).status).toBe("pending");
    await group.botStatus(admin, "left", "member");
    await admin.sendIn(group, "/linkgroup");
    await h.app.scheduler.idle();
    expect(await h.app.deps.notify.send({ group: { key: "test:wait:1", staleAfterMs: 3600_000, wait: true } }, message)).toBe("sent");
    // No tick, no idle: the send itself waited for the outbox.
    expect((await h.db.groupPost.findUniqueOrThrow({ where: { key: "test:wait:1" } })).status).toBe("sent");
    // Both posts went, once each: the one that waited for /linkgroup, and this one.
    expect(sendsTo(group.chatId).filter((c) => c.payload.text === "<b>Tổng hợp</b>")).toHaveLength(2);
  });
});
