// Invites, /start, /whoami, /lang, and the admin's board commands, driven as Telegram would.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Harness, alerts, buttonRowsOf, texts, type FakeUser } from "../../harness/harness.js";

let h: Harness;
let admin: FakeUser;

beforeEach(async () => {
  h = await Harness.create({ adminIds: [1] });
  admin = h.user(1, "Admin");
});
afterEach(async () => h.close());

function inviteCodeFrom(text: string): string {
  const m = /start=([A-Za-z0-9_-]+)/.exec(text);
  if (!m) throw new Error(`no invite link in: ${text}`);
  return m[1]!;
}

async function invite(board: string, role: string): Promise<string> {
  await admin.send(`/invite ${board} ${role}`);
  return inviteCodeFrom(admin.lastText());
}

describe("invites", () => {
  it("an admin gets a t.me link; whoever opens it is registered for that board and role", async () => {
    await admin.send("/invite HP focal");
    const text = admin.lastText();
    expect(text).toMatch(/https:\/\/t\.me\/khoi_test_bot\?start=[A-Za-z0-9_-]{22}/);
    expect(text).toContain("Hải Phòng");
    const code = inviteCodeFrom(text);

    const lan = h.user(200, "Lan");
    await lan.send(`/start ${code}`);
    expect(lan.lastText()).toContain("Cán bộ đầu mối");
    expect(lan.lastText()).toContain("Hải Phòng");
    await lan.send("/whoami");
    expect(lan.lastText()).toContain("Cán bộ đầu mối — Hải Phòng");
  });

  it("invites can be built with buttons", async () => {
    await admin.send("/invite");
    await admin.press("Nam Định");
    await admin.press("Lãnh đạo Ban");
    const code = inviteCodeFrom(admin.lastText());
    const u = h.user(201, "Hùng");
    await u.send(`/start ${code}`);
    expect(u.lastText()).toContain("Lãnh đạo Ban");
    expect(u.lastText()).toContain("Nam Định");
  });

  it("the board picker of /invite: the active boards three to a row in the bloc's order, then the bloc's roles", async () => {
    await admin.send("/retireboard QN");
    await admin.send("/invite");
    expect(admin.lastText()).toBe("Mời người cho Ban Quản lý nào?");
    const boards = await h.db.board.findMany({ where: { status: "active" }, orderBy: [{ sortOrder: "asc" }, { id: "asc" }] });
    const button = (code: string) => `${boards.find((b) => b.code === code)!.shortName} → inv:b:${boards.find((b) => b.code === code)!.id}`;
    expect(buttonRowsOf(admin.last())).toEqual([
      [button("HN"), button("HP"), button("BN")],
      [button("VP"), button("HNA"), button("ND")],
      [button("NB"), button("HD"), button("HY")],
      [button("TB")],
      ["Thư ký Khối / Quản trị viên → inv:b:bloc"],
    ]);
  });

  it("a used code is refused and changes nothing", async () => {
    const code = await invite("HP", "focal");
    await h.user(200, "Lan").send(`/start ${code}`);
    const mallory = h.user(666, "Mallory");
    await mallory.send(`/start ${code}`);
    expect(mallory.lastText()).toContain("đã được sử dụng");
    await mallory.send("/whoami");
    expect(mallory.lastText()).toContain("chưa có vai trò");
  });

  it("an expired code is refused", async () => {
    const code = await invite("HP", "focal");
    h.clock.advance(7 * 86400_000 + 1000);
    const u = h.user(200, "Lan");
    await u.send(`/start ${code}`);
    expect(u.lastText()).toContain("hết hạn");
    expect(await h.db.role.count()).toBe(0);
  });

  it("a wrong code is refused, and guessing is rate-limited", async () => {
    const code = await invite("HP", "focal");
    const u = h.user(300, "Guesser");
    for (let i = 0; i < 5; i++) {
      await u.send(`/start ${"A".repeat(21)}${i}`);
      expect(u.lastText()).toContain("Mã mời không đúng");
    }
    // Even the right code is refused now, until an hour has passed.
    await u.send(`/start ${code}`);
    expect(u.lastText()).toContain("quá nhiều");
    expect(await h.db.role.count()).toBe(0);
    h.clock.advance(3600_000 + 1000);
    await u.send(`/start ${code}`);
    expect(u.lastText()).toContain("Cán bộ đầu mối");
  });

  it("a code for a board retired since is refused", async () => {
    const code = await invite("HP", "focal");
    await admin.send("/retireboard HP");
    const u = h.user(200, "Lan");
    await u.send(`/start ${code}`);
    expect(u.lastText()).toContain("không còn hoạt động");
  });

  it("stores only a hash of the code", async () => {
    const code = await invite("HP", "focal");
    const rows = await h.db.invite.findMany();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows, (_, v) => (typeof v === "bigint" ? String(v) : v))).not.toContain(code);
  });

  it("a person may serve several boards", async () => {
    const u = h.user(200, "Lan");
    await u.send(`/start ${await invite("HP", "focal")}`);
    await u.send(`/start ${await invite("QN", "focal")}`);
    await u.send("/whoami");
    expect(u.lastText()).toContain("Hải Phòng");
    expect(u.lastText()).toContain("Quảng Ninh");
  });
});

