// Invite codes: 128 random bits in base64url (22 characters), which fits the
// 64-character limit of Telegram's /start payload and cannot be guessed.
import { randomBytes } from "node:crypto";

export const INVITE_TTL_DAYS = 7;

export function newInviteCode(): string {
  return randomBytes(16).toString("base64url");
}

export function looksLikeInviteCode(s: string): boolean {
  return /^[A-Za-z0-9_-]{22}$/.test(s);
}

export function newReference(prefix: string, bytes = 4): string {
  // Crockford-style alphabet: no 0/O or 1/I confusion when read aloud.
  const alphabet = "ABCDEFGHJKMNPQRSTVWXYZ23456789";
  const raw = randomBytes(bytes * 2);
  let out = "";
  for (let i = 0; i < bytes * 2; i++) out += alphabet[raw[i]! % alphabet.length];
  return `${prefix}-${out}`;
}
