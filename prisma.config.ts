// Prisma CLI configuration: the WebAssembly engines through the better-sqlite3
// driver adapter, so no native engine is ever downloaded (see README, "Database").
//
// The schema engine replays each migration.sql through the adapter's executeRaw,
// which better-sqlite3 refuses for a string of several statements; such
// parameterless scripts are passed to executeScript instead. This is what lets
// `prisma migrate diff --from-migrations` (npm run db:new-migration) work here.
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

type Adapter = Awaited<ReturnType<PrismaBetterSQLite3["connect"]>>;

function acceptScripts(adapter: Adapter): Adapter {
  const executeRaw = adapter.executeRaw.bind(adapter);
  adapter.executeRaw = async (query) => {
    const statements = query.sql.split(";").filter((s) => s.trim() !== "");
    if (query.args.length === 0 && statements.length > 1) {
      await adapter.executeScript(query.sql);
      return 0;
    }
    return executeRaw(query);
  };
  return adapter;
}

class ScriptTolerantSQLite extends PrismaBetterSQLite3 {
  override async connect() {
    return acceptScripts(await super.connect());
  }
  override async connectToShadowDb() {
    return acceptScripts(await super.connectToShadowDb());
  }
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  adapter: async () =>
    new ScriptTolerantSQLite({ url: process.env.DATABASE_URL ?? "file:./data/khoi.db" }),
});
