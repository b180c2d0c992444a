// The world the authorisation matrix (tests/authz.test.ts) runs in, one per role:
// a linked group, a board ("XSS") and people whose names are HTML traps, the
// actor of the role, this year's leader board (HP), real ballots (an election
// open for votes and a nomination round made through /newballot, plus per chat
// a motion to close, one to cancel and a nomination round to open), a summary
// in the group, a person marked unreachable, and two conversations of other
// people left open (a report, a new ballot) whose buttons the actor presses.
import { Harness, type FakeGroup, type FakeUser } from "./harness.js";
import { join } from "./fixtures.js";
import { findPerson, markUnreachable } from "../../src/shared/db/people.js";
import { createInvite } from "../../src/features/access/store/invites.js";
import { getBloc } from "../../src/shared/bloc/store.js";
import { listBoards } from "../../src/shared/bloc/store.js";
import { createBallot, toggleNomination } from "../../src/features/ballots/store.js";
import { MOTION_OPTIONS } from "../../src/features/ballots/rules.js";
import { postBallot } from "../../src/features/ballots/use-cases.js";
import { requestRevocation } from "../../src/features/access/store/revocations.js";
import { blocWithBoardsFrom } from "./bloc-files.js";

/**
 * The roles of the matrix: someone with no role, a board's focal person and head
 * (of the board whose name is a trap), the focal person of this year's leader
 * board (who may see summaries), the secretariat, an admin by invitation, and
 * an admin from ADMIN_IDS who holds no grant in the database.
 */
export const ROLES = ["outsider", "focal", "head", "officer", "secretariat", "admin", "config-admin"] as const;
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
    "config-admin": "<i>Cfg</i> & <script>c</script>",
  } satisfies Record<Role, string>,
};

/** Substrings that must never reach an HTML message raw, and their escaped forms. */
export const RAW_MARKERS = ["<b>Bold", "Bold</b>", "<b>Grp", "<b>Ghost", "<i>Zed", "<b>Hưng", "<b>Out", "<i>Lan", "<i>Hùng", "<b>Officer", "<i>Thu", "<i>Ad", "<i>Cfg", "<b>Bold title", "<script", "Tom & Jerry", "& Co"];
export const ESCAPED_MARKERS = ["&lt;b&gt;Bold", "&lt;script", "Tom &amp; Jerry"];

export function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const ACTOR_IDS: Record<Role, number> = { outsider: 900, focal: 200, head: 201, officer: 210, secretariat: 100, admin: 5, "config-admin": 2 };

export type World = {
  h: Harness;
  group: FakeGroup;
  admin1: FakeUser; // the admin from ADMIN_IDS, who sets the world up
  actors: Record<Where, FakeUser>; // the outsider in the group never wrote to the bot; everyone else is one person
  role: Role;
  board: Record<"XSS" | "HP" | "QN" | "VP" | "ND", number>;
  october: number; // period id
  /** The election everyone votes in, and per chat the ballots a manager closes, cancels or opens. */
  ballot: { election: number; nominations: number; closeMe: Record<Where, number>; cancelMe: Record<Where, number>; openMe: Record<Where, number> };
  electionMsg: number;
  nominationMsg: number;
  summaryMsg: number;
  position: { QN: number; VP: number }; // candidates' positions in the election
  /** A /record change the world's admin proposed and left unconfirmed. */
  recordChange: number;
  foreign: { rq: string; nb: string; rqChat: number; nbChat: number };
  /** /revoke's targets: the ghost (QN's head) and a pending request to confirm and one to cancel (by the actor when an admin). */
  revoke: { ghost: number; confirmMe: number; cancelMe: number };
  /** A standing invitation (focal person of XSS) made by the world's admin, which /invites lists and its buttons withdraw. */
  invite: number;
};

