import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { BlocFileError, parseBlocFile, readBlocFile } from "../../../src/shared/bloc/bloc-file.js";
import { UNITS } from "../../../src/shared/bloc/units.js";

const example = readFileSync("config/bloc.example.yaml", "utf8");

function errorOf(source: string, name = "bloc.yaml"): string {
  try {
    parseBlocFile(source, name);
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
    expect(f.schedule.deadline).toEqual({ daysAfterEnd: 5, time: "17:00", onDayOff: "next" });
    expect(f.schedule.daysOff).toMatchObject({ weekends: ["sat", "sun"], quiet: true, move: "earlier" });
    expect(f.schedule.daysOff.holidays).toEqual(expect.arrayContaining(["2027-02-05", "2027-02-11", "2028-01-26"]));
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
    [example.replace("unit: usd_million", "unit: dollars"), /indicators\[5\]\.unit must be one of/],
    [example.replace("kind: stock", "kind: level"), /indicators\[11\]\.kind/],
    [example.replace("{ code: QN,", "{ code: HP,"), /boards\[3\]\.code duplicate board code "HP"/],
    [example.replace('time: "17:00"', 'time: "25:00"'), /schedule\.deadline\.time must be a time HH:MM/],
    [example.replace(/^bloc:\n(?: {2}.*\n)+/m, ""), /bloc is missing/],
    [example.replace("secretMinTurnout: 3", "secretMinTurnout: 1"), /ballots\.secretMinTurnout must be at least 2/],
    ["boards: [\n  - nope: [", /not valid YAML or JSON/],
    [example.replace("max: 500\n", "min: 10\n    max: 5\n"), /indicators\[1\]\.max min must not exceed max/],
  ])("names the field that is wrong, counting list positions from 1 (%#)", (source, message) => {
    expect(errorOf(source)).toMatch(message);
  });
});

/** The 1-based number of the line of `source` that contains `text` (the first such line). */
function lineOf(source: string, text: string): number {
  const i = source.split("\n").findIndex((l) => l.includes(text));
  if (i < 0) throw new Error(`no line contains ${text}`);
  return i + 1;
}

describe("bloc file errors say where", () => {
  it("a wrong field: the file, the line of its key, and its list position from 1", () => {
    const source = example.replace("unit: usd_million", "unit: dollars");
    // The fifth indicator in the example is fdi_capital, the first with unit usd_million.
    const fifth = (parseYaml(example) as { indicators: { code: string }[] }).indicators[4]!.code;
    expect(fifth).toBe("fdi_capital");
    expect(errorOf(source, "config/bloc.yaml")).toBe(
      `config/bloc.yaml:${lineOf(source, "unit: dollars")}: indicators[5].unit must be one of: ${Object.keys(UNITS).join(", ")}`,
    );
  });

  it("several problems: one line each, in the order of the file, list positions from 1", () => {
    const source = example.replace("kind: stock", "kind: level").replace("{ code: QN,", "{ code: HP,");
    expect(errorOf(source, "bloc.yaml").split("\n")).toEqual([
      `bloc.yaml:${lineOf(source, "{ code: HP,  shortName: Quảng Ninh")}: boards[3].code duplicate board code "HP"`,
      expect.stringMatching(new RegExp(`^bloc\\.yaml:${lineOf(source, "kind: level")}: indicators\\[11\\]\\.kind `)),
    ]);
  });

  it("a missing field points at its section; a nested list position counts from 1 too", () => {
    const source = example.replace(/^( {2}- code: ddi_new\n)(?: {4}nameVi: .*\n)/m, "$1");
    expect(source).not.toBe(example);
    expect(errorOf(source, "bloc.yaml")).toBe(`bloc.yaml:${lineOf(source, "- code: ddi_new")}: indicators[2].nameVi is missing`);
    const reminders = example.replace(/(reminders:\n(?:.*\n)*?.*)time: "\d\d:\d\d"/, '$1time: "7h"');
    expect(reminders).not.toBe(example);
    expect(errorOf(reminders, "bloc.yaml")).toMatch(new RegExp(`^bloc\\.yaml:${lineOf(reminders, '"7h"')}: schedule\\.reminders\\[1\\]\\.time must be a time HH:MM`));
  });

  it("JSON: the line of the field, as in YAML", () => {
    const json = JSON.stringify({ bloc: { name: "B" }, boards: [{ code: "A", name: "A", shortName: "A" }, { code: "B", name: "B", shortName: "B", status: "gone" }], indicators: [{ code: "x", nameVi: "X", nameEn: "X", unit: "projects", kind: "flow", valueType: "integer" }], schedule: {} }, null, 2);
    expect(errorOf(json, "bloc.json")).toMatch(new RegExp(`^bloc\\.json:${lineOf(json, '"gone"')}: boards\\[2\\]\\.status `));
  });

  it.each([
    ["a mapping item out of line", "bloc:\n  name: B\n boards: []\n", 3, 1],
    ["a key written twice", "bloc:\n  name: B\nbloc:\n  name: C\n", 3, 1],
    ["an unclosed list", "bloc: { name: B }\nboards: [\n  - nope: [", 3, 3],
    ["a quote never closed", 'bloc:\n  name: "B\n', 3, 1],
    ["an alias to no anchor", "bloc:\n  name: *nowhere\n", 2, 9],
    ["JSON with a stray comma", '{\n  "bloc": { "name": "B" },,\n  "boards": []\n}', 2, 27],
  ])("YAML syntax: %s is reported with its line and column from 1", (_what, source, line, col) => {
    const message = errorOf(source, "bloc.yaml");
    expect(message).toMatch(new RegExp(`^bloc\\.yaml:${line}:${col}: not valid YAML or JSON: \\S`));
    expect(message).not.toContain("\n");
  });

  it("readBlocFile names the file it read", () => {
    const dir = mkdtempSync(join(tmpdir(), "khoi-bloc-"));
    const file = join(dir, "bloc.yaml");
    writeFileSync(file, example.replace("unit: usd_million", "unit: dollars"));
    expect(() => readBlocFile(file)).toThrow(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:\\d+: indicators\\[5\\]\\.unit must be one of`));
  });

  it("more than five problems: the first five in file order, then how many more", () => {
    let source = example;
    const codes = ["TB", "HY", "HD", "BN", "QN", "HP", "HN"]; // listed out of file order on purpose
    for (const code of codes) source = source.replace(`{ code: ${code},`, `{ code: "${code}!",`);
    const boards = (parseYaml(example) as { boards: { code: string }[] }).boards.map((b) => b.code);
    const positions = codes.map((c) => boards.indexOf(c) + 1).sort((a, b) => a - b);
    const lines = errorOf(source, "bloc.yaml").split("\n");
    expect(lines).toHaveLength(6);
    expect(lines.slice(0, 5).map((l) => Number(/boards\[(\d+)\]\.code/.exec(l)?.[1]))).toEqual(positions.slice(0, 5));
    for (const l of lines.slice(0, 5)) expect(l).toMatch(new RegExp(`^bloc\\.yaml:${lineOf(source, `"${/boards\[\d+\]\.code/.exec(l) && boards[Number(/boards\[(\d+)\]/.exec(l)![1]) - 1]}!"`)}: `));
    expect(lines[5]).toBe("bloc.yaml: and 2 more");
  });
});
