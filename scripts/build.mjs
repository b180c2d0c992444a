// Compiles src/ into dist/ (tsc -p tsconfig.build.json), and with --if-changed
// only when the sources changed since the last build. Plain JavaScript: it runs
// before anything is compiled, and in the Docker image, which has no TypeScript.
//
//   node scripts/build.mjs                    always compile (npm run build)
//   node scripts/build.mjs --if-changed       compile when the sources changed (npm start, backup, db:migrate)
//   node scripts/build.mjs --require-token    also: stop at once when neither BOT_TOKEN nor ZALO_BOT_TOKEN is set (npm start)
//
// "Changed" is judged by content, not by modification times (a checkout, a copy
// or an editor's backup can set any time): a SHA-256 over every file under src/
// (path and bytes, so a deleted or renamed file counts), tsconfig.json,
// tsconfig.build.json and TypeScript's version, kept in dist/.build-fingerprint
// after a successful build. Checking it takes milliseconds; tsc itself keeps its
// incremental state in dist/.tsbuildinfo, so a rebuild after a small change
// re-checks less. Outputs whose source is gone are deleted after each build.
// Exit code: 0 when dist/ is current, tsc's own code when the compile failed,
// 1 for a missing token or when dist/ cannot be built.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const SRC = join(ROOT, "src");
const DIST = join(ROOT, "dist");
const FINGERPRINT = join(DIST, ".build-fingerprint");
const CONFIGS = ["tsconfig.json", "tsconfig.build.json"];

// The same text as src/main.ts prints (tests/start.test.ts compares the two).
// (src/config.ts, NO_TOKEN_LINE): either token is enough.
const MISSING_TOKEN =
  "BOT_TOKEN is not set. Create a bot with @BotFather in Telegram (/newbot), then run:\n" +
  "  BOT_TOKEN=123456:ABC... npm start\n" +
  "For Zalo, create a bot with Zalo Bot Manager → Bot Creator and set ZALO_BOT_TOKEN (either token alone is enough, both too).\n" +
  "To see the bot at work without a messenger, run: npm run demo";

/** Every file under `dir`, as paths relative to ROOT with "/" separators, sorted. */
function filesUnder(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(p));
    else if (entry.isFile()) out.push(relative(ROOT, p).split(sep).join("/"));
  }
  return out.sort();
}

function typescriptVersion() {
  try {
    const require = createRequire(join(ROOT, "package.json"));
    return JSON.parse(readFileSync(require.resolve("typescript/package.json"), "utf8")).version;
  } catch {
    return null; // a production install: no TypeScript
  }
}

function fingerprint(tsVersion) {
  const hash = createHash("sha256").update(`typescript ${tsVersion}\n`);
  for (const file of [...CONFIGS.filter((f) => existsSync(join(ROOT, f))), ...filesUnder(SRC)]) {
    const bytes = readFileSync(join(ROOT, file));
    hash.update(`${file}\0${bytes.length}\0`).update(bytes);
  }
  return hash.digest("hex");
}

/** Deletes dist/**\/*.js (and maps, declarations) whose src/**\/*.ts no longer exists. */
function pruneOrphans() {
  if (!existsSync(DIST)) return;
  for (const file of filesUnder(DIST)) {
    const m = /^dist\/(.+?)\.(?:js|js\.map|d\.ts|d\.ts\.map)$/.exec(file);
    if (m && !existsSync(join(SRC, `${m[1]}.ts`))) rmSync(join(ROOT, file));
  }
}

function main(args) {
  if (args.includes("--require-token") && !process.env.BOT_TOKEN && !process.env.ZALO_BOT_TOKEN) {
    console.error(MISSING_TOKEN);
    return 1;
  }
  const ifChanged = args.includes("--if-changed");
  if (!existsSync(SRC)) {
    // The Docker image ships dist/ without sources: nothing to compile.
    if (existsSync(join(DIST, "main.js"))) return 0;
    console.error("There is neither src/ nor dist/main.js here: run this from the project's folder.");
    return 1;
  }
  const tsVersion = typescriptVersion();
  if (tsVersion === null) {
    if (existsSync(join(DIST, "main.js"))) {
      if (ifChanged) return 0; // installed without dev dependencies: run what was built
      console.error("TypeScript is not installed (npm ci installs it; npm ci --omit=dev does not): cannot compile src/.");
      return 1;
    }
    console.error("dist/ has not been built and TypeScript is not installed: run npm ci (with the dev dependencies), then npm run build.");
    return 1;
  }
  const wanted = fingerprint(tsVersion);
  const built = existsSync(FINGERPRINT) && existsSync(join(DIST, "main.js")) ? readFileSync(FINGERPRINT, "utf8").trim() : null;
  if (ifChanged && built === wanted) return 0;

  console.error(built === null ? "Compiling src/ into dist/ (first build)…" : "Compiling src/ into dist/ (the sources changed since the last build)…");
  const started = Date.now();
  const require = createRequire(join(ROOT, "package.json"));
  const tsc = spawnSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.build.json"], { cwd: ROOT, stdio: "inherit" });
  if (tsc.status !== 0) {
    rmSync(FINGERPRINT, { force: true }); // whatever tsc wrote is not a build to trust
    console.error(`The compile failed (tsc exit code ${tsc.status ?? tsc.signal}); dist/ is not up to date.`);
    return tsc.status || 1;
  }
  pruneOrphans();
  writeFileSync(FINGERPRINT, `${wanted}\n`);
  console.error(`Compiled in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
