// The group's outbox as a use case, without the bot: posts go out through the chats
// port (deps.chats) whatever the messenger, a kind of post is rendered by the feature
// that registered it, and a refusal that says the bot is gone unlinks the group and
// tells the admins through the outbound port (deps.notify), the configuration's admin
// without a Person row by their messenger id.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Harness } from "../../harness/harness.js";
import { flushGroupPosts, linkGroup, postToGroup, queuePost } from "../../../src/features/group/use-cases.js";
import type { Deps } from "../../../src/shared/deps.js";
import { ChatCallError, type Chats } from "../../../src/shared/messaging/chats.js";
import type { OutboundMessage, Recipient } from "../../../src/shared/messaging/outbound.js";

const GROUP = -1009876543210;
const CONFIG_ADMIN = 1; // the harness's ADMIN_IDS

let h: Harness;
let deps: Deps;
let sent: { chatId: number; message: OutboundMessage }[];
let notified: { to: Recipient; message: OutboundMessage }[];
let refuse: ChatCallError | null;
let refuseOnly: string | null; // refuse only a post with this text

beforeEach(async () => {
  h = await Harness.create();
  sent = [];
  notified = [];
  refuse = null;
  refuseOnly = null;
  let next = 1;
  const chats: Chats = {
    async send(chatId, message) {
      if (refuse && chatId === GROUP && (!refuseOnly || message.text === refuseOnly)) throw refuse;
      sent.push({ chatId, message });
      return { chatId, messageId: next++ };
    },
    edit: async () => "unsupported",
    sendPicture: async (chatId) => ({ chatId, messageId: next++ }),
  };
  deps = { ...h.app.deps, chats, notify: { send: async (to, message) => (notified.push({ to, message }), "sent") } };
  await linkGroup(deps, { id: GROUP, title: "Khối thi đua ĐBSH" }, null);
});
afterEach(async () => h.close());

describe("the group's outbox", () => {
  it("sends a text post once per key, with its choices, through the chats port", async () => {
    const choices = [[{ label: "Xem", action: "sm:s:m2026-10" }]];
    await postToGroup(deps, "k1", { kind: "text", text: "<b>Tin</b>", buttons: choices.map((r) => r.map((c) => ({ label: c.label, data: c.action }))) }, 3600_000);
    await postToGroup(deps, "k1", { kind: "text", text: "<b>Tin</b> lần hai" }, 3600_000);
    expect(sent).toEqual([{ chatId: GROUP, message: { text: "<b>Tin</b>", choices } }]);
    expect((await h.db.groupPost.findUniqueOrThrow({ where: { key: "k1" } })).status).toBe("sent");
  });

  it("a refusal that says the bot is gone: the group unlinked, the post kept uncounted, the admins told through the ports", async () => {
    const admin = await h.db.person.create({ data: { telegramId: BigInt(555), firstName: "Ad", locale: "en" } });
    await h.db.role.create({ data: { personId: admin.id, role: "admin", key: `${admin.id}:admin:*` } });
    refuse = new ChatCallError(403, "Forbidden: bot was kicked from the supergroup chat");
    await queuePost(deps, "k2", { kind: "text", text: "Nhắc nộp báo cáo" }, 3600_000);
    await flushGroupPosts(deps);
    expect((await h.db.bloc.findUniqueOrThrow({ where: { id: 1 } })).groupChatId).toBeNull();
    const post = await h.db.groupPost.findUniqueOrThrow({ where: { key: "k2" } });
    expect(post).toMatchObject({ status: "pending", attempts: 0 });
    // The admin by role in their language, through the outbound port; the configuration's admin (no Person row) by id.
    expect(notified).toHaveLength(1);
    expect(notified[0]!.to).toEqual({ person: admin.id });
    expect(notified[0]!.message.text).toContain("The bot was removed from the bloc's group “Khối thi đua ĐBSH”");
    expect(sent).toHaveLength(1);
    expect(sent[0]!.chatId).toBe(CONFIG_ADMIN);
    expect(sent[0]!.message.text).toContain("Bot đã bị xóa khỏi nhóm chung của Khối “Khối thi đua ĐBSH”");

    // Linked again: the post that waited goes out.
    refuse = null;
    await linkGroup(deps, { id: GROUP, title: "Khối thi đua ĐBSH" }, null);
    await flushGroupPosts(deps);
    expect(sent.at(-1)).toEqual({ chatId: GROUP, message: { text: "Nhắc nộp báo cáo" } });
  });

  it("a refusal of the post itself is tried again later, then given up; other posts go on, and the admins are not told", async () => {
    refuse = new ChatCallError(400, "Bad Request: can't parse entities");
    refuseOnly = "<b>hỏng";
    await queuePost(deps, "bad", { kind: "text", text: "<b>hỏng" }, 24 * 3600_000);
    await queuePost(deps, "good", { kind: "text", text: "Tin tốt" }, 24 * 3600_000);
    await flushGroupPosts(deps);
    const post = await h.db.groupPost.findUniqueOrThrow({ where: { key: "bad" } });
    expect(post).toMatchObject({ status: "pending", attempts: 1, lastError: "Bad Request: can't parse entities" });
    expect(post.nextTryAt.getTime()).toBe(h.clock.now().getTime() + 60_000);
    expect(sent).toEqual([{ chatId: GROUP, message: { text: "Tin tốt" } }]);
    for (let i = 0; i < 4; i++) {
      h.clock.advance(3600_000);
      await flushGroupPosts(deps);
    }
    expect(await h.db.groupPost.findUniqueOrThrow({ where: { key: "bad" } })).toMatchObject({ status: "failed", attempts: 5 });
    expect(sent).toHaveLength(1);
    expect(notified).toEqual([]);
    expect((await h.db.bloc.findUniqueOrThrow({ where: { id: 1 } })).groupChatId).toBe(BigInt(GROUP));
  });
});
