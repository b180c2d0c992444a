// npm run demo: a scripted slice of the bloc's life against an in-process
// Telegram emulation (no account, no token, no network), printed as a transcript.
// The database is a temporary SQLite file; nothing is kept.
import { Harness } from "../../tests/harness/harness.js";
import { Transcript } from "./transcript.js";
import { setupScene } from "./scene-setup.js";
import { reportScene } from "./scene-report.js";
import { remindersScene } from "./scene-reminders.js";
import { votesScene } from "./scene-votes.js";

async function main() {
  const h = await Harness.create({ adminIds: [1], now: "2026-11-02T02:00:00Z" });
  const t = new Transcript(h);
  console.log("khoi-bot demo: the bot's real code, a fake Telegram, a throw-away database.");
  try {
    const { lan, group } = await setupScene(h, t);
    await reportScene(h, t, lan);
    await remindersScene(h, t, group);
    await votesScene(h, t, group);
  } finally {
    await h.close();
  }
  console.log("\nDemo finished.");
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
