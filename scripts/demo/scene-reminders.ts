// Scene: the reminder days of November pass in fast-forward.
import type { FakeGroup, FakeUser, Harness } from "../../tests/harness/harness.js";
import type { Transcript } from "./transcript.js";

const vn = (local: string) => new Date(`${local}+07:00`);

export async function remindersScene(h: Harness, t: Transcript, group: FakeGroup) {
  t.scene("3. Reminders for November's figures, in fast-forward");
  const admin = h.user(1, "Minh (admin)");
  // Two more boards get focal persons.
  const people: [number, string, string][] = [[301, "Tuấn (Quảng Ninh)", "QN"], [302, "Hà (Bắc Ninh)", "BN"]];
  const users: FakeUser[] = [];
  for (const [id, name, board] of people) {
    await admin.send(`/invite ${board} focal`);
    const code = /start=([A-Za-z0-9_-]+)/.exec(admin.lastText())![1]!;
    const u = h.user(id, name);
    await u.send(`/start ${code}`);
    t.name(id, name);
    users.push(u);
  }
  t.note("Tuấn (Quảng Ninh) and Hà (Bắc Ninh) joined by invitation; Lan reports for Hải Phòng");
  h.clock.set(vn("2026-12-01T08:00:00"));
  await t.says(admin, "Minh (admin)", "/schedule");
  t.note("5 December, when November's figures are due, is a Saturday: the deadline moves to Monday 7 December, and nothing is posted on the weekend");

  const lan = h.user(201, "Lan");
  let day = "";
  const end = vn("2026-12-10T12:00:00").getTime();
  while (h.clock.now().getTime() < end) {
    h.clock.advance(30 * 60_000);
    const local = new Date(h.clock.now().getTime() + 7 * 3600_000).toISOString();
    if (local.slice(0, 10) !== day) day = local.slice(0, 10);
    const before = h.tg.calls.length;
    await h.app.scheduler.tick();
    const calls = h.tg.calls.slice(before).filter((c) => c.method === "sendMessage");
    if (calls.length) {
      t.note(`${local.slice(8, 10)}/${local.slice(5, 7)} ${local.slice(11, 16)}`);
      t.show(calls);
    }
    if (local.startsWith("2026-12-04T10:00")) {
      t.note("Lan presses the reminder's button and reports November (answers not shown)");
      await lan.press("Báo cáo ngay");
      for (const a of ["10", "9", "28", "11", "380,5", "2.950", "1.180", "19.500", "33,1", "1.420", "52.400", "8"]) await lan.send(a);
      await t.presses(lan, "Lan", "Gửi báo cáo");
    }
  }
  void group;
  void users;
}
