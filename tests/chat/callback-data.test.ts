// Button data built from ids, positions, pages and ranges fits Telegram's 64
// bytes and the shape its handler reads, whatever the values (up to the 9-digit
// ids the handlers accept), and keyboards keep Telegram's 100 buttons and 8 a
// row. tests/chat/long-texts.test.ts presses such buttons through the bot.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InlineKeyboard } from "grammy";
import { Harness } from "../harness/harness.js";
import { ballotChoices, nominationChoices } from "../../src/features/ballots/views.js";
import { choicesKeyboard } from "../../src/chat/choices.js";
import { keyboardParts, rowsOf } from "../../src/chat/keyboards.js";
import { summaryCoverageChoices, summaryChoices, summaryShortChoices } from "../../src/features/summaries/views.js";
import { translator } from "../../src/shared/i18n/messages.js";
import { reminderMessage } from "../../src/features/reminders/views.js";
import { keyboardOf } from "../../src/messengers/telegram/outbound.js";
import type { BallotView } from "../../src/features/ballots/store.js";
import type { Deps } from "../../src/shared/deps.js";
import { monthRange, quarterRange, summarize, yearRange, ytdRange } from "../../src/features/summaries/rules.js";
import type { IndicatorDef } from "../../src/features/reports/rules/reports.js";

// The shapes the handlers read (src/bot/features/*.ts).
const HANDLED = [
  /^bv:\d{1,9}:\d{1,3}$/, /^bp:\d{1,9}:\d{1,4}$/, /^bn:\d{1,9}:\d{1,9}$/, /^bnp:\d{1,9}:\d{1,4}$/,
  /^sm:[icxsr]:[mqyt]\d{4}(?:-\d{1,2})?(?::\d{1,4})?$/, /^rep:\d{1,9}:\d{1,9}$/, /^inv:b:\d{1,9}$/,
];

let h: Harness;
let deps: Deps;
beforeAll(async () => {
  h = await Harness.create();
  deps = h.app.deps;
});
afterAll(async () => h.close());

function expectWithinLimits(kb: InlineKeyboard) {
  const buttons = kb.inline_keyboard.flat();
  expect(buttons.length).toBeLessThanOrEqual(100);
  for (const row of kb.inline_keyboard) expect(row.length).toBeLessThanOrEqual(8);
  for (const b of buttons) {
    const data = "callback_data" in b ? b.callback_data : "";
    expect(Buffer.byteLength(data)).toBeGreaterThan(0);
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
    expect(HANDLED.some((p) => p.test(data)), data).toBe(true);
  }
}

const id = fc.integer({ min: 1, max: 999_999_999 });

describe("button data", () => {
  it("of a ballot's and a nomination's group message, any page", () => {
    fc.assert(
      fc.property(id, fc.integer({ min: 1, max: 400 }), fc.integer({ min: 0, max: 20 }), fc.array(id, { minLength: 1, maxLength: 400 }), (ballotId, n, page, boardIds) => {
        const ballot = {
          id: ballotId, kind: "leader", candidates: Array.from({ length: n }, (_, i) => ({ position: i, boardId: i + 1, label: `Ban ${"ắ".repeat(40)} ${i}` })),
        } as unknown as BallotView;
        expectWithinLimits(choicesKeyboard(ballotChoices(translator(deps.i18n, "vi"), ballot, page)));
        expectWithinLimits(choicesKeyboard(nominationChoices(ballotId, boardIds.map((b, i) => ({ id: b, shortName: `Ban ${i}` })), page)));
      }),
      { numRuns: 200 },
    );
  });

  it("of a summary, for every kind of range and any number of indicators", () => {
    const range = fc.oneof(
      fc.record({ year: fc.integer({ min: 2000, max: 2100 }), month: fc.integer({ min: 1, max: 12 }) }).map((k) => monthRange(k)),
      fc.tuple(fc.integer({ min: 2000, max: 2100 }), fc.integer({ min: 1, max: 4 })).map(([y, q]) => quarterRange(y, q)),
      fc.integer({ min: 2000, max: 2100 }).map(yearRange),
      fc.tuple(fc.integer({ min: 2000, max: 2100 }), fc.integer({ min: 1, max: 12 })).map(([y, m]) => ytdRange(y, m)),
    );
    fc.assert(
      fc.property(range, fc.integer({ min: 1, max: 300 }), fc.nat(), (r, n, at) => {
        const indicators: IndicatorDef[] = Array.from({ length: n }, (_, i) => ({
          id: i + 1, code: `c${i}`, nameVi: `Chỉ tiêu ${i} ${"dài ".repeat(45)}`, nameEn: `Indicator ${i}`, unit: "projects", kind: "flow", valueType: "integer", decimals: 0, min: 0, max: null, aliases: [],
        }));
        const s = summarize({ range: r, indicators, boards: [], values: [], submissions: [] });
        expectWithinLimits(choicesKeyboard(summaryChoices(translator(deps.i18n, "vi"), s, at % n, "vi", "Khối")));
        expectWithinLimits(choicesKeyboard(summaryShortChoices(translator(deps.i18n, "vi"), s)));
        expectWithinLimits(choicesKeyboard(summaryCoverageChoices(translator(deps.i18n, "vi"), s)));
      }),
      { numRuns: 60 },
    );
  });

  it("of a reminder, and of a board picker cut into keyboards", () => {
    fc.assert(
      fc.property(id, id, fc.array(id, { maxLength: 700 }), (boardId, periodId, boardIds) => {
        const period = { id: periodId, year: 2026, month: 10, startsAt: new Date(), endsAt: new Date(), deadlineAt: new Date("2026-11-05T10:00:00Z"), lockedAt: null, summaryPostedAt: null };
        const msg = reminderMessage(deps, "vi", "focal", { id: boardId, shortName: "Ban" }, period, new Date("2026-11-02T02:00:00Z"));
        expectWithinLimits(keyboardOf(msg.choices!));
        const parts = keyboardParts(rowsOf(boardIds.map((b) => ({ text: "Ban", callback_data: `inv:b:${b}` })), 3), [[{ text: "Khối", callback_data: "inv:b:1" }]]);
        for (const kb of parts) expectWithinLimits(kb);
        expect(parts.flatMap((kb) => kb.inline_keyboard.flat()).length).toBe(boardIds.length + 1);
      }),
      { numRuns: 200 },
    );
  });
});
