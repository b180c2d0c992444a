// npm run demo: a scripted slice of the bloc's life against an in-process
// Telegram emulation and an in-process Zalo one (no account, no token, no network),
// printed as a transcript.
// The database is a temporary SQLite file; only the files of scene 5 are kept.
import { pathToFileURL } from "node:url";
import { Harness } from "../../tests/harness/harness.js";
import { Transcript } from "./transcript.js";
import { setupScene } from "./scene-setup.js";
import { reportScene } from "./scene-report.js";
import { remindersScene } from "./scene-reminders.js";
import { votesScene } from "./scene-votes.js";
import { summaryScene } from "./scene-summary.js";
import { zaloScene } from "./scene-zalo.js";
import { FakeZalo } from "../../tests/harness/fake-zalo.js";

export async function runDemo(print: (line: string) => void = (s) => console.log(s)): Promise<void> {
  let h: Harness | undefined;
  const zalo = new FakeZalo({ now: () => h!.clock.now().getTime() });
  h = await Harness.create({ adminIds: [1], now: "2026-11-02T02:00:00Z", zalo });
  const t = new Transcript(h, print);
  print("khoi-bot demo: the bot's real code, a fake Telegram, a throw-away database.");
  try {
    const { lan, group } = await setupScene(h, t);
    await reportScene(h, t, lan);
    await remindersScene(h, t, group);
    await votesScene(h, t, group);
    await summaryScene(h, t, group);
    await zaloScene(h, t, zalo);
  } finally {
    await h.close();
  }
  print("\nDemo finished.");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  runDemo().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
