import { afterEach, describe, expect, it } from "vitest";
import { registerCommands } from "../../../src/messengers/telegram/commands.js";
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
    expect(find("all_private_chats", "vi")?.commands.map((c) => c.command)).toEqual(["start", "whoami", "lang", "help"]);
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
});
