// A refused callback answer never gates the action (issue 12, item 2). Telegram
// refuses answerCallbackQuery for a press that is no longer fresh (a slow handler, a
// restart's backlog): the report is still sent, the vote and the nomination still
// count and are confirmed by message, the group's message still follows. The same
// for the other courtesy calls: a chat action, removing a keyboard. Every button
// under refused answers: tests/authz.test.ts's second matrix.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Harness, alerts, texts, type FakeGroup, type FakeUser } from "../harness/harness.js";
import { OCTOBER, answerAll, join } from "../harness/fixtures.js";
import { FakeZalo } from "../harness/fake-zalo.js";
import { parseZaloEvent } from "../../src/messengers/zalo/events.js";

export const TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid";

let h: Harness;
let admin: FakeUser;
let thu: FakeUser; // secretariat
let lan: FakeUser; // HP focal
let group: FakeGroup;

beforeEach(async () => {
  h = await Harness.create({ now: "2026-11-04T02:00:00Z" });
  admin = h.user(1, "Admin");
  group = h.group();
  await admin.sendIn(group, "/linkgroup");
  thu = await join(h, 100, "Thu", "", "secretariat");
  lan = await join(h, 200, "Lan", "HP", "focal");
});
afterEach(async () => h.close());

function refuseAnswers() {
  h.tg.fail((c) => c.method === "answerCallbackQuery", 400, TOO_OLD);
}

const failures = () => h.logs.filter((l) => /"level":(50|60)/.test(l));
const answersRefused = () => h.tg.callsOf("answerCallbackQuery").length;

async function newBallot(kind: string, nominations = false): Promise<number> {
  await thu.send("/newballot");
  await thu.press(kind);
  await thu.press(/^\d{4}$/);
  await thu.press("Dùng tiêu đề này");
  if (nominations) await thu.press("Vòng đề cử");
  await thu.press("Công khai");
  await thu.press("24 giờ");
  await thu.press("Không yêu cầu");
  if (!kind.startsWith("Biểu quyết")) await thu.press("Khối trưởng quyết định");
  await thu.press("Đăng lên nhóm");
  const m = /số (\d+)/.exec(thu.lastText());
  if (!m) throw new Error(thu.lastText());
  return Number(m[1]);
}

describe("answerCallbackQuery refused", () => {
  it("the report's send: the report is stored and the receipt sent", async () => {
    await lan.send("/report");
    await answerAll(lan, OCTOBER);
    refuseAnswers();
    const calls = await lan.press("Gửi báo cáo");
    expect(calls.filter((c) => c.method === "answerCallbackQuery")).toHaveLength(1); // tried once, not retried
    expect(lan.lastText()).toContain("✅ Đã nhận báo cáo tháng 10/2026 của <b>Hải Phòng</b>");
    expect(await h.db.report.count()).toBe(1);
    expect(await h.db.reportDraft.count()).toBe(0);
    expect(failures()).toEqual([]);
  });

  it("a vote: counted, confirmed by the private receipt, and the group's count moves", async () => {
    await newBallot("Biểu quyết");
    refuseAnswers();
    const before = lan.messages().length;
    const ballot = [...group.messages()].reverse().find((m) => m.text?.startsWith("🗳"))!;
    await lan.press("Đồng ý", { in: group, messageId: ballot.message_id });
    expect(await h.db.ballotVote.count()).toBe(1);
    // One private message: the receipt says it all, the pop-up's text is not sent as well.
    const said = lan.textsSince(before);
    expect(said).toHaveLength(1);
    expect(said[0]).toContain("Phiếu của <b>Hải Phòng</b>: Đồng ý");
    expect(h.tg.message(group.chatId, ballot.message_id)!.text).toContain("Đã bỏ phiếu: 1/11 — Hải Phòng");
    expect(answersRefused()).toBeGreaterThan(0);
    expect(failures()).toEqual([]);
  });

  it("a nomination: stored, the group's message updated, the pop-up's text sent by message", async () => {
    await newBallot("Khối trưởng", true);
    refuseAnswers();
    const nom = [...group.messages()].reverse().find((m) => m.text?.startsWith("📝"))!;
    await lan.press("Hà Nam", { in: group, messageId: nom.message_id });
    expect(await h.db.ballotNomination.count()).toBe(1);
    expect(h.tg.message(group.chatId, nom.message_id)!.text).toContain("Hà Nam (1)");
    expect(lan.lastText()).toBe("Đã đề cử Hà Nam.");
    expect(failures()).toEqual([]);
  });

  it("a selection in a dialogue (the new ballot's candidates) goes on", async () => {
    refuseAnswers();
    await thu.send("/newballot");
    await thu.press("Khối trưởng");
    await thu.press(/^\d{4}$/);
    await thu.press("Dùng tiêu đề này");
    await thu.press("Chọn một số đơn vị");
    await thu.press("Hà Nam");
    await thu.press("Vĩnh Phúc");
    expect(thu.lastText().length).toBeGreaterThan(0);
    await thu.press(/^Xong/);
    await thu.press("Công khai");
    await thu.press("24 giờ");
    await thu.press("Không yêu cầu");
    await thu.press("Khối trưởng quyết định");
    await thu.press("Đăng lên nhóm");
    const ballot = [...group.messages()].reverse().find((m) => m.text?.startsWith("🗳"))!;
    expect(ballot.reply_markup!.inline_keyboard.flat().map((b) => b.text)).toEqual(["Vĩnh Phúc", "Hà Nam"]);
    expect(failures()).toEqual([]);
  });

  it("a handler that fails on a press whose pop-up is refused still answers, by message", async () => {
    await admin.send("/invite");
    await admin.press("Thư ký Khối");
    refuseAnswers();
    await h.db.$executeRawUnsafe('DROP TABLE "AuditEvent"'); // the invitation's audit line fails
    await admin.press("Quản trị viên");
    expect(h.logs.join("")).toContain("update failed");
    expect(admin.lastText()).toBe("Xin lỗi, đã có lỗi xảy ra. Vui lòng thử lại sau ít phút.");
  });
});

