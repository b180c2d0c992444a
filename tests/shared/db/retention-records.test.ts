// Records that hold personal data and matter only for a time (shared/db/retention-rules.ts):
// invitations nobody used, revocations nobody confirmed, and what happened to the bloc's
// group, each made through the bot as people do, then the fake clock moved past or to
// just within its time and the housekeeping job run. What still matters stays whatever
// its age: a standing invitation, a used one (who invited whom), a confirmed revocation,
// and the group's state (the bot still out of the group).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Harness, type FakeUser } from "../../harness/harness.js";
import { join } from "../../harness/fixtures.js";
import { RETENTION_DAYS } from "../../../src/shared/db/retention-rules.js";
import { INVITE_TTL_DAYS } from "../../../src/features/access/rules/invite-code.js";
import { housekeepingJob } from "../../../src/jobs.js";
import { Scheduler } from "../../../src/shared/jobs/scheduler.js";

const DAY = 86_400_000;
const HOUR = 3_600_000;

let h: Harness;
let admin: FakeUser;
let lan: FakeUser;
beforeEach(async () => {
  h = await Harness.create({ now: "2026-12-10T02:00:00Z" });
  admin = h.user(1, "Admin");
  lan = await join(h, 200, "Lan", "HP", "focal");
});
afterEach(async () => h.close());

/** A tick of the housekeeping job alone, as the scheduler runs it. */
const housekeeping = () => new Scheduler(h.app.deps, h.app.bot.api, [housekeepingJob()]).tick();
const personId = async (telegramId: number) => (await h.db.person.findUniqueOrThrow({ where: { telegramId: BigInt(telegramId) } })).id;

/** An invitation link's code, made by the admin with /invite ARGS. */
async function invite(args: string): Promise<string> {
  await admin.send(`/invite ${args}`);
  const code = /start=([\w-]+)/.exec(admin.lastText())?.[1];
  if (!code) throw new Error(`no link: ${admin.lastText()}`);
  return code;
}

const EXPIRED = "Mã mời này đã hết hạn. Anh/Chị vui lòng liên hệ quản trị viên để nhận lời mời mới.";
const UNKNOWN = "Mã mời không đúng. Anh/Chị vui lòng kiểm tra lại mã (hoặc đường dẫn), hoặc liên hệ quản trị viên để nhận lời mời mới.";

describe("invitations", () => {
  it("never used (expired, or withdrawn): a month after their expiry; standing and used ones stay", async () => {
    const lapsed = await invite("QN head"); // left unused
    await invite("VP focal"); // withdrawn at once by /invites
    const withdrawnId = (await h.db.invite.findFirstOrThrow({ where: { boardId: (await h.db.board.findUniqueOrThrow({ where: { code: "VP" } })).id } })).id;
    await admin.send("/invites");
    await admin.press(`✖ #${withdrawnId}`);
    await admin.press("Hủy lời mời");
    expect((await h.db.invite.findUniqueOrThrow({ where: { id: withdrawnId } })).cancelReason).toBe("cancel");
    const used = await h.db.invite.findFirstOrThrow({ where: { usedByPersonId: await personId(200) } }); // Lan's, made and used today

    // A day short of a month after they expired: everything stays, and the old code is answered "expired".
    h.clock.advance((INVITE_TTL_DAYS + RETENTION_DAYS.lapsedInvites - 1) * DAY);
    const standing = await invite("ND focal"); // made now: stands for another week
    await housekeeping();
    expect(await h.db.invite.count()).toBe(4);
    const stranger = h.user(700, "Khách");
    await stranger.send(`/start ${lapsed}`);
    expect(stranger.lastText()).toBe(EXPIRED);

    // Past the month: the two never used go; the standing one (the newest) and the used one stay.
    h.clock.advance(2 * DAY);
    await housekeeping();
    const left = (await h.db.invite.findMany({ orderBy: { id: "asc" } })).map((i) => i.id);
    const standingId = (await h.db.invite.findFirstOrThrow({ orderBy: { id: "desc" } })).id;
    expect(left).toEqual([used.id, standingId]);
    expect(left).not.toContain(withdrawnId);
    await stranger.send(`/start ${lapsed}`);
    expect(stranger.lastText()).toBe(UNKNOWN); // the code is no longer known at all
    await admin.send("/invites");
    expect(admin.lastText()).toContain(`#${standingId} · Cán bộ đầu mối — Nam Định`);
    const hung = h.user(201, "Hùng");
    await hung.send(`/start ${standing}`);
    expect(hung.lastText()).toContain("Nam Định"); // the standing invitation still works
    expect(await h.db.role.count({ where: { personId: await personId(201), revokedAt: null } })).toBe(1);

    // Years later the used invitations are still the record of who invited whom.
    h.clock.advance(5 * 365 * DAY);
    await housekeeping();
    expect((await h.db.invite.findMany({ orderBy: { id: "asc" } })).map((i) => [i.id, i.usedByPersonId])).toEqual([
      [used.id, await personId(200)],
      [standingId, await personId(201)],
    ]);
  });
});

