// The bloc's calendar for officers and awards, and /record's arguments.
import { describe, expect, it } from "vitest";
import { ballotYears, officerYears, parseRecordCommand, reviewedYear, slotKey, parseSlotKey } from "../../../src/features/history/rules.js";

describe("the year a conference reviews", () => {
  it("is this year from July, last year from January to June", () => {
    expect([1, 2, 6, 7, 11, 12].map((m) => reviewedYear(2027, m))).toEqual([2026, 2026, 2026, 2027, 2027, 2027]);
  });

  it("makes last year's officers still the leader's people until June", () => {
    expect(officerYears(2027, 1)).toEqual([2027, 2026]);
    expect(officerYears(2027, 6)).toEqual([2027, 2026]);
    expect(officerYears(2027, 7)).toEqual([2027]);
    expect(officerYears(2026, 12)).toEqual([2026]);
  });
});

describe("the years a ballot may be for, the usual first", () => {
  it.each([
    // [year, month, leader/deputy, award, motion]
    [2026, 12, [2027, 2026], [2026, 2025], [2027, 2026]],
    [2027, 1, [2027, 2028], [2026, 2025], [2027, 2026]],
    [2027, 6, [2027, 2028], [2026, 2025], [2027, 2026]],
    [2027, 7, [2028, 2027], [2027, 2026], [2028, 2027]],
  ])("%i-%i", (year, month, election, award, motion) => {
    expect(ballotYears("leader", year, month)).toEqual(election);
    expect(ballotYears("deputy", year, month)).toEqual(election);
    expect(ballotYears("award", year, month)).toEqual(award);
    expect(ballotYears("motion", year, month)).toEqual(motion);
  });
});

describe("/record's arguments", () => {
  const awards = ["flag", "certificate"];
  const parse = (text: string) => parseRecordCommand(text, awards, 2026);

  it("reads the history, a year, a slot with boards, and a clear", () => {
    expect(parse("")).toEqual({ kind: "history" });
    expect(parse(" 2022 ")).toEqual({ kind: "show", year: 2022 });
    expect(parse("2023 leader HNA")).toEqual({ kind: "set", year: 2023, slot: { kind: "leader" }, boardCodes: ["HNA"] });
    expect(parse("2023 KhoiPho vp")).toEqual({ kind: "set", year: 2023, slot: { kind: "deputy" }, boardCodes: ["vp"] });
    expect(parse("2022 FLAG HP,ND, hp")).toEqual({ kind: "set", year: 2022, slot: { kind: "award", code: "flag" }, boardCodes: ["HP", "ND"] });
    expect(parse("2022 certificate -")).toEqual({ kind: "set", year: 2022, slot: { kind: "award", code: "certificate" }, boardCodes: [] });
    expect(parse("2023 deputy không")).toEqual({ kind: "set", year: 2023, slot: { kind: "deputy" }, boardCodes: ["không"] });
  });

  it("refuses what it cannot read", () => {
    expect(parse("last year")).toEqual({ error: "usage" });
    expect(parse("2023 leader")).toEqual({ error: "usage" });
    expect(parse("1999")).toEqual({ error: "year", min: 2000, max: 2027 });
    expect(parse("2028 deputy VP")).toEqual({ error: "year", min: 2000, max: 2027 });
    expect(parse("2027 flag HP")).toEqual({ error: "year", min: 2000, max: 2026 });
    expect(parse("2023 boss HP")).toEqual({ error: "slot", slot: "boss" });
    expect(parse("2023 leader HP VP")).toEqual({ error: "one_board" });
    expect(parse(`2022 flag ${Array.from({ length: 13 }, (_, i) => `B${i}`).join(" ")}`)).toEqual({ error: "too_many", max: 12 });
  });

  it("stores slots as keys and reads them back, refusing anything else", () => {
    for (const s of [{ kind: "leader" }, { kind: "deputy" }, { kind: "award", code: "flag" }] as const) expect(parseSlotKey(slotKey(s))).toEqual(s);
    expect(parseSlotKey("award:")).toBeNull();
    expect(parseSlotKey("treasurer")).toBeNull();
  });
});
