// Invitations and roles taken back (issue 13, review): a revocation withdraws the
// invitations that would hand the rights back (those the person created when they
// lose the admin right, those for the roles that end), a redemption checks that the
// creator may still invite, and admins list the standing invitations and withdraw
// one (/invites, with a confirmation, audited).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Harness, buttonsOf, type FakeUser } from "../../harness/harness.js";
import { join } from "../../harness/fixtures.js";

let h: Harness;
let admin: FakeUser;
beforeEach(async () => {
  h = await Harness.create({ now: "2026-11-10T03:00:00Z" });
  admin = h.user(1, "Admin");
});
afterEach(async () => h.close());

const personId = async (telegramId: number) => (await h.db.person.findUniqueOrThrow({ where: { telegramId: BigInt(telegramId) } })).id;
const activeRoles = async (telegramId: number) =>
  (await h.db.role.findMany({ where: { person: { telegramId: BigInt(telegramId) }, revokedAt: null }, include: { board: true }, orderBy: { id: "asc" } })).map((r) => `${r.role}:${r.board?.code ?? "-"}`);
const WITHDRAWN = "Lời mời này không còn hiệu lực (đã bị hủy, hoặc người tạo lời mời không còn quyền mời). Anh/Chị vui lòng liên hệ quản trị viên để nhận đường dẫn mới.";

/** An invitation link's code, made by `by` with /invite ARGS. */
async function invite(by: FakeUser, args: string): Promise<string> {
  await by.send(`/invite ${args}`);
  const code = /start=([\w-]+)/.exec(by.lastText())?.[1];
  if (!code) throw new Error(`no link: ${by.lastText()}`);
  return code;
}

describe("a revocation withdraws the invitations that would hand the rights back", () => {
  it("an admin by invitation who leaves: their admin and board invitations stop working, another admin's for other roles still work", async () => {
    const tuan = await join(h, 300, "Tuấn", "", "admin");
    const adminCode = await invite(tuan, "- admin"); // for a second account of his
    const focalCode = await invite(tuan, "HP focal");
    const headCode = await invite(admin, "QN head"); // the config admin's: not his, not his role
    await admin.send(`/revoke #${await personId(300)} all | Chuyển công tác`);
    await admin.press("Xác nhận thu hồi");
    expect(admin.lastText()).toContain("Đồng thời đã hủy 2 lời mời chưa dùng");
    expect(await activeRoles(300)).toEqual([]);

    h.clock.advance(86_400_000);
    const alt = h.user(301, "Tuấn (2)");
    await alt.send(`/start ${adminCode}`);
    expect(alt.lastText()).toBe(WITHDRAWN);
    const other = h.user(302, "Khách");
    await other.send(`/start ${focalCode}`);
    expect(other.lastText()).toBe(WITHDRAWN);
    expect(await activeRoles(301)).toEqual([]);
    expect(await activeRoles(302)).toEqual([]);
    // The withdrawn invitations name the revocation that ended them.
    const rev = await h.db.roleRevocation.findFirstOrThrow({ where: { status: "done" } });
    expect((await h.db.invite.findMany({ where: { cancelReason: `revoke:${rev.id}` } })).length).toBe(2);

    const third = h.user(303, "Hoa");
    await third.send(`/start ${headCode}`);
    expect(await activeRoles(303)).toEqual(["head:QN"]);
  });

  it("a spare link for the role taken back stops working; links for other roles and boards still work", async () => {
    const lan = await join(h, 200, "Lan", "HP", "focal");
    const spare = await invite(admin, "HP focal"); // a second link for HP's focal person, which Lan may hold
    const hpHead = await invite(admin, "HP head");
    const qnFocal = await invite(admin, "QN focal");
    await admin.send(`/revoke #${await personId(200)} HP focal | Chuyển công tác`);
    await admin.press("Xác nhận thu hồi");
    expect(admin.lastText()).toContain("Đồng thời đã hủy 1 lời mời chưa dùng");

    await lan.send(`/start ${spare}`);
    expect(lan.lastText()).toBe(WITHDRAWN);
    expect(await activeRoles(200)).toEqual([]);
    const hung = h.user(201, "Hùng");
    await hung.send(`/start ${hpHead}`);
    const minh = h.user(202, "Minh");
    await minh.send(`/start ${qnFocal}`);
    expect([await activeRoles(201), await activeRoles(202)]).toEqual([["head:HP"], ["focal:QN"]]);
  });
});

