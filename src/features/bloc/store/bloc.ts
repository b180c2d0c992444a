// The bloc row, and loading the bloc file into the database.
import { createHash } from "node:crypto";
import type { BlocFile } from "../../../shared/bloc/bloc-file.js";
import { firstOwedPeriod, parsePeriodLabel, periodLabel, scheduleSchema, type Schedule } from "../../../shared/bloc/schedule.js";
import type { Db } from "../../../shared/db/client.js";
import type { BoardEventKind } from "../../../generated/prisma/enums.js";
import { sqlOf } from "../../../shared/db/sql.js";
import { storedJson } from "../../../shared/db/stored.js";
import { storedBlocSettingsSchema } from "../../../shared/bloc/store.js";

export type SyncResult = { changed: boolean; boardsAdded: number; boardsUpdated: number; indicatorsAdded: number; indicatorsUpdated: number; indicatorsDeactivated: number };

/**
 * Applies the bloc file when its content differs from the last one applied.
 * Upserts by code; nothing is deleted, so reports and history are kept. Changes
 * made in chat since (renames, retirements) stand until the file changes again.
 * A board added gets its first period from the file (`firstPeriod`) or, without
 * one, the first period whose deadline is ahead at `now`; a board's `firstPeriod`
 * changed in the file is applied.
 */
export async function syncBlocFile(db: Db, file: BlocFile, source: string, timezone: string, now: Date = new Date()): Promise<SyncResult> {
  const hash = createHash("sha256").update(source).digest("hex");
  const existing = await db.bloc.findUnique({ where: { id: 1 } });
  const settings = existing ? storedJson(storedBlocSettingsSchema, existing.settingsJson, { table: "Bloc", column: "settingsJson", row: existing.id }) : {};
  const result: SyncResult = { changed: false, boardsAdded: 0, boardsUpdated: 0, indicatorsAdded: 0, indicatorsUpdated: 0, indicatorsDeactivated: 0 };
  if (existing && settings.blocFileHash === hash) return result;
  result.changed = true;

  const [boards, indicators] = await Promise.all([db.board.findMany(), db.indicator.findMany()]);
  const boardByCode = new Map(boards.map((b) => [b.code.toLowerCase(), b]));
  const indicatorByCode = new Map(indicators.map((i) => [i.code.toLowerCase(), i]));
  const ops = [];
  const newSettings = { ...settings, blocFileHash: hash, contact: file.bloc.contact ?? null, secretMinTurnout: file.ballots.secretMinTurnout };
  ops.push(
    db.bloc.upsert({
      where: { id: 1 },
      create: { id: 1, name: file.bloc.name, nameEn: file.bloc.nameEn ?? null, timezone, scheduleJson: file.schedule, settingsJson: newSettings },
      update: { name: file.bloc.name, nameEn: file.bloc.nameEn ?? null, timezone, scheduleJson: file.schedule, settingsJson: newSettings },
    }),
  );
  const defaultFirst = firstOwedPeriod(now, file.schedule, timezone);
  file.boards.forEach((b, i) => {
    const old = boardByCode.get(b.code.toLowerCase());
    const first = b.firstPeriod ? parsePeriodLabel(b.firstPeriod) : null;
    if (!old) {
      result.boardsAdded++;
      const owedFrom = first ?? defaultFirst;
      ops.push(
        db.board.create({
          data: {
            code: b.code, name: b.name, nameEn: b.nameEn ?? null, shortName: b.shortName, sortOrder: i, status: b.status,
            retiredAt: b.status === "retired" ? now : null, firstYear: owedFrom.year, firstMonth: owedFrom.month,
            events: { create: { kind: "created", toValue: b.name } },
          },
        }),
      );
      return;
    }
    const firstChanged = first !== null && (old.firstYear !== first.year || old.firstMonth !== first.month);
    if (old.name !== b.name || old.shortName !== b.shortName || (old.nameEn ?? undefined) !== b.nameEn || old.sortOrder !== i || (old.status !== b.status && old.status !== "merged") || firstChanged) {
      result.boardsUpdated++;
      const events: { kind: BoardEventKind; fromValue: string | null; toValue: string }[] = [];
      if (old.name !== b.name) events.push({ kind: "renamed", fromValue: old.name, toValue: b.name });
      if (old.status !== b.status && old.status !== "merged") events.push({ kind: b.status === "retired" ? "retired" : "reactivated", fromValue: old.status, toValue: b.status });
      if (firstChanged) events.push({ kind: "first_period", fromValue: old.firstYear === null ? null : periodLabel({ year: old.firstYear, month: old.firstMonth! }), toValue: periodLabel(first) });
      ops.push(
        db.board.update({
          where: { id: old.id },
          data: {
            name: b.name, nameEn: b.nameEn ?? null, shortName: b.shortName, sortOrder: i,
            ...(old.status !== "merged" ? { status: b.status, retiredAt: b.status === "retired" ? (old.retiredAt ?? now) : null } : {}),
            ...(firstChanged ? { firstYear: first.year, firstMonth: first.month } : {}),
            events: { create: events },
          },
        }),
      );
    }
  });
  const inFile = new Set<string>();
  file.indicators.forEach((ind, i) => {
    inFile.add(ind.code.toLowerCase());
    const data = {
      nameVi: ind.nameVi, nameEn: ind.nameEn, unit: ind.unit, kind: ind.kind, valueType: ind.valueType,
      decimals: ind.decimals, min: ind.min, max: ind.max, sortOrder: i, active: ind.active, aliases: ind.aliases,
    };
    const old = indicatorByCode.get(ind.code.toLowerCase());
    if (!old) {
      result.indicatorsAdded++;
      ops.push(db.indicator.create({ data: { code: ind.code, ...data } }));
    } else {
      result.indicatorsUpdated++;
      ops.push(db.indicator.update({ where: { id: old.id }, data }));
    }
  });
  for (const old of indicators) {
    if (!inFile.has(old.code.toLowerCase()) && old.active) {
      result.indicatorsDeactivated++;
      ops.push(db.indicator.update({ where: { id: old.id }, data: { active: false } }));
    }
  }
  for (const a of file.awards) {
    const data = { nameVi: a.nameVi, nameEn: a.nameEn, picksPerVoter: a.picksPerVoter, maxProposed: a.maxProposed, allowSelfVote: a.allowSelfVote, active: true };
    ops.push(db.awardKind.upsert({ where: { code: a.code }, create: { code: a.code, ...data }, update: data }));
  }
  ops.push(db.awardKind.updateMany({ where: { code: { notIn: file.awards.map((a) => a.code) } }, data: { active: false } }));
  await db.$transaction(ops);
  return result;
}
