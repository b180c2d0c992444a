// The export worker (src/features/exports/pool.ts): the files it makes are those the
// makers give in this thread, byte for byte (the parts of a ZIP, its stamp of
// the creation time aside); a file past its time limit is stopped and the worker
// replaced; beyond the bounded queue a file is refused at once.
import JSZip from "jszip";
import { afterAll, describe, expect, it } from "vitest";
import { summarize, yearRange, ytdRange } from "../../../src/features/summaries/rules.js";
import { closeExportPool, EXPORT_QUEUE, EXPORT_WORKERS, ExportError, exportPoolStats, makeFile } from "../../../src/features/exports/pool.js";
import { renderExport, type ExportJob } from "../../../src/features/exports/render.js";
import { articleSummaryInput } from "../../fixtures/article-2022.js";

afterAll(() => closeExportPool());

const s2022 = summarize(articleSummaryInput(yearRange(2022)));
const ytd2022 = summarize(articleSummaryInput(ytdRange(2022, 10)));
const LONG = { timeoutMs: 120_000 };

const JOBS: ExportJob[] = [
  { kind: "board-chart", summary: s2022, indicator: s2022.indicators[1]!.code, locale: "vi", defaultLocale: "vi" },
  { kind: "trend-chart", summary: s2022, indicator: s2022.indicators[0]!.code, locale: "en", defaultLocale: "vi" },
  { kind: "workbook", summary: s2022, locale: "vi", defaultLocale: "vi", meta: { blocName: "Khối thi đua", periodLabel: "năm 2022" } },
  {
    kind: "annual-report", ytd: true, defaultLocale: "vi",
    content: { summary: ytd2022, blocName: "Khối thi đua", year: 2022, issuer: { name: "Ban Quản lý KKT Hải Phòng", place: "Hải Phòng" }, leader: null, deputy: null, proposals: [] },
  },
];

/** A PNG as it is; a ZIP (XLSX, DOCX) as its parts, without docProps/core.xml, which stamps the time of making. */
async function comparable(bytes: Uint8Array): Promise<Record<string, string>> {
  if (bytes[0] !== 0x50 || bytes[1] !== 0x4b) return { file: Buffer.from(bytes).toString("base64") };
  const zip = await JSZip.loadAsync(bytes);
  const parts: Record<string, string> = {};
  for (const name of Object.keys(zip.files).sort()) if (name !== "docProps/core.xml") parts[name] = await zip.files[name]!.async("base64");
  return parts;
}

describe("the export worker", () => {
  it("makes every kind of file exactly as the makers do in this thread", async () => {
    for (const job of JOBS) {
      const before = exportPoolStats().completed;
      const inWorker = await makeFile(job, LONG);
      expect(exportPoolStats().completed, job.kind).toBe(before + 1); // made by the pool, not here
      const here = await renderExport(job);
      expect(inWorker.length, job.kind).toBeGreaterThan(1000);
      expect(await comparable(inWorker), job.kind).toEqual(await comparable(here));
    }
    expect(exportPoolStats().threadIds.length).toBeLessThanOrEqual(EXPORT_WORKERS);
  });

  it("stops a file at its time limit, ends that worker, and makes the next file with a new one", async () => {
    const job = JOBS[0]!;
    await makeFile(job, LONG);
    const [worker] = exportPoolStats().threadIds;
    expect(worker).toBeDefined();
    // A limit no file can meet: a chart takes tens of milliseconds to draw.
    const late = await makeFile(job, { timeoutMs: 1 }).then(() => null, (e: unknown) => e);
    expect(late).toBeInstanceOf(ExportError);
    expect((late as ExportError).reason).toBe("timeout");
    expect(exportPoolStats()).toMatchObject({ inHand: 0 });
    const png = await makeFile(job, LONG);
    expect([...png.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(exportPoolStats().threadIds).not.toContain(worker); // the worker that ran past the limit was ended
  });

  it("refuses a file at once when the queue is full, and makes those it took", async () => {
    const asked = EXPORT_WORKERS + EXPORT_QUEUE + 3;
    const outcomes = await Promise.all(
      Array.from({ length: asked }, () => makeFile(JOBS[0]!, LONG).then(() => "made", (e: unknown) => (e instanceof ExportError ? e.reason : String(e)))),
    );
    // One file per worker in hand, EXPORT_QUEUE waiting: the rest refused, never queued without bound.
    expect(outcomes.filter((o) => o === "busy").length).toBe(asked - EXPORT_WORKERS - EXPORT_QUEUE);
    expect(outcomes.filter((o) => o === "made").length).toBe(EXPORT_WORKERS + EXPORT_QUEUE);
  });
});
