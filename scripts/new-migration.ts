// npm run db:new-migration -- <name>: writes the SQL that takes the committed
// migrations to prisma/schema.prisma as a new migration folder, offline.
// Review the SQL, commit it; it is applied at start-up and by npm run db:migrate.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { prismaCliEnv } from "./prisma-env.js";

const name = (process.argv[2] ?? "").toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_|_$/g, "");
if (!name) {
  console.error("Usage: npm run db:new-migration -- <short_name>");
  process.exit(1);
}
const scratch = join(mkdtempSync(join(tmpdir(), "khoi-shadow-")), "shadow.db");
const r = spawnSync(
  "npx",
  ["prisma", "migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema-datamodel", "prisma/schema.prisma", "--script", "--exit-code"],
  { env: prismaCliEnv({ DATABASE_URL: `file:${scratch}` }), encoding: "utf8" },
);
if (r.status === 0) {
  console.log("No schema change: nothing to write.");
} else if (r.status === 2) {
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const dir = join("prisma", "migrations", `${stamp}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "migration.sql"), r.stdout);
  console.log(`Wrote ${dir}/migration.sql. Review it, then run npm run db:migrate.`);
} else {
  console.error(r.stderr || r.stdout);
  process.exit(1);
}
