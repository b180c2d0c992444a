// Roles end (issue 13 item 4): /revoke of one role and of all, with buttons or
// typed with a reason, a confirmation, the audit, /people, the person told,
// their dialogue stopped at their next update, their command menus following,
// and the last admin kept.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join as joinPath } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Harness, alerts, type FakeUser } from "../../harness/harness.js";
import type { ApiCall } from "../../harness/fake-telegram.js";
import { answerAll, join, OCTOBER } from "../../harness/fixtures.js";
import { blocWithBoardsFrom } from "../../harness/bloc-files.js";
import { visibleLength, visibleText } from "../../../src/shared/text/split.js";

/** The boards owe figures from January 2026 (their first period would otherwise be November, the bot's first day being 10 November). */
const SINCE_JANUARY = blocWithBoardsFrom("2026-01");

let h: Harness;
let admin: FakeUser;
let lan: FakeUser;

beforeEach(async () => {
  h = await Harness.create({ now: "2026-11-10T03:00:00Z", blocFile: SINCE_JANUARY }); // October is reported on 10 November
  admin = h.user(1, "Admin");
  lan = await join(h, 200, "Lan", "HP", "focal");
  await admin.send(`/invite QN focal`);
  await lan.send(`/start ${/start=([\w-]+)/.exec(admin.lastText())![1]}`);
});
afterEach(async () => h.close());

const personId = async (telegramId: number) => (await h.db.person.findUniqueOrThrow({ where: { telegramId: BigInt(telegramId) } })).id;
const activeRoles = async (telegramId: number) =>
  (await h.db.role.findMany({ where: { person: { telegramId: BigInt(telegramId) }, revokedAt: null }, include: { board: true }, orderBy: { id: "asc" } })).map((r) => `${r.role}:${r.board?.code ?? "-"}`);

type MenuCall = { method: string; scope: { type: string; chat_id?: number }; language_code?: string; commands?: { command: string; description: string }[] };
/** The menu calls for one person's private chat among some calls. */
function menuCalls(calls: ApiCall[], chatId: number): MenuCall[] {
  return calls
    .filter((c) => c.method === "setMyCommands" || c.method === "deleteMyCommands")
    .map((c) => ({ method: c.method, ...(c.payload as Omit<MenuCall, "method">) }))
    .filter((c) => c.scope.type === "chat" && c.scope.chat_id === chatId);
}

