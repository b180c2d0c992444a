// Dialogues: the bot's conversations (@grammyjs/conversations), made so that one
// can always be continued from where it stands, whatever happened to the code or
// the stored replay log in between.
//
// The plugin stores a conversation as the log of everything it did, and replays
// that log through the code on every update. Code changed by a release cannot
// replay an older log ("Bad replay", or worse, a silent misreading), and the log
// grows with every answer. So each dialogue also saves, at every step, where it
// stands (Saved: its nonce, the prompt on screen, its own position such as
// "question 6"), in the same row and the same statement as the log
// (chat/conversations/storage.ts). From that a dialogue can be entered again and
// continue where it was, and it is:
//   - after a release that changed it: each dialogue has a version (DialogueSpec.version),
//     passed in its arguments; a stored dialogue of another version is not replayed
//     but entered again from its saved position, with one line saying so (Dialogues.conversation());
//   - after a replay that fails anyway (a change made without raising the version):
//     the same, once (conversation()). Only the replay: an error of the dialogue's
//     own work (a use case, a send, run live through work()) is not a replay that
//     failed, and reaches the error handler as it is, the work not tried again;
//   - every REENTER_AFTER answers, silently, so that the log (and the cost of an
//     answer, which replays it) stays short whatever the dialogue's length.
// Drafts hold the answers (the report's ReportDraft, /newballot's DialogueDraft);
// the saved position says which question is on screen.
//
// Also here: one dialogue at a time (startDialogue: a second one asks which to keep),
// and the common part of waiting for an answer (DialogueRun.next): buttons of
// earlier prompts, edited messages, other messages, and the bound on refused answers.
import { createConversation, PLUGIN_DATA_VERSION, type Conversation, type ConversationData, type ConversationStorage, type VersionedState } from "@grammyjs/conversations";
import { GrammyError, HttpError, InlineKeyboard, type MiddlewareFn } from "grammy";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { BotContext, ConvContext } from "../context.js";
import type { Deps } from "../../shared/deps.js";
import { conversationKey, type ConversationStore, type StoredConversation } from "./storage.js";
import { isBusy } from "../../shared/db/busy.js";
import type { Translate } from "../../shared/i18n/locale.js";
import { endIfRightLost } from "./rights.js";
import { courtesyFailed } from "../middleware/courtesy.js";
import { isWorkError, work } from "./work.js";

// Dialogues.storage() reads the plugin's stored data (VersionedState<ConversationData>, the
// plugin's exported types: which conversation is open, with which arguments). The
// plugin numbers that format; a new number must be read here first.
const PLUGIN_FORMAT_READ_HERE = 0;
if ((PLUGIN_DATA_VERSION as number) !== PLUGIN_FORMAT_READ_HERE) {
  throw new Error(`@grammyjs/conversations stores its data in format ${String(PLUGIN_DATA_VERSION)}: src/chat/conversations/dialogue.ts reads format ${PLUGIN_FORMAT_READ_HERE} and needs updating`);
}

/** The plugin's own storage version. It stays: each dialogue has its version (DialogueSpec.version). */
export const STORAGE_VERSION = 1;
/**
 * A dialogue ends and is entered again from its saved position once it has taken
 * this many answers, or answers this long (characters of the updates as JSON),
 * since it was entered: its replay log, and the cost of an update (which replays
 * it), stay this small. What it sends is not counted: the log keeps only the
 * message's id (DialogueRun.say).
 */
export const REENTER_AFTER = 8;
export const REENTER_AFTER_CHARS = 12_000;
/** Refused answers in a row after which a dialogue ends politely, its draft kept. */
export const MAX_REFUSED = 8;

/** The latest typed answer a dialogue took: its message, the prompt it answered, whether it was accepted, and what it set (the dialogue's own reference). */
export type LastText = { mid: number; q: number; ok: boolean; ref: number | string | null };

