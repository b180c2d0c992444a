// The authorisation matrix (issue 7): every command and every kind of button, by
// every role, in private and in the group, with the expected outcome written as
// data and checked against what the bot sends and what the database holds.
//
// Roles (ROLES): an outsider (in the group, one who never wrote to the bot), the
// focal person and the head of a board, the focal person of this year's leader
// board (who may see summaries), the secretariat, an admin by invitation and an
// admin from ADMIN_IDS with no grant in the database.
//
// Outcomes:
//   allowed       the feature's normal answer (what it must say, show or change is listed)
//   refused       the polite refusal as a message in that chat, and nothing changed in the database
//                 (but the attempt, where attempts are counted: a wrong invite code)
//   private-only  "use this in private", nothing changed
//   group-only    "send this in the group" (/linkgroup), nothing changed
//   ignored       nothing sent at all, nothing changed
//   alert         the button is answered with an alert, nothing else sent, nothing changed
//   expired       the button is answered with the short "expired" notice, nothing else, nothing changed
//   silent        the button is answered without text, nothing else, nothing changed
// Every row also checks that the update did not fail, that every button press is
// answered exactly once, and that no HTML message carries a name or free text
// unescaped (the world's boards, people, group and ballot are named with <b>, & and <script>).
//
// One harness per role (the world is built in tests/harness/authz-world.ts);
// its rows run in table order, private then group, with separate targets per
// chat for the commands that change things. A row whose expectation the code
// does not meet is a known failure (`bug`), run with it.fails.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Bot } from "grammy";
import { BOT_INFO, type ApiCall } from "./harness/fake-telegram.js";
import { Harness } from "./harness/harness.js";
import { ButtonTable, CommandTable, recordRoutes, routesOf, type BuiltRoutes } from "../src/chat/routing.js";
import type { BotContext } from "../src/chat/context.js";
import { ADMIN_COMMANDS, GROUP_COMMANDS, PRIVATE_COMMANDS } from "../src/messengers/telegram/commands.js";
import { DbReader, changedTables, fragment, htmlProblems, matrixGaps, pressOn, sendDocumentIn, shownText } from "./harness/authz-checks.js";
import { ESCAPED_MARKERS, NASTY, RAW_MARKERS, ROLES, buildWorld, esc, type Role, type Where, type World } from "./harness/authz-world.js";

// ---------------------------------------------------------------------------
// Outcomes

type Spec = {
  /** Messages (vi) whose fixed text appears in what was sent or answered. */
  say?: string[];
  sayEn?: string[];
  /** Messages whose fixed text must not appear. */
  absent?: string[];
  /** Literal strings that must appear in what was sent (escaped names, mostly). */
  has?: (w: World) => string[];
  lacks?: (w: World) => string[];
  /** The press is answered with an alert / a short notice starting with this message's fixed text. */
  alert?: string;
  toast?: string;
  /** The exact buttons (menu-* messages) of the message sent. */
  menu?: string[];
  photos?: number;
  document?: RegExp;
  /** Tables whose content must change. */
  changes?: string[];
  /** A dialogue began: /cancel ends it after the row. */
  conversation?: boolean;
};

type Outcome =
  | { kind: "allowed"; spec: Spec }
  | { kind: "refused"; key: string; records?: string[] } // records: tables that must change, and no others (a recorded attempt)
  | { kind: "private-only" }
  | { kind: "group-only" }
  | { kind: "ignored" }
  | { kind: "alert"; key: string }
  | { kind: "expired" }
  | { kind: "silent" };
type Cell = Outcome & { bug?: string };
/** One cell per role, in the order of ROLES: outsider, focal, head, officer, secretariat, admin, config admin. */
type Seven = [Cell, Cell, Cell, Cell, Cell, Cell, Cell];

const ok = (spec: Spec): Cell => ({ kind: "allowed", spec });
const refused = (key: string, records?: string[]): Cell => ({ kind: "refused", key, ...(records ? { records } : {}) });
const alert = (key: string): Cell => ({ kind: "alert", key });
const bug = (cell: Cell, why: string): Cell => ({ ...cell, bug: why });
const all = (c: Cell): Seven => [c, c, c, c, c, c, c];
const adminOnly = (c: Cell, other: Cell): Seven => [other, other, other, other, other, c, c];
const managers = (c: Cell, other: Cell): Seven => [other, other, other, other, c, c, c];
const summaryPeople = (c: Cell, other: Cell): Seven => [other, other, other, c, c, c, c];
const voters = (c: Cell | ((r: Role) => Cell), other: Cell): Seven => {
  const f = typeof c === "function" ? c : () => c;
  return [other, f("focal"), f("head"), f("officer"), other, other, other];
};

const NA = refused("not-allowed");
const SNA = refused("summary-not-allowed");
const NF = refused("report-not-focal");
const PO: Cell = { kind: "private-only" };
const GO: Cell = { kind: "group-only" };
const IG: Cell = { kind: "ignored" };
const EXP: Cell = { kind: "expired" };
const SIL: Cell = { kind: "silent" };
const A_NA = alert("not-allowed");
const A_NV = alert("ballot-not-voter");
const A_EXP = alert("button-expired");
const A_SNA = alert("summary-not-allowed");

const actorName = (w: World) => esc(NASTY.people[w.role]);
const XSS = esc(NASTY.boardShort);

const START = (menu: string[]) => ok({ say: ["start-welcome"], has: (w) => [actorName(w)], menu });
const HELP_PARTS = ["focal", "head", "officer", "secretariat", "admin"] as const;
const HELP = (parts: (typeof HELP_PARTS)[number][]) =>
  ok({ say: ["help-everyone", ...parts.map((p) => `help-${p}`), ...(parts.length ? [] : ["start-stranger"])], absent: HELP_PARTS.filter((p) => !parts.includes(p)).map((p) => `help-${p}`) });
