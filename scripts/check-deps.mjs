// npm test's dependency rule (docs/architecture.md): runs dependency-cruiser over src/ with
// .dependency-cruiser.cjs, ignoring the violations listed in .dependency-cruiser-known-violations.json
// (the baseline the move to one folder per feature left; phase B of issue 15 empties it).
// Prints every new violation with its rule's reason and fails; prints the baseline's size always.
//   node scripts/check-deps.mjs              check (npm test, npm run deps)
//   node scripts/check-deps.mjs --baseline   rewrite the baseline from what is there now (npm run deps:baseline)
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
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

if (process.argv.includes("--baseline")) {
  const r = run(["--output-type", "baseline", "--output-to", KNOWN]);
  if (r.status !== 0) process.exit(r.status ?? 1);
  console.log(`dependency rule: ${JSON.parse(readFileSync(join(ROOT, KNOWN), "utf8")).length} known violations written to ${KNOWN}`);
  process.exit(0);
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
console.log(`dependency rule: ${known.length} known violations left in ${KNOWN} (phase B of issue 15 empties it)${counts ? `: ${counts}` : ""}`);
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
console.log("dependency rule: no new violations");
