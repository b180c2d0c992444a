// npm run db:migrate: applies the committed migrations to DATABASE_URL.
import { ConfigError, createConfig } from "../src/config.js";
import { applyMigrations } from "../src/db/migrate.js";

try {
  const config = createConfig(process.env);
  const { applied } = applyMigrations(config.databaseUrl);
  console.log(applied.length ? `Applied: ${applied.join(", ")}` : "Database is up to date.");
} catch (e) {
  console.error(e instanceof ConfigError ? e.message : `Migration failed: ${(e as Error).message}`);
  process.exit(1);
}
