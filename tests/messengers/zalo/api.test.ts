// The Zalo Bot API client against the fake (in-process, and over HTTP where the
// transport matters): what it sends, what it reads back, and how it fails.
import { afterEach, describe, expect, it } from "vitest";
import { ZaloApi, ZaloApiError, ZaloNetworkError, ZaloRequestError, ZALO_API_ROOT } from "../../../src/messengers/zalo/api.js";
import { AbortedError } from "../../../src/messengers/zalo/timers.js";
import { FakeZalo, FAKE_ZALO_TOKEN } from "../../harness/fake-zalo.js";
import { captureLogger } from "../../harness/log-lines.js";
import { ManualTimers } from "../../harness/manual-timers.js";

const SECRET_PART = FAKE_ZALO_TOKEN.slice(FAKE_ZALO_TOKEN.indexOf(":") + 1);

function setup(opts: { errorStatus?: number | "error_code"; timers?: ManualTimers } = {}) {
  const fake = new FakeZalo({ errorStatus: opts.errorStatus, timers: opts.timers });
  const api = new ZaloApi({ token: FAKE_ZALO_TOKEN, apiRoot: "http://fake.zalo/", fetch: fake.fetch, timers: opts.timers });
  return { fake, api };
}

/** Everything an error shows: message, stack, own fields, JSON. */
function allOf(e: unknown): string {
  const err = e as Error;
  return [String(err), err.message, err.stack, JSON.stringify(err), JSON.stringify(Object.entries(err))].join("\n");
}

async function caught(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("expected a rejection");
}

const fakes: FakeZalo[] = [];
afterEach(async () => {
  for (const f of fakes.splice(0)) await f.close();
});

