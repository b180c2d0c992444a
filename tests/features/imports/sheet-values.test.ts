// What a spreadsheet cell means: the month in a period column (every form
// people and Excel write), Excel's date serials and error values, blank rows.
import { describe, expect, it } from "vitest";
import { errorValue, isBlankRow, numberText, periodFromSerial, readPeriod, serialToDate, textCell } from "../../../src/features/imports/rules/sheet-values.js";
import { isDateFormatCode } from "../../../src/features/imports/sheets/xlsx.js";

const oct2025 = { ok: true, period: { year: 2025, month: 10 } };

describe("readPeriod", () => {
  it.each([
    "2025-10", "2025/10", "10/2025", "10-2025", "10.2025", " 2025-10 ",
    "Tháng 10/2025", "tháng 10 năm 2025", "THÁNG 10-2025", "T10/2025", "T10-2025", "t10.2025",
    "thg 10 2025", "Thg10-25", "thg 10/25", "Oct-25", "oct 2025", "October 2025", "Oct. 2025",
    "01/10/2025", "1/10/2025", "01-10-2025", "01.10.2025", "10/1/2025", "2025-10-01", "2025-10-01 00:00:00", "01/10/2025 0:00", "01/10/25",
    "45931",
  ])("reads %j as October 2025", (text) => {
    expect(readPeriod(text)).toEqual(oct2025);
  });

  it.each(["15/10/2025", "2025-10-15", "31/10/2025 12:00", "45945"])("refuses %j as a day that is not a month", (text) => {
    expect(readPeriod(text)).toEqual({ ok: false, reason: "date" });
  });

  it.each(["", "2025-13", "13/2025", "10/25", "Tháng 13/2025", "Foo-25", "1999-12", "2101-01", "abc", "31/02/2025", "2025", "12345"])("refuses %j as unreadable", (text) => {
    expect(readPeriod(text)).toEqual({ ok: false, reason: "unreadable" });
  });
});

describe("Excel date serials", () => {
  it("count from 30 December 1899 after the phantom 29 February 1900, or from 1904", () => {
    expect(serialToDate(1)).toEqual({ year: 1900, month: 1, day: 1 });
    expect(serialToDate(59)).toEqual({ year: 1900, month: 2, day: 28 });
    expect(serialToDate(60)).toBeNull();
    expect(serialToDate(61)).toEqual({ year: 1900, month: 3, day: 1 });
    expect(serialToDate(45931)).toEqual({ year: 2025, month: 10, day: 1 });
    expect(serialToDate(45931.75)).toEqual({ year: 2025, month: 10, day: 1 });
    expect(serialToDate(44469, true)).toEqual({ year: 2025, month: 10, day: 1 });
  });

  it("stand for a period only when they fall on a first of a month between 2000 and 2100", () => {
    expect(periodFromSerial(45931)).toEqual(oct2025);
    expect(periodFromSerial(44469, true)).toEqual(oct2025);
    expect(periodFromSerial(45932)).toEqual({ ok: false, reason: "date" });
    expect(periodFromSerial(7)).toEqual({ ok: false, reason: "unreadable" });
    expect(periodFromSerial(2025.1)).toEqual({ ok: false, reason: "unreadable" });
  });
});

describe("cells", () => {
  it("recognises Excel's error values, typed or cached", () => {
    for (const code of ["#DIV/0!", "#N/A", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"]) {
      expect(errorValue(code)).toBe(code);
      expect(textCell(` ${code.toLowerCase()} `)).toEqual({ kind: "error", code });
    }
    expect(errorValue("#1")).toBeNull();
    expect(textCell("N/A")).toEqual({ kind: "text", text: "N/A" });
  });

  it("counts a row of empty cells, spaces or bare separators as blank", () => {
    expect(isBlankRow([])).toBe(true);
    expect(isBlankRow([textCell(""), textCell("  "), { kind: "empty" }])).toBe(true);
    expect(isBlankRow([textCell(""), { kind: "number", value: 0, date: false }])).toBe(false);
  });

  it("writes numbers as a person would type them, never as an ambiguous thousands group", () => {
    expect(numberText(7081.700000000001)).toBe("7081,7");
    expect(numberText(12.345)).toBe("12,3450");
    expect(numberText(40000)).toBe("40000");
    expect(numberText(0.5)).toBe("0,5");
  });
});

describe("number formats", () => {
  it.each([
    ["mm-dd-yy", true], ["[$-42A]mmm\\-yy;@", true], ["d/m/yyyy", true], ["[h]:mm:ss", true], ["yyyy\\-mm", true],
    ["General", false], ["0.00", false], ["#,##0", false], ['#,##0.00" tỷ"', false], ["[Red]0.00;[Blue]-0.00", false], ['0" dự án"', false],
  ])("%j shows a date: %s", (code, date) => {
    expect(isDateFormatCode(code)).toBe(date);
  });
});
