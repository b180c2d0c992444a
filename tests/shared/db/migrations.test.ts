// The committed migrations match prisma/schema.prisma (no drift), and apply to
// a fresh file in-process, recorded so that the Prisma CLI agrees.
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { applyMigrations } from "../../../src/shared/db/migrate.js";
import { migrateToBefore } from "../../harness/migrations.js";
import { sqlitePath } from "../../../src/shared/db/client.js";
import { prismaCliEnv } from "../../../scripts/prisma-env.js";

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
  it("a database that had the people cache loses its epoch table and triggers, and Person, Role and Board take writes after", () => {
    const url = `file:${join(mkdtempSync(join(tmpdir(), "khoi-epoch-")), "old.db")}`;
    // The migrations before the drop, and the nine triggers the old code added on every start.
    const drop = migrateToBefore(url, "drop_people_epoch");
    const db = new Database(sqlitePath(url));
    db.prepare(`INSERT INTO "PeopleEpoch" ("id", "n") VALUES (1, 0)`).run();
    for (const table of ["Person", "Role", "Board"]) {
      for (const op of ["INSERT", "UPDATE", "DELETE"]) {
        db.exec(`CREATE TRIGGER "PeopleEpoch_${table.toLowerCase()}_${op.toLowerCase()}" AFTER ${op} ON "${table}" BEGIN UPDATE "PeopleEpoch" SET "n" = random() >> 11 WHERE "id" = 1; END`);
      }
    }
    const epochObjects = () => db.prepare(`SELECT type, name FROM sqlite_master WHERE name LIKE 'PeopleEpoch%'`).all();
    expect(epochObjects()).toHaveLength(10);
    db.close();
    expect(applyMigrations(url).applied).toContain(drop);
    const after = new Database(sqlitePath(url));
    expect(after.prepare(`SELECT type, name FROM sqlite_master WHERE name LIKE 'PeopleEpoch%'`).all()).toEqual([]);
    after.prepare(`INSERT INTO "Person" ("telegramId", "firstName", "lastSeenAt", "createdAt") VALUES (7, 'Mai', '2026-11-01T00:00:00.000+00:00', '2026-11-01T00:00:00.000+00:00')`).run();
    expect(after.prepare(`UPDATE "Person" SET "firstName" = 'Mai Anh' WHERE "telegramId" = 7`).run().changes).toBe(1);
    expect(after.prepare(`DELETE FROM "Person" WHERE "telegramId" = 7`).run().changes).toBe(1);
    after.close();
  });
});
