// The fake Zalo is strict where shared/notes/zalo.md §8 is sure and lenient
// where it is not, the same in-process and over HTTP: later tests rely on it
// refusing what Zalo would refuse.
import { afterEach, describe, expect, it } from "vitest";
import { FakeZalo, FAKE_ZALO_TOKEN, rawPost } from "../../harness/fake-zalo.js";
import { ManualTimers } from "../../harness/manual-timers.js";

type Reply = { status: number; json: { ok: boolean; error_code?: number; description?: string; result?: unknown } };

const fakes: FakeZalo[] = [];
afterEach(async () => {
  for (const f of fakes.splice(0)) await f.close();
});

/** Both transports: the in-process fetch, and real HTTP to the fake's server. */
const transports = [
  {
    name: "in-process",
    async make(opts: ConstructorParameters<typeof FakeZalo>[0] = {}) {
      const fake = new FakeZalo(opts);
      const send = async (path: string, body: unknown, init: { method?: string; contentType?: string } = {}): Promise<Reply> => {
        const res = await fake.fetch(`http://fake.zalo${path}`, {
          method: init.method ?? "POST",
          headers: init.contentType === "" ? {} : { "content-type": init.contentType ?? "application/json" },
          body: typeof body === "string" ? body : JSON.stringify(body),
          signal: new AbortController().signal,
        });
        return { status: res.status, json: (await res.json()) as Reply["json"] };
      };
      return { fake, send };
    },
  },
  {
    name: "HTTP",
    async make(opts: ConstructorParameters<typeof FakeZalo>[0] = {}) {
      const fake = new FakeZalo(opts);
      fakes.push(fake);
      const root = await fake.listen();
      const send = async (path: string, body: unknown, init: { method?: string; contentType?: string } = {}): Promise<Reply> => {
        const headers: Record<string, string> = init.contentType === "" ? {} : { "content-type": init.contentType ?? "application/json" };
        if ((init.method ?? "POST") !== "POST") {
          const res = await fetch(`${root}${path}`, { method: init.method, headers });
          return { status: res.status, json: (await res.json()) as Reply["json"] };
        }
        const res = await rawPost(`${root}${path}`, headers, typeof body === "string" ? body : JSON.stringify(body));
        return { status: res.status, json: JSON.parse(res.body) as Reply["json"] };
      };
      return { fake, send };
    },
  },
];

const T = `/bot${FAKE_ZALO_TOKEN}`;

