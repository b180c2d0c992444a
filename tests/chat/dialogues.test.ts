// Dialogues as Telegram's real world meets them (issue 12, items 3–5; issue 13's
// bounded dialogues): a release between two answers, a replay that fails, a second
// dialogue started while one is open, edited answers, double taps, and people who
// type anything at all.
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { Harness, alerts, buttonsOf, texts, type FakeUser } from "../harness/harness.js";
import { OCTOBER, answerAll, harnessWithLan, join } from "../harness/fixtures.js";
import { getBloc } from "../../src/shared/bloc/store.js";
import { ensurePeriod } from "../../src/shared/bloc/periods.js";
import { MAX_REFUSED } from "../../src/chat/conversations/dialogue.js";
import { REPORT_VERSION } from "../../src/features/reports/dialogue.js";
import { sqlOf } from "../../src/shared/db/sql.js";

let h: Harness;
let lan: FakeUser;
afterEach(async () => h?.close());

/** What OCTOBER's answers are stored as, by indicator code. */
const OCTOBER_VALUES = {
  fdi_new: 12, ddi_new: 8, fdi_adjust: 30, ddi_adjust: 10, fdi_capital: 402.76, ddi_capital: 3131.93,
  fdi_revenue: 1200.5, ddi_revenue: 20000, fdi_budget: 35.2, ddi_budget: 1500, workers: 52300, zones_operating: 8,
};

async function storedValues() {
  const r = await h.db.report.findFirst({ include: { values: { include: { indicator: true } } } });
  return r ? Object.fromEntries(r.values.map((v) => [v.indicator.code, v.value])) : null;
}

/** The stored conversation row of a chat: its size in bytes (state and saved position), or null. */
async function storedState(chatId: number): Promise<{ bytes: number; value: string; dialogue: string | null } | null> {
  const row = (await sqlOf(h.db)).get<{ value: string; dialogue: string | null }>(`SELECT "value", "dialogue" FROM "ConversationState" WHERE "key" = ?`, `c${chatId}`);
  return row ? { bytes: Buffer.byteLength(row.value) + Buffer.byteLength(row.dialogue ?? ""), value: row.value, dialogue: row.dialogue } : null;
}

// ---------------------------------------------------------------------------
// Releases between two answers

type Legacy = {
  conversationState: { key: string; value: { version: [number, number]; state: Record<string, { args: string }[]> } };
  reportDraft: { valuesJson: string; baseVersion: number };
};

/**
 * Puts in the database what the build before versioned dialogues left behind
 * (tests/fixtures/dialogues/report-before-versioning.json, written by that build):
 * Lan half-way through October's report, 5 of 12 answers in her draft, question 6
 * on screen. `stamp` rewrites the conversation's argument, as a build that
 * versions its dialogues would have written it.
 */
async function storeLegacyReport(stamp?: (args: { boardId: number; periodId: number }) => unknown): Promise<void> {
  const legacy = JSON.parse(readFileSync("tests/fixtures/dialogues/report-before-versioning.json", "utf8")) as Legacy;
  const board = await h.db.board.findUniqueOrThrow({ where: { code: "HP" } });
  const bloc = await getBloc(h.db);
  const period = await ensurePeriod(h.db, { year: 2026, month: 10 }, bloc!.schedule, h.config.timeZone);
  const person = await h.db.person.findUniqueOrThrow({ where: { telegramId: BigInt(lan.id) } });
  const args = { boardId: board.id, periodId: period.id };
  const value = legacy.conversationState.value;
  value.state.report![0]!.args = JSON.stringify([stamp ? stamp(args) : args]);
  await h.db.conversationState.create({ data: { key: `c${lan.id}`, value } });
  await h.db.reportDraft.create({ data: { personId: person.id, boardId: board.id, periodId: period.id, valuesJson: JSON.parse(legacy.reportDraft.valuesJson), baseVersion: legacy.reportDraft.baseVersion } });
  await h.restart(); // the release: today's code starts on that database
}

