// Property-based tests through the real bot (issue 7, "Bad input, fuzzed"):
// random text, every command with random arguments, random and forged button
// data, edited messages, channel posts, messages from bots and messages
// without text, in private, in the bloc's group and in other chats. For every
// update: handleUpdate resolves, nothing is logged at level error ("update
// failed"), a button press gets exactly one answer, and every message the bot
// sends is one Telegram accepts (well-formed HTML, within the limits).
// Afterwards no stored figure is outside its indicator's bounds.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Update } from "grammy/types";
import { Harness, type FakeGroup, type FakeUser } from "../harness/harness.js";
import { BOT_INFO, type ApiCall } from "../harness/fake-telegram.js";
import { join, ADMIN_ID } from "../harness/fixtures.js";
import { ADMIN_COMMANDS, GROUP_COMMANDS, PRIVATE_COMMANDS } from "../../src/messengers/telegram/commands.js";
import { createBallot } from "../../src/features/ballots/store.js";
import { postBallot } from "../../src/features/ballots/use-cases.js";
import { valueProblem, anyText, NASTY, plausibleAmount } from "./arbitraries.js";
import { callProblems, htmlProblems } from "./telegram-checks.js";
import { MAX_REFUSED } from "../../src/chat/conversations/dialogue.js";

const GROUP_ID = -1001234567890;
const OTHER_GROUP_ID = -1009876543210;
const BASIC_GROUP_ID = -4001234;
const CHANNEL_ID = -1005550001111;

/** Every command the bot knows of, a few it does not, and odd spellings. */
const COMMANDS = [...new Set([...PRIVATE_COMMANDS, ...GROUP_COMMANDS, ...ADMIN_COMMANDS, "linkgroup"])];
const ODD_COMMANDS = ["foo", "REPORT", "Start", "start_", "a".repeat(40), "summary2", "_", "help@", "report@khoi_test_bot@x"];

// --- the bot's world ----------------------------------------------------------

type TgUser = { id: number; is_bot: boolean; first_name: string; last_name?: string; username?: string; language_code?: string };
type TgChat = { id: number; type: "private" | "group" | "supergroup" | "channel"; title?: string; first_name?: string };

type World = {
  h: Harness;
  group: FakeGroup;
  people: FakeUser[];
  ballotIds: number[];
};

let messageSeq = 700_000;
let callbackSeq = 1;

/** Builds the bloc: admin 1, a linked group, people with several roles (names full of markup), three ballots. */
async function buildWorld(): Promise<World> {
  const h = await Harness.create({ adminIds: [ADMIN_ID] });
  const group = h.group(GROUP_ID);
  h.tg.chatTypes.set(OTHER_GROUP_ID, "supergroup");
  h.tg.chatTypes.set(BASIC_GROUP_ID, "group");
  const admin = h.user(ADMIN_ID, "Admin <b>&amp; *bold* _it_ [x](y)");
  await admin.sendIn(group, "/linkgroup");
  // Boards whose names are full of markup, bidi controls and emoji, as an admin may add them.
  await admin.send("/addboard MKP | <b>&amp; *_[x](y) | Ban <i>Markup</i> & \"co\" </b>");
  await admin.send("/addboard RTL | \u202eRTL\u200f tên | Ban \u202e quản lý \u200f");
  await admin.send("/addboard EMO | 😀🇻🇳👍🏽 Ban | Ban 😀 👨‍👩‍👧");
  const focal = await join(h, 10, "Lan <i>&lt; *_[`", "HN", "focal");
  const head = await join(h, 11, "Hùng & <b>Hải</b>", "HP", "head");
  const sec = await join(h, 12, "\u202eThư\u200f 😀", "-", "secretariat");
  const multi = await join(h, 13, "Multi </b></i>", "HN", "focal");
  await join(h, 13, "Multi </b></i>", "HP", "focal");
  await join(h, 13, "Multi </b></i>", "QN", "head");
  const viceAdmin = await join(h, 14, "Phó <code>", "-", "admin", { language: "en" });
  const outsider = h.user(99, "Người <script>alert(1)</script>", { language: "en" });
  const emo = await join(h, 15, "Emo 😀", "EMO", "focal");
  await join(h, 15, "Emo 😀", "MKP", "head");

  // An open ballot of all boards and a nomination round, posted in the group.
  const boards = await h.db.board.findMany({ where: { status: "active" }, orderBy: { id: "asc" } });
  const secPerson = await h.db.person.findUniqueOrThrow({ where: { telegramId: BigInt(12) } });
  const now = h.clock.now();
  const common = {
    year: 2026, secret: false, quorum: 0, tieRule: "runoff" as const, allowSelfVote: false, createdById: secPerson.id,
    closesAt: new Date(now.getTime() + 7 * 86400_000), chatId: GROUP_ID, eligibleBoardIds: boards.map((b) => b.id), now,
  };
  const open = await createBallot(h.db, {
    ...common, kind: "award", awardKindCode: "certificate", title: "Bằng khen <2026> & *co*", picksPerVoter: 3, maxWinners: 3,
    candidates: boards.map((b) => ({ boardId: b.id, label: b.shortName })),
  });
  const secret = await createBallot(h.db, {
    ...common, kind: "leader", awardKindCode: null, year: 2027, title: "Khối trưởng 2027", secret: true, picksPerVoter: 1, maxWinners: 1,
    candidates: boards.slice(0, 4).map((b) => ({ boardId: b.id, label: b.shortName })),
  });
  const nominating = await createBallot(h.db, {
    ...common, kind: "award", awardKindCode: "flag", title: "Cờ thi đua", picksPerVoter: 2, maxWinners: 2, candidates: [],
  });
  for (const id of [open, secret, nominating]) await postBallot(h.app.deps, id);
  return { h, group, people: [admin, focal, head, sec, multi, viceAdmin, outsider, emo], ballotIds: [open, secret, nominating] };
}

// --- feeding updates and checking what comes back -------------------------------

/** An update as the tests build it (loosely typed: they forge what Telegram would never send, too). */
type Raw = Record<string, unknown>;
type Feed = (update: Raw, what?: string) => Promise<ApiCall[]>;

/** Log lines at level error (pino level 50 and above). */
function errorLines(lines: string[]): string[] {
  return lines.filter((l) => {
    try {
      return (JSON.parse(l) as { level?: number }).level! >= 50;
    } catch {
      return true; // not JSON: something wrote to the log sink that should not have
    }
  });
}

