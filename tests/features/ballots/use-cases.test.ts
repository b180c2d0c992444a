// The ballots' use cases without the bot: a real SQLite file (the harness's), and
// the messenger replaced by fakes of the ports they send through (deps.chats for
// the group's messages, deps.notify for a person). What a vote, a close and the
// live message do is decided here, whatever the messenger.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Harness } from "../../harness/harness.js";
import { createBallot } from "../../../src/features/ballots/store.js";
import { MOTION_OPTIONS } from "../../../src/features/ballots/rules.js";
import { closeBallotNow, postBallot, resultKey, voteForBoard, voteFromGroup, type PressGuard } from "../../../src/features/ballots/use-cases.js";
import { linkGroup } from "../../../src/features/group/use-cases.js";
import type { Deps } from "../../../src/shared/deps.js";
import type { Chats, LandedMessage } from "../../../src/shared/messaging/chats.js";
import type { OutboundMessage, Recipient } from "../../../src/shared/messaging/outbound.js";

const GROUP = -1001234567890;

/** A messenger with or without edits: what was sent and edited, by chat. */
function fakeChats(opts: { edits: boolean }) {
  const sent: { chatId: number; message: OutboundMessage }[] = [];
  const edited: { at: LandedMessage; message: OutboundMessage }[] = [];
  let next = 100;
  const chats: Chats = {
    async send(chatId, message) {
      sent.push({ chatId, message });
      return { chatId, messageId: next++ };
    },
    async edit(at, message) {
      if (!opts.edits) return "unsupported";
      edited.push({ at, message });
      return "edited";
    },
    async sendPicture(chatId) {
      return { chatId, messageId: next++ };
    },
  };
  return { chats, sent, edited };
}

function fakeNotify() {
  const sent: { to: Recipient; message: OutboundMessage }[] = [];
  return { notify: { send: async (to: Recipient, message: OutboundMessage) => (sent.push({ to, message }), "sent" as const) }, sent };
}

/** A double-tap guard that lets every press through, counting them. */
function pressGuard(): PressGuard & { claims: number } {
  const g = { claims: 0, claim: async () => (g.claims++, true), release: async () => {} };
  return g;
}

let h: Harness;
let deps: Deps;
let chats: ReturnType<typeof fakeChats>;
let boards: { id: number; code: string }[];
let creator: number;

async function motion(opts: { secret?: boolean } = {}): Promise<number> {
  return createBallot(h.db, {
    kind: "motion", awardKindCode: null, year: 2026, title: "Thông qua quy chế", secret: opts.secret ?? false, picksPerVoter: 1, maxWinners: 1, quorum: 1,
    tieRule: "leader", allowSelfVote: true, createdById: creator, closesAt: new Date(h.clock.now().getTime() + 24 * 3600_000), chatId: GROUP,
    candidates: MOTION_OPTIONS.map((o) => ({ boardId: null, label: o })), eligibleBoardIds: boards.map((b) => b.id), now: h.clock.now(),
  });
}

async function setUp(edits: boolean) {
  h = await Harness.create();
  chats = fakeChats({ edits });
  deps = { ...h.app.deps, chats: chats.chats, notify: fakeNotify().notify };
  boards = await h.db.board.findMany({ where: { status: "active" }, orderBy: { sortOrder: "asc" }, select: { id: true, code: true } });
  creator = (await h.db.person.create({ data: { telegramId: BigInt(1), firstName: "Admin" } })).id;
  await linkGroup(deps, { id: GROUP, title: "Khối thi đua" }, null);
}

afterEach(async () => h.close());