describe("taking one role back", () => {
  it("with buttons: person, role, reason, confirmation; the grant ends, the person is told, the change is recorded", async () => {
    await admin.send("/revoke");
    await admin.press(/^Lan/);
    expect(admin.lastText()).toContain("Thu hồi vai trò nào của <b>Lan</b>?");
    await admin.press("Cán bộ đầu mối — Quảng Ninh");
    await admin.press("Chuyển công tác hoặc nghỉ việc");
    expect(admin.lastText()).toContain("Thu hồi của <b>Lan</b>:\n• Cán bộ đầu mối — Quảng Ninh\nLý do: Chuyển công tác hoặc nghỉ việc");
    expect(await activeRoles(200)).toEqual(["focal:HP", "focal:QN"]); // nothing before the confirmation
    const lanBefore = lan.messages().length;
    const calls = await admin.press("Xác nhận thu hồi");
    expect(admin.lastText()).toContain("✅ Đã thu hồi của <b>Lan</b>:\n• Cán bộ đầu mối — Quảng Ninh");
    expect(await activeRoles(200)).toEqual(["focal:HP"]);
    // Lan is told, in her language, with whom to ask.
    expect(lan.textsSince(lanBefore)).toEqual([
      "Vai trò sau của Anh/Chị trong Khối đã kết thúc:\n• Cán bộ đầu mối — Quảng Ninh\nLiên hệ: Văn phòng Khối thi đua (Ban Quản lý KKT Hải Phòng), điện thoại 0225 123 4567, email khoithidua@example.gov.vn",
    ]);
    // Still a focal person (of Hải Phòng): her menu stays as it was, so nothing is sent to Telegram.
    expect(menuCalls(calls, 200)).toEqual([]);
    // Recorded: who, when, why, what.
    const audit = await h.db.auditEvent.findFirstOrThrow({ where: { action: "role.revoke" } });
    expect(audit.personId).toBe(await personId(1));
    expect(audit.at.toISOString()).toBe("2026-11-10T03:00:00.000Z");
    expect(audit.detail).toMatchObject({ personId: await personId(200), reason: "Chuyển công tác hoặc nghỉ việc", ended: [{ role: "focal", boardCode: "QN" }] });
    const rev = await h.db.roleRevocation.findFirstOrThrow();
    expect(rev).toMatchObject({ status: "done", reason: "Chuyển công tác hoặc nghỉ việc", requestedById: await personId(1) });
    // She can still report for Hải Phòng, no longer for Quảng Ninh.
    await lan.send("/whoami");
    expect(lan.lastText()).toContain("Cán bộ đầu mối — Hải Phòng");
    expect(lan.lastText()).not.toContain("Quảng Ninh");
    await lan.send("/report");
    expect(lan.lastText()).toContain("Hải Phòng");
  });

  it("a second press of the confirmation, or a cancellation, changes nothing more", async () => {
    await admin.send(`/revoke #${await personId(200)} QN focal | Đổi người phụ trách`);
    const confirmMsg = admin.last()!.message_id;
    await admin.press("Xác nhận thu hồi");
    await admin.press("Xác nhận thu hồi", { messageId: confirmMsg }).catch(() => []); // the buttons are gone once done
    const forged = await admin.pressData(`rv:y:${(await h.db.roleRevocation.findFirstOrThrow()).id}`);
    expect(alerts(forged)).toEqual([""]);
    expect(admin.lastText()).toBe("Lựa chọn này đã hết hiệu lực.");
    expect(await h.db.auditEvent.count({ where: { action: "role.revoke" } })).toBe(1);
    await admin.send(`/revoke #${await personId(200)} HP focal | Thử`);
    await admin.press("✖ Hủy");
    expect(admin.lastText()).toBe("Đã hủy, không thu hồi vai trò nào.");
    expect(await activeRoles(200)).toEqual(["focal:HP"]);
  });
});

