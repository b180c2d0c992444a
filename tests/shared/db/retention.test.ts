// Every table that grows with traffic has a retention rule, an index for its
// prune, and here a test: rows older than the rule go, newer ones stay, and
// what a record still needs stays whatever its age (shared/db/retention-rules.ts).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Harness, type FakeUser } from "../../harness/harness.js";
import { ADMIN_ID, join } from "../../harness/fixtures.js";
import { RETENTION_DAYS, type RetentionRule } from "../../../src/shared/db/retention-rules.js";
import { personColumns, pruneStatement } from "../../../src/shared/db/retention.js";
import { sqlDate, sqlOf } from "../../../src/shared/db/sql.js";
import type { GroupPostStatus, ReminderDeliveryStatus } from "../../../src/generated/prisma/enums.js";
import { housekeepingJob } from "../../../src/jobs.js";
import { Scheduler } from "../../../src/shared/jobs/scheduler.js";
import { parseZaloEvent } from "../../../src/messengers/zalo/events.js";
import { ZALO_ID_BASE } from "../../../src/messengers/zalo/ids.js";
import { FakeZalo, type FakeZaloUser } from "../../harness/fake-zalo.js";

let h: Harness;
let lan: FakeUser;
beforeEach(async () => {
  h = await Harness.create({ now: "2026-12-10T02:00:00Z" });
  lan = await join(h, 200, "Lan", "HP", "focal");
});
afterEach(async () => h.close());

const DAY = 86_400_000;
/** An instant `days` (and a minute) before the harness's now: just past a rule, or just within it. */
const ago = (days: number, side: "past" | "within") => new Date(h.clock.now().getTime() - days * DAY + (side === "past" ? -60_000 : 60_000));
/** A tick of the housekeeping job alone (the reminders job would send a pending delivery the test keeps). */
const housekeeping = () => new Scheduler(h.app.deps, h.app.bot.api, [housekeepingJob()]).tick();