describe("with a messenger that edits", () => {
  beforeEach(async () => setUp(true));

  it("posts the ballot through the chats port, rendered by the ballots, and checks presses against the message it landed as", async () => {
    const id = await motion();
    const key = await postBallot(deps, id);
    expect(key).toBe(`ballot:${id}:open:${GROUP}`);
    const post = chats.sent.find((s) => s.message.text.startsWith("🗳"));
    expect(post?.chatId).toBe(GROUP);
    expect(post?.message.choices?.flat().map((c) => c.action)).toEqual([`bv:${id}:0`, `bv:${id}:1`, `bv:${id}:2`]);
    const ballot = await h.db.ballot.findUniqueOrThrow({ where: { id } });
    expect(ballot.messageId).toBe(100); // what the fake returned: the landed message is stored with the outbox's mark

    const press = pressGuard();
    const elsewhere = await voteFromGroup(deps, { ballotId: id, on: { chatId: GROUP, messageId: 99 }, position: 0, votingBoards: [boards[0]!.id], personId: creator }, press);
    expect(elsewhere).toEqual({ ok: false, reason: "expired" });
    const stranger = await voteFromGroup(deps, { ballotId: id, on: { chatId: GROUP, messageId: 100 }, position: 0, votingBoards: [], personId: creator }, press);
    expect(stranger).toEqual({ ok: false, reason: "not_voter" });
    expect(press.claims).toBe(0);

    const voted = await voteFromGroup(deps, { ballotId: id, on: { chatId: GROUP, messageId: 100 }, position: 0, votingBoards: [boards[0]!.id], personId: creator }, press);
    expect(voted).toMatchObject({ ok: true, kind: "voted", boardId: boards[0]!.id, choices: [0], replaced: false, refresh: true });
    expect(press.claims).toBe(1);
    expect(await h.db.ballotVote.count({ where: { ballotId: id } })).toBe(1);

    // Someone serving two boards is asked which one the vote is for; nothing is stored yet.
    const two = await voteFromGroup(deps, { ballotId: id, on: { chatId: GROUP, messageId: 100 }, position: 1, votingBoards: [boards[1]!.id, boards[2]!.id], personId: creator }, press);
    expect(two).toMatchObject({ ok: true, kind: "which_board", boards: [{ id: boards[1]!.id }, { id: boards[2]!.id }] });
    expect(await h.db.ballotVote.count({ where: { ballotId: id } })).toBe(1);
    const forBoard = await voteForBoard(deps, { ballotId: id, boardId: boards[2]!.id, position: 1, votingBoards: [boards[1]!.id, boards[2]!.id], personId: creator }, press);
    expect(forBoard).toMatchObject({ ok: true, kind: "voted", boardId: boards[2]!.id, choices: [1] });
    // A board the presser does not vote for is refused, whatever the data says.
    const forged = await voteForBoard(deps, { ballotId: id, boardId: boards[3]!.id, position: 1, votingBoards: [boards[1]!.id], personId: creator }, press);
    expect(forged).toEqual({ ok: false, reason: "not_voter" });
  });

  it("a close queues the result with the close and edits the live message to say it is closed; a press afterwards is refused", async () => {
    const id = await motion();
    await postBallot(deps, id);
    await voteFromGroup(deps, { ballotId: id, on: { chatId: GROUP, messageId: 100 }, position: 0, votingBoards: [boards[0]!.id], personId: creator }, pressGuard());
    const r = await closeBallotNow(deps, id, creator);
    expect(r).toEqual({ ok: true, resultKey: resultKey(id) });
    const result = await h.db.groupPost.findUniqueOrThrow({ where: { key: resultKey(id) } });
    expect(result.status).toBe("sent");
    expect(chats.sent.at(-1)?.message.text).toContain("Kết quả");
    const closedNote = chats.edited.find((e) => e.at.messageId === 100 && e.message.choices === undefined);
    expect(closedNote?.message.text).toMatch(/^🗳/);
    expect(await closeBallotNow(deps, id, creator)).toEqual({ ok: false, reason: "not_open" });
    const late = await voteFromGroup(deps, { ballotId: id, on: { chatId: GROUP, messageId: 100 }, position: 1, votingBoards: [boards[0]!.id], personId: creator }, pressGuard());
    expect(late).toEqual({ ok: false, reason: "closed" });
  });
});

describe("with a messenger without edits (as Zalo)", () => {
  beforeEach(async () => setUp(false));

  it("votes and closes the same way; nothing is edited and nothing fails", async () => {
    const id = await motion();
    await postBallot(deps, id);
    const voted = await voteFromGroup(deps, { ballotId: id, on: { chatId: GROUP, messageId: 100 }, position: 2, votingBoards: [boards[0]!.id], personId: creator }, pressGuard());
    expect(voted).toMatchObject({ ok: true, kind: "voted", choices: [2] });
    expect(await closeBallotNow(deps, id, creator)).toEqual({ ok: true, resultKey: resultKey(id) });
    expect(chats.edited).toEqual([]);
    expect((await h.db.groupPost.findUniqueOrThrow({ where: { key: resultKey(id) } })).status).toBe("sent");
    expect((await h.db.ballot.findUniqueOrThrow({ where: { id } })).status).toBe("closed");
  });
});
