// What a dialogue sends stays out of its replay log (DialogueRun.say,
// chat/conversations/dialogue.ts): each message is sent once, in
// conversation.external, and the log keeps its id. So after a long read-back (60
// items, four messages) or a picker of 60 items the stored state is no larger
// than the answers make it, a replay does not send those messages again, and the
// dialogue need not be entered again because of them.
import { afterEach, describe, expect, it } from "vitest";
import { Harness, buttonsOf } from "../../harness/harness.js";
import { join } from "../../harness/fixtures.js";
import { largeBloc } from "../../harness/bloc-files.js";
import { sqlOf } from "../../../src/shared/db/sql.js";

let h: Harness;
afterEach(async () => {
  await h?.close();
});

/** A value each indicator of the large bloc accepts (as tests/chat/long-texts.test.ts). */
const answerFor = (i: number) => (i % 5 === 1 || i % 5 === 2 ? `${1000 + i},25` : String(100 + i));

describe("a dialogue's long messages", () => {
  it("at 60 indicators, no message the dialogue sent is kept in its stored state: not the questions, the read-back or the item picker", async () => {
    h = await Harness.create({ blocFile: largeBloc({ boards: 3, indicators: 60 }), now: "2026-11-02T02:00:00Z" });
    const lan = await join(h, 200, "Lan", "B001", "focal");
    const stored = async () => {
      // The stored text, as tests/chat/dialogues.test.ts reads it (the columns hold JSON text).
      const row = (await sqlOf(h.db)).get<{ value: string; dialogue: string | null }>(`SELECT "value", "dialogue" FROM "ConversationState" WHERE "key" = ?`, `c${lan.id}`);
      return row ? row.value + (row.dialogue ?? "") : "";
    };
    await lan.send("/report");
    for (let i = 0; i < 59; i++) {
      await lan.send(answerFor(i));
      expect(lan.lastText()).toContain(`Câu ${i + 2}/60`); // the next question was sent...
      expect(await stored()).not.toContain("Câu "); // ...and is not in the state (nor any earlier one)
    }
    const before = (await stored()).length;
    await lan.send(answerFor(59));
    const sent = lan.messages().map((m) => m.text ?? "");
    const readBack = sent.slice(sent.findIndex((t) => t.includes("Kiểm tra báo cáo")));
    expect(readBack).toHaveLength(4); // 13,000 characters in Telegram's parts
    expect(buttonsOf(lan.last())).toEqual(["📤 Gửi báo cáo", "✏️ Sửa một mục", "✖ Hủy"]);
    const after = await stored();
    expect(after).not.toContain("Kiểm tra báo cáo");
    // The state grew by the answer (an update and a few ids), not by the read-back's 13,000 characters.
    expect(after.length - before).toBeLessThan(2_000);

    await lan.press("Sửa một mục");
    expect(lan.lastText()).toContain("Sửa mục nào?");
    const picker = await stored();
    expect(picker).not.toContain("Sửa mục nào?");
    // The press carries the message it was pressed on (the read-back's last part): that much, not the picker's 60 buttons.
    expect(picker.length - after.length).toBeLessThan(readBack.at(-1)!.length + 2_000);
    // And the dialogue goes on where it was: the picker's items still answer.
    await lan.press(/^45\. /);
    expect(lan.lastText()).toContain("Câu 45/60");
  });

  it("a message Telegram refuses inside a dialogue fails the update with Telegram's own error (not taken for a broken replay), and the draft keeps the answers", async () => {
    h = await Harness.create({ now: "2026-11-02T02:00:00Z" });
    const lan = await join(h, 200, "Lan", "HP", "focal");
    await lan.send("/report");
    await lan.send("12");
    expect(lan.lastText()).toContain("Câu 2/12");
    // The next question is refused once.
    h.tg.fail((c) => c.method === "sendMessage" && String(c.payload.text).includes("Câu 3/12"), 400, "Bad Request: chat not found", { times: 1 });
    await lan.send("8");
    const logs = h.logs.join("");
    expect(logs).toContain("update failed");
    expect(logs).toContain("chat not found"); // the GrammyError, with Telegram's words
    expect(logs).not.toContain("dialogue failed to replay");
    expect(lan.lastText()).not.toContain("Câu 3/12");
    // As before messages went through external(): the dialogue ends with the failed update, its draft kept.
    await lan.send("/report");
    expect(lan.lastText()).toContain("2/12");
    await lan.press("Tiếp tục");
    expect(lan.lastText()).toContain("Câu 3/12");
  });
});
