// /start and /help by role (issue 14 item 1): what the bot is, what this person
// may do, in their language, with the commands of each of their roles; a
// stranger learns that access is by invitation and whom to ask.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Harness, buttonsOf, type FakeUser } from "../../harness/harness.js";
import { join } from "../../harness/fixtures.js";

let h: Harness;
const people: Record<string, FakeUser> = {};

beforeAll(async () => {
  h = await Harness.create({ now: "2026-11-10T03:00:00Z", adminIds: [1] });
  await h.db.blocOfficer.create({ data: { year: 2026, role: "leader", boardId: (await h.db.board.findUniqueOrThrow({ where: { code: "HP" } })).id } });
  people.stranger = h.user(900, "Khách");
  people.focal = await join(h, 200, "Lan", "QN", "focal");
  people.head = await join(h, 201, "Hùng", "QN", "head");
  people.officer = await join(h, 202, "Phúc", "HP", "focal"); // this year's leader board
  people.secretariat = await join(h, 100, "Thu", "", "secretariat");
  people.admin = await join(h, 101, "An", "", "admin");
  people["config admin"] = h.user(1, "Admin");
  people.english = await join(h, 203, "Mary", "HN", "head", { language: "en" });
}, 60_000);
afterAll(async () => h.close());

const COMMANDS = ["/report", "/status", "/schedule", "/summary", "/annual", "/newballot", "/closeballot", "/cancelballot", "/openballot", "/boards", "/people", "/revoke", "/invite", "/lock", "/import"] as const;

type Expect = { roles: string[]; can: string[]; menu: string[]; help: string[]; mentions: (typeof COMMANDS)[number][] };

const EVERYONE_HELP = "<b>Lệnh chung</b>";
const CASES: Record<string, Expect> = {
  stranger: { roles: [], can: [], menu: ["🌐 Ngôn ngữ"], help: [], mentions: [] },
  focal: {
    roles: ["Cán bộ đầu mối — Quảng Ninh"], can: ["báo cáo số liệu tháng của đơn vị (/report)", "bỏ phiếu thay mặt đơn vị"],
    menu: ["📝 Báo cáo số liệu", "📊 Tình hình báo cáo", "🌐 Ngôn ngữ"], help: ["<b>Cán bộ đầu mối</b>"], mentions: ["/report", "/status", "/schedule"],
  },
  head: {
    roles: ["Lãnh đạo Ban — Quảng Ninh"], can: ["xem báo cáo của đơn vị (/report)", "bỏ phiếu thay mặt đơn vị"],
    menu: ["📊 Tình hình báo cáo", "🌐 Ngôn ngữ"], help: ["<b>Lãnh đạo Ban</b>"], mentions: ["/report", "/status", "/schedule"],
  },
  officer: {
    roles: ["Cán bộ đầu mối — Hải Phòng"], can: ["(/report)", "xem tổng hợp số liệu của Khối (/summary)"],
    menu: ["📝 Báo cáo số liệu", "📊 Tình hình báo cáo", "📈 Tổng hợp số liệu", "🌐 Ngôn ngữ"], help: ["<b>Cán bộ đầu mối</b>", "<b>Đơn vị Khối trưởng, Khối phó</b>"],
    mentions: ["/report", "/status", "/schedule", "/summary", "/annual"],
  },
  secretariat: {
    roles: ["Thư ký Khối"], can: ["(/summary)", "tạo và quản lý các cuộc bỏ phiếu (/newballot, /ballots)"],
    menu: ["📈 Tổng hợp số liệu", "🗳 Tạo cuộc bỏ phiếu", "🌐 Ngôn ngữ"], help: ["<b>Thư ký Khối</b>"],
    mentions: ["/schedule", "/summary", "/annual", "/newballot", "/closeballot", "/cancelballot", "/openballot"],
  },
  admin: {
    roles: ["Quản trị viên"], can: ["(/summary)", "(/newballot, /ballots)", "(/boards, /people, /invite, /revoke)"],
    menu: ["📈 Tổng hợp số liệu", "🗳 Tạo cuộc bỏ phiếu", "🏢 Các Ban Quản lý", "✉️ Tạo lời mời", "👥 Người có vai trò", "🌐 Ngôn ngữ"], help: ["<b>Thư ký Khối</b>", "<b>Quản trị viên</b>"],
    mentions: ["/schedule", "/summary", "/annual", "/newballot", "/closeballot", "/cancelballot", "/openballot", "/boards", "/people", "/revoke", "/invite", "/lock", "/import"],
  },
};
CASES["config admin"] = CASES.admin!;

