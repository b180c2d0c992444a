// The README's first command must keep working: the demo runs every scene.
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runDemo } from "../scripts/demo/index.js";
import { OUTPUT_DIR } from "../scripts/demo/scene-summary.js";

describe("npm run demo", () => {
  it("plays every scene and writes the chart, spreadsheet and annual report", async () => {
    const lines: string[] = [];
    await runDemo((s) => lines.push(s));
    const out = lines.join("\n");
    for (const scene of ["1. Setting up", "2. Lan reports", "3. Reminders", "4. Year-end conference", "5. The leader's summaries"]) expect(out).toContain(scene);
    expect(out).toContain("Mã tiếp nhận: BC-");
    expect(out).toContain("Khối trưởng năm 2027: Hà Nam");
    expect(out).toContain("7.081,7");
    expect(out).toContain("Demo finished.");
    for (const f of ["bao-cao-tong-ket-2022.docx"]) expect(existsSync(`${OUTPUT_DIR}/${f}`)).toBe(true);
  }, 120_000);
});
