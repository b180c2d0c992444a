// Votes in the group, end to end through the harness.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Harness, alerts, buttonRowsOf, buttonsOf, type FakeGroup, type FakeUser } from "../../harness/harness.js";
import { electionUpToClosing, join } from "../../harness/fixtures.js";
import { blocWithBoardsFrom } from "../../harness/bloc-files.js";

/** The boards owe figures from January 2026 (on the bot's first day, 10 December, their first period would be December): a report can be open during a vote. */
const SINCE_JANUARY = blocWithBoardsFrom("2026-01");
import { filesHolding, logsHolding, tablesHolding } from "../../harness/traces.js";
import { DOUBLE_TAP_MS } from "../../../src/chat/conversations/drafts.js";

let h: Harness;
let group: FakeGroup;
let thu: FakeUser; // secretariat
let lan: FakeUser; // HP focal
let hung: FakeUser; // HP head
let minh: FakeUser; // QN focal
let ha: FakeUser; // BN focal
let an: FakeUser; // HNA focal
let phuc: FakeUser; // VP focal

beforeEach(async () => {
  h = await Harness.create({ now: "2026-12-10T02:00:00Z", blocFile: SINCE_JANUARY }); // 09:00, 10 December in Hà Nội
  group = h.group();
  await h.user(1, "Admin").sendIn(group, "/linkgroup");
  thu = await join(h, 100, "Thu", "", "secretariat");
  lan = await join(h, 200, "Lan", "HP", "focal");
  hung = await join(h, 201, "Hùng", "HP", "head");
  minh = await join(h, 300, "Minh", "QN", "focal");
  ha = await join(h, 400, "Hà", "BN", "focal");
  an = await join(h, 500, "An", "HNA", "focal");
  phuc = await join(h, 600, "Phúc", "VP", "focal");
});
afterEach(async () => h.close());

type Options = { kind: string; candidates?: "all" | string[] | "nominate"; picks?: number; secret?: boolean; closes?: string; quorum?: "half" | "two" | "none"; tie?: "runoff" | "leader" };

/** Creates a ballot the way a secretary does: /newballot and the buttons. Returns its id. */
async function create(o: Options): Promise<number> {
  await thu.send("/newballot");
  await thu.press(o.kind);
  await thu.press(/^\d{4}$/); // the default year
  await thu.press("Dùng tiêu đề này");
  if (!o.kind.startsWith("Biểu quyết")) {
    if (o.candidates === "nominate") await thu.press("Vòng đề cử");
    else if (Array.isArray(o.candidates)) {
      await thu.press("Chọn một số đơn vị");
      for (const c of o.candidates) await thu.press(c);
      await thu.press(/^Xong/);
    } else await thu.press("Tất cả các đơn vị");
  }
  if (o.picks !== undefined) await thu.press(new RegExp(`^(★ )?${o.picks}$`));
  await thu.press(o.secret ? "Phiếu kín" : "Công khai");
  await thu.press(o.closes ?? "24 giờ");
  await thu.press(o.quorum === "half" ? "Quá nửa" : o.quorum === "two" ? "Hai phần ba" : "Không yêu cầu");
  if (!o.kind.startsWith("Biểu quyết")) await thu.press(o.tie === "leader" ? "Khối trưởng quyết định" : "bầu lại");
  await thu.press("Đăng lên nhóm");
  const m = /số (\d+)/.exec(thu.lastText());
  if (!m) throw new Error(thu.lastText());
  return Number(m[1]);
}

const ballotMessage = () => [...group.messages()].reverse().find((m) => m.text?.startsWith("🗳"))!;

async function press(u: FakeUser, label: string) {
  return u.press(label, { in: group, messageId: ballotMessage().message_id });
}

describe("an election", () => {
  it("from creation to result: one vote per board, the winner becomes next year's leader", async () => {
    const id = await create({ kind: "Khối trưởng", quorum: "half" });
    const msg = ballotMessage();
    expect(msg.text).toContain("Bầu Khối trưởng năm 2027");
    expect(msg.text!.split("\n").at(-1)).toBe("Đã bỏ phiếu: 0/11"); // no list yet: not “0/11 — —”
    expect(buttonsOf(msg)).toHaveLength(11);

    const calls = await press(lan, "Hà Nam");
    expect(alerts(calls)[0]).toMatch(/^Mã phiếu PB-\w{8}\. Đã ghi phiếu của Hải Phòng: Hà Nam \(1\/1\)\./);
    expect(lan.lastText()).toContain("Phiếu của <b>Hải Phòng</b>: Hà Nam"); // private receipt
    expect(ballotMessage().text).toContain("Đã bỏ phiếu: 1/11 — Hải Phòng");
    await press(minh, "Hà Nam");
    await press(ha, "Vĩnh Phúc");
    await press(an, "Hà Nam");
    await press(phuc, "Hà Nam");
    await press(hung, "Hải Phòng"); // the head of HP changes HP's vote: last counts
    expect(ballotMessage().text).toContain("Đã bỏ phiếu: 5/11");

    // Early close by the secretariat.
    await thu.send(`/closeballot ${id}`);
    const result = group.lastText();
    expect(result).toContain("Kết quả: Bầu Khối trưởng năm 2027");
    expect(result).toContain("Tham gia: 5/11 đơn vị (cần ít nhất 6) — không đủ số đơn vị tham gia");
    expect(result).toContain("không có hiệu lực");
    expect(await h.db.blocOfficer.count()).toBe(0);
  });

  it("a valid election records the bloc's leader for the year", async () => {
    const id = await create({ kind: "Khối trưởng", quorum: "none" });
    await press(lan, "Hà Nam");
    await press(minh, "Hà Nam");
    await press(ha, "Vĩnh Phúc");
    await thu.send(`/closeballot ${id}`);
    expect(group.lastText()).toContain("Khối trưởng năm 2027: <b>Hà Nam</b>");
    expect(group.lastText()).toContain("• Hà Nam: 2");
    const officer = await h.db.blocOfficer.findFirstOrThrow({ include: { board: true } });
    expect(officer).toMatchObject({ year: 2027, role: "leader" });
    expect(officer.board.code).toBe("HNA");
    await lan.send("/ballots");
    expect(lan.lastText()).toContain("Khối trưởng năm 2027: <b>Hà Nam</b>");
    expect(lan.lastText()).toContain("đã đóng");
  });

  it("a change of vote and a second person of the same board: one vote, the last counts", async () => {
    const id = await create({ kind: "Khối phó" });
    await press(lan, "Vĩnh Phúc");
    await press(lan, "Nam Định"); // Lan changes her mind
    const calls = await press(hung, "Ninh Bình"); // her head votes for the board too
    expect(alerts(calls)[0]).toContain("Phiếu trước của đơn vị đã được thay");
    expect(await h.db.ballotVote.count()).toBe(1);
    await thu.send(`/closeballot ${id}`);
    expect(group.lastText()).toContain("• Ninh Bình: 1");
    expect(group.lastText()).not.toContain("Nam Định"); // no votes: not in the post
    expect(group.lastText()).toContain("Tham gia: 1/11");
    await thu.send(`/ballots ${id}`);
    expect(thu.lastText()).toContain("• Nam Định: 0");
  });
});