/** Feeds one update and checks everything the properties promise. */
function feeder(h: Harness): Feed {
  return async (update, what) => {
    const logsBefore = h.logs.length;
    // Telegram sends UTF-8: a name or text never holds a lone surrogate. The
    // generators produce some (they are useful to the pure parsers); mend them here.
    update = JSON.parse(JSON.stringify(update), (_k, v: unknown) => (typeof v === "string" ? (v as string & { toWellFormed(): string }).toWellFormed() : v)) as Raw;
    const label = what ?? JSON.stringify(update).slice(0, 600);
    let calls: ApiCall[];
    try {
      calls = await h.handle(update as unknown as Omit<Update, "update_id">);
    } catch (e) {
      throw new Error(`handleUpdate rejected for ${label}: ${(e as Error).stack ?? String(e)}`);
    }
    const errors = errorLines(h.logs.slice(logsBefore));
    if (errors.length) throw new Error(`error logged for ${label}:\n${errors.join("\n").slice(0, 3000)}`);
    const problems = calls.flatMap(callProblems);
    if (problems.length) throw new Error(`Telegram would refuse a call for ${label}:\n${problems.join("\n")}`);
    const cq = update.callback_query as { id: string; data?: string } | undefined;
    if (cq) {
      const answers = calls.filter((c) => c.method === "answerCallbackQuery" && c.payload.callback_query_id === cq.id);
      if (answers.length !== 1) throw new Error(`${answers.length} answers to the button press ${JSON.stringify(cq.data)} (${label}): ${JSON.stringify(calls.map((c) => c.method))}`);
    }
    return calls;
  };
}

/** Every stored figure (reports and drafts) is within its indicator's bounds and rules. */
async function expectStoredValuesInBounds(h: Harness): Promise<number> {
  const indicators = await h.db.indicator.findMany();
  const byId = new Map(indicators.map((i) => [i.id, i]));
  const byCode = new Map(indicators.map((i) => [i.code, i]));
  const spec = (i: (typeof indicators)[number]) => ({ valueType: i.valueType as "integer" | "decimal", decimals: i.decimals, min: i.min, max: i.max });
  const values = await h.db.reportValue.findMany();
  for (const v of values) {
    const ind = byId.get(v.indicatorId)!;
    const problem = valueProblem(v.value, spec(ind));
    if (problem) throw new Error(`stored ReportValue ${v.id} for ${ind.code}: ${problem}`);
  }
  for (const d of await h.db.reportDraft.findMany()) {
    for (const [code, value] of Object.entries(d.valuesJson as Record<string, number>)) {
      const ind = byCode.get(code);
      if (!ind) throw new Error(`draft ${d.id} holds unknown indicator ${code}`);
      const problem = valueProblem(value, spec(ind));
      if (problem) throw new Error(`draft ${d.id} holds ${code}: ${problem}`);
    }
  }
  return values.length;
}

// --- generators ------------------------------------------------------------------

const markup = fc.constantFrom("<b>", "</b>", "<i>x</i>", "&", "&amp;", "&lt;", "<", ">", "*", "_", "[", "](http://x)", "`", "```", "~~", "||", "\\", "<a href=\"tg://user?id=1\">", "<script>");

/** Names as Telegram allows them (1–64 characters), with markup and bidi marks. */
const firstName = fc.oneof(
  fc.string({ minLength: 1, maxLength: 64 }),
  fc.array(fc.oneof(markup, fc.constantFrom(...NASTY), fc.string({ minLength: 1, maxLength: 5 })), { minLength: 1, maxLength: 10 }).map((a) => a.join("").slice(0, 64) || "x"),
  fc.constantFrom("A", "Lan", "Nguyễn Văn A", "\u202eevil", "😀".repeat(16)),
);

const ARG_PIECES = [
  "HN", "hn", "HP", "QN", "TB", "XX", "-", "*", "focal", "head", "secretariat", "admin", "owner", "FOCAL",
  "|", " | ", "||", "2026-10", "10/2026", "2026-9", "2026-13", "1999-01", "2101-01", "q3 2026", "2026 q4", "q5 2026", "ytd", "2026", "2026 ytd", "2101",
  "0", "1", "2", "3", "-1", "999999999", "1000000000", "1e9", "NaN", "Infinity", "0x10", "1.5", "24", "721",
  "deadline", "slot", "unslot", "quiet", "off", "weekends", "on", "holiday", "unholiday", "move", "period", "summary", "calendar", "day", "earlier", "later", "skip",
  "d-3", "g+3", "17:00", "25:61", "07:00", "2026-01-01", "vi", "en", "fr", "@khoi_test_bot",
  "#1", "#2", "#3", "#999999999", "#-1", "#", "all", "ALL", "@nobody", "@", "| Chuyển công tác", "| <b>lý do</b> & x",
];

/** Arguments after a command: structured words, random text, very long, emoji, RTL, HTML, Markdown. */
const commandArgs = fc.oneof(
  { weight: 2, arbitrary: fc.constant("") },
  { weight: 5, arbitrary: fc.array(fc.oneof(fc.constantFrom(...ARG_PIECES), markup, fc.constantFrom(...NASTY)), { minLength: 1, maxLength: 6 }).map((a) => a.join(" ")) },
  { weight: 3, arbitrary: anyText(120) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom("x", "<b>", "&", "😀", "\u200f", "HN ", "| "), fc.integer({ min: 500, max: 4000 })).map(([s, n]) => s.repeat(Math.floor(n / s.length)).slice(0, 4000)) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", minLength: 1, maxLength: 30 }) },
  { weight: 1, arbitrary: fc.constantFrom("HN | Tên <b>mới</b> & co", "ZZ | Z <i> | Ban & <Z>", "HN HP", "HN HN", "QN TB", "deadline 3 17:00", "slot x 1 09:00 group", "quiet off", "weekends on", "period day 15", "summary off", "HN focal", "- admin", "* secretariat", "HP head", "2026-10", "q4 2026") },
);

const commandText = fc
  .record({
    name: fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...COMMANDS) }, { weight: 1, arbitrary: fc.constantFrom(...ODD_COMMANDS) }),
    at: fc.constantFrom("", "", "", "@khoi_test_bot", "@other_bot", "@KHOI_TEST_BOT"),
    sep: fc.constantFrom(" ", " ", "  ", "\n", "\u00a0", ""),
    args: commandArgs,
  })
  .map(({ name, at, sep, args }) => (args ? `/${name}${at}${sep}${args}` : `/${name}${at}`).slice(0, 4096));

/** Any text a person might send: commands, amounts, pastes, nonsense. */
const messageText = fc.oneof(
  { weight: 5, arbitrary: commandText },
  { weight: 3, arbitrary: anyText(200).filter((s) => s.length > 0) },
  { weight: 2, arbitrary: plausibleAmount() },
  { weight: 1, arbitrary: fc.array(fc.tuple(fc.constantFrom("Lao động", "vốn FDI", "fdi_new", "zones_operating", "x", "DDI cấp mới"), fc.constantFrom(": ", "=", "\t"), plausibleAmount()).map((t) => t.join("")), { minLength: 1, maxLength: 14 }).map((l) => l.join("\n")) },
  { weight: 1, arbitrary: fc.constantFrom("/", "//", "/ report", "@khoi_test_bot", " /report", "\u200f/report", "/report\u200f") },
);

