// The long-polling loop against the fake Zalo, on manual timers: what it hands
// to the handler, and how it lives through 408, 401, 429, 5xx, network
// failures, a webhook that is set, repeats and stop().
import { afterEach, describe, expect, it, vi } from "vitest";
import { ZaloApi } from "../../../src/messengers/zalo/api.js";
import type { ZaloEvent } from "../../../src/messengers/zalo/events.js";
import { backoffDelay, startZaloPolling, ZALO_TOKEN_REVOKED_LINE, type ZaloPolling, type ZaloPollingOptions } from "../../../src/messengers/zalo/polling.js";
import { FakeZalo, FAKE_ZALO_TOKEN, type FakeZaloFault } from "../../harness/fake-zalo.js";
import { captureLogger, LEVEL } from "../../harness/log-lines.js";
import { ManualTimers, type ManualTimer } from "../../harness/manual-timers.js";

const SECRET_PART = FAKE_ZALO_TOKEN.slice(FAKE_ZALO_TOKEN.indexOf(":") + 1);

/** Lets queued callbacks run: turns of the event loop, not time. */
async function turns(n = 20): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Events handled, with a wait for the n-th. */
class Handled {
  readonly events: ZaloEvent[] = [];
  private waiters: { n: number; resolve: () => void }[] = [];
  push(e: ZaloEvent): void {
    this.events.push(e);
    for (const w of this.waiters.filter((w) => this.events.length >= w.n)) w.resolve();
    this.waiters = this.waiters.filter((w) => this.events.length < w.n);
  }
  count(n: number): Promise<void> {
    if (this.events.length >= n) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ n, resolve }));
  }
  texts(): (string | undefined)[] {
    return this.events.map((e) => e.text);
  }
}

const running: ZaloPolling[] = [];
afterEach(async () => {
  for (const p of running.splice(0)) await p.stop(0);
});

function setup(opts: Partial<ZaloPollingOptions> & { errorStatus?: number | "error_code" } = {}) {
  const timers = new ManualTimers();
  const fake = new FakeZalo({ timers, errorStatus: opts.errorStatus });
  const api = new ZaloApi({ token: FAKE_ZALO_TOKEN, apiRoot: "http://fake.zalo", fetch: fake.fetch, timers });
  const log = captureLogger();
  const handled = new Handled();
  const start = (more: Partial<ZaloPollingOptions> = {}) => {
    const p = startZaloPolling({
      api,
      logger: log.logger,
      handle: (e) => handled.push(e),
      timers,
      random: () => 1,
      ...opts,
      ...more,
    });
    running.push(p);
    return p;
  };
  const warns = () => log.lines().filter((l) => l.level === LEVEL.warn);
  const errors = () => log.lines().filter((l) => l.level === LEVEL.error);
  const infos = () => log.lines().filter((l) => l.level === LEVEL.info);
  /** Waits for the next backoff timer not seen before; returns it. */
  const seen = new Set<number>();
  const nextBackoff = async (): Promise<ManualTimer> => {
    const t = await timers.waitFor((x) => x.what === "zalo polling backoff" && !seen.has(x.id));
    seen.add(t.id);
    return t;
  };
  return { timers, fake, api, log, handled, start, warns, errors, infos, nextBackoff };
}