describe("who may vote, and what is refused", () => {
  it("an outsider's press gets an alert and changes nothing", async () => {
    await create({ kind: "Khối trưởng" });
    const x = h.user(999, "Outsider");
    const calls = await x.press("Hà Nam", { in: group, messageId: ballotMessage().message_id });
    expect(alerts(calls)).toEqual(["Chỉ cán bộ đầu mối hoặc lãnh đạo của một đơn vị có quyền bỏ phiếu mới bỏ phiếu được."]);
    expect(await h.db.ballotVote.count()).toBe(0);
  });

  it("forged and stale button data are refused", async () => {
    const id = await create({ kind: "Khối trưởng" });
    const mid = ballotMessage().message_id;
    const cases: [string, number][] = [
      [`bv:${id}:99`, mid], // no such candidate
      [`bv:${id + 7}:0`, mid], // another ballot
      [`bv:${id}:0`, mid - 1], // an old message
      [`bvb:${id}:0:${99}`, mid], // a board the person does not serve
      [`bv:${id}:0:extra`, mid],
    ];
    for (const [data, messageId] of cases) {
      const calls = await lan.pressData(data, { chatId: group.chatId, messageId });
      expect(alerts(calls)).toHaveLength(1);
      expect(alerts(calls)[0]).not.toContain("Đã ghi phiếu");
    }
    expect(await h.db.ballotVote.count()).toBe(0);
  });

  it("a vote after the close is refused", async () => {
    await create({ kind: "Khối trưởng", closes: "2 giờ" });
    h.clock.advance(2 * 3600_000 + 1000);
    const calls = await press(lan, "Hà Nam"); // before the scheduler has run
    expect(alerts(calls)).toEqual(["Cuộc bỏ phiếu này đã đóng."]);
    await h.app.scheduler.tick();
    const again = await lan.press("Hà Nam", { in: group, messageId: ballotMessage().message_id }).catch(() => []);
    expect(alerts(again as never)).not.toContain("Đã ghi");
    expect(await h.db.ballotVote.count()).toBe(0);
  });

  it("a vote for a board retired since is refused", async () => {
    await create({ kind: "Khối trưởng" });
    await h.user(1, "Admin").send("/retireboard TB");
    const calls = await press(lan, "Thái Bình");
    expect(alerts(calls)).toEqual(["Đơn vị này không còn hoạt động, không thể chọn."]);
  });

  it("only admins and the secretariat create or close ballots", async () => {
    await lan.send("/newballot");
    expect(lan.lastText()).toBe("Anh/Chị không có quyền dùng chức năng này.");
    const id = await create({ kind: "Khối trưởng" });
    await lan.send(`/closeballot ${id}`);
    expect(lan.lastText()).toBe("Anh/Chị không có quyền dùng chức năng này.");
    expect((await h.db.ballot.findUniqueOrThrow({ where: { id } })).status).toBe("open");
  });
});

describe("award proposals", () => {
  it("several picks, no self-vote, and the winners are recorded as proposals", async () => {
    const id = await create({ kind: "Cờ thi đua của Bộ trưởng", picks: 2 });
    expect(ballotMessage().text).toContain("chọn tối đa 2");
    let calls = await press(lan, "Hải Phòng");
    expect(alerts(calls)).toEqual(["Đơn vị không được tự đề nghị cho mình trong cuộc bỏ phiếu này."]);
    await press(lan, "Nam Định");
    calls = await press(lan, "Hà Nội");
    expect(alerts(calls)[0]).toContain("Nam Định, Hà Nội (2/2)".replace("Nam Định, Hà Nội", "Hà Nội, Nam Định"));
    calls = await press(lan, "Bắc Ninh");
    expect(alerts(calls)[0]).toContain("đã chọn đủ 2");
    h.clock.advance(5_000); // a deliberate second press, seconds later (an instant one would be a double tap)
    await press(lan, "Hà Nội"); // unselect
    await press(lan, "Hải Dương");
    await press(minh, "Hải Phòng");
    await press(minh, "Nam Định");
    await press(ha, "Hải Phòng");
    await press(ha, "Hà Nội");
    await thu.send(`/closeballot ${id}`);
    // Hải Phòng: both boards that could choose it did; Nam Định: two of three.
    expect(group.lastText()).toContain("✅ Khối thi đua nhất trí đề nghị: <b>Hải Phòng</b>.\n✅ Khối thi đua đề nghị: <b>Nam Định</b>.");
    const proposals = await h.db.awardProposal.findMany({ include: { board: true }, orderBy: { boardId: "asc" } });
    expect(proposals.map((p) => [p.year, p.awardKindCode, p.board.code])).toEqual([[2026, "flag", "HP"], [2026, "flag", "ND"]]);
  });
});