/** Who speaks: the bloc's people, or a stranger with any name and language. */
const speaker = (w: () => World) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.nat().map((i) => ({ ...w().people[i % w().people.length]!.tg }) as TgUser) },
    {
      weight: 1,
      arbitrary: fc.record({
        id: fc.integer({ min: 5000, max: 5005 }),
        is_bot: fc.constant(false),
        first_name: firstName,
        last_name: fc.option(firstName, { nil: undefined }),
        username: fc.option(fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9_]{4,31}$/), { nil: undefined }),
        language_code: fc.option(fc.constantFrom("vi", "en", "en-US", "fr", "", "zz-ZZ"), { nil: undefined }),
      }).map((u) => Object.fromEntries(Object.entries(u).filter(([, v]) => v !== undefined)) as TgUser),
    },
  );

type Where = "private" | "group" | "other-group" | "basic-group";
const where = fc.constantFrom<Where>("private", "private", "group", "group", "other-group", "basic-group");

function chatFor(w: Where, from: TgUser): TgChat {
  switch (w) {
    case "private":
      return { id: from.id, type: "private", first_name: from.first_name };
    case "group":
      return { id: GROUP_ID, type: "supergroup", title: "Khối thi đua ĐBSH" };
    case "other-group":
      return { id: OTHER_GROUP_ID, type: "supergroup", title: "Nhóm <khác> & co" };
    case "basic-group":
      return { id: BASIC_GROUP_ID, type: "group", title: "Nhóm thường" };
  }
}

/** Entities as a client sends them for a leading command, sometimes absent or out of range. */
const entitiesFor = (text: string): fc.Arbitrary<unknown[] | undefined> =>
  fc.constantFrom("command", "command", "none", "garbage").chain((k): fc.Arbitrary<unknown[] | undefined> => {
    if (k === "none") return fc.constant(undefined);
    if (k === "command") return fc.constant(text.startsWith("/") ? [{ type: "bot_command", offset: 0, length: text.split(/\s/)[0]!.length }] : undefined);
    return fc.array(fc.record({ type: fc.constantFrom("bot_command", "bold", "mention", "text_link", "url"), offset: fc.integer({ min: -2, max: 5000 }), length: fc.integer({ min: 0, max: 5000 }), url: fc.constant("http://x") }), { minLength: 1, maxLength: 3 });
  });

function message(chat: TgChat, from: TgUser | undefined, content: Record<string, unknown>, clock: Harness["clock"]): Record<string, unknown> {
  return { message_id: messageSeq++, date: Math.floor(clock.now().getTime() / 1000), chat, ...(from ? { from } : {}), ...content };
}

// --- the properties ----------------------------------------------------------------

