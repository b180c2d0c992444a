// Reports, their values and revisions, and drafts. Writes that belong together
// go in one batch transaction; the database enforces one report per board and
// period, and one revision number per report (which is the optimistic lock that
// keeps two focal persons from overwriting each other silently).
import type { IndicatorDef, Values } from "./rules/reports.js";
import { diffValues, isLate } from "./rules/reports.js";
import { newReference } from "../access/rules/invite-code.js";
import { isUniqueViolation, isUniqueViolationOn, withFreshCode, type Db } from "../../shared/db/client.js";
import { sqlDate, sqlOf, writeSql } from "../../shared/db/sql.js";
import { storedJsonText } from "../../shared/db/stored.js";
import { z } from "zod";

export type ReportView = {
  id: number;
  boardId: number;
  periodId: number;
  reference: string;
  submittedAt: Date;
  submittedById: number | null;
  submittedByName: string | null;
  late: boolean;
  version: number;
  values: Values;
  /** Who made the latest revision, and when (the submitter for revision 1). */
  lastChangedByName: string | null;
  lastChangedAt: Date;
};

export async function getReport(db: Db, boardId: number, periodId: number): Promise<ReportView | null> {
  const r = await db.report.findUnique({ where: { boardId_periodId: { boardId, periodId } }, include: { values: { include: { indicator: true } } } });
  if (!r) return null;
  const submitter = r.submittedById ? await db.person.findUnique({ where: { id: r.submittedById } }) : null;
  const last = await db.reportRevision.findFirst({ where: { reportId: r.id }, orderBy: { revision: "desc" } });
  const lastBy = last?.byPersonId ? await db.person.findUnique({ where: { id: last.byPersonId } }) : submitter;
  const fullName = (p: { firstName: string; lastName: string | null } | null) => (p ? [p.firstName, p.lastName].filter(Boolean).join(" ") : null);
  return {
    lastChangedByName: fullName(lastBy ?? null),
    lastChangedAt: last?.at ?? r.submittedAt,
    id: r.id, boardId: r.boardId, periodId: r.periodId, reference: r.reference, submittedAt: r.submittedAt, submittedById: r.submittedById,
    submittedByName: submitter ? [submitter.firstName, submitter.lastName].filter(Boolean).join(" ") : null,
    late: r.late, version: r.version,
    values: Object.fromEntries(r.values.map((v) => [v.indicator.code, v.value])),
  };
}

/** Values of a board for a period (year, month), if it reported. */
export async function valuesFor(db: Db, boardId: number, year: number, month: number): Promise<Values | null> {
  const r = await db.report.findFirst({ where: { boardId, period: { year, month } }, include: { values: { include: { indicator: true } } } });
  return r ? Object.fromEntries(r.values.map((v) => [v.indicator.code, v.value])) : null;
}

export type SubmitInput = {
  boardId: number;
  periodId: number;
  personId: number | null;
  values: Values;
  indicators: IndicatorDef[];
  at: Date;
  deadlineAt: Date;
  /** The report version the person started from (0: there was none). */
  baseVersion: number;
  reason?: string | null;
  source?: "chat" | "import";
};

export type SubmitResult =
  | { ok: true; kind: "created" | "amended"; reference: string; version: number; late: boolean; changes: ReturnType<typeof diffValues> }
  | { ok: false; reason: "conflict"; current: ReportView }
  | { ok: false; reason: "no_changes"; current: ReportView };

