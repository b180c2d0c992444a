// Files the bot made (chart PNGs, XLSX, DOCX) kept on disk for a while, so that
// a signed link (links.ts) can serve them: Zalo takes images by URL only and has
// no documents (shared/notes/zalo.md §3, §5). Each file lives in one directory as
// `<id>.data` (the bytes) and `<id>.json` (name, type, size, dates); the id is
// random (128 bits) and is the only thing ever joined to the directory, never a
// name a visitor sent. A file expires `ttlMs` after it was stored; prune() (for
// the scheduler) deletes expired files, and the server answers 410 for them in
// between.
import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, open, opendir, readFile, rename, unlink, writeFile, type FileHandle } from "node:fs/promises";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Clock } from "../clock.js";
import { isFileId } from "./links.js";

/** What the store knows of a file. */
export type StoredFile = {
  /** 22 characters of [A-Za-z0-9_-]. */
  id: string;
  /** The name people see (Content-Disposition), e.g. "Báo cáo tháng 5-2026.xlsx". */
  fileName: string;
  /** MIME type, e.g. "image/png". */
  contentType: string;
  /** Bytes. */
  size: number;
  createdAt: Date;
  expiresAt: Date;
};

export type FileStoreOptions = {
  /** Directory for the files; created when missing. Nothing else should live there. */
  dir: string;
  clock: Clock;
  /** How long a file is kept (ms). Default 7 days. */
  ttlMs?: number;
};

const TYPES: Record<string, string> = {
  png: "image/png",
  svg: "image/svg+xml",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  csv: "text/csv; charset=utf-8",
  pdf: "application/pdf",
  txt: "text/plain; charset=utf-8",
};

/** The MIME type for a file name's extension (the types the bot makes); application/octet-stream otherwise. */
export function contentTypeFor(fileName: string): string {
  const ext = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase();
  return (ext && TYPES[ext]) ?? "application/octet-stream";
}

/**
 * A name safe to show in a Content-Disposition: the last path segment, without
 * control characters, at most 200 characters (the extension kept); "file" when
 * nothing is left.
 */
export function cleanFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  let n = (name.split(/[\\/]/).pop() ?? "").replace(/[\u0000-\u001f\u007f]/g, "").trim();
  if (n === "." || n === "..") n = "";
  if (n.length > 200) {
    const ext = /\.[A-Za-z0-9]{1,8}$/.exec(n)?.[0] ?? "";
    n = n.slice(0, 200 - ext.length) + ext;
  }
  return n || "file";
}

function readMeta(id: string, text: string): StoredFile | null {
  try {
    const o = JSON.parse(text) as Record<string, unknown>;
    const createdAt = new Date(String(o.createdAt));
    const expiresAt = new Date(String(o.expiresAt));
    if (typeof o.fileName !== "string" || typeof o.contentType !== "string" || typeof o.size !== "number") return null;
    if (Number.isNaN(createdAt.getTime()) || Number.isNaN(expiresAt.getTime())) return null;
    return { id, fileName: o.fileName, contentType: o.contentType, size: o.size, createdAt, expiresAt };
  } catch {
    return null;
  }
}

export class FileStore {
  readonly dir: string;
  readonly ttlMs: number;
  private readonly clock: Clock;
  private ready: Promise<void> | undefined;
  /** Ids being written now: prune() leaves their files alone. */
  private readonly writing = new Set<string>();

  constructor(opts: FileStoreOptions) {
    this.dir = opts.dir;
    this.clock = opts.clock;
    this.ttlMs = opts.ttlMs ?? 7 * 24 * 3600_000;
  }

  private async ensureDir(): Promise<void> {
    this.ready ??= mkdir(this.dir, { recursive: true }).then(() => undefined);
    await this.ready;
  }

  private path(id: string, ext: "data" | "json"): string {
    if (!isFileId(id)) throw new RangeError("not a file id"); // ids are ours; a guard, never a visitor's path
    return join(this.dir, `${id}.${ext}`);
  }

