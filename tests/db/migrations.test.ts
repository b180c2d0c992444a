// The committed migrations match prisma/schema.prisma (no drift), and apply to
// a fresh file in-process, recorded so that the Prisma CLI agrees.
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { applyMigrations } from "../../src/db/migrate.js";
import { prismaCliEnv } from "../../scripts/prisma-env.js";

describe("migrations", () => {
  it("apply once, and again is a no-op", () => {
    const url = `file:${join(mkdtempSync(join(tmpdir(), "khoi-mig-")), "m.db")}`;
    const first = applyMigrations(url);
    expect(first.applied.length).toBeGreaterThan(0);
    expect(applyMigrations(url).applied).toEqual([]);
    const db = new Database(url.slice(5));
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type='table'").all().map((r) => (r as { name: string }).name);
    expect(tables).toEqual(expect.arrayContaining(["Report", "ReminderSlotSent", "BallotSecretEntry", "_prisma_migrations"]));
    db.close();
  });

  it("have no drift from the schema (prisma migrate diff --exit-code)", () => {
    const shadow = join(mkdtempSync(join(tmpdir(), "khoi-drift-")), "shadow.db");
    const r = spawnSync(
      "npx",
      ["prisma", "migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema-datamodel", "prisma/schema.prisma", "--script", "--exit-code"],
      { env: prismaCliEnv({ DATABASE_URL: `file:${shadow}` }), encoding: "utf8" },
    );
    expect(r.stdout + r.stderr).not.toMatch(/CREATE|ALTER|DROP/);
    expect(r.status).toBe(0);
  });
});