export async function submitReport(db: Db, input: SubmitInput): Promise<SubmitResult> {
  const { boardId, periodId, personId, values, indicators, at } = input;
  const byCode = new Map(indicators.map((i) => [i.code, i]));
  const current = await getReport(db, boardId, periodId);
  if (current && current.version !== input.baseVersion) return { ok: false, reason: "conflict", current };

  if (!current) {
    const changes = diffValues({}, values, indicators);
    const late = isLate(at, input.deadlineAt);
    const create = (reference: string) =>
      db.report.create({
        data: {
          boardId, periodId, reference, submittedAt: at, submittedById: personId, late, version: 1, source: input.source ?? "chat",
          values: { create: changes.map((c) => ({ indicatorId: byCode.get(c.code)!.id, value: c.new! })) },
          revisions: {
            create: {
              revision: 1, byPersonId: personId, at, reason: input.reason ?? null,
              changes: { create: changes.map((c) => ({ indicatorId: byCode.get(c.code)!.id, oldValue: null, newValue: c.new })) },
            },
          },
        },
      });
    let reference: string;
    try {
      // The reference is random and unique in the database: one already taken is drawn again, the report written whole each time.
      ({ code: reference } = await withFreshCode(() => newReference("BC"), "reference", create));
    } catch (e) {
      // Someone else's report for the board and period came first.
      if (!isUniqueViolationOn(e, "boardId", "periodId")) throw e;
      return { ok: false, reason: "conflict", current: (await getReport(db, boardId, periodId))! };
    }
    return { ok: true, kind: "created", reference, version: 1, late, changes };
  }

  const changes = diffValues(current.values, values, indicators);
  if (changes.length === 0) return { ok: false, reason: "no_changes", current };
  const version = current.version + 1;
  try {
    // The revision row is created first: (reportId, revision) is unique, so if
    // someone else amended since `baseVersion`, the whole batch rolls back.
    await db.$transaction([
      db.reportRevision.create({
        data: {
          reportId: current.id, revision: version, byPersonId: personId, at, reason: input.reason ?? null,
          changes: { create: changes.map((c) => ({ indicatorId: byCode.get(c.code)!.id, oldValue: c.old, newValue: c.new })) },
        },
      }),
      db.report.update({ where: { id: current.id }, data: { version } }),
      ...changes.map((c) =>
        c.new === null
          ? db.reportValue.deleteMany({ where: { reportId: current.id, indicatorId: byCode.get(c.code)!.id } })
          : db.reportValue.upsert({
              where: { reportId_indicatorId: { reportId: current.id, indicatorId: byCode.get(c.code)!.id } },
              create: { reportId: current.id, indicatorId: byCode.get(c.code)!.id, value: c.new },
              update: { value: c.new },
            }),
      ),
    ]);
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    return { ok: false, reason: "conflict", current: (await getReport(db, boardId, periodId))! };
  }
  return { ok: true, kind: "amended", reference: current.reference, version, late: current.late, changes };
}

export type RevisionView = { revision: number; at: Date; byName: string | null; reason: string | null; changes: { code: string; old: number | null; new: number | null }[] };

export async function reportHistory(db: Db, reportId: number): Promise<RevisionView[]> {
  const revs = await db.reportRevision.findMany({
    where: { reportId },
    orderBy: { revision: "asc" },
    include: { changes: { include: { indicator: true } } },
  });
  const people = new Map((await db.person.findMany({ where: { id: { in: revs.map((r) => r.byPersonId ?? -1) } } })).map((p) => [p.id, p.firstName]));
  return revs.map((r) => ({
    revision: r.revision, at: r.at, byName: r.byPersonId ? (people.get(r.byPersonId) ?? null) : null, reason: r.reason,
    changes: r.changes.map((c) => ({ code: c.indicator.code, old: c.oldValue, new: c.newValue })),
  }));
}

// --- drafts -----------------------------------------------------------------

export type DraftView = { id: number; values: Values; baseVersion: number; closedAt: Date | null; updatedAt: Date };

/** ReportDraft.valuesJson: the answers so far, by indicator code (in the indicator's unit). */
const draftValuesSchema: z.ZodType<Values> = z.record(z.string(), z.number());

// Read and written at every answer of a report: direct statements (see shared/db/sql.ts).
export async function getDraft(db: Db, personId: number, boardId: number, periodId: number): Promise<DraftView | null> {
  const d = (await sqlOf(db)).get<{ id: number; valuesJson: unknown; baseVersion: number; closedAt: string | null; updatedAt: string }>(
    `SELECT "id", "valuesJson", "baseVersion", "closedAt", "updatedAt" FROM "ReportDraft" WHERE "personId" = ? AND "boardId" = ? AND "periodId" = ?`,
    personId, boardId, periodId,
  );
  return d
    ? { id: d.id, values: storedJsonText(draftValuesSchema, d.valuesJson, { table: "ReportDraft", column: "valuesJson", row: d.id }), baseVersion: d.baseVersion, closedAt: d.closedAt === null ? null : new Date(d.closedAt), updatedAt: new Date(d.updatedAt) }
    : null;
}

