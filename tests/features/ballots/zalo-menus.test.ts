// Voting on Zalo when several ballots are open, having a ballot sent again, and
// where a vote's answer goes (issue 16 items 4 and 5), through the harness with
// both messengers: Zalo answers a bare number with the chat's latest menu only, so
// each ballot's private copy carries a reference ("B3") that answers it whatever
// came after it ("B3 2"); /ballots sends an open ballot again; a vote is answered by
// one message; a vote cast in the Telegram group is answered in private on the
// person's preferred messenger (the other one when it cannot reach them).
import { afterEach, describe, expect, it, vi } from "vitest";
import { DOUBLE_TAP_MS } from "../../../src/chat/conversations/drafts.js";
import { inDialogue } from "../../../src/chat/conversations/storage.js";
import { FakeZalo, type FakeZaloUser } from "../../harness/fake-zalo.js";
import { Harness, type FakeGroup, type FakeUser } from "../../harness/harness.js";
import { join, OCTOBER } from "../../harness/fixtures.js";
import { createBallot, isBallot, joinOnZalo, numberOf, zaloSend, zaloTexts } from "../../harness/zalo-ballots.js";

// The composition's inDialogue (the Zalo adapter's option: a read of the
// conversation storage), counted: the function itself, unchanged.
vi.mock("../../../src/chat/conversations/storage.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../../src/chat/conversations/storage.js")>();
  return { ...real, inDialogue: vi.fn(real.inDialogue) };
});
/** How many times the Zalo adapter asked whether a chat is in a dialogue since the last call. */
function dialogueReads(): number {
  const n = vi.mocked(inDialogue).mock.calls.length;
  vi.mocked(inDialogue).mockClear();
  return n;
}

let h: Harness;
let fake: FakeZalo;
afterEach(async () => h.close());

async function start(now = "2026-12-10T02:00:00Z"): Promise<void> {
  fake = new FakeZalo({ now: () => h.clock.now().getTime() });
  h = await Harness.create({ zalo: fake, now });
}

/** 09:00 on 2 November (October is the period to report), the bloc's group linked, Thu of the secretariat, and Hà, BN's focal person on Zalo. */
async function octoberWithHa(): Promise<{ thu: FakeUser; ha: FakeZaloUser }> {
  await start("2026-11-02T02:00:00Z");
  await h.user(1, "Admin").sendIn(h.group(), "/linkgroup");
  const thu = await join(h, 100, "Thu", "", "secretariat");
  const ha = await joinOnZalo(h, fake, "Hà", "BN", "focal");
  return { thu, ha };
}

const say = (u: FakeZaloUser, text: string) => zaloSend(h, fake, u, text);

/** The choices board `boardCode` stored in ballot `id` (candidate labels), or null without a vote. */
async function voteOf(id: number, boardCode: string): Promise<string[] | null> {
  const board = await h.db.board.findFirstOrThrow({ where: { code: boardCode } });
  const v = await h.db.ballotVote.findFirst({ where: { ballotId: id, boardId: board.id } });
  if (!v) return null;
  const candidates = await h.db.ballotCandidate.findMany({ where: { ballotId: id } });
  return (v.choicesJson as number[]).map((p) => candidates.find((c) => c.position === p)!.label);
}

/** A group with the bloc linked, a secretary, and the two ballots: a motion and a leader election, in that order. */
async function twoBallots(): Promise<{ group: FakeGroup; thu: FakeUser; motion: number; leader: number }> {
  const group = h.group();
  await h.user(1, "Admin").sendIn(group, "/linkgroup");
  const thu = await join(h, 100, "Thu", "", "secretariat");
  return { group, thu, ...(await ballotsBy(thu)) };
}

async function ballotsBy(thu: FakeUser): Promise<{ motion: number; leader: number }> {
  const motion = (await createBallot(thu, { kind: "Biểu quyết" })).id;
  const leader = (await createBallot(thu, { kind: "Khối trưởng" })).id;
  return { motion, leader };
}

