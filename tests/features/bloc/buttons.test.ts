// The admin buttons' guard (invitations, boards) answers exactly its own buttons:
// data that merely begins with its letters ("invxyz", "menu:boardsx") is not taken
// for one of them, and gets the answer any unknown button gets; its own buttons are
// refused to a person who is not an admin.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Harness, type FakeUser } from "../../harness/harness.js";
import { join } from "../../harness/fixtures.js";

let h: Harness;
let lan: FakeUser;
beforeEach(async () => {
  h = await Harness.create({ now: "2026-11-10T03:00:00Z" });
  lan = await join(h, 200, "Lan", "HP", "focal");
});
afterEach(async () => h.close());

function press(u: FakeUser, data: string) {
  const last = h.tg.messages(u.id).at(-1)!;
  return {
    callback_query: {
      id: String(h.nextUpdateId() + 900000), from: u.tg, chat_instance: `ci${u.id}`, data,
      message: { message_id: last.message_id, date: Math.floor(h.clock.now().getTime() / 1000), chat: { id: u.id, type: "private" as const, first_name: u.tg.first_name }, from: { id: 7000000001, is_bot: true as const, first_name: "Khối bot" }, text: last.text ?? "" },
    },
  };
}
const answers = async (data: string) => (await h.handle(press(lan, data))).filter((c) => c.method === "answerCallbackQuery").map((c) => c.payload.text);

describe("the admin buttons' guard", () => {
  it("answers its own buttons only", async () => {
    const t = (key: string) => h.app.deps.i18n.t("vi", key);
    for (const data of ["inv:b:1", "inv:c:1", "menu:boards", "menu:invite"]) expect(await answers(data)).toEqual([t("not-allowed")]);
    for (const data of ["invxyz", "inv", "menu:boardsx", "menu:invitee"]) expect(await answers(data)).toEqual([t("button-expired")]);
  });
});
