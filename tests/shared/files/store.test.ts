// The store of files the bot made: whole files only, names made safe, expiry
// by the clock, and pruning of what expired or was left half-written.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { FakeClock } from "../../../src/shared/clock.js";
import { cleanFileName, contentTypeFor, FileStore } from "../../../src/shared/files/store.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function setup(ttlMs = 24 * 3600_000) {
  const dir = mkdtempSync(join(tmpdir(), "khoi-files-"));
  dirs.push(dir);
  const clock = new FakeClock("2026-05-12T03:00:00.000Z");
  const store = new FileStore({ dir: join(dir, "files"), clock, ttlMs });
  return { dir: join(dir, "files"), clock, store };
}

async function readAll(store: FileStore, id: string): Promise<Buffer> {
  const opened = await store.open(id);
  if (!opened) throw new Error("gone");
  const chunks: Buffer[] = [];
  for await (const c of opened.handle.createReadStream()) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

describe("FileStore", () => {
  it("stores bytes and streams under a random id, with name, type, size and expiry", async () => {
    const { store, clock } = setup();
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const a = await store.put(png, { fileName: "Biểu đồ tháng 5.png" });
    expect(a).toMatchObject({ fileName: "Biểu đồ tháng 5.png", contentType: "image/png", size: 7, createdAt: clock.now(), expiresAt: new Date(clock.now().getTime() + 24 * 3600_000) });
    expect(a.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(await store.get(a.id)).toEqual(a);
    expect(await readAll(store, a.id)).toEqual(png);

    const big = Buffer.alloc(300_000, 9);
    const b = await store.put(Readable.from([big.subarray(0, 100_000), big.subarray(100_000)]), { fileName: "Tổng hợp.xlsx", ttlMs: 3600_000 });
    expect(b).toMatchObject({ contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", size: 300_000, expiresAt: new Date(clock.now().getTime() + 3600_000) });
    expect(await readAll(store, b.id)).toEqual(big);
    expect(b.id).not.toBe(a.id);
  });

  it("knows the types the bot makes", () => {
    expect(contentTypeFor("a.PNG")).toBe("image/png");
    expect(contentTypeFor("b.docx")).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect(contentTypeFor("c")).toBe("application/octet-stream");
  });

  it("keeps only a file name: no directories, no control characters, bounded", () => {
    expect(cleanFileName("../../etc/passwd")).toBe("passwd");
    expect(cleanFileName("C:\\Users\\x\\Báo cáo.docx")).toBe("Báo cáo.docx");
    expect(cleanFileName("a\r\nContent-Type: text/html.png")).toBe("aContent-Type: text/html.png".split("/").pop());
    expect(cleanFileName("..")).toBe("file");
    expect(cleanFileName("")).toBe("file");
    const long = cleanFileName(`${"x".repeat(300)}.xlsx`);
    expect(long).toHaveLength(200);
    expect(long.endsWith(".xlsx")).toBe(true);
  });

  it("answers null for ids it never made, and never reads outside its directory", async () => {
    const { store, dir } = setup();
    await store.put(Buffer.from("x"), { fileName: "x.txt" });
    writeFileSync(join(dir, "..", "secret.json"), JSON.stringify({ fileName: "s", contentType: "text/plain", size: 1, createdAt: "2026-01-01", expiresAt: "2099-01-01" }));
    for (const id of ["../secret", "..", "", "nope", "AAAAAAAAAAAAAAAAAAAAAA"]) {
      expect(await store.get(id)).toBeNull();
      expect(await store.open(id)).toBeNull();
    }
  });

  it("prune() deletes expired files and leftovers, keeps live ones and other files", async () => {
    const { store, clock, dir } = setup(24 * 3600_000);
    const old = await store.put(Buffer.from("old"), { fileName: "old.png", ttlMs: 3600_000 });
    const live = await store.put(Buffer.from("live"), { fileName: "live.png" });
    writeFileSync(join(dir, "BBBBBBBBBBBBBBBBBBBBBB.data"), "orphan bytes"); // a write cut before its description
    writeFileSync(join(dir, "CCCCCCCCCCCCCCCCCCCCCC.json.tmp"), "{"); // a temporary file left behind
    writeFileSync(join(dir, "README"), "not ours");
    clock.advance(2 * 3600_000);
    expect(await store.prune({ batch: 2 })).toEqual({ deleted: 3, kept: 1 });
    expect(readdirSync(dir).sort()).toEqual([`${live.id}.data`, `${live.id}.json`, "README"].sort());
    expect(await store.get(old.id)).toBeNull();
    expect(await readAll(store, live.id)).toEqual(Buffer.from("live"));
    clock.advance(24 * 3600_000);
    expect(await store.prune()).toEqual({ deleted: 1, kept: 0 });
    expect(readdirSync(dir)).toEqual(["README"]);
  });

  it("prune() leaves a file being written alone", async () => {
    const { store, dir } = setup();
    const source = new PassThrough();
    const putting = store.put(source, { fileName: "slow.xlsx" });
    source.write(Buffer.alloc(1000, 1));
    const tmpWritten = () => {
      try {
        return readdirSync(dir).some((n) => n.endsWith(".data.tmp"));
      } catch {
        return false; // the directory is not there yet
      }
    };
    while (!tmpWritten()) await new Promise<void>((resolve) => setImmediate(resolve));
    expect(await store.prune()).toEqual({ deleted: 0, kept: 0 });
    source.end(Buffer.alloc(1000, 2));
    const file = await putting;
    expect(file.size).toBe(2000);
    expect((await readAll(store, file.id)).length).toBe(2000);
  });
});
