// npm run backup: writes a consistent copy of DATABASE_URL into BACKUP_DIR,
// safe while the bot runs. Restoring is described in the README.
import { ConfigError, createConfig } from "../src/config.js";
import { backupDatabase } from "../src/db/backup.js";

try {
  const config = createConfig(process.env);
  const file = await backupDatabase(config.databaseUrl, config.backupDir);
  console.log(`Backup written: ${file}`);
} catch (e) {
  console.error(e instanceof ConfigError ? e.message : `Backup failed: ${(e as Error).message}`);
  process.exit(1);
}