describe("a redemption checks the creator's right at that moment", () => {
  it("an invitation whose creator's admin grant ended some other way (an admin's sqlite3) grants nothing; an ADMIN_IDS admin's always works", async () => {
    const tuan = await join(h, 300, "Tuấn", "", "admin");
    const code = await invite(tuan, "HP focal");
    const configCode = await invite(admin, "HP head");
    await h.db.role.updateMany({ where: { personId: await personId(300), role: "admin" }, data: { revokedAt: h.clock.now() } });
    const other = h.user(302, "Khách");
    await other.send(`/start ${code}`);
    expect(other.lastText()).toBe(WITHDRAWN);
    expect(await activeRoles(302)).toEqual([]);
    expect((await h.db.invite.findFirstOrThrow({ where: { createdById: await personId(300), role: "focal" } })).usedAt).toBeNull();
    // The admin of ADMIN_IDS holds no admin grant in the database: the right comes from the configuration.
    expect(await h.db.role.count({ where: { personId: await personId(1) } })).toBe(0);
    await other.send(`/start ${configCode}`);
    expect(await activeRoles(302)).toEqual(["head:HP"]);
  });
});

describe("/invites", () => {
  it("lists the standing invitations (who made it, role, board, expiry; no code), and withdraws one after a confirmation, audited", async () => {
    await join(h, 200, "Lan", "HP", "focal"); // used: not listed
    const tuan = await join(h, 300, "Tuấn", "", "admin");
    const qn = await invite(admin, "QN focal");
    const sec = await invite(tuan, "- secretariat");
    h.clock.advance(6 * 86_400_000);
    const late = await invite(admin, "VP head");
    h.clock.advance(86_400_000 + 60_000); // the first two have expired (7 days)
    const fresh = await invite(admin, "ND focal");
    void qn; void sec;

    await admin.send("/invites");
    const list = admin.lastText();
    const [vp, nd] = (await h.db.invite.findMany({ where: { usedAt: null }, orderBy: { id: "asc" } })).slice(-2);
    expect(list).toContain("<b>Lời mời chưa dùng</b> (2)");
    expect(list).toContain(`#${vp!.id} · Lãnh đạo Ban — Vĩnh Phúc · do Admin tạo lúc 16/11/2026 10:00 · hết hạn 23/11/2026 10:00`);
    expect(list).toContain(`#${nd!.id} · Cán bộ đầu mối — Nam Định · do Admin tạo lúc 17/11/2026 10:01`);
    expect(list).not.toContain("Quảng Ninh");
    expect(list).not.toContain("Hải Phòng");
    expect(list).not.toContain(late);
    expect(list).not.toContain(fresh);
    expect(buttonsOf(admin.last())).toEqual([`✖ #${vp!.id}`, `✖ #${nd!.id}`]);

    // Withdrawing: first a confirmation, which can be declined.
    await admin.press(`✖ #${nd!.id}`);
    expect(admin.lastText()).toContain("Hủy lời mời này?");
    expect(admin.lastText()).toContain(`#${nd!.id} · Cán bộ đầu mối — Nam Định`);
    await admin.press("Giữ lại");
    expect(admin.lastText()).toBe(`Đã giữ nguyên lời mời #${nd!.id}.`);
    expect((await h.db.invite.findUniqueOrThrow({ where: { id: nd!.id } })).cancelledAt).toBeNull();

    await admin.press(`✖ #${nd!.id}`);
    await admin.press("Hủy lời mời");
    expect(admin.lastText()).toContain("✅ Đã hủy lời mời; đường dẫn không còn dùng được:");
    const row = await h.db.invite.findUniqueOrThrow({ where: { id: nd!.id } });
    expect(row.cancelReason).toBe("cancel");
    expect(row.cancelledAt?.toISOString()).toBe(h.clock.now().toISOString());
    const audit = await h.db.auditEvent.findFirstOrThrow({ where: { action: "invite.cancel" } });
    expect(audit.personId).toBe(await personId(1));
    expect(audit.detail).toMatchObject({ inviteId: nd!.id, role: "focal", boardName: "Nam Định", createdById: await personId(1) });

    // The link no longer works; a second confirmation changes nothing more.
    const khach = h.user(400, "Khách");
    await khach.send(`/start ${fresh}`);
    expect(khach.lastText()).toBe(WITHDRAWN);
    expect(await activeRoles(400)).toEqual([]);
    await admin.pressData(`inv:y:${nd!.id}`);
    expect(admin.lastText()).toBe(`Lời mời #${nd!.id} không còn chờ sử dụng (đã được dùng, đã hết hạn hoặc đã bị hủy).`);
    expect(await h.db.auditEvent.count({ where: { action: "invite.cancel" } })).toBe(1);

    await admin.send("/invites");
    expect(admin.lastText()).toContain("<b>Lời mời chưa dùng</b> (1)");
    // The other still works.
    await khach.send(`/start ${late}`);
    expect(await activeRoles(400)).toEqual(["head:VP"]);
    await admin.send("/invites");
    expect(admin.lastText()).toBe("Không có lời mời nào đang chờ sử dụng.");
  });
});