const WHOAMI = ok({ say: ["whoami-head"], has: (w) => [actorName(w)] });
const WHOAMI_XSS = ok({ say: ["whoami-head"], has: (w) => [actorName(w), XSS] });
const LANG = ok({ say: ["lang-choose"] });
const CANCEL = ok({ say: ["cancel-nothing"] });
const REPORT_XSS = ok({ say: ["report-intro"], has: () => [XSS], conversation: true });
const REPORT_HP = ok({ say: ["report-intro"], has: () => ["Hải Phòng"], conversation: true });
const VIEW_XSS = ok({ say: ["view-none"], has: () => [XSS], lacks: () => ["Quảng Ninh"] });
const STATUS_XSS = ok({ say: ["status-head"], has: () => [XSS] });
const STATUS_HP = ok({ say: ["status-head"], has: () => ["Hải Phòng"] });
const SCHEDULE = ok({ say: ["schedule-head"], absent: ["schedule-usage"] });
const SCHEDULE_ADMIN = ok({ say: ["schedule-head", "schedule-usage"] });
const SCHEDULE_SET = ok({ say: ["schedule-changed"], changes: ["Bloc"] });
const SUMMARY = ok({ say: ["summary-short-head"] }); // the short screen names three boards missing: sm:r lists them all
const SM_COVERAGE = ok({ say: ["summary-short-head", "summary-coverage-none"], has: () => [XSS] }); // among the boards missing
const ANNUAL = ok({ say: ["annual-caption"], document: /\.docx$/ });
const BALLOTS = ok({ say: ["ballots-head"], has: () => [esc(NASTY.title)], absent: ["ballots-manage", "ballots-again"] });
// In private, a board's people are also offered the open ballots they vote in, to have one sent again.
const BALLOTS_VOTER = ok({ say: ["ballots-head", "ballots-again"], has: () => [esc(NASTY.title)], absent: ["ballots-manage"] });
const BALLOTS_MANAGE = ok({ say: ["ballots-head", "ballots-manage"], has: () => [esc(NASTY.title)], absent: ["ballots-again"] });
// An open ballot sent again (bg:), as its private copy: the (escaped) title and a choice per candidate.
const SEND_AGAIN = ok({ say: ["ballot-head"], has: () => [esc(NASTY.title)] });
const BOARDS = ok({ say: ["boards-head"], has: () => [XSS, esc(NASTY.boardName)] });
const INVITE = ok({ say: ["invite-choose-board"] });
const ADDBOARD = ok({ say: ["board-added"], has: () => [esc(NASTY.newBoard)], changes: ["Board"] });
const RENAME = ok({ say: ["board-renamed"], has: () => [esc(NASTY.renamed)], changes: ["Board"] });
const RETIRE = ok({ say: ["board-retired"], changes: ["Board"] });
const MERGE = ok({ say: ["board-merged"], changes: ["Board"] });
const LINK = ok({ say: ["linkgroup-done"], has: () => [esc(NASTY.group)], changes: ["AuditEvent"] });
const RELOAD = ok({ say: ["reload-unchanged"] });
const NUDGE = ok({ say: ["nudge-started", "nudge-done"], has: () => [XSS], changes: ["ReminderSlotSent"] }); // the reminder names the board
const NUDGE_AGAIN = ok({ say: ["nudge-started", "nudge-done"] }); // the same minute: nothing more is claimed, by design
const DIGEST_PRIVATE = ok({ say: ["digest-head", "digest-posted"], has: () => [XSS] });
const DIGEST_GROUP = ok({ say: ["digest-head"], absent: ["digest-posted"], has: () => [XSS] });
const UNREACHABLE = ok({ say: ["unreachable-head"], has: () => [esc(NASTY.ghost)] });
const LOCK = ok({ say: ["period-locked"], changes: ["Period"] });
const UNLOCK = ok({ say: ["period-unlocked"], changes: ["Period"] });
const IMPORT_USAGE = ok({ say: ["import-usage"] });
const IMPORT = ok({ say: ["import-done"], has: () => [esc(NASTY.importBoard)], changes: ["Report"] });
const NEWBALLOT = ok({ say: ["newballot-kind"], conversation: true });
const CLOSE = ok({ say: ["ballot-closed-now", "result-head"], has: () => [esc(NASTY.title)], changes: ["Ballot"] }); // the result, in the group
const CANCEL_BALLOT = ok({ say: ["ballot-cancelled"], has: () => [esc(NASTY.title)], changes: ["Ballot"] }); // the group message, edited
const OPEN = ok({ say: ["newballot-posted", "ballot-head"], changes: ["Ballot"] }); // the vote, posted in the group
const LANG_SET = ok({ say: ["lang-set"], changes: ["Person"] });
const LANG_EN = ok({ sayEn: ["lang-set"], changes: ["Person"] });
const INV_ROLE = ok({ say: ["invite-choose-role"] });
const INV_LINK_BOARD = ok({ say: ["invite-link"], has: () => [XSS], changes: ["Invite"] });
const INV_LINK_BLOC = ok({ say: ["invite-link"], changes: ["Invite"] });
const INVITES = ok({ say: ["invites-head"], has: () => [XSS] }); // the world's standing invitation, for the board whose name is a trap
const INV_ASK = ok({ say: ["invites-confirm"], has: () => [XSS] });
const INV_KEPT = ok({ say: ["invites-kept"] });
const INV_WITHDRAWN = ok({ say: ["invites-cancelled"], has: () => [XSS], changes: ["Invite", "AuditEvent"] });
// The first vote of a board: the alert with the receipt, the private receipt with the
// (escaped) title, and the group message listing the board (escaped) as having voted.
const VOTE_FIRST = (r: Role) => ok({ alert: "vote-recorded", say: ["vote-receipt"], has: () => [esc(NASTY.title), ...(r === "officer" ? [] : [XSS])], changes: ["BallotVote"] });
const VOTE_AGAIN = ok({ alert: "vote-recorded", say: ["vote-receipt"], has: () => [esc(NASTY.title)], changes: ["BallotVote"] });
// A vote in a private chat (a ballot's private copy): the receipt alone, in that chat; no pop-up text repeating it.
const VOTE_IN_PRIVATE = ok({ say: ["vote-receipt"], absent: ["vote-recorded"], has: () => [esc(NASTY.title)], changes: ["BallotVote"] });
const NOMINATE = ok({ toast: "nomination-added", changes: ["BallotNomination"] });
const RECORD = ok({ say: ["record-preview"], has: () => [XSS], changes: ["RecordChange"] }); // the preview names the (escaped) board
const SM_TABLE = ok({ say: ["summary-head"] });
const SM_CHARTS = ok({ photos: 2 });
const SM_XLSX = ok({ say: ["summary-xlsx-caption"], document: /\.xlsx$/ });