describe("several ballots open at once on Zalo", () => {
  it("each copy is answered by its reference in either order, a bare number answers the latest only and its receipt names that ballot, an unknown choice of a reference answers nothing", async () => {
    await start();
    const group = h.group();
    await h.user(1, "Admin").sendIn(group, "/linkgroup");
    const thu = await join(h, 100, "Thu", "", "secretariat");
    const ha = await joinOnZalo(h, fake, "Hà", "BN", "focal");
    const { motion, leader } = await ballotsBy(thu);
    const copies = zaloTexts(fake, ha).filter(isBallot);
    expect(copies).toHaveLength(2);
    const [copyM, copyL] = copies as [string, string];
    expect(copyM).toContain(`(số ${motion})`);
    expect(copyL).toContain(`(số ${leader})`);
    // Each copy says how to answer it by its reference, under its numbered lines.
    expect(copyM).toMatch(new RegExp(`\\n\\d+\\. Đồng ý\\n[\\s\\S]*gõ “B${motion}” rồi số thứ tự, ví dụ “B${motion} 1”`));
    expect(copyL).toContain(`gõ “B${leader}” rồi số thứ tự, ví dụ “B${leader} 1”`);

    // First order: the older ballot by its reference (the leader election's copy came after it), then the latest by a bare number.
    const m1 = await say(ha, `B${motion} ${numberOf(copyM, "Đồng ý")}`);
    expect(m1).toHaveLength(1);
    expect(m1[0]).toMatch(new RegExp(`^🗳 .+ — cuộc bỏ phiếu số ${motion}\\nPhiếu của Bắc Ninh: Đồng ý \\(1/1\\)\\n`));
    expect([await voteOf(motion, "BN"), await voteOf(leader, "BN")]).toEqual([["yes"], null]);
    const l1 = await say(ha, numberOf(copyL, "Hà Nam"));
    expect(l1).toHaveLength(1);
    expect(l1[0]).toMatch(new RegExp(`^🗳 Bầu Khối trưởng năm \\d{4} — cuộc bỏ phiếu số ${leader}\\nPhiếu của Bắc Ninh: Hà Nam \\(1/1\\)\\n`));
    expect([await voteOf(motion, "BN"), await voteOf(leader, "BN")]).toEqual([["yes"], ["Hà Nam"]]);

    // The other order, in other spellings: the latest by its reference, then the older one by its reference and a choice's words.
    h.clock.advance(DOUBLE_TAP_MS + 1000);
    const l2 = await say(ha, `b${leader}.${numberOf(copyL, "Vĩnh Phúc")}`);
    expect(l2).toEqual([expect.stringMatching(new RegExp(`— cuộc bỏ phiếu số ${leader}\\nPhiếu của Bắc Ninh: Vĩnh Phúc \\(1/1\\) — thay phiếu trước của đơn vị\\n`))]);
    const m2 = await say(ha, `B ${motion}: không đồng ý`);
    expect(m2).toEqual([expect.stringMatching(new RegExp(`— cuộc bỏ phiếu số ${motion}\\nPhiếu của Bắc Ninh: Không đồng ý \\(1/1\\) — thay phiếu trước của đơn vị\\n`))]);
    expect([await voteOf(motion, "BN"), await voteOf(leader, "BN")]).toEqual([["no"], ["Vĩnh Phúc"]]);

    // A bare number meant for the older ballot answers the latest menu only, and the receipt says which ballot it counted in.
    h.clock.advance(DOUBLE_TAP_MS + 1000);
    const third = numberOf(copyM, "Không biểu quyết");
    const l3 = await say(ha, third);
    const leaderThird = copyL.split("\n").find((l) => l.startsWith(`${third}. `))!.slice(`${third}. `.length);
    expect(l3).toEqual([expect.stringContaining(`— cuộc bỏ phiếu số ${leader}\nPhiếu của Bắc Ninh: ${leaderThird} (1/1)`)]);
    expect([await voteOf(motion, "BN"), await voteOf(leader, "BN")]).toEqual([["no"], [leaderThird]]);

    // A reference with no such choice answers nothing, and says so; one never shown is an ordinary message.
    expect(await say(ha, `B${motion} 99`)).toEqual([`Danh sách “B${motion}” không có lựa chọn “99”. Anh/Chị vui lòng xem lại số thứ tự trong danh sách đó.`]);
    expect(await say(ha, `B${leader + 7} 1`)).toEqual(["Bot chưa hiểu tin nhắn này. Anh/Chị gõ /help để xem các lệnh."]);
    expect([await voteOf(motion, "BN"), await voteOf(leader, "BN")]).toEqual([["no"], [leaderThird]]);

    // Another menu shown after both (the /ballots list) takes the bare numbers; the references still answer their ballots.
    const list = (await say(ha, "/ballots")).join("\n");
    expect(list).toMatch(/\n1\. 🗳 Gửi lại phiếu số \d+\n/);
    h.clock.advance(DOUBLE_TAP_MS + 1000);
    expect(await say(ha, `B${motion} ${numberOf(copyM, "Đồng ý")}`)).toEqual([expect.stringContaining(`— cuộc bỏ phiếu số ${motion}\nPhiếu của Bắc Ninh: Đồng ý`)]);
    expect(await voteOf(motion, "BN")).toEqual(["yes"]);

    // The group counted every vote once per board, on each ballot.
    expect(await h.db.ballotParticipation.count({ where: { ballotId: motion, voted: true } })).toBe(1);
    expect(await h.db.ballotParticipation.count({ where: { ballotId: leader, voted: true } })).toBe(1);
    expect(group.messages().filter((m) => m.text?.includes("Đã bỏ phiếu: 1/")).length).toBeGreaterThan(0);
  });
});

