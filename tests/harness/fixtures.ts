// Shared set-ups for tests: people registered through real invitations.
import { Harness, type FakeUser, type HarnessOptions } from "./harness.js";

export const ADMIN_ID = 1;

/** A fresh harness with Lan (Telegram id 200), focal person of HP: the usual start of a test. */
export async function harnessWithLan(opts: HarnessOptions = {}): Promise<{ h: Harness; lan: FakeUser }> {
  const h = await Harness.create(opts);
  return { h, lan: await join(h, 200, "Lan", "HP", "focal") };
}

/** Registers a person for a board and role the way people join: an admin's invitation link. */
export async function join(h: Harness, id: number, name: string, board: string, role: "focal" | "head" | "secretariat" | "admin", opts: { language?: string } = {}): Promise<FakeUser> {
  const admin = h.user(ADMIN_ID, "Admin");
  await admin.send(role === "secretariat" || role === "admin" ? `/invite - ${role}` : `/invite ${board} ${role}`);
  const code = /start=([A-Za-z0-9_-]+)/.exec(admin.lastText())?.[1];
  if (!code) throw new Error(`no invite link: ${admin.lastText()}`);
  const user = h.user(id, name, opts);
  await user.send(`/start ${code}`);
  return user;
}

/** Typical October answers for the 12 indicators of the example bloc, in catalogue order. */
export const OCTOBER = ["12", "8", "30", "10", "402,76 triệu USD", "3.131,93 tỷ đồng", "1.200,5", "20.000", "35,2", "1.500", "52.300", "8"];

export async function answerAll(user: FakeUser, answers: string[]): Promise<void> {
  for (const a of answers) await user.send(a);
}

/** A whole report from /report to the receipt. */
export async function fullReport(user: FakeUser, answers = OCTOBER, command = "/report"): Promise<string> {
  await user.send(command);
  await answerAll(user, answers);
  await user.press("Gửi báo cáo");
  return user.lastText();
}

/**
 * Amends a sent report on Telegram: /report, "Sửa một mục", the item whose button
 * matches `item`, the new value typed, "Gửi báo cáo", and "Bỏ qua" at the question
 * for a reason (the amendment's note).
 */
export async function amendOneItem(user: FakeUser, item: RegExp, value: string): Promise<void> {
  await user.send("/report");
  await user.press("Sửa một mục");
  await user.press(item);
  await user.send(value);
  await user.press("Gửi báo cáo");
  await user.press("Bỏ qua");
}

/** `user` (secretariat or admin) starts /newballot for next year's Khối trưởng, public, all boards as candidates, with the suggested title, up to the question of when it closes. */
export async function electionUpToClosing(user: FakeUser): Promise<void> {
  await user.send("/newballot");
  await user.press("Khối trưởng");
  await user.press(/^\d{4}$/);
  await user.press("Dùng tiêu đề này");
  await user.press("Tất cả các đơn vị");
  await user.press("Công khai");
}
