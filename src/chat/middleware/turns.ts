// The event loop turns between the updates of a batch (issue 13). The runner
// starts every update of a getUpdates batch (up to 100, and up to its 500 slots)
// at once, and the ledger lets a batch go on together (chat/middleware/update-ledger.ts). The
// database work of a handler is synchronous inside its promises (better-sqlite3
// under Prisma: query compiling and statements), so without this hundreds of
// handlers ran in one pass of the microtask queue: a batch of 100 strangers'
// /start held the loop ~150–180 ms, and 3,000 of them 1–3 s at a time, while
// timers, Telegram's answers and every other chat waited.
//
// loopTurns() lets at most `perTurn` updates go on in one turn of the event
// loop; the others wait, in the order they came, for the next turns
// (setImmediate: after the timers and I/O that are due). A chat's updates keep
// their order to sequentialize, which comes next (see chat/bot.ts).
import type { MiddlewareFn } from "grammy";
import type { BotContext } from "../context.js";

/**
 * Updates that go on in one turn of the event loop. A handler's synchronous
 * stretch is 0.5–2 ms (a stranger's /start, a member's /whoami, a vote), so a
 * turn stays around 10–20 ms however long the backlog; a bloc of a few dozen
 * people rarely has more than this many updates at once.
 */
export const UPDATES_PER_TURN = 8;

export function loopTurns(perTurn = UPDATES_PER_TURN): MiddlewareFn<BotContext> {
  let wentOn = 0; // in this turn
  let turnScheduled = false;
  const waiting: (() => void)[] = [];
  let head = 0; // waiting[head] is the next to go on

  const nextTurn = () => {
    turnScheduled = false;
    wentOn = 0;
    while (wentOn < perTurn && head < waiting.length) {
      wentOn++;
      waiting[head++]!();
    }
    if (head === waiting.length) {
      waiting.length = 0;
      head = 0;
    } else if (head > 1024) {
      waiting.splice(0, head);
      head = 0;
    }
    if (wentOn > 0) scheduleTurn(); // the count starts again then
  };
  const scheduleTurn = () => {
    if (turnScheduled) return;
    turnScheduled = true;
    setImmediate(nextTurn);
  };

  return (_ctx, next) => {
    scheduleTurn();
    if (head === waiting.length && wentOn < perTurn) {
      wentOn++;
      return next(); // not awaited here: see dedupe.ts
    }
    return new Promise<void>((resolve) => waiting.push(resolve)).then(next);
  };
}
