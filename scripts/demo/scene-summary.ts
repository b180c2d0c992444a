// Scene: the leader asks for the month's summary and the year's; the demo writes
// the chart, the spreadsheet and the annual report to a folder it names.
import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { FakeGroup, Harness } from "../../tests/harness/harness.js";
import type { Transcript } from "./transcript.js";
import { loadArticleYears } from "../../tests/harness/article.js";

export const OUTPUT_DIR = resolve("demo-output");

export async function summaryScene(h: Harness, t: Transcript, group: FakeGroup) {
  t.scene("5. The leader's summaries: the month, the year 2022, charts, spreadsheet, annual report");
  await loadArticleYears(h);
  t.note("the figures of 2021 and 2022 behind the 2022 article were imported earlier (/import)");
  const hp = await h.db.board.findUniqueOrThrow({ where: { code: "HP" } });
  await h.db.blocOfficer.upsert({ where: { year_role: { year: 2026, role: "leader" } }, create: { year: 2026, role: "leader", boardId: hp.id }, update: {} });
  t.note("Hải Phòng leads the bloc in 2026, so Lan (Hải Phòng) may ask for summaries");
  const lan = h.user(201, "Lan");

  await t.says(lan, "Lan", "/summary 2026-11", group);
  await t.says(lan, "Lan", "/summary 2022", group);
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
  }
  t.note(`files written to ${OUTPUT_DIR}:`);
  for (const f of files) t.note(`  ${f}`);
}
