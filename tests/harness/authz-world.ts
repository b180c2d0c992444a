// The world the authorisation matrix runs in: a linked group, a board and people
// whose names are HTML traps, one person per role, real ballots (an election
// open for votes, two motions, a nomination round), this year's leader board,
// a summary in the group, and two conversations of other people left open.
import { Harness, type FakeGroup, type FakeUser } from "./harness.js";
import { join } from "./fixtures.js";
import { findPerson, markUnreachable } from "../../src/db/people.js";

export const ROLES = ["outsider", "focal", "head", "officer", "secretariat", "admin"] as const;
export type Role = (typeof ROLES)[number];
export type Where = "private" | "group";

/** Names and free text with HTML in them. */
export const NASTY = {
  boardShort: "<b>Bold</b> & Co",
  boardName: "<script>alert(1)</script> Tom & Jerry",
  title: "<script>T</script> & <b>Bold title</b>",
  group: "Khối <b>Grp</b> & <script>g</script>",
  ghost: "<b>Ghost</b> & <script>gh</script>",
  newBoard: "<i>Zed</i> & <script>z</script>",
  renamed: "<b>Hưng</b> & <script>r</script>",
  importBoard: "NOPE<script>",
  people: {
    outsider: "<b>Out</b> & <script>o</script>",
    focal: "<i>Lan</i> & <script>f</script>",
    head: "<i>Hùng</i> & <script>h</script>",
    officer: "Phúc & <b>Officer</b>",
    secretariat: "<i>Thu</i> & <script>s</script>",
    admin: "<i>Ad</i> & <script>a</script>",
  } satisfies Record<Role, string>,
};

/** Substrings that must never reach an HTML message raw, and their escaped forms. */
export const RAW_MARKERS = ["<b>Bold", "Bold</b>", "<b>Grp", "<b>Ghost", "<i>Zed", "<b>Hưng", "<b>Out", "<i>Lan", "<i>Hùng", "<b>Officer", "<i>Thu", "<i>Ad", "<b>Bold title", "<script", "Tom & Jerry", "& Co"];
export const ESCAPED_MARKERS = ["&lt;b&gt;Bold", "&lt;script", "Tom &amp; Jerry"];

export function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const ACTOR_IDS: Record<Role, number> = { outsider: 900, focal: 200, head: 201, officer: 210, secretariat: 100, admin: 5 };

export type World = {
  h: Harness;
  group: FakeGroup;
  admin1: FakeUser; // the admin from ADMIN_IDS, who sets the world up
  actor: FakeUser;
  role: Role;
  board: Record<"XSS" | "HP" | "QN" | "VP" | "ND", number>;
  october: number; // period id
  ballot: { election: number; closeMe: number; cancelMe: number; nominations: number };
  electionMsg: number;
  nominationMsg: number;
  summaryMsg: number;
  position: { QN: number; VP: number }; // candidates' positions in the election
  foreign: { rq: string; nb: string; rqChat: number; nbChat: number };
};

/** Creates a ballot as an admin does it in private: /newballot and its buttons. */
async function newBallot(admin: FakeUser, kind: string, o: { title?: string; motion?: boolean; nominations?: boolean }): Promise<number> {
  await admin.send("/newballot");
  await admin.press(kind);
  await admin.press(/^\d{4}$/);
  if (o.title) await admin.send(o.title);
  await admin.press("Dùng tiêu đề này");
  if (!o.motion) await admin.press(o.nominations ? "Vòng đề cử" : "Tất cả các đơn vị");
  await admin.press("Công khai");
  await admin.press("24 giờ");
  await admin.press("Không yêu cầu");
  if (!o.motion) await admin.press("bầu lại");
  await admin.press("Đăng lên nhóm");
  const m = /số (\d+)/.exec(admin.lastText());
  if (!m) throw new Error(`ballot not created: ${admin.lastText()}`);
  return Number(m[1]);
}

