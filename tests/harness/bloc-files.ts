// Bloc files for tests: the example with another schedule.
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
skip: { weekends: false, holidays: [], move: earlier }
`;