export async function saveDraft(db: Db, key: { personId: number; boardId: number; periodId: number }, values: Values, baseVersion: number, at: Date): Promise<void> {
  const when = sqlDate(at);
  await writeSql(db, (sql) => sql.run(
    `INSERT INTO "ReportDraft" ("personId", "boardId", "periodId", "valuesJson", "baseVersion", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT ("personId", "boardId", "periodId") DO UPDATE SET "valuesJson" = excluded."valuesJson", "baseVersion" = excluded."baseVersion", "closedAt" = NULL, "updatedAt" = excluded."updatedAt"`,
    key.personId, key.boardId, key.periodId, JSON.stringify(values), baseVersion, when, when,
  ));
}

export async function deleteDraft(db: Db, key: { personId: number; boardId: number; periodId: number }): Promise<void> {
  await db.reportDraft.deleteMany({ where: key });
}

/** The person's open draft worked on most recently (the one an active report conversation is filling). */
export async function latestOpenDraft(db: Db, personId: number) {
  return db.reportDraft.findFirst({ where: { personId, closedAt: null }, orderBy: { updatedAt: "desc" } });
}

/** Drafts idle since `before` and not yet closed, with whom to tell. */
export async function idleDrafts(db: Db, before: Date) {
  return db.reportDraft.findMany({
    where: { closedAt: null, updatedAt: { lt: before } },
    include: { person: true, board: true, period: true },
  });
}

/**
 * Closes an idle draft (only if it is still idle: a save in between wins) and,
 * when it is the person's latest open draft, ends the conversation filling it.
 */
export async function closeDraft(db: Db, id: number, idleBefore: Date, chatKey: string, at: Date): Promise<boolean> {
  const draft = await db.reportDraft.findUnique({ where: { id } });
  if (!draft) return false;
  const latest = await latestOpenDraft(db, draft.personId);
  const ops = [db.reportDraft.updateMany({ where: { id, closedAt: null, updatedAt: { lt: idleBefore } }, data: { closedAt: at } })];
  const [closed] = await db.$transaction(latest?.id === id ? [...ops, db.conversationState.deleteMany({ where: { key: chatKey, updatedAt: { lt: idleBefore } } })] : ops);
  return closed!.count === 1;
}

// --- status -----------------------------------------------------------------

export type StatusRow = { year: number; month: number; periodId: number; deadlineAt: Date; locked: boolean; report: { submittedAt: Date; late: boolean; version: number; reference: string } | null; draft: boolean };

export async function boardStatus(db: Db, boardId: number, personId: number, periods: { id: number; year: number; month: number; deadlineAt: Date; lockedAt: Date | null }[]): Promise<StatusRow[]> {
  const ids = periods.map((p) => p.id);
  const [reports, drafts] = await Promise.all([
    db.report.findMany({ where: { boardId, periodId: { in: ids } } }),
    db.reportDraft.findMany({ where: { boardId, personId, periodId: { in: ids } } }),
  ]);
  return periods.map((p) => {
    const r = reports.find((x) => x.periodId === p.id);
    return {
      year: p.year, month: p.month, periodId: p.id, deadlineAt: p.deadlineAt, locked: p.lockedAt !== null,
      report: r ? { submittedAt: r.submittedAt, late: r.late, version: r.version, reference: r.reference } : null,
      draft: drafts.some((d) => d.periodId === p.id),
    };
  });
}

/** Whether the person is, now, a focal person of the board, and the board active (one indexed statement). */
export async function isFocalFor(db: Db, personId: number, boardId: number): Promise<boolean> {
  const row = (await sqlOf(db)).get(
    `SELECT 1 FROM "Role" r JOIN "Board" b ON b."id" = r."boardId"
     WHERE r."personId" = ? AND r."boardId" = ? AND r."role" = 'focal' AND r."revokedAt" IS NULL AND b."status" = 'active' LIMIT 1`,
    personId, boardId,
  );
  return row !== undefined;
}

/** Deletes one draft by its id (none: nothing). */
export async function deleteDraftById(db: Db, id: number): Promise<void> {
  await db.reportDraft.deleteMany({ where: { id } });
}
