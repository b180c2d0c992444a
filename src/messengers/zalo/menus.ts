// Menus answered by a reference on Zalo. Zalo has no buttons: a menu is numbered
// lines, and a bare number answers the chat's latest menu only (updates.ts). A
// menu that must stay answerable after later ones (an open ballot's private copy,
// while another ballot or a report's question comes after it) carries a
// reference, one to three letters and a number ("B3"), given by the composition
// (ZaloBotApiOptions.menuReference: the ballots say "B" and the ballot's number),
// and is answered by the reference and then the number or the words of a choice:
// "B3 2", "b3 2", "B3.2", "B 3: Hà Nam". The adapter says so under the menu's
// lines (locales: zalo-menu-reference). The chat keeps the latest menu of each
// reference (ids.ts, ZaloMenuRef).

/** A reference as the registry stores it: one to three upper-case Latin letters, then 1–9 digits. */
const REFERENCE = /^[A-Z]{1,3}[1-9]\d{0,8}$/;

/**
 * The reference as stored ("B3"), from what the composition's `menuReference`
 * gave (any case, spaces ignored); null when it is not of the form (a
 * programming error the adapter ignores: the menu is then answered as the latest
 * only).
 */
export function normalReference(ref: string | null | undefined): string | null {
  if (typeof ref !== "string") return null;
  const r = ref.replace(/\s+/g, "").toUpperCase();
  return REFERENCE.test(r) ? r : null;
}

/**
 * A text typed as a reference and an answer: "B3 2", "b3 2", "B3.2", "B3-2",
 * "B 3: Hà Nam", "B3 số 2" → `{ ref: "B3", answer: "2" | "Hà Nam" | "số 2" }`;
 * null for anything else (a reference alone, "B32", a command). The separator
 * between the reference's number and the answer is required, so "B32" is never
 * read as "B3 2".
 */
export function referencedAnswer(text: string): { ref: string; answer: string } | null {
  if (text.trimStart().startsWith("/")) return null;
  const m = /^\s*([A-Za-z]{1,3})\s*([1-9]\d{0,8})\s*[\s.:,)\-–]\s*(\S[\s\S]*?)\s*$/.exec(text);
  if (!m) return null;
  return { ref: `${m[1]!.toUpperCase()}${m[2]}`, answer: m[3]! };
}
