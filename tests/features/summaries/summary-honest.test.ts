// Honest totals and a summary that fits a phone (issue 14 items 4 and 6): the
// headline says how many boards reported, the totals say whose figures they
// add up, comparisons are like for like where the boards differ between the
// periods, and the first screen is short, with the details behind its buttons.
import ExcelJS from "exceljs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Harness, buttonsOf, type FakeGroup, type FakeUser } from "../../harness/harness.js";
import { submitReport } from "../../../src/features/reports/store.js";
import { activeIndicators } from "../../../src/shared/bloc/store.js";
import { ensurePeriod } from "../../../src/shared/bloc/periods.js";
import { getBloc } from "../../../src/shared/bloc/store.js";
import { visibleLength } from "../../../src/shared/text/split.js";
import { blocWithBoardsFrom } from "../../harness/bloc-files.js";

/** Every board owes figures from January 2025 (the stories below begin before the bot's first day). */
const SINCE_2025 = blocWithBoardsFrom("2025-01");

let h: Harness;
let admin: FakeUser;
let group: FakeGroup;

const vn = (local: string) => new Date(`${local}+07:00`);
const BOARDS = ["HN", "HP", "QN", "BN", "VP", "HNA", "ND", "NB", "HD", "HY", "TB"];
/** A whole report of the example bloc's 12 indicators, with large values (the longest lines). */
const FULL = { fdi_new: 312, ddi_new: 128, fdi_adjust: 540, ddi_adjust: 230, fdi_capital: 12402.76, ddi_capital: 283131.93, fdi_revenue: 91200.55, ddi_revenue: 420000.25, fdi_budget: 9035.2, ddi_budget: 91500.75, workers: 1852300, zones_operating: 98 };

async function seed(board: string, year: number, month: number, values: Record<string, number>) {
  const bloc = (await getBloc(h.db))!;
  const period = await ensurePeriod(h.db, { year, month }, bloc.schedule, "Asia/Ho_Chi_Minh");
  const b = await h.db.board.findUniqueOrThrow({ where: { code: board } });
  const r = await submitReport(h.db, { boardId: b.id, periodId: period.id, personId: 0, values, indicators: await activeIndicators(h.db), at: period.endsAt, deadlineAt: period.deadlineAt, baseVersion: 0 });
  if (!r.ok) throw new Error("seed failed");
}

/** Lines and characters of a text as the reader sees it (after HTML parsing). */
function measure(html: string) {
  return { lines: html.split("\n").length, chars: visibleLength(html) };
}

beforeEach(async () => {
  h = await Harness.create({ now: vn("2026-11-10T09:00:00").toISOString(), blocFile: SINCE_2025 });
  admin = h.user(1, "Admin");
  group = h.group();
  await admin.sendIn(group, "/linkgroup");
});
afterEach(async () => h.close());

