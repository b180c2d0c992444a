// Loading a changed bloc file again updates the bloc without losing reports.
import { writeFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Harness, EXAMPLE_BLOC } from "../../harness/harness.js";

let h: Harness;
afterEach(async () => h?.close());

describe("bloc file re-import", () => {
  it("renames, adds and deactivates by code, keeping reports and chat-made changes", async () => {
    h = await Harness.create();
    const hp = await h.db.board.findUniqueOrThrow({ where: { code: "HP" } });
    const period = await h.db.period.create({ data: { year: 2026, month: 10, startsAt: new Date(), endsAt: new Date(), deadlineAt: new Date() } });
    const ind = await h.db.indicator.findUniqueOrThrow({ where: { code: "fdi_new" } });
    await h.db.report.create({
      data: { boardId: hp.id, periodId: period.id, reference: "R-1", submittedAt: new Date(), values: { create: [{ indicatorId: ind.id, value: 7 }] } },
    });
    // An admin retires a board in chat; an unchanged file must not undo it.
    await h.user(1, "Admin").send("/retireboard TB");
    await h.restart();
    expect((await h.db.board.findUniqueOrThrow({ where: { code: "TB" } })).status).toBe("retired");

    const changed = readFileSync(EXAMPLE_BLOC, "utf8")
      .replace("name: Ban Quản lý KKT Hải Phòng,", "name: Ban Quản lý Khu kinh tế Hải Phòng,")
      .replace(/  - code: zones_operating[\s\S]*?aliases: \[KCN hoạt động, số KCN\]\n/, "")
      .replace("boards:\n", "boards:\n  - { code: HB, shortName: Hòa Bình, name: Ban Quản lý các KCN Hòa Bình }\n");
    const file = join(h.dir, "bloc.yaml");
    writeFileSync(file, changed);
    (h.config as { blocFile: string }).blocFile = file;
    await h.restart();

    expect((await h.db.board.findUniqueOrThrow({ where: { code: "HP" } })).name).toBe("Ban Quản lý Khu kinh tế Hải Phòng");
    expect(await h.db.board.count()).toBe(12);
    expect((await h.db.indicator.findUniqueOrThrow({ where: { code: "zones_operating" } })).active).toBe(false);
    const report = await h.db.report.findFirstOrThrow({ include: { values: true } });
    expect(report.values).toEqual([expect.objectContaining({ value: 7 })]);
    const events = await h.db.boardEvent.findMany({ where: { boardId: hp.id }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.kind)).toEqual(["created", "renamed"]);
  });

  it("a broken file stops start-up with a message naming the field, and the database is untouched", async () => {
    h = await Harness.create();
    const file = join(h.dir, "bloc.yaml");
    const broken = readFileSync(EXAMPLE_BLOC, "utf8").replace("unit: people", "unit: persons");
    writeFileSync(file, broken);
    (h.config as { blocFile: string }).blocFile = file;
    await h.app.close();
    const line = broken.split("\n").findIndex((l) => l.includes("unit: persons")) + 1;
    // The 11th indicator (workers), written on that line.
    await expect(h.start()).rejects.toThrow(`${file}:${line}: indicators[11].unit must be one of`);
    (h.config as { blocFile: string }).blocFile = EXAMPLE_BLOC;
    await h.start();
    expect(await h.db.indicator.count()).toBe(12);
  });

  it("/reload by an admin applies a changed file", async () => {
    h = await Harness.create();
    const file = join(h.dir, "bloc.yaml");
    writeFileSync(file, readFileSync(EXAMPLE_BLOC, "utf8").replace("shortName: Hà Nam,", "shortName: Hà Nam mới,"));
    (h.config as { blocFile: string }).blocFile = file;
    const admin = h.user(1, "Admin");
    await admin.send("/reload");
    expect(admin.lastText()).toContain("Đã nạp lại");
    expect((await h.db.board.findUniqueOrThrow({ where: { code: "HNA" } })).shortName).toBe("Hà Nam mới");
    await admin.send("/reload");
    expect(admin.lastText()).toContain("không thay đổi");
  });
});
