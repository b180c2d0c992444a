// Where inbound Zalo events enter, whether they come by long polling
// (polling.ts) or by webhook (messengers/http/server.ts): a repeated message_id is skipped
// (the `seen` store), and each new event is handed to the handler without
// waiting for it, in arrival order within a chat and concurrently across chats,
// so that one person's slow handler never holds another's (nor Zalo's delivery).
import type { Logger } from "../../shared/log/logger.js";
import type { ZaloEvent } from "./events.js";
import { systemTimers, type Timers } from "./timers.js";

/** Which message ids were handled already. */
export type SeenMessages = {
  /**
   * Records `messageId` and returns true the first time it is claimed, false
   * after (a repeat, to be skipped). A database-backed store claims through a
   * unique key, so that two deliveries racing each other are handled once.
   */
  claim(messageId: string): boolean | Promise<boolean>;
};

/**
 * The last `capacity` message ids (default 10 000), in memory: a repeat older than
 * that is handled again; a restart forgets them all.
 */
export class MemorySeenMessages implements SeenMessages {
  private readonly ids = new Set<string>(); // a Set iterates in insertion order: the first is the oldest

  constructor(private readonly capacity = 10_000) {}

  claim(messageId: string): boolean {
    if (this.ids.has(messageId)) return false;
    this.ids.add(messageId);
    if (this.ids.size > this.capacity) this.ids.delete(this.ids.values().next().value as string);
    return true;
  }
}

export type ZaloIntakeOptions = {
  /** Called for each new event; what it throws or rejects with is logged. */
  handle: (event: ZaloEvent) => Promise<void> | void;
  logger: Logger;
  /** Default: a MemorySeenMessages. */
  seen?: SeenMessages;
  /** Names the source in log lines ("zalo polling", "zalo webhook"). */
  what: string;
  timers?: Timers;
};

export class ZaloIntake {
  private readonly lanes = new Map<string, Promise<void>>();
  private readonly running = new Set<Promise<void>>();
  private readonly seen: SeenMessages;
  private readonly timers: Timers;

  constructor(private readonly opts: ZaloIntakeOptions) {
    this.seen = opts.seen ?? new MemorySeenMessages();
    this.timers = opts.timers ?? systemTimers;
  }

  /**
   * Takes one event in: "repeat" when its message_id was claimed before (an
   * event without a message_id, such as an `unsupported` one without `message`,
   * is never a repeat), otherwise "accepted" and queued on its chat's lane.
   * Resolves once the event is queued, before the handler runs. Never rejects:
   * when the `seen` store fails, the event is handled (better twice than never).
   */
  async admit(event: ZaloEvent): Promise<"accepted" | "repeat"> {
    if (event.messageId) {
      let first = true;
      try {
        first = await this.seen.claim(event.messageId);
      } catch (e) {
        this.opts.logger.error({ err: e, messageId: event.messageId }, `${this.opts.what}: the seen-messages store failed; handling the event`);
      }
      if (!first) {
        this.opts.logger.debug({ messageId: event.messageId }, `${this.opts.what}: a repeated message, skipped`);
        return "repeat";
      }
    }
    const lane = event.chat?.id ?? event.from?.id ?? "";
    // The handler starts on a later turn of the event loop, so that the caller
    // (a webhook's answer, the next poll) never waits for its synchronous part.
    const task = (this.lanes.get(lane) ?? Promise.resolve())
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then(() => this.opts.handle(event))
      .catch((e: unknown) => {
        this.opts.logger.error({ err: e, event: event.eventName, messageId: event.messageId }, `${this.opts.what}: the handler failed`);
      });
    this.lanes.set(lane, task);
    this.running.add(task);
    void task.finally(() => {
      this.running.delete(task);
      if (this.lanes.get(lane) === task) this.lanes.delete(lane);
    });
    return "accepted";
  }

  /** Handlers running or queued. */
  inFlight(): number {
    return this.running.size;
  }

  /** Resolves when fewer than `max` handlers are running or queued. */
  async room(max: number): Promise<void> {
    while (this.running.size >= max) await Promise.race(this.running);
  }

  /** Waits for the handlers running or queued now, `waitMs` at most (on the timers). */
  async drain(waitMs: number): Promise<void> {
    if (this.running.size === 0) return;
    let timer: unknown;
    const limit = new Promise<void>((resolve) => {
      timer = this.timers.setTimeout(resolve, waitMs, `${this.opts.what} drain`);
    });
    await Promise.race([Promise.allSettled([...this.running]), limit]);
    this.timers.clearTimeout(timer);
  }
}