describe("/ballots sends an open ballot again", () => {
  it("on Zalo numbered with its reference, on Telegram with buttons, to those whose board votes in it; a forged or stale choice sends nothing", async () => {
    await start();
    const group = h.group();
    await h.user(1, "Admin").sendIn(group, "/linkgroup");
    const thu = await join(h, 100, "Thu", "", "secretariat");
    const lan = await join(h, 200, "Lan", "HP", "focal"); // Telegram: votes in the group, had no private copy
    const ha = await joinOnZalo(h, fake, "Hà", "BN", "focal");
    const { id } = await createBallot(thu, { kind: "Biểu quyết" });
    expect(zaloTexts(fake, ha).filter(isBallot)).toHaveLength(1);

    // Zalo: the list offers it; its number sends the copy again, with the reference that answers it.
    const list = await say(ha, "/ballots");
    expect(list).toHaveLength(1);
    expect(list[0]).toContain(`số ${id}: `);
    expect(list[0]).toMatch(new RegExp(`Đơn vị của Anh/Chị đang có phiếu cần bỏ: chọn dưới đây để bot gửi lại phiếu\\.\\n\\n1\\. 🗳 Gửi lại phiếu số ${id}$`));
    const again = await say(ha, "1");
    expect(again).toHaveLength(1);
    expect(isBallot(again[0])).toBe(true);
    expect(again[0]).toContain(`ví dụ “B${id} 1”`);
    expect(await say(ha, `/ballots ${id}`)).toEqual([again[0]]);
    expect(await say(ha, `B${id} ${numberOf(again[0]!, "Đồng ý")}`)).toEqual([expect.stringContaining(`— cuộc bỏ phiếu số ${id}\nPhiếu của Bắc Ninh: Đồng ý`)]);

    // Telegram: a button per open ballot; the copy comes with a button per choice, and a press there is answered by the receipt alone.
    await lan.send("/ballots");
    expect(lan.lastText()).toContain("Đơn vị của Anh/Chị đang có phiếu cần bỏ");
    await lan.press(`🗳 Gửi lại phiếu số ${id}`);
    const copy = lan.messages().at(-1)!;
    expect(isBallot(copy.text)).toBe(true);
    const calls = await lan.press("Không đồng ý", { messageId: copy.message_id });
    expect(calls.filter((c) => c.method === "sendMessage").map((c) => String(c.payload.text))).toEqual([expect.stringMatching(new RegExp(`— cuộc bỏ phiếu số ${id}\\nPhiếu của <b>Hải Phòng</b>: Không đồng ý`))]);
    expect(calls.filter((c) => c.method === "answerCallbackQuery").map((c) => c.payload.text)).toEqual([undefined]);
    expect(await voteOf(id, "HP")).toEqual(["no"]);
    expect(await h.db.ballotParticipation.count({ where: { ballotId: id, voted: true } })).toBe(2);

    // Who may not: the secretary votes for no board (no offer; a forged choice is refused), a stranger is not a member, and in the group nothing is sent.
    await thu.send("/ballots");
    expect(thu.lastText()).not.toContain("Gửi lại phiếu");
    await thu.pressData(`bg:${id}`);
    expect(thu.lastText()).toBe("Cuộc bỏ phiếu này không còn mở, hoặc đơn vị của Anh/Chị không bỏ phiếu trong cuộc này.");
    const stranger = h.user(999, "Khách");
    const strangerCalls = await stranger.pressData(`bg:${id}`);
    expect(strangerCalls.filter((c) => c.method === "sendMessage")).toEqual([]);
    const before = group.messages().length;
    await lan.sendIn(group, `/ballots ${id}`);
    expect(group.messages().slice(before).some((m) => isBallot(m.text))).toBe(false);
    expect(lan.messages().filter((m) => isBallot(m.text))).toHaveLength(1);

    // Closed: the old choice and the command say so, and send nothing.
    await thu.send(`/closeballot ${id}`);
    await lan.press(`🗳 Gửi lại phiếu số ${id}`);
    expect(lan.lastText()).toBe("Cuộc bỏ phiếu này không còn mở, hoặc đơn vị của Anh/Chị không bỏ phiếu trong cuộc này.");
    expect((await say(ha, `/ballots ${id}`)).some(isBallot)).toBe(false);
    expect(lan.messages().filter((m) => isBallot(m.text))).toHaveLength(1);
  });
});

