// Signed file links on their own: valid, expired, altered in any part, signed
// with another key, malformed, and ids that try to be paths.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fileLinkUrl, FILE_LINK_KEY_MIN_BYTES, signFileLink, verifyFileLink } from "../../../src/shared/files/links.js";

const KEY = Buffer.alloc(32, 7);
const OTHER_KEY = Buffer.alloc(32, 8);
const ID = "AbCdEfGhIjKlMnOpQrStUv"; // 22 characters, as the store makes them
const NOW = new Date("2026-05-12T03:00:00.000Z");
const LATER = new Date("2026-05-19T03:00:00.000Z");

describe("file links", () => {
  it("verifies a link it signed, until it expires", () => {
    const token = signFileLink(KEY, ID, LATER);
    expect(token).toMatch(/^[A-Za-z0-9_-]{22}\.\d+\.[A-Za-z0-9_-]{43}$/);
    expect(verifyFileLink(KEY, token, NOW)).toEqual({ ok: true, fileId: ID, expiresAt: LATER });
    expect(verifyFileLink(KEY, token, new Date(LATER.getTime() - 1))).toMatchObject({ ok: true });
    expect(verifyFileLink(KEY, token, LATER)).toEqual({ ok: false, reason: "expired" });
    expect(verifyFileLink(KEY, token, new Date(LATER.getTime() + 86_400_000))).toEqual({ ok: false, reason: "expired" });
  });

  it("takes a string key by its UTF-8 bytes, and refuses keys shorter than 32 bytes", () => {
    const s = "k".repeat(32);
    expect(verifyFileLink(Buffer.from(s), signFileLink(s, ID, LATER), NOW)).toMatchObject({ ok: true });
    expect(FILE_LINK_KEY_MIN_BYTES).toBe(32);
    expect(() => signFileLink(Buffer.alloc(31), ID, LATER)).toThrow(RangeError);
    expect(() => verifyFileLink("short", "x", NOW)).toThrow(RangeError);
  });

  it("refuses a link signed with another key, as invalid (not as expired, even when it is)", () => {
    const token = signFileLink(OTHER_KEY, ID, LATER);
    expect(verifyFileLink(KEY, token, NOW)).toEqual({ ok: false, reason: "invalid" });
    expect(verifyFileLink(KEY, token, new Date(LATER.getTime() + 1000))).toEqual({ ok: false, reason: "invalid" });
  });

  it("refuses any altered character, in the id, the expiry or the signature, without saying which", () => {
    const token = signFileLink(KEY, ID, LATER);
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (let i = 0; i < token.length; i++) {
      if (token[i] === ".") continue;
      const digits = /\d/.test(token[i]!) && token.indexOf(".") < i && i < token.lastIndexOf(".");
      const choices = digits ? "0123456789" : alphabet;
      for (const c of choices) {
        if (c === token[i]) continue;
        const altered = token.slice(0, i) + c + token.slice(i + 1);
        expect(verifyFileLink(KEY, altered, NOW)).toEqual({ ok: false, reason: "invalid" });
      }
    }
    // A pushed expiry (later, so not expired) is an altered link too.
    const [id, , sig] = token.split(".");
    expect(verifyFileLink(KEY, `${id}.${Math.floor(LATER.getTime() / 1000) + 3600}.${sig}`, NOW)).toEqual({ ok: false, reason: "invalid" });
  });

  it("refuses malformed tokens and path traversal attempts", () => {
    const token = signFileLink(KEY, ID, LATER);
    const [, exp, sig] = token.split(".");
    for (const bad of [
      "",
      ".",
      "..",
      `../${token}`,
      `${token}/`,
      `${token}.`,
      `.${token}`,
      `${token}=`,
      token.replace(/\./g, "/"),
      `../../etc/passwd.${exp}.${sig}`,
      `..%2F..%2Fetc%2Fpasswd.${exp}.${sig}`,
      `${ID}.${exp}.${sig}${sig}`,
      `${ID}.${exp}.${sig!.slice(0, 42)}`,
      `${ID}.-1.${sig}`,
      `${ID}.${exp}0000000000.${sig}`,
      "x".repeat(100_000),
      token.toUpperCase(),
      `${ID} .${exp}.${sig}`,
    ]) {
      expect(verifyFileLink(KEY, bad, NOW)).toEqual({ ok: false, reason: "invalid" });
    }
  });

  it("never signs an id that is not a file id (a path, too short, too long)", () => {
    for (const id of ["../../etc/passwd", "a/b", "short", "x".repeat(65), "abc.def.ghijklmnopqrst", "AbCdEfGhIjKlMnOp%2F"]) {
      expect(() => signFileLink(KEY, id, LATER)).toThrow(RangeError);
    }
    expect(() => signFileLink(KEY, ID, new Date(0))).toThrow(RangeError);
    expect(() => signFileLink(KEY, ID, new Date(Number.NaN))).toThrow(RangeError);
  });

  it("finds nothing valid among random tokens", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        expect(verifyFileLink(KEY, s, NOW).ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it("makes the public URL under /files/", () => {
    expect(fileLinkUrl("https://bot.example.org/", "t.1.s")).toBe("https://bot.example.org/files/t.1.s");
    expect(fileLinkUrl("https://bot.example.org/khoi", "t.1.s")).toBe("https://bot.example.org/khoi/files/t.1.s");
  });
});