/** Answers the rest of the report and sends it; the stored report must hold every answer, those before the release included. */
async function finishReport(from: number) {
  await answerAll(lan, OCTOBER.slice(from));
  const review = lan.lastText();
  expect(review).toContain("Vốn đầu tư FDI đăng ký cấp mới và tăng thêm: <b>402,76</b>"); // answered before the release
  await lan.press("Gửi báo cáo");
  expect(lan.lastText()).toContain("Đã nhận báo cáo tháng 10/2026");
  expect(await storedValues()).toEqual(OCTOBER_VALUES);
}

describe("a release between two answers", () => {
  it("a report stored by an older build continues from the draft: one line says so, and the answer that arrives is kept", async () => {
    ({ h, lan } = await harnessWithLan({ now: "2026-11-02T02:00:00Z" }));
    await storeLegacyReport();
    const calls = await lan.send(OCTOBER[5]!); // the answer to question 6, typed to the older build's question
    const said = texts(calls);
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/^ℹ️ Hệ thống vừa được cập nhật\. Anh\/Chị tiếp tục từ chỗ đang làm; các câu trả lời đã nhập vẫn được giữ\.\n/);
    expect(said[0]).toContain("✓ Vốn đầu tư DDI đăng ký cấp mới và tăng thêm: <b>3.131,93 tỷ đồng</b>");
    expect(said[0]).toContain("Câu 7/12");
    expect(h.logs.join("")).not.toMatch(/"level":50/); // no error
    await finishReport(6);
    expect(lan.textsSince(0).join("\n").match(/Hệ thống vừa được cập nhật/g)).toHaveLength(1);
  });

  it("a replay that fails anyway (the code changed, the version did not) continues from the saved draft the same way", async () => {
    ({ h, lan } = await harnessWithLan({ now: "2026-11-02T02:00:00Z" }));
    // Today's version number on the older build's log: the plugin replays it through today's code, which fails.
    await storeLegacyReport((args) => ({ v: REPORT_VERSION, args }));
    const calls = await lan.send(OCTOBER[5]!);
    expect(h.logs.join("")).toContain("Bad replay");
    expect(h.logs.join("").match(/dialogue failed to replay: continued from its saved position/g)).toHaveLength(1); // restored once
    const said = texts(calls);
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/^ℹ️ Hệ thống đã khôi phục phiên làm việc từ lần lưu gần nhất\./);
    expect(said[0]).toContain("✓ Vốn đầu tư DDI đăng ký cấp mới và tăng thêm: <b>3.131,93 tỷ đồng</b>");
    expect(said[0]).toContain("Câu 7/12");
    expect(said.join("")).not.toContain("Xin lỗi, đã có lỗi xảy ra"); // not the generic error
    await finishReport(6);
  });

  it("a dialogue saved by an older version of today's format takes the press of a button still on screen", async () => {
    ({ h, lan } = await harnessWithLan({ now: "2026-11-02T02:00:00Z" }));
    await lan.send("/report");
    await answerAll(lan, OCTOBER.slice(0, 11));
    expect(lan.lastText()).toContain("Câu 12/12");
    // The stored arguments say the dialogue was entered by a build with version 1 of it.
    const row = await h.db.conversationState.findUniqueOrThrow({ where: { key: `c${lan.id}` } });
    const value = row.value as Legacy["conversationState"]["value"];
    const input = JSON.parse(value.state.report![0]!.args)[0] as { v: number };
    expect(input.v).toBe(REPORT_VERSION);
    value.state.report![0]!.args = JSON.stringify([{ ...input, v: 1 }]);
    await h.db.conversationState.update({ where: { key: row.key }, data: { value } });
    await h.restart(); // today's code starts on that database

    const calls = await lan.press("Hủy"); // on question 12, still on screen
    expect(alerts(calls)).toEqual([""]); // taken, not "expired"
    expect(texts(calls)).toEqual(["ℹ️ Hệ thống vừa được cập nhật. Anh/Chị tiếp tục từ chỗ đang làm; các câu trả lời đã nhập vẫn được giữ.\nĐã hủy. Không có gì được gửi."]);
    expect(await h.db.reportDraft.count()).toBe(0);
  });

  it("/newballot saved by an older version continues at its step, with the choices made so far", async () => {
    h = await Harness.create({ now: "2026-12-10T02:00:00Z" });
    await h.user(1, "Admin").sendIn(h.group(), "/linkgroup");
    const thu = await join(h, 100, "Thu", "", "secretariat");
    await thu.send("/newballot");
    await thu.press("Khối phó");
    await thu.press("2027");
    const row = await h.db.conversationState.findUniqueOrThrow({ where: { key: `c${thu.id}` } });
    const value = row.value as Legacy["conversationState"]["value"];
    const input = JSON.parse(value.state["new-ballot"]![0]!.args)[0] as { v: number };
    value.state["new-ballot"]![0]!.args = JSON.stringify([{ ...input, v: input.v - 1 }]);
    await h.db.conversationState.update({ where: { key: row.key }, data: { value } });
    await h.restart(); // today's code starts on that database

    await thu.press("Dùng tiêu đề này");
    expect(thu.lastText()).toContain("Hệ thống vừa được cập nhật");
    expect(thu.lastText()).toContain("Các lựa chọn là những đơn vị nào?");
    for (const step of ["Tất cả các đơn vị", "Công khai", "24 giờ", "Không yêu cầu", "bầu lại"]) await thu.press(step);
    expect(thu.lastText()).toContain("Bầu Khối phó năm 2027");
    await thu.press("Đăng lên nhóm");
    const ballot = await h.db.ballot.findFirstOrThrow();
    expect([ballot.kind, ballot.year, ballot.title]).toEqual(["deputy", 2027, "Bầu Khối phó năm 2027"]);
  });
});