describe("ZaloApi: calls", () => {
  it("POSTs JSON to <apiRoot>/bot<token>/<method> and reads getMe", async () => {
    const { fake, api } = setup();
    const me = await api.getMe();
    expect(me).toEqual({ id: FAKE_ZALO_TOKEN.split(":")[0], accountName: "bot.KhoiThiDua", accountType: "BASIC", canJoinGroups: false });
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]!.payload).toEqual({});
    expect(api.apiRoot).toBe("http://fake.zalo"); // the trailing "/" dropped
  });

  it("defaults to the documented host", () => {
    expect(ZALO_API_ROOT).toBe("https://bot-api.zaloplatforms.com");
    expect(new ZaloApi({ token: FAKE_ZALO_TOKEN }).apiRoot).toBe(ZALO_API_ROOT);
  });

  it("refuses an apiRoot that is not an http(s) URL, and a token of another shape", () => {
    expect(() => new ZaloApi({ token: FAKE_ZALO_TOKEN, apiRoot: "ftp://x" })).toThrow(/apiRoot/);
    expect(() => new ZaloApi({ token: FAKE_ZALO_TOKEN, apiRoot: "https://x/?a=1" })).toThrow(/apiRoot/);
    expect(() => new ZaloApi({ token: "not-a-token" })).toThrow(/<digits>:<secret>/);
  });

  it("sendMessage sends chat_id and text and returns message_id and the date from epoch ms", async () => {
    const { fake, api } = setup();
    const ted = fake.user("Ted");
    const sent = await api.sendMessage(ted.id, "Xin chào “Ban quản lý”");
    const call = fake.callsOf("sendMessage")[0]!;
    expect(call.payload).toEqual({ chat_id: ted.id, text: "Xin chào “Ban quản lý”" });
    const answer = call.answer as { result: { message_id: string; date: number } };
    expect(sent.messageId).toBe(answer.result.message_id);
    expect(sent.messageId).toMatch(/^[0-9a-f]{20}$/);
    expect(sent.date?.getTime()).toBe(answer.result.date); // ms, not ×1000
    expect(fake.sent.get(ted.id)?.map((m) => m.text)).toEqual(["Xin chào “Ban quản lý”"]);
  });

  it("sendPhoto sends the URL and caption; sendChatAction sends typing", async () => {
    const { fake, api } = setup();
    const ted = fake.user();
    await api.sendPhoto(ted.id, "https://bot.example.org/files/abc", "Biểu đồ");
    await api.sendChatAction(ted.id);
    expect(fake.callsOf("sendPhoto")[0]!.payload).toEqual({ chat_id: ted.id, photo: "https://bot.example.org/files/abc", caption: "Biểu đồ" });
    expect(fake.callsOf("sendChatAction")[0]!.payload).toEqual({ chat_id: ted.id, action: "typing" });
    await api.sendPhoto(ted.id, "https://bot.example.org/files/def");
    expect(fake.callsOf("sendPhoto")[1]!.payload).toEqual({ chat_id: ted.id, photo: "https://bot.example.org/files/def" });
  });

  it("setWebhook, getWebhookInfo (no secret) and deleteWebhook", async () => {
    const { fake, api } = setup();
    const set = await api.setWebhook("https://bot.example.org/zalo/webhook", "s3cret-s3cret");
    expect(set.url).toBe("https://bot.example.org/zalo/webhook");
    expect(set.updatedAt).toBeInstanceOf(Date);
    expect(fake.callsOf("setWebhook")[0]!.payload).toEqual({ url: "https://bot.example.org/zalo/webhook", secret_token: "s3cret-s3cret" });
    expect(await api.getWebhookInfo()).toMatchObject({ url: "https://bot.example.org/zalo/webhook" });
    expect(JSON.stringify(fake.callsOf("getWebhookInfo")[0]!.answer)).not.toContain("s3cret");
    expect((await api.deleteWebhook()).url).toBe("");
    expect((await api.getWebhookInfo()).url).toBe("");
  });

  it("getUpdates sends the timeout as a string and returns the one event, parsed", async () => {
    const { fake, api } = setup();
    const ted = fake.user("Ted");
    const raw = fake.pushText(ted, "Xin chào");
    const events = await api.getUpdates({ timeoutSeconds: 25 });
    expect(fake.callsOf("getUpdates")[0]!.payload).toEqual({ timeout: "25" });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: "text", text: "Xin chào", messageId: (raw.message as { message_id: string }).message_id, from: { id: ted.id, displayName: "Ted" }, chat: { id: ted.id, type: "private" } });
  });

  it("getUpdates: 408 means nothing arrived, whatever the HTTP status", async () => {
    for (const errorStatus of [200, "error_code" as const]) {
      const timers = new ManualTimers();
      const { fake, api } = setup({ errorStatus, timers });
      const poll = api.getUpdates({ timeoutSeconds: 30 });
      const hold = await timers.waitFor((t) => t.what === "fake zalo poll hold");
      expect(hold.ms).toBe(30_000);
      timers.fire(hold.id);
      expect(await poll).toEqual([]);
      expect(fake.callsOf("getUpdates")[0]!.status).toBe(errorStatus === 200 ? 200 : 408);
    }
  });

  it("checks text and captions to be 1–2,000 UTF-16 units before sending anything", async () => {
    const { fake, api } = setup();
    const id = fake.user().id;
    await api.sendMessage(id, "x".repeat(2000));
    await api.sendMessage(id, "😀".repeat(1000)); // 2,000 UTF-16 units
    for (const text of ["", "x".repeat(2001), "😀".repeat(1000) + "x"]) {
      const e = await caught(api.sendMessage(id, text));
      expect(e).toBeInstanceOf(ZaloRequestError);
      expect((e as ZaloRequestError).field).toBe("text");
    }
    const e = await caught(api.sendPhoto(id, "https://x.example/p.png", "c".repeat(2001)));
    expect((e as ZaloRequestError).field).toBe("caption");
    expect(await caught(api.sendPhoto(id, "https://x.example/p.png", ""))).toBeInstanceOf(ZaloRequestError);
    expect(await caught(api.sendPhoto(id, "file:///etc/passwd"))).toBeInstanceOf(ZaloRequestError);
    expect(await caught(api.setWebhook("http://bot.example.org/hook", "12345678"))).toBeInstanceOf(ZaloRequestError);
    expect(await caught(api.setWebhook("https://bot.example.org/hook", "1234567"))).toBeInstanceOf(ZaloRequestError);
    expect(await caught(api.sendMessage("", "hi"))).toBeInstanceOf(ZaloRequestError);
    expect(fake.callsOf("sendMessage")).toHaveLength(2);
    expect(fake.callsOf("sendPhoto")).toHaveLength(0);
    expect(fake.callsOf("setWebhook")).toHaveLength(0);
  });
});

