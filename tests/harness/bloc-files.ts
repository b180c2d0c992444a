// Bloc files for tests: the example with another schedule, and a large bloc.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EXAMPLE_BLOC } from "./harness.js";

/** The example bloc with its `schedule:` section replaced. */
export function blocWithSchedule(scheduleYaml: string): string {
  const base = readFileSync(EXAMPLE_BLOC, "utf8");
  const withSchedule = base.replace(/\nschedule:[\s\S]*$/, `\nschedule:\n${scheduleYaml.replace(/^/gm, "  ")}\n`);
  const file = join(mkdtempSync(join(tmpdir(), "khoi-bloc-")), "bloc.yaml");
  writeFileSync(file, withSchedule);
  return file;
}

/** Plain schedule for reminder tests: October 2026 is due Thursday 5 November 17:00. */
export const TEST_SCHEDULE = `
period: { cut: calendar }
deadline: { daysAfterEnd: 5, time: "17:00" }
reminders:
  - { id: d-3, offsetDays: -3, time: "09:00" }
  - { id: d-1, offsetDays: -1, time: "09:00" }
  - { id: d0,  offsetDays: 0,  time: "08:00" }
  - { id: d+1, offsetDays: 1,  time: "09:00" }
  - { id: h+1, offsetDays: 1,  time: "09:05", audience: head }
  - { id: d+3, offsetDays: 3,  time: "09:00" }
  - { id: g+3, offsetDays: 3,  time: "09:10", audience: group }
quietHours: { from: "21:00", to: "07:00" }
daysOff: { weekends: false, holidays: [], move: earlier }
`;

/**
 * A bloc far larger than the example, as a bloc file may hold one: `boards`
 * boards with names at the schema's limits (short names of 40 characters, full
 * names near 200, some with "&" and "<"), and `indicators` indicators with long
 * Vietnamese names (near 200 characters) and codes of 32 characters, mixing
 * units, flows and stocks, whole numbers and decimals; award codes of 32
 * characters in upper case. The example's schedule.
 */
export function largeBloc(opts: { boards?: number; indicators?: number } = {}): string {
  const boardCount = opts.boards ?? 100;
  const indicatorCount = opts.indicators ?? 60;
  const base = readFileSync(EXAMPLE_BLOC, "utf8");
  const schedule = base.slice(base.indexOf("\nschedule:"));
  const q = (s: string) => JSON.stringify(s); // YAML reads JSON strings
  const pad2 = (n: number) => String(n).padStart(3, "0");
  const boards = Array.from({ length: boardCount }, (_, i) => {
    const n = i + 1;
    const short = `Ban QL KCN & KKT Đông Bắc <số ${pad2(n)}>`.padEnd(40, "·").slice(0, 40);
    const name = `Ban Quản lý các khu công nghiệp, khu chế xuất và khu kinh tế ven biển tỉnh Đông Bắc số ${pad2(n)}, trực thuộc Ủy ban nhân dân tỉnh, quản lý nhà nước trực tiếp đối với các KCN & KKT trên địa bàn`.slice(0, 200);
    const code = n % 10 === 0 ? `B${pad2(n)}`.padEnd(32, "X") : `B${pad2(n)}`;
    return `  - { code: ${code}, shortName: ${q(short)}, name: ${q(name)} }`;
  });
  const units = ["projects", "usd_million", "vnd_billion", "people", "times"];
  const indicators = Array.from({ length: indicatorCount }, (_, i) => {
    const n = i + 1;
    const unit = units[i % units.length]!;
    const decimal = unit === "usd_million" || unit === "vnd_billion";
    const nameVi = `Chỉ tiêu ${pad2(n)}: giá trị vốn đầu tư đăng ký cấp mới và điều chỉnh tăng thêm của các dự án có vốn đầu tư trực tiếp nước ngoài tại các khu công nghiệp, khu chế xuất & khu kinh tế trên địa bàn`.slice(0, 200);
    const nameEn = `Indicator ${pad2(n)}: registered capital, new and added, of foreign direct investment projects in the industrial zones, export processing zones & economic zones of the province`.slice(0, 200);
    return [
      `  - code: ${`ind_${pad2(n)}_`.padEnd(32, "x")}`,
      `    nameVi: ${q(nameVi)}`,
      `    nameEn: ${q(nameEn)}`,
      `    unit: ${unit}`,
      `    kind: ${unit === "people" ? "stock" : "flow"}`,
      `    valueType: ${decimal ? "decimal" : "integer"}`,
      ...(decimal ? ["    decimals: 2"] : []),
      "    max: 100000000",
    ].join("\n");
  });
  const awards = [
    `  - { code: ${"CO_THI_DUA_CUA_BO_TRUONG_".padEnd(32, "X")}, nameVi: Cờ thi đua của Bộ trưởng, nameEn: Minister's Emulation Flag, picksPerVoter: 5, maxProposed: 5 }`,
    `  - { code: ${"BANG_KHEN_".padEnd(32, "Y")}, nameVi: Bằng khen của Bộ trưởng, nameEn: Minister's Certificate of Merit, picksPerVoter: 3, maxProposed: 3 }`,
  ];
  const yaml = [
    "bloc:",
    `  name: ${q(`Khối thi đua các Ban Quản lý khu công nghiệp, khu chế xuất và khu kinh tế vùng Đồng bằng sông Hồng, Trung du và miền núi phía Bắc & Duyên hải`)}`,
    "boards:",
    ...boards,
    "indicators:",
    ...indicators,
    "awards:",
    ...awards,
  ].join("\n");
  const file = join(mkdtempSync(join(tmpdir(), "khoi-bloc-")), "bloc.yaml");
  writeFileSync(file, `${yaml}${schedule}`);
  return file;
}

/** A bloc file's text with every board owing figures from `first` (YYYY-MM) on. */
export function withBoardsFrom(source: string, first: string): string {
  return source.replace(/\nboards:\n[\s\S]*?\n(?=\S)/, (boards) => boards.replace(/^(\s*- \{ code: [^,]+,)/gm, `$1 firstPeriod: "${first}",`));
}

/**
 * The example bloc (or `base`) with every board owing figures from `first`
 * (YYYY-MM) on: for tests whose story begins before the bot's first day (a
 * board's first period is otherwise the first one still ahead of its deadline).
 */
export function blocWithBoardsFrom(first: string, base = EXAMPLE_BLOC): string {
  const file = join(mkdtempSync(join(tmpdir(), "khoi-bloc-")), "bloc.yaml");
  writeFileSync(file, withBoardsFrom(readFileSync(base, "utf8"), first));
  return file;
}

/** The example bloc with its text edited (a rule of its schedule changed, say). */
export function blocFromExample(edit: (source: string) => string): string {
  const source = readFileSync(EXAMPLE_BLOC, "utf8");
  const edited = edit(source);
  if (edited === source) throw new Error("the edit changed nothing in the example bloc file");
  const file = join(mkdtempSync(join(tmpdir(), "khoi-bloc-")), "bloc.yaml");
  writeFileSync(file, edited);
  return file;
}