/** Where a dialogue stands, saved with the conversation's state at every step (JSON). */
export type Saved<P = unknown> = {
  id: string;
  /** Drawn when the dialogue began, in the data of all its buttons. */
  nonce: string;
  /** The number of the prompt on screen, in the data of its buttons. */
  q: number;
  /** Refused answers in a row. */
  refused: number;
  last: LastText | null;
  /** The dialogue's own position ("question 6", "read-back"...). */
  pos: P;
};

/** Why a dialogue was entered again from its saved position. */
export type Notice = "updated" | "restored";

/**
 * The data of a dialogue's buttons, exactly: `<prefix>:<nonce>:<prompt>:<action>`
 * (8 hex digits, up to 6 digits, up to 40 characters of the dialogue's own action).
 * Groups: nonce, prompt, action. Read by DialogueRun.next() inside the dialogue, and
 * registered in the bot's button table for presses that reach no open dialogue (choice.ts).
 */
export function buttonData(prefix: string): RegExp {
  if (!/^[a-z]{1,4}$/.test(prefix)) throw new Error(`a dialogue's prefix is 1–4 letters, not "${prefix}"`);
  return new RegExp(`^${prefix}:([0-9a-f]{8}):(\\d{1,6}):(.{1,40})$`);
}

/** The one argument of every dialogue's conversation. */
export type DialogueInput<A> = {
  /** The dialogue's version in the build that entered it. */
  v: number;
  args: A;
  /** Entered again from a saved position; `answer`: the update that entered it is the answer to the prompt on screen. */
  resume?: { saved: Saved | null; notice: Notice | null; answer: boolean };
};

export type DialogueSpec<A extends object = object> = {
  id: string;
  /** Raised by every release that changes the dialogue's code. */
  version: number;
  /** The first part of its buttons' data: `<prefix>:<nonce>:<prompt>:<action>`. */
  prefix: string;
  builder: (conversation: Conversation<BotContext, ConvContext>, ctx: ConvContext, input: DialogueInput<A>) => Promise<unknown>;
  /** The open dialogue in a few words, in the person's language, HTML-escaped ("báo cáo tháng 10/2026 của Hải Phòng"). */
  describe(ctx: BotContext, args: A): Promise<string>;
  /** Stopped for another dialogue: what it holds stays; returns the line that says how to come back to it. */
  putAside(ctx: BotContext, args: A): Promise<string>;
  /** /cancel: its draft goes. */
  cancel(ctx: BotContext, args: A): Promise<void>;
};

type Stored = { id: string; input: DialogueInput<object>; saved: Saved | null; stale: boolean; restored?: boolean };

/** What one update carries about dialogues, on its (outside) context. */
type Stash = {
  dialogues?: Dialogues;
  /** The dialogue stored for the chat when the update came. */
  stored?: Stored;
  /** The position saved during this update, written with the state. */
  pending?: Saved;
  /** A dialogue that ended to be entered again at once (REENTER_AFTER), with what it had loaded. */
  reenter?: { id: string; input: DialogueInput<object>; loaded: unknown };
  /** What the dialogue entered again takes instead of loading it anew (boot()). */
  carried?: unknown;
};
const stashes = new WeakMap<object, Stash>();
function stash(ctx: object): Stash {
  let s = stashes.get(ctx);
  if (!s) stashes.set(ctx, (s = {}));
  return s;
}

function storageKey(ctx: BotContext): string | undefined {
  return ctx.chatId !== undefined ? conversationKey(ctx.chatId) : undefined;
}

/** The dialogues of one bot, and the plugin's storage that knows their versions and positions. */
export class Dialogues {
  private readonly specs = new Map<string, DialogueSpec<object>>();

  constructor(
    private readonly deps: Deps,
    private readonly store: ConversationStore,
  ) {}

  add<A extends object>(spec: DialogueSpec<A>): this {
    this.specs.set(spec.id, spec as unknown as DialogueSpec<object>);
    return this;
  }

  /** The first parts of the dialogues' own buttons' data ("rq", "nb"): answered inside each dialogue. */
  prefixes(): string[] {
    return [...this.specs.values()].map((s) => s.prefix);
  }

  spec(id: string): DialogueSpec<object> | undefined {
    return this.specs.get(id);
  }

