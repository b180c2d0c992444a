// npm run db:migrate (node dist/cli/migrate.js): applies the committed
// migrations to DATABASE_URL (the bot also does at start). Exit code 0, or 1
// with one line on stderr naming the setting at fault or the failed migration.
import { ConfigError, createConfig } from "../config.js";
import { DatabaseOpenError } from "../shared/db/database-file.js";
import { applyMigrations } from "../shared/db/migrate.js";

try {
  const config = createConfig(process.env);
  const { applied } = applyMigrations(config.databaseUrl);
  console.log(applied.length ? `Applied: ${applied.join(", ")}` : "Database is up to date.");
} catch (e) {
  const known = e instanceof ConfigError || e instanceof DatabaseOpenError;
  console.error(known ? e.message : `Migration failed: ${(e instanceof Error ? e.message : String(e)).split("\n")[0]}`);
  process.exit(1);
}