describe("the bot under fuzzed input", () => {
  let world: World;
  let feed: Feed;
  const w = () => world;

  beforeAll(async () => {
    world = await buildWorld();
    feed = feeder(world.h);
  }, 60_000);
  afterAll(async () => {
    await expectStoredValuesInBounds(world.h);
    await world.h.close();
  });

  it("the HTML checker knows good from bad", () => {
    expect(htmlProblems("<b>a</b> &amp; <i>b &lt; c</i> <code>x</code> <a href=\"http://x\">y</a> &#39; &#x1F600;")).toEqual([]);
    expect(htmlProblems("a < b")).not.toEqual([]);
    expect(htmlProblems("Lan & co")).not.toEqual([]);
    expect(htmlProblems("<b>x")).not.toEqual([]);
    expect(htmlProblems("<b><i>x</b></i>")).not.toEqual([]);
    expect(htmlProblems("<script>x</script>")).not.toEqual([]);
    expect(htmlProblems("&nbsp;")).not.toEqual([]);
    expect(htmlProblems("<code><b>x</b></code>")).not.toEqual([]);
  });

  it("answers any text and any command, in private and in groups", async () => {
    await fc.assert(
      fc.asyncProperty(speaker(w), where, messageText.chain((t) => entitiesFor(t).map((e) => [t, e] as const)), async (from, chatKind, [text, entities]) => {
        const chat = chatFor(chatKind, from);
        const calls = await feed({ message: message(chat, from, { text, ...(entities ? { entities } : {}) }, world.h.clock) });
        // Every private message from a person gets an answer, and nothing but private replies reach them there.
        if (chatKind === "private" && !text.startsWith("/start ")) {
          expect(calls.some((c) => ["sendMessage", "sendDocument", "sendPhoto", "editMessageText"].includes(c.method)), `no answer to ${JSON.stringify(text)} from ${from.id}`).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  }, 120_000);

  it("answers every command with random arguments, from every kind of person, in private and in the group", async () => {
    // The people who matter most for each command: the admin, then everyone else.
    const who = fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 4, arbitrary: fc.nat({ max: 7 }) }).map((i) => ({ ...w().people[i]!.tg }) as TgUser);
    for (const name of COMMANDS) {
      const text = fc.tuple(fc.constantFrom("", "", "@khoi_test_bot"), commandArgs).map(([at, args]) => (args ? `/${name}${at} ${args}` : `/${name}${at}`).slice(0, 4096));
      await fc.assert(
        fc.asyncProperty(who, fc.constantFrom<Where>("private", "group", "basic-group"), text, async (from, chatKind, t) => {
          const calls = await feed({ message: message(chatFor(chatKind, from), from, { text: t, entities: [{ type: "bot_command", offset: 0, length: t.split(/\s/)[0]!.length }] }, world.h.clock) }, `${JSON.stringify(t)} by ${from.id} in ${chatKind}`);
          if (chatKind === "private" && name !== "start") {
            expect(calls.some((c) => c.method.startsWith("send") && c.method !== "sendChatAction"), `no answer to ${JSON.stringify(t)} from ${from.id}`).toBe(true);
          }
        }),
        { numRuns: name === "annual" || name === "nudge" ? 4 : 12 },
      );
    }
  }, 180_000);

  /** Button data: fully random, and shaped like the bot's own with forged numbers. */
  const forgedNumber = fc.oneof(
    fc.constantFrom("0", "1", "2", "3", "4", "5", "10", "11", "12", "99", "999", "1000", "9999", "999999999", "0000000001", "-1", "1e3", "", "x"),
    fc.nat({ max: 20 }).map(String),
  );
  const hex8 = fc.stringMatching(/^[0-9a-f]{8}$/);
  const structuredData = fc.oneof(
    fc.tuple(fc.constantFrom("bv", "bn"), forgedNumber, forgedNumber).map(([p, a, b]) => `${p}:${a}:${b}`),
    fc.tuple(fc.constantFrom("bvb", "bnb"), forgedNumber, forgedNumber, forgedNumber).map(([p, a, b, c]) => `${p}:${a}:${b}:${c}`),
    fc.tuple(forgedNumber, forgedNumber).map(([a, b]) => `rep:${a}:${b}`),
    fc.tuple(fc.oneof(forgedNumber, fc.constant("bloc")), fc.constantFrom("focal", "head", "secretariat", "admin", "owner", "x")).map(([a, r]) => `inv:r:${a}:${r}`),
    fc.oneof(forgedNumber, fc.constant("bloc")).map((a) => `inv:b:${a}`),
    fc.tuple(fc.constantFrom("c", "y", "k"), forgedNumber).map(([k, a]) => `inv:${k}:${a}`),
    fc.tuple(fc.constantFrom("i", "s", "r"), fc.constantFrom("m2026-10", "m2026-13", "m1999-01", "m2100-12", "q2026-4", "q2026-9", "y2026", "y2026-1", "t2026-10", "t2026-0", "m2027-01", "x2026"), fc.option(forgedNumber, { nil: undefined })).map(([k, r, i]) => `sm:${k}:${r}${i === undefined ? "" : `:${i}`}`),
    // charts and spreadsheets only with ranges that are refused before any rendering (rendering is tested elsewhere)
    fc.tuple(fc.constantFrom("c", "x"), fc.constantFrom("m2026-13", "m1999-01", "m2100-12", "q2026-9", "m2027-01", "y2026-1", "t2026-0"), forgedNumber).map(([k, r, i]) => `sm:${k}:${r}:${i}`),
    fc.tuple(hex8, forgedNumber, fc.constantFrom("send", "change", "cancel", "back", "keep", "same", "yes", "no", "item", "resume", "restart", "skip", "force", "x"), fc.option(forgedNumber, { nil: undefined })).map(([n, q, a, i]) => `rq:${n}:${q}:${a}${i === undefined ? "" : `:${i}`}`),
    fc.tuple(hex8, forgedNumber, fc.constantFrom("leader", "deputy", "motion", "award:flag", "award:x", "y2026", "y1", "ok", "all", "some", "nominate", "b1", "b999", "done", "p1", "p9", "secret", "open", "h2", "h0", "h-1", "q0", "q99", "runoff", "post", "cancel")).map(([n, q, a]) => `nb:${n}:${q}:${a}`),
    fc.tuple(fc.constantFrom("p", "n", "y"), forgedNumber).map(([k, a]) => `rv:${k}:${a}`),
    fc.tuple(forgedNumber, forgedNumber).map(([a, b]) => `rv:r:${a}:${b}`),
    fc.tuple(forgedNumber, forgedNumber, fc.constantFrom("left", "duties", "mistake", "x", "")).map(([a, b, r]) => `rv:w:${a}:${b}:${r}`),
    fc.constantFrom("menu:report", "menu:status", "menu:boards", "menu:invite", "menu:lang", "menu:summary", "menu:newballot", "menu:people", "rv:", "rv:y:", "lang:vi", "lang:en", "lang:fr", "menu:", "menu:x", "sm:", "rq:", "nb:", "bv:", ":", "::::"),
  );
  const callbackData = fc.oneof(
    { weight: 6, arbitrary: structuredData },
    { weight: 2, arbitrary: fc.string({ maxLength: 64 }) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
    { weight: 1, arbitrary: structuredData.chain((d) => fc.tuple(fc.constantFrom("", " ", ":", "\n", "0", ":1", "😀"), fc.constantFrom("", " ", "x")).map(([suffix, prefix]) => `${prefix}${d}${suffix}`)) },
  );

  /** Where the pressed button sits: a message the bot really sent, or a forged one. */
  const pressTarget = fc.record({ chat: where, pick: fc.nat(), forgedId: fc.option(fc.integer({ min: 1, max: 2_000_000 }), { nil: undefined }), inline: fc.boolean() });

  function callbackUpdate(from: TgUser, data: string | undefined, target: { chat: Where; pick: number; forgedId?: number; inline: boolean }): Raw {
    const id = `cb${callbackSeq++}`;
    const chat = chatFor(target.chat, from);
    const stored = world.h.tg.messages(chat.id);
    const msg = target.forgedId === undefined && stored.length ? stored[target.pick % stored.length] : undefined;
    // A message too old for the bot to see comes as an "inaccessible message" (date 0, no text).
    const inaccessible = target.inline && target.pick % 3 === 0;
    return {
      callback_query: {
        id, from, chat_instance: `ci${chat.id}`, ...(data !== undefined ? { data } : { game_short_name: "game" }),
        message: inaccessible
          ? { message_id: msg?.message_id ?? target.forgedId ?? 1, date: 0, chat }
          : { message_id: msg?.message_id ?? target.forgedId ?? 1, date: Math.floor(world.h.clock.now().getTime() / 1000), chat, from: BOT_INFO, text: msg?.text ?? "", ...(msg?.reply_markup ? { reply_markup: msg.reply_markup } : {}) },
      },
    };
  }

  it("answers every button press exactly once, whatever its data says", async () => {
    await fc.assert(
      fc.asyncProperty(speaker(w), fc.option(callbackData, { nil: undefined, freq: 30 }), pressTarget, async (from, data, target) => {
        await feed(callbackUpdate(from, data, target));
      }),
      { numRuns: 350 },
    );
  }, 120_000);

  it("handles real buttons pressed by anyone, stale or not, on the messages they were sent with", async () => {
    // Every button the bot ever sent (but charts and spreadsheets, which are slow to render).
    const buttons = () =>
      [...world.h.tg.chats.entries()].flatMap(([chatId, msgs]) =>
        [...msgs.values()].flatMap((m) => (m.reply_markup?.inline_keyboard ?? []).flat().flatMap((b) => ("callback_data" in b && b.callback_data && !/^sm:[cx]:/.test(b.callback_data) ? [{ chatId, messageId: m.message_id, data: b.callback_data }] : []))),
      );
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.nat(), fc.boolean(), async (i, j, owner) => {
        const all = buttons();
        if (all.length === 0) return;
        const b = all[i % all.length]!;
        // In private only the chat's owner can press; in the group anyone.
        const people = world.people.map((p) => p.tg as TgUser);
        const from = b.chatId > 0 ? (people.find((p) => p.id === b.chatId) ?? { id: b.chatId, is_bot: false, first_name: "P" }) : owner ? people[0]! : people[j % people.length]!;
        const chatKind: Where = b.chatId === GROUP_ID ? "group" : b.chatId === OTHER_GROUP_ID ? "other-group" : b.chatId === BASIC_GROUP_ID ? "basic-group" : "private";
        const stored = world.h.tg.message(b.chatId, b.messageId);
        const chat = chatKind === "private" ? { id: b.chatId, type: "private" as const, first_name: from.first_name } : chatFor(chatKind, from);
        await feed(
          {
            callback_query: {
              id: `cb${callbackSeq++}`, from, chat_instance: `ci${b.chatId}`, data: b.data,
              message: { message_id: b.messageId, date: Math.floor(world.h.clock.now().getTime() / 1000), chat, from: BOT_INFO, text: stored?.text ?? "", ...(stored?.reply_markup ? { reply_markup: stored.reply_markup } : {}) },
            },
          },
          `press ${b.data} in ${b.chatId} by ${from.id}`,
        );
      }),
      { numRuns: 250 },
    );
  }, 120_000);

  /** Updates other than plain messages: edits, channel posts, bots, messages without text, membership. */
  const oddUpdate = fc.record({
    from: speaker(w),
    chatKind: where,
    text: messageText,
    kind: fc.constantFrom(
      "edited_message", "edited_message", "channel_post", "channel_post", "edited_channel_post", "from_bot", "from_bot", "anonymous_admin",
      "sticker", "photo", "document", "import_document", "voice", "location", "contact", "poll", "dice", "new_chat_members", "left_chat_member", "new_chat_title",
      "pinned_message", "forwarded", "reply", "my_chat_member", "chat_member", "inline_query", "chosen_inline_result", "message_reaction", "empty_message", "migrate",
    ),
    bytes: fc.uint8Array({ maxLength: 300 }),
    fileName: fc.constantFrom("figures.csv", "figures.xlsx", "a.CSV", "x.txt", "no-extension", "<b>.csv", "😀.xlsx", ""),
    caption: fc.option(fc.oneof(commandText, anyText(100)), { nil: undefined }),
  });

  type Odd = { from: TgUser; chatKind: Where; text: string; kind: string; bytes: Uint8Array; fileName: string; caption?: string };

  function buildOdd(o: Odd): Raw {
    const { h } = world;
    const chat = chatFor(o.chatKind, o.from);
    const channel: TgChat = { id: CHANNEL_ID, type: "channel", title: "Kênh <tin> & co" };
    const ent = o.text.startsWith("/") ? { entities: [{ type: "bot_command", offset: 0, length: o.text.split(/\s/)[0]!.length }] } : {};
    const cap = o.caption !== undefined ? { caption: o.caption, ...(o.caption.startsWith("/") ? { caption_entities: [{ type: "bot_command", offset: 0, length: o.caption.split(/\s/)[0]!.length }] } : {}) } : {};
    const file = (name: string) => {
      const fileId = `f${messageSeq}`;
      h.tg.files.set(fileId, { path: `documents/${name || "file"}`, bytes: o.bytes });
      return { file_id: fileId, file_unique_id: `u${fileId}`, file_size: o.bytes.length };
    };
    const msg = (content: Record<string, unknown>, from: TgUser | null = o.from, c: TgChat = chat) => message(c, from ?? undefined, content, h.clock);
    const edit = { edit_date: Math.floor(h.clock.now().getTime() / 1000) };
    switch (o.kind) {
      case "edited_message":
        return { edited_message: msg({ text: o.text, ...ent, ...edit }) };
      case "channel_post":
        return { channel_post: msg({ text: o.text, ...ent, sender_chat: channel }, null, channel) };
      case "edited_channel_post":
        return { edited_channel_post: msg({ text: o.text, ...ent, ...edit, sender_chat: channel }, null, channel) };
      case "from_bot":
        return { message: msg({ text: o.text, ...ent }, { id: 6000 + (o.text.length % 3), is_bot: true, first_name: "Other <bot>", username: "other_bot" }) };
      case "anonymous_admin":
        return { message: msg({ text: o.text, ...ent, sender_chat: chat.type === "private" ? chatFor("group", o.from) : chat }, { id: 1087968824, is_bot: true, first_name: "Group", username: "GroupAnonymousBot" }, chat.type === "private" ? chatFor("group", o.from) : chat) };
      case "sticker":
        return { message: msg({ sticker: { file_id: "s", file_unique_id: "s", type: "regular", width: 512, height: 512, is_animated: false, is_video: false, emoji: "😀" } }) };
      case "photo":
        return { message: msg({ photo: [{ file_id: "p", file_unique_id: "p", width: 90, height: 90 }], ...cap }) };
      case "document":
        return { message: msg({ document: { ...file(o.fileName), file_name: o.fileName, mime_type: "text/csv" }, ...cap }) };
      case "import_document":
        return { message: msg({ document: { ...file(o.fileName), file_name: o.fileName }, caption: "/import", caption_entities: [{ type: "bot_command", offset: 0, length: 7 }] }) };
      case "voice":
        return { message: msg({ voice: { file_id: "v", file_unique_id: "v", duration: 3 } }) };
      case "location":
        return { message: msg({ location: { latitude: 21.03, longitude: 105.85 } }) };
      case "contact":
        return { message: msg({ contact: { phone_number: "+84 1", first_name: o.from.first_name } }) };
      case "poll":
        return { message: msg({ poll: { id: "p", question: o.text.slice(0, 255) || "?", options: [{ text: "a", voter_count: 0 }], total_voter_count: 0, is_closed: false, is_anonymous: true, type: "regular", allows_multiple_answers: false } }) };
      case "dice":
        return { message: msg({ dice: { emoji: "🎲", value: 3 } }) };
      case "new_chat_members":
        return { message: msg({ new_chat_members: [o.from, BOT_INFO] }) };
      case "left_chat_member":
        return { message: msg({ left_chat_member: o.from }) };
      case "new_chat_title":
        return { message: msg({ new_chat_title: o.text.slice(0, 128) || "t" }) };
      case "pinned_message":
        return { message: msg({ pinned_message: { message_id: 1, date: 0, chat } }) };
      case "forwarded":
        return { message: msg({ text: o.text, ...ent, forward_origin: { type: "user", date: 0, sender_user: { id: 42, is_bot: false, first_name: "F" } } }) };
      case "reply":
        return { message: msg({ text: o.text, ...ent, reply_to_message: { message_id: 1, date: 0, chat, from: BOT_INFO, text: "x" } }) };
      case "my_chat_member":
      case "chat_member": {
        const member = (status: string) => ({ status, user: o.kind === "my_chat_member" ? BOT_INFO : o.from });
        return { [o.kind]: { chat, from: o.from, date: 0, old_chat_member: member("member"), new_chat_member: member(o.text.length % 2 ? "left" : "administrator") } };
      }
      case "inline_query":
        return { inline_query: { id: `iq${messageSeq++}`, from: o.from, query: o.text.slice(0, 256), offset: "" } };
      case "chosen_inline_result":
        return { chosen_inline_result: { result_id: "r", from: o.from, query: o.text.slice(0, 256) } };
      case "message_reaction":
        return { message_reaction: { chat, message_id: 1, user: o.from, date: 0, old_reaction: [], new_reaction: [{ type: "emoji", emoji: "👍" }] } };
      case "migrate":
        return { message: msg({ migrate_to_chat_id: OTHER_GROUP_ID }) };
      default:
        return { message: msg({}) }; // a message with no content at all
    }
  }

  it("copes with edited messages, channel posts, bots, messages without text and other updates", async () => {
    await fc.assert(
      fc.asyncProperty(oddUpdate, async (o) => {
        const update = buildOdd(o);
        const calls = await feed(update, `${o.kind} in ${o.chatKind}: ${JSON.stringify(update).slice(0, 400)}`);
        // An edit is never taken as a new command or answer. (Channel posts and
        // other bots' commands are answered like anyone's: see the report.) In a
        // dialogue, the edit of a message that is not the latest answer (none of
        // these is) gets the explanation that edits are not read, and enough of
        // them in a row end the dialogue politely (chat/conversations/dialogue.ts).
        if (o.kind === "edited_message" || o.kind === "edited_channel_post") {
          const said = calls.filter((c) => c.method === "sendMessage" || c.method === "sendDocument" || c.method === "sendPhoto");
          const allowed = ["vi", "en"].flatMap((l) => ["report-edit-old", "newballot-edit-old", "report-paused", "newballot-paused"].map((k) => world.h.app.deps.i18n.t(l, k, { count: MAX_REFUSED })));
          const unexpected = said.map((c) => String(c.payload.text ?? c.payload.caption)).filter((t) => !allowed.includes(t));
          expect(unexpected, `${o.kind}: ${JSON.stringify(o.text)}`).toEqual([]);
          if (o.kind === "edited_channel_post" || o.chatKind !== "private") expect(said).toEqual([]);
        }
      }),
      { numRuns: 300 },
    );
  }, 120_000);

  // Characters outside the BMP (emoji) are left out of the cells here: a known
  // bug splits them (see "import error lines cut emoji in half" below).
  const bmpOnly = (c: string) => c.replace(/[\u{10000}-\u{10FFFF}]/gu, "☺");

  /** A CSV file as people export it: header, rows of boards and months, cells typed any way, quoting right or wrong. */
  const csvFile = fc
    .record({
      sep: fc.constantFrom(",", ";"),
      bom: fc.boolean(),
      eol: fc.constantFrom("\n", "\r\n"),
      columns: fc.tuple(
        fc.shuffledSubarray(["fdi_new", "ddi_new", "fdi_capital", "ddi_capital", "workers", "zones_operating", "fdi_revenue", "FDI_NEW", ""], { minLength: 1, maxLength: 6 }),
        fc.option(fc.constantFrom("nonsense", "<b>x</b>", "😀"), { freq: 5 }),
      ).map(([known, bad]) => (bad === null ? known : [...known, bad])),
      dropKey: fc.constantFrom("none", "none", "none", "none", "none", "board", "period"),
      rows: fc.array(
        fc.record({
          board: fc.constantFrom("HN", "HN", "hp", "QN", "NB", "MKP", "EMO", "XX", "", "<b>", "😀"),
          period: fc.oneof(
            { weight: 4, arbitrary: fc.tuple(fc.integer({ min: 2018, max: 2026 }), fc.integer({ min: 1, max: 12 })).map(([y, m]) => `${y}-${String(m).padStart(2, "0")}`) },
            { weight: 1, arbitrary: fc.constantFrom("10/2026", "2030-01", "1999-12", "2026-13", "x", "") },
          ),
          cells: fc.array(
            fc.oneof(
              { weight: 12, arbitrary: fc.integer({ min: 0, max: 99 }).map(String) },
              { weight: 1, arbitrary: plausibleAmount() },
              { weight: 1, arbitrary: fc.constantFrom("", "0", "12", "1.234,5", "1,234.5", "-5", "1e3", "\"1,5\"", "\"", "😀".repeat(25), "Ba 😀 <b>&") },
              { weight: 1, arbitrary: anyText(30) },
            ).map(bmpOnly),
            { minLength: 0, maxLength: 8 },
          ),
        }),
        { maxLength: 12 },
      ),
    })
    .map(({ sep, bom, eol, columns, dropKey, rows }) => {
      const quote = (c: string) => (/[",;\r\n]/.test(c) && !c.startsWith("\"") ? `"${c.replace(/"/g, "\"\"")}"` : c);
      const header = [...(dropKey === "board" ? [] : ["board"]), ...(dropKey === "period" ? [] : ["period"]), ...columns];
      const lines = [header.join(sep), ...rows.map((r) => [...(dropKey === "board" ? [] : [r.board]), ...(dropKey === "period" ? [] : [r.period]), ...r.cells].map(quote).join(sep))];
      return `${bom ? "\uFEFF" : ""}${lines.join(eol)}`;
    });

  it("imports fuzzed CSV files without a crash, and only figures within bounds", async () => {
    // A world of its own: the properties above send every command with random
    // arguments as the admin (/lock, /removeboard, a dialogue left open, ...),
    // so the shared world may no longer accept the good file below.
    const own = await buildWorld();
    const feedOwn = feeder(own.h);
    const admin = own.people[0]!.tg as TgUser;
    const upload = (csv: string, name: string, caption: string) => {
      const fileId = `imp${messageSeq}`;
      own.h.tg.files.set(fileId, { path: `documents/${fileId}-${name}`, bytes: new TextEncoder().encode(csv) });
      return feedOwn(
        { message: message(chatFor("private", admin), admin, { document: { file_id: fileId, file_unique_id: `u${fileId}`, file_name: name, file_size: csv.length }, caption, caption_entities: [{ type: "bot_command", offset: caption.indexOf("/"), length: caption.trim().length }] }, world.h.clock) },
        `import ${name}: ${JSON.stringify(csv).slice(0, 800)}`,
      );
    };
    // One good file first, so that the property below is not vacuous.
    try {
      const said = await upload("board,period,fdi_new,workers\nNB,2025-03,5,1200", "good.csv", "/import");
      const answer = said.filter((c) => c.method === "sendMessage").map((c) => String(c.payload.text)).join(" | ");
      expect(await own.h.db.report.count({ where: { source: "import" } }), `the good file was answered: ${answer}`).toBe(1);
      await fc.assert(
        fc.asyncProperty(csvFile, fc.constantFrom("figures.csv", "figures.CSV", "data.xlsx"), fc.constantFrom("/import", "/import@khoi_test_bot", " /import "), async (csv, name, caption) => {
          const calls = await upload(csv, name, caption);
          expect(calls.some((c) => c.method === "sendMessage"), "the import was not answered").toBe(true);
          await expectStoredValuesInBounds(own.h);
        }),
        { numRuns: 60 },
      );
    } finally {
      await own.h.close();
    }
  }, 180_000);

  it("renders the heavier answers (summary charts, spreadsheet, annual report) for forged but valid buttons", async () => {
    const admin = world.people[0]!.tg as TgUser;
    await feed({ message: message(chatFor("group", admin), admin, { text: "/summary", entities: [{ type: "bot_command", offset: 0, length: 8 }] }, world.h.clock) });
    const summary = world.group.messages().at(-1)!;
    for (const data of ["sm:c:m2026-10:0", "sm:x:m2026-10", "sm:c:y2026:11", "sm:x:q2026-4", "sm:c:t2026-10:12"]) {
      await feed(callbackUpdate(admin, data, { chat: "group", pick: world.group.messages().indexOf(summary), inline: false }), data);
    }
    await feed({ message: message(chatFor("group", admin), admin, { text: "/annual 2026", entities: [{ type: "bot_command", offset: 0, length: 7 }] }, world.h.clock) });
  }, 60_000);

  it("stores no figure outside its indicator's bounds", async () => {
    await expectStoredValuesInBounds(world.h);
  });
});

// --- defects the fuzzing found: kept as failing cases until src/ is fixed ---------------

describe("defects found by fuzzing (expected to fail until fixed)", () => {
  let h: Harness;
  let feed: Feed;
  let group: FakeGroup;
  let admin: FakeUser;
  const adminChat: TgChat = { id: ADMIN_ID, type: "private", first_name: "Admin" };

  beforeAll(async () => {
    h = await Harness.create({ adminIds: [ADMIN_ID] });
    feed = feeder(h);
    group = h.group(GROUP_ID);
    admin = h.user(ADMIN_ID, "Admin");
    await admin.sendIn(group, "/linkgroup");
  }, 60_000);
  afterAll(async () => h.close());

  const say = (from: TgUser, chat: TgChat, text: string) =>
    feed({ message: message(chat, from, { text, ...(text.startsWith("/") ? { entities: [{ type: "bot_command", offset: 0, length: text.split(/\s/)[0]!.length }] } : {}) }, h.clock) }, JSON.stringify(text).slice(0, 200));

  // The vote alert is cut with `text.slice(0, 200)` (src/features/ballots/chat.ts,
  // vote()): UTF-16 units, so a cut inside an emoji leaves half a surrogate
  // pair, which is not UTF-8; Telegram refuses such a text, the vote is stored
  // but the voter is told that an error occurred. Repro: three boards whose
  // short name is "😀" × 20 (40 characters, allowed by /addboard), an award
  // ballot with 3 picks, a focal person of one of them votes for the three.
  it("a vote alert never holds half an emoji", async () => {
    for (const code of ["EA", "EB", "EC"]) await say(admin.tg, adminChat, `/addboard ${code} | ${"😀".repeat(20)} | Ban ${code}`);
    const voter = await join(h, 30, "Voter", "EA", "focal");
    const boards = await h.db.board.findMany({ where: { code: { in: ["EA", "EB", "EC"] } } });
    const by = await h.db.person.findFirstOrThrow();
    const now = h.clock.now();
    const id = await createBallot(h.db, {
      kind: "award", awardKindCode: "certificate", year: 2026, title: "Bằng khen", secret: false, picksPerVoter: 3, maxWinners: 3, quorum: 0, tieRule: "runoff", allowSelfVote: true,
      createdById: by.id, closesAt: new Date(now.getTime() + 86400_000), chatId: GROUP_ID, candidates: boards.map((b) => ({ boardId: b.id, label: b.shortName })), eligibleBoardIds: boards.map((b) => b.id), now,
    });
    await postBallot(h.app.deps, id);
    const msg = group.messages().at(-1)!;
    for (const b of (msg.reply_markup?.inline_keyboard ?? []).flat()) {
      if (!("callback_data" in b) || !b.callback_data?.startsWith("bv:")) continue;
      await feed({ callback_query: { id: `cb${callbackSeq++}`, from: voter.tg, chat_instance: "g", data: b.callback_data, message: { message_id: msg.message_id, date: 0, chat: chatFor("group", voter.tg as TgUser), from: BOT_INFO, text: msg.text } } }, `vote ${b.callback_data}`);
    }
  });

  // An import error line quotes the bad cell cut with `raw.slice(0, 40)`
  // (src/features/imports/rules/import-rows.ts, parseImportRow): a cut inside an emoji leaves
  // half a surrogate pair in the reply, which Telegram refuses (not UTF-8), so
  // the admin gets "an error occurred" instead of the list of rejected rows.
  // Repro: a CSV "board,period,ddi_capital\nHN,2026-10,a" + "😀" × 25 sent with
  // the caption /import.
  it("import error lines never cut an emoji in half", async () => {
    const csv = `board,period,ddi_capital\nHN,2026-10,a${"😀".repeat(25)}`;
    h.tg.files.set("emoji-csv", { path: "documents/emoji.csv", bytes: new TextEncoder().encode(csv) });
    await feed({ message: message(adminChat, admin.tg, { document: { file_id: "emoji-csv", file_unique_id: "u", file_name: "emoji.csv", file_size: csv.length }, caption: "/import", caption_entities: [{ type: "bot_command", offset: 0, length: 7 }] }, h.clock) }, "import emoji.csv");
  });

  // /ballots lists the last 20 ballots with their full titles (up to 200
  // characters each, as /newballot allows) in one message, with no cap: 20
  // such ballots make a message of about 5,400 characters, over Telegram's
  // 4,096, so the command fails ("update failed") instead of listing them.
  // (src/features/ballots/chat.ts, "ballots" command; listBallots(db, 20).)
  it("/ballots stays within Telegram's 4,096 characters", async () => {
    const boards = await h.db.board.findMany();
    const now = h.clock.now();
    const by = await h.db.person.findFirstOrThrow();
    for (let i = 0; i < 20; i++) {
      await createBallot(h.db, {
        kind: "motion", awardKindCode: null, year: 2026, title: `${i} ${"Biểu quyết về việc sửa đổi quy chế hoạt động của Khối ".repeat(4)}`.slice(0, 200).trim(), secret: false, picksPerVoter: 1, maxWinners: 1,
        quorum: 0, tieRule: "runoff", allowSelfVote: true, createdById: by.id, closesAt: new Date(now.getTime() + 86400_000), chatId: GROUP_ID,
        candidates: [{ boardId: null, label: "yes" }, { boardId: null, label: "no" }], eligibleBoardIds: boards.map((b) => b.id), now,
      });
    }
    await say(admin.tg, chatFor("group", admin.tg as TgUser), "/ballots");
  });

  // /boards prints every board ever (retired ones stay) with its full name
  // (up to 200 characters) in one message, with no cap: some 30 boards with
  // long names exceed Telegram's 4,096 characters and the command fails.
  // (src/features/bloc/chat.ts, showBoards.)
  it("/boards stays within Telegram's 4,096 characters", async () => {
    for (let i = 0; i < 20; i++) {
      await say(admin.tg, adminChat, `/addboard L${i} | Ban số ${i} | ${`Ban Quản lý các khu công nghiệp và khu kinh tế tỉnh số ${i} `.repeat(4).slice(0, 200).trim()}`);
    }
    await say(admin.tg, adminChat, "/boards");
  });
});

// --- the report conversation, driven with fuzzed answers to the end -------------------

describe("the report conversation under fuzzed answers", () => {
  let h: Harness;
  let feed: Feed;
  let lan: FakeUser; // focal HN
  let minh: FakeUser; // focal HN too: two people on one report

  beforeAll(async () => {
    h = await Harness.create({ adminIds: [ADMIN_ID] });
    feed = feeder(h);
    lan = await join(h, 20, "Lan <b>", "HN", "focal");
    minh = await join(h, 21, "Minh & co", "HN", "focal");
  }, 60_000);
  afterAll(async () => h.close());

  const send = (u: FakeUser, text: string) =>
    feed({ message: { message_id: messageSeq++, date: Math.floor(h.clock.now().getTime() / 1000), chat: { id: u.id, type: "private", first_name: u.tg.first_name }, from: u.tg, text, ...(text.startsWith("/") ? { entities: [{ type: "bot_command", offset: 0, length: text.split(/\s/)[0]!.length }] } : {}) } }, `${u.id}: ${JSON.stringify(text)}`);

  const press = (u: FakeUser, messageId: number, data: string) => {
    const stored = h.tg.message(u.id, messageId);
    return feed(
      { callback_query: { id: `cb${callbackSeq++}`, from: u.tg, chat_instance: `ci${u.id}`, data, message: { message_id: messageId, date: 0, chat: { id: u.id, type: "private", first_name: u.tg.first_name }, from: BOT_INFO, text: stored?.text ?? "", ...(stored?.reply_markup ? { reply_markup: stored.reply_markup } : {}) } } },
      `${u.id} presses ${data}`,
    );
  };

  /** The newest message in the person's chat with buttons of the report ("rq:") or of the board choice ("rep:"). */
  function newestButtons(u: FakeUser): { messageId: number; data: string[] } | null {
    for (const m of [...h.tg.messages(u.id)].reverse()) {
      const data = (m.reply_markup?.inline_keyboard ?? []).flat().flatMap((b) => ("callback_data" in b && b.callback_data ? [b.callback_data] : []));
      if (data.some((d) => d.startsWith("rq:") || d.startsWith("rep:"))) return { messageId: m.message_id, data };
    }
    return null;
  }

  const inConversation = async (u: FakeUser) => (await h.db.conversationState.findUnique({ where: { key: `c${u.id}` } })) !== null;

  /** Finishes whatever the person is in the middle of: confirms, skips, sends; answers questions with "0". */
  async function finish(u: FakeUser): Promise<void> {
    let lastSeen = -1;
    let stuck = 0;
    for (let step = 0; step < 80; step++) {
      if (!(await inConversation(u))) return;
      const b = newestButtons(u);
      if (!b) {
        await send(u, "/cancel");
        continue;
      }
      stuck = b.messageId === lastSeen ? stuck + 1 : 0;
      lastSeen = b.messageId;
      const pick = ["yes", "force", "skip", "resume", "send"].map((a) => b.data.find((d) => d.endsWith(`:${a}`))).find(Boolean) ?? b.data.find((d) => d.startsWith("rep:"));
      const back = b.data.find((d) => d.endsWith(":back"));
      const cancel = b.data.find((d) => d.endsWith(":cancel"));
      if (pick) await press(u, b.messageId, pick);
      else if (b.data.some((d) => /:item:\d+$/.test(d)) && back) await press(u, b.messageId, back);
      else if (stuck >= 2 && cancel) await press(u, b.messageId, cancel);
      else await send(u, "0");
    }
    throw new Error(`the report did not finish: ${u.lastText()}`);
  }

  /** A step of a person: typed text (an answer, a paste, nonsense), or a press of one of the buttons in view. */
  const move = fc.oneof(
    { weight: 4, arbitrary: fc.record({ who: fc.nat(1), text: fc.oneof(plausibleAmount(), anyText(60), fc.constantFrom("0", "12", "1.200,5", "402,76 triệu USD", "5 tỷ", "-3", "1e3", "99999999", "0,001")) }) },
    { weight: 1, arbitrary: fc.record({ who: fc.nat(1), text: fc.array(fc.tuple(fc.constantFrom("fdi_new", "Lao động", "vốn FDI", "zones_operating", "workers", "doanh thu DDI", "FDI cấp mới", "xyz"), fc.constantFrom(": ", "=", "\t"), fc.oneof(plausibleAmount(), fc.constantFrom("0", "12", "600", "2.000.001"))).map((t) => t.join("")), { minLength: 1, maxLength: 13 }).map((l) => l.join("\n")) }) },
    { weight: 3, arbitrary: fc.record({ who: fc.nat(1), press: fc.nat() }) },
    { weight: 1, arbitrary: fc.record({ who: fc.nat(1), text: fc.constantFrom("/report", "/report 2026-10", "/report 2026-9", "/cancel", "/status", "/report 2099-1") }) },
  );

  it("whatever is typed or pressed, every figure that reaches the database is within bounds", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(move, { minLength: 1, maxLength: 14 }), fc.constantFrom("/report", "/report 2026-10", "/report 2026-9"), async (moves, start) => {
        const people = [lan, minh];
        await send(lan, start);
        for (const m of moves) {
          const u = people[m.who]!;
          if ("text" in m) await send(u, m.text);
          else {
            const b = newestButtons(u);
            if (b) await press(u, b.messageId, b.data[m.press % b.data.length]!);
            else await send(u, start);
          }
        }
        await finish(lan);
        await finish(minh);
        await expectStoredValuesInBounds(h);
      }),
      { numRuns: 40 },
    );
    // Something was stored: the property did not pass vacuously.
    expect(await h.db.reportValue.count()).toBeGreaterThan(0);
  }, 180_000);
});
