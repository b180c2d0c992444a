// Scene: an admin records the 2022 conference, held before the bot; the leader
// asks for the month's summary and the year's; the demo writes the chart, the
// spreadsheet and the annual report (which uses what was recorded) to a folder
// it names.
import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { FakeGroup, Harness } from "../../tests/harness/harness.js";
import type { Transcript } from "./transcript.js";
import { loadArticleYears } from "../../tests/harness/article.js";
import { readDocx } from "../../tests/harness/docx.js";

export const OUTPUT_DIR = resolve("demo-output");

export async function summaryScene(h: Harness, t: Transcript, group: FakeGroup) {
  t.scene("5. The leader's summaries: the month, the year 2022, charts, spreadsheet, annual report");
  await loadArticleYears(h);
  t.note("the figures of 2021 and 2022 behind the 2022 article were imported earlier (/import)");

  t.note("the 2022 conference was held before the bot: the admin records its outcome, and who led 2026");
  const admin = h.user(1, "Minh (admin)");
  await t.says(admin, "Minh", "/record 2023 leader HNA");
  await t.presses(admin, "Minh", "✅ Xác nhận");
  const record = async (args: string) => {
    await admin.send(`/record ${args}`);
    await admin.press("✅ Xác nhận");
  };
  for (const args of ["2022 leader HP", "2023 deputy VP", "2022 flag HP ND", "2022 certificate NB BN HN", "2026 leader HP"]) await record(args);
  t.note("also recorded the same way: the 2022 leader (Hải Phòng), the 2023 deputy, the 2022 proposals, the 2026 leader");
  await t.says(admin, "Minh", "/record 2022");
  t.note("Hải Phòng leads the bloc in 2026, so Lan (Hải Phòng) may ask for summaries");
  const lan = h.user(201, "Lan");

  await t.says(lan, "Lan", "/summary 2026-11", group);
  await t.says(lan, "Lan", "/summary 2022", group);
  await t.presses(lan, "Lan", "Chi tiết", group);
  await t.presses(lan, "Lan", "▶", group);

  mkdirSync(OUTPUT_DIR, { recursive: true });
  const save = (name: string, bytes: Uint8Array) => {
    writeFileSync(resolve(OUTPUT_DIR, name), bytes);
    return resolve(OUTPUT_DIR, name);
  };
  const before = h.tg.calls.length;
  await t.presses(lan, "Lan", "Biểu đồ", group);
  await t.presses(lan, "Lan", "Bảng tính", group);
  await t.says(lan, "Lan", "/annual 2022", group);
  const files: string[] = [];
  for (const c of h.tg.calls.slice(before)) {
    const f = (c.payload.photo ?? c.payload.document) as { name: string; bytes: Uint8Array } | undefined;
    if (f?.bytes) files.push(save(f.name, f.bytes));
    if (f?.bytes && f.name.endsWith(".docx")) {
      // What the report says of the year's officers and awards, as recorded above.
      const doc = await readDocx(f.bytes);
      t.note(`${f.name}, issued by: ${doc.tables[0]?.[0]?.[0]?.split("\n")[1] ?? ""}`);
      for (const p of doc.paragraphs.filter((x) => /tín nhiệm bầu|đề nghị tặng/.test(x.text))) t.note(`  “${p.text}”`);
    }
  }
  t.note(`files written to ${OUTPUT_DIR}:`);
  for (const f of files) t.note(`  ${f}`);
}
