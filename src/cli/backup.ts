// npm run backup (node dist/cli/backup.js, also in the Docker image): writes a
// consistent copy of DATABASE_URL into BACKUP_DIR, safe while the bot runs.
// Restoring is described in the README. Exit code 0 with the copy's path on
// stdout, or 1 with one line on stderr naming the setting at fault.
import { ConfigError, createConfig } from "../config.js";
import { BackupDirError, backupDatabase } from "../shared/db/backup.js";
import { DatabaseOpenError } from "../shared/db/database-file.js";

try {
  const config = createConfig(process.env);
  const file = await backupDatabase(config.databaseUrl, config.backupDir);
  console.log(`Backup written: ${file}`);
} catch (e) {
  const known = e instanceof ConfigError || e instanceof DatabaseOpenError || e instanceof BackupDirError;
  console.error(known ? e.message : `Backup failed: ${firstLine(e)}`);
  process.exit(1);
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split("\n")[0]!;
}