describe("taking all roles back", () => {
  it("typed with a reason: every grant ends, the menus go back to everyone's, /people shows it", async () => {
    await join(h, 201, "Hùng", "QN", "head");
    await admin.send(`/revoke #${await personId(200)} all | Nghỉ hưu`);
    expect(admin.lastText()).toContain("• Cán bộ đầu mối — Hải Phòng\n• Cán bộ đầu mối — Quảng Ninh\nLý do: Nghỉ hưu");
    const calls = await admin.press("Xác nhận thu hồi");
    expect(await activeRoles(200)).toEqual([]);
    expect(menuCalls(calls, 200).map((m) => [m.method, m.language_code])).toEqual([["deleteMyCommands", "vi"], ["deleteMyCommands", "en"], ["deleteMyCommands", undefined]]);
    await lan.send("/report");
    expect(lan.lastText()).toContain("Chỉ cán bộ đầu mối của một Ban Quản lý mới gửi được báo cáo.");
    await admin.send("/people");
    const people = admin.lastText();
    expect(people).toContain("<b>Người có vai trò</b> (1):");
    expect(people).toMatch(/#\d+ Hùng: Lãnh đạo Ban — Quảng Ninh/);
    expect(people).not.toMatch(/#\d+ Lan:/);
    expect(people).toContain("<b>Thu hồi gần đây</b>\n10/11/2026 10:00 · Lan: Cán bộ đầu mối — Hải Phòng; Cán bộ đầu mối — Quảng Ninh · do Admin · lý do: Nghỉ hưu");
    expect(people).toContain("<b>Quản trị viên theo cấu hình</b>");
  });

  it("/revoke and /people are for admins, in private", async () => {
    for (const cmd of ["/revoke", `/revoke #${await personId(200)} all | x`, "/people"]) {
      await lan.send(cmd);
      expect(lan.lastText()).toBe("Anh/Chị không có quyền dùng chức năng này.");
    }
    const forged = await lan.pressData(`rv:w:${await personId(200)}:0:left`);
    expect(alerts(forged)).toEqual(["Anh/Chị không có quyền dùng chức năng này."]);
    const g = h.group();
    await admin.sendIn(g, "/people");
    expect(g.lastText()).toBe("Anh/Chị vui lòng dùng lệnh này trong tin nhắn riêng với bot.");
    expect(await h.db.roleRevocation.count()).toBe(0);
    expect(await activeRoles(200)).toEqual(["focal:HP", "focal:QN"]);
  });
});

describe("a person mid-dialogue", () => {
  it("a focal person revoked mid-report: the dialogue ends at her next update, nothing is sent, her other board still works", async () => {
    await lan.send("/report");
    await lan.press("Quảng Ninh");
    await answerAll(lan, OCTOBER.slice(0, 3));
    expect(await h.db.reportDraft.count()).toBe(1);
    await admin.send(`/revoke #${await personId(200)} QN focal | Chuyển công tác`);
    await admin.press("Xác nhận thu hồi");
    expect(await h.db.reportDraft.count()).toBe(0);
    const before = lan.messages().length;
    await lan.send(OCTOBER[3]!);
    expect(lan.textsSince(before)).toEqual(["Vai trò cần cho thao tác này của Anh/Chị đã được thu hồi, nên thao tác đang làm đã dừng; số liệu chưa gửi không được lưu."]);
    await lan.send("12");
    expect(lan.lastText()).toContain("/help"); // no dialogue any more: a stray message
    expect(await h.db.report.count()).toBe(0);
    await lan.send("/report");
    expect(lan.lastText()).toContain("Hải Phòng"); // straight to her remaining board
  });

  it("a button of the report pressed after the revocation is answered, and the send refused", async () => {
    await lan.send("/report");
    await lan.press("Hải Phòng");
    await answerAll(lan, OCTOBER);
    await admin.send(`/revoke #${await personId(200)} all | Nghỉ việc`);
    await admin.press("Xác nhận thu hồi");
    const calls = await lan.press("Gửi báo cáo");
    expect(calls.filter((c) => c.method === "answerCallbackQuery")).toHaveLength(1);
    expect(lan.lastText()).toContain("đã được thu hồi");
    expect(await h.db.report.count()).toBe(0);
  });

  it("a secretariat member revoked while creating a ballot: the dialogue ends, nothing is posted", async () => {
    const g = h.group();
    await admin.sendIn(g, "/linkgroup");
    const thu = await join(h, 100, "Thu", "", "secretariat");
    await thu.send("/newballot");
    await thu.press("Khối trưởng");
    await admin.send(`/revoke #${await personId(100)} - secretariat | Hết nhiệm kỳ`);
    await admin.press("Xác nhận thu hồi");
    await thu.press(/^\d{4}$/);
    expect(thu.lastText()).toContain("đã được thu hồi");
    await thu.send("/cancel");
    expect(thu.lastText()).toBe("Không có thao tác nào đang làm.");
    expect(await h.db.ballot.count()).toBe(0);
  });
});

describe("the last admin", () => {
  it("chat cannot take the last admin's right, nor one from ADMIN_IDS; two admins revoking each other keep one", async () => {
    // A bloc whose ADMIN_IDS is empty now: its admins are those invited.
    const dir = mkdtempSync(joinPath(tmpdir(), "khoi-admins-"));
    const first = await Harness.create({ dir, adminIds: [1] });
    const binh = await join(first, 2, "Bình", "", "admin");
    await first.app.close();
    const h2 = await Harness.create({ dir, adminIds: [], firstUpdateId: 100_000 });
    try {
      const b = h2.user(binh.id, "Bình");
      const binhId = (await h2.db.person.findUniqueOrThrow({ where: { telegramId: 2n } })).id;
      await b.send(`/revoke #${binhId} - admin | thử`);
      expect(b.lastText()).toBe("Không thể thu hồi quyền quản trị của <b>Bình</b>: đây là quản trị viên cuối cùng của bot. Đề nghị mời một quản trị viên khác trước (/invite - admin).");
      expect(await h2.db.roleRevocation.count()).toBe(0);
      // A second admin; then each asks to revoke the other, and both confirm at once.
      await b.send("/invite - admin");
      const chi = h2.user(3, "Chi");
      await chi.send(`/start ${/start=([\w-]+)/.exec(b.lastText())![1]}`);
      const chiId = (await h2.db.person.findUniqueOrThrow({ where: { telegramId: 3n } })).id;
      await b.send(`/revoke #${chiId} - admin | a`);
      await chi.send(`/revoke #${binhId} - admin | b`);
      const [rb, rc] = await h2.db.roleRevocation.findMany({ orderBy: { id: "asc" } });
      await h2.deliverBatch([
        pressUpdate(h2, b, `rv:y:${rb!.id}`),
        pressUpdate(h2, chi, `rv:y:${rc!.id}`),
      ]);
      const admins = await h2.db.role.count({ where: { role: "admin", revokedAt: null } });
      expect(admins).toBe(1);
      const said = [...b.messages(), ...chi.messages()].map((m) => m.text ?? "");
      expect(said.filter((t) => t.includes("quản trị viên cuối cùng"))).toHaveLength(2); // the first refusal, and the loser of the race
      expect(said.filter((t) => t.startsWith("✅ Đã thu hồi"))).toHaveLength(1);
    } finally {
      await h2.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("an admin of ADMIN_IDS: chat says it cannot take that right", async () => {
    await admin.send("/start"); // known to the bot
    await admin.send(`/revoke #${await personId(1)} - admin | x`);
    expect(admin.lastText()).toContain("là quản trị viên theo cấu hình (ADMIN_IDS): quyền này không thu hồi được qua bot");
    expect(await h.db.roleRevocation.count()).toBe(0);
  });
});

describe("menus follow grants", () => {
  it("an invitation redeemed sets the person's menu, per language; an admin invited by link gets the admin menu", async () => {
    await admin.send("/invite - secretariat");
    const thu = h.user(100, "Thu");
    const calls = await thu.send(`/start ${/start=([\w-]+)/.exec(admin.lastText())![1]}`);
    const menus = menuCalls(calls, 100);
    expect(menus.map((m) => m.language_code)).toEqual(["vi", "en", undefined]);
    const names = menus[1]!.commands!.map((c) => c.command);
    expect(names).toEqual(expect.arrayContaining(["summary", "newballot", "annual", "closeballot", "ballots"]));
    expect(names).not.toContain("boards");
    expect(menus[1]!.commands!.find((c) => c.command === "newballot")?.description).toBe("Create a ballot");
    expect(menus[0]!.commands!.find((c) => c.command === "newballot")?.description).toBe("Tạo cuộc bỏ phiếu");

    await admin.send("/invite - admin");
    const an = h.user(101, "An", { language: "en" });
    const adminCalls = await an.send(`/start ${/start=([\w-]+)/.exec(admin.lastText())![1]}`);
    const adminMenu = menuCalls(adminCalls, 101);
    expect(adminMenu.map((m) => m.language_code)).toEqual(["vi", "en", undefined]);
    expect(adminMenu[2]!.commands!.map((c) => c.command)).toEqual(expect.arrayContaining(["boards", "people", "invite", "revoke", "import", "lock", "summary", "annual"]));
    expect(adminMenu[2]!.commands!.find((c) => c.command === "revoke")?.description).toBe("Thu hồi vai trò"); // default: the bloc's language (An has not chosen one)
  });

  it("a role taken back shrinks the menu to what is left, per language", async () => {
    const thu = await join(h, 100, "Thu", "", "secretariat");
    await admin.send("/invite HN head");
    await thu.send(`/start ${/start=([\w-]+)/.exec(admin.lastText())![1]}`);
    await admin.send(`/revoke #${await personId(100)} - secretariat | Hết nhiệm kỳ`);
    const calls = await admin.press("Xác nhận thu hồi");
    const menus = menuCalls(calls, 100);
    expect(menus.map((m) => [m.method, m.language_code])).toEqual([["setMyCommands", "vi"], ["setMyCommands", "en"], ["setMyCommands", undefined]]);
    expect(menus[0]!.commands!.map((c) => c.command)).toEqual(["start", "report", "status", "ballots", "schedule", "whoami", "messenger", "link", "lang", "help"]);
    expect(menus[0]!.commands!.find((c) => c.command === "report")?.description).toBe("Báo cáo số liệu tháng");
    expect(menus[1]!.commands!.find((c) => c.command === "report")?.description).toBe("Report the month's figures");
  });

  it("the menus job keeps them in step: an officer board's people get the summary, a failed call is tried again", async () => {
    h.tg.fail((c) => c.method === "setMyCommands", 400, "Bad Request: something went wrong", { times: 100 });
    await h.db.blocOfficer.create({ data: { year: 2026, role: "leader", boardId: (await h.db.board.findUniqueOrThrow({ where: { code: "HP" } })).id } });
    const before = h.tg.calls.length;
    await h.app.scheduler.tick();
    expect(menuCalls(h.tg.calls.slice(before), 200).length).toBeGreaterThan(0); // tried (and failed)
    h.tg.clearFailures();
    const again = h.tg.calls.length;
    await h.app.scheduler.tick();
    const menus = menuCalls(h.tg.calls.slice(again), 200);
    expect(menus.map((m) => m.language_code)).toEqual(["vi", "en", undefined]);
    expect(menus[0]!.commands!.map((c) => c.command)).toEqual(expect.arrayContaining(["report", "summary", "annual"]));
    const settled = h.tg.calls.length;
    await h.app.scheduler.tick();
    expect(menuCalls(h.tg.calls.slice(settled), 200)).toEqual([]); // nothing changed: nothing sent
  });
});

function pressUpdate(hh: Harness, u: FakeUser, data: string) {
  const last = hh.tg.messages(u.id).at(-1)!;
  return {
    update_id: hh.nextUpdateId(),
    callback_query: {
      id: String(hh.nextUpdateId() + 900000), from: u.tg, chat_instance: `ci${u.id}`, data,
      message: { message_id: last.message_id, date: Math.floor(hh.clock.now().getTime() / 1000), chat: { id: u.id, type: "private" as const, first_name: u.tg.first_name }, from: { id: 7000000001, is_bot: true as const, first_name: "Khối bot" }, text: last.text ?? "" },
    },
  };
}

describe("naming the person", () => {
  it("by @username, whatever its case; an unknown name is said so", async () => {
    const mai = h.user(300, "Mai", { username: "Mai_QN" });
    await admin.send("/invite QN head");
    await mai.send(`/start ${/start=([\w-]+)/.exec(admin.lastText())![1]}`);
    await admin.send("/revoke @mai_qn QN head | Đổi người");
    expect(admin.lastText()).toContain("Thu hồi của <b>Mai (@Mai_QN)</b>:\n• Lãnh đạo Ban — Quảng Ninh");
    await admin.send("/revoke @nobody all | x");
    expect(admin.lastText()).toBe("Không tìm thấy người “@nobody”. Xem số của từng người bằng /people.");
    await admin.send("/revoke #999999 all | x");
    expect(admin.lastText()).toContain("Không tìm thấy người");
    await admin.send("/revoke #1 all");
    expect(admin.lastText()).toContain("Cách dùng");
  });
});

describe("/people, however many they are", () => {
  it("300 people with roles: every one listed once, in several messages that each fit, the revocations and the help after them", async () => {
    const at = h.clock.now();
    const boards = (await h.db.board.findMany({ where: { status: "active" }, orderBy: { id: "asc" } })).map((b) => b.id);
    const name = (i: number) => `Nguyễn Thị Hồng Nhung Phương <${String(i).padStart(3, "0")}>`;
    for (let i = 0; i < 300; i++) {
      const p = await h.db.person.create({ data: { telegramId: BigInt(800_000 + i), firstName: name(i) } });
      const board = boards[i % boards.length]!;
      await h.db.role.create({ data: { key: `${p.id}:focal:${board}`, personId: p.id, role: "focal", boardId: board, grantedAt: at } });
    }
    await admin.send(`/revoke #${await personId(200)} all | Nghỉ hưu`);
    await admin.press("Xác nhận thu hồi");
    const calls = await admin.send("/people");
    const texts = calls.filter((c) => c.method === "sendMessage" && Number(c.payload.chat_id) === 1).map((c) => String(c.payload.text));
    expect(texts.length).toBeGreaterThan(1);
    for (const t of texts) expect(visibleLength(t)).toBeLessThanOrEqual(4096);
    expect(h.tg.refused).toEqual([]);
    const all = texts.map((t) => visibleText(t)).join("\n");
    expect(all).toContain("Người có vai trò (300):");
    for (let i = 0; i < 300; i++) expect(all.split("\n").filter((l) => l.includes(name(i))), name(i)).toHaveLength(1);
    expect(all).not.toContain("đơn vị khác");
    expect(visibleText(texts.at(-1)!)).toContain("Thu hồi gần đây");
  });
});
