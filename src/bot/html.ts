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
