// Signed, expiring links to the files the bot made (charts, spreadsheets,
// reports), for messengers that take a URL instead of an upload: Zalo's
// sendPhoto downloads the image from a public URL, and it has no documents at all
// (shared/notes/zalo.md §3, §5). Pure functions: no clock, no disk.
//
// A link's token is `<fileId>.<expires>.<signature>`:
//  - fileId: the store's random id, 16–64 characters of [A-Za-z0-9_-] (never a
//    path: nothing a visitor sends is ever joined to a directory);
//  - expires: epoch seconds, decimal;
//  - signature: HMAC-SHA256 (RFC 2104) with the server's secret key over the
//    domain tag, fileId and expires, base64url without padding (43 characters).
// Whoever holds a link may fetch the file until it expires; without the key no
// one can make one, change its file or push its expiry (the signature covers
// both), and a token is compared in constant time.
import { createHmac, timingSafeEqual } from "node:crypto";

/** Shortest key: 32 bytes, the hash's output length (RFC 2104 §3: keys shorter than that are "strongly discouraged"). */
export const FILE_LINK_KEY_MIN_BYTES = 32;

const FILE_ID_RE = /^[A-Za-z0-9_-]{16,64}$/;
const TOKEN_RE = /^([A-Za-z0-9_-]{16,64})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/;
const MAX_TOKEN_LENGTH = 64 + 1 + 12 + 1 + 43;

/** Whether `id` can be a file id (the store makes ids of this shape). */
export function isFileId(id: string): boolean {
  return FILE_ID_RE.test(id);
}

function keyBytes(key: Uint8Array | string): Uint8Array {
  const bytes = typeof key === "string" ? Buffer.from(key, "utf8") : key;
  if (bytes.length < FILE_LINK_KEY_MIN_BYTES) throw new RangeError(`file link key: at least ${FILE_LINK_KEY_MIN_BYTES} bytes`);
  return bytes;
}

function signature(key: Uint8Array, fileId: string, expires: string): string {
  return createHmac("sha256", key).update(`khoi-bot file link v1\n${fileId}\n${expires}`).digest("base64url");
}

/**
 * Makes the token of a link to `fileId` that is good until `expiresAt` (rounded
 * down to the second).
 *
 * @param key the secret key, 32 bytes or more (a string counts its UTF-8 bytes).
 * @throws RangeError when the key is too short, the id is not a file id, or the expiry is not after 1970.
 */
export function signFileLink(key: Uint8Array | string, fileId: string, expiresAt: Date): string {
  const k = keyBytes(key);
  if (!isFileId(fileId)) throw new RangeError("file link: not a file id");
  const seconds = Math.floor(expiresAt.getTime() / 1000);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds >= 1e12) throw new RangeError("file link: expiry out of range");
  const expires = String(seconds);
  return `${fileId}.${expires}.${signature(k, fileId, expires)}`;
}

/**
 * What a token is worth at `now`. "invalid" covers every way a token can be
 * wrong (malformed, another key, any part altered) without telling which;
 * "expired" is told only for a token this key signed.
 */
export type FileLinkCheck = { ok: true; fileId: string; expiresAt: Date } | { ok: false; reason: "invalid" | "expired" };

/**
 * Checks a token made by signFileLink with the same key.
 *
 * @param token as taken from the URL path (any string; checked before anything else is done with it).
 * @param now the link is expired from its expiry second on.
 * @throws RangeError when the key is too short (a configuration error, not the visitor's).
 */
export function verifyFileLink(key: Uint8Array | string, token: string, now: Date): FileLinkCheck {
  const k = keyBytes(key);
  if (typeof token !== "string" || token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: "invalid" };
  const m = TOKEN_RE.exec(token);
  if (!m) return { ok: false, reason: "invalid" };
  const [, fileId, expires, given] = m as unknown as [string, string, string, string];
  // Compared as text, not as decoded bytes: base64url's last character carries
  // 2 unused bits, and a link with them changed is an altered link.
  const expected = signature(k, fileId, expires);
  if (!timingSafeEqual(Buffer.from(given, "ascii"), Buffer.from(expected, "ascii"))) return { ok: false, reason: "invalid" };
  const expiresAt = new Date(Number(expires) * 1000);
  if (now.getTime() >= expiresAt.getTime()) return { ok: false, reason: "expired" };
  return { ok: true, fileId, expiresAt };
}

/** The public URL of a link: `${publicUrl}/files/${token}` (a trailing "/" of publicUrl dropped). */
export function fileLinkUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, "")}/files/${token}`;
}
