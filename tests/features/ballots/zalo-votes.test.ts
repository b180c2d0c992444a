// Votes on Zalo, in private (issue 16 item 5), and a bloc with no Telegram group
// (item 7), end to end: one process serving both messengers (the harness with the
// Telegram fake and the in-process Zalo fake). A board's people whose preferred
// messenger is Zalo receive each open ballot in private, its choices numbered, and
// vote by number under the same rules as the group; the group's tally counts both.
// Without a group, every group post (digest, ballot, result) goes to each board's
// focal persons and heads in private, on their preferred messenger, once each.
import { afterEach, describe, expect, it } from "vitest";
import { FakeZalo, type FakeZaloUser } from "../../harness/fake-zalo.js";
import { Harness, buttonsOf, type FakeGroup, type FakeUser } from "../../harness/harness.js";
import { join } from "../../harness/fixtures.js";
import { createBallot as create, isBallot, joinOnZalo as join16, numberOf, zaloSend as send, zaloTexts as textsOf } from "../../harness/zalo-ballots.js";
import { filesHolding, logsHolding, tablesHolding } from "../../harness/traces.js";
import { adminOnZalo } from "../../harness/bloc-world.js";
import { DOUBLE_TAP_MS } from "../../../src/chat/conversations/drafts.js";

let h: Harness;
let fake: FakeZalo;
afterEach(async () => h.close());

async function start(now: string): Promise<void> {
  fake = new FakeZalo({ now: () => h.clock.now().getTime() });
  h = await Harness.create({ zalo: fake, now });
}

const zaloSend = (user: FakeZaloUser, text: string) => send(h, fake, user, text);
const zaloTexts = (user: FakeZaloUser) => textsOf(fake, user);
const joinOnZalo = (name: string, board: string, role: "focal" | "head") => join16(h, fake, name, board, role);