describe("award proposals: “nhất trí đề nghị” only when every voting board chose the board", () => {
  async function sevenVoters() {
    const nd = await join(h, 700, "Nga", "ND", "focal");
    const hd = await join(h, 800, "Dũng", "HD", "focal");
    return [lan, minh, ha, an, phuc, nd, hd]; // HP, QN, BN, HNA, VP, ND, HD
  }
  const resultMessage = () => [...group.messages()].reverse().find((m) => m.text?.startsWith("📊"))!.text!;

  it("7 of 7 boards for Thái Bình: agreed by all; 6 of 7 for Ninh Bình: proposed", async () => {
    const voters = await sevenVoters();
    const id = await create({ kind: "Cờ thi đua của Bộ trưởng", picks: 2 });
    for (const [i, u] of voters.entries()) {
      await press(u, "Thái Bình");
      await press(u, i === 6 ? "Hưng Yên" : "Ninh Bình");
    }
    await thu.send(`/closeballot ${id}`);
    const text = resultMessage();
    expect(text).toContain("Tham gia: 7");
    expect(text).toContain("• Thái Bình: 7");
    expect(text).toContain("• Ninh Bình: 6");
    expect(text).toContain("✅ Khối thi đua nhất trí đề nghị: <b>Thái Bình</b>.");
    expect(text).toContain("✅ Khối thi đua đề nghị: <b>Ninh Bình</b>.");
    expect(text).not.toMatch(/nhất trí đề nghị: <b>[^<]*Ninh Bình/i);
  });

  it("6 of 7 for the board most chosen: proposed, not agreed by all", async () => {
    const voters = await sevenVoters();
    const id = await create({ kind: "Cờ thi đua của Bộ trưởng", picks: 1 });
    for (const [i, u] of voters.entries()) await press(u, i === 0 ? "Hưng Yên" : "Thái Bình");
    await thu.send(`/closeballot ${id}`);
    const text = resultMessage();
    expect(text).toContain("• Thái Bình: 6");
    expect(text).toContain("✅ Khối thi đua đề nghị: <b>Thái Bình, Hưng Yên</b>."); // two flags may be proposed
    expect(text).not.toMatch(/nhất trí/i);
  });

  it("a board that may not choose itself does not count against its own proposal", async () => {
    const voters = await sevenVoters();
    const id = await create({ kind: "Cờ thi đua của Bộ trưởng", picks: 2 });
    await press(lan, "Thái Bình"); // Hải Phòng votes, but not for itself
    await press(lan, "Ninh Bình");
    for (const u of voters.slice(1)) {
      await press(u, "Hải Phòng");
      await press(u, "Thái Bình");
    }
    await thu.send(`/closeballot ${id}`);
    const text = resultMessage();
    expect(text).toContain("• Hải Phòng: 6");
    expect(text).toContain("• Thái Bình: 7");
    expect(text).toContain("✅ Khối thi đua nhất trí đề nghị: <b>Thái Bình, Hải Phòng</b>.");
    expect(text).not.toContain("✅ Khối thi đua đề nghị:");
  });
});

describe("results", () => {
  it("the group's post leaves out candidates without votes; turnout and every count stay in the record and /ballots N", async () => {
    const id = await create({ kind: "Khối trưởng" });
    await press(lan, "Hà Nam");
    await press(minh, "Hà Nam");
    await press(ha, "Vĩnh Phúc");
    await thu.send(`/closeballot ${id}`);
    const post = [...group.messages()].reverse().find((m) => m.text?.startsWith("📊 <b>Kết quả"))!.text!;
    expect(post).toContain("Tham gia: 3/11 đơn vị");
    expect(post).toMatch(/• Hà Nam: 2\n• Vĩnh Phúc: 1\n<i>9 đơn vị khác không có phiếu; xem đủ: \/ballots \d+<\/i>/);
    expect(post).not.toMatch(/: 0$/m);
    // The stored result keeps the 11 counts.
    const stored = (await h.db.ballot.findUniqueOrThrow({ where: { id } })).resultJson as { counts: { votes: number }[] };
    expect(stored.counts).toHaveLength(11);
    expect(stored.counts.filter((c) => c.votes === 0)).toHaveLength(9);
    // /ballots N shows them all, in the group and in private.
    await lan.sendIn(group, `/ballots ${id}`);
    const full = group.lastText();
    expect(full).toContain("Tham gia: 3/11 đơn vị");
    expect(full.match(/^• .+: \d+$/gm)).toHaveLength(11);
    expect(full).toContain("• Thái Bình: 0");
    await lan.send(`/ballots ${id}`);
    expect(lan.lastText()).toBe(full);
    await lan.send("/ballots 999999");
    expect(lan.lastText()).toContain("Không có cuộc bỏ phiếu");
  });

  it("a motion lists every option, even one without votes", async () => {
    const id = await create({ kind: "Biểu quyết" });
    await press(lan, "Đồng ý");
    await thu.send(`/closeballot ${id}`);
    const post = [...group.messages()].reverse().find((m) => m.text?.startsWith("📊 <b>Kết quả"))!.text!;
    expect(post).toMatch(/: 0$/m);
    expect(post).not.toContain("không có phiếu");
  });
});

