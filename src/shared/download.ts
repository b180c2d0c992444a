// Downloads with a byte limit applied to the bytes actually received: a
// document's declared size (absent, or wrong) is never trusted, and reading
// stops at the first byte over the limit, so memory holds at most the limit.

/** The file has more bytes than the caller accepts. */
export class FileTooBigError extends Error {
  constructor(readonly maxBytes: number) {
    super(`the file is larger than ${maxBytes} bytes`);
    this.name = "FileTooBigError";
  }
}

/**
 * The body of `res`, at most `maxBytes` long. Throws FileTooBigError as soon as
 * the Content-Length header or the bytes received pass the limit (the rest is
 * not read).
 */
export async function readCapped(res: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(res.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel().catch(() => {});
    throw new FileTooBigError(maxBytes);
  }
  if (!res.body) return new Uint8Array(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new FileTooBigError(maxBytes);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