describe("a secret ballot voted at once on Zalo (in private, by number) and on Telegram (in the group)", () => {
  it("one tally in the group counts both; receipts on both; a board voting on each messenger counts once, its last vote; nothing on disk tells a choice", async () => {
    await start("2026-12-10T02:00:00Z");
    h.app.deps.logger.level = "trace"; // every log line, whatever its level
    const group = h.group();
    const admin = h.user(1, "Admin");
    await admin.sendIn(group, "/linkgroup");
    const thu = await join(h, 100, "Thu", "", "secretariat");
    const lan = await join(h, 200, "Lan", "HP", "focal"); // HP on Telegram
    const minh = await join(h, 300, "Minh", "QN", "focal"); // QN on Telegram
    const ha = await joinOnZalo("Hà", "BN", "focal"); // BN on Zalo
    const hung = await joinOnZalo("Hùng", "HP", "head"); // HP's head, on Zalo

    const { id } = await create(thu, { kind: "Khối trưởng", secret: true });
    const groupBallot = () => [...group.messages()].reverse().find((m) => m.text?.startsWith("🗳"))!;
    expect(groupBallot().text).toContain("Đã bỏ phiếu: 0/11");

    // The Zalo people got the ballot in private, once, its candidates as numbered lines; the Telegram people nothing in private.
    const copyOf = (u: FakeZaloUser) => zaloTexts(u).filter((t) => t.startsWith("🗳 Bầu Khối trưởng") && isBallot(t));
    for (const u of [ha, hung]) {
      expect(copyOf(u)).toHaveLength(1);
      expect(copyOf(u)[0]).toContain("nếu dùng Zalo, gõ số thứ tự");
      expect(copyOf(u)[0]).toMatch(/\n1\. \S/);
    }
    for (const u of [lan, minh]) expect(u.messages().filter((m) => isBallot(m.text))).toEqual([]);

    // BN votes on Zalo by number: a receipt there; the group's message counts it.
    // One message answers the vote (issue 16, no pop-up text repeated beside it): the receipt, naming the ballot.
    const haAll = await zaloSend(ha, numberOf(copyOf(ha)[0]!, "Hà Nam"));
    expect(haAll).toHaveLength(1);
    const haSaid = haAll[0]!;
    expect(haSaid).toMatch(new RegExp(`^🗳 Bầu Khối trưởng năm \\d{4} — cuộc bỏ phiếu số ${id}\nPhiếu của Bắc Ninh: Hà Nam \\(1/1\\)\nMã phiếu: PB-\\w{8} `));
    const haReceipt = /Mã phiếu: (PB-\w{8})/.exec(haSaid)![1]!;
    expect(haSaid).toContain("Phiếu kín");
    expect(groupBallot().text).toContain("Đã bỏ phiếu: 1/11 — Bắc Ninh");

    // QN votes in the group on Telegram: its receipt is private and protected.
    const press = (u: FakeUser, label: string, g: FakeGroup = group) => u.press(label, { in: g, messageId: groupBallot().message_id });
    const minhCalls = await press(minh, "Hà Nam");
    const minhReceiptCall = minhCalls.find((c) => c.method === "sendMessage" && c.payload.chat_id === 300)!;
    expect(minhReceiptCall.payload.protect_content).toBe(true);
    const minhReceipt = /Mã phiếu: <code>(PB-\w{8})<\/code>/.exec(String(minhReceiptCall.payload.text))![1]!;

    // HP votes in the group (Lan, Telegram), then changes its vote on Zalo (Hùng): the last one counts.
    await press(lan, "Nam Định");
    const lanReceipt = /Mã phiếu: <code>(PB-\w{8})<\/code>/.exec(lan.lastText())![1]!;
    h.clock.advance(DOUBLE_TAP_MS + 1000);
    const hungAll = await zaloSend(hung, numberOf(copyOf(hung)[0]!, "Vĩnh Phúc"));
    expect(hungAll).toHaveLength(1);
    const hungSaid = hungAll[0]!;
    expect(hungSaid).toContain("Phiếu của Hải Phòng: Vĩnh Phúc (1/1) — thay phiếu trước của đơn vị");
    const hungReceipt = /Mã phiếu: (PB-\w{8})/.exec(hungSaid)![1]!;
    expect(groupBallot().text).toContain("Đã bỏ phiếu: 3/11");
    expect(await h.db.ballotParticipation.count({ where: { ballotId: id, voted: true } })).toBe(3);
    const key = (await h.db.ballot.findUniqueOrThrow({ where: { id } })).secretKey!;
    const hashed = (await h.db.buttonPress.findMany({ where: { key: { startsWith: `sv:${id}:` } } })).map((p) => p.key);
    expect(hashed).toHaveLength(4); // one per vote cast, whichever messenger

    await thu.send(`/closeballot ${id}`);
    const result = [...group.messages()].reverse().find((m) => m.text?.startsWith("📊 <b>Kết quả"))!.text!;
    expect(result).toContain("• Hà Nam: 2");
    expect(result).toContain("• Vĩnh Phúc: 1");
    expect(result).not.toContain("Nam Định: 1"); // HP's first vote was replaced
    // Every receipt still counted is in the published list beside its choice; the replaced one is not.
    expect(result).toContain(`<code>${haReceipt}</code>: Hà Nam`);
    expect(result).toContain(`<code>${minhReceipt}</code>: Hà Nam`);
    expect(result).toContain(`<code>${hungReceipt}</code>: Vĩnh Phúc`);
    expect(result).not.toContain(lanReceipt);
    // The result reached the Zalo voters too, in private, once each, with the receipts.
    for (const u of [ha, hung]) {
      const got = zaloTexts(u).filter((t) => t.startsWith("📊 Kết quả"));
      expect(got).toHaveLength(1);
      expect(got[0]).toContain(`${haReceipt}: Hà Nam`);
    }

    // Nothing of a secret vote on disk beyond what the group path stores: the presses' hashes and the key are gone; the
    // receipts stand only in the entries and the published result; the Zalo side kept no receipt and no chosen data.
    expect(await h.db.buttonPress.count({ where: { key: { startsWith: `sv:${id}:` } } })).toBe(0);
    for (const k of [key, ...hashed]) expect(filesHolding(h, k), k).toEqual([]);
    for (const r of [haReceipt, minhReceipt, hungReceipt, lanReceipt]) {
      expect((await tablesHolding(h, r)).filter((t) => !["BallotSecretEntry", "Ballot", "GroupPost"].includes(t)), r).toEqual([]);
      expect(logsHolding(h, r), r).toEqual([]);
    }
    for (const data of [`bvb:${id}:`, "Hà Nam", "Vĩnh Phúc"]) expect(logsHolding(h, data), data).toEqual([]);
    // The only Zalo rows naming a choice are the menus of the ballot's copy, which name every candidate alike.
    const menus = await h.db.zaloMenu.findMany();
    for (const m of menus.filter((x) => JSON.stringify(x.markup).includes(`bvb:${id}:`))) {
      const data = (m.markup as { inline_keyboard: { callback_data: string }[][] }).inline_keyboard.flat().map((b) => b.callback_data);
      expect(data).toHaveLength(11);
    }
    expect(h.logs.some((l) => l.includes("ballot closed"))).toBe(true); // log lines were written: the checks above can fail
  });

  it("a vote typed on Zalo is checked like a press: after the close it is refused, and a retired candidate too", async () => {
    await start("2026-12-10T02:00:00Z");
    const group = h.group();
    await h.user(1, "Admin").sendIn(group, "/linkgroup");
    const thu = await join(h, 100, "Thu", "", "secretariat");
    const ha = await joinOnZalo("Hà", "BN", "focal");
    const { id } = await create(thu, { kind: "Khối trưởng" });
    const copy = zaloTexts(ha).find(isBallot)!;
    await h.user(1, "Admin").send("/retireboard TB");
    expect((await zaloSend(ha, numberOf(copy, "Thái Bình"))).join("\n")).toContain("không còn hoạt động");
    await thu.send(`/closeballot ${id}`);
    expect((await zaloSend(ha, numberOf(copy, "Hà Nam"))).join("\n")).toContain("đã đóng");
    expect(await h.db.ballotVote.count({ where: { ballotId: id } })).toBe(0);
  });
});

