// The access feature's use cases without the messenger: fake ports for the outbound
// messages and the command menus, a real SQLite file. What is proved: menus are set
// through the port only when they changed, a refused one is tried again; a revocation
// confirmed tells the person through the port even when they are marked unreachable,
// and their menu follows; failed invitation codes are limited per hour, a good code
// included once the limit is reached.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Harness } from "../../harness/harness.js";
import { join } from "../../harness/fixtures.js";
import type { Deps } from "../../../src/shared/deps.js";
import type { OutboundMessage, Recipient } from "../../../src/shared/messaging/outbound.js";
import type { CommandMenus } from "../../../src/shared/messaging/menus.js";
import type { Capabilities } from "../../../src/shared/bloc/roles.js";
import { syncMenus } from "../../../src/features/access/use-cases/menus.js";
import { askRevocation, confirmRevoke, grantsOfPerson, personById, tellRevoked } from "../../../src/features/access/use-cases/people.js";
import { INVITE_ATTEMPTS_PER_HOUR, issueInvite, redeemInvitation } from "../../../src/features/access/use-cases/invites.js";

let h: Harness;
let deps: Deps;
let sent: { to: Recipient; message: OutboundMessage }[];
let menuCalls: { chatId: number; caps: Capabilities; locale: string }[];
let refuseMenusOf: Set<number>;

const fakeMenus: CommandMenus = {
  keyOf: (caps, locale) => {
    const kinds = (Object.keys(caps) as (keyof Capabilities)[]).filter((k) => caps[k]);
    return kinds.length ? `fake:${locale}:${kinds.join(",")}` : "";
  },
  set: async (chatId, caps, locale) => {
    if (refuseMenusOf.has(chatId)) throw new Error("refused");
    menuCalls.push({ chatId, caps, locale });
  },
};
const idOf = async (telegramId: number) => (await h.db.person.findUniqueOrThrow({ where: { telegramId: BigInt(telegramId) } })).id;

beforeEach(async () => {
  h = await Harness.create({ now: "2026-11-10T03:00:00Z" });
  await join(h, 200, "Lan", "HP", "focal");
  sent = [];
  menuCalls = [];
  refuseMenusOf = new Set();
  deps = {
    ...h.app.deps,
    notify: { send: async (to, message) => (sent.push({ to, message }), "sent") },
    menus: fakeMenus,
  };
});
afterEach(async () => h.close());

describe("the access feature's use cases, through fake ports", () => {
  it("menus: set through the port when they changed, not again when they did not, tried again after a refusal", async () => {
    const lan = await idOf(200);
    refuseMenusOf.add(200);
    await syncMenus(deps);
    expect(menuCalls.filter((c) => c.chatId === 200)).toHaveLength(0);
    const keyAfterRefusal = (await h.db.person.findUniqueOrThrow({ where: { id: lan } })).menuKey;
    expect(keyAfterRefusal).not.toMatch(/^fake:/); // unchanged: the next tick tries again
    refuseMenusOf.clear();
    expect(await syncMenus(deps)).toBeGreaterThanOrEqual(1);
    expect(menuCalls.filter((c) => c.chatId === 200)).toEqual([{ chatId: 200, caps: expect.objectContaining({ focal: true }), locale: "vi" }]);
    expect((await h.db.person.findUniqueOrThrow({ where: { id: lan } })).menuKey).toMatch(/^fake:vi:.*focal/);
    const calls = menuCalls.length;
    expect(await syncMenus(deps)).toBe(0);
    expect(menuCalls).toHaveLength(calls);
  });

  it("a revocation confirmed: the person hears it through the port even when marked unreachable, and their menu follows", async () => {
    const lan = await idOf(200);
    const admin = await idOf(1);
    await syncMenus(deps);
    await h.db.person.update({ where: { id: lan }, data: { reachable: false, unreachableAt: new Date(), unreachableReason: "Forbidden: bot was blocked by the user" } });
    const who = (await personById(deps, lan))!;
    const grants = await grantsOfPerson(deps, lan);
    const asked = await askRevocation(deps, { who, all: grants, chosen: grants, allRoles: true, reason: "Chuyển công tác", byPersonId: admin });
    if (!asked.ok) throw new Error(`refused: ${asked.reason}`);
    const done = await confirmRevoke(deps, asked.id, admin);
    if (!done.ok) throw new Error(`not confirmed: ${done.reason}`);
    expect(done.ended.map((g) => g.role)).toEqual(["focal"]);
    await tellRevoked(deps, done, (locale, ended) => `${locale}: ${ended.map((g) => g.role).join(",")}`);
    expect(sent).toEqual([{ to: { person: lan, evenIfUnreachable: true }, message: { text: "vi: focal" } }]);
    // An unreachable person's menu is left to the next tick where they write again; a reachable one's is cleared now.
    await h.db.person.update({ where: { id: lan }, data: { reachable: true } });
    menuCalls = [];
    await syncMenus(deps, [lan]);
    expect(menuCalls).toEqual([{ chatId: 200, caps: expect.objectContaining({ focal: false }), locale: "vi" }]);
    expect((await h.db.person.findUniqueOrThrow({ where: { id: lan } })).menuKey).toBeNull();
  });

  it("invitation codes: after INVITE_ATTEMPTS_PER_HOUR failures in the hour even a good code is refused, and counted no further", async () => {
    const admin = await idOf(1);
    const board = await h.db.board.findUniqueOrThrow({ where: { code: "QN" } });
    const good = await issueInvite(deps, { role: "focal", boardId: board.id, byPersonId: admin });
    if (!good.ok) throw new Error("not issued");
    const stranger = await h.db.person.create({ data: { telegramId: 777n, firstName: "Khách" } });
    const who = { personId: stranger.id, chatId: 777 };
    for (let i = 0; i < INVITE_ATTEMPTS_PER_HOUR; i++) expect(await redeemInvitation(deps, who, "x".repeat(22))).toEqual({ ok: false, reason: "unknown" });
    expect(await redeemInvitation(deps, who, good.code)).toEqual({ ok: false, reason: "too_many" });
    expect(await h.db.inviteAttempt.count({ where: { telegramId: 777n } })).toBe(INVITE_ATTEMPTS_PER_HOUR);
    h.clock.advance(3600_000 + 1000);
    expect(await redeemInvitation(deps, who, good.code)).toMatchObject({ ok: true, role: "focal", boardId: board.id });
  });

  it("an invitation's role and board must agree, and the board be active", async () => {
    const admin = await idOf(1);
    const qn = await h.db.board.findUniqueOrThrow({ where: { code: "QN" } });
    expect(await issueInvite(deps, { role: "focal", boardId: null, byPersonId: admin })).toEqual({ ok: false, reason: "role_needs_board" });
    expect(await issueInvite(deps, { role: "secretariat", boardId: qn.id, byPersonId: admin })).toEqual({ ok: false, reason: "role_of_bloc" });
    await h.db.board.update({ where: { id: qn.id }, data: { status: "retired" } });
    expect(await issueInvite(deps, { role: "focal", boardId: qn.id, byPersonId: admin })).toEqual({ ok: false, reason: "board_inactive" });
    expect(await h.db.invite.count({ where: { boardId: qn.id } })).toBe(0);
  });
});
