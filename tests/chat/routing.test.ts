// Commands dispatched by name (src/chat/routing.ts): the same answers as grammY's
// own command filters would give, for the forms a command can take.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Update } from "grammy/types";
import { Harness, texts, type FakeUser } from "../harness/harness.js";
import { harnessWithLan } from "../harness/fixtures.js";
import { Context } from "grammy";
import { ButtonTable, CommandTable, commandName } from "../../src/chat/routing.js";
import type { BotContext } from "../../src/chat/context.js";

let h: Harness;
let lan: FakeUser;

beforeEach(async () => {
  ({ h, lan } = await harnessWithLan());
});
afterEach(async () => h.close());

const UNKNOWN = "Không có lệnh này. Gõ /help để xem các lệnh.";

function ctxOf(message: Record<string, unknown>, kind: "message" | "channelPost" = "message"): BotContext {
  return { message: kind === "message" ? message : undefined, channelPost: kind === "channelPost" ? message : undefined } as unknown as BotContext;
}

describe("command routing", () => {
  it("reads the command where grammY's filter does", () => {
    const cmd = (text: string, entities = [{ type: "bot_command", offset: 0, length: text.split(/\s/)[0]!.length }]) => commandName(ctxOf({ text, entities }));
    expect(cmd("/whoami")).toBe("whoami");
    expect(cmd("/report 2026-10")).toBe("report");
    expect(cmd("/summary@khoi_test_bot 2026")).toBe("summary");
    expect(cmd("/summary@another_bot")).toBe("summary"); // the filter decides it is not ours
    expect(cmd("hello /whoami", [{ type: "bot_command", offset: 6, length: 7 }])).toBeUndefined();
    expect(cmd("/whoami", [])).toBeUndefined();
    expect(cmd("/whoami", [{ type: "bold", offset: 0, length: 7 }])).toBeUndefined();
    expect(commandName(ctxOf({ caption: "/import", caption_entities: [{ type: "bot_command", offset: 0, length: 7 }] }))).toBeUndefined();
    expect(commandName(ctxOf({ text: "/digest", entities: [{ type: "bot_command", offset: 0, length: 7 }] }, "channelPost"))).toBe("digest");
  });

  it("answers a command with its arguments, addressed to the bot or not, and ignores one meant for another bot", async () => {
    expect(texts(await lan.send("/whoami"))[0]).toContain("Lan");
    expect(texts(await lan.send("/whoami@khoi_test_bot"))[0]).toContain("Lan");
    expect(texts(await lan.send("/whoami@another_bot"))).toEqual([UNKNOWN]);
    expect(texts(await lan.send("/nosuchcommand"))).toEqual([UNKNOWN]);
    expect(texts(await lan.send("/WHOAMI"))).toEqual([UNKNOWN]); // grammY's commands are case-sensitive
    expect(texts(await lan.send("/lang en"))).toEqual(["Language set to English."]); // ctx.match: the arguments
  });

  it("keeps private-only commands private, and runs every handler of a command in the order registered", async () => {
    const group = h.group();
    expect(await lan.sendIn(group, "/lang en")).toEqual([]); // private only: nothing in the group
    expect((await h.db.person.findFirstOrThrow({ where: { telegramId: 200n } })).locale).not.toBe("en");
    // /boards: the admin guard registered first refuses, the handler after it never runs.
    expect(texts(await lan.send("/boards"))).toEqual(["Anh/Chị không có quyền dùng chức năng này."]);
    const admin = h.user(1, "Admin"); // ADMIN_ID of the harness
    expect(texts(await admin.send("/boards"))[0]).toContain("HP");
  });

  it("passes on, untouched, what is not a command it has: edited messages, other commands, buttons", async () => {
    const table = new CommandTable();
    const ran: string[] = [];
    table.command("whoami", () => void ran.push("whoami"));
    const message = { message_id: 5, date: 1, chat: { id: 200, type: "private", first_name: "Lan" }, from: { id: 200, is_bot: false, first_name: "Lan" }, text: "/whoami", entities: [{ type: "bot_command", offset: 0, length: 7 }] };
    const run = async (update: Record<string, unknown>) => {
      const ctx = new Context({ update_id: 1, ...update } as Update, h.app.bot.api, h.app.bot.botInfo) as BotContext;
      let passed = false;
      await table.middleware()(ctx, async () => void (passed = true));
      return passed;
    };
    expect(await run({ edited_message: { ...message, edit_date: 2 } })).toBe(true);
    expect(await run({ message: { ...message, text: "/status", entities: [{ type: "bot_command", offset: 0, length: 7 }] } })).toBe(true);
    expect(await run({ callback_query: { id: "1", from: message.from, chat_instance: "x", data: "menu:report" } })).toBe(true);
    expect(ran).toEqual([]);
    expect(await run({ message })).toBe(false); // its own command: handled, not passed on
    expect(ran).toEqual(["whoami"]);
    expect(table.names()).toEqual(["whoami"]);
  });
});

describe("button routing", () => {
  const from = { id: 200, is_bot: false, first_name: "Lan" };
  const press = async (table: ButtonTable, data: string) => {
    const ctx = new Context({ update_id: 1, callback_query: { id: "1", from, chat_instance: "x", data } } as Update, h.app.bot.api, h.app.bot.botInfo) as BotContext;
    let passed = false;
    await table.middleware()(ctx, async () => void (passed = true));
    return passed;
  };

  it("runs a press's handlers in the order registered, passes on other data, and lists the kinds it answers", async () => {
    const table = new ButtonTable();
    const ran: string[] = [];
    table.callbackQuery(["inv", "menu:invite"], /^(inv|menu:invite)/, (_ctx, next) => (ran.push("guard"), next()));
    table.callbackQuery("inv", /^inv:y:(\d{1,9})$/, (ctx) => void ran.push(`inv ${String(ctx.match[1])}`));
    table.callbackQuery("menu:invite", "menu:invite", () => void ran.push("menu"));
    expect(await press(table, "inv:y:7")).toBe(false);
    expect(await press(table, "menu:invite")).toBe(false);
    expect(await press(table, "bv:1:2")).toBe(true);
    expect(await press(table, "inv:zz")).toBe(true); // the guard passed it on, no handler took it
    expect(ran).toEqual(["guard", "inv 7", "guard", "menu", "guard"]);
    expect(table.kinds().sort()).toEqual(["inv", "menu:invite"]);
  });

  it("refuses a trigger that cannot be of the kinds it is listed under", () => {
    const table = new ButtonTable();
    expect(() => table.callbackQuery("bv", /^bvb:(\d+)$/, () => {})).toThrow(/kind "bv"/);
    expect(() => table.callbackQuery("bv", /bv:(\d+)$/, () => {})).toThrow(/kind "bv"/); // not anchored
    expect(() => table.callbackQuery("rv", "menu:people", () => {})).toThrow(/kind "rv"/);
    expect(() => table.callbackQuery(["inv", "rv"], /^(inv|menu:boards)/, () => {})).toThrow(/kind "rv"/);
    expect(() => table.callbackQuery("Bad:kind", /^Bad:/, () => {})).toThrow(/menu:x/);
    expect(() => table.callbackQuery([], /^x:/, () => {})).toThrow(/kinds/);
    expect(table.kinds()).toEqual([]);
  });
});
