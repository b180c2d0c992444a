// Scene: an admin sets the bloc up and invites a board's focal person.
import type { Harness } from "../../tests/harness/harness.js";
import type { Transcript } from "./transcript.js";

export async function setupScene(h: Harness, t: Transcript) {
  t.scene("1. Setting up the bloc: boards, the group, an invitation");
  const admin = h.user(1, "Minh (admin)");
  const lan = h.user(201, "Lan (Hải Phòng)");
  const group = h.group(-1001234567890, "Khối thi đua ĐBSH");
  t.name(1, "Minh (admin)");
  t.name(201, "Lan (Hải Phòng)");
  t.name(group.chatId, "the bloc's group");

  await t.says(admin, "Minh (admin)", "/start");
  await t.says(admin, "Minh (admin)", "/boards");
  await t.says(admin, "Minh (admin)", "/linkgroup", group);
  await t.says(admin, "Minh (admin)", "/invite HP focal");
  const code = /start=([A-Za-z0-9_-]+)/.exec(admin.lastText())![1]!;
  t.note("Minh forwards the link to Lan, who opens it in Telegram");
  await t.says(lan, "Lan (Hải Phòng)", `/start ${code}`);
  t.note("someone else tries the same link");
  const other = h.user(999, "Stranger");
  t.name(999, "Stranger");
  await t.says(other, "Stranger", `/start ${code}`);
  await t.says(lan, "Lan (Hải Phòng)", "/whoami");
  t.note("/help shows each person what their roles allow: here a focal person's");
  await t.says(lan, "Lan (Hải Phòng)", "/help");
  t.note("someone without an invitation learns what the bot is and whom to ask");
  await t.says(other, "Stranger", "/start");
  return { admin, lan, group };
}
