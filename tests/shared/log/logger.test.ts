import { describe, expect, it } from "vitest";
import { createLogger, maskSecrets } from "../../../src/shared/log/logger.js";
import { registerSecret } from "../../../src/shared/log/secrets.js";

const TOKEN = "123456789:AAbbCCddEEffGGhhIIjjKKllMMnnOOppQQr";

describe("logger", () => {
  it("masks the token in messages, fields and errors", () => {
    const lines: string[] = [];
    const log = createLogger("info", { write: (s: string) => (lines.push(s), true) } as unknown as NodeJS.WritableStream);
    log.info({ url: `https://api.telegram.org/bot${TOKEN}/getMe` }, `calling ${TOKEN}`);
    log.error({ err: new Error(`request to https://api.telegram.org/bot${TOKEN}/sendMessage failed`) }, "boom");
    const out = lines.join("");
    expect(out).not.toContain("AAbbCC");
    expect(out).toContain("<token>");
    expect(maskSecrets(`x ${TOKEN} y`)).toBe("x <token> y");
  });
});

describe("maskSecrets", () => {
  it("masks a token raw and URL-encoded, and a registered token's secret part alone", () => {
    const other = "987654321:ZZyyXXwwVVuuTTssRRqqPPooNNmmLLkkJJ";
    expect(maskSecrets(`a ${encodeURIComponent(other)} b ${encodeURIComponent(encodeURIComponent(other))} c`)).toBe("a <token> b <token> c");
    const secret = other.slice(other.indexOf(":") + 1);
    expect(maskSecrets(`echo ${secret}`)).toBe(`echo ${secret}`); // not registered: not known as a secret
    registerSecret(other);
    expect(maskSecrets(`echo ${secret}`)).toBe("echo <token>");
  });
});