describe("a refused pop-up, for a person who prefers Zalo", () => {
  // chat/middleware/courtesy.ts: a pop-up's words stand beside the message pressed
  // (“Lựa chọn này đã hết hiệu lực”, “Cuộc bỏ phiếu này đã đóng”), so a refused one is
  // told in the private chat of the messenger pressed on; what answers a press on
  // its own (a vote's receipt, naming the ballot) goes to the preferred messenger.
  it("a press in the Telegram group: the pop-up's words in the Telegram private chat, not on Zalo; a vote's receipt on Zalo alone, its pop-up not repeated", async () => {
    await h.close();
    const fake = new FakeZalo({ now: () => h.clock.now().getTime() });
    h = await Harness.create({ zalo: fake, now: "2026-11-04T02:00:00Z" });
    admin = h.user(1, "Admin");
    group = h.group();
    await admin.sendIn(group, "/linkgroup");
    thu = await join(h, 100, "Thu", "", "secretariat");
    lan = await join(h, 200, "Lan", "HP", "focal");
    await lan.send("/link");
    const code = /([0-9A-Z]{4}-[0-9A-Z]{4})/.exec(lan.lastText())![1]!;
    const lanZ = fake.user("Lan Z");
    const zalo = h.app.zalo!;
    const zaloSend = async (text: string) => zalo.adapter.handle(zalo.bot, parseZaloEvent(fake.textEvent(lanZ, text))!);
    await zaloSend(code);
    await lan.send("/messenger zalo");
    expect(lan.lastText()).toBe("Từ nay nhắc hạn và thông báo được gửi qua Zalo trước.");
    const onZalo = () => (fake.sent.get(lanZ.id) ?? []).map((m) => m.text ?? "");

    await newBallot("Khối trưởng", true);
    await newBallot("Biểu quyết");
    refuseAnswers();
    const nom = [...group.messages()].reverse().find((m) => m.text?.startsWith("📝"))!;
    let tg = lan.messages().length;
    let zl = onZalo().length;
    await lan.press("Hà Nam", { in: group, messageId: nom.message_id });
    expect(await h.db.ballotNomination.count()).toBe(1);
    expect(lan.textsSince(tg)).toEqual(["Đã đề cử Hà Nam."]);
    expect(onZalo().slice(zl)).toEqual([]);

    const ballot = [...group.messages()].reverse().find((m) => m.text?.startsWith("🗳"))!;
    tg = lan.messages().length;
    zl = onZalo().length;
    await lan.press("Đồng ý", { in: group, messageId: ballot.message_id });
    expect(await h.db.ballotVote.count()).toBe(1);
    expect(lan.textsSince(tg)).toEqual([]);
    const receipt = onZalo().slice(zl);
    expect(receipt).toHaveLength(1);
    expect(receipt[0]).toContain("Phiếu của Hải Phòng: Đồng ý");
    expect(failures()).toEqual([]);
  });
});

