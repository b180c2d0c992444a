// Codes a person types on a phone (issue 16 item 2): an invitation's short code, typed
// to the bot on Zalo (no deep links there) or on Telegram, and the one-time link code
// that joins a second messenger's account to a person.
//
// The alphabet is Crockford's base 32 (https://www.crockford.com/base32.html): the
// digits and the letters without I, L, O and U, so no two of its symbols look alike;
// what is typed is read as Crockford reads it (any case; O as 0, I and L as 1; spaces,
// dashes, dots and underscores ignored, as are quotes around the code). Every code
// holds at least one digit and one letter, so that a word (“HOLIDAYS”) or a number
// typed alone is never taken for one.
//
// Lengths tell the kinds apart: an invitation's code has 10 symbols (50 bits), a link
// code 8 (40 bits, living 15 minutes); with at most 5 wrong codes an hour per sender
// (features/access/use-cases/invites.ts), guessing one is hopeless in practice.
import { randomInt } from "node:crypto";

export const TYPED_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

export type TypedCodeKind = "invite" | "link";

/** Symbols per kind of code. */
export const TYPED_CODE_LENGTH: Record<TypedCodeKind, number> = { invite: 10, link: 8 };

/** A new code of `kind` in canonical form (upper case, no separator): uniform over the alphabet, with at least one digit and one letter. */
export function newTypedCode(kind: TypedCodeKind): string {
  for (;;) {
    let code = "";
    for (let i = 0; i < TYPED_CODE_LENGTH[kind]; i++) code += TYPED_CODE_ALPHABET[randomInt(TYPED_CODE_ALPHABET.length)];
    if (/\d/.test(code) && /[A-Z]/.test(code)) return code;
  }
}

/** A canonical code as shown to people, in groups: "K7M4Q-9TXAB" (invitation), "K7M4-Q9TX" (link). */
export function formatTypedCode(code: string): string {
  const half = Math.ceil(code.length / 2);
  return `${code.slice(0, half)}-${code.slice(half)}`;
}

/**
 * What a typed text holds, read as a code:
 *  - `{ kind, code }`: a code of that kind in canonical form (it may still be wrong);
 *  - `{ kind: "malformed" }`: it looks like a code (7–12 letters and digits, both
 *    present, with separators at most) but has a length or a symbol no code has
 *    (a symbol missed or one too many, a U): a wrong code;
 *  - null: not a code at all (a word, a number, a sentence).
 */
export function readTypedCode(text: string): { kind: TypedCodeKind; code: string } | { kind: "malformed" } | null {
  const bare = text.trim().replace(/^["'“”‘’(<[]+|["'“”‘’)>\].,!]+$/gu, "").replace(/[\s\-‐‑‒–—._]+/gu, "");
  if (!/^[A-Za-z0-9]{7,12}$/.test(bare) || !/\d/.test(bare) || !/[A-Za-z]/.test(bare)) return null;
  const code = bare.toUpperCase().replace(/O/g, "0").replace(/[IL]/g, "1");
  if (![...code].every((ch) => TYPED_CODE_ALPHABET.includes(ch))) return { kind: "malformed" };
  for (const kind of ["invite", "link"] as const) if (code.length === TYPED_CODE_LENGTH[kind]) return { kind, code };
  return { kind: "malformed" };
}