describe("revocations", () => {
  it("never confirmed (cancelled, or left pending): a month after the request; confirmed ones stay, and /people still shows them", async () => {
    await join(h, 201, "Hùng", "QN", "head");
    const lanId = await personId(200);
    // Confirmed.
    await admin.send(`/revoke #${lanId} HP focal | Chuyển công tác`);
    await admin.press("Xác nhận thu hồi");
    // Cancelled.
    await admin.send(`/revoke #${await personId(201)} QN head | Thử`);
    await admin.press("✖ Hủy");
    // Left without an answer: it lapses after its hour.
    await admin.send(`/revoke #${await personId(201)} all | Nghỉ hưu`);
    const statuses = async () => (await h.db.roleRevocation.findMany({ orderBy: { id: "asc" } })).map((r) => r.status);
    expect(await statuses()).toEqual(["done", "cancelled", "pending"]);

    h.clock.advance(RETENTION_DAYS.unconfirmedRevocations * DAY - HOUR);
    await housekeeping();
    expect(await statuses()).toEqual(["done", "cancelled", "pending"]);

    h.clock.advance(2 * HOUR);
    await housekeeping();
    expect(await statuses()).toEqual(["done"]);
    await admin.send("/people");
    expect(admin.lastText()).toContain("Chuyển công tác");
    expect(admin.lastText()).not.toContain("Nghỉ hưu");
    expect(await h.db.role.count({ where: { personId: await personId(201), revokedAt: null } })).toBe(1); // nothing confirmed, nothing ended

    // Years later the confirmed revocation is still the record of who took which role, when and why.
    h.clock.advance(5 * 365 * DAY);
    await housekeeping();
    expect(await statuses()).toEqual(["done"]);
    await admin.send("/people");
    expect(admin.lastText()).toContain("Chuyển công tác");
  });
});

describe("the group's events", () => {
  it("over a year, except the group's state: the bot removed long ago keeps the posts waiting and admins still hear when and by whom", async () => {
    const group = h.group();
    const mod = h.user(777, "Tuấn", { lastName: "Nguyễn" });
    await admin.sendIn(group, "/linkgroup"); // day 0
    h.clock.advance(DAY);
    await group.botStatus(mod, "member", "kicked"); // day 1: the state from now on
    h.clock.advance(DAY);
    await group.botStatus(mod, "left", "member"); // day 2: added back, not linked again
    const kinds = async () => (await h.db.groupChatEvent.findMany({ orderBy: { id: "asc" } })).map((e) => e.kind);
    expect(await kinds()).toEqual(["linked", "removed", "added"]);

    // The link is past its time, the addition within it; the removal, past its time too, is the state.
    h.clock.advance((RETENTION_DAYS.groupChatEvents - 2) * DAY + 12 * HOUR);
    await housekeeping();
    expect(await kinds()).toEqual(["removed", "added"]);
    h.clock.advance(2 * DAY);
    await housekeeping();
    expect(await kinds()).toEqual(["removed"]);
    const removed = await h.db.groupChatEvent.findFirstOrThrow();
    expect(removed).toMatchObject({ byName: "Tuấn Nguyễn", at: new Date("2026-12-11T02:00:00Z") });

    // Where posts go still follows it: the digest is held for the group (not sent to each board in
    // private, as with no group ever linked), and the admin hears why, when and by whom.
    await admin.send("/digest");
    expect(admin.lastText()).toBe("Bot đã bị xóa khỏi nhóm “Khối thi đua ĐBSH” bởi Tuấn Nguyễn lúc 11/12/2026 09:00. Anh/Chị thêm bot vào nhóm rồi gửi /linkgroup trong nhóm để liên kết lại.");
    expect(await h.db.privatePost.count()).toBe(0);

    // Linked again: the removal is history, past its time, and goes; the new link stays.
    await admin.sendIn(group, "/linkgroup");
    await housekeeping();
    expect(await kinds()).toEqual(["linked"]);
  });
});