// ---------------------------------------------------------------------------
// One dialogue at a time

describe("one dialogue at a time", () => {
  /** Lan is HP's focal person and also on the leader's secretariat: she reports and creates ballots. */
  async function lanWithTwoRoles() {
    h = await Harness.create({ now: "2026-11-02T02:00:00Z" });
    const admin = h.user(1, "Admin");
    await admin.sendIn(h.group(), "/linkgroup");
    lan = await join(h, 200, "Lan", "HP", "focal");
    await admin.send("/invite - secretariat");
    await lan.send(`/start ${/start=([\w-]+)/.exec(admin.lastText())![1]}`);
    return admin;
  }

  it("a command while another dialogue is open: the choice; “continue” shows the open question again", async () => {
    await lanWithTwoRoles();
    await lan.send("/report");
    await lan.send("12");
    const calls = await lan.send("/newballot");
    expect(texts(calls)).toEqual(["Anh/Chị đang làm dở báo cáo tháng 10/2026 của Hải Phòng. Tiếp tục việc này, hay dừng lại để bắt đầu việc tạo cuộc bỏ phiếu mới?"]);
    expect(buttonsOf(lan.last())).toEqual(["▶ Tiếp tục việc đang làm", "⏹ Dừng lại, bắt đầu việc mới"]);
    expect(h.logs.join("")).not.toMatch(/"level":50/);

    await lan.press("Tiếp tục việc đang làm");
    expect(lan.lastText()).toContain("Câu 2/12");
    await lan.press("Quay lại"); // the buttons of the question shown again work
    expect(lan.lastText()).toContain("Câu 1/12");
    expect(lan.lastText()).toContain("Giá trị hiện tại: <b>12 dự án</b>");
    await lan.send("12");
    await answerAll(lan, OCTOBER.slice(1));
    await lan.press("Gửi báo cáo");
    expect(await storedValues()).toEqual(OCTOBER_VALUES);
    expect(await h.db.ballot.count()).toBe(0);
  });

  it("a command while another dialogue is open: “stop it and start” puts the report aside, draft kept, and starts the new one", async () => {
    await lanWithTwoRoles();
    await lan.send("/report");
    await answerAll(lan, ["12", "8"]);
    await lan.send("/newballot");
    const choice = lan.last()!.message_id;
    const calls = await lan.press("Dừng lại, bắt đầu việc mới");
    expect(texts(calls)).toEqual([
      "Đã tạm dừng báo cáo tháng 10/2026 của Hải Phòng. Các số liệu đã nhập được giữ trong bản nháp; gửi /report để làm tiếp.",
      expect.stringContaining("Tạo cuộc bỏ phiếu: loại nào?"),
    ]);
    // A second press of the same choice (a double tap): the ballot just begun is not stopped.
    expect(alerts(await lan.press("Dừng lại, bắt đầu việc mới", { messageId: choice }))).toEqual(["Lựa chọn này đã hết hiệu lực."]);
    await lan.send("3"); // not an answer the report would take: the ballot's dialogue is the open one
    expect(lan.lastText()).toBe("Vui lòng chọn một trong các lựa chọn ở trên.");
    await lan.send("/cancel");
    await lan.send("/report");
    expect(lan.lastText()).toContain("Anh/Chị có bản nháp báo cáo tháng 10/2026 của Hải Phòng (2/12 mục)");
  });

  it("a reminder's button while /newballot is open: the choice, both ways", async () => {
    const admin = await lanWithTwoRoles();
    await lan.send("/newballot");
    await lan.press("Khối trưởng");
    await admin.send("/nudge"); // Lan's board has not reported: a reminder with a button
    const reminder = [...lan.messages()].reverse().find((m) => buttonsOf(m).includes(h.app.deps.i18n.t("vi", "remind-button")))!;
    expect(reminder.text).toContain("Hải Phòng");
    const button = h.app.deps.i18n.t("vi", "remind-button");

    let calls = await lan.press(button, { messageId: reminder.message_id });
    expect(texts(calls)).toEqual(["Anh/Chị đang làm dở việc tạo cuộc bỏ phiếu mới. Tiếp tục việc này, hay dừng lại để bắt đầu báo cáo tháng 10/2026 của Hải Phòng?"]);
    await lan.press("Tiếp tục việc đang làm");
    expect(lan.lastText()).toContain("Cho năm nào?");

    calls = await lan.press(button, { messageId: reminder.message_id });
    expect(texts(calls)[0]).toContain("Anh/Chị đang làm dở việc tạo cuộc bỏ phiếu mới");
    calls = await lan.press("Dừng lại, bắt đầu việc mới");
    expect(texts(calls)[0]).toBe("Đã tạm dừng việc tạo cuộc bỏ phiếu. Các lựa chọn đã có được giữ trong bản nháp; gửi /newballot để làm tiếp.");
    expect(texts(calls)[1]).toContain("Báo cáo tháng 10/2026 — Hải Phòng");
    expect(lan.lastText()).toContain("Câu 1/12");
    await lan.send("12");
    expect(lan.lastText()).toContain("Câu 2/12");
    // The ballot's draft waits for her.
    await lan.send("/cancel");
    await lan.send("/newballot");
    expect(lan.lastText()).toContain("Anh/Chị có một cuộc bỏ phiếu đang soạn dở (“Bầu Khối trưởng năm 2027”)");
    await lan.press("Tiếp tục");
    expect(lan.lastText()).toContain("Cho năm nào?");
  });

  it("/report for the same report only offers to continue", async () => {
    ({ h, lan } = await harnessWithLan({ now: "2026-11-02T02:00:00Z" }));
    await lan.send("/report");
    await lan.send("12");
    await lan.send("/report");
    expect(lan.lastText()).toContain("đang làm dở báo cáo tháng 10/2026 của Hải Phòng");
    expect(buttonsOf(lan.last())).toEqual(["▶ Tiếp tục việc đang làm"]);
  });
});