const MENU_FOCAL = ["menu-report", "menu-status", "menu-lang"];
const MENU_OFFICER = ["menu-report", "menu-status", "menu-summary", "menu-lang"];
const MENU_SECRETARIAT = ["menu-summary", "menu-newballot", "menu-lang"];
const MENU_ADMIN = ["menu-summary", "menu-newballot", "menu-boards", "menu-invite", "menu-people", "menu-lang"];
const PEOPLE = ok({ say: ["people-head", "people-config-admins"], has: () => [esc(NASTY.ghost), esc(NASTY.people.focal)] });
const REVOKE_PEOPLE = ok({ say: ["revoke-choose-person"] });
const REVOKE_ASK = ok({ say: ["revoke-confirm"], has: () => [esc(NASTY.ghost)], changes: ["RoleRevocation"] });
const REVOKE_ROLES = ok({ say: ["revoke-choose-role"], has: () => [esc(NASTY.ghost)] });
const REVOKE_REASONS = ok({ say: ["revoke-ask-reason"], has: () => [esc(NASTY.ghost)] });
const REVOKE_DONE = ok({ say: ["revoke-done", "revoke-notice"], has: () => [esc(NASTY.ghost)], changes: ["Role", "RoleRevocation", "AuditEvent"] });
const REVOKE_CANCELLED = ok({ say: ["revoke-cancelled"], changes: ["RoleRevocation"] });
const NEWBALLOT_MENU = ok({ say: ["newballot-kind"], conversation: true });

// ---------------------------------------------------------------------------
// Actions

type Act =
  | { cmd: (w: World, where: Where) => string }
  | { press: (w: World, where: Where) => string; on?: (w: World, where: Where) => number }
  | { doc: (w: World, where: Where) => { name: string; text: string; caption: string } };

type Row = { label: string; act: Act; private: Seven; group: Seven };

const cmd = (text: string | ((w: World, where: Where) => string)): Act => ({ cmd: typeof text === "string" ? () => text : text });
const press = (data: string | ((w: World, where: Where) => string), on?: (w: World, where: Where) => number): Act => ({
  press: typeof data === "string" ? () => data : data,
  ...(on ? { on } : {}),
});
const ownBoard = (w: World) => (w.role === "officer" ? w.board.HP : w.board.XSS);
const onElection = (w: World, where: Where) => (where === "group" ? w.electionMsg : lastIn(w, where));
const onNominations = (w: World, where: Where) => (where === "group" ? w.nominationMsg : lastIn(w, where));
const onSummary = (w: World, where: Where) => (where === "group" ? w.summaryMsg : lastIn(w, where));
const byChat = (p: string, g: string) => (_w: World, where: Where) => (where === "private" ? p : g);

function lastIn(w: World, where: Where): number {
  return (where === "group" ? w.group.last() : w.actors.private.last())?.message_id ?? 1;
}

