import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BlocFileError, parseBlocFile } from "../../src/domain/bloc-file.js";

const example = readFileSync("config/bloc.example.yaml", "utf8");

function errorOf(source: string): string {
  try {
    parseBlocFile(source, "bloc.yaml");
  } catch (e) {
    expect(e).toBeInstanceOf(BlocFileError);
    return (e as Error).message;
  }
  throw new Error("expected an error");
}

describe("bloc file", () => {
  it("the example holds the 2022 roster and catalogue", () => {
    const f = parseBlocFile(example);
    expect(f.boards).toHaveLength(11);
    expect(f.boards.map((b) => b.shortName)).toContain("Thái Bình");
    expect(f.indicators.map((i) => i.code)).toEqual([
      "fdi_new", "ddi_new", "fdi_adjust", "ddi_adjust", "fdi_capital", "ddi_capital",
      "fdi_revenue", "ddi_revenue", "fdi_budget", "ddi_budget", "workers", "zones_operating",
    ]);
    expect(f.indicators.find((i) => i.code === "workers")).toMatchObject({ kind: "stock", valueType: "integer", decimals: 0 });
    expect(f.awards.map((a) => a.code)).toEqual(["flag", "certificate"]);
    expect(f.schedule.deadline).toEqual({ daysAfterEnd: 5, time: "17:00" });
  });

  it("accepts JSON too", () => {
    const f = parseBlocFile(JSON.stringify({
      bloc: { name: "B" },
      boards: [{ code: "A", name: "Board A", shortName: "A" }],
      indicators: [{ code: "x", nameVi: "X", nameEn: "X", unit: "projects", kind: "flow", valueType: "integer" }],
      schedule: {},
    }));
    expect(f.boards[0]?.code).toBe("A");
    expect(f.schedule.period).toEqual({ cut: "calendar" });
  });

  it.each([
    [example.replace("unit: usd_million", "unit: dollars"), /indicators\[4\]\.unit must be one of/],
    [example.replace("kind: stock", "kind: level"), /indicators\[10\]\.kind/],
    [example.replace("{ code: QN,", "{ code: HP,"), /boards\[2\]\.code duplicate board code "HP"/],
    [example.replace('time: "17:00"', 'time: "25:00"'), /schedule\.deadline\.time must be a time HH:MM/],
    [example.replace(/^bloc:\n(?: {2}.*\n)+/m, ""), /bloc is missing/],
    [example.replace("secretMinTurnout: 3", "secretMinTurnout: 1"), /ballots\.secretMinTurnout must be at least 2/],
    ["boards: [\n  - nope: [", /not valid YAML or JSON/],
    [example.replace("max: 500\n", "min: 10\n    max: 5\n"), /indicators\[0\]\.max min must not exceed max/],
  ])("names the field that is wrong (%#)", (source, message) => {
    expect(errorOf(source)).toMatch(message);
  });
});
