// The migration that holds people apart from Telegram (…_messenger_accounts) fills
// each person's account from Person.telegramId: Telegram's id below 2^52, the Zalo
// adapter's number above it (with Zalo's own id from ZaloChat); the preferred
// messenger is that account's; and the bot finds each person by it afterwards.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { applyMigrations } from "../../src/shared/db/migrate.js";
import { openDb, sqlitePath } from "../../src/shared/db/client.js";
import { findPerson } from "../../src/shared/db/people.js";
import { migrateToBefore } from "../harness/migrations.js";

const ZALO_BASE = 2 ** 52;

describe("the messenger accounts' migration", () => {
  it("gives every person of a database from before their account, and the bot finds them by it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "khoi-accounts-"));
    const url = `file:${join(dir, "old.db")}`;
    const accounts = migrateToBefore(url, "messenger_accounts");
    const old = new Database(sqlitePath(url));
    const when = "2026-11-01T00:00:00.000+00:00";
    old.prepare(`INSERT INTO "ZaloChat" ("id", "zaloId", "createdAt") VALUES (3, '6ede9afa66b88fe6d6a9', ?)`).run(when);
    const person = old.prepare(`INSERT INTO "Person" ("telegramId", "firstName", "reachable", "lastSeenAt", "createdAt") VALUES (?, ?, ?, ?, ?)`);
    person.run(7001, "Mai", 1, when, when);
    person.run(7002, "Hùng", 0, when, when); // blocked the bot
    person.run(ZALO_BASE + 3, "Lan", 1, when, when); // met on Zalo before the accounts existed
    const mai = Number(old.prepare(`SELECT "id" FROM "Person" WHERE "telegramId" = 7001`).pluck().get());
    old.prepare(`INSERT INTO "Role" ("key", "personId", "role", "grantedAt") VALUES (?, ?, 'secretariat', ?)`).run(`${mai}:secretariat:*`, mai, when);
    old.close();

    expect(applyMigrations(url).applied).toContain(accounts);
    const db = await openDb(url);
    try {
      const people = await db.person.findMany({ orderBy: { id: "asc" }, select: { firstName: true, preferredMessenger: true, accounts: { select: { messenger: true, externalId: true, chatId: true, reachable: true } } } });
      expect(people.map((p) => [p.firstName, p.preferredMessenger, p.accounts.map((a) => [a.messenger, a.externalId, Number(a.chatId), a.reachable])])).toEqual([
        ["Mai", "telegram", [["telegram", "7001", 7001, true]]],
        ["Hùng", "telegram", [["telegram", "7002", 7002, false]]],
        ["Lan", "zalo", [["zalo", "6ede9afa66b88fe6d6a9", ZALO_BASE + 3, true]]],
      ]);
      expect((await findPerson(db, 7001))?.roles.map((r) => r.role)).toEqual(["secretariat"]);
      expect((await findPerson(db, ZALO_BASE + 3))?.firstName).toBe("Lan");
      // Unique per messenger: a Telegram id that is already another person's is refused by the database.
      await expect(db.messengerAccount.create({ data: { personId: mai, messenger: "telegram", externalId: "x", chatId: 7002n } })).rejects.toThrow();
    } finally {
      await db.$disconnect();
    }
  });
});
