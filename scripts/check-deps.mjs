// npm test's dependency rule (docs/architecture.md): runs dependency-cruiser over src/ with
// .dependency-cruiser.cjs, ignoring the violations listed in .dependency-cruiser-known-violations.json
// (the baseline the move to one folder per feature left; phase B of issue 15 emptied it, and it stays empty).
// Prints every new violation with its rule's reason and fails; prints the baseline's size always.
// A second rule no import graph can see: chat handlers, dialogues and jobs
// (src/features/*/{chat,dialogue,jobs}*) make no database call of their own (a Prisma delegate
// call such as `deps.db.ballot.findMany`, `$transaction`, raw SQL, `sqlOf`): they call use cases.
// Its known cases, per file, are in .direct-db-known.json (only ever to shrink).
// A third: a dialogue's work outside the replay goes through work() (src/chat/conversations/work.ts),
// never conversation.external() itself, so that an error of that work is never taken for a
// replay that failed (the dialogue entered again would do the work twice).
//   node scripts/check-deps.mjs              check (npm test, npm run deps)
//   node scripts/check-deps.mjs --baseline   rewrite the baseline from what is there now (npm run deps:baseline)
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const KNOWN = ".dependency-cruiser-known-violations.json";
// The package exports no path to its CLI; its bin entry is this file (package.json "bin").
const bin = join(ROOT, "node_modules", "dependency-cruiser", "bin", "dependency-cruise.mjs");
if (!existsSync(bin)) {
  console.error("dependency-cruiser is not installed (npm ci installs it): cannot check the dependency rule");
  process.exit(1);
}
const run = (args) => {
  const r = spawnSync(process.execPath, [bin, "src", "--config", ".dependency-cruiser.cjs", ...args], { cwd: ROOT, encoding: "utf8" });
  if (r.status !== 0 && r.status !== null && !args.includes("json")) process.stderr.write(r.stdout + r.stderr);
  return r;
};

const KNOWN_DB = ".direct-db-known.json";
const DB_CALL = /\bdb\s*\.\s*(?:\$transaction|\$queryRaw\w*|\$executeRaw\w*|[a-z]\w*\s*\.\s*(?:findMany|findFirst|findUnique|findUniqueOrThrow|findFirstOrThrow|create|createMany|update|updateMany|upsert|delete|deleteMany|count|aggregate|groupBy))\s*\(|\b(?:sqlOf|writeSql|sqlIfOpen)\s*\(/g;

/** Direct database calls in handlers, dialogues and jobs: file -> count. */
function directDbCalls() {
  const found = {};
  const walk = (dir) => {
    for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(rel);
      else if (/^src\/features\/[^/]+\/(chat|dialogue|jobs)/.test(rel) && rel.endsWith(".ts")) {
        const n = (readFileSync(join(ROOT, rel), "utf8").match(DB_CALL) ?? []).length;
        if (n) found[rel] = n;
      }
    }
  };
  walk("src/features");
  return found;
}

if (process.argv.includes("--baseline")) {
  const r = run(["--output-type", "baseline", "--output-to", KNOWN]);
  if (r.status !== 0) process.exit(r.status ?? 1);
  console.log(`dependency rule: ${JSON.parse(readFileSync(join(ROOT, KNOWN), "utf8")).length} known violations written to ${KNOWN}`);
  const db = directDbCalls();
  writeFileSync(join(ROOT, KNOWN_DB), JSON.stringify(db, null, 2) + "\n");
  console.log(`database calls in handlers, dialogues and jobs: ${Object.values(db).reduce((a, b) => a + b, 0)} known, written to ${KNOWN_DB}`);
  process.exit(0);
}

let failed = false;
{
  const knownDb = existsSync(join(ROOT, KNOWN_DB)) ? JSON.parse(readFileSync(join(ROOT, KNOWN_DB), "utf8")) : {};
  const now = directDbCalls();
  const total = Object.values(now).reduce((a, b) => a + b, 0);
  const over = Object.entries(now).filter(([f, n]) => n > (knownDb[f] ?? 0));
  console.log(`dependency rule: ${total} known database calls left in handlers, dialogues and jobs (${KNOWN_DB})`);
  if (over.length) {
    console.error("\n✗ handlers-and-jobs-call-use-cases: chat handlers, dialogues and jobs make no database call of their own (Prisma, $transaction, raw SQL, sqlOf): they call their feature's use cases.");
    for (const [f, n] of over) console.error(`    ${f}: ${n} (known ${knownDb[f] ?? 0})`);
    failed = true;
  }
}

{
  const EXTERNAL = /\.\s*external\s*\(/g;
  const found = [];
  const walk = (dir) => {
    for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(rel);
      else if (rel.endsWith(".ts") && rel !== "src/chat/conversations/work.ts") {
        const n = (readFileSync(join(ROOT, rel), "utf8").match(EXTERNAL) ?? []).length;
        if (n) found.push(`${rel}: ${n}`);
      }
    }
  };
  walk("src");
  if (found.length) {
    console.error("\n✗ dialogue-work-through-work: a dialogue's work runs through work() (src/chat/conversations/work.ts), not conversation.external(): its errors are then never taken for a replay that failed.");
    for (const line of found) console.error(`    ${line}`);
    failed = true;
  }
}

const dir = mkdtempSync(join(tmpdir(), "deps-"));
const out = join(dir, "result.json");
const r = run([...(existsSync(join(ROOT, KNOWN)) ? ["--ignore-known", KNOWN] : []), "--output-type", "json", "--output-to", out]);
if (!existsSync(out)) {
  process.stderr.write(`dependency-cruiser did not run:\n${r.stdout}${r.stderr}`);
  process.exit(1);
}
const result = JSON.parse(readFileSync(out, "utf8"));
rmSync(dir, { recursive: true, force: true });
const rules = new Map(result.summary.ruleSetUsed.forbidden.map((rule) => [rule.name, rule.comment]));
const fresh = result.summary.violations.filter((v) => v.rule.severity !== "ignore");
const known = result.summary.violations.filter((v) => v.rule.severity === "ignore");
const baseline = existsSync(join(ROOT, KNOWN)) ? JSON.parse(readFileSync(join(ROOT, KNOWN), "utf8")) : [];

const byRule = new Map();
for (const v of known) byRule.set(v.rule.name, (byRule.get(v.rule.name) ?? 0) + 1);
const counts = [...byRule].sort((a, b) => b[1] - a[1]).map(([n, c]) => `${n} ${c}`).join(", ");
console.log(`dependency rule: ${known.length} known violations left in ${KNOWN} (it stays empty: docs/architecture.md)${counts ? `: ${counts}` : ""}`);
if (baseline.length > known.length) {
  console.log(`dependency rule: ${baseline.length - known.length} entries of the baseline no longer occur: run npm run deps:baseline to shrink it`);
}
if (fresh.length) {
  const grouped = new Map();
  for (const v of fresh) {
    if (!grouped.has(v.rule.name)) grouped.set(v.rule.name, []);
    grouped.get(v.rule.name).push(v.cycle ? [v.from, ...v.cycle.map((c) => c.name ?? c)].join(" → ") : `${v.from} → ${v.to}`);
  }
  for (const [name, list] of grouped) {
    console.error(`\n✗ ${name}: ${rules.get(name) ?? ""}`);
    for (const line of list) console.error(`    ${line}`);
  }
  console.error(`\ndependency rule: ${fresh.length} new violation(s) (docs/architecture.md says what may import what)`);
  process.exit(1);
}
if (failed) process.exit(1);
console.log("dependency rule: no new violations");