describe.each(Object.keys(CASES))("%s", (who) => {
  const e = CASES[who]!;
  it("/start says what the bot is, the person's roles, what they may do, with buttons to match", async () => {
    const u = people[who]!;
    await u.send("/start");
    const text = u.lastText();
    expect(text).toContain(`Xin chào <b>${u.tg.first_name}</b>!`);
    expect(text).toContain("Đây là bot của <b>Khối thi đua các Ban Quản lý KCN, KKT vùng Đồng bằng sông Hồng</b>");
    for (const r of e.roles) expect(text).toContain(`• ${r}`);
    for (const c of e.can) expect(text).toContain(c);
    expect(buttonsOf(u.last())).toEqual(e.menu);
    if (who === "stranger") {
      expect(text).toContain("Bot chỉ dùng được khi có lời mời");
      expect(text).toContain("Liên hệ: Văn phòng Khối thi đua (Ban Quản lý KKT Hải Phòng), điện thoại 0225 123 4567");
      expect(text).not.toContain("Anh/Chị có thể:");
    } else {
      expect(text).toContain("Anh/Chị có thể:");
      expect(text).not.toContain("Bot chỉ dùng được khi có lời mời");
    }
  });

  it("/help has everyone's commands and a section for each of the person's roles, and only theirs", async () => {
    const u = people[who]!;
    await u.send("/help");
    const text = u.lastText();
    expect(text).toContain(EVERYONE_HELP);
    const sections = ["<b>Cán bộ đầu mối</b>", "<b>Lãnh đạo Ban</b>", "<b>Đơn vị Khối trưởng, Khối phó</b>", "<b>Thư ký Khối</b>", "<b>Quản trị viên</b>"];
    expect(sections.filter((s) => text.includes(s))).toEqual(e.help);
    // The commands the person may use are named; the others are not.
    const mentioned = COMMANDS.filter((c) => new RegExp(`${c}\\b`).test(text));
    expect(mentioned).toEqual(e.mentions);
    if (who === "stranger") expect(text).toContain("Bot chỉ dùng được khi có lời mời");
  });
});

describe("in the person's language", () => {
  it("English /start and /help for a head who speaks English", async () => {
    const u = people.english!;
    await u.send("/start");
    expect(u.lastText()).toContain("Hello <b>Mary</b>!");
    expect(u.lastText()).toContain("This is the bot of <b>Emulation bloc of the Red River Delta industrial and economic zone authorities</b>");
    expect(u.lastText()).toContain("• Board head — Hà Nội");
    expect(u.lastText()).toContain("You may:\n• see your board's reports (/report)");
    expect(buttonsOf(u.last())).toEqual(["📊 Reporting status", "🌐 Language"]);
    await u.send("/help");
    expect(u.lastText()).toContain("<b>For everyone</b>");
    expect(u.lastText()).toContain("<b>Board heads</b>");
    expect(u.lastText()).not.toContain("<b>Administrators</b>");
  });

  it("a stranger whose Telegram speaks English learns it in English", async () => {
    const u = h.user(901, "Guest", { language: "en" });
    await u.send("/start");
    expect(u.lastText()).toContain("The bot works by invitation");
    expect(u.lastText()).toContain("Contact: Văn phòng Khối thi đua");
  });
});

describe("the menu's buttons do what they say", () => {
  it("📈 and 🗳 for the secretariat, 👥 for an admin", async () => {
    const h2 = await Harness.create({ now: "2026-11-10T03:00:00Z" });
    try {
      const g = h2.group();
      await h2.user(1, "Admin").sendIn(g, "/linkgroup");
      const thu = await join(h2, 100, "Thu", "", "secretariat");
      await thu.send("/start");
      await thu.press("📈 Tổng hợp số liệu");
      expect(thu.lastText()).toContain("📊 <b>Tổng hợp tháng 10/2026</b>");
      await thu.send("/start");
      await thu.press("🗳 Tạo cuộc bỏ phiếu");
      expect(thu.lastText()).toContain("Tạo cuộc bỏ phiếu: loại nào?");
      await thu.send("/cancel");
      const admin = h2.user(1, "Admin");
      await admin.send("/start");
      await admin.press("👥 Người có vai trò");
      expect(admin.lastText()).toContain("<b>Người có vai trò</b> (1):");
      expect(admin.lastText()).toMatch(/#\d+ Thu: Thư ký Khối/);
    } finally {
      await h2.close();
    }
  });
});