describe("a vote cast in the Telegram group is answered on the voter's preferred messenger", () => {
  it("the receipt and the which-board question go to Zalo for one who prefers it, to Telegram when Zalo cannot reach them; the pop-up stays in the group", async () => {
    await start();
    const { group, motion, leader } = await twoBallots();
    // Mai joined on Telegram as HP's focal person, linked Zalo and prefers it.
    const mai = await join(h, 200, "Mai", "HP", "focal");
    await mai.send("/link");
    const code = /<code>([0-9A-Z]{4}-[0-9A-Z]{4})<\/code>/.exec(mai.lastText())![1]!;
    const maiZ = fake.user("Mai Z");
    await say(maiZ, code);
    await say(maiZ, "/messenger");
    expect(await say(maiZ, "2")).toEqual(["Từ nay nhắc hạn và thông báo được gửi qua Zalo trước."]);
    const ballotMsg = (id: number) => group.messages().find((m) => m.text?.includes(`(số ${id})`) && m.text.startsWith("🗳"))!;

    const before = zaloTexts(fake, maiZ).length;
    const calls = await mai.press("Đồng ý", { in: group, messageId: ballotMsg(motion).message_id });
    const popup = calls.find((c) => c.method === "answerCallbackQuery")!;
    expect(popup.payload).toMatchObject({ show_alert: true, text: expect.stringMatching(/^Mã phiếu PB-\w{8}\. Đã ghi phiếu của Hải Phòng: Đồng ý/) });
    expect(calls.filter((c) => c.method === "sendMessage" && c.payload.chat_id === 200)).toEqual([]); // nothing in Telegram's private chat
    expect(zaloTexts(fake, maiZ).slice(before)).toEqual([expect.stringMatching(new RegExp(`^🗳 .+ — cuộc bỏ phiếu số ${motion}\\nPhiếu của Hải Phòng: Đồng ý \\(1/1\\)\\nMã phiếu: PB-\\w{8} `))]);

    // Zalo says the person cannot be reached: the receipt goes to Telegram instead.
    h.clock.advance(DOUBLE_TAP_MS + 1000);
    fake.fail("sendMessage", { kind: "error", error_code: 404, description: "User not found" }, { times: 1 });
    const calls2 = await mai.press("Không đồng ý", { in: group, messageId: ballotMsg(motion).message_id });
    expect(calls2.filter((c) => c.method === "sendMessage" && c.payload.chat_id === 200).map((c) => [String(c.payload.text).split("\n")[1], c.payload.protect_content])).toEqual([
      ["Phiếu của <b>Hải Phòng</b>: Không đồng ý (1/1) — thay phiếu trước của đơn vị", true],
    ]);
    expect(await voteOf(motion, "HP")).toEqual(["no"]);

    // Serving two boards: the question which board goes where the receipt would (Zalo, reachable again once Mai writes there), answered by number.
    const { personId } = await h.db.messengerAccount.findFirstOrThrow({ where: { messenger: "telegram", externalId: "200" } });
    const qn = await h.db.board.findFirstOrThrow({ where: { code: "QN" } });
    await h.db.role.create({ data: { key: `${personId}:head:${qn.id}`, personId, role: "head", boardId: qn.id } });
    await say(maiZ, "/whoami"); // writing on Zalo makes the account reachable again
    const before3 = zaloTexts(fake, maiZ).length;
    const calls3 = await mai.press("Hà Nam", { in: group, messageId: ballotMsg(leader).message_id });
    expect(calls3.find((c) => c.method === "answerCallbackQuery")!.payload.text).toBe("Anh/Chị đại diện cho nhiều đơn vị: bot đã gửi tin nhắn riêng để Anh/Chị chọn bỏ phiếu cho đơn vị nào.");
    expect(calls3.filter((c) => c.method === "sendMessage" && c.payload.chat_id === 200)).toEqual([]);
    const question = zaloTexts(fake, maiZ).slice(before3);
    expect(question).toEqual([expect.stringMatching(/^Phiếu “Hà Nam” trong “.+” là của đơn vị nào\?\n\n\d\. (Hải Phòng|Quảng Ninh)\n\d\. (Hải Phòng|Quảng Ninh)$/)]);
    expect(question[0]).not.toContain("rồi số thứ tự"); // the question has no reference: "B<ballot> n" keeps answering the ballot's copy
    expect(await say(maiZ, numberOf(question[0]!, "Quảng Ninh"))).toEqual([expect.stringContaining(`— cuộc bỏ phiếu số ${leader}\nPhiếu của Quảng Ninh: Hà Nam (1/1)`)]);
    expect([await voteOf(leader, "QN"), await voteOf(leader, "HP")]).toEqual([["Hà Nam"], null]);
  });
});

