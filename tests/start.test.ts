// npm start as a newcomer and an operator meet it (package.json's start script,
// scripts/build.mjs): without a token it answers at once, on a fresh clone too
// (nothing compiled); with one it compiles only when the sources changed, by
// content; the Node flags are kept. Run in a small copy of the project (the real
// package.json, launcher and tsconfig files, a one-file src/, the real
// node_modules) so that each compile takes a moment, not the project's 20 s.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { productionNodeFlags } from "./harness/http-telegram.js";
import { productionEnv } from "./harness/production-env.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const TOKEN = "123456789:AAbbCCddEEffGGhhIIjjKKllMMnnOOppQQr";
const FIRST_BUILD = "Compiling src/ into dist/ (first build)…";
const REBUILD = "Compiling src/ into dist/ (the sources changed since the last build)…";

let project: string;

beforeEach(() => {
  project = mkdtempSync(join(tmpdir(), "khoi-start-"));
  for (const f of ["package.json", "tsconfig.json", "tsconfig.build.json", "scripts/build.mjs"]) cpSync(join(ROOT, f), join(project, f));
  symlinkSync(join(ROOT, "node_modules"), join(project, "node_modules"), "dir");
  mkdirSync(join(project, "src"));
  writeMain("first");
});

afterEach(() => {
  rmSync(project, { recursive: true, force: true });
});

/** The fixture's bot: says which version ran, with which Node flags, and the glibc tunables it was started with. */
function writeMain(version: string, extra = ""): void {
  writeFileSync(
    join(project, "src", "main.ts"),
    `${extra}const version: string = ${JSON.stringify(version)};\nconsole.log(\`main ran: \${version} \${JSON.stringify(process.execArgv)} GLIBC_TUNABLES=\${process.env.GLIBC_TUNABLES ?? ""}\`);\n`,
  );
}

function npmStart(env: Record<string, string> = {}) {
  const base = { ...process.env };
  delete base.BOT_TOKEN;
  const r = spawnSync("npm", ["start"], { cwd: project, env: { ...base, npm_config_update_notifier: "false", ...env }, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, compiled: r.stderr.includes("Compiling src/ into dist/") };
}

const dist = (f = "main.js") => join(project, "dist", f);
const mtime = (f: string) => statSync(f).mtimeMs;

describe("npm start", () => {
  it("on a fresh clone without a token: the token message at once, nothing compiled", () => {
    const r = npmStart();
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("BOT_TOKEN is not set. Create a bot with @BotFather in Telegram (/newbot)");
    expect(r.stderr).toContain("npm run demo");
    expect(r.compiled).toBe(false);
    expect(existsSync(join(project, "dist"))).toBe(false);
    expect(npmStart({ BOT_TOKEN: "" }).compiled).toBe(false); // empty is unset, as for the bot
  });

  it("compiles once on the first start, then not again until the sources change; keeps the Node flags", () => {
    const first = npmStart({ BOT_TOKEN: TOKEN });
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toContain(FIRST_BUILD);
    expect(first.stdout).toContain(`main ran: first ${JSON.stringify(productionNodeFlags(project))}`);
    expect(productionNodeFlags(project)).toEqual(productionNodeFlags(ROOT));
    // The environment before node in the start script reaches the bot (glibc reads it at the process's start).
    expect(productionEnv(project).GLIBC_TUNABLES).toBeTruthy();
    expect(first.stdout).toContain(`GLIBC_TUNABLES=${productionEnv(project).GLIBC_TUNABLES}\n`);
    const built = mtime(dist());

    const second = npmStart({ BOT_TOKEN: TOKEN });
    expect(second.compiled).toBe(false);
    expect(second.stdout).toContain("main ran: first");
    expect(mtime(dist())).toBe(built);

    // Without a token, a current dist/ is not compiled either.
    const noToken = npmStart();
    expect([noToken.status, noToken.compiled]).toEqual([1, false]);
    expect(noToken.stderr).toContain("BOT_TOKEN is not set");
  });

  it("a source whose content changed is compiled; one only touched is not", () => {
    expect(npmStart({ BOT_TOKEN: TOKEN }).stderr).toContain(FIRST_BUILD);
    const built = mtime(dist());

    const later = new Date(Date.now() + 60_000);
    utimesSync(join(project, "src", "main.ts"), later, later); // a checkout or a copy: same content
    const touched = npmStart({ BOT_TOKEN: TOKEN });
    expect(touched.compiled).toBe(false);
    expect(mtime(dist())).toBe(built);

    writeMain("second");
    const changed = npmStart({ BOT_TOKEN: TOKEN });
    expect(changed.stderr).toContain(REBUILD);
    expect(changed.stdout).toContain("main ran: second");
    expect(npmStart({ BOT_TOKEN: TOKEN }).compiled).toBe(false);

    // The compiler's settings are sources too.
    const build = JSON.parse(readFileSync(join(project, "tsconfig.build.json"), "utf8")) as { compilerOptions: Record<string, unknown> };
    build.compilerOptions.sourceMap = false;
    writeFileSync(join(project, "tsconfig.build.json"), JSON.stringify(build));
    expect(npmStart({ BOT_TOKEN: TOKEN }).stderr).toContain(REBUILD);
  });

  it("a source added then deleted: compiled each time, and its output removed", () => {
    writeFileSync(join(project, "src", "extra.ts"), "export const extra = 1;\n");
    expect(npmStart({ BOT_TOKEN: TOKEN }).stderr).toContain(FIRST_BUILD);
    expect(existsSync(dist("extra.js"))).toBe(true);
    rmSync(join(project, "src", "extra.ts"));
    expect(npmStart({ BOT_TOKEN: TOKEN }).stderr).toContain(REBUILD);
    expect(existsSync(dist("extra.js"))).toBe(false);
    expect(existsSync(dist("extra.js.map"))).toBe(false);
  });

  it("a compile that fails stops npm start before the bot, and is tried again at the next start", () => {
    writeMain("broken", "const n: number = 'not a number';\n");
    const broken = npmStart({ BOT_TOKEN: TOKEN });
    expect(broken.status).not.toBe(0);
    expect(broken.stdout).toContain("error TS2322");
    expect(broken.stdout).not.toContain("main ran");
    expect(broken.stderr).toContain("The compile failed");
    writeMain("fixed");
    const fixed = npmStart({ BOT_TOKEN: TOKEN });
    expect(fixed.stderr).toContain("Compiling src/ into dist/");
    expect(fixed.stdout).toContain("main ran: fixed");
  });

  it("the launcher and the bot give the same message without a token", () => {
    const launcher = npmStart();
    const bot = spawnSync(process.execPath, ["--import", "tsx", "src/main.ts"], { cwd: ROOT, env: { ...process.env, BOT_TOKEN: "" }, encoding: "utf8" });
    expect(bot.status).toBe(1);
    expect(bot.stderr.trim().length).toBeGreaterThan(0);
    expect(launcher.stderr.trim()).toContain(bot.stderr.trim());
  });
});
