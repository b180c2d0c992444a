// The figures of 2021 and 2022 behind the bloc's 2022 year-end article
// (tests/fixtures/article-2022.ts), stored as imported reports: for tests and
// the demo that need a year with its year before.
import type { Harness } from "./harness.js";
import { articleFigures } from "../fixtures/article-2022.js";
import { submitReport } from "../../src/features/reports/store.js";
import { activeIndicators } from "../../src/shared/bloc/store.js";
import { ensurePeriod } from "../../src/shared/bloc/periods.js";
import { getBloc } from "../../src/shared/bloc/store.js";

export async function loadArticleYears(h: Harness): Promise<void> {
  const bloc = (await getBloc(h.db))!;
  const indicators = await activeIndicators(h.db);
  const boards = new Map((await h.db.board.findMany()).map((b) => [b.code, b.id]));
  for (const f of articleFigures()) {
    const period = await ensurePeriod(h.db, { year: f.year, month: f.month }, bloc.schedule, "Asia/Ho_Chi_Minh");
    const r = await submitReport(h.db, { boardId: boards.get(f.board)!, periodId: period.id, personId: null, values: f.values, indicators, at: period.endsAt, deadlineAt: period.deadlineAt, baseVersion: 0, source: "import" });
    if (!r.ok) throw new Error(`could not store ${f.board} ${f.year}-${f.month}`);
  }
}