describe("ZaloApi: errors never hold the token or the URL", () => {
  it("ok:false answers are ZaloApiError with code, description and method, under HTTP 200 and 4xx alike", async () => {
    for (const errorStatus of [200, "error_code" as const]) {
      const { fake, api } = setup({ errorStatus });
      fake.fail("sendMessage", { kind: "error", error_code: 429, description: "Quota exceeded" });
      const e = (await caught(api.sendMessage(fake.user().id, "hi"))) as ZaloApiError;
      expect(e).toBeInstanceOf(ZaloApiError);
      expect(e).toMatchObject({ errorCode: 429, description: "Quota exceeded", method: "sendMessage", httpStatus: errorStatus === 200 ? 200 : 429 });
      expect(allOf(e)).not.toContain(SECRET_PART);
      expect(allOf(e)).not.toContain("fake.zalo");
    }
  });

  it("a revoked token answers 401", async () => {
    const { fake, api } = setup();
    fake.revokeToken();
    const e = (await caught(api.getMe())) as ZaloApiError;
    expect(e.errorCode).toBe(401);
    expect(allOf(e)).not.toContain(SECRET_PART);
  });

  it("a description that echoes the token is masked", async () => {
    const { fake, api } = setup();
    fake.fail("getMe", { kind: "error", error_code: 400, description: `bad path /bot${FAKE_ZALO_TOKEN}/getMe` });
    const e = (await caught(api.getMe())) as ZaloApiError;
    expect(e.description).toContain("<token>");
    expect(allOf(e)).not.toContain(SECRET_PART);
  });

  it("a gateway's HTML page (echoing the URL) gives its HTTP status, never its body", async () => {
    const { fake, api } = setup();
    fake.fail("getUpdates", { kind: "html", httpStatus: 502 });
    const e = (await caught(api.getUpdates())) as ZaloApiError;
    expect(e).toBeInstanceOf(ZaloApiError);
    expect(e.errorCode).toBe(502);
    expect(allOf(e)).not.toContain(SECRET_PART);
    expect(allOf(e)).not.toContain("/bot");
  });

  it("a network failure whose cause names the URL is a ZaloNetworkError without it", async () => {
    const { fake, api } = setup();
    fake.fail("sendMessage", { kind: "network" });
    const e = (await caught(api.sendMessage(fake.user().id, "hi"))) as ZaloNetworkError;
    expect(e).toBeInstanceOf(ZaloNetworkError);
    expect(e).toMatchObject({ method: "sendMessage", timedOut: false, reason: "ECONNRESET" });
    expect(allOf(e)).not.toContain(SECRET_PART);
    expect(allOf(e)).not.toContain("fake.zalo");
    expect(e.cause).toBeUndefined();
  });

  it("every call has a time limit (getUpdates: its long-poll time on top)", async () => {
    const timers = new ManualTimers();
    const { fake, api } = setup({ timers });
    fake.fail("sendMessage", { kind: "hang" });
    const send = caught(api.sendMessage(fake.user().id, "hi"));
    const limit = await timers.waitFor((t) => t.what === "zalo sendMessage time limit");
    expect(limit.ms).toBe(15_000);
    timers.fire(limit.id);
    const e = (await send) as ZaloNetworkError;
    expect(e).toBeInstanceOf(ZaloNetworkError);
    expect(e.timedOut).toBe(true);
    expect(allOf(e)).not.toContain(SECRET_PART);

    fake.fail("getUpdates", { kind: "hang" });
    const poll = caught(api.getUpdates({ timeoutSeconds: 30 }));
    const pollLimit = await timers.waitFor((t) => t.what === "zalo getUpdates time limit");
    expect(pollLimit.ms).toBe(30_000 + 15_000);
    timers.fire(pollLimit.id);
    expect(((await poll) as ZaloNetworkError).timedOut).toBe(true);

    fake.fail("sendPhoto", { kind: "hang" });
    const photo = caught(api.sendPhoto(fake.user().id, "https://x.example/a.png"));
    const photoLimit = await timers.waitFor((t) => t.what === "zalo sendPhoto time limit");
    expect(photoLimit.ms).toBe(60_000); // Zalo downloads the image before it answers
    timers.fire(photoLimit.id);
    expect(((await photo) as ZaloNetworkError).timedOut).toBe(true);
  });

  it("an abort rejects with AbortedError at once and clears the time limit", async () => {
    const timers = new ManualTimers();
    const { fake, api } = setup({ timers });
    fake.fail("getMe", { kind: "hang" });
    const controller = new AbortController();
    const call = caught(api.getMe({ signal: controller.signal }));
    await timers.waitFor((t) => t.what === "zalo getMe time limit");
    controller.abort();
    expect(await call).toBeInstanceOf(AbortedError);
    expect(timers.list()).toEqual([]);
  });

  it("logged errors hold no token either (the logger masks, the errors carry none)", async () => {
    const { fake, api } = setup();
    const log = captureLogger();
    fake.fail("sendMessage", { kind: "network" });
    fake.fail("getMe", { kind: "html", httpStatus: 504 });
    fake.fail("getUpdates", { kind: "error", error_code: 500, description: `internal error at /bot${FAKE_ZALO_TOKEN}/getUpdates` });
    for (const p of [api.sendMessage(fake.user().id, "hi"), api.getMe(), api.getUpdates()]) log.logger.error({ err: await caught(p) }, "failed");
    expect(log.raw).toHaveLength(3);
    expect(log.text()).not.toContain(SECRET_PART);
  });
});

