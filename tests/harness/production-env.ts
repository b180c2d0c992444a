// The environment `npm start` sets for the bot's process: the `NAME=value`
// assignments in front of `node … dist/main.js` in package.json's start script
// (today the glibc malloc tunables, bench/reading.md "Idle memory"). The Node flags
// are read by productionNodeFlags (http-telegram.ts); a process started with both is
// the production one, and the Dockerfile's ENV must say the same (tests/config.test.ts).
import { readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The variables package.json's start script assigns on the command that runs
 * `node [flags] dist/main.js`, e.g. `{ GLIBC_TUNABLES: "glibc.malloc.arena_max=2" }`;
 * `{}` when it assigns none. Values are single words (no quotes or spaces). Throws
 * when the start script does not run `dist/main.js` with node.
 */
export function productionEnv(root = process.cwd()): Record<string, string> {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Record<string, string> };
  const start = pkg.scripts.start ?? "";
  const m = /(?:^|&&|;)\s*((?:[A-Za-z_][A-Za-z0-9_]*=[^\s'"]*\s+)*)node(?: --[\w-]+(?:=\S+)?)* dist\/main\.js/.exec(start);
  if (!m) throw new Error(`package.json's start script does not run "[NAME=value ...] node [flags] dist/main.js": ${start}`);
  const env: Record<string, string> = {};
  for (const word of m[1]!.trim().split(/\s+/).filter(Boolean)) {
    const eq = word.indexOf("=");
    env[word.slice(0, eq)] = word.slice(eq + 1);
  }
  return env;
}