describe("a partial summary's headline", () => {
  it("1 of 11 boards: the headline says so and the totals are one board's, not the bloc's", async () => {
    await seed("HP", 2026, 10, { fdi_new: 12, workers: 52300 });
    await admin.send("/summary");
    const text = admin.lastText();
    expect(text.split("\n")[0]).toBe("📊 <b>Tổng hợp tháng 10/2026</b> · ⚠️ 1/11 đơn vị đã báo cáo");
    expect(text).toContain("<b>Cộng 1 đơn vị có số liệu</b>, so với cùng kỳ:");
    expect(text).not.toContain("Toàn Khối");
    await admin.press("Chi tiết");
    expect(admin.lastText()).toContain("<b>Tổng của 1 đơn vị có số liệu</b> (chưa đủ 11 đơn vị)");
    expect(admin.lastText()).not.toContain("Toàn Khối");
  });

  it("9 of 11, then 11 of 11: the bloc's totals only when every board reported; in English too", async () => {
    for (const b of BOARDS.slice(0, 9)) await seed(b, 2026, 10, FULL);
    await admin.send("/summary");
    expect(admin.lastText().split("\n")[0]).toBe("📊 <b>Tổng hợp tháng 10/2026</b> · ⚠️ 9/11 đơn vị đã báo cáo");
    expect(admin.lastText()).toContain("Chưa báo cáo: Hưng Yên, Thái Bình.");
    expect(admin.lastText()).toContain("<b>Cộng 9 đơn vị có số liệu</b>");
    await admin.send("/lang en");
    await admin.send("/summary");
    expect(admin.lastText().split("\n")[0]).toBe("📊 <b>Summary for October 2026</b> · ⚠️ 9 of 11 boards reported");
    expect(admin.lastText()).toContain("<b>Sum of 9 boards with figures</b>");
    await admin.send("/lang vi");
    for (const b of BOARDS.slice(9)) await seed(b, 2026, 10, FULL);
    await admin.send("/summary");
    expect(admin.lastText().split("\n")[0]).toBe("📊 <b>Tổng hợp tháng 10/2026</b> · đủ 11/11 đơn vị");
    expect(admin.lastText()).toContain("<b>Toàn Khối</b>, so với cùng kỳ:");
    expect(admin.lastText()).not.toContain("Chưa báo cáo");
  });

  it("over several months it counts the boards that reported every month", async () => {
    for (const b of BOARDS) await seed(b, 2026, 10, FULL);
    for (const b of BOARDS.slice(0, 9)) await seed(b, 2026, 9, FULL);
    await admin.send("/summary Q3 2026");
    expect(admin.lastText()).toContain("⚠️ 0/11 đơn vị đã báo cáo đủ các tháng");
    await admin.send("/summary 2026-09");
    expect(admin.lastText()).toContain("⚠️ 9/11 đơn vị đã báo cáo");
    await admin.send("/summary ytd");
    expect(admin.lastText()).toContain("Chưa báo cáo đủ: Hà Nội, Hải Phòng, Quảng Ninh và 8 đơn vị khác.");
  });
});

describe("the files of a partial summary", () => {
  it("the spreadsheet's note row and title, and the captions of the charts and the spreadsheet, say 9/11", async () => {
    for (const b of BOARDS.slice(0, 9)) await seed(b, 2026, 10, FULL);
    for (const b of BOARDS.slice(1)) await seed(b, 2025, 10, { ...FULL, fdi_capital: 10000 });
    await admin.send("/summary");
    await admin.press("Bảng tính");
    const doc = h.tg.callsOf("sendDocument").at(-1)!;
    expect(doc.payload.caption).toBe("Bảng tổng hợp tháng 10/2026 · ⚠️ 9/11 đơn vị đã báo cáo: số liệu của các đơn vị đã báo cáo");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from((doc.payload.document as { bytes: Uint8Array }).bytes) as unknown as ArrayBuffer);
    const totals = book.worksheets[0]!;
    expect(String(totals.getCell("A2").value)).toBe("Tổng hợp số liệu các đơn vị đã báo cáo tháng 10/2026");
    expect(String(totals.getCell("A3").value)).toMatch(/^Chưa đủ số liệu: 9\/11 đơn vị đã báo cáo đủ; các số tổng là tổng của 9 đơn vị có số liệu, chưa phải của toàn Khối\./);
    // fdi_capital (row 5 + 4): 9 × 12.402,76 against 10 × 10.000 (all), or 8 × 10.000 (HN reported this year only).
    const row = totals.getRow(9);
    expect(row.getCell(4).value).toBeCloseTo(9 * 12402.76, 2);
    expect(row.getCell(6).value).toBeCloseTo((9 * 12402.76) / 100000, 6);
    expect(row.getCell(7).value).toBeCloseTo((8 * 12402.76) / 80000, 6);
    expect(String(book.worksheets[1]!.getRow(5 + 11).getCell(2).value)).toBe("Cộng 9 đơn vị có số liệu (trong tổng số 11)");
    await admin.press("Biểu đồ");
    const captions = h.tg.callsOf("sendPhoto").map((c) => c.payload.caption);
    expect(captions).toHaveLength(2);
    expect(captions[0]).toBe("Tổng hợp tháng 10/2026 · ⚠️ 9/11 đơn vị đã báo cáo: số liệu của các đơn vị đã báo cáo");
    // The trend covers the year to date, as incomplete.
    expect(captions[1]).toMatch(/^Tổng hợp từ đầu năm 2026 đến tháng 10 · ⚠️ .*: số liệu của các đơn vị đã báo cáo$/);
  });
});