describe("retention", () => {
  it("processed updates: a week", async () => {
    await h.db.processedUpdate.createMany({
      data: [{ updateId: 9_000_001, at: ago(RETENTION_DAYS.processedUpdates, "past") }, { updateId: 9_000_002, at: ago(RETENTION_DAYS.processedUpdates, "within") }],
    });
    await housekeeping();
    const left = (await h.db.processedUpdate.findMany({ where: { updateId: { gte: 9_000_000 } } })).map((r) => r.updateId);
    expect(left).toEqual([9_000_002]);
  });

  it("failed invitation attempts: a month", async () => {
    await h.db.inviteAttempt.createMany({
      data: [{ telegramId: BigInt(901), at: ago(RETENTION_DAYS.inviteAttempts, "past") }, { telegramId: BigInt(902), at: ago(RETENTION_DAYS.inviteAttempts, "within") }],
    });
    await housekeeping();
    expect((await h.db.inviteAttempt.findMany()).map((r) => Number(r.telegramId))).toEqual([902]);
  });

  it("link codes: a month after they expired", async () => {
    const owner = await h.db.person.findUniqueOrThrow({ where: { telegramId: BigInt(200) } });
    const at = ago(RETENTION_DAYS.linkCodes + 1, "past");
    await h.db.linkCode.createMany({
      data: [
        { codeHash: "old", personId: owner.id, fromMessenger: "telegram", createdAt: at, expiresAt: ago(RETENTION_DAYS.linkCodes, "past") },
        { codeHash: "recent", personId: owner.id, fromMessenger: "telegram", createdAt: at, expiresAt: ago(RETENTION_DAYS.linkCodes, "within") },
      ],
    });
    await housekeeping();
    expect((await h.db.linkCode.findMany()).map((r) => r.codeHash)).toEqual(["recent"]);
  });

  it("strangers: a month after their last message, unless they ever had a role or a record names them", async () => {
    const old = ago(RETENTION_DAYS.strangers, "past");
    const person = (telegramId: number, lastSeenAt: Date) => h.db.person.create({ data: { telegramId: BigInt(telegramId), firstName: `P${telegramId}`, lastSeenAt, createdAt: lastSeenAt } });
    const gone = await person(801, old);
    await person(802, ago(RETENTION_DAYS.strangers, "within"));
    const revoked = await person(803, old); // had a role, taken back: the record of it stays
    await h.db.role.create({ data: { key: `${revoked.id}:focal:1`, personId: revoked.id, role: "focal", boardId: 1, revokedAt: old } });
    const audited = await person(804, old); // named in the audit log
    await h.db.auditEvent.create({ data: { personId: audited.id, action: "test", at: old } });
    const inviter = await person(805, old); // an admin by ADMIN_IDS once, who invited someone (the used invitation stays: who invited whom)
    await h.db.invite.create({ data: { codeHash: "x".repeat(64), role: "focal", boardId: 1, createdById: inviter.id, expiresAt: old, usedAt: old, usedByPersonId: (await h.db.person.findUniqueOrThrow({ where: { telegramId: BigInt(200) } })).id } });
    await h.db.person.update({ where: { telegramId: BigInt(ADMIN_ID) }, data: { lastSeenAt: old } }); // an admin by ADMIN_IDS (no role row): never a stranger
    await h.db.person.update({ where: { telegramId: BigInt(200) }, data: { lastSeenAt: old } }); // Lan, focal person
    await housekeeping();
    const left = (await h.db.person.findMany({ orderBy: { telegramId: "asc" } })).map((p) => Number(p.telegramId));
    expect(left).toEqual([ADMIN_ID, 200, 802, 803, 804, 805]);
    expect(left).not.toContain(Number(gone.telegramId));
  });

  it("a stranger's last message is what counts: writing again keeps them", async () => {
    const stranger = h.user(700, "Khách");
    await stranger.send("/start"); // answered without a row
    expect(await h.db.person.count({ where: { telegramId: BigInt(700) } })).toBe(0);
    await stranger.send("/lang en"); // a choice to keep: now a row
    h.clock.advance((RETENTION_DAYS.strangers - 1) * DAY);
    await stranger.send("/help"); // seen again: the day's first message refreshes lastSeenAt
    h.clock.advance(2 * DAY);
    await housekeeping();
    expect(await h.db.person.count({ where: { telegramId: BigInt(700) } })).toBe(1);
    h.clock.advance(RETENTION_DAYS.strangers * DAY);
    await housekeeping();
    expect(await h.db.person.count({ where: { telegramId: BigInt(700) } })).toBe(0);
  });

  it("abandoned dialogues: two weeks untouched", async () => {
    const sql = await sqlOf(h.db);
    for (const [key, at] of [["c801", ago(RETENTION_DAYS.conversationStates, "past")], ["c802", ago(RETENTION_DAYS.conversationStates, "within")]] as const) {
      sql.run(`INSERT INTO "ConversationState" ("key", "value", "updatedAt") VALUES (?, '{}', ?)`, key, sqlDate(at));
    }
    await housekeeping();
    expect((await h.db.conversationState.findMany({ where: { key: { in: ["c801", "c802"] } } })).map((r) => r.key)).toEqual(["c802"]);
  });

  it("closed report drafts: three months after they were closed; open ones stay", async () => {
    const lanId = (await h.db.person.findFirstOrThrow({ where: { telegramId: BigInt(200) } })).id;
    const periods = await Promise.all([1, 2, 3].map((month) => h.db.period.create({ data: { year: 2020, month, startsAt: new Date(), endsAt: new Date(), deadlineAt: new Date() } })));
    const board = await h.db.board.findUniqueOrThrow({ where: { code: "HP" } });
    const draft = (periodId: number, closedAt: Date | null) => h.db.reportDraft.create({ data: { personId: lanId, boardId: board.id, periodId, valuesJson: {}, closedAt, updatedAt: ago(400, "past") } });
    await draft(periods[0]!.id, ago(RETENTION_DAYS.closedDrafts, "past"));
    const kept = await draft(periods[1]!.id, ago(RETENTION_DAYS.closedDrafts, "within"));
    const open = await draft(periods[2]!.id, null);
    await housekeeping();
    expect((await h.db.reportDraft.findMany({ where: { boardId: board.id } })).map((d) => d.id).sort()).toEqual([kept.id, open.id].sort());
  });

  it("reminder deliveries: the detail of slots claimed half a year ago goes, the claim and unfinished deliveries stay", async () => {
    const lanId = (await h.db.person.findFirstOrThrow({ where: { telegramId: BigInt(200) } })).id;
    const period = await h.db.period.create({ data: { year: 2020, month: 1, startsAt: new Date(), endsAt: new Date(), deadlineAt: new Date() } });
    const board = await h.db.board.findUniqueOrThrow({ where: { code: "HP" } });
    const claim = (slot: string, claimedAt: Date, statuses: ReminderDeliveryStatus[]) =>
      h.db.reminderSlotSent.create({
        data: { boardId: board.id, periodId: period.id, slot, claimedAt, deliveries: { create: statuses.map((status, i) => ({ personId: lanId + i * 1000, chatId: BigInt(200 + i), status })) } },
      });
    const old = await claim("focal:d-3", ago(RETENTION_DAYS.reminderDeliveries, "past"), ["sent", "unreachable", "failed", "uncertain", "pending", "sending"]);
    const recent = await claim("focal:d-1", ago(RETENTION_DAYS.reminderDeliveries, "within"), ["sent", "failed"]);
    await housekeeping();
    expect(await h.db.reminderSlotSent.count({ where: { id: { in: [old.id, recent.id] } } })).toBe(2);
    expect((await h.db.reminderDelivery.findMany({ where: { reminderId: old.id } })).map((d) => d.status).sort()).toEqual(["pending", "sending"]);
    expect(await h.db.reminderDelivery.count({ where: { reminderId: recent.id } })).toBe(2);
  });

  it("once-only job claims: over a year", async () => {
    await h.db.jobLedger.createMany({
      data: [{ key: "digest:old", claimedAt: ago(RETENTION_DAYS.jobLedger, "past"), doneAt: ago(RETENTION_DAYS.jobLedger, "past") }, { key: "digest:recent", claimedAt: ago(RETENTION_DAYS.jobLedger, "within") }],
    });
    await housekeeping();
    expect((await h.db.jobLedger.findMany({ where: { key: { startsWith: "digest:" } } })).map((r) => r.key)).toEqual(["digest:recent"]);
  });

  it("the group's posts done with: over a year; waiting ones whatever their age", async () => {
    const post = (key: string, status: GroupPostStatus, at: Date) =>
      h.db.groupPost.create({ data: { key, kind: "text", payloadJson: "{}", status, nextTryAt: at, expiresAt: at, createdAt: at } });
    const past = ago(RETENTION_DAYS.groupPosts, "past");
    await post("digest:sent-old", "sent", past);
    await post("digest:expired-old", "expired", past);
    await post("digest:sent-recent", "sent", ago(RETENTION_DAYS.groupPosts, "within"));
    await post("digest:pending-old", "pending", past);
    await post("digest:sending-old", "sending", past);
    await housekeeping();
    const left = (await h.db.groupPost.findMany({ where: { key: { startsWith: "digest:" } }, orderBy: { key: "asc" } })).map((r) => r.key);
    expect(left).toEqual(["digest:pending-old", "digest:sending-old", "digest:sent-recent"]);
  });

  it("Zalo message ids taken in: a week; Zalo menus, latest and referenced: a month after they were shown", async () => {
    const sql = await sqlOf(h.db);
    sql.run(`INSERT INTO "ZaloInbound" ("messageId", "at") VALUES ('old', ?), ('recent', ?)`, sqlDate(ago(RETENTION_DAYS.zaloInbound, "past")), sqlDate(ago(RETENTION_DAYS.zaloInbound, "within")));
    sql.run(`INSERT INTO "ZaloChat" ("zaloId", "lastMessageId", "createdAt", "activeAt") VALUES ('z-old', 1, ?, ?), ('z-recent', 1, ?, ?)`, sqlDate(ago(400, "past")), sqlDate(ago(RETENTION_DAYS.zaloChats, "within")), sqlDate(ago(400, "past")), sqlDate(ago(RETENTION_DAYS.zaloChats, "within")));
    const chats = sql.all<{ id: number; zaloId: string }>(`SELECT "id", "zaloId" FROM "ZaloChat" ORDER BY "zaloId"`);
    for (const c of chats) {
      const at = c.zaloId === "z-old" ? ago(RETENTION_DAYS.zaloMenus, "past") : ago(RETENTION_DAYS.zaloMenus, "within");
      sql.run(`INSERT INTO "ZaloMenu" ("chatId", "messageId", "text", "markup", "shownAt") VALUES (?, 1, 'q', '{"inline_keyboard":[]}', ?)`, c.id, sqlDate(at));
      sql.run(`INSERT INTO "ZaloMenuRef" ("chatId", "ref", "messageId", "text", "markup", "shownAt") VALUES (?, 'B1', 1, 'q', '{"inline_keyboard":[]}', ?)`, c.id, sqlDate(at));
    }
    await housekeeping();
    expect(sql.all<{ messageId: string }>(`SELECT "messageId" FROM "ZaloInbound"`).map((r) => r.messageId)).toEqual(["recent"]);
    const menus = sql.all<{ zaloId: string }>(`SELECT c."zaloId" FROM "ZaloMenu" m JOIN "ZaloChat" c ON c."id" = m."chatId"`).map((r) => r.zaloId);
    expect(menus).toEqual(["z-recent"]);
    expect(sql.all<{ zaloId: string }>(`SELECT c."zaloId" FROM "ZaloMenuRef" m JOIN "ZaloChat" c ON c."id" = m."chatId"`).map((r) => r.zaloId)).toEqual(["z-recent"]);
    // The chats themselves, active within the strangers' month (activeAt), stay.
    expect(sql.all(`SELECT 1 FROM "ZaloChat"`)).toHaveLength(2);
  });

  it("Zalo chats: a month after their last message once no messenger account names them (through the housekeeping job, with the adapter's cache)", async () => {
    await h.close();
    const fake = new FakeZalo({ now: () => h.clock.now().getTime() });
    h = await Harness.create({ zalo: fake, now: "2026-12-10T02:00:00Z" });
    const zalo = h.app.zalo!;
    const say = async (user: FakeZaloUser, text: string) => {
      const before = fake.sent.get(user.id)?.length ?? 0;
      await zalo.adapter.handle(zalo.bot, parseZaloEvent(fake.textEvent(user, text))!);
      return (fake.sent.get(user.id) ?? []).slice(before).map((m) => m.text ?? "").join("\n");
    };
    const sql = await sqlOf(h.db);
    const chatOf = (zaloId: string) => sql.get<{ id: number }>(`SELECT "id" FROM "ZaloChat" WHERE "zaloId" = ?`, zaloId)?.id ?? null;
    const accountOf = (zaloId: string) => sql.get<{ chatId: number }>(`SELECT "chatId" FROM "MessengerAccount" WHERE "messenger" = 'zalo' AND "externalId" = ?`, zaloId)?.chatId ?? null;
    // A focal person who joined on Zalo by the invitation's short code, and a stranger with a menu open.
    const admin = h.user(1, "Admin");
    await admin.send("/invite HP focal");
    const lan = fake.user("Lan");
    expect(await say(lan, /<code>([0-9A-Z]{5}-[0-9A-Z]{5})<\/code>/.exec(admin.lastText())![1]!)).toContain("Cán bộ đầu mối của Hải Phòng");
    const ha = fake.user("Hà"); // a stranger the bot made a person of (a language chosen), a menu left open
    await say(ha, "/lang");
    expect(await say(ha, "1")).toContain("tiếng Việt");
    expect(await say(ha, "/lang")).toContain("1. ");
    const haChat = chatOf(ha.id)!;
    expect(accountOf(ha.id)).toBe(ZALO_ID_BASE + haChat);
    const bao = fake.user("Bảo"); // a stranger who only said hello: a chat, no person
    await say(bao, "xin chào");
    expect(chatOf(bao.id)).not.toBeNull();
    // Within the month nothing goes; past it, the stranger goes (their account with them), then their chat and its menu.
    h.clock.advance((RETENTION_DAYS.zaloChats - 1) * DAY);
    await housekeeping();
    expect(chatOf(ha.id)).toBe(haChat);
    h.clock.advance(2 * DAY);
    await housekeeping();
    expect(accountOf(ha.id)).toBeNull();
    expect(chatOf(ha.id)).toBeNull();
    expect(chatOf(bao.id)).toBeNull();
    expect(sql.all(`SELECT 1 FROM "ZaloMenu" WHERE "chatId" = ?`, haChat)).toEqual([]);
    // The adapter held Hà's number in memory: it is forgotten with the row; a send to it is refused as Telegram refuses an unknown chat.
    expect(await zalo.adapter.ids.zaloIdOf(ZALO_ID_BASE + haChat)).toBeNull();
    await expect(zalo.bot.api.sendMessage(ZALO_ID_BASE + haChat, "?")).rejects.toMatchObject({ error_code: 400, description: "Bad Request: chat not found" });
    expect(fake.sent.get(ha.id)?.at(-1)?.text).not.toBe("?");
    // The focal person, as quiet, keeps the chat their account names, and is still answered there.
    expect(chatOf(lan.id)).not.toBeNull();
    expect(await say(lan, "/whoami")).toContain("Cán bộ đầu mối");
    // The stranger writes again: a new chat with a new number (never the pruned one, from the adapter's cache or the database), answered.
    const answer = await say(ha, "1");
    expect(answer).not.toBe(""); // answered, in the new chat
    expect(answer).not.toContain("Language"); // the pruned menu answers nothing
    const again = chatOf(ha.id)!;
    expect(again).toBeGreaterThan(haChat);
    await say(ha, "/lang");
    expect(await say(ha, "2")).toBe("Language set to English.");
    expect(accountOf(ha.id)).toBe(ZALO_ID_BASE + again);
  });

  it("every prune reads every table through an index: the rows it deletes, each reference it checks, each foreign key", async () => {
    const sql = await sqlOf(h.db);
    for (const rule of Object.keys(RETENTION_DAYS) as RetentionRule[]) {
      for (const admins of [[ADMIN_ID], []]) {
        // The very statement prune() runs, delete included: SQLite checks the
        // foreign keys that point at a deleted row by reading the child tables.
        const statement = await pruneStatement(h.db, rule, admins);
        const plan = sql.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${statement}`, sqlDate(h.clock.now()), 1000).map((r) => r.detail);
        const shown = `${rule}: ${plan.join(" | ")}`;
        // No table, and no index, read from end to end (a SCAN, even of a covering index).
        expect(plan.filter((d) => /^SCAN /.test(d)), shown).toEqual([]);
        // Each table the statement names is searched by a key (by its alias, if it has one).
        const tables = [...statement.matchAll(/FROM "(\w+)"(?: (?!WHERE\b)(\w+))?/g)].map((m) => m[2] ?? m[1]!);
        expect(tables.length, shown).toBeGreaterThan(rule === "strangers" ? 15 : 0);
        for (const t of tables) expect(plan.some((d) => new RegExp(`^SEARCH ${t} USING `).test(d)), `${rule}: ${t} in ${shown}`).toBe(true);
      }
    }
  });

  it("knows every column that names a person, so that no stranger named anywhere is pruned", async () => {
    const columns = personColumns(await sqlOf(h.db)).map((c) => `${c.table}.${c.column}`);
    for (const c of ["Role.personId", "Role.grantedById", "Invite.createdById", "Invite.usedByPersonId", "Report.submittedById", "ReportRevision.byPersonId",
      "BoardEvent.byPersonId", "Period.lockedById", "Ballot.createdById", "Ballot.closedById", "BallotVote.personId", "ReportDraft.personId",
      "ReminderDelivery.personId", "AuditEvent.personId"]) {
      expect(columns).toContain(c);
    }
  });
});
