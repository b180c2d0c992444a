// The secret key that signs file links (links.ts), and where files are kept.
// Decided here (issue 16 item 6):
//  - FILE_LINK_KEY, when set, is the key (32 characters or more, counted as
//    UTF-8 bytes: links.ts's FILE_LINK_KEY_MIN_BYTES). Several processes serving
//    the same PUBLIC_URL must share it.
//  - Otherwise the key is generated once (32 random bytes, base64url) and kept in
//    `file-links.key` next to the database (mode 0600), so links stay good across
//    restarts; deleting that file (or changing FILE_LINK_KEY) makes every link
//    already sent answer 404, nothing worse.
// The key is registered with the log mask at once, so it appears in no log,
// stream or error, and it is never printed.
import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { sqlitePath } from "../db/database-file.js";
import { registerSecretValue } from "../log/secrets.js";
import { FILE_LINK_KEY_MIN_BYTES } from "./links.js";

/** Name of the kept key's file, in the database's folder. */
export const FILE_LINK_KEY_FILE = "file-links.key";

/**
 * The key of the file links: `configured` (FILE_LINK_KEY) when given, else the
 * one kept in `<folder of the database>/file-links.key`, made there (32 random
 * bytes, base64url, mode 0600) when missing or shorter than a key may be.
 *
 * @returns the key (a string of 32 UTF-8 bytes or more) and where it came from.
 * @throws what the file system throws when the kept key can be neither read nor written (the folder is the database's, which exists).
 */
export function fileLinkKey(opts: { configured?: string; databaseUrl: string }): { key: string; source: "config" | "kept" | "generated" } {
  if (opts.configured) {
    registerSecretValue(opts.configured);
    return { key: opts.configured, source: "config" };
  }
  const file = join(dirname(sqlitePath(opts.databaseUrl)), FILE_LINK_KEY_FILE);
  let kept = "";
  try {
    kept = readFileSync(file, "utf8").trim();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  if (Buffer.byteLength(kept, "utf8") >= FILE_LINK_KEY_MIN_BYTES) {
    registerSecretValue(kept);
    return { key: kept, source: "kept" };
  }
  const key = randomBytes(32).toString("base64url");
  registerSecretValue(key);
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${key}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
  return { key, source: "generated" };
}
