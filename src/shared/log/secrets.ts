// The bot tokens (Telegram's and Zalo's) and the Zalo webhook secret never leave
// the process: not in stdout or stderr, logs, errors, nor the database (a
// conversation stores the errors of its Bot API calls).
// Three layers, each enough on its own for what passes through it:
//  - maskSecrets(): the shape of any bot token (raw or URL-encoded), and every
//    secret registered here, however it is encoded around it;
//  - guardedFetch(): Bot API requests fail with errors that name no URL, and the
//    answers are masked before grammY parses them (an error page may echo the URL);
//  - guardStdio() (main.ts only): whatever a library prints goes through the mask.
import type { RequestInfo, RequestInit as NodeFetchInit, Response as NodeFetchResponse } from "node-fetch";

// Telegram: id:secret, with ":" also percent-encoded once or twice (%3A, %253A).
// A match starts only where a run of digits starts ((?<!\d)): from inside the run
// it would find the same token, and trying every position of a long run of
// digits took time quadratic in its length (40,000 digits: 5 s).
const TOKEN_RE = /(?<!\d)\d{6,}(?::|%3[aA]|%253[aA])[A-Za-z0-9_-]{30,}/g;
// Zalo Bot Platform: `<digits>:<secret>` (docs: "12345689:abc-xyz"; a live one seen
// had 18 digits and 64 letters), the secret's alphabet undocumented. Masked
// conservatively: after the digits and the colon (in any of its forms), every
// character up to one that cannot be inside a token in a URL path or a quoted
// value (space, quotes, / ? # & and brackets), percent-encodings included;
// 8 characters at least (the shortest secret in the docs is 7, too close to
// ordinary text; a registered token is masked whatever its length).
const ZALO_TOKEN_RE = /(?<!\d)\d{6,}(?::|%3[aA]|%253[aA])[^\s"'`<>/?#&,;()[\]{}\\|]{8,}/g;
let secrets: string[] = []; // longest first, so that no part of a longer secret is left behind

function addSecret(value: string, minLength: number): void {
  if (value.length < minLength) return;
  const forms = [value, encodeURIComponent(value), encodeURIComponent(encodeURIComponent(value)), JSON.stringify(value).slice(1, -1)];
  for (const form of forms) if (!secrets.includes(form)) secrets.push(form);
  secrets.sort((a, b) => b.length - a.length);
}

/**
 * Registers a Telegram token so that its secret part (after the ":") is masked
 * even where it appears alone or in a form the pattern does not know. Idempotent.
 */
export function registerSecret(token: string): void {
  addSecret(token.slice(token.indexOf(":") + 1), 16);
}

/**
 * Registers a Zalo Bot Platform token (`<digits>:<secret>`): the whole token and
 * its secret part (8 characters or more) are masked raw, URL-encoded once or
 * twice, and JSON-escaped, whatever characters the secret holds. Idempotent.
 */
export function registerZaloToken(token: string): void {
  addSecret(token, 8);
  addSecret(token.slice(token.indexOf(":") + 1), 8);
}

/**
 * Registers a secret that has no recognisable shape (the Zalo webhook's
 * `secret_token`, 8–256 characters per setWebhook's docs), masked in the same
 * forms as a Zalo token. Values shorter than 8 characters are not registered
 * (they would mask ordinary words). Idempotent.
 */
export function registerSecretValue(value: string): void {
  addSecret(value, 8);
}

/** Replaces every bot token (and every registered secret) in `text` by "<token>". */
export function maskSecrets(text: string): string {
  let out = text;
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join("<token>");
  return out.replace(TOKEN_RE, "<token>").replace(ZALO_TOKEN_RE, "<token>");
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
 * puts it, token included, in its messages), and the text of an answer that is
 * not a success (HTTP status outside 2xx) is masked before it is parsed (a JSON
 * parse error quotes the body, which an error page may fill with the URL).
 * A successful answer is passed through untouched: it carries what people wrote
 * (getUpdates: message texts, button data), which the token patterns could
 * mistake for a token ("nb:2d493320:1:motion" has digits, a colon and eight more
 * characters) and corrupt. grammY reads only `json()` of the answer
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
        const body = await res.text();
        return res.ok ? body : maskSecrets(body);
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
