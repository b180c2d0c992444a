// The Dockerfile, checked without building it (no Docker engine here): what it
// copies exists and is not ignored, the build produces what the runtime stage
// takes from it, CMD and HEALTHCHECK run compiled files the build produces, the
// health check cannot reach Telegram, and the npm scripts an operator runs in
// the container (backup, db:migrate, health) need nothing the image lacks.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { productionNodeFlags } from "./harness/http-telegram.js";
import { productionEnv } from "./harness/production-env.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

type Instruction = { op: string; args: string };
type Stage = { name: string | null; workdir: string; instructions: Instruction[] };

/** The Dockerfile's stages and instructions (continuation lines joined, comments dropped). */
function parseDockerfile(text: string): Stage[] {
  const logical = text
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));
  const stages: Stage[] = [];
  for (const line of logical) {
    const m = /^(\S+)\s+(.*)$/.exec(line);
    if (!m) throw new Error(`not an instruction: ${line}`);
    const op = m[1]!.toUpperCase();
    const args = m[2]!.trim();
    if (op === "FROM") {
      stages.push({ name: /\bAS\s+(\S+)$/i.exec(args)?.[1] ?? null, workdir: "/", instructions: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) throw new Error(`${op} before FROM`);
    if (op === "WORKDIR") stage.workdir = args;
    stage.instructions.push({ op, args });
  }
  return stages;
}

/** A COPY's flags, sources and destination (JSON or shell form). */
function parseCopy(args: string): { from: string | null; sources: string[]; dest: string } {
  const words = args.split(/\s+/);
  const flags = words.filter((w) => w.startsWith("--"));
  const rest = words.filter((w) => !w.startsWith("--"));
  const from = flags.find((f) => f.startsWith("--from="))?.slice("--from=".length) ?? null;
  return { from, sources: rest.slice(0, -1), dest: rest.at(-1)! };
}

/** Whether .dockerignore leaves `path` out of the build context (its patterns here: names, prefixes and *.ext). */
function ignored(path: string, patterns: string[]): boolean {
  return patterns.some((p) => {
    if (p.startsWith("*.")) return path.endsWith(p.slice(1));
    return path === p || path.startsWith(`${p}/`);
  });
}

/** The compiled file for a source under src/ (tsconfig.build.json: rootDir src, outDir dist). */
function sourceOf(distFile: string): string {
  const m = /^dist\/(.+)\.js$/.exec(distFile);
  if (!m) throw new Error(`${distFile} is not a compiled file under dist/`);
  return `src/${m[1]}.ts`;
}

const dockerfile = readFileSync(join(ROOT, "Dockerfile"), "utf8");
const stages = parseDockerfile(dockerfile);
const build = stages.find((s) => s.name === "build")!;
const runtime = stages.at(-1)!;
const ignore = readFileSync(join(ROOT, ".dockerignore"), "utf8").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
const buildConfig = JSON.parse(readFileSync(join(ROOT, "tsconfig.build.json"), "utf8")) as { compilerOptions: { outDir: string; rootDir: string } };

/** The exec-form command of an instruction: CMD ["node", ...] or HEALTHCHECK [options] CMD ["node", ...]. */
function execForm(args: string): string[] {
  const json = /(?:^|\sCMD\s+)(\[.*\])$/.exec(args)?.[1];
  if (!json) throw new Error(`not in exec form: ${args}`);
  return JSON.parse(json) as string[];
}

describe("the Dockerfile", () => {
  it("has a build stage and a runtime stage, both in /app", () => {
    expect(stages).toHaveLength(2);
    expect(build.workdir).toBe("/app");
    expect(runtime.workdir).toBe("/app");
  });

  it("copies only files that exist and that .dockerignore keeps in the context", () => {
    const copies = stages.flatMap((s) => s.instructions.filter((i) => i.op === "COPY").map((i) => parseCopy(i.args))).filter((c) => c.from === null);
    expect(copies.length).toBeGreaterThan(5);
    for (const { sources } of copies) {
      for (const src of sources) {
        expect(existsSync(join(ROOT, src)), `${src} is copied but does not exist`).toBe(true);
        expect(ignored(normalize(src).replace(/\/$/, ""), ignore), `${src} is copied but .dockerignore leaves it out`).toBe(false);
      }
    }
  });

  it("the build stage compiles src/ into the dist/ that the runtime stage takes", () => {
    const ops = build.instructions.map((i) => `${i.op} ${i.args}`);
    const at = (re: RegExp) => ops.findIndex((o) => re.test(o));
    const compile = at(/^RUN .*\bnpm run build\b/);
    expect(compile).toBeGreaterThan(-1);
    // What npm run build needs is copied before it runs.
    for (const needed of [/^COPY .*\bscripts\/build\.mjs\b/, /^COPY .*\btsconfig\.build\.json\b/, /^COPY src\b/, /^RUN npm ci\b/]) {
      const i = at(needed);
      expect(i, String(needed)).toBeGreaterThan(-1);
      expect(i, String(needed)).toBeLessThan(compile);
    }
    expect(pkg.scripts.build).toBe("node scripts/build.mjs");
    expect(buildConfig.compilerOptions).toMatchObject({ rootDir: "src", outDir: "dist" });
    const fromBuild = runtime.instructions.filter((i) => i.op === "COPY").map((i) => parseCopy(i.args)).filter((c) => c.from === "build");
    expect(fromBuild.flatMap((c) => c.sources).sort()).toEqual(["/app/dist", "/app/node_modules"]);
  });

  it("CMD runs the compiled bot with npm start's Node flags", () => {
    const cmd = execForm(runtime.instructions.find((i) => i.op === "CMD")!.args);
    expect(cmd).toEqual(["node", ...productionNodeFlags(ROOT), "dist/main.js"]);
    expect(existsSync(join(ROOT, sourceOf("dist/main.js")))).toBe(true);
  });

  it("the runtime stage sets the environment npm start sets for the bot (the malloc tunables)", () => {
    // ENV NAME=value [NAME=value...] (the key=value form; continuation lines are joined by the parser).
    const set = Object.fromEntries(
      runtime.instructions.filter((i) => i.op === "ENV").flatMap((i) => i.args.split(/\s+/).map((w) => [w.slice(0, w.indexOf("=")), w.slice(w.indexOf("=") + 1)])),
    );
    const env = productionEnv(ROOT);
    expect(Object.keys(env)).toContain("GLIBC_TUNABLES");
    expect(set).toMatchObject(env);
  });

  it("HEALTHCHECK runs the compiled health check, with an interval, a time limit, a start period and retries", () => {
    const hc = runtime.instructions.find((i) => i.op === "HEALTHCHECK");
    expect(hc, "no HEALTHCHECK").toBeDefined();
    const cmd = execForm(hc!.args);
    expect(cmd[0]).toBe("node");
    expect(cmd.slice(1)).toEqual(["dist/cli/health.js"]);
    expect(existsSync(join(ROOT, sourceOf(cmd[1]!)))).toBe(true);
    for (const option of ["--interval=", "--timeout=", "--start-period=", "--retries="]) expect(hc!.args).toContain(option);
    expect(pkg.scripts.health).toBe("node scripts/build.mjs --if-changed && node dist/cli/health.js");
  });

  it("the health check cannot call Telegram: nothing it imports reaches grammY or the bot", () => {
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(join(ROOT, file), "utf8");
      for (const m of text.matchAll(/^\s*import\s+(?!type\b)[^"']*["']([^"']+)["']/gm)) {
        const spec = m[1]!;
        expect(spec, `${file} imports ${spec}`).not.toMatch(/^(grammy|@grammyjs\/|node-fetch)/);
        if (spec.startsWith(".")) visit(normalize(join(dirname(file), spec.replace(/\.js$/, ".ts"))));
      }
    };
    visit("src/cli/health.ts");
    expect([...seen]).toContain("src/shared/db/health.ts");
    for (const f of seen) expect(f, `${f} is part of the bot, not of the health check`).not.toMatch(/^src\/(bot|jobs|polling|app|main)/);
  });

  it("the npm scripts an operator runs in the container need only what the image has", () => {
    // What the runtime stage holds: the copied paths, and dist/ and node_modules/ from the build.
    const inImage = runtime.instructions
      .filter((i) => i.op === "COPY")
      .map((i) => parseCopy(i.args))
      .flatMap((c) => (c.from === "build" ? c.sources.map((s) => s.replace(/^\/app\//, "")) : c.sources.map((s) => normalize(s).replace(/\/$/, ""))));
    for (const script of ["start", "backup", "db:migrate", "health"]) {
      // Environment assignments in front of a command (start's GLIBC_TUNABLES=…) are not commands.
      const commands = pkg.scripts[script]!.split("&&").map((c) => c.trim().split(/\s+/).filter((w, i, ws) => !ws.slice(0, i + 1).every((x) => /^[A-Za-z_]\w*=/.test(x))));
      for (const [bin, ...args] of commands) {
        expect(bin, `${script}: ${pkg.scripts[script]}`).toBe("node"); // no tsx, no tsc: the image has neither
        const file = args.find((a) => !a.startsWith("--"))!;
        const present = file.startsWith("dist/") ? inImage.includes("dist") && existsSync(join(ROOT, sourceOf(file))) : inImage.includes(file);
        expect(present, `${script} runs ${file}, which the image does not have`).toBe(true);
      }
    }
  });

  it("in the image (no src/, no TypeScript) the launcher compiles nothing and lets the compiled command run", () => {
    const image = mkdtempSync(join(tmpdir(), "khoi-image-"));
    try {
      cpSync(join(ROOT, "scripts/build.mjs"), join(image, "scripts/build.mjs"));
      const launch = (...args: string[]) => spawnSync(process.execPath, ["scripts/build.mjs", ...args], { cwd: image, encoding: "utf8" });
      const bare = launch("--if-changed");
      expect([bare.status, bare.stderr.trim()]).toEqual([1, "There is neither src/ nor dist/main.js here: run this from the project's folder."]);
      mkdirSync(join(image, "dist"));
      writeFileSync(join(image, "dist", "main.js"), "");
      const ok = launch("--if-changed");
      expect([ok.status, ok.stdout, ok.stderr]).toEqual([0, "", ""]);
    } finally {
      rmSync(image, { recursive: true, force: true });
    }
  });
});