describe("a ballot's copy pushed while the person is in a dialogue on Zalo", () => {
  it("does not take their numbers: mid-report a figure that is also a choice's number is the report's, the read-back's 1 sends the report; “B3 2” votes; once the report is sent a bare number votes in the latest copy", async () => {
    const { thu, ha } = await octoberWithHa();
    expect((await say(ha, "/report")).join("\n")).toContain("Câu 1/12");

    // A motion is posted: its copy reaches Hà mid-question, numbered 1–3 under the reference.
    const motion = (await createBallot(thu, { kind: "Biểu quyết" })).id;
    const copyM = zaloTexts(fake, ha).filter(isBallot).at(-1)!;
    expect(copyM).toContain(`(số ${motion})`);
    expect(numberOf(copyM, "Không đồng ý")).toBe("2");
    // “2” is the first figure, not a vote.
    expect((await say(ha, "2")).join("\n")).toContain("Câu 2/12");
    expect(await voteOf(motion, "BN")).toBeNull();
    let last: string[] = [];
    for (const a of OCTOBER.slice(1)) last = await say(ha, a);
    const send = numberOf(last.join("\n"), "📤 Gửi báo cáo");

    // On the read-back a leader election is posted; its copy arrives, and the read-back's 1 still sends the report.
    const leader = (await createBallot(thu, { kind: "Khối trưởng" })).id;
    const copyL = zaloTexts(fake, ha).filter(isBallot).at(-1)!;
    expect(copyL).toContain(`(số ${leader})`);
    const receipt = await say(ha, send);
    expect(receipt.join("\n")).toMatch(/Đã nhận báo cáo tháng 10\/2026 của Bắc Ninh/);
    const report = await h.db.report.findFirstOrThrow({ include: { values: { include: { indicator: true } } } });
    expect(report.values.find((v) => v.indicator.code === "fdi_new")!.value).toBe(2);
    expect([await voteOf(motion, "BN"), await voteOf(leader, "BN")]).toEqual([null, null]);

    // The copies answer their references, as their lines say.
    expect(await say(ha, `B${motion} 2`)).toEqual([expect.stringContaining(`— cuộc bỏ phiếu số ${motion}\nPhiếu của Bắc Ninh: Không đồng ý (1/1)`)]);
    expect([await voteOf(motion, "BN"), await voteOf(leader, "BN")]).toEqual([["no"], null]);

    // The report done, a bare number answers the latest copy again.
    h.clock.advance(DOUBLE_TAP_MS + 1000);
    expect(await say(ha, numberOf(copyL, "Hà Nam"))).toEqual([expect.stringContaining(`— cuộc bỏ phiếu số ${leader}\nPhiếu của Bắc Ninh: Hà Nam (1/1)`)]);
    expect([await voteOf(motion, "BN"), await voteOf(leader, "BN")]).toEqual([["no"], ["Hà Nam"]]);
  });

  it("on the read-back alone: the copy that arrives there leaves “1” (an item's number there) and the send number to the read-back, which sends the report; no vote", async () => {
    const { thu, ha } = await octoberWithHa();
    await say(ha, "/report");
    let last: string[] = [];
    for (const a of OCTOBER) last = await say(ha, a);
    const send = numberOf(last.join("\n"), "📤 Gửi báo cáo");
    const motion = (await createBallot(thu, { kind: "Biểu quyết" })).id;
    expect(numberOf(zaloTexts(fake, ha).filter(isBallot).at(-1)!, "Đồng ý")).toBe("1");
    // “1” on the read-back is its first item (text.ts: the items' numbers go to the dialogue), not a vote.
    const one = (await say(ha, "1")).join("\n");
    expect(one).toContain("Câu 1/12");
    expect(await voteOf(motion, "BN")).toBeNull();
    const again = (await say(ha, "12")).join("\n");
    expect(numberOf(again, "📤 Gửi báo cáo")).toBe(send);
    expect((await say(ha, send)).join("\n")).toMatch(/Đã nhận báo cáo tháng 10\/2026 của Bắc Ninh/);
    expect(await h.db.report.count()).toBe(1);
    expect(await voteOf(motion, "BN")).toBeNull();
  });

  it("an ordinary dialogue's menus read no conversation storage: a whole report on Zalo asks never whether the chat is in a dialogue; a copy pushed after it asks once, and takes the bare numbers", async () => {
    const { thu, ha } = await octoberWithHa();
    dialogueReads();
    expect((await say(ha, "/report")).join("\n")).toContain("Câu 1/12");
    let last: string[] = [];
    for (const a of OCTOBER) last = await say(ha, a);
    expect(await say(ha, "1")).toEqual([expect.stringContaining("Câu 1/12")]); // the read-back's first item: a question again
    last = await say(ha, OCTOBER[0]!);
    expect((await say(ha, numberOf(last.join("\n"), "📤 Gửi báo cáo"))).join("\n")).toMatch(/Đã nhận báo cáo tháng 10\/2026 của Bắc Ninh/);
    expect(await h.db.report.count()).toBe(1);
    expect(dialogueReads()).toBe(0);

    // A copy pushed once the report is over (the read-back's menu, without a reference, is the latest): asked once, not in a dialogue, it takes the place.
    const motion = (await createBallot(thu, { kind: "Biểu quyết" })).id;
    expect(dialogueReads()).toBe(1);
    const copy = zaloTexts(fake, ha).filter(isBallot).at(-1)!;
    expect(await say(ha, numberOf(copy, "Đồng ý"))).toEqual([expect.stringContaining(`— cuộc bỏ phiếu số ${motion}\nPhiếu của Bắc Ninh: Đồng ý (1/1)`)]);
    expect(await voteOf(motion, "BN")).toEqual(["yes"]);
    expect(dialogueReads()).toBe(0);
  });

  it("once the report is sent, a newer menu takes the bare numbers from the copy that waited: /ballots' list, whose 1 sends the ballot again; no vote", async () => {
    const { thu, ha } = await octoberWithHa();
    await say(ha, "/report");
    const motion = (await createBallot(thu, { kind: "Biểu quyết" })).id; // pushed mid-question: it waits
    let last: string[] = [];
    for (const a of OCTOBER) last = await say(ha, a);
    expect((await say(ha, numberOf(last.join("\n"), "📤 Gửi báo cáo"))).join("\n")).toMatch(/Đã nhận báo cáo tháng 10\/2026 của Bắc Ninh/);
    expect(await voteOf(motion, "BN")).toBeNull();

    const list = (await say(ha, "/ballots")).join("\n");
    expect(list).toMatch(new RegExp(`\\n1\\. 🗳 Gửi lại phiếu số ${motion}$`));
    const again = await say(ha, "1");
    expect(again).toHaveLength(1);
    expect(isBallot(again[0])).toBe(true);
    expect(again[0]).toContain(`(số ${motion})`);
    expect(await voteOf(motion, "BN")).toBeNull();
    // The copy sent again answers the person: it is the latest, and its 1 votes.
    expect(await say(ha, numberOf(again[0]!, "Đồng ý"))).toEqual([expect.stringContaining(`— cuộc bỏ phiếu số ${motion}\nPhiếu của Bắc Ninh: Đồng ý (1/1)`)]);
  });
});
