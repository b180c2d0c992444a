// Ballots with people on Zalo, for the tests that drive both messengers through
// the harness (the Telegram fake and the in-process Zalo fake): typing on Zalo,
// joining there by an invitation's code, creating a ballot as a secretary does,
// and reading a numbered Zalo menu.
import { expect } from "vitest";
import { parseZaloEvent } from "../../src/messengers/zalo/events.js";
import type { FakeZalo, FakeZaloUser } from "./fake-zalo.js";
import type { FakeUser, Harness } from "./harness.js";

/** `user` types `text` on Zalo; what the bot sent back there (plain text), in order. */
export async function zaloSend(h: Harness, fake: FakeZalo, user: FakeZaloUser, text: string): Promise<string[]> {
  const zalo = h.app.zalo!;
  const before = fake.sent.get(user.id)?.length ?? 0;
  await zalo.adapter.handle(zalo.bot, parseZaloEvent(fake.textEvent(user, text))!);
  return (fake.sent.get(user.id) ?? []).slice(before).map((s) => s.text ?? "");
}

/** Every text the bot sent `user` on Zalo. */
export function zaloTexts(fake: FakeZalo, user: FakeZaloUser): string[] {
  return (fake.sent.get(user.id) ?? []).map((s) => s.text ?? "");
}

/** A ballot's message (“🗳 title (số N)”), not a receipt (“🗳 title — cuộc bỏ phiếu số N” then the board's vote). */
export function isBallot(text: string | undefined): boolean {
  return /^🗳 .*\(số \d+\)$/m.test(text?.split("\n")[0] ?? "");
}

/** A person who joins on Zalo with an invitation's code: `board`'s `role` (Zalo their preferred messenger). */
export async function joinOnZalo(h: Harness, fake: FakeZalo, name: string, board: string, role: "focal" | "head"): Promise<FakeZaloUser> {
  const admin = h.user(1, "Admin");
  await admin.send(`/invite ${board} ${role}`);
  const code = /start=([A-Za-z0-9_-]+)/.exec(admin.lastText())![1]!;
  const u = fake.user(name);
  await zaloSend(h, fake, u, `/start ${code}`);
  expect((await h.db.person.findFirstOrThrow({ where: { firstName: name } })).preferredMessenger).toBe("zalo");
  return u;
}

/** The number of the numbered line `label` (a regular expression's source, whole line) in a Zalo message. */
export function numberOf(text: string, label: string): string {
  const line = text.split("\n").find((l) => new RegExp(`^\\d+\\. ${label}$`).test(l));
  if (!line) throw new Error(`no line "${label}" in:\n${text}`);
  return line.split(".")[0]!;
}

/** /newballot's confirmation, as it says what will happen: posted in the group, or (no group) sent to each board's people in private. */
export const CONFIRM_BALLOT = /^(📣 Đăng lên nhóm|📨 Gửi riêng đến các đơn vị)$/;

export type NewBallotOptions = { kind: string; secret?: boolean };

/** Creates a ballot the way a secretary does: /newballot and the buttons, posted (or, with no group, sent) at once. Returns its id and what the secretary was told. */
export async function createBallot(thu: FakeUser, o: NewBallotOptions): Promise<{ id: number; said: string }> {
  await thu.send("/newballot");
  await thu.press(o.kind);
  await thu.press(/^\d{4}$/);
  await thu.press("Dùng tiêu đề này");
  if (!o.kind.startsWith("Biểu quyết")) await thu.press("Tất cả các đơn vị");
  await thu.press(o.secret ? "Phiếu kín" : "Công khai");
  await thu.press("24 giờ");
  await thu.press("Không yêu cầu");
  if (!o.kind.startsWith("Biểu quyết")) await thu.press("bầu lại");
  await thu.press(CONFIRM_BALLOT);
  const m = /số (\d+)/.exec(thu.lastText());
  if (!m) throw new Error(thu.lastText());
  return { id: Number(m[1]), said: thu.lastText() };
}
