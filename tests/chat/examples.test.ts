// The example dates of /help, of every usage line and of /newballot's closing
// question follow the bot's clock (src/shared/i18n/examples.ts), not the year the
// texts were written: with the clock on 10 March 2029, 09:00 in Hà Nội, every text
// names 2029 (or 2028, the last finished year), never 2026 or 2027, and the
// examples typed back are taken.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Harness, buttonsOf, type FakeUser } from "../harness/harness.js";
import { electionUpToClosing, join } from "../harness/fixtures.js";

let h: Harness;
let focal: FakeUser, head: FakeUser, officer: FakeUser, secretariat: FakeUser, admin: FakeUser, english: FakeUser;

beforeAll(async () => {
  h = await Harness.create({ now: "2029-03-10T02:00:00Z", adminIds: [1] }); // 09:00, 10 March 2029 in Hà Nội
  await h.user(1, "Admin").sendIn(h.group(), "/linkgroup"); // /newballot posts in the group
  await h.db.blocOfficer.create({ data: { year: 2029, role: "leader", boardId: (await h.db.board.findUniqueOrThrow({ where: { code: "HP" } })).id } });
  focal = await join(h, 200, "Lan", "QN", "focal");
  head = await join(h, 201, "Hùng", "QN", "head");
  officer = await join(h, 202, "Phúc", "HP", "focal"); // this year's leader board
  secretariat = await join(h, 100, "Thu", "", "secretariat");
  admin = h.user(1, "Admin");
  english = await join(h, 203, "Mary", "HN", "admin", { language: "en" });
}, 60_000);
afterAll(async () => h.close());

/** The example dates on 10 March 2029 (calendar months: the latest period is February). */
const PERIOD = "2029-02";
const EARLIER = "2029-01";
const QUARTER = "Q1 2029";
const YEAR = "2029";
const LAST_YEAR = "2028";
const HOLIDAYS = "2029-04-30 2029-05-01";
const CLOSES = "13/03/2029 17:00";

/** The years a text names: only those of the clock, never the years the texts were written in. */
const yearsIn = (text: string) => [...new Set([...text.matchAll(/(?<!\d)20\d\d(?!\d)/g)].map((m) => m[0]))].sort();

async function answer(u: FakeUser, text: string): Promise<string> {
  await u.send(text);
  return u.lastText();
}

describe("/help", () => {
  it("each role's text gives the examples of the clock's time, and names no other year", async () => {
    const roles: [string, FakeUser, string[], string[]][] = [
      ["focal", focal, [`/report ${EARLIER} — một tháng trước còn mở`], [YEAR]],
      ["head", head, [], []], // no example dates in a head's commands
      ["leader board", officer, [`/report ${EARLIER}`, `/summary ${PERIOD}, /summary ${QUARTER}, /summary ${YEAR})`, `/annual ${LAST_YEAR} —`], [LAST_YEAR, YEAR]],
      ["secretariat", secretariat, [`/summary ${PERIOD}, /summary ${QUARTER}, /summary ${YEAR})`, `/annual ${LAST_YEAR} —`], [LAST_YEAR, YEAR]],
      ["admin", admin, [`/summary ${PERIOD}, /summary ${QUARTER}, /summary ${YEAR})`, `/annual ${LAST_YEAR} —`, `/lock ${PERIOD}, /unlock ${PERIOD} —`], [LAST_YEAR, YEAR]],
      ["admin in English", english, [`/summary ${PERIOD}, /summary ${QUARTER}, /summary ${YEAR})`, `/annual ${LAST_YEAR} — draft`, `/lock ${PERIOD}, /unlock ${PERIOD} — lock`], [LAST_YEAR, YEAR]],
    ];
    for (const [role, u, shown, years] of roles) {
      const text = await answer(u, "/help");
      for (const s of shown) expect(text, role).toContain(s);
      expect(yearsIn(text), role).toEqual(years);
    }
  });
});

/**
 * A usage line reached by a wrong command: its examples (`shown`) of the clock's
 * time, no other year (`years`); then each command of `back`, an example as the
 * line writes it, typed back and taken (its answer holds `taken`).
 */
type UsageCase = { who: () => FakeUser; wrong: string; shown: string[]; years: string[]; back?: string[]; taken?: string };
const USAGE: Record<string, UsageCase> = {
  "/report": { who: () => focal, wrong: "/report tháng trước", shown: [`<code>/report ${EARLIER}</code>`], years: [YEAR] },
  "/summary": {
    who: () => secretariat, wrong: "/summary năm ngoái", shown: [`<code>/summary ${PERIOD}</code>`, `<code>/summary ${QUARTER}</code>`, `<code>/summary ${YEAR}</code>`], years: [YEAR],
    back: [`/summary ${PERIOD}`, `/summary ${QUARTER}`, `/summary ${YEAR}`], taken: "📊 <b>Tổng hợp",
  },
  "/summary in English": { who: () => english, wrong: "/summary last year", shown: ["Usage:", `<code>/summary ${PERIOD}</code>`, `<code>/summary ${QUARTER}</code>`], years: [YEAR] },
  "/annual": { who: () => secretariat, wrong: "/annual năm-ngoái", shown: [`<code>/annual ${LAST_YEAR}</code>`], years: [LAST_YEAR] },
  "/lock": {
    who: () => admin, wrong: "/lock tháng 2", shown: [`<code>/lock ${PERIOD}</code>`, `<code>/unlock ${PERIOD}</code>`], years: [YEAR],
    back: [`/lock ${PERIOD}`, `/unlock ${PERIOD}`], taken: "tháng 2/2029",
  },
  "/addboard": { who: () => admin, wrong: "/addboard HB | Hòa Bình", shown: [`Tên đầy đủ | ${PERIOD}</code>`], years: [YEAR] },
  "/schedule": {
    who: () => admin, wrong: "/schedule holidays", shown: [`<code>/schedule holiday ${HOLIDAYS}</code>`, "<code>/schedule unholiday 2029-04-30</code>"], years: [YEAR],
    back: [`/schedule holiday ${HOLIDAYS}`, "/schedule unholiday 2029-04-30"], taken: "✅ Đã cập nhật lịch.",
  },
  "/record": {
    who: () => admin, wrong: "/record năm ngoái", shown: [`<code>/record ${LAST_YEAR} leader HNA</code> — Khối trưởng năm ${LAST_YEAR}`, `<code>/record ${LAST_YEAR}</code> — xem năm ${LAST_YEAR}`], years: [LAST_YEAR],
    back: [`/record ${LAST_YEAR}`], taken: `<b>Năm ${LAST_YEAR}</b>`,
  },
  "/record in English": { who: () => english, wrong: "/record last", shown: [`<code>/record ${LAST_YEAR} deputy VP</code> — the deputy for ${LAST_YEAR}`], years: [LAST_YEAR] },
  "/import": { who: () => admin, wrong: "/import", shown: [`dạng ${PERIOD}, 02/2029 hoặc Tháng 02/2029,`], years: [YEAR] },
  "/import in English": { who: () => english, wrong: "/import", shown: [`period as ${PERIOD}, 02/2029 or Feb 2029,`], years: [YEAR] },
};

