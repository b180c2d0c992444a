// The history of officers and awards through the bot: /record (confirmation,
// audit, undo, correction, refusals), /record then /annual, the leader's people
// by recorded officers, and the years a ballot offers in December and January.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Harness, buttonsOf, type FakeGroup, type FakeUser } from "../../harness/harness.js";
import { join } from "../../harness/fixtures.js";
import { loadArticleYears } from "../../harness/article.js";
import { readDocx, type Docx } from "../../harness/docx.js";

const vn = (local: string) => new Date(`${local}+07:00`);

let h: Harness;
let admin: FakeUser;

async function boardId(code: string): Promise<number> {
  return (await h.db.board.findUniqueOrThrow({ where: { code } })).id;
}
async function officers(year: number) {
  const rows = await h.db.blocOfficer.findMany({ where: { year }, include: { board: true } });
  return Object.fromEntries(rows.map((r) => [r.role, r.board.code]));
}
async function proposals(year: number, award: string) {
  const rows = await h.db.awardProposal.findMany({ where: { year, awardKindCode: award }, include: { board: true }, orderBy: { id: "asc" } });
  return rows.map((r) => r.board.code);
}
const audits = () => h.db.auditEvent.findMany({ where: { action: { startsWith: "record." } }, orderBy: { id: "asc" } });

/** /record with its arguments, then the confirmation. */
async function record(args: string): Promise<string> {
  await admin.send(`/record ${args}`);
  await admin.press("✅ Xác nhận");
  return admin.lastText();
}

/** Sends a command and opens the document it was answered with (one, in that chat). */
async function docxFor(user: FakeUser, text: string): Promise<Docx & { name: string }> {
  const docs = (await user.send(text)).filter((c) => c.method === "sendDocument");
  expect(docs.map((c) => c.payload.chat_id), `${text} sent no document`).toEqual([user.id]);
  const file = docs[0]!.payload.document as { name: string; bytes: Uint8Array };
  return { ...(await readDocx(file.bytes)), name: file.name };
}

beforeEach(async () => {
  h = await Harness.create({ now: vn("2026-11-10T09:00:00").toISOString() });
  admin = h.user(1, "Admin");
});
afterEach(async () => h.close());

