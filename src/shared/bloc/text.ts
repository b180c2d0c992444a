// Text as the bot compares it: Vietnamese written with or without its diacritics,
// in any case, is the same text. The one place that says how ("Đồng" = "dong").

/**
 * The text without diacritics, case kept: "Tổng hợp Tháng 10" → "Tong hop Thang 10",
 * "Đ" → "D", "đ" → "d" (also the look-alike "Ð"/"ð" some keyboards and old fonts
 * produce). Letters of other scripts lose their combining marks too.
 */
export function stripDiacritics(s: string): string {
  return s.normalize("NFD").replace(/\p{M}/gu, "").replace(/[đð]/g, "d").replace(/[ĐÐ]/g, "D");
}

/**
 * How the bot compares what people type: no diacritics, lower case; every other
 * character stays where it was ("Vốn ĐK (tr USD)" → "von dk (tr usd)"). The folded
 * text can be longer than the original (NFD), never shorter than its letters.
 */
export function fold(s: string): string {
  return stripDiacritics(s).toLowerCase();
}

/**
 * The folded words of a text: runs of letters and digits, and "%" on its own;
 * everything else separates ("Vốn đầu-tư (FDI), %" → ["von", "dau", "tu", "fdi", "%"],
 * "fdi_new" → ["fdi", "new"]).
 */
export function foldedWords(s: string): string[] {
  return fold(s).match(/[\p{L}\p{N}]+|%/gu) ?? [];
}
