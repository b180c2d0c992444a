// Databases of a release before a migration, for the tests of that migration.
import { cpSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { MIGRATIONS_DIR, applyMigrations } from "../../src/shared/db/migrate.js";

/**
 * Applies to the SQLite database at `url` ("file:…") the committed migrations
 * that come before the one whose folder name ends with `_${name}` (expected to
 * exist and not to be the first), copied to a temporary folder: the database as
 * the release before that migration left it. Returns that migration's folder
 * name, which applyMigrations(url) then reports among those it applies.
 */
export function migrateToBefore(url: string, name: string): string {
  const all = readdirSync(MIGRATIONS_DIR).filter((d) => /^\d/.test(d)).sort();
  const at = all.findIndex((d) => d.endsWith(`_${name}`));
  expect(at).toBeGreaterThan(0);
  const before = mkdtempSync(join(tmpdir(), "khoi-migrations-"));
  for (const d of all.slice(0, at)) cpSync(join(MIGRATIONS_DIR, d), join(before, d), { recursive: true });
  applyMigrations(url, before);
  return all[at]!;
}
