// Scene: the year-end conference elects next year's leader and deputy and agrees
// the award proposals, in the group.
import type { FakeGroup, FakeUser, Harness } from "../../tests/harness/harness.js";
import type { Transcript } from "./transcript.js";

const vn = (local: string) => new Date(`${local}+07:00`);

export async function votesScene(h: Harness, t: Transcript, group: FakeGroup) {
  t.scene("4. Year-end conference: electing the leader and deputy, proposing awards");
  h.clock.set(vn("2026-12-18T08:30:00"));
  const admin = h.user(1, "Minh (admin)");
  const invite = async (id: number, name: string, board: string, role: string) => {
    await admin.send(role === "secretariat" ? "/invite - secretariat" : `/invite ${board} ${role}`);
    const code = /start=([A-Za-z0-9_-]+)/.exec(admin.lastText())![1]!;
    const u = h.user(id, name);
    await u.send(`/start ${code}`);
    t.name(id, name);
    return u;
  };
  const thu = await invite(110, "Thu (secretariat)", "", "secretariat");
  const voters: Record<string, FakeUser> = {
    HP: h.user(201, "Lan"),
    QN: h.user(301, "Tuấn"),
    BN: h.user(302, "Hà"),
    HNA: await invite(303, "An (Hà Nam)", "HNA", "focal"),
    VP: await invite(304, "Phúc (Vĩnh Phúc)", "VP", "focal"),
    ND: await invite(305, "Nga (Nam Định)", "ND", "focal"),
    NB: await invite(306, "Bình (Ninh Bình)", "NB", "focal"),
  };
  t.note("voters of 7 boards are present; Thu is the leader's secretariat");
  t.note("the secretariat's /help lists what it may do: summaries, ballots, the year's report");
  await t.says(thu, "Thu", "/help");

  const ballotMsg = () => [...group.messages()].reverse().find((m) => m.text?.startsWith("🗳"))!;
  const vote = async (board: string, choice: string, quiet = false) => {
    const u = voters[board]!;
    if (quiet) await u.press(choice, { in: group, messageId: ballotMsg().message_id });
    else await t.presses(u, `${u.tg.first_name} (${board})`, choice, group);
  };

  await t.says(thu, "Thu", "/newballot");
  for (const b of ["Khối trưởng", /^2027$/, "Dùng tiêu đề này", "Tất cả các đơn vị", "Phiếu kín", "24 giờ", "Quá nửa", "bầu lại", "Đăng lên nhóm"]) {
    await t.presses(thu, "Thu", b);
  }
  await vote("HP", "Hà Nam");
  t.note("the other boards vote (not shown)");
  for (const b of ["QN", "BN", "VP", "ND", "NB"]) await vote(b, "Hà Nam", true);
  await vote("HNA", "Vĩnh Phúc", true);
  const leaderId = /số (\d+)/.exec(ballotMsg().text!)![1];
  await t.says(thu, "Thu", `/closeballot ${leaderId}`);

  t.note("the deputy's election and the emulation flag proposal are created the same way (not shown)");
  const create = async (kind: string, picks?: number) => {
    await thu.send("/newballot");
    for (const b of [kind, /^\d{4}$/, "Dùng tiêu đề này", "Tất cả các đơn vị"]) await thu.press(b);
    if (picks) await thu.press(new RegExp(`^(★ )?${picks}$`));
    for (const b of ["Công khai", "24 giờ", "Quá nửa", "bầu lại", "Đăng lên nhóm"]) await thu.press(b);
    return /số (\d+)/.exec(thu.lastText())![1]!;
  };
  const deputyId = await create("Khối phó");
  for (const b of ["HP", "QN", "BN", "HNA", "ND", "NB"]) await vote(b, "Vĩnh Phúc", true);
  await vote("VP", "Nam Định", true);
  await t.says(thu, "Thu", `/closeballot ${deputyId}`);

  const flagId = await create("Cờ thi đua của Bộ trưởng", 2);
  await vote("HNA", "Hải Phòng");
  await vote("HNA", "Hà Nam");
  await vote("HNA", "Nam Định");
  for (const [b, picks] of [["QN", ["Hải Phòng", "Nam Định"]], ["BN", ["Hải Phòng", "Nam Định"]], ["VP", ["Hải Phòng", "Nam Định"]], ["NB", ["Hải Phòng", "Nam Định"]], ["ND", ["Hải Phòng", "Ninh Bình"]], ["HP", ["Nam Định", "Bắc Ninh"]]] as const) {
    for (const p of picks) await vote(b, p, true);
  }
  await t.says(thu, "Thu", `/closeballot ${flagId}`);
  await t.says(thu, "Thu", "/ballots");
}