// ---------------------------------------------------------------------------
// Edited answers

describe("an answer edited in Telegram", () => {
  it("the latest answer, accepted: checked again as typed and applied, with what changed", async () => {
    ({ h, lan } = await harnessWithLan({ now: "2026-11-02T02:00:00Z" }));
    await lan.send("/report");
    await lan.send("12");
    await lan.send("80"); // meant 8
    const typo = lan.lastSentId;
    expect(lan.lastText()).toContain("Câu 3/12");
    let calls = await lan.edit(typo, "8");
    expect(texts(calls)).toHaveLength(1);
    expect(texts(calls)[0]).toContain("✏️ Đã sửa theo tin nhắn Anh/Chị chỉnh lại. Dự án DDI cấp mới Giấy chứng nhận đăng ký đầu tư: 80 dự án → <b>8 dự án</b>");
    expect(texts(calls)[0]).toContain("Câu 3/12"); // the question on screen, again
    // Edited again into something that is not a number: refused, the value stays.
    calls = await lan.edit(typo, "tám");
    expect(texts(calls)[0]).toContain("“tám” không phải là số");
    expect(texts(calls)[0]).toContain("Giá trị đã nhập trước đó được giữ nguyên: 8 dự án.");
    await answerAll(lan, OCTOBER.slice(2));
    await lan.press("Gửi báo cáo");
    expect((await storedValues())?.ddi_new).toBe(8);
  });

  it("the latest answer, refused: the edit is that answer typed again", async () => {
    ({ h, lan } = await harnessWithLan({ now: "2026-11-02T02:00:00Z" }));
    await lan.send("/report");
    await lan.send("l2"); // a letter l for a one
    expect(lan.lastText()).toContain("không phải là số");
    const calls = await lan.edit(lan.lastSentId, "12");
    expect(texts(calls)[0]).toContain("✓ Dự án FDI cấp mới Giấy chứng nhận đăng ký đầu tư: <b>12 dự án</b>");
    expect(texts(calls)[0]).toContain("Câu 2/12");
  });

  it("an older answer: edits are not read, and the bot says how to correct", async () => {
    ({ h, lan } = await harnessWithLan({ now: "2026-11-02T02:00:00Z" }));
    await lan.send("/report");
    await lan.send("12");
    const first = lan.lastSentId;
    await lan.send("8");
    const calls = await lan.edit(first, "13");
    expect(texts(calls)).toEqual([
      "Bot chỉ đọc lại tin nhắn đã sửa khi đó là câu trả lời mới nhất. Để sửa một số liệu đã nhập, chọn “◀ Quay lại”, hoặc gõ số của mục đó ở bước kiểm tra báo cáo.",
    ]);
    expect(JSON.stringify((await h.db.reportDraft.findFirstOrThrow()).valuesJson)).toBe(JSON.stringify({ fdi_new: 12, ddi_new: 8 }));
    await lan.send("30");
    expect(lan.lastText()).toContain("Câu 4/12"); // the dialogue goes on
  });

  it("outside a dialogue, edits stay ignored", async () => {
    ({ h, lan } = await harnessWithLan({ now: "2026-11-02T02:00:00Z" }));
    await lan.send("/whoami");
    expect(await lan.edit(lan.lastSentId, "/whoami please")).toEqual([]);
    await lan.send("/report");
    await lan.send("/cancel");
    expect(await lan.edit(lan.lastSentId, "/cancel!")).toEqual([]);
  });

  it("/newballot: an edited title, the latest answer, replaces the title", async () => {
    h = await Harness.create({ now: "2026-12-10T02:00:00Z" });
    await h.user(1, "Admin").sendIn(h.group(), "/linkgroup");
    const thu = await join(h, 100, "Thu", "", "secretariat");
    await thu.send("/newballot");
    await thu.press("Khối trưởng");
    await thu.press("2027");
    await thu.send("Bầu Khối trưởng nhiệm kì 2027");
    await thu.press("Dùng tiêu đề này");
    const calls = await thu.edit(thu.lastSentId, "Bầu Khối trưởng nhiệm kỳ 2027");
    expect(texts(calls)[0]).toContain("✏️ Đã sửa theo tin nhắn Anh/Chị chỉnh lại: Bầu Khối trưởng nhiệm kỳ 2027");
    expect(texts(calls)[0]).toContain("Các lựa chọn là những đơn vị nào?");
    for (const step of ["Tất cả các đơn vị", "Công khai", "24 giờ", "Không yêu cầu", "bầu lại", "Đăng lên nhóm"]) await thu.press(step);
    expect((await h.db.ballot.findFirstOrThrow()).title).toBe("Bầu Khối trưởng nhiệm kỳ 2027");
  });
});

