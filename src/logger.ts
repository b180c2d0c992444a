// Structured logs (pino). Anything that looks like a bot token is masked, in
// messages and in serialised errors alike (grammY puts the token in request URLs).
import { pino, type Logger } from "pino";

const TOKEN_RE = /\d{6,}:[A-Za-z0-9_-]{30,}/g;

export function maskSecrets(text: string): string {
  return text.replace(TOKEN_RE, "<token>");
}

function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return maskSecrets(value);
  if (depth > 4 || value === null || typeof value !== "object") return value;
  if (value instanceof Error) {
    return { type: value.name, message: maskSecrets(value.message), stack: value.stack ? maskSecrets(value.stack) : undefined };
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