/** Creates a ballot as an admin does it in private: /newballot and its buttons. */
async function newBallot(admin: FakeUser, kind: string, o: { title?: string; nominations?: boolean }): Promise<number> {
  await admin.send("/newballot");
  await admin.press(kind);
  await admin.press(/^\d{4}$/);
  if (o.title) await admin.send(o.title);
  await admin.press("Dùng tiêu đề này");
  await admin.press(o.nominations ? "Vòng đề cử" : "Tất cả các đơn vị");
  await admin.press("Công khai");
  await admin.press("24 giờ");
  await admin.press("Không yêu cầu");
  await admin.press("bầu lại");
  await admin.press("Đăng lên nhóm");
  const m = /số (\d+)/.exec(admin.lastText());
  if (!m) throw new Error(`ballot not created: ${admin.lastText()}`);
  return Number(m[1]);
}

/** More ballots of the same kinds, stored and posted by the bot's own functions (quicker than the dialogue). */
async function quickBallot(h: Harness, kind: "motion" | "nominations", createdById: number, nominees: number[] = []): Promise<number> {
  const bloc = (await getBloc(h.db))!;
  const now = h.clock.now();
  const eligible = (await listBoards(h.db, { activeOnly: true })).map((b) => b.id);
  const id = await createBallot(h.db, {
    kind: kind === "motion" ? "motion" : "deputy", awardKindCode: null, year: kind === "motion" ? 2026 : 2027,
    title: NASTY.title, secret: false, picksPerVoter: 1, maxWinners: 1,
    quorum: 0, tieRule: "runoff", allowSelfVote: true, createdById, closesAt: new Date(now.getTime() + 24 * 3600_000), chatId: Number(bloc.groupChatId),
    candidates: kind === "motion" ? MOTION_OPTIONS.map((o) => ({ boardId: null, label: o })) : [], eligibleBoardIds: eligible, now,
  });
  await postBallot(h.app.deps, id);
  for (const n of nominees) await toggleNomination(h.db, id, n, n);
  return id;
}

function callbackData(u: FakeUser, prefix: string): string {
  for (const m of [...u.messages()].reverse()) {
    for (const b of (m.reply_markup?.inline_keyboard ?? []).flat()) if ("callback_data" in b && b.callback_data.startsWith(prefix)) return b.callback_data;
  }
  throw new Error(`no ${prefix} button in chat ${u.id}`);
}

/** 10:00 on 10 November 2026 in Hà Nội: October's figures are due (deadline passed), the year's leader is known. */
export const NOW = "2026-11-10T03:00:00Z";