describe("a bloc with no Telegram group", () => {
  it("the digest, a ballot and its result go to each board's focal persons and heads in private, on their messenger, once each, across restarts", async () => {
    await start(new Date("2026-11-04T09:00:00+07:00").toISOString());
    const thu = await join(h, 100, "Thu", "", "secretariat");
    const lan = await join(h, 200, "Lan", "HP", "focal"); // Telegram
    const minh = await join(h, 300, "Minh", "QN", "head"); // Telegram
    const ha = await joinOnZalo("Hà", "BN", "focal"); // Zalo
    const admin = h.user(1, "Admin");
    const tgTexts = (u: FakeUser, start: string) => u.messages().filter((m) => m.text?.startsWith(start) && (start !== "🗳" || isBallot(m.text)));
    const zlTexts = (u: FakeZaloUser, start: string) => zaloTexts(u).filter((t) => t.startsWith(start) && (start !== "🗳" || isBallot(t)));

    // The deadline digest (October's, due 05/11 17:00): privately, once each.
    h.clock.set(new Date("2026-11-05T17:01:00+07:00"));
    await h.app.scheduler.tick();
    await h.app.scheduler.idle();
    for (const u of [lan, minh]) expect(tgTexts(u, "<b>Tình hình nộp báo cáo")).toHaveLength(1);
    expect(zlTexts(ha, "Tình hình nộp báo cáo")).toHaveLength(1);
    expect(tgTexts(thu, "<b>Tình hình nộp báo cáo")).toHaveLength(0); // the secretariat is neither

    // A motion: the secretary hears where it went; each voter has it in private, with choices that work there.
    const { id, said } = await create(thu, { kind: "Biểu quyết" });
    expect(said).toBe(`✅ Khối chưa có nhóm Telegram: cuộc bỏ phiếu số ${id} đã được gửi riêng đến 3 cán bộ đầu mối và lãnh đạo đơn vị để bỏ phiếu.`);
    for (const u of [lan, minh]) expect(tgTexts(u, "🗳")).toHaveLength(1);
    expect(zlTexts(ha, "🗳")).toHaveLength(1);
    await lan.press("Đồng ý", { messageId: tgTexts(lan, "🗳")[0]!.message_id });
    expect(lan.lastText()).toContain("Phiếu của <b>Hải Phòng</b>: Đồng ý");
    await zaloSend(ha, numberOf(zlTexts(ha, "🗳")[0]!, "Không đồng ý"));
    await minh.press("Đồng ý", { messageId: tgTexts(minh, "🗳")[0]!.message_id });
    expect(await h.db.ballotParticipation.count({ where: { ballotId: id, voted: true } })).toBe(3);

    // A stop while a copy was in flight (claimed, not marked): never sent again; the others were sent once.
    const copies = await h.db.privatePost.findMany({ where: { copyKey: `ballot:${id}:open` } });
    expect(copies.map((c) => c.status)).toEqual(["sent", "sent", "sent"]);
    await h.db.privatePost.update({ where: { id: copies[0]!.id }, data: { status: "sending" } });
    await h.restart();
    await h.app.scheduler.recover();
    await h.app.scheduler.tick();
    await h.app.scheduler.idle();
    expect((await h.db.privatePost.findUniqueOrThrow({ where: { id: copies[0]!.id } })).status).toBe("uncertain");

    await thu.send(`/closeballot ${id}`);
    expect(thu.lastText()).toBe("Đã đóng cuộc bỏ phiếu. Khối chưa có nhóm Telegram: kết quả đã được gửi riêng đến 3 cán bộ đầu mối và lãnh đạo đơn vị.");
    for (let i = 0; i < 3; i++) {
      await h.restart();
      await h.app.scheduler.recover();
      h.clock.advance(3600_000);
      await h.app.scheduler.tick();
      await h.app.scheduler.idle();
    }
    for (const u of [lan, minh]) {
      expect(tgTexts(u, "<b>Tình hình nộp báo cáo")).toHaveLength(1);
      expect(tgTexts(u, "🗳")).toHaveLength(1);
      expect(tgTexts(u, "📊 <b>Kết quả")).toHaveLength(1);
      expect(tgTexts(u, "📊 <b>Kết quả")[0]!.text).toContain("• Đồng ý: 2");
    }
    expect(zlTexts(ha, "Tình hình nộp báo cáo")).toHaveLength(1);
    expect(zlTexts(ha, "🗳")).toHaveLength(1);
    expect(zlTexts(ha, "📊 Kết quả")).toHaveLength(1);
    // No message to a group was ever tried, and /digest says where it went rather than an error.
    expect(h.tg.calls.filter((c) => Number(c.payload.chat_id) < 0)).toEqual([]);
    await admin.send("/digest");
    expect(admin.lastText()).toBe("Khối chưa có nhóm Telegram: đã gửi riêng tình hình nộp báo cáo đến 3 cán bộ đầu mối và lãnh đạo đơn vị.");
  });

  it("a copy that fails on Zalo is tried again on a later tick and lands once", async () => {
    await start(new Date("2026-11-04T09:00:00+07:00").toISOString());
    const thu = await join(h, 100, "Thu", "", "secretariat");
    const ha = await joinOnZalo("Hà", "BN", "focal");
    fake.fail("sendMessage", { kind: "error", error_code: 500, description: "Internal" }, { times: 20 });
    const { id } = await create(thu, { kind: "Biểu quyết" });
    expect(zaloTexts(ha).filter(isBallot)).toHaveLength(0);
    expect((await h.db.privatePost.findFirstOrThrow({ where: { copyKey: `ballot:${id}:open` } })).status).toBe("pending");
    fake.clearFaults();
    h.clock.advance(60 * 60_000);
    await h.app.scheduler.tick();
    await h.app.scheduler.idle();
    h.clock.advance(60 * 60_000);
    await h.app.scheduler.tick();
    await h.app.scheduler.idle();
    expect(zaloTexts(ha).filter(isBallot)).toHaveLength(1);
  });
});