describe.each(transports)("fake Zalo ($name)", ({ make }) => {
  it("is strict about the path, the method's case, the token, POST and JSON", async () => {
    const { send, fake } = await make();
    expect((await send(`${T}/getMe`, {})).json.ok).toBe(true);
    expect((await send(`${T}/getme`, {})).json).toMatchObject({ ok: false, error_code: 400 });
    expect((await send(`${T}/sendDocument`, {})).json).toMatchObject({ ok: false, error_code: 400 });
    expect((await send(`/bot${FAKE_ZALO_TOKEN}getMe`, {})).json).toMatchObject({ ok: false, error_code: 400 });
    expect((await send(`/bot${FAKE_ZALO_TOKEN}/x/getMe`, {})).json).toMatchObject({ ok: false, error_code: 400 });
    expect((await send(`/bot1:wrong/getMe`, {})).json).toMatchObject({ ok: false, error_code: 401 });
    expect((await send(`${T}/getMe`, {}, { method: "GET" })).json).toMatchObject({ ok: false, error_code: 400 });
    expect((await send(`${T}/getMe`, "chat_id=1", { contentType: "application/x-www-form-urlencoded" })).json).toMatchObject({ ok: false, error_code: 400 });
    expect((await send(`${T}/getMe`, "{not json")).json).toMatchObject({ ok: false, error_code: 400 });
    expect((await send(`${T}/getMe`, "[1]")).json).toMatchObject({ ok: false, error_code: 400 });
    fake.revokeToken();
    expect((await send(`${T}/getMe`, {})).json).toMatchObject({ ok: false, error_code: 401 });
  });

  it("requires chat_id as a string and text or caption of 1–2,000 UTF-16 units; accepts parse_mode and text_styles", async () => {
    const { send, fake } = await make();
    const id = fake.user().id;
    expect((await send(`${T}/sendMessage`, { chat_id: id, text: "x".repeat(2000), parse_mode: "html", text_styles: [{ start: 0, len: 1, st: ["b"] }] })).json.ok).toBe(true);
    for (const body of [
      { chat_id: id },
      { chat_id: id, text: "" },
      { chat_id: id, text: "x".repeat(2001) },
      { chat_id: id, text: "😀".repeat(1001) },
      { chat_id: 123, text: "hi" },
      { text: "hi" },
    ]) {
      expect((await send(`${T}/sendMessage`, body)).json).toMatchObject({ ok: false, error_code: 400 });
    }
    expect((await send(`${T}/sendPhoto`, { chat_id: id, photo: "https://x.example/a.png", caption: "c" })).json.ok).toBe(true);
    expect((await send(`${T}/sendPhoto`, { chat_id: id, photo: "not a url" })).json.ok).toBe(false);
    expect((await send(`${T}/sendPhoto`, { chat_id: id, photo: "https://x.example/a.png", caption: "" })).json.ok).toBe(false);
    expect((await send(`${T}/sendSticker`, { chat_id: id })).json.ok).toBe(false);
    expect((await send(`${T}/sendChatAction`, { chat_id: id, action: "dancing" })).json.ok).toBe(false);
    expect((await send(`${T}/sendChatAction`, { chat_id: id, action: "typing" })).json).toEqual({ ok: true });
  });

  it("answers every send with a 20-hex message_id and an epoch-ms date", async () => {
    const { send, fake } = await make({ now: () => 1750316131602 });
    const r = await send(`${T}/sendMessage`, { chat_id: fake.user().id, text: "hi" });
    expect(r.json.result).toEqual({ message_id: expect.stringMatching(/^[0-9a-f]{20}$/), date: 1750316131602 });
  });

  it("setWebhook wants an https url and an 8–256 character secret; getWebhookInfo never shows it; getUpdates is refused meanwhile", async () => {
    const { send } = await make();
    expect((await send(`${T}/setWebhook`, { url: "http://x.example/h", secret_token: "12345678" })).json.ok).toBe(false);
    expect((await send(`${T}/setWebhook`, { url: "https://x.example/h", secret_token: "1234567" })).json.ok).toBe(false);
    expect((await send(`${T}/setWebhook`, { url: "https://x.example/h", secret_token: "x".repeat(257) })).json.ok).toBe(false);
    expect((await send(`${T}/setWebhook`, { url: "https://x.example/h", secret_token: "12345678" })).json).toMatchObject({ ok: true, result: { url: "https://x.example/h" } });
    const info = await send(`${T}/getWebhookInfo`, {});
    expect(info.json.result).toEqual({ url: "https://x.example/h", updated_at: expect.any(Number) });
    expect((await send(`${T}/getUpdates`, { timeout: "30" })).json).toMatchObject({ ok: false });
    expect((await send(`${T}/deleteWebhook`, {})).json.result).toMatchObject({ url: "" });
  });

  it("hands over one event per poll, with no offset, and takes the timeout as a string or a number", async () => {
    const timers = new ManualTimers();
    const { send, fake } = await make({ timers });
    const ted = fake.user("Ted");
    fake.pushText(ted, "một");
    fake.pushText(ted, "hai");
    const first = await send(`${T}/getUpdates`, { timeout: "30" });
    const second = await send(`${T}/getUpdates`, { timeout: 30, offset: 999 });
    expect(first.json.result).toMatchObject({ event_name: "message.text.received", message: { text: "một", chat: { id: ted.id, chat_type: "PRIVATE" }, from: { id: ted.id } } });
    expect(second.json.result).toMatchObject({ message: { text: "hai" } });
    const empty = send(`${T}/getUpdates`, { timeout: 5 });
    const hold = await timers.waitFor((t) => t.what === "fake zalo poll hold");
    expect(hold.ms).toBe(5000);
    timers.fire(hold.id);
    expect((await empty).json).toEqual({ ok: false, error_code: 408, description: "Request timeout" });
    expect((await send(`${T}/getUpdates`, { timeout: "soon" })).json.ok).toBe(false);
  });

  it("answers a held poll as soon as an event is pushed", async () => {
    const { send, fake } = await make();
    const poll = send(`${T}/getUpdates`, { timeout: 30 });
    await fake.waitForHeldPoll();
    fake.pushText(fake.user(), "now");
    expect((await poll).json.result).toMatchObject({ message: { text: "now" } });
  });

  it("lets a test choose the HTTP status of ok:false answers", async () => {
    for (const [errorStatus, expected] of [[200, 200], [400, 400], ["error_code", 429]] as const) {
      const { send, fake } = await make({ errorStatus });
      fake.fail("sendMessage", { kind: "error", error_code: 429, description: "Quota exceeded" });
      const r = await send(`${T}/sendMessage`, { chat_id: fake.user().id, text: "x" });
      expect(r.status).toBe(expected);
      expect(r.json).toEqual({ ok: false, error_code: 429, description: "Quota exceeded" });
    }
  });
});