describe("each usage line, reached by a wrong command", () => {
  it.each(Object.keys(USAGE))("%s", async (name) => {
    const c = USAGE[name]!;
    const text = await answer(c.who(), c.wrong);
    for (const s of c.shown) expect(text).toContain(s);
    expect(yearsIn(text)).toEqual(c.years);
    for (const typed of c.back ?? []) expect(await answer(c.who(), typed), typed).toContain(c.taken!);
  });

  it("/schedule shows an admin the changes with this time's holiday example; /record's history shows this time's examples", async () => {
    const schedule = await answer(admin, "/schedule");
    expect(schedule).toContain(`<code>/schedule holiday ${HOLIDAYS}</code>`);
    expect(yearsIn(schedule)).not.toContain("2026");
    expect(yearsIn(schedule)).not.toContain("2027");
    const record = await answer(admin, "/record");
    expect(record).toContain(`<code>/record ${LAST_YEAR} deputy -</code>`);
    expect(yearsIn(record)).toEqual([LAST_YEAR, YEAR]); // 2029: this year's leader, recorded above
  });

  it("a period refused by /import is answered with this time's example periods, each of which is taken", async () => {
    const csv = "board,period,fdi_new\nHN,tháng hai,5\nHD,15/02/2029,5\n";
    await admin.sendDocument("cu.csv", new TextEncoder().encode(csv), "/import");
    const text = admin.lastText();
    expect(text).toContain(`kỳ “tháng hai” không hợp lệ (ghi dạng ${PERIOD}, 02/2029 hoặc Tháng 02/2029)`);
    expect(text).toContain(`“15/02/2029” là một ngày, không phải một kỳ báo cáo (ghi dạng ${PERIOD} hoặc ngày đầu tháng như 01/02/2029)`);
    expect(yearsIn(text)).toEqual([YEAR]);
    // The forms of the usage line and of these refusals, one board each, and the English one.
    const forms = `board,period,fdi_new\nHN,${PERIOD},5\nHD,02/2029,5\nHP,Tháng 02/2029,5\nQN,Feb 2029,5\nBN,01/02/2029,5\n`;
    await admin.sendDocument("mau.csv", new TextEncoder().encode(forms), "/import");
    expect(admin.lastText()).toContain("Đã nhập 5 báo cáo; 0 dòng bị từ chối.");
  });
});

describe("/newballot's closing time", () => {
  it("the question and its refusal give a time three days ahead at 17:00, which the dialogue accepts typed back", async () => {
    await electionUpToClosing(secretariat);
    const question = secretariat.lastText();
    expect(question).toContain(`Đóng khi nào? Chọn, hoặc gõ ngày giờ dạng ${CLOSES}.`);
    expect(yearsIn(question)).toEqual([YEAR]);
    const refusal = await answer(secretariat, "12/12/2026 17:00"); // the old example: long past
    expect(refusal).toContain(`Thời điểm không hợp lệ: cần dạng ${CLOSES}, sau ít nhất 10 phút và trong vòng 90 ngày.`);
    expect(yearsIn(refusal)).toEqual([YEAR]);
    await secretariat.send(CLOSES);
    expect(secretariat.lastText()).toContain("Cần ít nhất bao nhiêu đơn vị tham gia");
    expect(buttonsOf(secretariat.last())).toContain("Không yêu cầu");
    await secretariat.send("/cancel");
  });

  it("a closing time that has passed by the time of posting is refused with an example ahead of the posting, not of the dialogue's start", async () => {
    const start = h.clock.now();
    try {
      await electionUpToClosing(secretariat);
      await secretariat.send(CLOSES);
      await secretariat.press("Không yêu cầu");
      await secretariat.press("bầu lại");
      h.clock.advance(4 * 86400_000); // 14 March, 09:00: the 13th has gone
      await secretariat.press("Đăng lên nhóm");
      expect(secretariat.lastText()).toBe("Thời điểm không hợp lệ: cần dạng 17/03/2029 17:00, sau ít nhất 10 phút và trong vòng 90 ngày.");
      expect(await h.db.ballot.count()).toBe(0);
    } finally {
      h.clock.set(start);
    }
  });
});