describe("/newballot says where the ballot will go", () => {
  /** Thu's /newballot for a motion, up to the quorum question, by the buttons. */
  async function motionUpToQuorum(thu: FakeUser): Promise<void> {
    await thu.send("/newballot");
    for (const b of ["Biểu quyết", /^\d{4}$/, "Dùng tiêu đề này", "Công khai", "24 giờ"]) await thu.press(b);
  }

  it("with no group, the confirmation offers to send it to each board's people in private, on Telegram and on Zalo, and it goes so; once a group is linked, to post it there", async () => {
    await start(new Date("2026-11-04T09:00:00+07:00").toISOString());
    const thu = await join(h, 100, "Thu", "", "secretariat");
    await joinOnZalo("Hà", "BN", "focal");
    const { admin, adminZ, linked } = await adminOnZalo(h, fake);
    expect(linked).toContain("Đã liên kết");

    // Telegram: the confirmation says what will happen, and its button does it.
    await motionUpToQuorum(thu);
    await thu.press("Không yêu cầu");
    const confirm = thu.lastText();
    expect(confirm).toContain("<b>Kiểm tra trước khi gửi</b>");
    expect(confirm).toContain("Khối chưa có nhóm Telegram: cuộc bỏ phiếu sẽ được gửi riêng đến cán bộ đầu mối và lãnh đạo của từng đơn vị.");
    expect(confirm).not.toMatch(/đăng|nhóm chung/i);
    expect(buttonsOf(thu.last())).toEqual(["📨 Gửi riêng đến các đơn vị", "◀ Quay lại", "✖ Hủy"]);
    await thu.press("📨 Gửi riêng đến các đơn vị");
    expect(thu.lastText()).toMatch(/^✅ Khối chưa có nhóm Telegram: cuộc bỏ phiếu số \d+ đã được gửi riêng đến 1 cán bộ đầu mối/);

    // Zalo: the same, as numbered lines; typing the button's number sends it.
    let said = "";
    for (const step of ["/newballot", "Biểu quyết.*", "\\d{4}", "Dùng tiêu đề này", "Công khai", "24 giờ", "Không yêu cầu"]) {
      said = (await zaloSend(adminZ, step.startsWith("/") ? step : numberOf(said, step))).join("\n");
    }
    expect(said).toContain("Kiểm tra trước khi gửi");
    expect(said).toContain("Khối chưa có nhóm Telegram: cuộc bỏ phiếu sẽ được gửi riêng đến cán bộ đầu mối và lãnh đạo của từng đơn vị.");
    expect(said).not.toMatch(/đăng|nhóm chung/i);
    expect((await zaloSend(adminZ, numberOf(said, "📨 Gửi riêng đến các đơn vị"))).join("\n")).toMatch(/^✅ Khối chưa có nhóm Telegram: cuộc bỏ phiếu số \d+ đã được gửi riêng/);
    expect(await h.db.ballot.count()).toBe(2);

    // A group linked while a dialogue is open: the confirmation reached afterwards offers the group.
    await motionUpToQuorum(thu);
    const group = h.group();
    await admin.sendIn(group, "/linkgroup");
    await thu.press("Không yêu cầu");
    expect(thu.lastText()).toContain("<b>Kiểm tra trước khi đăng</b>");
    expect(thu.lastText()).not.toContain("gửi riêng");
    expect(buttonsOf(thu.last())).toEqual(["📣 Đăng lên nhóm", "◀ Quay lại", "✖ Hủy"]);
    await thu.press("📣 Đăng lên nhóm");
    expect(thu.lastText()).toMatch(/^✅ Đã đăng cuộc bỏ phiếu số \d+ lên nhóm\.$/);
    expect(group.messages().filter((m) => isBallot(m.text))).toHaveLength(1);
  });
});