// Cells are listed per role in the order of ROLES:
//   [outsider, focal (of XSS), head (of XSS), officer (focal of HP, this year's leader board), secretariat, admin (invited), config admin]
const ROWS: Row[] = [
  // Buttons of the main menu.
  { label: "menu:report", act: press("menu:report"),
    private: [NF, REPORT_XSS, VIEW_XSS, REPORT_HP, NF, NF, NF], group: all(PO) },
  { label: "menu:status", act: press("menu:status"),
    private: [NF, STATUS_XSS, STATUS_XSS, STATUS_HP, NF, NF, NF], group: all(PO) },
  { label: "menu:boards", act: press("menu:boards"), private: adminOnly(BOARDS, A_NA), group: all(A_NA) },
  { label: "menu:invite", act: press("menu:invite"), private: adminOnly(INVITE, A_NA), group: all(A_NA) },
  { label: "menu:lang", act: press("menu:lang"), private: all(LANG), group: all(LANG) },
  { label: "menu:summary", act: press("menu:summary"), private: summaryPeople(SUMMARY, A_SNA), group: summaryPeople(SUMMARY, A_SNA) },
  { label: "menu:newballot", act: press("menu:newballot"), private: managers(NEWBALLOT_MENU, A_NA), group: all(A_NA) },
  { label: "menu:people", act: press("menu:people"), private: adminOnly(PEOPLE, A_NA), group: all(A_NA) },
  { label: "lang:vi", act: press("lang:vi"), private: all(LANG_SET), group: all(SIL) },
  // Invitations built with buttons.
  { label: "inv:b:<board>", act: press((w) => `inv:b:${w.board.XSS}`), private: adminOnly(INV_ROLE, A_NA), group: all(A_NA) },
  { label: "inv:b:bloc", act: press("inv:b:bloc"), private: adminOnly(INV_ROLE, A_NA), group: all(A_NA) },
  { label: "inv:r:<board>:focal", act: press((w) => `inv:r:${w.board.XSS}:focal`), private: adminOnly(INV_LINK_BOARD, A_NA), group: all(A_NA) },
  { label: "inv:r:bloc:admin", act: press("inv:r:bloc:admin"), private: adminOnly(INV_LINK_BLOC, A_NA), group: all(A_NA) },
  // Standing invitations (/invites): withdrawing one asks first.
  { label: "inv:c:<invite>", act: press((w) => `inv:c:${w.invite}`), private: adminOnly(INV_ASK, A_NA), group: all(A_NA) },
  { label: "inv:k:<invite>", act: press((w) => `inv:k:${w.invite}`), private: adminOnly(INV_KEPT, A_NA), group: all(A_NA) },
  { label: "inv:y:<invite>", act: press((w) => `inv:y:${w.invite}`), private: adminOnly(INV_WITHDRAWN, A_NA), group: all(A_NA) },
  // A reminder's button: report for a board and period.
  { label: "rep:<own board>:<October>", act: press((w) => `rep:${ownBoard(w)}:${w.october}`),
    private: [NF, REPORT_XSS, VIEW_XSS, REPORT_HP, NF, NF, NF], group: all(PO) },
  { label: "rep:<another board>:<October>", act: press((w) => `rep:${w.board.QN}:${w.october}`),
    private: [NF, NF, VIEW_XSS, NF, NF, NF, NF], group: all(PO) },
  // Votes: on the election's message in the group; in private the same data is a forgery.
  { label: "bv:<election>:<QN>", act: press((w) => `bv:${w.ballot.election}:${w.position.QN}`, onElection),
    private: all(A_EXP), group: voters(VOTE_FIRST, A_NV) },
  { label: "bvb:<election>:<VP|QN>:<own board>", act: press((w, where) => `bvb:${w.ballot.election}:${where === "private" ? w.position.VP : w.position.QN}:${ownBoard(w)}`, onElection),
    private: voters(VOTE_IN_PRIVATE, A_NV), group: voters(VOTE_AGAIN, A_NV) },
  { label: "bvb:<election>:<VP>:<another board>", act: press((w) => `bvb:${w.ballot.election}:${w.position.VP}:${w.board.ND}`, onElection),
    private: all(A_NV), group: all(A_NV) },
  // An open ballot sent again (from /ballots): in private, to the people of a board that votes in it; a member of none is told it is not theirs.
  { label: "bg:<election>", act: press((w) => `bg:${w.ballot.election}`),
    private: [A_NA, SEND_AGAIN, SEND_AGAIN, SEND_AGAIN, refused("ballot-not-yours"), refused("ballot-not-yours"), refused("ballot-not-yours")], group: all(A_NA) },
  // Another page of candidates or nominees: these keyboards fit one page (fewer than 100 boards),
  // so a press changes nothing; in private the data is a forgery.
  { label: "bp:<election>:1", act: press((w) => `bp:${w.ballot.election}:1`, onElection), private: all(EXP), group: all(SIL) },
  { label: "bnp:<nominations>:1", act: press((w) => `bnp:${w.ballot.nominations}:1`, onNominations), private: all(EXP), group: all(SIL) },
  // Nominations.
  { label: "bn:<nominations>:<QN>", act: press((w) => `bn:${w.ballot.nominations}:${w.board.QN}`, onNominations),
    private: all(A_EXP), group: voters(NOMINATE, A_NV) },
  { label: "bnb:<nominations>:<ND|VP>:<own board>", act: press((w, where) => `bnb:${w.ballot.nominations}:${where === "private" ? w.board.ND : w.board.VP}:${ownBoard(w)}`, onNominations),
    private: voters(NOMINATE, A_NV), group: voters(NOMINATE, A_NV) },
  { label: "bnb:<nominations>:<VP>:<another board>", act: press((w) => `bnb:${w.ballot.nominations}:${w.board.VP}:${w.board.ND}`, onNominations),
    private: all(A_NV), group: all(A_NV) },
  // The summary's buttons.
  // In private the data is pressed on the actor's last message, which is not a
  // summary: the buttons only act on a summary message (tests/features/summaries/summary.test.ts
  // presses them on real ones in private).
  { label: "sm:i (another indicator)", act: press("sm:i:m2026-10:1", onSummary), private: summaryPeople(EXP, A_SNA), group: summaryPeople(SM_TABLE, A_SNA) },
  { label: "sm:c (charts)", act: press("sm:c:m2026-10:0", onSummary), private: summaryPeople(EXP, A_SNA), group: summaryPeople(SM_CHARTS, A_SNA) },
  { label: "sm:x (spreadsheet)", act: press("sm:x:m2026-10", onSummary), private: summaryPeople(EXP, A_SNA), group: summaryPeople(SM_XLSX, A_SNA) },
  { label: "sm:r (who reported)", act: press("sm:r:m2026-10", onSummary), private: summaryPeople(EXP, A_SNA), group: summaryPeople(SM_COVERAGE, A_SNA) },
  { label: "sm:s (the short screen)", act: press("sm:s:m2026-10", onSummary), private: summaryPeople(EXP, A_SNA), group: summaryPeople(SUMMARY, A_SNA) },
  // The same data forged onto the election's message in the group (in private: onto the actor's last message).
  { label: "sm:i on the election's message", act: press("sm:i:m2026-10:1", onElection),
    private: summaryPeople(EXP, A_SNA), group: summaryPeople(EXP, A_SNA) },
  // /record's confirmation, of the world admin's preview: only its proposer may confirm it.
  { label: "rec:ok:<another admin's change>", act: press((w) => `rec:ok:${w.recordChange}`), private: adminOnly(EXP, A_NA), group: all(A_NA) },
  // Buttons of someone else's dialogue (Minh's report, the admin's new ballot), pressed by the actor.
  { label: "rq:* of another person's report", act: press((w) => w.foreign.rq), private: all(EXP), group: all(EXP) },
  { label: "nb:* of another person's new ballot", act: press((w) => w.foreign.nb), private: all(EXP), group: all(EXP) },
  // The choice between two dialogues, pressed with no dialogue open: "continue" has nothing
  // to continue; "stop it and start" starts the other one, checked like its own command.
  { label: "dlg:c:<nonce>", act: press("dlg:c:0123abcd"), private: all(EXP), group: all(EXP) },
  { label: "dlg:s:<nonce>:nb", act: press("dlg:s:0123abcd:nb"), private: managers(NEWBALLOT, NA), group: all(EXP) },
  { label: "dlg:s:<nonce>:r:<own board>:<October>", act: press((w) => `dlg:s:0123abcd:r:${ownBoard(w)}:${w.october}`),
    private: [NF, REPORT_XSS, VIEW_XSS, REPORT_HP, NF, NF, NF], group: all(EXP) },

  // Commands for everyone.
  { label: "/start", act: cmd("/start"),
    private: [START(["menu-lang"]), START(MENU_FOCAL), START(["menu-status", "menu-lang"]), START(MENU_OFFICER), START(MENU_SECRETARIAT), START(MENU_ADMIN), START(MENU_ADMIN)],
    group: all(IG) },
  { label: "/start <wrong invite code>", act: cmd("/start AAAAAAAAAAAAAAAAAAAAAB"), private: all(refused("invite-unknown", ["InviteAttempt"])), group: all(IG) },
  { label: "/help", act: cmd("/help"),
    private: [HELP([]), HELP(["focal"]), HELP(["head"]), HELP(["focal", "officer"]), HELP(["secretariat"]), HELP(["secretariat", "admin"]), HELP(["secretariat", "admin"])], group: all(IG) },
  { label: "/whoami", act: cmd("/whoami"),
    private: [WHOAMI, WHOAMI_XSS, WHOAMI_XSS, WHOAMI, WHOAMI, WHOAMI, WHOAMI], group: [WHOAMI, WHOAMI_XSS, WHOAMI_XSS, WHOAMI, WHOAMI, WHOAMI, WHOAMI] },
  { label: "/lang", act: cmd("/lang"), private: all(LANG), group: all(IG) },
  // The preferred messenger: everyone here is reached on Telegram alone; a press is checked again (Zalo: no account there).
  { label: "/messenger", act: cmd("/messenger"), private: all(ok({ say: ["messenger-only"] })), group: all(IG) },
  { label: "msgr:telegram", act: press("msgr:telegram"), private: all(ok({ say: ["messenger-set"], changes: ["AuditEvent"] })), group: all(SIL) },
  { label: "msgr:zalo", act: press("msgr:zalo"), private: all(ok({ say: ["messenger-not-linked"] })), group: all(SIL) },
  // Link codes (/link): for people with a role; this bot serves Telegram alone, so there is nothing to link. A code typed after it is tried and counted.
  { label: "/link", act: cmd("/link"), private: [refused("link-no-role"), ...Array.from({ length: 6 }, () => ok({ say: ["link-not-served"] }))] as Seven, group: all(IG) },
  { label: "/link <wrong link code>", act: cmd("/link ZZZZ-9999"), private: all(refused("link-unknown", ["InviteAttempt"])), group: all(IG) },
  // Addressed to this bot by name (as Telegram writes commands picked in a group), or to another bot.
  { label: "/summary@khoi_test_bot", act: cmd("/summary@khoi_test_bot"), private: summaryPeople(SUMMARY, SNA), group: summaryPeople(SUMMARY, SNA) },
  { label: "/boards@other_bot", act: cmd("/boards@other_bot"), private: all(refused("unknown-command")), group: all(IG) },
  { label: "/cancel", act: cmd("/cancel"), private: all(CANCEL), group: all(CANCEL) },
  // Monthly figures.
  { label: "/report", act: cmd("/report"),
    private: [NF, REPORT_XSS, VIEW_XSS, REPORT_HP, NF, NF, NF], group: all(PO) },
  { label: "/status", act: cmd("/status"),
    private: [NF, STATUS_XSS, STATUS_XSS, STATUS_HP, NF, NF, NF], group: all(PO) },
  { label: "/schedule", act: cmd("/schedule"),
    private: [NA, SCHEDULE, SCHEDULE, SCHEDULE, SCHEDULE, SCHEDULE_ADMIN, SCHEDULE_ADMIN], group: [NA, SCHEDULE, SCHEDULE, SCHEDULE, SCHEDULE, SCHEDULE_ADMIN, SCHEDULE_ADMIN] },
  { label: "/schedule quiet …", act: cmd(byChat("/schedule quiet 21:00 07:00", "/schedule quiet 22:00 06:00")), private: adminOnly(SCHEDULE_SET, NA), group: adminOnly(SCHEDULE_SET, NA) },
  // Summaries.
  { label: "/summary", act: cmd("/summary"), private: summaryPeople(SUMMARY, SNA), group: summaryPeople(SUMMARY, SNA) },
  { label: "/annual 2026", act: cmd("/annual 2026"), private: summaryPeople(ANNUAL, SNA), group: summaryPeople(ANNUAL, SNA) },
  { label: "/import (no file)", act: cmd("/import"), private: adminOnly(IMPORT_USAGE, NA), group: adminOnly(IMPORT_USAGE, NA) },
  { label: "/import (caption of a CSV)", act: { doc: (_w, where) => ({ name: "history.csv", caption: "/import", text: `board,period,fdi_new\nXSS,${where === "private" ? "2025-10" : "2025-09"},5\n${NASTY.importBoard},2025-10,5\n` }) },
    private: adminOnly(IMPORT, NA), group: adminOnly(IMPORT, NA) },
  // Votes.
  { label: "/ballots", act: cmd("/ballots"),
    private: [NA, BALLOTS_VOTER, BALLOTS_VOTER, BALLOTS_VOTER, BALLOTS_MANAGE, BALLOTS_MANAGE, BALLOTS_MANAGE],
    group: [BALLOTS, BALLOTS, BALLOTS, BALLOTS, BALLOTS_MANAGE, BALLOTS_MANAGE, BALLOTS_MANAGE] },
  { label: "/newballot", act: cmd("/newballot"), private: managers(NEWBALLOT, NA), group: managers(PO, NA) },
  { label: "/closeballot N", act: cmd((w, where) => `/closeballot ${w.ballot.closeMe[where]}`), private: managers(CLOSE, NA), group: managers(CLOSE, NA) },
  { label: "/cancelballot N", act: cmd((w, where) => `/cancelballot ${w.ballot.cancelMe[where]}`), private: managers(CANCEL_BALLOT, NA), group: managers(CANCEL_BALLOT, NA) },
  { label: "/openballot N", act: cmd((w, where) => `/openballot ${w.ballot.openMe[where]}`), private: managers(OPEN, NA), group: managers(OPEN, NA) },
  // Administration.
  { label: "/boards", act: cmd("/boards"), private: adminOnly(BOARDS, NA), group: adminOnly(BOARDS, NA) },
  { label: "/invite", act: cmd("/invite"), private: adminOnly(INVITE, NA), group: adminOnly(PO, NA) },
  { label: "/invites", act: cmd("/invites"), private: adminOnly(INVITES, NA), group: adminOnly(PO, NA) },
  { label: "/addboard", act: cmd(byChat(`/addboard ZZ | ${NASTY.newBoard} | Ban ${NASTY.newBoard}`, `/addboard ZY | ${NASTY.newBoard} | Ban ${NASTY.newBoard}`)), private: adminOnly(ADDBOARD, NA), group: adminOnly(ADDBOARD, NA) },
  { label: "/renameboard", act: cmd(byChat(`/renameboard HNA | ${NASTY.renamed}`, `/renameboard BN | ${NASTY.renamed}`)), private: adminOnly(RENAME, NA), group: adminOnly(RENAME, NA) },
  { label: "/retireboard", act: cmd(byChat("/retireboard HD", "/retireboard HY")), private: adminOnly(RETIRE, NA), group: adminOnly(RETIRE, NA) },
  { label: "/mergeboard", act: cmd(byChat("/mergeboard NB HN", "/mergeboard TB HN")), private: adminOnly(MERGE, NA), group: adminOnly(MERGE, NA) },
  { label: "/linkgroup", act: cmd("/linkgroup"), private: adminOnly(GO, NA), group: adminOnly(LINK, NA) },
  { label: "/reload", act: cmd("/reload"), private: adminOnly(RELOAD, NA), group: adminOnly(RELOAD, NA) },
  { label: "/nudge", act: cmd("/nudge"), private: adminOnly(NUDGE, NA), group: adminOnly(NUDGE_AGAIN, NA) },
  { label: "/digest", act: cmd("/digest"), private: adminOnly(DIGEST_PRIVATE, NA), group: adminOnly(DIGEST_GROUP, NA) },
  { label: "/unreachable", act: cmd("/unreachable"), private: adminOnly(UNREACHABLE, NA), group: adminOnly(UNREACHABLE, NA) },
  { label: "/lock", act: cmd(byChat("/lock 2026-09", "/lock 2026-08")), private: adminOnly(LOCK, NA), group: adminOnly(LOCK, NA) },
  { label: "/unlock", act: cmd(byChat("/unlock 2026-09", "/unlock 2026-08")), private: adminOnly(UNLOCK, NA), group: adminOnly(UNLOCK, NA) },
  { label: "/record", act: cmd(byChat("/record 2021 deputy XSS", "/record 2021 deputy HP")), private: adminOnly(RECORD, NA), group: adminOnly(PO, NA) },
  // People and roles taken back (last but one: the ghost's role ends here).
  { label: "/people", act: cmd("/people"), private: adminOnly(PEOPLE, NA), group: adminOnly(PO, NA) },
  { label: "/revoke", act: cmd("/revoke"), private: adminOnly(REVOKE_PEOPLE, NA), group: adminOnly(PO, NA) },
  { label: "/revoke #<ghost> all | reason", act: cmd((w) => `/revoke #${w.revoke.ghost} all | ${NASTY.title}`), private: adminOnly(REVOKE_ASK, NA), group: adminOnly(PO, NA) },
  { label: "rv:p:<ghost>", act: press((w) => `rv:p:${w.revoke.ghost}`), private: adminOnly(REVOKE_ROLES, A_NA), group: all(A_NA) },
  { label: "rv:r:<ghost>:0", act: press((w) => `rv:r:${w.revoke.ghost}:0`), private: adminOnly(REVOKE_REASONS, A_NA), group: all(A_NA) },
  { label: "rv:w:<ghost>:0:left", act: press((w) => `rv:w:${w.revoke.ghost}:0:left`), private: adminOnly(REVOKE_ASK, A_NA), group: all(A_NA) },
  { label: "rv:n:<request>", act: press((w) => `rv:n:${w.revoke.cancelMe}`), private: adminOnly(REVOKE_CANCELLED, A_NA), group: all(A_NA) },
  { label: "rv:y:<request>", act: press((w) => `rv:y:${w.revoke.confirmMe}`), private: adminOnly(REVOKE_DONE, A_NA), group: all(A_NA) },
  // Last, as it changes the language of what follows.
  { label: "lang:en", act: press("lang:en"), private: all(LANG_EN), group: all(SIL) },
];

