// A logger whose lines a test reads: the project's logger (masking included),
// writing to an array instead of stdout.
import { createLogger, type Logger } from "../../src/shared/log/logger.js";

export type LogLine = { level: number; msg: string; [k: string]: unknown };

export function captureLogger(level = "debug"): { logger: Logger; raw: string[]; lines: () => LogLine[]; text: () => string } {
  const raw: string[] = [];
  const sink = { write: (s: string) => (raw.push(s), true) } as unknown as NodeJS.WritableStream;
  const logger = createLogger(level, sink);
  return {
    logger,
    raw,
    lines: () => raw.map((s) => JSON.parse(s) as LogLine),
    text: () => raw.join(""),
  };
}

/** pino's levels. */
export const LEVEL = { debug: 20, info: 30, warn: 40, error: 50 } as const;