describe("Zalo polling", () => {
  it("hands each event to the handler, in order", async () => {
    const { fake, handled, start } = setup();
    const ted = fake.user("Ted");
    fake.pushText(ted, "một");
    fake.pushText(ted, "hai");
    start();
    fake.pushText(ted, "ba");
    await handled.count(3);
    expect(handled.texts()).toEqual(["một", "hai", "ba"]);
    expect(fake.callsOf("getUpdates").every((c) => (c.payload as { timeout: string }).timeout === "30")).toBe(true);
  });

  it("polls again at once after an empty poll (408), with no backoff and no log line, whatever the HTTP status", async () => {
    for (const errorStatus of [200, "error_code" as const]) {
      const { timers, fake, handled, start, log } = setup({ errorStatus });
      start();
      const first = await timers.waitFor((t) => t.what === "fake zalo poll hold");
      timers.fire(first.id);
      const second = await timers.waitFor((t) => t.what === "fake zalo poll hold" && t.id !== first.id);
      timers.fire(second.id);
      await timers.waitFor((t) => t.what === "fake zalo poll hold" && t.id > second.id);
      expect(fake.callsOf("getUpdates").filter((c) => c.status === (errorStatus === 200 ? 200 : 408))).toHaveLength(2);
      expect(timers.history.filter((t) => t.what === "zalo polling backoff")).toEqual([]);
      expect(log.raw).toEqual([]);
      fake.pushText(fake.user(), "after");
      await handled.count(1);
    }
  });

  it("stops on 401: one line, onTokenRevoked once, no more calls, done resolves", async () => {
    const { timers, fake, start, errors, warns } = setup();
    fake.revokeToken();
    const onTokenRevoked = vi.fn();
    const p = start({ onTokenRevoked });
    expect(await p.done).toEqual({ reason: "token-revoked" });
    expect(onTokenRevoked).toHaveBeenCalledTimes(1);
    expect(errors().map((l) => l.msg)).toEqual([ZALO_TOKEN_REVOKED_LINE]);
    expect(warns()).toEqual([]);
    expect(fake.calls).toHaveLength(1);
    expect(timers.history.filter((t) => t.what === "zalo polling backoff")).toEqual([]);
    await turns();
    expect(fake.calls).toHaveLength(1);
  });

  it("stops on a 401 that answers a poll held open", async () => {
    const { fake, start } = setup();
    const onTokenRevoked = vi.fn();
    const p = start({ onTokenRevoked });
    await fake.waitForHeldPoll();
    fake.revokeToken();
    expect(await p.done).toEqual({ reason: "token-revoked" });
    expect(onTokenRevoked).toHaveBeenCalledTimes(1);
  });

  it("backs off on 429, 5xx and network failures: doubling from firstRetryMs, capped at maxRetryMs; one line for the stretch, one when Zalo answers again", async () => {
    const { timers, fake, handled, start, warns, infos, nextBackoff, log } = setup({ firstRetryMs: 1000, maxRetryMs: 8000 });
    fake.fail("getUpdates", { kind: "network" }, { times: 6 });
    start();
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      const t = await nextBackoff();
      delays.push(t.ms);
      timers.fire(t.id);
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
    await fake.waitForHeldPoll();
    fake.pushText(fake.user(), "back");
    await handled.count(1);
    expect(warns()).toHaveLength(1);
    expect(warns()[0]!.msg).toMatch(/cannot reach Zalo \(ECONNRESET\); retrying with backoff/);
    expect(infos().map((l) => l.msg)).toEqual([expect.stringMatching(/Zalo answers again, after 6 failed tries/)]);
    expect(log.text()).not.toContain(SECRET_PART);
  });

  it("halves the waits at the jitter's low end", async () => {
    const { timers, fake, start, nextBackoff } = setup({ firstRetryMs: 1000, maxRetryMs: 8000, random: () => 0 });
    fake.fail("getUpdates", { kind: "error", error_code: 500, description: "Internal" }, { times: 5 });
    start();
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = await nextBackoff();
      delays.push(t.ms);
      timers.fire(t.id);
    }
    expect(delays).toEqual([500, 1000, 2000, 4000, 4000]);
  });

  it("says each kind of failure once per stretch, however they alternate; a new stretch is told again", async () => {
    const { timers, fake, handled, start, warns, infos, nextBackoff, log } = setup({ firstRetryMs: 1000, maxRetryMs: 4000 });
    const kinds: FakeZaloFault[] = [
      { kind: "error", error_code: 429, description: "Quota exceeded" },
      { kind: "html", httpStatus: 502 },
      { kind: "error", error_code: 503, description: "Service Unavailable", httpStatus: 503 },
      { kind: "network" },
    ];
    for (let i = 0; i < 12; i++) fake.fail("getUpdates", kinds[i % 4]!, { times: 1 });
    start();
    for (let i = 0; i < 12; i++) timers.fire((await nextBackoff()).id);
    await fake.waitForHeldPoll();
    // 429 is "quota", 502 and 503 are "server", the reset is "unreachable": three kinds, three lines, not twelve.
    expect(warns().map((l) => l.msg)).toEqual([
      expect.stringMatching(/429 \(quota exceeded\)/),
      expect.stringMatching(/Zalo answers 502/),
      expect.stringMatching(/cannot reach Zalo/),
    ]);
    fake.pushText(fake.user(), "back");
    await handled.count(1);
    expect(infos()).toHaveLength(1);

    await fake.waitForHeldPoll();
    fake.fail("getUpdates", { kind: "error", error_code: 429, description: "Quota exceeded" }, { times: 2 });
    fake.pushText(fake.user(), "again"); // answered by the poll held now; the next two polls fail
    await handled.count(2);
    timers.fire((await nextBackoff()).id);
    timers.fire((await nextBackoff()).id);
    await fake.waitForHeldPoll();
    expect(warns()).toHaveLength(4);
    expect(log.text()).not.toContain(SECRET_PART);
  });

  it("repeats a lasting failure's line every repeatMs, not on every try", async () => {
    let now = 0;
    const { timers, fake, start, warns, nextBackoff } = setup({ firstRetryMs: 1000, maxRetryMs: 60_000, repeatMs: 15 * 60_000, now: () => now });
    fake.fail("getUpdates", { kind: "html", httpStatus: 504 });
    start();
    for (let i = 0; i < 40; i++) {
      const t = await nextBackoff();
      now += t.ms;
      timers.fire(t.id);
    }
    // 40 tries over 1+2+4+8+16+32+34·60 s ≈ 35 min: the first line, and one each 15 min after.
    expect(warns()).toHaveLength(3);
    expect(warns()[1]!.msg).toMatch(/\(still, \d+ tries since/);
  });

  it("jitters each wait between half and all of it", () => {
    expect(backoffDelay(1, 1000, 60_000, () => 0)).toBe(500);
    expect(backoffDelay(1, 1000, 60_000, () => 1)).toBe(1000);
    expect(backoffDelay(3, 1000, 60_000, () => 0.5)).toBe(3000);
    expect(backoffDelay(50, 1000, 60_000, () => 0)).toBe(30_000);
    expect(backoffDelay(50, 1000, 60_000, () => 1)).toBe(60_000);
  });

  it("says clearly once when getUpdates is refused because a webhook is set, and resumes when it is removed", async () => {
    const { timers, fake, api, handled, start, warns, infos, nextBackoff } = setup();
    await api.setWebhook("https://bot.example.org/zalo/webhook", "hook-secret-1");
    const onWebhookSet = vi.fn();
    start({ onWebhookSet });
    timers.fire((await nextBackoff()).id);
    timers.fire((await nextBackoff()).id);
    await nextBackoff();
    expect(onWebhookSet).toHaveBeenCalledTimes(1);
    expect(onWebhookSet).toHaveBeenCalledWith("https://bot.example.org/zalo/webhook");
    expect(warns()).toHaveLength(1);
    expect(warns()[0]!.msg).toContain("getUpdates is refused while a webhook is set (https://bot.example.org/zalo/webhook)");
    expect(warns()[0]!.msg).toContain("deleteWebhook");
    expect(JSON.stringify(warns())).not.toContain("hook-secret-1");
    await api.deleteWebhook();
    for (const pending of timers.list().filter((x) => x.what === "zalo polling backoff")) timers.fire(pending.id);
    await fake.waitForHeldPoll();
    fake.pushText(fake.user(), "polling again");
    await handled.count(1);
    expect(infos()).toHaveLength(1);
  });

  it("does not take another refusal for a webhook: a 400 with no webhook set is told as a refusal", async () => {
    const { timers, fake, start, warns, nextBackoff } = setup();
    fake.fail("getUpdates", { kind: "error", error_code: 400, description: "Bad Request" }, { times: 1 });
    const onWebhookSet = vi.fn();
    start({ onWebhookSet });
    timers.fire((await nextBackoff()).id);
    await fake.waitForHeldPoll();
    expect(onWebhookSet).not.toHaveBeenCalled();
    expect(warns()[0]!.msg).toMatch(/Zalo refuses getUpdates \(400 Bad Request\)/);
  });

  it("handles a repeated message_id once", async () => {
    const { fake, handled, start } = setup();
    const ted = fake.user();
    const a = fake.textEvent(ted, "a");
    fake.push(a);
    fake.push(a);
    fake.push(fake.textEvent(ted, "b"));
    start();
    await handled.count(2);
    await fake.waitForHeldPoll();
    await turns();
    expect(handled.texts()).toEqual(["a", "b"]);
    expect(fake.callsOf("getUpdates").length).toBeGreaterThanOrEqual(3);
  });

  it("asks the injected seen store, and handles the event when the store fails", async () => {
    const { fake, handled, start, errors } = setup();
    const claims: string[] = [];
    const seen = {
      claim: async (id: string) => {
        claims.push(id);
        if (claims.length === 2) return false; // "seen before"
        if (claims.length === 3) throw new Error("database is locked");
        return true;
      },
    };
    const ted = fake.user();
    const events = ["a", "b", "c"].map((t) => fake.pushText(ted, t));
    fake.push({ event_name: "message.unsupported.received" }); // no message_id: never a repeat, never claimed
    start({ seen });
    await handled.count(3);
    expect(claims).toEqual(events.map((e) => (e.message as { message_id: string }).message_id));
    expect(handled.events.map((e) => e.text ?? e.kind)).toEqual(["a", "c", "unsupported"]);
    expect(errors().map((l) => l.msg)).toEqual(["zalo polling: the seen-messages store failed; handling the event"]);
  });

  it("logs a handler's failure and goes on", async () => {
    const { fake, handled, start, errors } = setup();
    const ted = fake.user();
    fake.pushText(ted, "boom");
    fake.pushText(ted, "fine");
    start({
      handle: (e) => {
        if (e.text === "boom") throw new Error(`failed with ${FAKE_ZALO_TOKEN}`);
        handled.push(e);
      },
    });
    await handled.count(1);
    expect(handled.texts()).toEqual(["fine"]);
    expect(errors()).toHaveLength(1);
    expect(JSON.stringify(errors())).not.toContain(SECRET_PART);
  });

  it("keeps one chat's order, and never makes another chat wait for it", async () => {
    const { fake, handled, start } = setup();
    const gate = deferred();
    const a = fake.user("A");
    const b = fake.user("B");
    const started: string[] = [];
    start({
      handle: async (e) => {
        started.push(e.text!);
        if (e.text === "a1") await gate.promise;
        handled.push(e);
      },
    });
    fake.pushText(a, "a1");
    fake.pushText(a, "a2");
    fake.pushText(b, "b1");
    await handled.count(1);
    await fake.waitForHeldPoll();
    await turns();
    expect(handled.texts()).toEqual(["b1"]);
    expect(started).not.toContain("a2");
    gate.resolve();
    await handled.count(3);
    expect(handled.texts()).toEqual(["b1", "a1", "a2"]);
  });

  it("waits to poll again while maxInFlight handlers run", async () => {
    const { fake, start } = setup();
    const gate = deferred();
    const started: string[] = [];
    const p = start({
      maxInFlight: 2,
      handle: async (e) => {
        started.push(e.text!);
        await gate.promise;
      },
    });
    for (const t of ["1", "2", "3"]) fake.pushText(fake.user(), t);
    while (started.length < 2) await turns(1);
    await turns();
    expect(p.inFlight()).toBe(2);
    expect(fake.pending()).toHaveLength(1);
    expect(fake.heldPolls()).toBe(0);
    gate.resolve();
    while (started.length < 3) await turns(1);
    expect(started).toEqual(["1", "2", "3"]);
  });

  it("stop() aborts the poll held open, waits for the handler running, and leaves later events with Zalo", async () => {
    const { fake, start } = setup();
    const gate = deferred();
    let finished = false;
    let began = false;
    const p = start({
      handle: async () => {
        began = true;
        await gate.promise;
        finished = true;
      },
    });
    fake.pushText(fake.user(), "slow");
    while (!began) await turns(1);
    await fake.waitForHeldPoll();
    let stopped = false;
    const stopping = p.stop().then(() => (stopped = true));
    expect(await p.done).toEqual({ reason: "stopped" });
    expect(fake.heldPolls()).toBe(0);
    await turns();
    expect(stopped).toBe(false);
    gate.resolve();
    await stopping;
    expect(finished).toBe(true);
    fake.pushText(fake.user(), "later");
    await turns();
    expect(fake.pending()).toHaveLength(1);
  });

  it("stop() during a backoff ends at once", async () => {
    const { fake, start, nextBackoff } = setup();
    fake.fail("getUpdates", { kind: "network" });
    const p = start();
    await nextBackoff();
    await p.stop();
    expect(await p.done).toEqual({ reason: "stopped" });
  });
});
