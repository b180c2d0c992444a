// What a dialogue sends counts towards its re-entry (REENTER_AFTER_CHARS,
// chat/conversations/dialogue.ts): the replay log keeps every message sent, and a
// replay sends it again through the Api, so after a long read-back (60 items, four
// messages) or a picker of 60 items the dialogue is entered again, and its stored
// state is no larger than what the answers themselves make it.
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
  it("at 60 indicators, the state after the read-back and after the item picker stays within what the questions make it", async () => {
    h = await Harness.create({ blocFile: largeBloc({ boards: 3, indicators: 60 }), now: "2026-11-02T02:00:00Z" });
    const lan = await join(h, 200, "Lan", "B001", "focal");
    const bytes = async () => {
      // The stored text, as tests/chat/dialogues.test.ts reads it (the columns hold JSON text).
      const row = (await sqlOf(h.db)).get<{ value: string; dialogue: string | null }>(`SELECT "value", "dialogue" FROM "ConversationState" WHERE "key" = ?`, `c${lan.id}`);
      return row ? Buffer.byteLength(row.value) + Buffer.byteLength(row.dialogue ?? "") : 0;
    };
    await lan.send("/report");
    let questions = 0;
    for (let i = 0; i < 59; i++) {
      await lan.send(answerFor(i));
      questions = Math.max(questions, await bytes());
    }
    await lan.send(answerFor(59));
    expect(buttonsOf(lan.last())).toEqual(["📤 Gửi báo cáo", "✏️ Sửa một mục", "✖ Hủy"]); // the read-back's last part
    const readBack = await bytes();
    await lan.press("Sửa một mục");
    const picker = await bytes();
    expect(questions).toBeGreaterThan(0);
    // Before sent messages counted: 65.8 kB after the read-back and 74.7 kB after the picker, against 52.3 kB.
    expect(readBack).toBeLessThan(questions);
    expect(picker).toBeLessThan(questions);
    // And the dialogue goes on where it was: the picker's items still answer.
    await lan.press(/^45\. /);
    expect(lan.lastText()).toContain("Câu 45/60");
  });
});
