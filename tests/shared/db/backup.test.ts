// A backup taken while the bot works restores with every report.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { backupDatabase } from "../../../src/shared/db/backup.js";
import { Harness } from "../../harness/harness.js";
import { OCTOBER, answerAll, fullReport, join as joinAs } from "../../harness/fixtures.js";
import { blocWithBoardsFrom } from "../../harness/bloc-files.js";

let h: Harness;
let restored: Harness | null = null;
afterEach(async () => {
  await restored?.close();
  restored = null;
  await h.close();
});

describe("backups", () => {
  it("a backup taken mid-conversation restores with every report", async () => {
    h = await Harness.create({ blocFile: blocWithBoardsFrom("2026-01") }); // September is reported too
    const lan = await joinAs(h, 200, "Lan", "HP", "focal");
    const minh = await joinAs(h, 300, "Minh", "QN", "focal");
    await fullReport(lan);
    await fullReport(minh, OCTOBER, "/report 2026-09");
    await lan.send("/report 2026-09");
    const writes = answerAll(lan, OCTOBER.slice(0, 6)); // writes going on while the copy is made
    const file = await backupDatabase(h.config.databaseUrl, join(h.dir, "backups"));
    await writes;

    // Restore: copy the backup in place of a new bot's database file.
    const dir = mkdtempSync(join(tmpdir(), "khoi-restore-"));
    copyFileSync(file, join(dir, "bot.db"));
    restored = await Harness.create({ dir });
    const reports = await restored.db.report.findMany({ include: { board: true, period: true, values: true }, orderBy: { id: "asc" } });
    expect(reports.map((r) => [r.board.code, r.period.month, r.values.length])).toEqual([["HP", 10, 12], ["QN", 9, 12]]);
    const original = await h.db.reportValue.findMany({ orderBy: { id: "asc" } });
    const copy = await restored.db.reportValue.findMany({ orderBy: { id: "asc" } });
    expect(copy).toEqual(original);
  });

  it("npm run backup writes a file and says where", () => {
    const dir = mkdtempSync(join(tmpdir(), "khoi-bk-"));
    const db = `file:${join(dir, "bot.db")}`;
    spawnSync(process.execPath, ["--import", "tsx", "src/cli/migrate.ts"], { env: { ...process.env, DATABASE_URL: db }, encoding: "utf8" });
    const r = spawnSync(process.execPath, ["--import", "tsx", "src/cli/backup.ts"], { env: { ...process.env, DATABASE_URL: db, BACKUP_DIR: join(dir, "b") }, encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Backup written: .*khoi-\d{8}-\d{6}Z\.db/);
  });
});