// ---------------------------------------------------------------------------
// Double taps

describe("a double tap on a toggle of a dialogue", () => {
  let thu: FakeUser;

  it("on the new ballot's candidate selection: one selection", async () => {
    h = await Harness.create({ now: "2026-12-10T02:00:00Z" });
    await h.user(1, "Admin").sendIn(h.group(), "/linkgroup");
    thu = await join(h, 100, "Thu", "", "secretariat");
    await thu.send("/newballot");
    for (const step of ["Khối trưởng", /^\d{4}$/, "Dùng tiêu đề này", "Chọn một số đơn vị"]) await thu.press(step);
    const calls = await h.deliverBatch([thu.pressUpdate("Hải Phòng"), thu.pressUpdate("Hải Phòng")]);
    expect(alerts(calls)).toEqual(["", "Lựa chọn này đã hết hiệu lực."]);
    expect(buttonsOf(thu.last())).toContain("✅ Hải Phòng");
    expect(buttonsOf(thu.last())).toContain("Xong (1)");
  });
});

// ---------------------------------------------------------------------------
// Bounded dialogues

/** About 2,000 characters of Vietnamese that is no number. */
const LONG = "Số liệu tháng này đang chờ Phòng Quản lý đầu tư tổng hợp, xin gửi sau. ".repeat(28).slice(0, 2000);