describe("secret ballots", () => {
  it("stored choices carry no board identity; the results list receipts so each board can check", async () => {
    const id = await create({ kind: "Khối trưởng", secret: true });
    await press(lan, "Hà Nam");
    await press(minh, "Vĩnh Phúc");
    await press(ha, "Vĩnh Phúc");
    await press(lan, "Quảng Ninh"); // a change replaces the board's entry in place
    const receiptOf = (u: FakeUser) => /<code>(PB-\w+)<\/code>/.exec(u.lastText())![1]!;
    const lanReceipt = receiptOf(lan);
    expect(ballotMessage().text).toContain("Đã bỏ phiếu: 3/11 — Hải Phòng, Quảng Ninh, Bắc Ninh");
    expect(await h.db.ballotVote.count()).toBe(0); // nothing in the open-ballot table

    const entries = await h.db.ballotSecretEntry.findMany({ where: { ballotId: id } });
    expect(entries).toHaveLength(11);
    const boards = await h.db.board.findMany();
    for (const e of entries) {
      const columns = Object.keys(e).sort();
      expect(columns).toEqual(["ballotId", "choicesJson", "id", "receipt", "tag"]);
      expect(e.tag).toMatch(/^[0-9a-f]{64}$/); // an HMAC, not a board id or code
      for (const b of boards) expect(e.tag).not.toContain(b.code.toLowerCase() === "hp" ? "board:" : `board:${b.id}`);
    }
    // Entry order is random, not the order of the boards.
    await thu.send(`/closeballot ${id}`);
    const ballot = await h.db.ballot.findUniqueOrThrow({ where: { id } });
    expect(ballot.secretKey).toBeNull(); // the key that could link tags to boards is gone
    const result = [...group.messages()].reverse().find((m) => m.text?.startsWith("📊 <b>Kết quả"))!.text!;
    expect(result).toContain(`<code>${lanReceipt}</code>: Quảng Ninh`);
    expect(result).toContain("• Quảng Ninh: 1");
    expect(result).not.toContain("• Hà Nam: 0"); // a candidate without votes is left out of the post...
    await thu.send(`/ballots ${id}`);
    expect(thu.lastText()).toContain("• Hà Nam: 0"); // ...and kept in the record
    // The receipt list names choices only: Hải Phòng (a voter nobody chose) is not in it.
    const receipts = result.split("Các mã phiếu")[1]!.split("\n").slice(1);
    expect(receipts).toHaveLength(3);
    for (const line of receipts) expect(line).toMatch(/^<code>PB-\w{8}<\/code>: (Quảng Ninh|Vĩnh Phúc)$/);
  });
});

describe("closing", () => {
  it("the scheduler closes at the closing time, across a restart, once", async () => {
    const id = await create({ kind: "Khối trưởng", closes: "2 giờ" });
    await press(lan, "Hà Nam");
    await h.restart();
    h.clock.advance(2 * 3600_000);
    await h.app.scheduler.tick();
    await h.app.scheduler.tick();
    const results = group.messages().filter((m) => m.text?.startsWith("📊 <b>Kết quả"));
    expect(results).toHaveLength(1);
    expect(results[0]!.text).toContain("Khối trưởng năm 2027: <b>Hà Nam</b>");
    expect((await h.db.ballot.findUniqueOrThrow({ where: { id } })).status).toBe("closed");
    expect(ballotMessage().text).toContain("Đã đóng");
  });

  it("boards that have not voted are reminded before the close", async () => {
    await create({ kind: "Khối trưởng", closes: "2 giờ" });
    await press(lan, "Hà Nam");
    h.clock.advance(61 * 60_000);
    await h.app.scheduler.tick();
    await h.app.scheduler.tick();
    expect(lan.messages().filter((m) => m.text?.includes("chưa bỏ phiếu"))).toHaveLength(0);
    expect(minh.messages().filter((m) => m.text?.includes("chưa bỏ phiếu"))).toHaveLength(1);
  });

  it("the reminder to vote waits out quiet hours: due Thursday 21:00, it goes at 07:00 on Friday, once", async () => {
    await create({ kind: "Khối trưởng", closes: "24 giờ" }); // Thursday 09:00 to Friday 09:00
    const reminded = () => minh.messages().filter((m) => m.text?.includes("chưa bỏ phiếu")).length;
    h.clock.advance(12 * 3600_000 + 30 * 60_000); // Thursday 21:30: halfway, in quiet hours
    await h.app.scheduler.tick();
    await h.app.scheduler.tick();
    expect(reminded()).toBe(0);
    h.clock.advance(9 * 3600_000); // Friday 06:30
    await h.app.scheduler.tick();
    expect(reminded()).toBe(0);
    h.clock.advance(30 * 60_000); // Friday 07:00, two hours before the close
    await h.app.scheduler.tick();
    await h.app.scheduler.tick();
    expect(reminded()).toBe(1);
    h.clock.advance(60 * 60_000);
    await h.app.scheduler.tick();
    expect(reminded()).toBe(1);
  });

  it("the reminder to vote of a ballot closing on Saturday goes before quiet hours on Friday, not after the close", async () => {
    h.clock.advance(24 * 3600_000); // Friday 11 December, 09:00
    await create({ kind: "Khối trưởng", closes: "24 giờ" }); // closes Saturday 09:00: halfway is Friday 21:00
    await press(lan, "Hà Nam");
    const reminded = () => minh.messages().filter((m) => m.text?.includes("chưa bỏ phiếu")).length;
    h.clock.advance(11 * 3600_000 + 58 * 60_000); // Friday 20:58
    await h.app.scheduler.tick();
    expect(reminded()).toBe(0);
    h.clock.advance(60_000); // 20:59, the last minute before quiet hours
    await h.app.scheduler.tick();
    await h.app.scheduler.tick();
    expect(reminded()).toBe(1);
    expect(lan.messages().filter((m) => m.text?.includes("chưa bỏ phiếu"))).toHaveLength(0);
  });

  it("a tie is resolved by a runoff between the tied, posted automatically", async () => {
    const id = await create({ kind: "Khối trưởng", tie: "runoff" });
    await press(lan, "Hà Nam");
    await press(minh, "Vĩnh Phúc");
    await thu.send(`/closeballot ${id}`);
    const result = [...group.messages()].reverse().find((m) => m.text?.startsWith("📊 <b>Kết quả"))!;
    expect(result.text).toContain("Bằng phiếu giữa Vĩnh Phúc, Hà Nam: bầu lại");
    const runoff = ballotMessage();
    expect(runoff.text).toContain("Bầu lại: Bầu Khối trưởng năm 2027");
    expect(buttonsOf(runoff)).toEqual(["Vĩnh Phúc", "Hà Nam"]);
    await press(lan, "Hà Nam");
    await press(minh, "Hà Nam");
    const runoffId = (await h.db.ballot.findFirstOrThrow({ where: { parentId: id } })).id;
    await thu.send(`/closeballot ${runoffId}`);
    expect(group.lastText()).toContain("Khối trưởng năm 2027: <b>Hà Nam</b>");
  });

  it("a tie with the leader's-decision rule is announced, no runoff", async () => {
    const id = await create({ kind: "Khối phó", tie: "leader" });
    await press(lan, "Hà Nam");
    await press(minh, "Vĩnh Phúc");
    await thu.send(`/closeballot ${id}`);
    expect(group.lastText()).toContain("Khối trưởng sẽ quyết định");
    expect(await h.db.ballot.count()).toBe(1);
  });
});