describe("/record", () => {
  it("shows the change for confirmation, changes nothing before it, then records it with an audit row", async () => {
    await admin.send("/record 2023 leader HNA");
    const preview = admin.last()!;
    expect(preview.text).toContain("Ghi nhận <b>Khối trưởng năm 2023</b>");
    expect(preview.text).toContain("Hiện nay: chưa ghi nhận");
    expect(preview.text).toContain("Sẽ ghi: <b>Hà Nam</b>");
    expect(buttonsOf(preview)).toEqual(["✅ Xác nhận", "✖ Hủy"]);
    expect(await officers(2023)).toEqual({});
    expect(await audits()).toEqual([]);

    await admin.press("✅ Xác nhận");
    expect(admin.lastText()).toBe("✅ Đã ghi nhận Khối trưởng năm 2023: <b>Hà Nam</b>.");
    expect(buttonsOf(admin.last())).toEqual(["↩ Hoàn tác"]);
    expect(await officers(2023)).toEqual({ leader: "HNA" });
    const [a] = await audits();
    const person = await h.db.person.findUniqueOrThrow({ where: { telegramId: 1n } });
    expect(a!.action).toBe("record.apply");
    expect(a!.personId).toBe(person.id);
    expect(a!.detail).toMatchObject({ year: 2023, slot: "leader", before: [], after: [await boardId("HNA")] });
    // The preview's buttons are gone.
    expect(buttonsOf(h.tg.message(admin.id, preview.message_id))).toEqual([]);
  });

  it("a second press of the same confirmation records nothing more", async () => {
    await admin.send("/record 2023 deputy VP");
    const preview = admin.last()!;
    const data = (preview.reply_markup!.inline_keyboard[0]![0] as { callback_data: string }).callback_data;
    await admin.press("✅ Xác nhận", { messageId: preview.message_id });
    const again = await admin.pressData(data, { messageId: preview.message_id });
    expect(again.filter((c) => c.method === "answerCallbackQuery").map((c) => c.payload.text)).toEqual(["Lựa chọn này đã hết hiệu lực."]);
    expect(again.filter((c) => c.method === "sendMessage")).toEqual([]);
    expect(await audits()).toHaveLength(1);
  });

  it("cancelled, changes nothing", async () => {
    await admin.send("/record 2022 flag HP ND");
    await admin.press("✖ Hủy");
    expect(admin.lastText()).toBe("Đã hủy, không có gì thay đổi.");
    expect(await proposals(2022, "flag")).toEqual([]);
    expect(await audits()).toEqual([]);
  });

  it("corrects by recording again, and undoes a correction back to what was there", async () => {
    await record("2023 leader HNA");
    await admin.send("/record 2023 leader VP");
    expect(admin.lastText()).toContain("Hiện nay: <b>Hà Nam</b>");
    expect(admin.lastText()).toContain("Sẽ ghi: <b>Vĩnh Phúc</b>");
    await admin.press("✅ Xác nhận");
    expect(await officers(2023)).toEqual({ leader: "VP" });

    const receipt = admin.last()!;
    const undo = (receipt.reply_markup!.inline_keyboard[0]![0] as { callback_data: string }).callback_data;
    await admin.press("↩ Hoàn tác");
    expect(admin.lastText()).toBe("↩ Đã hoàn tác. Khối trưởng năm 2023: <b>Hà Nam</b>.");
    expect(await officers(2023)).toEqual({ leader: "HNA" });
    expect((await audits()).map((a) => a.action)).toEqual(["record.apply", "record.apply", "record.undo"]);
    // Undone once: the same button again does nothing; nor does undoing the first record, which is no longer the last.
    const again = await admin.pressData(undo, { messageId: receipt.message_id });
    expect(again.filter((c) => c.method === "answerCallbackQuery").map((c) => c.payload.text)).toEqual(["Lựa chọn này đã hết hiệu lực."]);
    await admin.press("↩ Hoàn tác");
    expect(admin.lastText()).toBe("Không hoàn tác được: Khối trưởng năm 2023 đã thay đổi sau lần ghi nhận này.");
    expect(await officers(2023)).toEqual({ leader: "HNA" });
    expect(await audits()).toHaveLength(3);
  });

  it("sets an award's proposals as a list (a correction removes who is left out), and “-” clears a slot", async () => {
    await record("2022 flag HP ND");
    expect(await proposals(2022, "flag")).toEqual(["HP", "ND"]);
    await record("2022 flag HP, NB");
    expect(await proposals(2022, "flag")).toEqual(["HP", "NB"]);
    await record("2022 flag -");
    expect(await proposals(2022, "flag")).toEqual([]);
    await record("2023 deputy VP");
    await record("2023 deputy -");
    expect(await officers(2023)).toEqual({});
  });

  it("refuses a preview confirmed after the year changed, and an undo after a later change", async () => {
    await admin.send("/record 2023 leader HNA");
    const first = admin.last()!;
    await record("2023 leader VP");
    await admin.press("✅ Xác nhận", { messageId: first.message_id });
    expect(admin.lastText()).toContain("Khối trưởng năm 2023 đã thay đổi sau khi Anh/Chị xem trước nên chưa được ghi");
    expect(await officers(2023)).toEqual({ leader: "VP" });

    const receipt = [...admin.messages()].reverse().find((m) => buttonsOf(m).includes("↩ Hoàn tác"))!;
    await record("2023 leader ND");
    await admin.press("↩ Hoàn tác", { messageId: receipt.message_id });
    expect(admin.lastText()).toBe("Không hoàn tác được: Khối trưởng năm 2023 đã thay đổi sau lần ghi nhận này.");
    expect(await officers(2023)).toEqual({ leader: "ND" });
  });

  it("refuses what cannot be: unknown boards, years out of range, two leaders, the leader as deputy, a change that changes nothing", async () => {
    const says = async (text: string) => {
      await admin.send(text);
      return admin.lastText();
    };
    expect(await says("/record 2023 leader XX")).toBe("Không có đơn vị mã “XX”. Xem mã các đơn vị bằng lệnh /boards.");
    expect(await says("/record 2023 leader <b>")).toBe("Không có đơn vị mã “&lt;b&gt;”. Xem mã các đơn vị bằng lệnh /boards.");
    expect(await says("/record 2028 leader HP")).toBe("Năm phải trong khoảng 2000–2027.");
    expect(await says("/record 2027 flag HP")).toBe("Năm phải trong khoảng 2000–2026.");
    expect(await says("/record 1999")).toBe("Năm phải trong khoảng 2000–2027.");
    expect(await says("/record 2023 leader HP VP")).toBe("Khối trưởng (hoặc Khối phó) của một năm là một đơn vị; dùng “-” để xóa.");
    expect(await says("/record 2023 boss HP")).toContain("“boss” không phải là <code>leader</code>, <code>deputy</code> hay một mã khen thưởng");
    expect(await says("/record twenty")).toContain("<code>/record 2025 leader HNA</code> — Khối trưởng năm 2025");
    await record("2023 leader HNA");
    expect(await says("/record 2023 deputy HNA")).toBe("Hà Nam đang là Khối trưởng năm 2023. Khối trưởng và Khối phó phải là hai đơn vị khác nhau.");
    expect(await says("/record 2023 khoitruong hna")).toBe("Khối trưởng năm 2023 đã được ghi nhận đúng như vậy; không có gì thay đổi.");
    expect(await h.db.recordChange.count({ where: { status: "pending" } })).toBe(0);
    expect(await officers(2023)).toEqual({ leader: "HNA" });
  });

  it("records boards that have since been merged or retired (history keeps them)", async () => {
    await admin.send("/mergeboard NB HN");
    await record("2022 certificate NB BN HN");
    expect(await proposals(2022, "certificate")).toEqual(["NB", "BN", "HN"]);
  });

  it("shows a year, and the recent years", async () => {
    await record("2022 leader HP");
    await record("2022 flag HP ND");
    await record("2023 leader HNA");
    await admin.send("/record 2022");
    expect(admin.lastText()).toBe(["<b>Năm 2022</b>", "Khối trưởng: <b>Hải Phòng</b>", "Khối phó: chưa ghi nhận", "Cờ thi đua của Bộ trưởng: <b>Hải Phòng</b>, <b>Nam Định</b>"].join("\n"));
    await admin.send("/record");
    const text = admin.lastText();
    expect(text.indexOf("<b>Năm 2023</b>")).toBeGreaterThan(0);
    expect(text.indexOf("<b>Năm 2023</b>")).toBeLessThan(text.indexOf("<b>Năm 2022</b>"));
    expect(text).toContain("<code>/record 2025 leader HNA</code> — Khối trưởng năm 2025");
  });

  it("is for admins, in private; a preview is confirmed only by the admin who asked for it", async () => {
    const lan = await join(h, 200, "Lan", "HP", "focal");
    await lan.send("/record 2023 leader HNA");
    expect(lan.lastText()).toBe("Anh/Chị không có quyền dùng chức năng này.");
    const group: FakeGroup = h.group();
    await admin.sendIn(group, "/record 2023 leader HNA");
    expect(group.lastText()).toBe("Anh/Chị vui lòng dùng lệnh này trong tin nhắn riêng với bot.");

    await admin.send("/record 2023 leader HNA");
    const data = (admin.last()!.reply_markup!.inline_keyboard[0]![0] as { callback_data: string }).callback_data;
    // A focal person forging the button, and another admin pressing it.
    const forged = await lan.pressData(data);
    expect(forged.filter((c) => c.method === "answerCallbackQuery").map((c) => [c.payload.text, c.payload.show_alert])).toEqual([["Anh/Chị không có quyền dùng chức năng này.", true]]);
    const other = await join(h, 5, "Ad2", "", "admin");
    const pressed = await other.pressData(data);
    expect(pressed.filter((c) => c.method === "answerCallbackQuery").map((c) => c.payload.text)).toEqual(["Lựa chọn này đã hết hiệu lực."]);
    expect(await officers(2023)).toEqual({});
    // Malformed data never reaches the store.
    const bad = await admin.pressData("rec:ok:abc");
    expect(bad.filter((c) => c.method === "answerCallbackQuery")).toHaveLength(1);
    expect(await officers(2023)).toEqual({});
  });
});