describe("a ballot with no quorum", () => {
  it("no text speaks of a minimum of 0: the confirmation, each private copy (Telegram in Vietnamese and English, Zalo), the result and /ballots say there is none; a quorum of 6 is still said", async () => {
    await start(new Date("2026-11-04T09:00:00+07:00").toISOString());
    const thu = await join(h, 100, "Thu", "", "secretariat", { language: "en" });
    await thu.send("/lang en");
    const lan = await join(h, 200, "Lan", "HP", "focal"); // Telegram, Vietnamese
    const minh = await join(h, 300, "Minh", "QN", "head", { language: "en" });
    await minh.send("/lang en"); // Telegram, English
    const ha = await joinOnZalo("Hà", "BN", "focal"); // Zalo, Vietnamese
    // What the texts said of a quorum of 0 before: “cần ít nhất 0”, “0 needed”, “at least 0/11”, and a quorum “met”.
    const NO_ZERO = /ít nhất 0|at least 0|\b0 needed|quorum met|đủ số đơn vị (tham gia|cần thiết)/i;

    await thu.send("/newballot");
    for (const b of ["Motion (yes / no)", /^\d{4}$/, "Use this title", "Open", "24 hours", "None"]) await thu.press(b);
    expect(thu.lastText()).toContain("No minimum turnout (11 boards); on a tie:");
    expect(thu.lastText()).not.toMatch(NO_ZERO);
    await thu.press("📨 Send to each board privately");
    const id = Number(/no\. (\d+)/.exec(thu.lastText())![1]);

    const copyOf = (all: string[]) => all.filter((t) => isBallot(t) || /^🗳 .*\(no\. \d+\)$/m.test(t.split("\n")[0]!));
    const lanCopy = copyOf(lan.messages().map((m) => m.text ?? ""));
    const minhCopy = copyOf(minh.messages().map((m) => m.text ?? ""));
    const haCopy = copyOf(zaloTexts(ha));
    for (const c of [lanCopy, minhCopy, haCopy]) expect(c).toHaveLength(1);
    expect(lanCopy[0]).toContain("· không yêu cầu số đơn vị tham gia tối thiểu (tổng số 11 đơn vị) ·");
    expect(haCopy[0]).toContain("· không yêu cầu số đơn vị tham gia tối thiểu (tổng số 11 đơn vị) ·");
    expect(minhCopy[0]).toContain("· no minimum turnout (11 boards) ·");
    for (const c of [lanCopy[0], minhCopy[0], haCopy[0]]) expect(c).not.toMatch(NO_ZERO);

    await lan.press("Đồng ý", { messageId: lan.messages().find((m) => isBallot(m.text))!.message_id });
    await thu.send(`/closeballot ${id}`);
    const resultOf = (all: string[]) => all.filter((t) => /^📊 (<b>)?(Kết quả|Result)/.test(t));
    const lanResult = resultOf(lan.messages().map((m) => m.text ?? ""));
    const minhResult = resultOf(minh.messages().map((m) => m.text ?? ""));
    const haResult = resultOf(zaloTexts(ha));
    expect(lanResult[0]).toContain("\nTham gia: 1/11 đơn vị (không yêu cầu số đơn vị tham gia tối thiểu)\n");
    expect(haResult[0]).toContain("\nTham gia: 1/11 đơn vị (không yêu cầu số đơn vị tham gia tối thiểu)\n");
    expect(minhResult[0]).toContain("\nTurnout: 1/11 boards (no minimum turnout)\n");
    for (const r of [lanResult[0], minhResult[0], haResult[0]]) {
      expect(r).toContain("✅");
      expect(r).not.toMatch(NO_ZERO);
    }
    await lan.send("/ballots");
    expect(lan.lastText()).toContain("; số đơn vị tham gia: 1 (không yêu cầu số đơn vị tối thiểu)");
    await minh.send("/ballots");
    expect(minh.lastText()).toContain("; turnout 1 (no minimum)");

    // A quorum of 6 is still said everywhere.
    await thu.send("/newballot");
    for (const b of ["Motion (yes / no)", /^\d{4}$/, "Use this title", "Open", "24 hours", "More than half (6)"]) await thu.press(b);
    expect(thu.lastText()).toContain("At least 6/11 boards; on a tie:");
    await thu.press("📨 Send to each board privately");
    expect(copyOf(lan.messages().map((m) => m.text ?? ""))[1]).toContain("· cần ít nhất 6 trong tổng số 11 đơn vị tham gia ·");
    expect(copyOf(minh.messages().map((m) => m.text ?? ""))[1]).toContain("· at least 6/11 boards needed ·");
    await thu.send(`/closeballot ${id + 1}`);
    expect(resultOf(lan.messages().map((m) => m.text ?? ""))[1]).toContain("\nTham gia: 0/11 đơn vị (cần ít nhất 6) — không đủ số đơn vị tham gia\n");
    expect(resultOf(minh.messages().map((m) => m.text ?? ""))[1]).toContain("\nTurnout: 0/11 boards (6 needed) — quorum not met\n");
    await lan.send("/ballots");
    expect(lan.lastText()).toContain("; số đơn vị tham gia: 0, đủ số đơn vị cần thiết: ✗");
  });
});

