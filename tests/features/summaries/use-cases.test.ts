// The summaries' use cases without the bot: who may see a summary (the leader's and
// deputy's people of the years the bloc's officers serve, the secretariat, admins),
// and the monthly post rendered when the group's outbox sends it, through the chats
// port: its text and its choices, the period marked with the
// post's own mark.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Harness } from "../../harness/harness.js";
import { maySeeSummary } from "../../../src/features/summaries/use-cases.js";
import { linkGroup, postToGroup } from "../../../src/features/group/use-cases.js";
import type { Deps } from "../../../src/shared/deps.js";
import type { Chats } from "../../../src/shared/messaging/chats.js";
import type { OutboundMessage } from "../../../src/shared/messaging/outbound.js";
import type { Actor } from "../../../src/shared/bloc/roles.js";
import { getBloc } from "../../../src/shared/bloc/store.js";
import { ensurePeriod } from "../../../src/shared/bloc/periods.js";

let h: Harness;
beforeEach(async () => {
  h = await Harness.create({ now: "2026-11-04T02:00:00.000Z" });
});
afterEach(async () => h.close());

const focalOf = (boardId: number): Actor => ({ isAdmin: false, grants: [{ role: "focal", boardId, boardStatus: "active" }] });

describe("who may see a summary", () => {
  it("admins and the secretariat; a board's people only while it leads the bloc (this year, or last year's officers until June)", async () => {
    const [hn, hp, qn] = await h.db.board.findMany({ orderBy: { sortOrder: "asc" }, take: 3 });
    expect(await maySeeSummary(h.app.deps, { isAdmin: true, grants: [] })).toBe(true);
    expect(await maySeeSummary(h.app.deps, { isAdmin: false, grants: [{ role: "secretariat", boardId: null }] })).toBe(true);
    expect(await maySeeSummary(h.app.deps, focalOf(hn!.id))).toBe(false);
    await h.db.blocOfficer.create({ data: { year: 2026, role: "leader", boardId: hn!.id } });
    await h.db.blocOfficer.create({ data: { year: 2025, role: "deputy", boardId: qn!.id } });
    expect(await maySeeSummary(h.app.deps, focalOf(hn!.id))).toBe(true);
    expect(await maySeeSummary(h.app.deps, focalOf(hp!.id))).toBe(false);
    expect(await maySeeSummary(h.app.deps, focalOf(qn!.id))).toBe(false); // November: last year's officers no longer
    h.clock.set(new Date("2027-03-01T02:00:00.000Z"));
    expect(await maySeeSummary(h.app.deps, focalOf(hn!.id))).toBe(true); // last year's leader still closes it until June
    expect(await maySeeSummary(h.app.deps, { isAdmin: false, grants: [] })).toBe(false);
  });
});

describe("the monthly summary's post", () => {
  it("is rendered by the summaries when it goes out, sent through the chats port, and marks its period with the post", async () => {
    const sent: OutboundMessage[] = [];
    const chats: Chats = {
      async send(chatId, message) {
        sent.push(message);
        return { chatId, messageId: 7 };
      },
      edit: async () => "unsupported",
      sendPicture: async (chatId) => ({ chatId, messageId: 8 }),
    };
    const deps: Deps = { ...h.app.deps, chats };
    await linkGroup(deps, { id: -1001, title: "Khối" }, null);
    const bloc = (await getBloc(h.db))!;
    const period = await ensurePeriod(h.db, { year: 2026, month: 10 }, bloc.schedule, "Asia/Ho_Chi_Minh");
    await postToGroup(deps, `summary:${period.id}`, { kind: "summary", periodId: period.id, year: 2026, month: 10 }, 3600_000);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text.split("\n")[0]).toContain("Tổng hợp tháng 10/2026");
    expect(sent[0]!.choices?.flat().map((c) => c.action)).toEqual(["sm:i:m2026-10:0", "sm:r:m2026-10", "sm:c:m2026-10:0", "sm:x:m2026-10"]);
    const post = await h.db.groupPost.findUniqueOrThrow({ where: { key: `summary:${period.id}` } });
    expect(post).toMatchObject({ status: "sent", messageId: 7 });
    expect((await h.db.period.findUniqueOrThrow({ where: { id: period.id } })).summaryPostedAt).toEqual(h.clock.now());
  });
});