  /** For conversations({ storage }): the conversation state, plus the open dialogue's saved position. */
  storage(): ConversationStorage<BotContext, ConversationData> {
    return {
      type: "context",
      version: STORAGE_VERSION,
      adapter: {
        read: async (ctx) => {
          stash(ctx).dialogues = this;
          const key = storageKey(ctx);
          const row = key === undefined ? undefined : await this.store.read(key);
          if (!row) return undefined;
          const stored = this.inspect(row);
          if (stored?.stale && !this.specs.has(stored.id)) {
            this.deps.logger.warn({ dialogue: stored.id }, "a stored dialogue that no longer exists was dropped");
            await this.store.delete(key!);
            return undefined;
          }
          if (stored) stash(ctx).stored = stored;
          // Another version: the plugin must not replay it; conversation() enters it again.
          if (!stored || stored.stale) return undefined;
          return row.value as VersionedState<ConversationData>;
        },
        write: async (ctx, state) => {
          const key = storageKey(ctx);
          const pending = stashes.get(ctx)?.pending;
          if (key !== undefined) await this.store.write(key, state, pending ? JSON.stringify(pending) : undefined);
        },
        delete: async (ctx) => {
          const key = storageKey(ctx);
          if (key !== undefined) await this.store.delete(key);
        },
      },
    };
  }

  /** Which dialogue a stored row holds, with its arguments and saved position; stale when not of today's version. */
  private inspect(row: StoredConversation): Stored | null {
    const value = row.value as Partial<VersionedState<ConversationData>> | null;
    const data = value && typeof value === "object" ? value.state : undefined;
    if (!data || typeof data !== "object") return { id: "", input: { v: -1, args: {} }, saved: null, stale: true };
    const id = Object.keys(data).find((k) => Array.isArray(data[k]) && data[k]!.length > 0);
    if (id === undefined) return null;
    let first: unknown;
    try {
      first = JSON.parse(data[id]![0]!.args ?? "[]")?.[0];
    } catch {
      first = undefined;
    }
    // Before versions, a dialogue's argument was its own object (no `v`).
    const input: DialogueInput<object> = isInput(first) ? first : { v: 0, args: first && typeof first === "object" ? first : {} };
    const saved = parseSaved(row.dialogue, id);
    const format = Array.isArray(value!.version) && value!.version[0] === PLUGIN_DATA_VERSION && value!.version[1] === STORAGE_VERSION;
    return { id, input, saved, stale: !format || input.v !== this.specs.get(id)?.version };
  }

  /**
   * The dialogue's conversation (createConversation), which also enters the
   * dialogue again from its saved position:
   *  - when it was stored by a build with another version of it (the plugin was
   *    shown nothing, see storage()): an answer goes to it at once, anything else
   *    (a command) goes on down the chain, and it waits for the next answer;
   *  - when its replay fails (once: a second failure is an error as before);
   *  - when it asked to (REENTER_AFTER answers).
   * (Entering needs the conversation registered, which its own middleware does:
   * hence here, after it, and not in a middleware of its own.)
   */
  conversation(id: string, plugins: ((ctx: ConvContext, next: () => Promise<void>) => Promise<void>)[]): MiddlewareFn<BotContext> {
    const spec = this.specs.get(id);
    if (!spec) throw new Error(`no dialogue ${id}`);
    const run = createConversation<BotContext, ConvContext>(spec.builder, { id, plugins });
    return async (ctx, next) => {
      let passedOn = false;
      const onward = async () => {
        const stored = stashes.get(ctx)?.stored;
        if (stored?.stale && stored.id === id) {
          stored.stale = false;
          stored.restored = true; // once per update
          this.deps.logger.info({ dialogue: id, from: stored.input.v, to: spec.version }, "dialogue of another version: continued from its saved position");
          const answer = isAnswerFor(spec, ctx);
          try {
            await ctx.conversation.enter(id, resumeInput(spec, stored, "updated", answer));
          } catch (err) {
            await this.store.delete(storageKey(ctx)!); // not again on every update; the draft stays
            throw err;
          }
          if (answer) return;
        }
        passedOn = true;
        return next();
      };
      try {
        await run(ctx, onward);
      } catch (err) {
        const stored = stashes.get(ctx)?.stored;
        if (passedOn || !stored || stored.id !== id || stored.restored || !restorable(err)) throw err;
        stored.restored = true;
        this.deps.logger.warn({ err, dialogue: id }, "dialogue failed to replay: continued from its saved position");
        const answer = isAnswerFor(spec, ctx);
        await ctx.conversation.enter(id, resumeInput(spec, stored, "restored", answer));
        if (!answer) await next();
        return;
      }
      const s = stashes.get(ctx);
      const again = s?.reenter;
      if (again?.id === id) {
        s!.reenter = undefined;
        s!.carried = again.loaded;
        await ctx.conversation.enter(id, again.input);
      }
    };
  }
}

