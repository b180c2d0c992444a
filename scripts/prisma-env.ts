// Environment for Prisma CLI calls: the WebAssembly engines do the work, but some
// commands still look for native engines and would try to download them. Pointing
// these variables at any existing file stops that (nothing executes them).
import { resolve } from "node:path";

export function prismaCliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const placeholder = resolve("package.json");
  return {
    ...process.env,
    PRISMA_QUERY_ENGINE_LIBRARY: placeholder,
    PRISMA_SCHEMA_ENGINE_BINARY: placeholder,
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    ...extra,
  };
}
