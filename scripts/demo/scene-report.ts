// Scene: a focal person reports October, makes a typo that is caught, fixes it and sends.
import type { FakeUser, Harness } from "../../tests/harness/harness.js";
import type { Transcript } from "./transcript.js";

export async function reportScene(h: Harness, t: Transcript, lan: FakeUser) {
  t.scene("2. Lan reports Hải Phòng's October figures");
  h.clock.set("2026-11-03T01:30:00Z");
  t.note("3 November, 08:30 in Hà Nội");
  await t.says(lan, "Lan", "/report");
  await t.says(lan, "Lan", "12");
  t.note("Lan answers questions 2 to 4 the same way");
  await t.quietly(lan, ["8", "30", "10"]);
  await t.says(lan, "Lan", "402,76 triệu USD");
  t.note("a typo: two dots");
  await t.says(lan, "Lan", "3.131.93");
  await t.says(lan, "Lan", "3.131,93");
  t.note("questions 7 to 10 go by");
  await t.quietly(lan, ["1.200,5", "20.000", "35,2", "1.500"]);
  t.note("a decimal where a whole number is expected");
  await t.says(lan, "Lan", "52.300,5");
  await t.says(lan, "Lan", "52.300");
  await t.says(lan, "Lan", "8");
  await t.presses(lan, "Lan", "Gửi báo cáo");
  await t.says(lan, "Lan", "/status");
}