function isInput(x: unknown): x is DialogueInput<object> {
  return typeof x === "object" && x !== null && typeof (x as { v?: unknown }).v === "number" && typeof (x as { args?: unknown }).args === "object";
}

/** ConversationState.dialogue: a Saved position (the dialogue's own `pos` is checked by the dialogue when it takes it back). */
const savedSchema: z.ZodType<Saved> = z.object({
  id: z.string(),
  nonce: z.string().regex(/^[0-9a-f]{8}$/),
  q: z.number().int(),
  refused: z.number().int(),
  last: z.object({ mid: z.number().int(), q: z.number().int(), ok: z.boolean(), ref: z.union([z.number(), z.string(), z.null()]) }).nullable().default(null),
  pos: z.unknown().refine((p) => p !== undefined, "no position"),
});

/**
 * The saved position of dialogue `id`, or null when there is none, or the row
 * holds another dialogue's or a shape this build does not know (an older
 * release's): the dialogue then starts again from its draft, as a changed
 * dialogue does (see the notices), rather than failing in every update of the chat.
 */
function parseSaved(json: string | null, id: string): Saved | null {
  if (!json) return null;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  const s = savedSchema.safeParse(value);
  return s.success && s.data.id === id ? s.data : null;
}

function resumeInput(spec: DialogueSpec<object>, stored: Stored, notice: Notice, answer: boolean): DialogueInput<object> {
  return { v: spec.version, args: stored.input.args, resume: { saved: stored.saved, notice, answer } };
}

/**
 * A replay that failed: the dialogue's code or its log ("Bad replay", a value of the
 * log the code no longer reads...). Not an error of the dialogue's own work run in
 * this update (work(): a use case refused, the database refusing a write), not
 * Telegram refusing or being unreachable, nor the database locked by another
 * process: entering the dialogue again would do that work again, and trying again
 * at once does not undo those (the error handler says so).
 */
function restorable(err: unknown): boolean {
  if (isBusy(err)) return false;
  for (let e: unknown = err, depth = 0; typeof e === "object" && e !== null && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (isWorkError(e) || e instanceof GrammyError || e instanceof HttpError) return false;
  }
  return true;
}

/** An update the dialogue takes as an answer (rather than a command or another feature's button). */
function isAnswerFor(spec: DialogueSpec<object>, ctx: BotContext): boolean {
  if (ctx.chat?.type !== "private") return false;
  if (ctx.editedMessage) return true;
  const data = ctx.callbackQuery?.data;
  if (data !== undefined) return data.startsWith(`${spec.prefix}:`) || data.startsWith("dlg:c:");
  if (ctx.message?.text !== undefined) return !ctx.message.text.startsWith("/");
  return ctx.message !== undefined;
}

// --- one dialogue at a time ---------------------------------------------------

export type OpenDialogue = { spec: DialogueSpec<object>; args: object; saved: Saved | null };

