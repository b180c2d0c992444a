// The splitter of long texts (src/shared/text/split.ts), judged by Telegram's own
// rules as the fake applies them (tests/harness/telegram-rules.ts): every part
// is accepted, nothing is lost, reordered or unformatted, lines stay whole
// where they can.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitText, visibleLength, visibleText } from "../../../src/shared/text/split.js";
import { parseHtml, payloadRefusal } from "../../harness/telegram-rules.js";

/** Each visible non-blank character with the formatting around it, as Telegram parses it. */
function styledChars(html: string): string[] {
  const r = parseHtml(html);
  if (!r.ok) throw new Error(`${r.error} in ${JSON.stringify(html)}`);
  const units = [...r.value.text];
  const out: string[] = [];
  let offset = 0;
  for (const ch of units) {
    const styles = r.value.entities.filter((e) => e.offset <= offset && offset < e.offset + e.length).map((e) => e.type + (e.argument ?? "")).sort();
    if (ch.trim() !== "") out.push(`${ch}|${styles.join(",")}`);
    offset += ch.length;
  }
  return out;
}

const word = fc.stringMatching(/^[a-zA-Zàáạảãâầấậẩẫăằắặẳẵđèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹ0-9.,:%()-]{1,14}$/);
const emoji = fc.constantFrom("😀", "🇻🇳", "👍🏽", "👨‍👩‍👧", "⚠️", "✅");
const escaped = fc.constantFrom("&amp;", "&lt;", "&gt;", "&quot;", "&#128512;", "&#x1F600;", "&#39;");
const piece = fc.oneof({ weight: 8, arbitrary: word }, { weight: 1, arbitrary: emoji }, { weight: 1, arbitrary: escaped });
const plainLine = fc.array(piece, { minLength: 0, maxLength: 30 }).map((ws) => ws.join(" "));
/** A line with formatting, as the bot writes them: bold values, italic hints, code, a link. */
const styledLine = fc.tuple(plainLine, fc.constantFrom("b", "i", "code", "u", "s"), plainLine, plainLine).map(([a, tag, b, c]) => `${a} <${tag}>${b}</${tag}> ${c}`);
const line = fc.oneof(plainLine, styledLine, plainLine.map((l) => `    <i>${l}</i>`), fc.constant(""));
const htmlText = fc.oneof(
  fc.array(line, { minLength: 1, maxLength: 80 }).map((ls) => ls.join("\n")),
  // A preformatted table spanning many lines, inside a bold title's paragraph.
  fc.tuple(fc.array(line, { maxLength: 10 }), fc.array(plainLine, { minLength: 1, maxLength: 60 })).map(([head, rows]) => `${head.join("\n")}\n<pre>${rows.join("\n")}</pre>\n<i>end</i>`),
  // One very long line with nested formatting.
  fc.array(fc.oneof(word, escaped, emoji), { minLength: 200, maxLength: 900 }).map((ws) => `<b>${ws.slice(0, 100).join(" ")} <i>${ws.slice(100).join(" ")}</i></b>`),
);