  /**
   * Stores a file: the bytes first, then its description, each written to a
   * temporary name and renamed, so that a file is either whole or absent.
   *
   * @param content the bytes, or a stream of them (written as it comes, never held whole).
   * @param meta `fileName` as people should see it; `contentType` (default: from
   *   the extension); `ttlMs` (default the store's).
   */
  async put(content: Uint8Array | Readable, meta: { fileName: string; contentType?: string; ttlMs?: number }): Promise<StoredFile> {
    await this.ensureDir();
    const id = randomBytes(16).toString("base64url");
    const fileName = cleanFileName(meta.fileName);
    const data = this.path(id, "data");
    const json = this.path(id, "json");
    this.writing.add(id);
    try {
      let size: number;
      if (content instanceof Uint8Array) {
        await writeFile(`${data}.tmp`, content);
        size = content.length;
      } else {
        const out = createWriteStream(`${data}.tmp`);
        await pipeline(content, out);
        size = out.bytesWritten;
      }
      const now = this.clock.now();
      const file: StoredFile = {
        id,
        fileName,
        contentType: meta.contentType ?? contentTypeFor(fileName),
        size,
        createdAt: now,
        expiresAt: new Date(now.getTime() + (meta.ttlMs ?? this.ttlMs)),
      };
      await writeFile(`${json}.tmp`, JSON.stringify({ ...file, createdAt: file.createdAt.toISOString(), expiresAt: file.expiresAt.toISOString() }));
      await rename(`${data}.tmp`, data);
      await rename(`${json}.tmp`, json);
      return file;
    } catch (e) {
      await Promise.allSettled([unlink(`${data}.tmp`), unlink(`${json}.tmp`), unlink(data)]);
      throw e;
    } finally {
      this.writing.delete(id);
    }
  }

  /** The description of file `id`, or null when there is none (never stored, pruned, or `id` is not a file id). */
  async get(id: string): Promise<StoredFile | null> {
    if (!isFileId(id)) return null;
    try {
      return readMeta(id, await readFile(this.path(id, "json"), "utf8"));
    } catch {
      return null;
    }
  }

  /**
   * Opens the bytes of file `id` for reading (the caller closes the handle, or
   * the stream made from it); null when they are gone.
   */
  async open(id: string): Promise<{ handle: FileHandle; size: number } | null> {
    if (!isFileId(id)) return null;
    try {
      const handle = await open(this.path(id, "data"), "r");
      const { size } = await handle.stat();
      return { handle, size };
    } catch {
      return null;
    }
  }

  /** Deletes file `id` (bytes, then description). */
  async delete(id: string): Promise<void> {
    if (!isFileId(id)) return;
    await unlink(this.path(id, "data")).catch(() => undefined);
    await unlink(this.path(id, "json")).catch(() => undefined);
  }

  /**
   * Deletes the files expired at the clock's now, and what an interrupted write
   * or deletion left behind (bytes without a description, temporary files) of
   * ids not being written now. Reads the directory as a stream and yields to the
   * event loop every `batch` entries (default 100), so a large directory never
   * holds it. Files of other names are left alone.
   *
   * @returns how many files were deleted (an expired file, a leftover and a
   *   temporary file count one each), and how many were kept.
   */
  async prune(opts: { batch?: number } = {}): Promise<{ deleted: number; kept: number }> {
    await this.ensureDir();
    const batch = opts.batch ?? 100;
    const now = this.clock.now().getTime();
    const handled = new Set<string>(); // ids kept, or deleted with their bytes
    const leftovers = new Set<string>();
    let deleted = 0;
    let kept = 0;
    let seen = 0;
    const dir = await opendir(this.dir);
    for await (const entry of dir) {
      if (++seen % batch === 0) await new Promise<void>((resolve) => setImmediate(resolve));
      const m = /^([A-Za-z0-9_-]{16,64})\.(data|json)(\.tmp)?$/.exec(entry.name);
      if (!m || !entry.isFile()) continue;
      const [, id, ext, tmp] = m as unknown as [string, string, string, string | undefined];
      if (this.writing.has(id)) continue;
      if (tmp) {
        await unlink(join(this.dir, entry.name)).catch(() => undefined);
        deleted++;
        continue;
      }
      if (ext === "data") {
        leftovers.add(id);
        continue;
      }
      const meta = readMeta(id, await readFile(join(this.dir, entry.name), "utf8").catch(() => ""));
      if (meta && meta.expiresAt.getTime() > now) {
        handled.add(id);
        kept++;
      } else {
        await this.delete(id);
        handled.add(id);
        deleted++;
      }
    }
    // Bytes whose description is gone (or was never written) can never be served.
    for (const id of leftovers) {
      if (handled.has(id) || this.writing.has(id)) continue;
      if (await this.get(id)) continue; // described after all (written since the listing began)
      await unlink(this.path(id, "data")).catch(() => undefined);
      deleted++;
    }
    return { deleted, kept };
  }
}
