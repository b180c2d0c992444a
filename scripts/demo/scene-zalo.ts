// Scene: a focal person who has no Telegram joins, reports and votes on Zalo (issue 16):
// the same bot, the same dialogue, plain text and numbered choices instead of
// buttons and formatting (the Zalo adapter, driven through the in-process fake Zalo).
import { parseZaloEvent } from "../../src/messengers/zalo/events.js";
import type { FakeZalo } from "../../tests/harness/fake-zalo.js";
import type { Harness } from "../../tests/harness/harness.js";
import type { Transcript } from "./transcript.js";

export async function zaloScene(h: Harness, t: Transcript, fake: FakeZalo) {
  t.scene("6. On Zalo: a focal person without Telegram joins, reports and votes");
  const zalo = h.app.zalo;
  if (!zalo) throw new Error("the demo's bot serves Zalo too (Harness option zalo)");
  const admin = h.user(1, "Minh (admin)");
  await admin.send("/invite VP focal");
  const code = /<code>([0-9A-Z]{5}-[0-9A-Z]{5})<\/code>/.exec(admin.lastText())![1]!;
  t.note("Minh sends the invitation's short code to Thảo, who has Zalo only; she types it to the bot's Zalo account, in lower case");
  const thao = fake.user("Thảo");
  const label = "Thảo (Vĩnh Phúc, on Zalo)";

  /** Thảo types `text` on Zalo; prints what she typed (unless quiet) and what the bot sent back there. */
  const says = async (text: string, quiet = false) => {
    const before = fake.sent.get(thao.id)?.length ?? 0;
    await zalo.adapter.handle(zalo.bot, parseZaloEvent(fake.textEvent(thao, text))!);
    if (quiet) return;
    t.typed(label, text);
    t.zalo(label, (fake.sent.get(thao.id) ?? []).slice(before).map((s) => s.text ?? s.caption ?? ""));
  };
  await says(code.toLowerCase());
  await says("/whoami");
  t.note("her November report: each question answered by typing; a choice is a number");
  await says("/report");
  await says("15");
  t.note("questions 2 to 11 go by");
  for (const a of ["7", "31", "12", "410,2", "3.050", "1.220,5", "20.100", "34,6", "1.460", "53.100"]) await says(a, true);
  await says("8");
  t.note("on the read-back the items are numbered 1–12 and its own choices 13–15: she types 5 to change item 5, then sends by the number shown");
  await says("5");
  await says("412,3");
  const review = fake.sent.get(thao.id)?.at(-1)?.text ?? "";
  await says(/^(\d+)\. 📤 Gửi báo cáo$/m.exec(review)![1]!);

  t.note("a motion in the group: Thảo reads no Telegram group, so the ballot reaches her on Zalo, its choices numbered; she votes by typing its reference and a number (a bare number answers the latest list only)");
  const thu = h.user(110, "Thu (secretariat)");
  await thu.send("/newballot");
  for (const b of ["Biểu quyết", /^\d{4}$/, "Dùng tiêu đề này", "Công khai", "24 giờ", "Không yêu cầu", "Đăng lên nhóm"]) await thu.press(b);
  const id = /số (\d+)/.exec(thu.lastText())![1]!;
  const ballot = [...(fake.sent.get(thao.id) ?? [])].reverse().find((s) => s.text?.startsWith("🗳"))!.text!;
  t.zalo(label, [ballot]);
  await says(`B${id} ${/^(\d+)\. Đồng ý$/m.exec(ballot)![1]!}`);
  t.note("Thu closes it; the result reaches Thảo on Zalo too");
  const before = fake.sent.get(thao.id)?.length ?? 0;
  await thu.send(`/closeballot ${id}`);
  t.zalo(label, (fake.sent.get(thao.id) ?? []).slice(before).map((s) => s.text ?? ""));
}
