// File exports (chart PNG, XLSX, DOCX) run in a worker thread, never on the
// event loop: drawing a chart of 600 boards held it 2.1 s, /annual 3–7 s, a
// workbook 0.3–1.5 s, and every chat waited meanwhile. The bot, the scheduled
// summary and /annual hand the work here and await the bytes.
//
// Piscina (the Node.js project's worker pool) keeps the pool: one worker,
// started on the first file and ended after a minute without work (the export
// libraries weigh some 35 MB, which an idle bot should not carry), a bounded
// queue, a time limit per file (the worker running a file past it is ended and
// replaced: synchronous code cannot be interrupted otherwise), and a memory
// limit for the worker, so one huge file cannot take the bot's memory with it.
//
// The worker runs the compiled worker.js under `npm start` and in Docker, and
// worker.ts through tsx (worker.dev.mjs) when this module itself runs from
// TypeScript (tests, the demo, the bench). Piscina itself is imported with the
// first file: an idle bot that never made one does not load it.
import type { Piscina } from "piscina";
import type { ExportJob } from "./render.js";

/** Workers at most: one, on a small server whose other core serves the chats. */
export const EXPORT_WORKERS = 1;
/** Files waiting for the worker at most; beyond, ExportError "busy" at once. */
export const EXPORT_QUEUE = 8;
/** A worker unused this long is ended (ms). */
const IDLE_MS = 60_000;
/** Heap of the worker (MB): a 600-board year report takes about a fifth of it. */
const WORKER_HEAP_MB = 512;

export type ExportFailure = "busy" | "timeout" | "failed";

/** A file not made: the queue was full ("busy"), the time limit passed ("timeout"), or the worker failed ("failed"). */
export class ExportError extends Error {
  constructor(
    readonly reason: ExportFailure,
    options?: { cause?: unknown },
  ) {
    super(`file export ${reason === "busy" ? "refused: the queue is full" : reason === "timeout" ? "stopped at its time limit" : "failed"}`, options);
    this.name = "ExportError";
  }
}

let pool: Piscina<ExportJob, Uint8Array> | null = null;
/** Files in the pool's hands: being made or waiting. Counted here: Piscina's own bound (maxQueue) does not count tasks that carry an AbortSignal, as every one here does. */
let inHand = 0;

let piscina: Promise<{ Piscina: typeof Piscina }> | undefined;

async function thePool(): Promise<Piscina<ExportJob, Uint8Array>> {
  if (pool) return pool;
  const { Piscina } = await (piscina ??= import("piscina"));
  pool ??= new Piscina<ExportJob, Uint8Array>({
    filename: new URL(import.meta.url.endsWith(".ts") ? "./worker.dev.mjs" : "./worker.js", import.meta.url).href,
    // Node's options of the parent (--max-semi-space-size...) are the process's; the worker needs none.
    execArgv: [],
    minThreads: 0,
    maxThreads: EXPORT_WORKERS,
    idleTimeout: IDLE_MS,
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
  });
  return pool;
}

/**
 * Makes a file in the export worker and resolves with its bytes. `timeoutMs`
 * counts from the call, waiting in the queue included. Throws ExportError.
 */
export async function makeFile(job: ExportJob, opts: { timeoutMs: number }): Promise<Buffer> {
  if (inHand >= EXPORT_WORKERS + EXPORT_QUEUE) throw new ExportError("busy");
  const signal = AbortSignal.timeout(opts.timeoutMs);
  inHand++;
  try {
    const bytes = await (await thePool()).run(job, { signal });
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  } catch (e) {
    throw new ExportError(signal.aborted ? "timeout" : "failed", { cause: e });
  } finally {
    inHand--;
  }
}

/** What the pool has done (for tests and metrics): files made, files in hand (being made or waiting), the worker threads alive. */
export function exportPoolStats(): { completed: number; inHand: number; threadIds: number[] } {
  return { completed: pool?.completed ?? 0, inHand, threadIds: pool?.threads.map((t) => t.threadId) ?? [] };
}

/** Ends the workers (at shutdown; files in progress are abandoned). A later file starts a new pool. */
export async function closeExportPool(): Promise<void> {
  const p = pool;
  pool = null;
  await p?.destroy();
}
