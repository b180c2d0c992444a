// The export pool's worker thread (pool.ts): Piscina loads this file and calls its
// default export once per file, one file at a time.
import { renderExport, type ExportJob } from "./render.js";

export default function makeFile(job: ExportJob): Promise<Uint8Array> {
  return renderExport(job);
}
