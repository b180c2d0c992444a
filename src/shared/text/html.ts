// Everything a user typed, and every name from the database, goes through esc()
// before it is put into an HTML message.
export function esc(text: string | number | null | undefined): string {
  return String(text ?? "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Cuts user text to a length that keeps messages readable. */
export function clip(text: string, max = 200): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

/**
 * Cuts text to at most `max` UTF-16 units (how Telegram counts) without
 * splitting an emoji's surrogate pair.
 */
export function truncateUnits(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--; // do not leave half a pair
  return `${text.slice(0, cut)}…`;
}
