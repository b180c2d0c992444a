// Pictures the outbound port sends on Zalo, stored once and linked many times.
// Zalo takes a picture only by a public URL (shared/notes/zalo.md §3): the bytes
// are kept in the file store and each recipient gets a signed, expiring link
// (shared/files/links.ts). One picture often goes to many people at once (a
// summary's chart, drawn once per language, to each focal person and head who
// reads its private copy on Zalo): stored per recipient, it was N copies of the
// same file. Here a picture is known by its content (SHA-256 of its file name and
// bytes), so the same picture, whoever sends it, is stored once while its file has
// a fair life left, and every link to it names that one file.
//
// No table refers to these files: they go as every stored file goes, when they
// expire (FileStore.prune, the housekeeping job). What is remembered here is each
// file's id and expiry (never the bytes), forgotten once the file has less than
// half the store's time to live left: a link sent after that is to a new file, so
// no link is sent good for less than that.
import { createHash } from "node:crypto";
import type { Clock } from "../../shared/clock.js";
import { fileLinkUrl, signFileLink } from "../../shared/files/links.js";
import type { StoredFile } from "../../shared/files/store.js";
import type { OutboundPicture } from "../../shared/messaging/outbound.js";
import type { ZaloFiles } from "./bot-api.js";

type Entry = { file: Promise<StoredFile>; expiresAt?: number };

export class PictureLinks {
  /** By content key; an entry in flight (being stored) has no expiresAt yet. */
  private readonly stored = new Map<string, Entry>();
  /** The shortest life (ms) a link is sent with: half the store's time to live. */
  private readonly minLinkLifeMs: number;

  constructor(
    private readonly files: ZaloFiles,
    private readonly clock: Clock,
  ) {
    this.minLinkLifeMs = files.store.ttlMs / 2;
  }

  /**
   * A signed link under PUBLIC_URL/files/ to `picture`: the file stored for the
   * same picture (same file name and bytes) while it has at least half the store's
   * time to live left, else stored now. Concurrent calls for one picture share one
   * write.
   *
   * @throws what FileStore.put throws (the disk); a failed write is not remembered.
   */
  async link(picture: OutboundPicture): Promise<string> {
    const now = this.clock.now().getTime();
    this.forgetShortLived(now);
    const key = createHash("sha256").update(picture.fileName).update("\0").update(picture.png).digest("base64url");
    let entry = this.stored.get(key);
    if (!entry) {
      const made: Entry = { file: this.files.store.put(picture.png, { fileName: picture.fileName }) };
      made.file.then(
        (f) => (made.expiresAt = f.expiresAt.getTime()),
        () => this.stored.get(key) === made && this.stored.delete(key),
      );
      this.stored.set(key, made);
      entry = made;
    }
    const file = await entry.file;
    return fileLinkUrl(this.files.publicUrl, signFileLink(this.files.key, file.id, file.expiresAt));
  }

  private forgetShortLived(now: number): void {
    for (const [key, e] of this.stored) if (e.expiresAt !== undefined && e.expiresAt - now < this.minLinkLifeMs) this.stored.delete(key);
  }
}
