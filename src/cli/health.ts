// node dist/cli/health.js (the Docker image's HEALTHCHECK; npm run health):
// exit code 0 when the database opens and the scheduler ticked within the last
// HEARTBEAT_MAX_AGE_MS (health.ts), 1 otherwise; one line on stdout or stderr
// either way. Reads DATABASE_URL like the bot; never calls Telegram.
import { ConfigError, createConfig } from "../config.js";
import { DatabaseOpenError } from "../shared/db/database-file.js";
import { checkHealth } from "../shared/db/health.js";

try {
  const health = checkHealth(createConfig(process.env).databaseUrl, new Date());
  (health.ok ? console.log : console.error)(health.line);
  process.exit(health.ok ? 0 : 1);
} catch (e) {
  const known = e instanceof ConfigError || e instanceof DatabaseOpenError;
  console.error(known ? `unhealthy: ${e.message}` : `unhealthy: ${(e instanceof Error ? e.message : String(e)).split("\n")[0]}`);
  process.exit(1);
}
