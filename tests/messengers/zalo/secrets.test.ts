// The Zalo token (`<digits>:<secret>`, the secret's alphabet undocumented) and
// the webhook secret are masked like the Telegram token: by shape, and, once
// registered, in every encoding, in logs and errors.
import { describe, expect, it } from "vitest";
import { maskedError, maskSecrets, registerSecretValue, registerZaloToken } from "../../../src/shared/log/secrets.js";
import { captureLogger } from "../../harness/log-lines.js";

// The shape seen live: 18 digits, 64 letters (not a real token).
const LIVE_SHAPE = "738400000000000443:AbcdEfghIjklMnopQrstUvwxYzabCdefGhijKlmnOpqrStuvWxyzAbcdEfghIjklMnop";

describe("masking the Zalo token", () => {
  it("masks a token of the live shape, unregistered, raw, in a URL and percent-encoded", () => {
    const secret = LIVE_SHAPE.split(":")[1]!;
    for (const text of [
      `token ${LIVE_SHAPE} end`,
      `POST https://bot-api.zaloplatforms.com/bot${LIVE_SHAPE}/getUpdates failed`,
      `{"url":"https://bot-api.zapps.me/bot${LIVE_SHAPE}/sendMessage"}`,
      `a ${encodeURIComponent(LIVE_SHAPE)} b ${encodeURIComponent(encodeURIComponent(LIVE_SHAPE))}`,
    ]) {
      const out = maskSecrets(text);
      expect(out).not.toContain(secret);
      expect(out).toContain("<token>");
    }
    // The method after the token stays readable.
    expect(maskSecrets(`/bot${LIVE_SHAPE}/getUpdates`)).toBe("/bot<token>/getUpdates");
  });

  it("masks, by shape, secrets with characters outside Telegram's alphabet", () => {
    const odd = "12345689:ab.c~d+e=f!g*h$i%20j";
    expect(maskSecrets(`x ${odd} y`)).toBe("x <token> y");
    expect(maskSecrets(`"${odd}"`)).toBe(`"<token>"`);
  });

  it("masks a registered token whatever its characters, raw, encoded and JSON-escaped, and its secret alone", () => {
    const token = `98765432:q"w/e\\r t+y=`;
    const secret = token.slice(token.indexOf(":") + 1);
    registerZaloToken(token);
    for (const form of [token, secret, encodeURIComponent(token), encodeURIComponent(encodeURIComponent(secret)), JSON.stringify(token), JSON.stringify({ secret })]) {
      const out = maskSecrets(`before ${form} after`);
      expect(out).toContain("<token>");
      expect(out).not.toContain("w/e");
      expect(out).not.toContain("t+y=");
      expect(out).not.toContain("t%2By");
    }
  });

  it("masks the registered webhook secret (8–256 characters, no shape) the same way, and leaves shorter values alone", () => {
    const secret = "hook-S3cr3t/with spaces";
    expect(maskSecrets(`header ${secret}`)).toContain(secret); // not known before it is registered
    registerSecretValue(secret);
    expect(maskSecrets(`header ${secret}`)).toBe("header <token>");
    expect(maskSecrets(encodeURIComponent(secret))).toBe("<token>");
    registerSecretValue("short"); // would mask ordinary words
    expect(maskSecrets("a short note")).toBe("a short note");
  });

  it("leaves ordinary text alone: times, dates, ids and amounts", () => {
    for (const text of ["at 10:30:45 on 05/12/2026", "2026-05-12T10:30:00.000Z", "chat 6ede9afa66b88fe6d6a9", "date 1750316131602", "7.081,7 tỷ đồng", "board 12: done", "123456: ok"]) {
      expect(maskSecrets(text)).toBe(text);
    }
  });

  it("keeps the token out of logged errors and of maskedError", () => {
    const log = captureLogger();
    const err = new Error(`request to https://bot-api.zaloplatforms.com/bot${LIVE_SHAPE}/sendMessage failed`);
    log.logger.error({ err, url: `https://bot-api.zaloplatforms.com/bot${LIVE_SHAPE}/getMe` }, `calling ${LIVE_SHAPE}`);
    expect(log.text()).not.toContain(LIVE_SHAPE.split(":")[1]!);
    expect(maskedError(err).message).toBe("request to https://bot-api.zaloplatforms.com/bot<token>/sendMessage failed");
  });
});
