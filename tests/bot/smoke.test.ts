import { afterEach, describe, expect, it } from "vitest";
import { Harness } from "../harness/harness.js";

let h: Harness;
afterEach(async () => h?.close());

describe("smoke", () => {
  it("answers /start", async () => {
    h = await Harness.create();
    const u = h.user(500, "Lan");
    await u.send("/start");
    expect(u.lastText()).toContain("Lan");
  });
});