describe("splitText, HTML", () => {
  it("leaves a text that fits as it is, and gives nothing for a blank one", () => {
    expect(splitText("<b>Báo cáo</b> tháng 10/2026", { limit: 4096, html: true })).toEqual(["<b>Báo cáo</b> tháng 10/2026"]);
    expect(splitText(" \n <b> </b>\n", { limit: 10, html: true })).toEqual([]);
  });

  it("counts the text Telegram counts: tags are free, a reference is one character, an emoji outside the BMP two", () => {
    expect(visibleLength("<b>a&amp;b</b> &lt;&#128512;")).toBe("a&b <😀".length);
    expect(visibleLength("Lan & co &nbsp;")).toBe("Lan & co &nbsp;".length); // Telegram leaves these "&" as they are
    expect(visibleText("<i>x &gt; y</i>")).toBe("x > y");
    // Only &lt; &gt; &amp; &quot; are named references to Telegram; any other name is text, whatever an object's prototype holds.
    expect(visibleLength("&constructor; &toString &lt")).toBe("&constructor; &toString <".length);
    expect(visibleText("Lan & co &amp; &hasOwnProperty;")).toBe("Lan & co & &hasOwnProperty;");
  });

  it("every part is one Telegram accepts, within the limit; nothing is lost, reordered or loses its formatting", () => {
    fc.assert(
      fc.property(htmlText, fc.integer({ min: 40, max: 600 }), fc.option(fc.integer({ min: 3, max: 20 }), { nil: undefined }), (text, limit, maxEntities) => {
        const parts = splitText(text, { limit, html: true, maxEntities });
        for (const part of parts) {
          expect(payloadRefusal("sendMessage", { chat_id: 1, text: part, parse_mode: "HTML" })).toBeNull();
          expect(visibleLength(part)).toBeLessThanOrEqual(limit);
          const r = parseHtml(part);
          if (r.ok && maxEntities !== undefined) expect(r.value.entities.length).toBeLessThanOrEqual(maxEntities);
          expect(/\p{Cs}/u.test(part)).toBe(false);
        }
        expect(parts.flatMap(styledChars)).toEqual(styledChars(text));
      }),
      { numRuns: 300 },
    );
  });

  it("keeps lines whole when each fits, and an indented line with the line above it", () => {
    const items = Array.from({ length: 60 }, (_, i) => `${i + 1}. Chỉ tiêu số ${i + 1} có tên rất dài: <b>${i * 1000},5</b> triệu USD\n    <i>tháng trước: ${i},1 · cùng kỳ: ${i},2</i>`);
    const text = ["<b>Báo cáo tháng 10/2026</b>", "", ...items, "", "Anh/Chị kiểm tra rồi bấm “Gửi”."].join("\n");
    const parts = splitText(text, { limit: 1000, html: true });
    expect(parts.length).toBeGreaterThan(4);
    const lines = new Set(text.split("\n"));
    for (const part of parts) {
      for (const l of part.split("\n")) expect(lines.has(l)).toBe(true);
      // No part starts with a hint line: hints stay under their item.
      expect(part.startsWith("    ")).toBe(false);
    }
    expect(parts.join("\n").replace(/\n+/g, "\n")).toBe(text.replace(/\n+/g, "\n"));
  });

  it("breaks a list written on one line between its items, not inside a name", () => {
    const names = Array.from({ length: 97 }, (_, i) => `Ban QL KCN &amp; KKT Đông Bắc &lt;số ${i}&gt;`);
    const text = `<b>Tình hình nộp báo cáo</b>\nChưa nộp: ${names.join(", ")}.`;
    const parts = splitText(text, { limit: 1000, html: true });
    expect(parts.length).toBeGreaterThan(2);
    for (const p of parts.slice(0, -1)) expect(p).toMatch(/&gt;,$/);
    expect(parts.join(" ")).toBe(text.replace("\n", "\n"));
  });

  it("closes an element open at a break and opens it again in the next part", () => {
    const rows = Array.from({ length: 40 }, (_, i) => `Ban ${String(i).padStart(2, "0")}      ${i * 7}`);
    const parts = splitText(`<b>Bảng</b>\n<pre>${rows.join("\n")}</pre>`, { limit: 200, html: true });
    expect(parts.length).toBeGreaterThan(3);
    for (const p of parts.slice(1)) expect(p).toMatch(/^<pre>[\s\S]*<\/pre>$/);
    expect(parts[0]).toMatch(/^<b>Bảng<\/b>\n<pre>[\s\S]*<\/pre>$/);
  });

  it("cuts an over-long line at a space, never inside a tag, a reference or an emoji", () => {
    const long = `<a href="https://example.com/?a=1&amp;b=2">${"từ &amp; 😀 ".repeat(300).trim()}</a>`;
    const parts = splitText(long, { limit: 101, html: true });
    for (const p of parts) {
      expect(p).toMatch(/^<a href="https:\/\/example\.com\/\?a=1&amp;b=2">[\s\S]*<\/a>$/);
      expect(visibleLength(p)).toBeLessThanOrEqual(101);
      expect(visibleText(p)).not.toMatch(/^\s|\s$/);
    }
    const noSpaces = "😀".repeat(100);
    for (const p of splitText(noSpaces, { limit: 7 })) expect([...p].every((c) => c === "😀")).toBe(true);
  });

  it("caps the formatting elements of a part", () => {
    const text = Array.from({ length: 250 }, (_, i) => `<b>${i}</b>`).join("\n");
    const parts = splitText(text, { limit: 4096, html: true, maxEntities: 100 });
    expect(parts).toHaveLength(3);
    for (const p of parts) expect((p.match(/<b>/g) ?? []).length).toBeLessThanOrEqual(100);
  });
});

describe("splitText, plain text (Zalo: 2,000 characters, no formatting)", () => {
  it("treats < and & as text and splits at lines", () => {
    const text = Array.from({ length: 100 }, (_, i) => `Dòng ${i} <b> & co`).join("\n");
    const parts = splitText(text, { limit: 2000 });
    expect(parts.length).toBe(1);
    const small = splitText(text, { limit: 100 });
    for (const p of small) {
      expect(p.length).toBeLessThanOrEqual(100);
      for (const l of p.split("\n")) expect(l).toMatch(/^Dòng \d+ <b> & co$/);
    }
    expect(small.join("\n")).toBe(text);
  });

  it("refuses a limit an emoji cannot fit in", () => {
    expect(() => splitText("x", { limit: 1 })).toThrow(RangeError);
  });
});