describe("a dialogue stays bounded whatever is typed", () => {
  // Bytes of stored state (replay log and saved position) for one chat: the log holds at most
  // REENTER_AFTER answers or REENTER_AFTER_CHARS of them, plus the update that entered it.
  const BOUND = 32 * 1024;

  it("200 refused 2,000-character answers: the report ends politely after MAX_REFUSED, the draft kept, the state under the bound", async () => {
    ({ h, lan } = await harnessWithLan({ now: "2026-11-02T02:00:00Z" }));
    await lan.send("/report");
    await answerAll(lan, ["12", "8"]);
    let largest = 0;
    for (let i = 0; i < 200; i++) {
      const calls = await lan.send(LONG);
      largest = Math.max(largest, (await storedState(lan.id))?.bytes ?? 0);
      if (i === MAX_REFUSED - 1) {
        expect(texts(calls).at(-1)).toBe(
          `Bot không đọc được ${MAX_REFUSED} câu trả lời liên tiếp nên tạm dừng báo cáo này. Các số liệu đã nhận được giữ trong bản nháp; khi sẵn sàng, Anh/Chị gửi /report để làm tiếp.`,
        );
        expect(await storedState(lan.id)).toBeNull(); // the dialogue ended
      }
      if (i >= MAX_REFUSED) expect(texts(calls)).not.toContainEqual(expect.stringContaining("không phải là số"));
    }
    expect(largest).toBeGreaterThan(0);
    expect(largest).toBeLessThan(BOUND);
    await lan.send("/report");
    expect(lan.lastText()).toContain("Anh/Chị có bản nháp báo cáo tháng 10/2026 của Hải Phòng (2/12 mục)");
  });

  it("a long report with a refused long answer before every accepted one: the state stays under the bound all along", async () => {
    ({ h, lan } = await harnessWithLan({ now: "2026-11-02T02:00:00Z" }));
    await lan.send("/report");
    let largest = 0;
    for (const answer of OCTOBER) {
      for (const typed of [LONG, answer]) {
        await lan.send(typed);
        largest = Math.max(largest, (await storedState(lan.id))?.bytes ?? 0);
      }
    }
    expect(lan.lastText()).toContain("Kiểm tra báo cáo tháng 10/2026");
    // 24 answers, half of them long: without re-entering (every REENTER_AFTER answers, or
    // REENTER_AFTER_CHARS of them) the log would hold all of them (65 kB, measured).
    expect(largest).toBeLessThan(BOUND);
    await lan.press("Gửi báo cáo");
    expect(await storedValues()).toEqual(OCTOBER_VALUES);
  });

  it("photos, stale buttons and edits of old messages count as refused answers too", async () => {
    ({ h, lan } = await harnessWithLan({ now: "2026-11-02T02:00:00Z" }));
    await lan.send("/report");
    const old = lan.lastSentId; // the command, not an answer
    const stale = lan.last()!.message_id;
    await lan.send("12");
    for (let i = 0; i < MAX_REFUSED; i++) {
      if (i % 3 === 0) await lan.press("Hủy", { messageId: stale });
      else if (i % 3 === 1) await lan.edit(old, "13");
      else await lan.sendDocument("photo.jpg", new Uint8Array(2000));
    }
    expect(lan.lastText()).toContain("tạm dừng báo cáo này");
    expect(await storedState(lan.id)).toBeNull();
    expect(JSON.stringify((await h.db.reportDraft.findFirstOrThrow()).valuesJson)).toBe(JSON.stringify({ fdi_new: 12 }));
  });
});