describe("answerCallbackQuery that gets no answer", () => {
  // The Bot API's own limit as long as it goes (600 s): only the courtesy calls' own
  // limit (COURTESY_TIMEOUT_MS, real time: grammY's limits run on real timers) ends the wait.
  beforeEach(async () => {
    await h.close();
    h = await Harness.create({ now: "2026-11-04T02:00:00Z", env: { TELEGRAM_TIMEOUT_SECONDS: "600" } });
    admin = h.user(1, "Admin");
    group = h.group();
    await admin.sendIn(group, "/linkgroup");
    thu = await join(h, 100, "Thu", "", "secretariat");
    lan = await join(h, 200, "Lan", "HP", "focal");
  });

  it("is cut short: the vote is confirmed and counted, the nomination's words come by message, each pop-up tried once", async () => {
    const pressCalls = () => h.tg.hung.filter((x) => x.call.method === "answerCallbackQuery");
    await newBallot("Biểu quyết");
    h.tg.hang((c) => c.method === "answerCallbackQuery");
    const ballot = [...group.messages()].reverse().find((m) => m.text?.startsWith("🗳"))!;
    await lan.press("Đồng ý", { in: group, messageId: ballot.message_id });
    expect(lan.lastText()).toContain("Phiếu của <b>Hải Phòng</b>: Đồng ý");
    expect(h.tg.message(group.chatId, ballot.message_id)!.text).toContain("Đã bỏ phiếu: 1/11 — Hải Phòng");
    expect(pressCalls().map((x) => x.aborted)).toEqual([true]);

    h.tg.clearFailures();
    await newBallot("Khối trưởng", true);
    h.tg.hang((c) => c.method === "answerCallbackQuery");
    const nom = [...group.messages()].reverse().find((m) => m.text?.startsWith("📝"))!;
    await lan.press("Hà Nam", { in: group, messageId: nom.message_id });
    expect(h.tg.message(group.chatId, nom.message_id)!.text).toContain("Hà Nam (1)");
    expect(lan.lastText()).toBe("Đã đề cử Hà Nam.");
    expect(pressCalls().map((x) => x.aborted)).toEqual([true, true]);
    expect(failures()).toEqual([]);
  });
});

describe("a stale button inside a dialogue, its pop-up refused", () => {
  const EXPIRED = "Lựa chọn này đã hết hiệu lực.";

  it("the report: “this button is no longer valid” comes by message, once, and the report goes on to its receipt", async () => {
    await lan.send("/report");
    const first = lan.last()!.message_id; // question 1, with its buttons
    await lan.send(OCTOBER[0]!);
    expect(lan.lastText()).toContain("Câu 2/12");
    // With the pop-up shown, it says it all: no message.
    let calls = await lan.press("Hủy", { messageId: first });
    expect(alerts(calls)).toEqual([EXPIRED]);
    expect(texts(calls)).toEqual([]);
    // Refused: the same words by message, nothing else.
    refuseAnswers();
    calls = await lan.press("Hủy", { messageId: first });
    expect(alerts(calls)).toEqual([EXPIRED]);
    expect(texts(calls)).toEqual([EXPIRED]);
    expect(await h.db.reportDraft.count()).toBe(1); // nothing cancelled
    // The dialogue waits on, at question 2.
    await answerAll(lan, OCTOBER.slice(1));
    await lan.press("Gửi báo cáo");
    expect(lan.lastText()).toContain("✅ Đã nhận báo cáo tháng 10/2026 của <b>Hải Phòng</b>");
    expect(failures()).toEqual([]);
  });

  it("the new ballot: the same, and the next press on the prompt on screen is taken", async () => {
    await thu.send("/newballot");
    const kinds = thu.last()!.message_id; // the first prompt: which kind of ballot
    await thu.press("Biểu quyết");
    await thu.press(/^\d{4}$/);
    expect(thu.lastText()).toContain("Thông qua"); // the title's prompt, with the suggested title
    refuseAnswers();
    const calls = await thu.press("Khối trưởng", { messageId: kinds });
    expect(texts(calls)).toEqual([EXPIRED]);
    await thu.press("Dùng tiêu đề này");
    await thu.press("Công khai");
    await thu.press("24 giờ");
    await thu.press("Không yêu cầu");
    await thu.press("Đăng lên nhóm");
    expect(thu.lastText()).toMatch(/số \d+/);
    expect(group.messages().filter((m) => m.text?.startsWith("🗳"))).toHaveLength(1);
    expect(failures()).toEqual([]);
  });

  it("after the dialogue has ended, a press of one of its buttons is told by message the same way", async () => {
    await lan.send("/report");
    const first = lan.last()!.message_id;
    await lan.send("/cancel");
    refuseAnswers();
    const calls = await lan.press("Hủy", { messageId: first });
    expect(texts(calls)).toEqual([EXPIRED]);
    expect(failures()).toEqual([]);
  });
});

describe("other courtesy calls refused", () => {
  it("removing a keyboard that only tidies: the invitation is still made", async () => {
    h.tg.fail((c) => c.method === "editMessageReplyMarkup" || c.method === "answerCallbackQuery", 400, "Bad Request: message can't be edited");
    const invites = await h.db.invite.count();
    await admin.send("/invite");
    await admin.press("Thư ký Khối");
    await admin.press("Quản trị viên");
    expect(admin.lastText()).toContain("t.me/khoi_test_bot?start=");
    expect(await h.db.invite.count()).toBe(invites + 1);
    expect(h.tg.callsOf("editMessageReplyMarkup")).toHaveLength(1);
    expect(failures()).toEqual([]);
  });

  it("a chat action that fails: the charts are still sent", async () => {
    h.tg.fail((c) => c.method === "sendChatAction", 500, "Internal Server Error");
    await admin.send("/summary 2026-10");
    const calls = await admin.press("📈 Biểu đồ");
    expect(calls.filter((c) => c.method === "sendChatAction")).toHaveLength(1); // not retried: it is only a courtesy
    expect(calls.filter((c) => c.method === "sendPhoto")).toHaveLength(2);
    expect(failures()).toEqual([]);
  });
});