describe("motions and nominations", () => {
  it("a yes/no motion", async () => {
    const id = await create({ kind: "Biểu quyết" });
    expect(buttonsOf(ballotMessage())).toEqual(["Đồng ý", "Không đồng ý", "Không biểu quyết"]);
    await press(lan, "Đồng ý");
    await press(minh, "Đồng ý");
    await press(ha, "Không đồng ý");
    await thu.send(`/closeballot ${id}`);
    expect(group.lastText()).toContain("Nội dung được thông qua");
  });

  it("a nomination round, then the vote between the nominees", async () => {
    const id = await create({ kind: "Khối trưởng", candidates: "nominate" });
    const nom = [...group.messages()].reverse().find((m) => m.text?.startsWith("📝"))!;
    await lan.press("Hà Nam", { in: group, messageId: nom.message_id });
    await minh.press("Vĩnh Phúc", { in: group, messageId: nom.message_id });
    await ha.press("Hà Nam", { in: group, messageId: nom.message_id });
    expect(group.messages().find((m) => m.message_id === nom.message_id)!.text).toContain("Hà Nam (2)");
    await thu.send(`/openballot ${id} 12`);
    expect(buttonsOf(ballotMessage())).toEqual(["Vĩnh Phúc", "Hà Nam"]);
  });
});

