// The year-end report's content, from the database: the year's figures against
// the year before, the board that led the bloc that year (which issues the
// report), the leader and deputy elected for the next year and the award
// proposals for the year, each board named as it was at the year's end.
import { DateTime } from "luxon";
import type { Deps } from "../../shared/deps.js";
import { getBloc } from "../../shared/bloc/store.js";
import { boardNamesAt } from "../../shared/bloc/store.js";
import { awardKinds, yearRecords } from "../history/use-cases.js";
import type { PeriodKey } from "../../shared/bloc/schedule.js";
import { parseRange } from "../summaries/rules.js";
import type { AnnualReportInput } from "./annual-report.js";
import { buildSummary } from "../summaries/use-cases.js";
import { ExportError, makeFile } from "./pool.js";
import type { ExportJob } from "./render.js";

export { ExportError } from "./pool.js";
export type { ExportJob } from "./render.js";

/**
 * Makes a file (a chart's PNG, a workbook, the annual report's DOCX) in the export
 * worker, within the configured time limit (EXPORT_TIMEOUT_SECONDS). Throws
 * ExportError ("busy": the queue is full, "timeout", "failed").
 */
export function exportFile(deps: Pick<Deps, "config">, job: ExportJob): Promise<Buffer> {
  return makeFile(job, { timeoutMs: deps.config.exportTimeoutSeconds * 1000 });
}

/** Whether an error is an export refused or failed (ExportError), as opposed to a programming fault. */
export function isExportError(e: unknown): e is ExportError {
  return e instanceof ExportError;
}

/**
 * What /annual YEAR puts in the report, all but the wording. `latest` is the
 * latest period that has ended: a running year is reported to date. Null when
 * the year has not begun.
 */
export async function annualReportContent(deps: Deps, year: number, latest: PeriodKey): Promise<Omit<AnnualReportInput, "t"> | null> {
  const range = parseRange(String(year), latest);
  if (!range) return null;
  const [summary, bloc, records, awards] = await Promise.all([
    buildSummary(deps, range),
    getBloc(deps.db),
    yearRecords(deps, { years: [year, year + 1] }),
    awardKinds(deps),
  ]);
  // Boards are named as they were when the year ended (a board renamed later keeps its old name here).
  const names = await boardNamesAt(deps.db, DateTime.fromObject({ year: year + 1, month: 1, day: 1 }, { zone: deps.config.timeZone }).toJSDate());
  const name = (id: number) => names.get(id)?.name ?? "";
  const thisYear = records.find((r) => r.year === year);
  const nextYear = records.find((r) => r.year === year + 1);
  const proposals = awards
    .map((a) => ({ award: a.nameVi, boards: (thisYear?.proposals.find((p) => p.awardKindCode === a.code)?.boards ?? []).map((b) => name(b.id)) }))
    .filter((a) => a.boards.length > 0);
  return {
    summary, blocName: bloc?.name ?? "", year,
    issuer: thisYear?.leader ? { name: name(thisYear.leader.id), place: thisYear.leader.shortName } : null,
    leader: nextYear?.leader ? name(nextYear.leader.id) : null,
    deputy: nextYear?.deputy ? name(nextYear.deputy.id) : null,
    proposals,
  };
}
