// The README's first command must keep working: the demo runs every scene.
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runDemo } from "../scripts/demo/index.js";
import { OUTPUT_DIR } from "../scripts/demo/scene-summary.js";

describe("npm run demo", () => {
  it("plays every scene: elects next year's leader, shows /help for two roles, records a past year, writes the chart, spreadsheet and annual report", async () => {
    const lines: string[] = [];
    await runDemo((s) => lines.push(s));
    const out = lines.join("\n");
    for (const scene of ["1. Setting up", "2. Lan reports", "3. Reminders", "4. Year-end conference", "5. The leader's summaries", "6. On Zalo"]) expect(out).toContain(scene);
    // On Zalo: plain text, the read-back's choices as numbered lines after its items, an item changed by its number, the receipt.
    expect(out).toContain("Thảo (nhận tin qua Zalo)\n   • Cán bộ đầu mối — Vĩnh Phúc");
    expect(out).toContain("13. 📤 Gửi báo cáo\n   14. ✏️ Sửa một mục\n   15. ✖ Hủy");
    expect(out).toMatch(/👤 Thảo \(Vĩnh Phúc, on Zalo\):\S* 5\n.*on Zalo:\S*\n {3}Câu 5\/12/);
    expect(out).toMatch(/Đã nhận báo cáo tháng 11\/2026 của Vĩnh Phúc lúc 18\/12\/2026 08:30\.\n {3}Mã tiếp nhận: BC-/);
    expect(out).toContain("Mã tiếp nhận: BC-");
    // On Zalo, a vote in private: the motion's options numbered with the ballot's reference, the vote typed by it, its one receipt, then the result.
    expect(out).toMatch(/1\. Đồng ý\n {3}2\. Không đồng ý\n {3}3\. Không biểu quyết\n {0,3}\n {3}Để trả lời đúng danh sách này .* ví dụ “B(\d+) 1”/);
    expect(out).toMatch(/— cuộc bỏ phiếu số \d+\n {3}Phiếu của Vĩnh Phúc: Đồng ý \(1\/1\)\n/);
    expect(out).not.toContain("Đã ghi phiếu của Vĩnh Phúc"); // the pop-up's text is not repeated beside the receipt
    expect(out).toMatch(/on Zalo:\n {3}📊 Kết quả: /);
    expect(out).toContain("Khối trưởng năm 2027: Hà Nam"); // elected in December 2026 for the next year
    // /help for two roles: a focal person's commands only, then the secretariat's.
    const helpOf = (who: string) => {
      const from = out.indexOf(`👤 ${who}: /help`);
      expect(from, `${who}'s /help`).toBeGreaterThan(-1);
      const end = out.indexOf("\n👤", from + 1);
      return out.slice(from, end === -1 ? undefined : end);
    };
    const focal = helpOf("Lan (Hải Phòng)");
    expect(focal).toContain("   Lệnh chung\n");
    expect(focal).toContain("   Cán bộ đầu mối\n   /report — ");
    expect(focal).not.toContain("Thư ký Khối");
    expect(focal).not.toContain("/newballot");
    const secretariat = helpOf("Thu");
    expect(secretariat).toContain("   Thư ký Khối\n   /summary — ");
    // Its examples are of the demo's clock (December 2026): the latest month, its quarter and year; the last finished year.
    expect(secretariat).toContain("/summary 2026-11, /summary Q4 2026, /summary 2026)");
    expect(secretariat).toContain("/annual 2025 — ");
    expect(secretariat).toContain("/newballot — ");
    expect(secretariat).not.toContain("Cán bộ đầu mối");
    // A past year recorded, and the annual report using it.
    expect(out).toContain("✅ Đã ghi nhận Khối trưởng năm 2023: Hà Nam.");
    expect(out).toContain("bao-cao-tong-ket-2022.docx, issued by: BAN QUẢN LÝ KKT HẢI PHÒNG");
    expect(out).toContain("đã tín nhiệm bầu Ban Quản lý các KCN Hà Nam làm Khối trưởng Khối thi đua năm 2023 và Ban Quản lý các KCN Vĩnh Phúc làm Khối phó");
    expect(out).toContain("đề nghị tặng Cờ thi đua của Bộ trưởng cho Ban Quản lý KKT Hải Phòng và Ban Quản lý các KCN Nam Định");
    expect(out).toContain("7.081,7");
    expect(out).toContain("Demo finished.");
    for (const f of ["bao-cao-tong-ket-2022.docx"]) expect(existsSync(`${OUTPUT_DIR}/${f}`)).toBe(true);
  }, 120_000);
});