describe("/record then /annual", () => {
  it("the recorded issuing board, officers and awards appear in the year's report, with the year's figures", async () => {
    await loadArticleYears(h);
    // The year the article describes, as the secretariat would record it.
    await record("2022 leader HP");
    await record("2023 leader HNA");
    await record("2023 deputy VP");
    await record("2022 flag HP ND");
    await record("2022 certificate NB BN HN");

    const d = await docxFor(admin, "/annual 2022");
    expect(d.name).toBe("bao-cao-tong-ket-2022.docx");
    expect(d.tables[0]![0]![0]).toContain("BAN QUẢN LÝ KKT HẢI PHÒNG");
    expect(d.text).toContain("Hải Phòng, ngày … tháng … năm …");
    expect(d.text).toContain(
      "Các thành viên Khối thi đua đã tín nhiệm bầu Ban Quản lý các KCN Hà Nam làm Khối trưởng Khối thi đua năm 2023 và Ban Quản lý các KCN Vĩnh Phúc làm Khối phó Khối thi đua năm 2023.",
    );
    expect(d.text).toContain(
      "Khối thi đua đề nghị tặng Cờ thi đua của Bộ trưởng cho Ban Quản lý KKT Hải Phòng và Ban Quản lý các KCN Nam Định; " +
        "tặng Bằng khen của Bộ trưởng cho Ban Quản lý các KCN Ninh Bình, Ban Quản lý các KCN Bắc Ninh và Ban Quản lý các KCN và CX Hà Nội.",
    );
    const table = d.tables.find((t) => t[0]?.[1] === "Chỉ tiêu")!;
    expect(table.find((r) => r[1] === "Vốn đầu tư FDI đăng ký cấp mới và tăng thêm")!.slice(3)).toEqual(["8.075", "7.081,7", "87,7%"]);
    expect(d.text).toContain("7.081,7 triệu USD, bằng 87,7% so với năm 2021");
  });

  it("names a board as it was when the year ended, and without a record says no leader was elected", async () => {
    await record("2022 leader HP");
    await admin.send("/renameboard HP | Ban Quản lý Khu kinh tế Hải Phòng");
    let d = await docxFor(admin, "/annual 2022");
    expect(d.tables[0]![0]![0]).toContain("BAN QUẢN LÝ KKT HẢI PHÒNG");
    expect(d.text).toContain("Khối thi đua chưa bầu Khối trưởng, Khối phó năm 2023.");
    d = await docxFor(admin, "/annual 2026");
    expect(d.tables[0]![0]![0]).toContain("TÊN ĐƠN VỊ KHỐI TRƯỞNG NĂM 2026");
  });

  it("without a year, reports the year the conference reviews: this year in November, last year in January", async () => {
    expect((await docxFor(admin, "/annual")).name).toBe("bao-cao-tong-ket-2026.docx");
    h.clock.set(vn("2027-01-15T09:00:00"));
    expect((await docxFor(admin, "/annual")).name).toBe("bao-cao-tong-ket-2026.docx");
    await admin.send("/annual 20266");
    expect(admin.lastText()).toContain("Cách dùng");
  });
});