describe("edge cases found in review", () => {
  it("a vote that arrives once closing has begun is refused and not stored", async () => {
    const id = await create({ kind: "Khối trưởng" });
    const { startClosing } = await import("../../../src/features/ballots/store.js");
    await startClosing(h.db, id, null, h.clock.now());
    const calls = await press(lan, "Hà Nam");
    expect(alerts(calls)).toEqual(["Cuộc bỏ phiếu này đã đóng."]);
    expect(await h.db.ballotVote.count()).toBe(0);
  });

  it("a close interrupted by a crash is completed after the restart, announced once", async () => {
    const id = await create({ kind: "Khối trưởng" });
    await press(lan, "Hà Nam");
    await h.db.ballot.update({ where: { id }, data: { status: "closing", closedAt: h.clock.now() } }); // died here
    await h.restart();
    await h.app.scheduler.recover();
    await h.app.scheduler.tick();
    const results = group.messages().filter((m) => m.text?.startsWith("📊 <b>Kết quả"));
    expect(results).toHaveLength(1);
    expect(results[0]!.text).toContain("Khối trưởng năm 2027: <b>Hà Nam</b>");
    expect(await h.db.blocOfficer.count()).toBe(1);
  });

  it("after a secret ballot closes, nothing on disk or in the logs links a board or a person to a choice: entries re-tagged, key erased, presses deleted, log flushed", async () => {
    h.app.deps.logger.level = "trace"; // every log line, whatever its level, from here on
    // Mai serves two boards: her vote goes through a choice of board in private, where a report of hers is open.
    const mai = await join(h, 700, "Mai", "HD", "focal");
    const admin = h.user(1, "Admin");
    await admin.send("/invite HY focal");
    await mai.send(`/start ${/start=([\w-]+)/.exec(admin.lastText())![1]}`);
    const id = await create({ kind: "Khối trưởng", secret: true });
    await mai.send("/report");
    await mai.press("Hải Dương");
    expect(await h.db.conversationState.count({ where: { key: `c${mai.id}` } })).toBe(1); // her report is open

    // Every press as the double-tap guard would name it in the clear: who, where, which button (the choice).
    const presses: { key: string; data: string }[] = [];
    const dataOf = (m: ReturnType<typeof ballotMessage>, label: string) =>
      (m.reply_markup!.inline_keyboard.flat().find((b) => b.text.includes(label)) as { callback_data: string }).callback_data;
    const vote = async (u: FakeUser, label: string) => {
      const m = ballotMessage();
      presses.push({ key: `${u.id}:${group.chatId}:${m.message_id}:${dataOf(m, label)}`, data: dataOf(m, label) });
      return press(u, label);
    };
    await vote(lan, "Hà Nam");
    await vote(minh, "Hà Nam");
    await vote(ha, "Nam Định");
    h.clock.advance(DOUBLE_TAP_MS + 1000);
    await vote(lan, "Vĩnh Phúc"); // HP changes its vote
    await vote(mai, "Quảng Ninh");
    const prompt = mai.last()!;
    presses.push({ key: `${mai.id}:${mai.id}:${prompt.message_id}:${dataOf(prompt, "Hưng Yên")}`, data: dataOf(prompt, "Hưng Yên") });
    await mai.press("Hưng Yên"); // for HY
    const receipts = [lan, minh, ha, mai].flatMap((u) => u.messages().flatMap((m) => [...(m.text ?? "").matchAll(/Mã phiếu: <code>(PB-\w+)<\/code>/g)].map((x) => x[1]!)));
    expect(receipts).toHaveLength(5);
    const hashed = (await h.db.buttonPress.findMany({ where: { key: { startsWith: `sv:${id}:` } } })).map((p) => p.key);
    expect(hashed).toHaveLength(5); // one per vote cast (Mai's press in the group only asked her which board): the checks below can fail
    for (const p of presses) expect(filesHolding(h, p.key)).toEqual([]); // not even while the ballot is open

    const key = (await h.db.ballot.findUniqueOrThrow({ where: { id } })).secretKey!;
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    const before = await h.db.ballotSecretEntry.findMany({ where: { ballotId: id } });
    await thu.send(`/closeballot ${id}`);
    const after = await h.db.ballotSecretEntry.findMany({ where: { ballotId: id } });
    expect(after).toHaveLength(before.length);
    expect(after.filter((e) => e.receipt).map((e) => e.receipt).sort()).toEqual(before.filter((e) => e.receipt).map((e) => e.receipt).sort());
    const oldTags = new Set(before.map((e) => e.tag));
    expect(after.some((e) => oldTags.has(e.tag))).toBe(false);
    expect(Math.min(...after.map((e) => e.id))).toBeGreaterThan(Math.max(...before.map((e) => e.id)));
    expect((await h.db.ballotParticipation.findMany({ where: { ballotId: id } })).every((p) => p.changes === 0)).toBe(true);

    // At once, before any tick of housekeeping: nothing left in the database file, its log, the tables or the logs.
    expect(await h.db.buttonPress.count({ where: { key: { startsWith: `sv:${id}:` } } })).toBe(0);
    for (const k of [key, ...oldTags, ...hashed, ...presses.map((p) => p.key)]) expect(filesHolding(h, k), k).toEqual([]);
    for (const p of presses) {
      expect(await tablesHolding(h, p.data), p.data).toEqual([]);
      expect(logsHolding(h, p.data), p.data).toEqual([]);
    }
    expect(await tablesHolding(h, "bvb:")).toEqual([]); // Mai's open dialogue took no trace of her press
    // A receipt stands next to its choice in the published result only, never next to a board or a person.
    for (const r of receipts) {
      expect((await tablesHolding(h, r)).filter((t) => !["BallotSecretEntry", "Ballot", "GroupPost"].includes(t)), r).toEqual([]);
      expect(logsHolding(h, r), r).toEqual([]);
    }
    expect(h.logs.some((l) => l.includes('"level":30') && l.includes("ballot closed"))).toBe(true); // lines below warn were written: the log checks can fail
  });

  it("a candidate retired during the vote cannot be elected", async () => {
    const id = await create({ kind: "Khối trưởng" });
    await press(lan, "Thái Bình");
    await press(minh, "Thái Bình");
    await press(ha, "Hà Nam");
    await h.user(1, "Admin").send("/retireboard TB");
    await thu.send(`/closeballot ${id}`);
    expect(group.lastText()).toContain("Khối trưởng năm 2027: <b>Hà Nam</b>");
    expect(group.lastText()).not.toContain("Thái Bình: 2");
  });

  it("a duration counts from posting, not from when the conversation began", async () => {
    await electionUpToClosing(thu);
    await thu.press("2 giờ");
    h.clock.advance(3 * 3600_000); // a long coffee break
    await thu.press("Không yêu cầu");
    await thu.press("bầu lại");
    await thu.press("Đăng lên nhóm");
    const b = await h.db.ballot.findFirstOrThrow();
    expect(b.closesAt.getTime() - h.clock.now().getTime()).toBe(2 * 3600_000);
  });

  it("the deputy's candidates leave out the board elected leader for that year", async () => {
    const id = await create({ kind: "Khối trưởng" });
    await press(lan, "Hà Nam");
    await thu.send(`/closeballot ${id}`);
    await create({ kind: "Khối phó" });
    expect(buttonsOf(ballotMessage())).not.toContain("Hà Nam");
    expect(buttonsOf(ballotMessage())).toHaveLength(10);
  });

  it("the question which board lists the person's boards one to a row in the bloc's order, whatever order the roles were given in: for a vote and for a nomination", async () => {
    // Mai became focal person of Hưng Yên (tenth in the bloc file) before Hải Dương (ninth).
    const mai = await join(h, 700, "Mai", "HY", "focal");
    await h.user(1, "Admin").send("/invite HD focal");
    await mai.send(`/start ${/start=([\w-]+)/.exec(h.user(1, "Admin").lastText())![1]}`);
    const ids = new Map((await h.db.board.findMany()).map((b) => [b.code, b.id]));
    const vote = await create({ kind: "Khối trưởng" });
    const position = (await h.db.ballotCandidate.findFirstOrThrow({ where: { ballotId: vote, label: "Hà Nam" } })).position;
    await press(mai, "Hà Nam");
    expect(mai.lastText()).toContain("là của đơn vị nào?");
    expect(buttonRowsOf(mai.last())).toEqual([[`Hải Dương → bvb:${vote}:${position}:${ids.get("HD")}`], [`Hưng Yên → bvb:${vote}:${position}:${ids.get("HY")}`]]);

    const nominations = await create({ kind: "Khối phó", candidates: "nominate" });
    const nom = [...group.messages()].reverse().find((m) => m.text?.startsWith("📝"))!;
    await mai.press("Hà Nam", { in: group, messageId: nom.message_id });
    expect(mai.lastText()).toContain("thay mặt đơn vị nào?");
    expect(buttonRowsOf(mai.last())).toEqual([[`Hải Dương → bnb:${nominations}:${ids.get("HNA")}:${ids.get("HD")}`], [`Hưng Yên → bnb:${nominations}:${ids.get("HNA")}:${ids.get("HY")}`]]);
    expect(await h.db.ballotVote.count()).toBe(0);
    expect(await h.db.ballotNomination.count()).toBe(0);
  });

  it("a person serving two boards chooses which board nominates; the nomination message ends without buttons", async () => {
    const both = await join(h, 700, "Mai", "HD", "focal");
    await h.user(1, "Admin").send("/invite HY focal");
    await both.send(`/start ${/start=([\w-]+)/.exec(h.user(1, "Admin").lastText())![1]}`);
    const id = await create({ kind: "Khối trưởng", candidates: "nominate" });
    const nom = [...group.messages()].reverse().find((m) => m.text?.startsWith("📝"))!;
    const calls = await both.press("Hà Nam", { in: group, messageId: nom.message_id });
    expect(alerts(calls)[0]).toContain("nhiều đơn vị");
    await both.press("Hưng Yên");
    const row = await h.db.ballotNomination.findFirstOrThrow({ include: { nominator: true } });
    expect(row.nominator.code).toBe("HY");
    await lan.press("Vĩnh Phúc", { in: group, messageId: nom.message_id });
    await thu.send(`/openballot ${id}`);
    const old = group.messages().find((m) => m.message_id === nom.message_id)!;
    expect(old.reply_markup).toBeUndefined();
    expect(old.text).toContain("Đã kết thúc đề cử");
  });
});