function callbackData(u: FakeUser, prefix: string): string {
  for (const m of [...u.messages()].reverse()) {
    for (const b of (m.reply_markup?.inline_keyboard ?? []).flat()) if ("callback_data" in b && b.callback_data.startsWith(prefix)) return b.callback_data;
  }
  throw new Error(`no ${prefix} button in chat ${u.id}`);
}

/** 10:00 on 10 November 2026 in Hà Nội: October's figures are due (deadline passed), the year's leader is known. */
export const NOW = "2026-11-10T03:00:00Z";

export async function buildWorld(role: Role, where: Where): Promise<World> {
  const h = await Harness.create({ now: NOW });
  const group = h.group(-1001234567890, NASTY.group);
  const admin1 = h.user(1, "Admin");
  await admin1.sendIn(group, "/linkgroup");
  await admin1.send(`/addboard XSS | ${NASTY.boardShort} | ${NASTY.boardName}`);
  const code = async (c: string) => (await h.db.board.findUniqueOrThrow({ where: { code: c } })).id;
  const board = { XSS: await code("XSS"), HP: await code("HP"), QN: await code("QN"), VP: await code("VP"), ND: await code("ND") };

  // People of the world, besides the actor.
  const minh = await join(h, 300, "Minh", "QN", "focal");
  await join(h, 400, NASTY.ghost, "QN", "head");
  const ghost = (await findPerson(h.db, 400))!;
  await markUnreachable(h.db, ghost.id, "Forbidden: bot was blocked by the user", h.clock.now());

  // The actor.
  const id = ACTOR_IDS[role];
  const name = NASTY.people[role];
  let actor: FakeUser;
  if (role === "outsider") {
    actor = h.user(id, name);
    if (where === "private") await actor.send("xin chào"); // known to the bot, with no role
  } else if (role === "focal" || role === "head") actor = await join(h, id, name, "XSS", role);
  else if (role === "officer") actor = await join(h, id, name, "HP", "focal");
  else actor = await join(h, id, name, "", role);
  await h.db.blocOfficer.create({ data: { year: 2026, role: "leader", boardId: board.HP } });

  // Ballots, created through the conversation by the configured admin.
  const election = await newBallot(admin1, "Khối trưởng", { title: NASTY.title });
  const closeMe = await newBallot(admin1, "Biểu quyết", { motion: true });
  const cancelMe = await newBallot(admin1, "Biểu quyết", { motion: true });
  const nominations = await newBallot(admin1, "Khối phó", { nominations: true });
  const e = await h.db.ballot.findUniqueOrThrow({ where: { id: election }, include: { candidates: true } });
  const n = await h.db.ballot.findUniqueOrThrow({ where: { id: nominations } });
  const pos = (boardId: number) => e.candidates.find((c) => c.boardId === boardId)!.position;
  // Two boards nominated, so that /openballot has something to open.
  await minh.press("Hải Phòng", { in: group, messageId: n.messageId! });
  await minh.press("Quảng Ninh", { in: group, messageId: n.messageId! });

  // A summary in the group, whose buttons are pressed.
  await admin1.sendIn(group, "/summary");
  const summaryMsg = group.last()!.message_id;

  // Other people's conversations, left open: Minh's report, the admin's new ballot.
  await minh.send("/report");
  await admin1.send("/newballot");
  const october = (await h.db.period.findFirstOrThrow({ where: { year: 2026, month: 10 } })).id;

  return {
    h, group, admin1, actor, role, board, october,
    ballot: { election, closeMe, cancelMe, nominations },
    electionMsg: e.messageId!, nominationMsg: n.messageId!, summaryMsg,
    position: { QN: pos(board.QN), VP: pos(board.VP) },
    foreign: { rq: callbackData(minh, "rq:"), nb: callbackData(admin1, "nb:"), rqChat: minh.id, nbChat: admin1.id },
  };
}
