// Structured logs (pino). Anything that looks like a bot token, and the secret
// part of the bot's own token in any form, is masked, in messages and in
// serialised errors alike (see secrets.ts).
import { pino, type Logger } from "pino";
import { maskSecrets } from "./secrets.js";

export { maskSecrets };

function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return maskSecrets(value);
  if (value === null || typeof value !== "object") return value;
  if (depth > 4) return "[deeper]"; // not written unmasked
  if (value instanceof Error) {
    // grammY's HttpError keeps what failed underneath (a timeout, a refused connection) in `error`.
    const inner = (value as { error?: unknown }).error ?? value.cause;
    return {
      type: value.name,
      message: maskSecrets(value.message),
      ...(inner instanceof Error ? { cause: maskSecrets(inner.message) } : {}),
      stack: value.stack ? maskSecrets(value.stack) : undefined,
    };
  }
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrub(v, depth + 1);
  return out;
}

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => scrub(a)) as Parameters<typeof method>);
        },
      },
    },
    destination ?? process.stdout,
  );
}

export type { Logger };