describe("the reminder to vote says where to vote", () => {
  it("with no group, it points each person to the copy sent in private (Telegram and Zalo); with a group, a Telegram reader to the group and a Zalo reader to the copy", async () => {
    await start("2026-12-10T02:00:00Z"); // Thursday 09:00 in Hà Nội
    const thu = await join(h, 100, "Thu", "", "secretariat");
    const lan = await join(h, 200, "Lan", "HP", "focal"); // Telegram
    const ha = await joinOnZalo("Hà", "BN", "focal"); // Zalo
    const remindersOf = (all: string[]) => all.filter((t) => t.includes("chưa bỏ phiếu"));
    const lanReminders = () => remindersOf(lan.messages().map((m) => m.text ?? ""));
    const haReminders = () => remindersOf(zaloTexts(ha));
    const until = async (hours: number) => {
      h.clock.advance(hours * 3600_000);
      await h.app.scheduler.tick();
      await h.app.scheduler.idle();
    };

    const first = await create(thu, { kind: "Biểu quyết" }); // sent privately; closes Friday 09:00, reminded Friday 07:00 (after quiet hours)
    await until(22);
    expect(lanReminders()).toHaveLength(1);
    expect(haReminders()).toHaveLength(1);
    expect(lanReminders()[0]).toContain(`đề nghị bỏ phiếu trong tin nhắn bot đã gửi riêng đến Anh/Chị (gửi <code>/ballots ${first.id}</code> để nhận lại phiếu).`);
    expect(haReminders()[0]).toContain(`đề nghị bỏ phiếu trong tin nhắn bot đã gửi riêng đến Anh/Chị (gửi /ballots ${first.id} để nhận lại phiếu).`);
    for (const r of [lanReminders()[0], haReminders()[0]]) expect(r).not.toContain("nhóm");
    // What the reminder says works: /ballots N sends the ballot again, to vote there.
    await lan.send(`/ballots ${first.id}`);
    expect(isBallot(lan.lastText())).toBe(true);

    const group = h.group();
    await h.user(1, "Admin").sendIn(group, "/linkgroup");
    await create(thu, { kind: "Biểu quyết" }); // Friday 07:00, in the group; closes Saturday 07:00, reminded at 19:00
    await until(12.5);
    expect(lanReminders()).toHaveLength(2);
    expect(haReminders()).toHaveLength(2);
    expect(lanReminders()[1]).toContain("đề nghị vào nhóm chung để bỏ phiếu.");
    expect(haReminders()[1]).toContain("đề nghị bỏ phiếu trong tin nhắn bot đã gửi riêng đến Anh/Chị");
    expect(haReminders()[1]).not.toContain("nhóm");
  });
});