describe("secret ballots, complete", () => {
  const onDisk = async (key: string) => {
    const { readFileSync, existsSync } = await import("node:fs");
    return ["bot.db", "bot.db-wal"].filter((f) => existsSync(`${h.dir}/${f}`) && readFileSync(`${h.dir}/${f}`).includes(Buffer.from(key)));
  };
  const keyOf = async (id: number) => (await h.db.ballot.findUniqueOrThrow({ where: { id } })).secretKey!;
  const tagsOf = async (id: number) => (await h.db.ballotSecretEntry.findMany({ where: { ballotId: id } })).map((e) => e.tag);

  it("cancelling scrubs like closing: key and votes erased, from the database file and the log", async () => {
    const id = await create({ kind: "Khối trưởng", secret: true });
    await press(lan, "Hà Nam");
    await press(minh, "Vĩnh Phúc");
    const key = await keyOf(id);
    const tags = await tagsOf(id);
    const presses = (await h.db.buttonPress.findMany({ where: { key: { startsWith: `sv:${id}:` } } })).map((p) => p.key);
    expect(presses).toHaveLength(2);
    expect(await onDisk(key)).not.toEqual([]); // the check below can fail: the key is on disk while the ballot is open
    await thu.send(`/cancelballot ${id}`);
    // The double-tap guard's rows went in the cancel's transaction, before the log was truncated.
    expect(await h.db.buttonPress.count({ where: { key: { startsWith: `sv:${id}:` } } })).toBe(0);
    for (const p of presses) expect(await onDisk(p)).toEqual([]);
    expect(thu.lastText()).toBe("Đã hủy cuộc bỏ phiếu.");
    const b = await h.db.ballot.findUniqueOrThrow({ where: { id } });
    expect(b).toMatchObject({ status: "cancelled", secretKey: null });
    expect(b.scrubbedAt).not.toBeNull();
    expect(await h.db.ballotSecretEntry.count({ where: { ballotId: id } })).toBe(0);
    expect(await onDisk(key)).toEqual([]);
    for (const tag of tags.slice(0, 3)) expect(await onDisk(tag)).toEqual([]); // nor the old tags that the key could link to boards
  });

  it("the log is truncated only once it truly can: retried while another connection holds a read snapshot", async () => {
    const Database = (await import("better-sqlite3")).default;
    const id = await create({ kind: "Khối trưởng", secret: true });
    await press(lan, "Hà Nam");
    await press(minh, "Vĩnh Phúc");
    await press(ha, "Hà Nam");
    const key = await keyOf(id);
    // A reader (a backup, an admin's sqlite3) holds a snapshot from before the close.
    const reader = new Database(`${h.dir}/bot.db`, { readonly: true });
    reader.prepare("BEGIN").run();
    expect(reader.prepare(`SELECT "secretKey" FROM "Ballot" WHERE "id" = ?`).get(id)).toEqual({ secretKey: key });
    try {
      await thu.send(`/closeballot ${id}`);
      expect(group.lastText()).toContain("Khối trưởng năm 2027: <b>Hà Nam</b>");
      // Closed and erased in the database, but the checkpoint could not run to the end: not marked done.
      const b = await h.db.ballot.findUniqueOrThrow({ where: { id } });
      expect(b).toMatchObject({ status: "closed", secretKey: null, scrubbedAt: null });
      expect(await onDisk(key)).toContain("bot.db-wal");
      await h.app.scheduler.tick(); // still held: tried again, still not done
      expect((await h.db.ballot.findUniqueOrThrow({ where: { id } })).scrubbedAt).toBeNull();
    } finally {
      reader.prepare("COMMIT").run();
      reader.close();
    }
    await h.app.scheduler.tick(); // the reader is gone: the next tick truncates the log
    expect((await h.db.ballot.findUniqueOrThrow({ where: { id } })).scrubbedAt).not.toBeNull();
    expect(await onDisk(key)).toEqual([]);
  });

  it("the private confirmation is sent protected, and says what the receipt reveals", async () => {
    await create({ kind: "Khối trưởng", secret: true });
    const calls = await press(lan, "Hà Nam");
    const receipt = calls.find((c) => c.method === "sendMessage" && Number(c.payload.chat_id) === lan.id)!;
    expect(receipt.payload.protect_content).toBe(true);
    expect(String(receipt.payload.text)).toContain("ai được xem mã phiếu này cũng biết được lựa chọn của đơn vị");
  });

  it("too few voters: the secret ballot is void, says so, and keeps nothing that tells a choice", async () => {
    const id = await create({ kind: "Khối trưởng", secret: true, quorum: "none" });
    expect(ballotMessage().text).toContain("kết quả chỉ được công bố khi có ít nhất 3 đơn vị bỏ phiếu");
    await press(lan, "Hà Nam");
    await press(minh, "Vĩnh Phúc");
    const receipt = /<code>(PB-\w+)<\/code>/.exec(minh.lastText())![1]!;
    await thu.send(`/closeballot ${id}`);
    const result = group.lastText();
    expect(result).toContain("Chỉ 2/11 đơn vị bỏ phiếu, dưới mức tối thiểu 3 đơn vị của phiếu kín");
    expect(result).not.toContain(receipt);
    expect(result).not.toMatch(/Hà Nam|Vĩnh Phúc/);
    const b = await h.db.ballot.findUniqueOrThrow({ where: { id } });
    expect(JSON.stringify(b.resultJson)).not.toContain(receipt);
    expect(b.resultJson).toMatchObject({ void: { minTurnout: 3 }, counts: [], winners: [] });
    expect(await h.db.ballotSecretEntry.count({ where: { ballotId: id } })).toBe(0);
    expect(await h.db.blocOfficer.count()).toBe(0);
  });

  it("the minimum comes from the bloc file, fixed when the ballot is created", async () => {
    const { mkdtempSync, readFileSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { EXAMPLE_BLOC } = await import("../../harness/harness.js");
    const file = `${mkdtempSync(`${tmpdir()}/khoi-bloc-`)}/bloc.yaml`;
    writeFileSync(file, readFileSync(EXAMPLE_BLOC, "utf8").replace("secretMinTurnout: 3", "secretMinTurnout: 2"));
    await h.close();
    h = await Harness.create({ now: "2026-12-10T02:00:00Z", blocFile: file });
    group = h.group();
    await h.user(1, "Admin").sendIn(group, "/linkgroup");
    thu = await join(h, 100, "Thu", "", "secretariat");
    lan = await join(h, 200, "Lan", "HP", "focal");
    minh = await join(h, 300, "Minh", "QN", "focal");
    const id = await create({ kind: "Khối trưởng", secret: true });
    expect(ballotMessage().text).toContain("ít nhất 2 đơn vị bỏ phiếu");
    await press(lan, "Hà Nam");
    await press(minh, "Hà Nam");
    await thu.send(`/closeballot ${id}`);
    expect(group.lastText()).toContain("Khối trưởng năm 2027: <b>Hà Nam</b>");
  });

  it("concurrent closers of a tied ballot: one result, one runoff", async () => {
    const { startClosing } = await import("../../../src/features/ballots/store.js");
    const { completeClose } = await import("../../../src/features/ballots/use-cases.js");
    const id = await create({ kind: "Khối trưởng", tie: "runoff" });
    await press(lan, "Hà Nam");
    await press(minh, "Vĩnh Phúc");
    // The scheduler and an admin (or two processes) both counting the closing ballot at once.
    expect(await startClosing(h.db, id, null, h.clock.now())).toBe(true);
    await Promise.all([completeClose(h.app.deps, id), completeClose(h.app.deps, id)]);
    await h.app.scheduler.tick();
    expect(await h.db.ballot.count({ where: { parentId: id } })).toBe(1);
    expect(group.messages().filter((m) => m.text?.startsWith("📊 <b>Kết quả"))).toHaveLength(1);
    expect(group.messages().filter((m) => m.text?.includes("Bầu lại: Bầu Khối trưởng năm 2027"))).toHaveLength(1);
    // And the database itself refuses a second runoff of the same ballot.
    const runoff = await h.db.ballot.findFirstOrThrow({ where: { parentId: id } });
    const { id: _id, resultJson: _result, ...copy } = runoff;
    await expect(h.db.ballot.create({ data: { ...copy, messageId: null } })).rejects.toMatchObject({ code: "P2002" });
  });
});