/** The dialogue open in this chat, if any. */
export function openDialogue(ctx: BotContext): OpenDialogue | null {
  const s = stashes.get(ctx);
  const id = Object.entries(ctx.conversation.active()).find(([, n]) => n > 0)?.[0];
  const spec = id === undefined || !s ? undefined : s.dialogues?.spec(id);
  if (!spec || !s) return null;
  const stored = s.stored?.id === id ? s.stored : undefined;
  const pending = s.pending;
  const saved = pending && pending.id === id ? pending : (stored?.saved ?? null);
  return { spec, args: stored?.input.args ?? {}, saved };
}

/** Callback data of the choice's buttons: continue the open dialogue, or stop it and start `target`. */
export const CONTINUE_DATA = /^dlg:c:([0-9a-f]{8})$/;
export const SWITCH_DATA = /^dlg:s:([0-9a-f]{8}):(r:\d{1,9}:\d{1,9}|nb)$/;

/**
 * Enters dialogue `id` with `args`, unless one is already open in the chat: then
 * the person chooses, with buttons, between going on with the open one and
 * stopping it to start this one (`target`, as SWITCH_DATA names it; the choice's
 * handler checks everything again). The same dialogue with the same arguments
 * only offers to go on.
 */
export async function startDialogue(ctx: BotContext, id: string, args: object, target: string): Promise<void> {
  const dialogues = stashes.get(ctx)?.dialogues;
  const spec = dialogues?.spec(id);
  if (!spec) throw new Error(`no dialogue ${id}`);
  const open = openDialogue(ctx);
  if (!open) {
    const input: DialogueInput<object> = { v: spec.version, args };
    await ctx.conversation.enter(id, input);
    return;
  }
  const what = await open.spec.describe(ctx, open.args);
  const same = open.spec.id === id && JSON.stringify(open.args) === JSON.stringify(args);
  const nonce = open.saved?.nonce ?? "00000000";
  const kb = new InlineKeyboard().text(ctx.t("btn-dialogue-continue"), `dlg:c:${nonce}`);
  if (!same) kb.row().text(ctx.t("btn-dialogue-switch"), `dlg:s:${nonce}:${target}`);
  const text = same ? ctx.t("dialogue-open-same", { what }) : ctx.t("dialogue-open-other", { what, new: await spec.describe(ctx, args) });
  await ctx.reply(text, { parse_mode: "HTML", reply_markup: kb });
}

/**
 * The choice's "stop it and start the other": the open dialogue ends with what it
 * holds kept (its putAside line is returned), if it is still the one the button
 * named; false when the button is stale (another dialogue is open by now).
 */
export async function putAsideOpenDialogue(ctx: BotContext, nonce: string): Promise<{ ok: boolean; line: string }> {
  const open = openDialogue(ctx);
  if (!open) return { ok: true, line: "" };
  if ((open.saved?.nonce ?? "00000000") !== nonce) return { ok: false, line: "" };
  const line = await open.spec.putAside(ctx, open.args);
  await ctx.conversation.exitAll();
  return { ok: true, line };
}

/** /cancel: ends the open dialogue and drops its draft; false when none was open. */
export async function cancelOpenDialogue(ctx: BotContext): Promise<boolean> {
  const open = openDialogue(ctx);
  if (Object.keys(ctx.conversation.active()).length === 0) return false;
  await ctx.conversation.exitAll();
  if (open) await open.spec.cancel(ctx, open.args);
  return true;
}

// --- inside a dialogue ----------------------------------------------------------

/**
 * A dialogue's first step: what it loads (its session: names, indicators, last
 * month's values...), in conversation.external. Entered again after
 * REENTER_AFTER answers, it takes what the ending one had loaded, in memory,
 * instead of loading it again (the same values its replay log held).
 */
export async function boot<T>(conversation: Conversation<BotContext, ConvContext>, load: (octx: BotContext) => Promise<T>): Promise<T> {
  return work(conversation, async (octx) => {
    const s = stash(octx);
    const carried = s.carried;
    s.carried = undefined;
    return carried !== undefined ? (carried as T) : load(octx);
  });
}

