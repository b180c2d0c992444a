import { afterEach, describe, expect, it } from "vitest";
import { registerCommands, telegramMenus } from "../../../src/messengers/telegram/commands.js";
import { Harness } from "../../harness/harness.js";

let h: Harness;
afterEach(async () => h?.close());

describe("command menus", () => {
  it("are registered per language and per scope, admins getting their own", async () => {
    h = await Harness.create({ adminIds: [1, 2] });
    await registerCommands(h.app.bot.api, h.app.deps.i18n, [1, 2], "vi");
    const calls = h.tg.callsOf("setMyCommands").map((c) => c.payload as { scope: { type: string; chat_id?: number }; language_code?: string; commands: { command: string; description: string }[] });
    const find = (type: string, lang: string | undefined, chat?: number) =>
      calls.find((c) => c.scope.type === type && c.language_code === lang && c.scope.chat_id === chat);
    // Private chats without a menu of their own: what a person without a role may use.
    expect(find("all_private_chats", "vi")?.commands.map((c) => c.command)).toEqual(["start", "whoami", "messenger", "lang", "help"]);
    expect(find("all_private_chats", "vi")?.commands.find((c) => c.command === "whoami")?.description).toBe("Thông tin và vai trò của Anh/Chị");
    expect(find("all_private_chats", "en")?.commands.find((c) => c.command === "whoami")?.description).toBe("Who am I, my roles");
    expect(find("all_private_chats", undefined)?.commands.find((c) => c.command === "whoami")?.description).toBe("Thông tin và vai trò của Anh/Chị");
    expect(find("all_group_chats", "vi")?.commands.map((c) => c.command)).toContain("summary");
    for (const admin of [1, 2]) {
      const menu = find("chat", "en", admin)?.commands.map((c) => c.command);
      expect(menu).toEqual(expect.arrayContaining(["boards", "people", "revoke", "invite", "summary", "newballot", "annual", "import", "lock", "report"]));
      expect(find("chat", "en", admin)?.commands.find((c) => c.command === "revoke")?.description).toBe("Take a role back");
    }
  });

  it("the menu port sets a person's menu in each language and the default, clears it without a role, and leaves other messengers' people alone", async () => {
    h = await Harness.create();
    const menus = telegramMenus(h.app.bot.api, h.app.deps.i18n);
    const none = { admin: false, secretariat: false, focal: false, head: false, officer: false };
    const focal = { ...none, focal: true };
    expect(menus.keyOf(none, "vi")).toBe("");
    expect(menus.keyOf(focal, "en")).toMatch(/^en:.*report/);
    const before = h.tg.calls.length;
    await menus.set(200, focal, "en");
    const set = h.tg.calls.slice(before).filter((c) => c.method === "setMyCommands").map((c) => c.payload as { scope: { chat_id: number }; language_code?: string; commands: { command: string }[] });
    expect(set.map((c) => [c.scope.chat_id, c.language_code ?? null])).toEqual([[200, "vi"], [200, "en"], [200, null]]);
    expect(set[0]!.commands.map((c) => c.command)).toContain("report");
    const cleared = h.tg.calls.length;
    await menus.set(200, none, "vi");
    expect(h.tg.calls.slice(cleared).map((c) => c.method)).toEqual(["deleteMyCommands", "deleteMyCommands", "deleteMyCommands"]);
    const other = h.tg.calls.length;
    await menus.set(2 ** 52 + 1, focal, "vi"); // a Zalo person's number (src/messengers/zalo/ids.ts)
    expect(h.tg.calls.length).toBe(other);
  });
});