describe("like for like", () => {
  beforeEach(async () => {
    // HP and QN report both Octobers; HN only last year's, HD only this year's.
    await seed("HP", 2025, 10, { fdi_new: 10, workers: 50000 });
    await seed("QN", 2025, 10, { fdi_new: 4, workers: 20000 });
    await seed("HN", 2025, 10, { fdi_new: 30, workers: 90000 });
    await seed("HP", 2026, 10, { fdi_new: 12, workers: 52300 });
    await seed("QN", 2026, 10, { fdi_new: 3, workers: 30000 });
    await seed("HD", 2026, 10, { fdi_new: 20, workers: 40000 });
  });

  it("the short screen compares the boards present in both years, marked *; the details give both", async () => {
    await admin.send("/summary");
    const short = admin.lastText();
    expect(short).toContain("so với cùng kỳ (* cùng đơn vị):");
    // 12 + 3 = 15 against 10 + 4 = 14 (not 35 against 44); workers 82.300 against 70.000.
    expect(short).toContain("• FDI cấp mới: <b>35</b> dự án · 107,1%*");
    expect(short).toContain("• Lao động: <b>122.300</b> người · +17,6%*");
    await admin.press("Chi tiết");
    const details = admin.lastText();
    expect(details).toContain("<b>35</b> dự án — bằng 107,1% so với cùng kỳ, trên cùng 2 đơn vị có số liệu cả hai kỳ (tổng chung: 79,5%)");
    expect(details).toContain("<b>122.300</b> người — tăng 17,6% so với cùng kỳ, trên cùng 2 đơn vị có số liệu cả hai kỳ (tổng chung: 76,4%)");
  });

  it("with the same boards in both years the plain comparison is shown, unmarked", async () => {
    await seed("HN", 2026, 10, { fdi_new: 30, workers: 90000 });
    await seed("HD", 2025, 10, { fdi_new: 20, workers: 40000 });
    await admin.send("/summary");
    expect(admin.lastText()).toContain("• FDI cấp mới: <b>65</b> dự án · 101,6%\n"); // 65 / 64
    expect(admin.lastText()).not.toContain("*");
    await admin.press("Chi tiết");
    expect(admin.lastText()).toContain("<b>65</b> dự án — bằng 101,6% so với cùng kỳ\n");
    expect(admin.lastText()).not.toContain("cả hai kỳ");
  });
});

describe("the summary's length", () => {
  it("on the example bloc: at most 15 lines and 1.000 characters, the details a button away in private and in the group", async () => {
    for (const b of BOARDS.slice(0, 9)) await seed(b, 2026, 10, FULL);
    for (const b of BOARDS.slice(2)) await seed(b, 2025, 10, { ...FULL, fdi_capital: 9000 });
    for (const chat of ["private", "group"] as const) {
      if (chat === "private") await admin.send("/summary");
      else await admin.sendIn(group, "/summary");
      const msg = (chat === "private" ? admin.last() : group.last())!;
      const m = measure(msg.text!);
      expect(m.lines).toBeLessThanOrEqual(15);
      expect(m.chars).toBeLessThanOrEqual(1000);
      expect(msg.text).toContain("• KCN hoạt động: <b>882</b> KCN");
      const press = (label: string) => (chat === "private" ? admin.press(label) : admin.press(label, { in: group }));
      const current = () => (chat === "private" ? admin.lastText() : group.lastText());
      await press("Chi tiết");
      expect(current()).toContain("Nộp ngân sách nhà nước của doanh nghiệp DDI");
      expect(current()).toContain("<b>Theo đơn vị</b>");
      await press("Báo cáo 9/11");
      expect(current()).toContain("<b>Chưa báo cáo (2)</b>: Hưng Yên, Thái Bình.");
      await press("Tóm tắt");
      expect(current()).toBe(msg.text);
    }
  });

  it("on a bloc of 60 boards, all reporting but one: still at most 15 lines and 1.000 characters", async () => {
    for (let i = 0; i < 49; i++) await h.db.board.create({ data: { code: `X${i}`, name: `Ban Quản lý các khu công nghiệp số ${i}`, shortName: `Khu công nghiệp ${i}`, sortOrder: 100 + i } });
    const codes = [...BOARDS, ...Array.from({ length: 49 }, (_, i) => `X${i}`)];
    for (const b of codes.slice(1)) await seed(b, 2026, 10, FULL);
    for (const b of codes) await seed(b, 2025, 10, FULL);
    await admin.send("/summary");
    const msg = admin.last()!;
    const m = measure(msg.text!);
    expect(msg.text!.split("\n")[0]).toContain("59/60 đơn vị đã báo cáo");
    expect(m.lines).toBeLessThanOrEqual(15);
    expect(m.chars).toBeLessThanOrEqual(1000);
    expect(buttonsOf(msg)).toEqual(["📋 Chi tiết", "🗂 Báo cáo 59/60", "📈 Biểu đồ", "📑 Bảng tính"]);
    await admin.press("Báo cáo 59/60");
    expect(admin.lastText()).toContain("<b>Chưa báo cáo (1)</b>: Hà Nội.");
    expect(admin.lastText()).toContain("Khu công nghiệp 48");
    await admin.press("Chi tiết");
    expect(admin.lastText()).toContain("<b>Theo đơn vị</b>");
  });
});

