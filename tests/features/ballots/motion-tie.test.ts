// A motion's rules say its own tie rule (task texts17 item 2): a motion passes only
// with more “yes” than “no” (rules.ts tally), so a tie fails it; it has no runoff and
// no decision by the bloc leader. Every text that prints a ballot's rules says so for a
// motion: /newballot's confirmation (Telegram, Zalo), the group post, each private copy
// (Telegram in vi and en, Zalo), /ballots N; a leader election still says its tie rule.
import { afterEach, describe, expect, it } from "vitest";
import { FakeZalo, type FakeZaloUser } from "../../harness/fake-zalo.js";
import { Harness } from "../../harness/harness.js";
import { join } from "../../harness/fixtures.js";
import { createBallot, isBallot, joinOnZalo, numberOf, zaloSend, zaloTexts } from "../../harness/zalo-ballots.js";
import { adminOnZalo } from "../../harness/bloc-world.js";

let h: Harness;
let fake: FakeZalo;
afterEach(async () => h.close());

const VI = "nếu bằng phiếu: nội dung không được thông qua (cần số phiếu “Đồng ý” nhiều hơn “Không đồng ý”)";
const EN = "on a tie: the motion fails (it needs more “yes” than “no” votes)";
/** What the texts said of a motion's tie before: the tie rules of elections. */
const ELECTION_TIE = /bầu lại|Khối trưởng quyết định|runoff|bloc leader decides/i;

describe("a motion's tie rule", () => {
  it("is the motion's own everywhere its rules are printed, and the tally keeps it: a tie fails the motion", async () => {
    fake = new FakeZalo({ now: () => h.clock.now().getTime() });
    h = await Harness.create({ zalo: fake, now: new Date("2026-11-04T09:00:00+07:00").toISOString() });
    const thu = await join(h, 100, "Thu", "", "secretariat");
    const lan = await join(h, 200, "Lan", "HP", "focal"); // Telegram, Vietnamese
    const minh = await join(h, 300, "Minh", "QN", "head", { language: "en" });
    await minh.send("/lang en"); // Telegram, English
    const ha = await joinOnZalo(h, fake, "Hà", "BN", "focal"); // Zalo
    const { admin, adminZ } = await adminOnZalo(h, fake);
    const zl = (u: FakeZaloUser, text: string) => zaloSend(h, fake, u, text);

    // The confirmation on Telegram (no group: sent privately).
    await thu.send("/newballot");
    for (const b of ["Biểu quyết (đồng ý / không đồng ý)", /^\d{4}$/, "Dùng tiêu đề này", "Công khai", "24 giờ", "Không yêu cầu"]) await thu.press(b);
    expect(thu.lastText()).toContain(`; ${VI}`);
    expect(thu.lastText()).not.toMatch(ELECTION_TIE);
    await thu.press("📨 Gửi riêng đến các đơn vị");
    const id = Number(/số (\d+)/.exec(thu.lastText())![1]);

    // The confirmation on Zalo.
    let said = "";
    for (const step of ["/newballot", "Biểu quyết.*", "\\d{4}", "Dùng tiêu đề này", "Công khai", "24 giờ", "Không yêu cầu"]) {
      said = (await zl(adminZ, step.startsWith("/") ? step : numberOf(said, step))).join("\n");
    }
    expect(said).toContain(`; ${VI}`);
    expect(said).not.toMatch(ELECTION_TIE);
    await zl(adminZ, "/cancel");

    // The private copies: Telegram in Vietnamese and in English, Zalo.
    const lanCopy = lan.messages().find((m) => isBallot(m.text))!;
    const minhCopy = minh.messages().find((m) => /^🗳 .*\(no\. \d+\)$/m.test(m.text?.split("\n")[0] ?? ""))!.text!;
    const haCopy = zaloTexts(fake, ha).find(isBallot)!;
    expect(lanCopy.text).toContain(`· ${VI}`);
    expect(haCopy).toContain(`· ${VI}`);
    expect(minhCopy).toContain(`· ${EN}`);
    for (const c of [lanCopy.text, minhCopy, haCopy]) expect(c).not.toMatch(ELECTION_TIE);

    // /ballots N sends the open ballot again: the same rule.
    await lan.send(`/ballots ${id}`);
    expect(lan.lastText()).toContain(`· ${VI}`);
    expect(lan.lastText()).not.toMatch(ELECTION_TIE);

    // What the rule says is what the tally does: one yes, one no, the motion fails.
    await lan.press("Đồng ý", { messageId: lanCopy.message_id });
    await zl(ha, numberOf(haCopy, "Không đồng ý"));
    await thu.send(`/closeballot ${id}`);
    const result = lan.messages().map((m) => m.text ?? "").find((t) => t.startsWith("📊"))!;
    expect(result).toContain("❌ Nội dung không được thông qua.");

    // With a group: the group's post of a motion says the motion's rule; an election's still says its own.
    const group = h.group();
    await admin.sendIn(group, "/linkgroup");
    await createBallot(thu, { kind: "Biểu quyết (đồng ý / không đồng ý)" });
    const motionPost = group.messages().find((m) => isBallot(m.text))!.text!;
    expect(motionPost).toContain(`· ${VI}`);
    expect(motionPost).not.toMatch(ELECTION_TIE);
    await createBallot(thu, { kind: "Khối trưởng" });
    const electionPost = group.messages().filter((m) => isBallot(m.text)).at(-1)!.text!;
    expect(electionPost).toContain("· nếu bằng phiếu: bầu lại giữa các đơn vị bằng phiếu");
    expect(electionPost).not.toContain("không được thông qua");
  });
});