describe("the leader's people, by recorded officers", () => {
  it("the focal person of a recorded leader sees summaries; the previous year's leader until June", async () => {
    const lan = await join(h, 200, "Lan", "HP", "focal");
    const an = await join(h, 201, "An", "HNA", "focal");
    await lan.send("/summary");
    expect(lan.lastText()).toContain("chỉ Khối trưởng, Khối phó");
    await record("2026 leader HP");
    await record("2027 leader HNA");
    await lan.send("/summary");
    expect(lan.lastText()).toContain("Tổng hợp");
    await an.send("/summary");
    expect(an.lastText()).toContain("chỉ Khối trưởng, Khối phó");

    // January 2027: the new leader, and the old one closing its year.
    h.clock.set(vn("2027-01-15T09:00:00"));
    await an.send("/summary");
    expect(an.lastText()).toContain("Tổng hợp");
    expect((await docxFor(lan, "/annual")).name).toBe("bao-cao-tong-ket-2026.docx");
    // July 2027: only this year's.
    h.clock.set(vn("2027-07-01T09:00:00"));
    await lan.send("/summary");
    expect(lan.lastText()).toContain("chỉ Khối trưởng, Khối phó");
  });
});

describe("ballots for the right year", () => {
  async function yearsOffered(kind: string): Promise<string[]> {
    await admin.send("/newballot");
    await admin.press(kind);
    const years = buttonsOf(admin.last()).filter((b) => /^\d{4}$/.test(b));
    await admin.send("/cancel");
    return years;
  }

  beforeEach(async () => {
    const group = h.group();
    await admin.sendIn(group, "/linkgroup");
  });

  it("in December: elections for next year first, awards for this year", async () => {
    h.clock.set(vn("2026-12-18T09:00:00"));
    expect(await yearsOffered("Khối trưởng")).toEqual(["2027", "2026"]);
    expect(await yearsOffered("Khối phó")).toEqual(["2027", "2026"]);
    expect(await yearsOffered("Cờ thi đua của Bộ trưởng")).toEqual(["2026", "2025"]);
  });

  it("in January: elections for this year first (never the year after next first), awards for last year", async () => {
    h.clock.set(vn("2027-01-10T09:00:00"));
    expect(await yearsOffered("Khối trưởng")).toEqual(["2027", "2028"]);
    expect(await yearsOffered("Cờ thi đua của Bộ trưởng")).toEqual(["2026", "2025"]);
    expect(await yearsOffered("Biểu quyết")).toEqual(["2027", "2026"]);
  });

  it("an election held in January makes this year's leader, who may then see summaries", async () => {
    h.clock.set(vn("2027-01-10T09:00:00"));
    const an = await join(h, 201, "An", "HNA", "focal");
    await admin.send("/newballot");
    for (const b of ["Khối trưởng", "2027", "Dùng tiêu đề này", "Tất cả các đơn vị", "Công khai", "24 giờ", "Không yêu cầu", "bầu lại", "Đăng lên nhóm"]) await admin.press(b);
    const id = Number(/số (\d+)/.exec(admin.lastText())![1]);
    const group = h.group();
    const msg = (await h.db.ballot.findUniqueOrThrow({ where: { id } })).messageId!;
    await an.press("Hà Nam", { in: group, messageId: msg });
    await admin.send(`/closeballot ${id}`);
    expect(await officers(2027)).toEqual({ leader: "HNA" });
    await an.send("/summary");
    expect(an.lastText()).toContain("Tổng hợp");
  });

  it("a forged year button is refused", async () => {
    h.clock.set(vn("2027-01-10T09:00:00"));
    await admin.send("/newballot");
    await admin.press("Khối trưởng");
    const data = admin.last()!.reply_markup!.inline_keyboard.flat().find((b) => b.text === "2027") as { callback_data: string };
    await admin.pressData(data.callback_data.replace("y2027", "y2031"));
    expect(await h.db.ballot.count()).toBe(0);
    expect(admin.lastText()).toContain("Đã hủy");
  });
});
