// The bot token never leaves the process: not in stdout or stderr, logs, errors,
// nor the database (a conversation stores the errors of its Bot API calls).
// Three layers, each enough on its own for what passes through it:
//  - maskSecrets(): the shape of any bot token (raw or URL-encoded), and the
//    secret part of every token registered here, however it is encoded around it;
//  - guardedFetch(): Bot API requests fail with errors that name no URL, and the
//    answers are masked before grammY parses them (an error page may echo the URL);
//  - guardStdio() (main.ts only): whatever a library prints goes through the mask.
import type { RequestInfo, RequestInit as NodeFetchInit, Response as NodeFetchResponse } from "node-fetch";

// id:secret, with ":" also percent-encoded once or twice (%3A, %253A).
const TOKEN_RE = /\d{6,}(?::|%3[aA]|%253[aA])[A-Za-z0-9_-]{30,}/g;
const secrets = new Set<string>();

/**
 * Registers a token so that its secret part (after the ":") is masked even where
 * it appears alone or in a form the pattern does not know. Idempotent.
 */
export function registerSecret(token: string): void {
  const secret = token.slice(token.indexOf(":") + 1);
  if (secret.length >= 16) secrets.add(secret);
}

/** Replaces every bot token (and every registered token's secret part) in `text` by "<token>". */
export function maskSecrets(text: string): string {
  let out = text.replace(TOKEN_RE, "<token>");
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join("<token>");
  return out;
}

/** An Error with the same name, message and code as `e`, masked, and no cause or URL fields. */
export function maskedError(e: unknown): Error {
  if (!(e instanceof Error)) return new Error(maskSecrets(String(e)));
  const out = new Error(maskSecrets(e.message));
  out.name = e.name;
  const code = (e as { code?: unknown }).code;
  if (typeof code === "string" || typeof code === "number") Object.assign(out, { code });
  out.stack = `${out.name}: ${out.message}`; // the original stack starts with the unmasked message
  return out;
}

type AnyFetch = (url: RequestInfo, init?: NodeFetchInit) => Promise<NodeFetchResponse | Response>;

/**
 * Wraps the fetch function given to grammY's API client (ApiClientOptions.fetch)
 * so that a failed request throws an error without the request URL (node-fetch
 * puts it, token included, in its messages), and the answer's text is masked
 * before it is parsed (a JSON parse error quotes the body, which an error page
 * may fill with the URL). grammY reads only `json()` of the answer
 * (core/client.js); the answer returned has that, `text()` and the status.
 */
export function guardedFetch(inner: AnyFetch): AnyFetch {
  return async (url, init) => {
    let res: NodeFetchResponse | Response;
    try {
      res = await inner(url, init);
    } catch (e) {
      throw maskedError(e);
    }
    const text = async () => {
      try {
        return maskSecrets(await res.text());
      } catch (e) {
        throw maskedError(e);
      }
    };
    const answer = {
      ok: res.ok,
      status: res.status,
      statusText: res.statusText,
      headers: res.headers,
      text,
      json: async () => JSON.parse(await text()) as unknown,
    };
    return answer as unknown as Response;
  };
}

/**
 * Masks everything written to process.stdout and process.stderr, whoever writes
 * it (a library's console output, Node's warnings). For main.ts: the process's
 * own streams, once.
 */
export function guardStdio(): void {
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      if (typeof chunk === "string") return write(maskSecrets(chunk), ...rest);
      if (chunk instanceof Uint8Array) return write(maskSecrets(Buffer.from(chunk).toString("utf8")), ...rest);
      return write(chunk, ...rest);
    }) as typeof stream.write;
  }
}
