// A dialogue's own buttons (rq:…, nb:…) are routes of the bot's button table,
// recorded exactly (chat/conversations/choice.ts, buttonData): a press that reaches
// no open dialogue is answered "expired" there, and the bot's recorded routes list
// the dialogues' kinds because the table routes them.
import { afterEach, describe, expect, it } from "vitest";
import { alerts, texts, type Harness } from "../../harness/harness.js";
import { harnessWithLan } from "../../harness/fixtures.js";
import { ButtonTable, routesOf } from "../../../src/chat/routing.js";
import { buttonData, Dialogues } from "../../../src/chat/conversations/dialogue.js";
import { dialoguesFeature } from "../../../src/chat/conversations/choice.js";

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe("a dialogue's buttons in the button table", () => {
  it("a question's button pressed after its dialogue ended is answered 'expired', nothing else happens", async () => {
    let lan;
    ({ h, lan } = await harnessWithLan({ now: "2026-11-02T02:00:00Z" }));
    await lan.send("/report");
    const question = lan.last()!;
    expect(question.reply_markup?.inline_keyboard.flat().map((b) => ("callback_data" in b ? b.callback_data : "")).every((d) => buttonData("rq").test(d))).toBe(true);
    await lan.send("/cancel");
    const calls = await lan.press("Hủy", { messageId: question.message_id });
    expect(alerts(calls)).toEqual(["Lựa chọn này đã hết hiệu lực."]);
    expect(texts(calls)).toEqual([]);
    expect(await h.db.reportDraft.count()).toBe(0);
  });

  it("the table routes each dialogue's kind (so the bot's recorded routes hold them), beside the choice's", async () => {
    const dialogues = new Dialogues({} as never, {} as never);
    for (const id of ["report", "new-ballot"]) dialogues.add({ id, prefix: id === "report" ? "rq" : "nb", version: 1 } as never);
    const table = new ButtonTable();
    dialoguesFeature(table, dialogues);
    expect(table.kinds().sort()).toEqual(["dlg", "nb", "rq"]);
    ({ h } = await harnessWithLan({ now: "2026-11-02T02:00:00Z" }));
    expect(routesOf(h.app.bot).buttons).toEqual(expect.arrayContaining(["rq", "nb", "dlg"]));
  });

  it("the data is matched exactly: prefix, 8 hex digits, the prompt's number, an action of 1–40 characters", () => {
    const rq = buttonData("rq");
    expect(rq.exec("rq:0a1b2c3d:12:item:3")?.slice(1)).toEqual(["0a1b2c3d", "12", "item:3"]);
    for (const bad of ["rq:0a1b2c3:12:x", "rq:0a1b2c3d:x:x", "rq:0a1b2c3d:1:", "nb:0a1b2c3d:1:x", `rq:0a1b2c3d:1:${"x".repeat(41)}`, "xrq:0a1b2c3d:1:x"]) expect(rq.test(bad), bad).toBe(false);
    expect(() => buttonData("r:q")).toThrow();
  });
});