// ---------------------------------------------------------------------------
// Running a row

const SENDING = new Set(["sendMessage", "sendPhoto", "sendDocument", "editMessageText", "editMessageReplyMarkup", "editMessageCaption", "deleteMessage"]);

function describeCell(c: Cell): string {
  if (c.kind === "allowed") return "allowed";
  if (c.kind === "refused" || c.kind === "alert") return `${c.kind} (${c.key})`;
  return c.kind;
}

/**
 * "answered": Telegram takes every pop-up. "refused": it refuses every pop-up (and
 * chat action) as it does a press that is no longer fresh; every row must then come
 * out the same, and a pop-up's text must reach the presser by message, unless the
 * update already said something to them in private.
 */
type Mode = "answered" | "refused";
const TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid";
const SHOWN_TO_PRESSER = new Set(["sendMessage", "sendPhoto", "sendDocument", "editMessageText", "editMessageCaption", "editMessageReplyMarkup"]);

async function runRow(w: World, reader: DbReader, row: Row, where: Where, cell: Cell, mode: Mode = "answered"): Promise<string[]> {
  const { h } = w;
  const user = w.actors[where];
  const chatId = where === "private" ? user.id : w.group.chatId;
  const t = (key: string) => h.app.deps.i18n.t("vi", key);
  const needDb = cell.kind !== "allowed" || (cell.spec.changes?.length ?? 0) > 0;
  const before = needDb ? reader.fingerprint() : null;
  const logsBefore = h.logs.length;

  let calls: ApiCall[];
  const isPress = "press" in row.act;
  if ("cmd" in row.act) {
    const text = row.act.cmd(w, where);
    calls = where === "private" ? await user.send(text) : await user.sendIn(w.group, text);
  } else if ("press" in row.act) {
    calls = await pressOn(h, user, row.act.press(w, where), chatId, (row.act.on ?? lastIn)(w, where));
  } else {
    const d = row.act.doc(w, where);
    calls = await sendDocumentIn(h, user, { id: chatId, title: w.group.title }, d.name, new TextEncoder().encode(d.text), d.caption);
  }
  const after = needDb ? reader.fingerprint() : null;

  const problems: string[] = [];
  // A dialogue the row began is ended, so that the next rows start from the same place;
  // /cancel finding it is the proof that it began.
  if (cell.kind === "allowed" && cell.spec.conversation) {
    const cancel = await w.actors.private.send("/cancel");
    if (!cancel.some((c) => c.payload.text === t("report-cancelled"))) problems.push("no dialogue was active after the row");
  }

  const errors = h.logs.slice(logsBefore).filter((l) => /"level":(50|60)/.test(l));
  if (errors.length) problems.push(`the update failed: ${errors.join(" | ").slice(0, 600)}`);
  problems.push(...htmlProblems(calls, RAW_MARKERS, ESCAPED_MARKERS));

  const answers = calls.filter((c) => c.method === "answerCallbackQuery");
  if (isPress && answers.length !== 1) problems.push(`the press was answered ${answers.length} times`);
  let sends = calls.filter((c) => SENDING.has(c.method));
  if (mode === "refused" && isPress) {
    // The refused pop-up's text, sent to the presser in private; then judged as if it were the pop-up.
    const popup = String(answers[0]?.payload.text ?? "");
    const toPresser = sends.filter((c) => SHOWN_TO_PRESSER.has(c.method) && Number(c.payload.chat_id) === user.id);
    const told = toPresser.filter((c) => c.method === "sendMessage" && c.payload.text === popup && c.payload.parse_mode === undefined);
    const other = toPresser.filter((c) => !told.includes(c));
    if (popup && other.length === 0 && told.length !== 1) problems.push(`the refused pop-up ${JSON.stringify(popup)} did not reach the presser by message`);
    if (popup && other.length > 0 && told.length > 0) problems.push("the presser was told twice (the pop-up's text and another message)");
    if (!popup && told.length > 0) problems.push("a silent pop-up was sent as a message");
    sends = sends.filter((c) => !told.includes(c));
  }
  const shown = calls.map(shownText).filter((x) => x !== null).map((x) => x.text);
  const answerTexts = answers.map((a) => String(a.payload.text ?? ""));
  const everything = [...shown, ...answerTexts].join("\n\n");
  const summary = () => JSON.stringify(calls.map((c) => [c.method, c.payload.chat_id, String(c.payload.text ?? c.payload.caption ?? "").slice(0, 120), c.payload.show_alert]));
  const changed = before && after ? changedTables(before, after) : [];

  const unchanged = (records: string[] = []) => {
    const others = changed.filter((c) => !records.includes(c));
    if (others.length) problems.push(`the database changed: ${others.join(", ")}`);
    for (const r of records) if (!changed.includes(r)) problems.push(`${r} did not change`);
  };
  const onlyReply = (key: string, records?: string[]) => {
    const expected = t(key);
    if (sends.length !== 1 || sends[0]!.method !== "sendMessage" || Number(sends[0]!.payload.chat_id) !== chatId || sends[0]!.payload.text !== expected) {
      problems.push(`expected only the reply ${JSON.stringify(expected)} in chat ${chatId}; got ${summary()}`);
    }
    unchanged(records);
  };
  const onlyAnswer = (text: string | null, showAlert: boolean) => {
    if (sends.length) problems.push(`expected nothing sent; got ${summary()}`);
    const a = answers[0];
    if (!a) problems.push("no answer to the press");
    else {
      if (text !== null && a.payload.text !== text) problems.push(`expected the answer ${JSON.stringify(text)}; got ${JSON.stringify(a.payload.text)}`);
      if (text === null && a.payload.text) problems.push(`expected a silent answer; got ${JSON.stringify(a.payload.text)}`);
      if (Boolean(a.payload.show_alert) !== showAlert) problems.push(`expected show_alert ${showAlert}; got ${String(a.payload.show_alert)}`);
    }
    unchanged();
  };

  switch (cell.kind) {
    case "refused":
      onlyReply(cell.key, cell.records);
      break;
    case "private-only":
      onlyReply("private-only");
      break;
    case "group-only":
      onlyReply("linkgroup-in-group");
      break;
    case "ignored":
      if (calls.length) problems.push(`expected nothing at all; got ${summary()}`);
      unchanged();
      break;
    case "alert":
      onlyAnswer(t(cell.key), true);
      break;
    case "expired":
      onlyAnswer(t("button-expired"), false);
      break;
    case "silent":
      onlyAnswer(null, false);
      break;
    case "allowed": {
      const s = cell.spec;
      const refusals = ["not-allowed", "private-only", "summary-not-allowed", "report-not-focal", "button-expired", "ballot-not-voter", "linkgroup-in-group", "error-generic"].map(t);
      for (const text of [...shown, ...answerTexts]) if (refusals.includes(text)) problems.push(`a refusal was sent: ${JSON.stringify(text)}`);
      if (!sends.length && !answerTexts.some(Boolean)) problems.push("nothing was sent");
      for (const key of s.say ?? []) if (!everything.includes(fragment("vi", key))) problems.push(`missing ${key} (${JSON.stringify(fragment("vi", key))}); got ${summary()}`);
      for (const key of s.sayEn ?? []) if (!everything.includes(fragment("en", key))) problems.push(`missing en ${key}; got ${summary()}`);
      for (const key of s.absent ?? []) if (everything.includes(fragment("vi", key))) problems.push(`unexpected ${key}`);
      for (const x of s.has?.(w) ?? []) if (!shown.some((m) => m.includes(x))) problems.push(`missing ${JSON.stringify(x)} in what was sent; got ${summary()}`);
      for (const x of s.lacks?.(w) ?? []) if (shown.some((m) => m.includes(x))) problems.push(`${JSON.stringify(x)} should not be shown`);
      if (s.alert || s.toast) {
        const a = answers[0];
        const key = (s.alert ?? s.toast)!;
        if (!a || !String(a.payload.text ?? "").includes(fragment("vi", key)) || Boolean(a.payload.show_alert) !== Boolean(s.alert)) {
          problems.push(`expected the ${s.alert ? "alert" : "notice"} ${key}; got ${summary()}`);
        }
      }
      if (s.menu) {
        const last = [...calls].reverse().find((c) => c.method === "sendMessage");
        const kb = (last?.payload.reply_markup as { inline_keyboard?: { text: string }[][] } | undefined)?.inline_keyboard ?? [];
        const labels = kb.flat().map((b) => b.text);
        const expected = s.menu.map(t);
        if (JSON.stringify(labels) !== JSON.stringify(expected)) problems.push(`menu ${JSON.stringify(labels)}, expected ${JSON.stringify(expected)}`);
      }
      if (s.photos !== undefined) {
        const n = calls.filter((c) => c.method === "sendPhoto").length;
        if (n !== s.photos) problems.push(`${n} pictures sent, expected ${s.photos}`);
      }
      if (s.document) {
        const docs = calls.filter((c) => c.method === "sendDocument").map((c) => (c.payload.document as { name?: string } | undefined)?.name ?? "");
        if (!docs.some((n) => s.document!.test(n))) problems.push(`no document ${String(s.document)}; got ${JSON.stringify(docs)}`);
      }
      for (const table of s.changes ?? []) if (!changed.includes(table)) problems.push(`${table} did not change (changed: ${changed.join(", ") || "nothing"})`);
      break;
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------
// The matrix


/** What a row's label names: the command ("/boards …" → boards) or the kind of button ("menu:lang", "inv", "bv", …). */
function subject(row: Row): { command: string } | { button: string } {
  if (!("press" in row.act)) return { command: /^\/([a-z_]+)/.exec(row.label)![1]! };
  return { button: row.label.startsWith("menu:") ? row.label.split(" ")[0]! : row.label.split(":")[0]! };
}

const SUBJECTS = {
  commands: ROWS.flatMap((r) => { const s = subject(r); return "command" in s ? [s.command] : []; }),
  buttons: ROWS.flatMap((r) => { const s = subject(r); return "button" in s ? [s.button] : []; }),
};
const MENU_COMMANDS = [...PRIVATE_COMMANDS, ...GROUP_COMMANDS, ...ADMIN_COMMANDS];

/** A bot that registers exactly `routes`, through the tables chat/bot.ts uses. */
function testBot(routes: BuiltRoutes): Bot<BotContext> {
  const bot = new Bot<BotContext>("1:test", { botInfo: BOT_INFO });
  const commands = new CommandTable();
  const buttons = new ButtonTable();
  for (const name of routes.commands) commands.command(name, () => {});
  for (const kind of routes.buttons) buttons.callbackQuery(kind, kind.startsWith("menu:") ? kind : new RegExp(`^${kind}:`), () => {});
  bot.use(commands, buttons);
  recordRoutes(bot, { commands: [commands], buttons, dialoguePrefixes: [] });
  return bot;
}

describe("authorisation matrix: coverage", () => {
  let h: Harness;
  let built: BuiltRoutes;
  beforeAll(async () => {
    h = await Harness.create();
    built = routesOf(h.app.bot);
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it("has rows for every command and every kind of button the running bot registers and its menus offer, and names nothing else", () => {
    // The running bot registered its routes (and the dialogues' own buttons).
    expect(built.commands).toEqual(expect.arrayContaining(["start", "report", "cancel", "newballot", "revoke"]));
    expect(built.buttons).toEqual(expect.arrayContaining(["menu:lang", "bv", "inv", "dlg", "rq", "nb"]));
    expect(matrixGaps(SUBJECTS, built, MENU_COMMANDS)).toEqual({ noRow: [], notRegistered: [] });
  });

  it("the menus offer only commands the bot registers", () => {
    expect(MENU_COMMANDS.filter((c) => !built.commands.includes(c))).toEqual([]);
  });

  it("the check fires for a command or button registered without a row, and for a row the bot does not register", () => {
    const more = testBot({ commands: [...built.commands, "dummy"], buttons: [...built.buttons, "zz", "menu:dummy"] });
    expect(matrixGaps(SUBJECTS, routesOf(more), MENU_COMMANDS)).toEqual({ noRow: ["/dummy", "menu:dummy", "zz"], notRegistered: [] });
    const fewer = testBot({ commands: built.commands.filter((c) => c !== "ballots"), buttons: built.buttons.filter((b) => b !== "bv" && b !== "menu:people") });
    expect(matrixGaps(SUBJECTS, routesOf(fewer), []).notRegistered).toEqual(["/ballots", "bv", "menu:people"]);
  });
});

function matrix(mode: Mode) {
  const name = mode === "answered" ? "authorisation matrix: %s" : "authorisation matrix, every pop-up and chat action refused: %s";
  describe.each(ROLES.map((r) => [r]))(name, (role) => {
    let w: World;
    let reader: DbReader;
    beforeAll(async () => {
      w = await buildWorld(role);
      reader = new DbReader(w.h);
      if (mode === "refused") w.h.tg.fail((c) => c.method === "answerCallbackQuery" || c.method === "sendChatAction", 400, TOO_OLD);
    }, 60_000);
    afterAll(async () => {
      reader?.close();
      await w?.h.close();
    });

    if (mode === "answered") {
      it("the world's own messages (ballots, nominations, summary, invitations) are HTML-safe", () => {
        expect(htmlProblems(w.h.tg.calls, RAW_MARKERS, ESCAPED_MARKERS)).toEqual([]);
        // The traps are really in play: the group's ballot message carries the escaped title.
        expect(w.h.tg.message(w.group.chatId, w.electionMsg)?.text).toContain(esc(NASTY.title));
      });
    }

    for (const row of ROWS) {
      for (const where of ["private", "group"] as const) {
        const cell = row[where][ROLES.indexOf(role)]!;
        const title = `${where} · ${row.label} → ${describeCell(cell)}`;
        const test = async () => {
          const problems = await runRow(w, reader, row, where, cell, mode);
          expect(problems, cell.bug).toEqual([]);
        };
        if (cell.bug) it.fails(`${title} [known failure]`, test);
        else it(title, test);
      }
    }
  });
}

matrix("answered");
// The whole kind of issue 12's "a refused callback answer never gates the action":
// every button, by every role, with every pop-up refused.
matrix("refused");