export async function buildWorld(role: Role): Promise<World> {
  const h = await Harness.create({ now: NOW, adminIds: [1, ACTOR_IDS["config-admin"]], blocFile: blocWithBoardsFrom("2026-01") });
  const group = h.group(-1001234567890, NASTY.group);
  const admin1 = h.user(1, "Admin");
  await admin1.sendIn(group, "/linkgroup");
  await admin1.send(`/addboard XSS | ${NASTY.boardShort} | ${NASTY.boardName} | 2026-01`);
  const code = async (c: string) => (await h.db.board.findUniqueOrThrow({ where: { code: c } })).id;
  const board = { XSS: await code("XSS"), HP: await code("HP"), QN: await code("QN"), VP: await code("VP"), ND: await code("ND") };
  await h.db.blocOfficer.create({ data: { year: 2026, role: "leader", boardId: board.HP } });

  // People of the world besides the actor: a focal person of QN, and QN's head, who blocked the bot.
  const minh = await join(h, 300, "Minh", "QN", "focal");
  await join(h, 400, NASTY.ghost, "QN", "head");
  const ghost = (await findPerson(h.db, 400))!;
  await join(h, 401, NASTY.people.focal, "XSS", "focal"); // so that reminders name the board in every world
  await markUnreachable(h.db, ghost.id, "Forbidden: bot was blocked by the user", h.clock.now());

  // The actor.
  const id = ACTOR_IDS[role];
  const name = NASTY.people[role];
  let actor: FakeUser;
  let inGroup: FakeUser;
  if (role === "outsider") {
    actor = h.user(id, name);
    await actor.send("xin chào"); // known to the bot, with no role
    inGroup = h.user(id + 1, name); // a member of the group who never wrote to the bot
  } else if (role === "config-admin") {
    actor = h.user(id, name);
    await actor.send("xin chào"); // known to the bot; an admin by configuration only
    inGroup = actor;
  } else {
    if (role === "focal" || role === "head") actor = await join(h, id, name, "XSS", role);
    else if (role === "officer") actor = await join(h, id, name, "HP", "focal");
    else actor = await join(h, id, name, "", role);
    inGroup = actor;
  }

  // Ballots: the election and a nomination round through the dialogue, the rest stored directly.
  const election = await newBallot(admin1, "Khối trưởng", { title: NASTY.title });
  const nominations = await newBallot(admin1, "Khối phó", { nominations: true });
  const creator = (await findPerson(h.db, 1))!.id;
  const ballot = {
    election, nominations,
    closeMe: { private: await quickBallot(h, "motion", creator), group: await quickBallot(h, "motion", creator) },
    cancelMe: { private: await quickBallot(h, "motion", creator), group: await quickBallot(h, "motion", creator) },
    openMe: { private: nominations, group: await quickBallot(h, "nominations", creator, [board.HP, board.QN]) },
  };
  const e = await h.db.ballot.findUniqueOrThrow({ where: { id: election }, include: { candidates: true } });
  const n = await h.db.ballot.findUniqueOrThrow({ where: { id: nominations } });
  const pos = (boardId: number) => e.candidates.find((c) => c.boardId === boardId)!.position;
  // Two boards nominated through the buttons, so that /openballot has something to open.
  await minh.press("Hải Phòng", { in: group, messageId: n.messageId! });
  await minh.press("Quảng Ninh", { in: group, messageId: n.messageId! });

  // A summary in the group, whose buttons are pressed.
  await admin1.sendIn(group, "/summary");
  const summaryMsg = group.last()!.message_id;

  // A past year's leader the admin is about to record (the preview left unconfirmed).
  await admin1.send("/record 2021 leader QN");
  const recordChange = (await h.db.recordChange.findFirstOrThrow({ where: { status: "pending" } })).id;

  // Other people's conversations, left open: Minh's report, the admin's new ballot.
  await minh.send("/report");
  await admin1.send("/newballot");
  const october = (await h.db.period.findFirstOrThrow({ where: { year: 2026, month: 10 } })).id;

  // Requests to take the ghost's role back, made by the actor if an admin (else by the admin of ADMIN_IDS).
  const requester = (role === "admin" || role === "config-admin" ? await findPerson(h.db, id) : null) ?? (await findPerson(h.db, 1))!;
  const ghostRoles = (await h.db.role.findMany({ where: { personId: ghost.id, revokedAt: null } })).map((r) => r.id);
  const pending = async () => requestRevocation(h.db, { personId: ghost.id, roleIds: ghostRoles, allRoles: true, reason: NASTY.title, requestedById: requester.id, at: h.clock.now() });
  const revoke = { ghost: ghost.id, confirmMe: await pending(), cancelMe: await pending() };
  await createInvite(h.db, { code: "authz-world-invite", role: "focal", boardId: board.XSS, createdById: creator, createdAt: h.clock.now(), expiresAt: new Date(h.clock.now().getTime() + 7 * 86400_000) });
  const invite = (await h.db.invite.findFirstOrThrow({ where: { usedAt: null, boardId: board.XSS, createdById: creator } })).id;

  return {
    h, group, admin1, actors: { private: actor, group: inGroup }, role, board, october, ballot, revoke, invite,
    electionMsg: e.messageId!, nominationMsg: n.messageId!, summaryMsg,
    position: { QN: pos(board.QN), VP: pos(board.VP) }, recordChange,
    foreign: { rq: callbackData(minh, "rq:"), nb: callbackData(admin1, "nb:"), rqChat: minh.id, nbChat: admin1.id },
  };
}