/** What a dialogue receives when it waits (DialogueRun.next). */
export type Answer =
  | { kind: "text"; text: string; mid: number }
  | { kind: "button"; action: string }
  /** The latest typed answer (run.last), edited in Telegram. */
  | { kind: "edit"; text: string; mid: number }
  /** Show the prompt again (the choice's "continue", or a restored dialogue's first press of an old button). */
  | { kind: "again" }
  /** Refused here (a button of an earlier prompt, an older message edited, a photo...), already answered. */
  | { kind: "refused" }
  /** MAX_REFUSED refused answers in a row: the dialogue ends politely. */
  | { kind: "bound" };

export type RunTexts = {
  /** Said to a message that is not text (a photo, a sticker). */
  other: string;
  /** Said when an older answer is edited: edits are not read, and how to correct. */
  editOld: string;
};

/**
 * The common state and steps of a running dialogue: its nonce and prompt number
 * (the data of its buttons), the refused answers, the latest typed answer (for
 * edits), saving its position, and waiting for an answer.
 */
export class DialogueRun<P> {
  nonce = "";
  /** The number of the prompt on screen. */
  q = 0;
  refused = 0;
  last: LastText | null = null;
  /** Answers taken since this conversation was entered, and their size (characters of the updates as JSON). */
  private waits = 0;
  private chars = 0;
  /** The update that entered the dialogue, when it is the first answer. */
  private first: ConvContext | null;
  private notice: string;
  /** The right the dialogue needs, checked on every update (needs()). */
  private right: { still: (octx: BotContext) => boolean; cleanup?: () => Promise<unknown> } | null = null;

  constructor(
    private readonly conversation: Conversation<BotContext, ConvContext>,
    ctx: ConvContext,
    private readonly spec: { id: string; prefix: string; version: number },
    private readonly input: DialogueInput<object>,
    /** The person's language, for what the dialogue says. */
    readonly t: Translate,
    private readonly texts: RunTexts,
    /** What boot() loaded, carried to the dialogue entered again. */
    private readonly loaded: unknown,
  ) {
    this.first = input.resume?.answer ? ctx : null;
    this.notice = input.resume?.notice ? t(`dialogue-${input.resume.notice}`) : "";
  }

  /** Entered again from a saved position (or from the draft alone, when no position was saved). */
  get resumed(): boolean {
    return this.input.resume !== undefined;
  }

  /** Takes the saved nonce, prompt and counters back and returns the saved position; or draws a new nonce and returns null. */
  async begin(): Promise<P | null> {
    const saved = this.input.resume?.saved;
    if (saved && saved.id === this.spec.id) {
      this.nonce = saved.nonce;
      this.q = saved.q;
      this.refused = saved.refused;
      this.last = saved.last;
      return saved.pos as P;
    }
    this.nonce = await work(this.conversation, () => randomBytes(4).toString("hex"));
    return null;
  }

  /**
   * The right this dialogue needs (a focal person's for the board, a manager's
   * for ballots): checked on every update before anything else, so a role taken
   * back (/revoke) ends the dialogue at the person's next update, after `cleanup`
   * (chat/conversations/rights.ts).
   */
  needs(still: (octx: BotContext) => boolean, cleanup?: () => Promise<unknown>): void {
    this.right = { still, cleanup };
  }

  /** Callback data for a button of the prompt on screen. */
  data(action: string): string {
    return `${this.spec.prefix}:${this.nonce}:${this.q}:${action}`;
  }

  /**
   * Sends a message of the dialogue (the line of a restore in front of the first
   * one) and returns its message id. It is sent once, in conversation.external:
   * the replay log keeps the id, not the message, and a replay takes the id from
   * the log instead of passing the message through the Api again (its
   * transformers, the split of a long text into parts, the log of each part). So
   * a long message (the read-back of 60 items, a picker of 60 items) costs a
   * replay nothing more than a short one, and the dialogue need not be entered
   * again after it. A failed send throws the messenger's own error, as a send
   * through the conversation's Api does.
   */
  async say(text: string, other?: Parameters<ConvContext["reply"]>[1]): Promise<number> {
    const full = this.notice ? `${this.notice}\n${text}` : text;
    this.notice = "";
    return work(this.conversation, async (octx) => (await octx.reply(full, other)).message_id);
  }

