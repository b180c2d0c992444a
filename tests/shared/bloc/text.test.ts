// How the bot compares text: one folding for every place that compares what people type.
import { describe, expect, it } from "vitest";
import { fold, foldedWords, stripDiacritics } from "../../../src/shared/bloc/text.js";

describe("folding", () => {
  it("drops diacritics and case, đ → d, and splits into words", () => {
    expect(fold("Vốn ĐK (tr USD)")).toBe("von dk (tr usd)");
    expect(stripDiacritics("Tổng hợp Tháng 10 — Đồng")).toBe("Tong hop Thang 10 — Dong");
    expect(foldedWords("  Vốn  đầu-tư (FDI), %")).toEqual(["von", "dau", "tu", "fdi", "%"]);
    expect(foldedWords("fdi_new")).toEqual(["fdi", "new"]);
    // Decomposed input (NFD, as some keyboards send it) folds the same.
    expect(fold("Dự án".normalize("NFD"))).toBe("du an");
    // The look-alike Ð (U+00D0) some keyboards and old fonts produce reads as Đ.
    expect(fold("ÐĂNG KÝ ðầu tư")).toBe("dang ky dau tu");
  });
});