describe("the scheduled post", () => {
  // September's figures are due Monday 5 October 17:00; the example bloc posts the summary a day
  // later at 08:30 once 80% of the boards have reported, and on 15 October at 08:30 at the latest.
  const posts = () => group.messages().filter((m) => m.text?.startsWith("📊 <b>Tổng hợp tháng 9/2026"));
  const tickAt = async (local: string) => {
    h.clock.set(vn(local));
    await h.app.scheduler.tick();
  };

  it("waits for the threshold, then posts saying how complete it is", async () => {
    for (const b of BOARDS.slice(0, 7)) await seed(b, 2026, 9, FULL);
    await tickAt("2026-10-06T08:31:00"); // due, but 7/11 = 64%
    expect(posts()).toHaveLength(0);
    await seed(BOARDS[7]!, 2026, 9, FULL);
    await tickAt("2026-10-07T10:00:00"); // 8/11 = 73%
    expect(posts()).toHaveLength(0);
    await seed(BOARDS[8]!, 2026, 9, FULL);
    await tickAt("2026-10-07T10:01:00"); // 9/11 = 82%
    expect(posts()).toHaveLength(1);
    expect(posts()[0]!.text!.split("\n")[0]).toBe("📊 <b>Tổng hợp tháng 9/2026</b> · ⚠️ 9/11 đơn vị đã báo cáo");
    expect(posts()[0]!.text).toContain("Chưa báo cáo: Hưng Yên, Thái Bình.");
    await seed(BOARDS[9]!, 2026, 9, FULL);
    await tickAt("2026-10-15T08:31:00"); // the last day changes nothing: posted once
    expect(posts()).toHaveLength(1);
  });

  it("posts at the last date when the threshold is never reached", async () => {
    for (const b of BOARDS.slice(0, 2)) await seed(b, 2026, 9, FULL);
    await tickAt("2026-10-06T08:31:00");
    await tickAt("2026-10-10T12:00:00");
    await tickAt("2026-10-15T08:29:00");
    expect(posts()).toHaveLength(0);
    await tickAt("2026-10-15T08:30:00");
    expect(posts()).toHaveLength(1);
    expect(posts()[0]!.text!.split("\n")[0]).toBe("📊 <b>Tổng hợp tháng 9/2026</b> · ⚠️ 2/11 đơn vị đã báo cáo");
    expect(posts()[0]!.text).toContain("<b>Cộng 2 đơn vị có số liệu</b>");
    expect((await h.db.period.findFirstOrThrow({ where: { year: 2026, month: 9 } })).summaryPostedAt).not.toBeNull();
  });

  it("posts when due with every board reported, and /schedule tells the rule", async () => {
    for (const b of BOARDS) await seed(b, 2026, 9, FULL);
    await tickAt("2026-10-06T08:29:00");
    expect(posts()).toHaveLength(0);
    await tickAt("2026-10-06T08:30:00");
    expect(posts()).toHaveLength(1);
    expect(posts()[0]!.text!.split("\n")[0]).toBe("📊 <b>Tổng hợp tháng 9/2026</b> · đủ 11/11 đơn vị");
    await admin.send("/schedule");
    expect(admin.lastText()).toContain("chờ đến khi 80% số đơn vị đã báo cáo, muộn nhất 10 ngày sau hạn");
  });
});
