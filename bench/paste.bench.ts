// Paste mode over a large catalogue: 60 indicators (the example's 12 and 48 more
// named the way the bloc names them) and a paste of 200 lines, their names written
// as people write them (abbreviated, unaccented, reordered, some ambiguous, some
// nonsense). parsePaste runs on the event loop, inside the report dialogue: the
// whole paste, matcher index included, must stay well under a frame of work.
// Goal: median under 20 ms, 95th percentile under 50 ms.
// Run alone: npx tsx bench/paste.bench.ts (npm run bench runs all benchmarks).
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { parseBlocFile } from "../src/shared/bloc/bloc-file.js";
import { parsePaste, type IndicatorDef } from "../src/features/reports/rules/reports.js";
import { ms, percentile, table, timeRuns, type Row } from "./lib.js";

const SUBJECTS = ["FDI", "DDI", "KCN", "KKT"];
const MEASURES = [
  "Vốn thực hiện", "Diện tích đất cho thuê", "Kim ngạch xuất khẩu", "Kim ngạch nhập khẩu", "Tỷ lệ lấp đầy", "Số doanh nghiệp đang hoạt động",
  "Dự án giải thể", "Dự án chậm tiến độ", "Lượt thanh tra kiểm tra", "Vốn giải ngân", "Lao động nữ", "Nhà ở công nhân",
];

function catalogue(): IndicatorDef[] {
  const example = parseBlocFile(readFileSync(new URL("../config/bloc.example.yaml", import.meta.url), "utf8"));
  const base: IndicatorDef[] = example.indicators.map((i, n) => ({
    id: n + 1, code: i.code, nameVi: i.nameVi, nameEn: i.nameEn, unit: i.unit as IndicatorDef["unit"], kind: i.kind, valueType: i.valueType,
    decimals: i.decimals, min: i.min, max: i.max, aliases: i.aliases,
  }));
  const more = MEASURES.flatMap((m, a) => SUBJECTS.map((s, b) => ({
    ...base[0]!, id: 100 + a * 10 + b, code: `x${a}_${b}`, nameVi: `${m} ${s}`, nameEn: `Measure ${a} ${s}`, aliases: [`${m.split(" ")[0]} ${s}`],
  })));
  return [...base, ...more];
}

function paste(cat: IndicatorDef[]): string {
  const ways = [
    (i: IndicatorDef) => i.nameVi,
    (i: IndicatorDef) => i.nameVi.normalize("NFD").replace(/\p{M}/gu, "").toUpperCase(),
    (i: IndicatorDef) => i.nameVi.split(" ").reverse().join(" "),
    (i: IndicatorDef) => i.aliases[0] ?? i.code,
    (i: IndicatorDef) => i.nameEn,
    () => "FDI",
    () => "tiền điện nước tháng này",
  ];
  return Array.from({ length: 200 }, (_, n) => `${ways[n % ways.length]!(cat[n % cat.length]!)}: ${n % 3 === 0 ? "1.234,5" : String(n)}`).join("\n");
}

export async function benchPaste(): Promise<Row[]> {
  const cat = catalogue();
  const text = paste(cat);
  // A fresh copy of the catalogue each run: the matcher's index is built every time, as when a dialogue is entered again.
  const times = await timeRuns(50, 5, async () => parsePaste(text, cat.map((i) => ({ ...i }))));
  const p50 = percentile(times, 50);
  const p95 = percentile(times, 95);
  return [
    { name: `paste: ${cat.length} indicators × 200 lines, index built each time, median`, value: ms(p50), goal: "< 20 ms", ok: p50 < 20 },
    { name: "paste: same, 95th percentile", value: ms(p95), goal: "< 50 ms", ok: p95 < 50 },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  console.log(table(await benchPaste()));
}