describe("ZaloApi over real HTTP", () => {
  it("works against the fake's HTTP server, and a destroyed socket or a hang is a ZaloNetworkError without the token", async () => {
    const fake = new FakeZalo();
    fakes.push(fake);
    const root = await fake.listen();
    const timers = new ManualTimers();
    const api = new ZaloApi({ token: FAKE_ZALO_TOKEN, apiRoot: root, timers });
    const ted = fake.user("Ted");
    expect((await api.sendMessage(ted.id, "Xin chào")).messageId).toMatch(/^[0-9a-f]{20}$/);
    fake.pushText(ted, "một");
    expect((await api.getUpdates())[0]).toMatchObject({ kind: "text", text: "một" });

    fake.fail("getMe", { kind: "network" }, { times: 1 });
    const e = (await caught(api.getMe())) as ZaloNetworkError;
    expect(e).toBeInstanceOf(ZaloNetworkError);
    expect(allOf(e)).not.toContain(SECRET_PART);
    expect(allOf(e)).not.toContain(root);

    fake.fail("getMe", { kind: "hang" }, { times: 1 });
    const hung = caught(api.getMe());
    const limit = await timers.waitFor((t) => t.what === "zalo getMe time limit");
    timers.fire(limit.id);
    expect(((await hung) as ZaloNetworkError).timedOut).toBe(true);

    const wrong = new ZaloApi({ token: "1:abcdefgh", apiRoot: root });
    expect(((await caught(wrong.getMe())) as ZaloApiError).errorCode).toBe(401);
  });
});