describe("admin commands are for admins only", () => {
  const cases = ["/boards", "/addboard X | Y | Z", "/renameboard HP | Evil", "/retireboard HP", "/mergeboard HP QN", "/invite HP focal", "/reload"];
  it.each(cases)("%s by a non-admin is refused and changes nothing", async (cmd) => {
    const u = h.user(400, "Outsider");
    const before = await h.db.board.findMany({ orderBy: { id: "asc" } });
    const calls = await u.send(cmd);
    expect(texts(calls)).toEqual(["Anh/Chị không có quyền dùng chức năng này."]);
    expect(await h.db.board.findMany({ orderBy: { id: "asc" } })).toEqual(before);
    expect(await h.db.invite.count()).toBe(0);
  });

  it("a focal person is not an admin either", async () => {
    const u = h.user(200, "Lan");
    await u.send(`/start ${await invite("HP", "focal")}`);
    await u.send("/retireboard QN");
    expect(u.lastText()).toBe("Anh/Chị không có quyền dùng chức năng này.");
  });

  it("admin buttons pressed by others answer an alert and do nothing", async () => {
    const u = h.user(400, "Outsider");
    const calls = await u.pressData("inv:r:1:focal");
    expect(alerts(calls)).toEqual(["Anh/Chị không có quyền dùng chức năng này."]);
    expect(await h.db.invite.count()).toBe(0);
  });

  it("/linkgroup in the group by a non-admin is refused", async () => {
    const g = h.group();
    await h.user(400, "Outsider").sendIn(g, "/linkgroup");
    expect(g.lastText()).toContain("không có quyền");
    expect((await h.db.bloc.findUnique({ where: { id: 1 } }))?.groupChatId).toBeNull();
  });
});

describe("boards in chat", () => {
  it("lists, adds, renames, retires and merges, keeping the history", async () => {
    await admin.send("/boards");
    expect(admin.lastText()).toContain("11 đang hoạt động");
    await admin.send("/addboard HB | Hòa Bình | Ban Quản lý các KCN Hòa Bình");
    expect(admin.lastText()).toContain("Đã thêm");
    await admin.send("/addboard HB | Hòa Bình | again");
    expect(admin.lastText()).toContain("Đã có");
    await admin.send("/renameboard HB | Ban Quản lý KCN tỉnh Hòa Bình <b>");
    expect(admin.lastText()).toContain("&lt;b&gt;"); // escaped
    await admin.send("/retireboard HB");
    await admin.send("/retireboard HB");
    expect(admin.lastText()).toContain("không còn hoạt động");
    await admin.send("/mergeboard HD HY");
    expect(admin.lastText()).toContain("Đã hợp nhất");
    await admin.send("/boards");
    expect(admin.lastText()).toContain("10 đang hoạt động");
    const hb = await h.db.board.findUnique({ where: { code: "HB" }, include: { events: { orderBy: { id: "asc" } } } });
    expect(hb?.events.map((e) => e.kind)).toEqual(["created", "renamed", "retired"]);
    expect(hb?.events[1]).toMatchObject({ fromValue: "Ban Quản lý các KCN Hòa Bình", toValue: "Ban Quản lý KCN tỉnh Hòa Bình <b>" });
    const hd = await h.db.board.findUnique({ where: { code: "HD" } });
    expect(hd?.status).toBe("merged");
  });

  it("bad arguments get the usage", async () => {
    await admin.send("/addboard only-one-part");
    expect(admin.lastText()).toContain("Cách dùng");
    await admin.send("/renameboard NOPE | X");
    expect(admin.lastText()).toContain("Không tìm thấy");
  });

  it("an admin links the group chat from inside the group", async () => {
    const g = h.group(-100555, "Khối ĐBSH");
    await admin.sendIn(g, "/linkgroup");
    expect(g.lastText()).toContain("Khối ĐBSH");
    expect(Number((await h.db.bloc.findUnique({ where: { id: 1 } }))?.groupChatId)).toBe(-100555);
  });
});

describe("start, help, language", () => {
  it("/lang switches to English and it is remembered across a restart", async () => {
    const u = h.user(200, "Lan");
    await u.send("/lang");
    await u.press("English");
    expect(u.lastText()).toBe("Language set to English.");
    await h.restart();
    await u.send("/help");
    expect(u.lastText()).toContain("For everyone");
  });

  it("/start shows roles and a menu fitting the person", async () => {
    await admin.send("/start");
    expect(admin.lastText()).toContain("Quản trị viên");
    const menu = admin.last()?.reply_markup?.inline_keyboard.flat().map((b) => b.text);
    expect(menu).toContain("🏢 Các Ban Quản lý");
    const u = h.user(400, "Outsider");
    await u.send("/start");
    expect(u.last()?.reply_markup?.inline_keyboard.flat().map((b) => b.text)).toEqual(["🌐 Ngôn ngữ"]);
  });

  it("a user's name is escaped in HTML", async () => {
    const u = h.user(401, "<script>x</script>");
    await u.send("/start");
    expect(u.lastText()).toContain("&lt;script&gt;");
    expect(u.lastText()).not.toContain("<script>");
  });

  it("stray text and unknown buttons get an answer", async () => {
    const u = h.user(400, "Outsider");
    await u.send("hello?");
    expect(u.lastText()).toContain("/help");
    const calls = await u.pressData("nonsense:123");
    expect(alerts(calls)).toEqual(["Lựa chọn này đã hết hiệu lực."]);
  });
});

describe("restart", () => {
  it("people, roles and boards survive a restart on the same database file", async () => {
    const u = h.user(200, "Lan");
    await u.send(`/start ${await invite("HP", "focal")}`);
    await admin.send("/renameboard HP | Ban Quản lý Khu kinh tế Hải Phòng");
    await h.restart();
    await u.send("/whoami");
    expect(u.lastText()).toContain("Cán bộ đầu mối — Hải Phòng");
    expect((await h.db.board.findUnique({ where: { code: "HP" } }))?.name).toBe("Ban Quản lý Khu kinh tế Hải Phòng");
  });
});
