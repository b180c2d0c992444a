// The reminders' use cases without the messenger: a fake outbound port records what
// they send and answers as the test says (sent, unreachable, failed); the database is
// a real SQLite file. What is proved: each reminder goes to a person by id through the
// port with the choice that opens the report, each outcome the port gives is what the
// reminder ledger records, nothing is sent twice; the group's line and the digest go
// to the group recipient under their keys, and a digest the port could not take is
// tried again on the next tick.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Harness } from "../../harness/harness.js";
import { blocWithSchedule, TEST_SCHEDULE } from "../../harness/bloc-files.js";
import { join } from "../../harness/fixtures.js";
import type { Deps } from "../../../src/shared/deps.js";
import type { OutboundMessage, Recipient, SendOutcome } from "../../../src/shared/messaging/outbound.js";
import { nudge, remindDue } from "../../../src/features/reminders/use-cases/remind.js";
import { postDueDigests } from "../../../src/features/reminders/use-cases/digest.js";
import { reminderWords } from "../../../src/features/reminders/views.js";

const vn = (local: string) => new Date(`${local}+07:00`);

let h: Harness;
let deps: Deps;
let sent: { to: Recipient; message: OutboundMessage }[];
/** What the fake port answers for a person (by Person.id); "sent" when not named. */
let answers: Map<number, SendOutcome>;
let groupAnswer: SendOutcome;
let handedOff: Promise<unknown>[];
const handOff = (p: Promise<unknown>) => void handedOff.push(p);
const settle = async () => {
  while (handedOff.length) await Promise.all(handedOff.splice(0));
};
const idOf = async (telegramId: number) => (await h.db.person.findUniqueOrThrow({ where: { telegramId: BigInt(telegramId) } })).id;

beforeEach(async () => {
  h = await Harness.create({ now: vn("2026-11-01T08:00:00").toISOString(), blocFile: blocWithSchedule(TEST_SCHEDULE) });
  await join(h, 200, "Lan", "HP", "focal");
  await join(h, 300, "Minh", "QN", "focal");
  await join(h, 400, "Hà", "BN", "focal");
  sent = [];
  answers = new Map();
  groupAnswer = "sent";
  handedOff = [];
  deps = {
    ...h.app.deps,
    notify: {
      send: async (to, message) => {
        sent.push({ to, message });
        return "group" in to ? groupAnswer : (answers.get(to.person) ?? "sent");
      },
    },
  };
});
afterEach(async () => h.close());

describe("the reminders' use cases, through a fake outbound port", () => {
  it("each reminder goes to a person by id with the choice that opens the report; the ledger records the port's outcome; never twice", async () => {
    const [lan, minh, ha] = [await idOf(200), await idOf(300), await idOf(400)];
    answers.set(minh, "unreachable");
    answers.set(ha, "failed");
    const now = vn("2026-11-02T09:00:00"); // the d-3 slot
    await remindDue(deps, now, reminderWords, handOff);
    await settle();
    const period = await h.db.period.findFirstOrThrow({ where: { year: 2026, month: 10 } });
    const toPeople = sent.filter((s) => "person" in s.to);
    expect(toPeople.map((s) => ("person" in s.to ? s.to.person : 0)).sort()).toEqual([lan, minh, ha].sort());
    const hp = await h.db.board.findUniqueOrThrow({ where: { code: "HP" } });
    const lanMsg = toPeople.find((s) => "person" in s.to && s.to.person === lan)!.message;
    expect(lanMsg.text).toContain("chưa gửi báo cáo tháng 10/2026");
    expect(lanMsg.choices).toEqual([[{ label: expect.any(String), action: `rep:${hp.id}:${period.id}` }]]);
    const status = async (personId: number) => (await h.db.reminderDelivery.findFirstOrThrow({ where: { personId } })).status;
    expect([await status(lan), await status(minh), await status(ha)]).toEqual(["sent", "unreachable", "failed"]);
    // The same minute again: the slots are claimed, nothing more is sent.
    await remindDue(deps, now, reminderWords, handOff);
    await settle();
    expect(sent.filter((s) => "person" in s.to)).toHaveLength(3);
  });

  it("a nudge counts what the port delivered", async () => {
    answers.set(await idOf(300), "unreachable");
    const r = await nudge(deps, vn("2026-11-03T10:00:00"), reminderWords);
    expect(r).toEqual({ boards: expect.any(Number), sent: 2 });
    expect(r.boards).toBeGreaterThanOrEqual(3);
  });

  it("the group's line and the digest go to the group recipient under their keys; a digest the port could not take is tried again", async () => {
    const period = await h.db.period.findFirstOrThrow({ where: { year: 2026, month: 10 } }).catch(async () => {
      await remindDue(deps, vn("2026-11-02T09:00:00"), reminderWords, handOff);
      await settle();
      return h.db.period.findFirstOrThrow({ where: { year: 2026, month: 10 } });
    });
    await remindDue(deps, vn("2026-11-08T09:10:00"), reminderWords, handOff); // g+3: the group's line
    await settle();
    const line = sent.find((s) => "group" in s.to && s.to.group.key.startsWith("group-reminder:"));
    expect(line?.to).toEqual({ group: { key: `group-reminder:${period.id}:g+3`, staleAfterMs: expect.any(Number), wait: true, texts: { vi: line?.message.text, en: expect.stringContaining("The October 2026 reports are 3 days overdue") } } });
    expect(line?.message.text).toContain((await h.db.board.findUniqueOrThrow({ where: { code: "HP" } })).shortName);

    groupAnswer = "failed";
    const due = vn("2026-11-05T17:00:00"); // the deadline: the digest is due
    await postDueDigests(deps, due, reminderWords, handOff);
    await settle();
    const digests = () => sent.filter((s) => "group" in s.to && s.to.group.key === `digest:${period.id}`);
    expect(digests()).toHaveLength(1);
    expect(digests()[0]!.message.text).toMatch(/Đã nộp: 0\/\d+/);
    groupAnswer = "sent";
    await postDueDigests(deps, new Date(due.getTime() + 60_000), reminderWords, handOff);
    await settle();
    expect(digests()).toHaveLength(2); // not taken the first time: asked again
    await postDueDigests(deps, new Date(due.getTime() + 120_000), reminderWords, handOff);
    await settle();
    expect(digests()).toHaveLength(2); // taken: never again
  });
});
