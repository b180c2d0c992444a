// The outbound port's pictures on Zalo, stored once and linked many times
// (src/messengers/zalo/picture-links.ts): the rules at their edges, on a real
// FileStore and a FakeClock. That N readers of one summary on Zalo share one file
// per language is proven through the bot in tests/features/group/private-copies.test.ts.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { PictureLinks } from "../../../src/messengers/zalo/picture-links.js";
import { FakeClock } from "../../../src/shared/clock.js";
import { verifyFileLink } from "../../../src/shared/files/links.js";
import { FileStore } from "../../../src/shared/files/store.js";

const KEY = "k".repeat(32);
const PUBLIC_URL = "https://bot.example.vn";
const DAY = 86_400_000;
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function setup() {
  const dir = mkdtempSync(join(tmpdir(), "khoi-picture-links-"));
  dirs.push(dir);
  const clock = new FakeClock("2026-11-06T01:30:00.000Z");
  const store = new FileStore({ dir: join(dir, "files"), clock, ttlMs: 7 * DAY });
  return { clock, store, links: new PictureLinks({ store, key: KEY, publicUrl: PUBLIC_URL }, clock) };
}

const picture = (bytes: number[], fileName = "bieu-do.png") => ({ png: Uint8Array.from([0x89, 0x50, 0x4e, 0x47, ...bytes]), fileName, caption: "Biểu đồ" });
const fileOf = (link: string, now: Date) => {
  const check = verifyFileLink(KEY, link.split("/files/")[1]!, now);
  if (!check.ok) throw new Error(`link ${check.reason}`);
  return check;
};
const dataFiles = (store: FileStore) => readdirSync(store.dir).filter((f) => f.endsWith(".data"));

describe("PictureLinks", () => {
  it("stores the same picture once (at once or later, as another object), another picture or file name apart", async () => {
    const { clock, store, links } = setup();
    const [a, b] = await Promise.all([links.link(picture([1, 2])), links.link(picture([1, 2]))]);
    const later = await links.link(picture([1, 2]));
    expect(fileOf(a, clock.now()).fileId).toBe(fileOf(b, clock.now()).fileId);
    expect(fileOf(later, clock.now()).fileId).toBe(fileOf(a, clock.now()).fileId);
    expect(dataFiles(store)).toHaveLength(1);
    const other = await links.link(picture([3]));
    const renamed = await links.link(picture([1, 2], "chart.png"));
    expect(new Set([a, other, renamed].map((l) => fileOf(l, clock.now()).fileId)).size).toBe(3);
    expect(dataFiles(store)).toHaveLength(3);
  });

  it("sends no link good for less than half the store's time to live: past that, the picture is stored again; the first link stays good until its file expires", async () => {
    const { clock, store, links } = setup();
    const first = await links.link(picture([1]));
    clock.advance(3.5 * DAY - 1000);
    expect(fileOf(await links.link(picture([1])), clock.now()).fileId).toBe(fileOf(first, clock.now()).fileId);
    clock.advance(2000);
    const second = await links.link(picture([1]));
    const f2 = fileOf(second, clock.now());
    expect(f2.fileId).not.toBe(fileOf(first, clock.now()).fileId);
    expect(f2.expiresAt.getTime()).toBe(Math.floor((clock.now().getTime() + 7 * DAY) / 1000) * 1000);
    expect(await store.get(fileOf(first, clock.now()).fileId)).not.toBeNull();
  });

  it("a failed write is not remembered: the next send stores it", async () => {
    const { clock, store, links } = setup();
    const put = store.put.bind(store);
    let fail = true;
    store.put = (content, meta) => (fail ? Promise.reject(new Error("ENOSPC: no space left on device")) : put(content, meta));
    await expect(links.link(picture([1]))).rejects.toThrow(/ENOSPC/);
    fail = false;
    const link = await links.link(picture([1]));
    expect(await store.get(fileOf(link, clock.now()).fileId)).not.toBeNull();
  });
});
