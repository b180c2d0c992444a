// The fairness rules as plain functions of a key and a time.
import { describe, expect, it } from "vitest";
import { OncePer, RateLimiter } from "../../src/chat/middleware/rate-limit.js";

describe("RateLimiter (a token bucket per key)", () => {
  const rule = { burst: 3, refillMs: 1000, warnEveryMs: 60_000 };

  it("lets a burst through, then one per refill, warning once per warning period", () => {
    const r = new RateLimiter(rule);
    expect([0, 0, 0, 0, 0].map((t) => r.take("a", t))).toEqual(["pass", "pass", "pass", "warn", "drop"]);
    expect(r.take("b", 0)).toBe("pass"); // keys are apart
    expect(r.take("a", 999)).toBe("drop");
    expect(r.take("a", 1000)).toBe("pass");
    expect(r.take("a", 1500)).toBe("drop"); // half a token
    expect(r.take("a", 2000)).toBe("pass");
    expect(r.take("a", 59_999)).toBe("pass"); // refilled to the burst, not beyond
    expect([59_999, 59_999, 59_999].map((t) => r.take("a", t))).toEqual(["pass", "pass", "drop"]);
    expect(r.take("a", 60_000)).toBe("warn"); // a minute after the first warning
  });

  it("forgets keys that refilled, so that a flood of new ids stays bounded", () => {
    const r = new RateLimiter(rule, 1000);
    for (let i = 0; i < 50_000; i++) r.take(`id${i}`, i * 10); // each key idle long enough to refill
    expect(r.size).toBeLessThanOrEqual(2000);
  });
});

describe("OncePer", () => {
  it("says yes once per key and window", () => {
    const o = new OncePer(3_600_000);
    expect(o.allow("g:1", 0)).toBe(true);
    expect(o.allow("g:1", 3_599_999)).toBe(false);
    expect(o.allow("g:2", 10)).toBe(true);
    expect(o.allow("g:1", 3_600_000)).toBe(true);
  });

  it("forgets keys whose window passed", () => {
    const o = new OncePer(100, 1000);
    for (let i = 0; i < 50_000; i++) o.allow(`id${i}`, i);
    expect(o.size).toBeLessThanOrEqual(2000);
  });
});