  /** A refused answer; true when that makes MAX_REFUSED in a row. */
  refuse(): boolean {
    this.refused++;
    return this.refused >= MAX_REFUSED;
  }

  /** An answer taken: the refused ones in a row start again from zero. */
  accepted(): void {
    this.refused = 0;
  }

  /**
   * Saves where the dialogue stands (written with the conversation's state when
   * this update ends). Returns "reenter" when the dialogue has taken
   * REENTER_AFTER answers or REENTER_AFTER_CHARS of them: it must then return,
   * and is entered again at once from this position, with nothing shown.
   */
  async save(pos: P): Promise<"wait" | "reenter"> {
    const saved: Saved = { id: this.spec.id, nonce: this.nonce, q: this.q, refused: this.refused, last: this.last, pos };
    const due = this.waits >= REENTER_AFTER || this.chars >= REENTER_AFTER_CHARS;
    const again: DialogueInput<object> | null = due ? { v: this.spec.version, args: this.input.args, resume: { saved, notice: null, answer: false } } : null;
    await work(this.conversation, (octx) => {
      const s = stash(octx);
      s.pending = saved;
      if (again) s.reenter = { id: this.spec.id, input: again, loaded: this.loaded };
    });
    return due ? "reenter" : "wait";
  }

  /** Waits for the next answer to the prompt on screen; other updates go on to the rest of the bot. */
  async next(): Promise<Answer> {
    const c = this.first ?? (await this.conversation.wait());
    this.first = null;
    if (this.right) {
      const own = (data: string) => data.startsWith(`${this.spec.prefix}:`) || data === `dlg:c:${this.nonce}`;
      await endIfRightLost(this.conversation, c, this.right.still, this.t("dialogue-role-ended"), { own, cleanup: this.right.cleanup });
    }
    this.waits++;
    this.chars += JSON.stringify(c.update).length;
    const data = c.callbackQuery?.data;
    if (data !== undefined) {
      if (data === `dlg:c:${this.nonce}`) {
        await c.answerCallbackQuery();
        return { kind: "again" };
      }
      if (!data.startsWith(`${this.spec.prefix}:`)) await this.conversation.skip({ next: true }); // the other handlers answer it
      const m = buttonData(this.spec.prefix).exec(data);
      if (!m || m[1] !== this.nonce || Number(m[2]) !== this.q) {
        const expired = this.t("button-expired");
        const shown = !courtesyFailed(await c.answerCallbackQuery({ text: expired }));
        if (this.notice) return { kind: "again" }; // restored, and its buttons are not those on screen
        // The pop-up refused ("query is too old": a slow answer, a restart's backlog): the
        // person hears it by message instead, and the dialogue waits on (chat/middleware/courtesy.ts
        // does the same outside dialogues, whose Api it does not see).
        if (this.refuse()) return { kind: "bound" }; // its own message says the rest
        if (!shown) await c.reply(expired);
        return { kind: "refused" };
      }
      await c.answerCallbackQuery();
      return { kind: "button", action: m[3]! };
    }
    if (c.chat?.type !== "private") await this.conversation.skip({ next: true });
    const edited = c.editedMessage;
    if (edited) {
      if (edited.text === undefined) await this.conversation.skip({ next: true });
      if (this.last?.mid === edited.message_id) return { kind: "edit", text: edited.text!, mid: edited.message_id };
      await this.say(this.t(this.texts.editOld), { parse_mode: "HTML" });
      return this.refuse() ? { kind: "bound" } : { kind: "refused" };
    }
    const msg = c.message;
    if (msg?.text !== undefined) {
      if (msg.text.startsWith("/")) await this.conversation.skip({ next: true }); // other commands keep working
      return { kind: "text", text: msg.text, mid: msg.message_id };
    }
    if (msg) {
      await this.say(this.t(this.texts.other));
      return this.refuse() ? { kind: "bound" } : { kind: "refused" };
    }
    return this.conversation.skip({ next: true });
  }
}
