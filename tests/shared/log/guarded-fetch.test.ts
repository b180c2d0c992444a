// The fetch the Bot API client uses (guardedFetch, src/shared/log/secrets.ts): what
// people wrote reaches the bot exactly as they wrote it, whatever it looks like;
// only an error answer is masked. A getUpdates answer once had a button's data
// "nb:2d493320:1:motion" turned into "nb:2d<token>" (the digits before a colon
// looked like a token), and the dialogue answered "this button has expired"
// whenever the random part of its buttons ended in six digits.
import { describe, expect, it } from "vitest";
import { guardedFetch, registerSecret } from "../../../src/shared/log/secrets.js";

const TOKEN = "987654321:GUARDED_fetch_test_token_abcdefghijklmno";
registerSecret(TOKEN);

/** A fetch answering `status` with `body`. */
const answering = (status: number, body: string) => guardedFetch(async () => new Response(body, { status }));

describe("guardedFetch", () => {
  it("passes a successful answer through untouched, even where it looks like a token", async () => {
    const update = {
      ok: true,
      result: [
        { update_id: 1, callback_query: { id: "1", data: "nb:2d493320:1:motion" } },
        { update_id: 2, message: { text: "Số hiệu 20261130:abcdefgh và 123456789:ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefgh" } },
      ],
    };
    const body = JSON.stringify(update);
    const res = await answering(200, body)("https://api.example/bot/getUpdates");
    expect(await res.json()).toEqual(update);
  });

  it("masks the token in an answer that is not a success, in text and when parsed", async () => {
    const page = `<html>502 Bad Gateway for https://api.example/bot${TOKEN}/getUpdates</html>`;
    const text = await (await answering(502, page)("https://api.example/x")).text();
    expect(text).not.toContain(TOKEN);
    expect(text).toContain("<token>");
    const json = (await (await answering(400, JSON.stringify({ ok: false, description: `bad ${TOKEN}` }))("https://api.example/x")).json()) as { description: string };
    expect(json.description).not.toContain(TOKEN.slice(TOKEN.indexOf(":") + 1));
    expect(json.description).toMatch(/^bad .*<token>$/);
  });

  it("throws a failed request's error without the token", async () => {
    const failing = guardedFetch(async () => {
      throw new Error(`request to https://api.example/bot${TOKEN}/getMe failed, reason: ECONNREFUSED`);
    });
    const err = (await failing("https://api.example/x").then(
      () => new Error("no error"),
      (e: unknown) => e,
    )) as Error;
    expect(err.message).not.toContain(TOKEN);
    expect(String(err.stack)).not.toContain(TOKEN);
  });
});
