// Commands dispatched by name. Registered with Composer.command in every feature,
// an update carrying /x walked the filters of every command registered before x,
// in every feature, each one an awaiting frame kept alive until the answer went
// out. The features register their commands here instead. An update carrying /x
// then runs only the handlers registered for x, in the order they were
// registered. Each handler still sits behind grammY's own command filter, so
// ctx.match, "/x@botname" and a command meant for another bot behave as in
// grammY. Measured: ~50 → ~35 frames per /whoami; see bench/reading.md.
import { Composer, type CallbackQueryMiddleware, type ChatTypeContext, type CommandMiddleware, type MiddlewareFn, type MiddlewareObj } from "grammy";
import type { BotContext } from "./context.js";

export class CommandTable implements MiddlewareObj<BotContext> {
  private readonly byName = new Map<string, Composer<BotContext>>();

  /** As Composer.command: middleware for one command or several. */
  command(names: string | string[], ...middleware: Array<CommandMiddleware<BotContext>>): void {
    for (const name of [names].flat()) this.composerFor(name).command(name, ...middleware);
  }

  /** As Composer.chatType("private").command: only in a private chat. */
  privateCommand(names: string | string[], ...middleware: Array<CommandMiddleware<ChatTypeContext<BotContext, "private">>>): void {
    for (const name of [names].flat()) this.composerFor(name).chatType("private").command(name, ...middleware);
  }

  /** The commands that have handlers. */
  names(): string[] {
    return [...this.byName.keys()];
  }

  middleware(): MiddlewareFn<BotContext> {
    return (ctx, next) => {
      const name = commandName(ctx);
      const handlers = name === undefined ? undefined : this.byName.get(name);
      return handlers ? handlers.middleware()(ctx, next) : next();
    };
  }

  private composerFor(name: string): Composer<BotContext> {
    if (name.startsWith("/") || name.includes("@")) throw new Error(`register the command's bare name, not "${name}"`);
    let c = this.byName.get(name);
    if (!c) this.byName.set(name, (c = new Composer<BotContext>()));
    return c;
  }
}

/**
 * Buttons, answered by their callback data. The features register their
 * callback-query handlers here, each under the kinds of button it answers, so
 * that what the bot answers can be listed (kinds()). A kind is the data's first
 * part up to ":" ("bv" for "bv:12:3"), or "menu:x" whole for a menu's button.
 * Handlers run in the order registered, each as Composer.callbackQuery(trigger),
 * so a press meets the same handlers, in the same order, as when each feature's
 * composer held its own (the bot uses the table where the features stood).
 * Throws at registration when a trigger cannot be of the kinds it is listed under.
 */
export class ButtonTable implements MiddlewareObj<BotContext> {
  private readonly composer = new Composer<BotContext>();
  private readonly registered = new Set<string>();

  /** As Composer.callbackQuery(trigger, ...middleware), for buttons of `kinds`. */
  callbackQuery(kinds: string | string[], trigger: string | RegExp, ...middleware: Array<CallbackQueryMiddleware<BotContext>>): void {
    const list = [kinds].flat();
    if (list.length === 0) throw new Error("a button handler needs the kinds of button it answers");
    for (const kind of list) checkKind(kind, trigger);
    for (const kind of list) this.registered.add(kind);
    this.composer.callbackQuery(trigger, ...middleware);
  }

  /** The kinds of button that have handlers. */
  kinds(): string[] {
    return [...this.registered];
  }

  middleware(): MiddlewareFn<BotContext> {
    return this.composer.middleware();
  }
}

function checkKind(kind: string, trigger: string | RegExp): void {
  if (!/^(?:menu:[a-z_]+|[a-z]+)$/.test(kind)) throw new Error(`a button kind is "menu:x" or letters, not "${kind}"`);
  const fits = typeof trigger === "string" ? startsAs(trigger, kind) : regexStartsAs(trigger.source.replace(/\\:/g, ":"), kind);
  if (!fits) throw new Error(`the trigger ${String(trigger)} does not answer buttons of kind "${kind}"`);
}

function startsAs(data: string, kind: string): boolean {
  return data === kind || data.startsWith(`${kind}:`);
}

/** "^kind:…", or "^(a|kind|b)…" with the kind one of the leading group's alternatives. */
function regexStartsAs(source: string, kind: string): boolean {
  if (source.startsWith("^(") && source.includes(")")) return source.slice(2, source.indexOf(")")).split("|").some((alt) => startsAs(alt, kind));
  return startsAs(source.slice(1), kind) && source.startsWith("^");
}

/** What a bot built answers: command names (bare) and kinds of button (see ButtonTable). */
export type BuiltRoutes = { readonly commands: readonly string[]; readonly buttons: readonly string[] };

const built = new WeakMap<object, BuiltRoutes>();

/**
 * Records, for `bot`, the commands of its tables and the kinds of button of its
 * button table and of its dialogues' own buttons (`<prefix>:…`, answered inside
 * the dialogue). Called once by whatever composes the bot (chat/bot.ts), after
 * every feature has registered.
 */
export function recordRoutes(bot: object, parts: { commands: CommandTable[]; buttons: ButtonTable; dialoguePrefixes: string[] }): void {
  if (built.has(bot)) throw new Error("the bot's routes were already recorded");
  const commands = Object.freeze([...new Set(parts.commands.flatMap((t) => t.names()))].sort());
  const buttons = Object.freeze([...new Set([...parts.buttons.kinds(), ...parts.dialoguePrefixes])].sort());
  built.set(bot, Object.freeze({ commands, buttons }));
}

/** The routes recorded for `bot` (read-only, sorted). Throws when none were recorded. */
export function routesOf(bot: object): BuiltRoutes {
  const r = built.get(bot);
  if (!r) throw new Error("no routes were recorded for this bot");
  return r;
}

/**
 * The name of the command a message starts with ("x" for "/x args" and for
 * "/x@somebot args"), where grammY's command filter would look: the text of a
 * message or channel post, a bot_command entity at offset 0. Whether the command
 * is for this bot is left to that filter.
 */
export function commandName(ctx: BotContext): string | undefined {
  const msg = ctx.message ?? ctx.channelPost;
  const text = msg?.text;
  if (!text || text.charCodeAt(0) !== 47 /* "/" */ || !msg.entities) return undefined;
  for (const e of msg.entities) {
    if (e.type !== "bot_command" || e.offset !== 0) continue;
    const cmd = text.substring(1, e.length);
    const at = cmd.indexOf("@");
    return at === -1 ? cmd : cmd.substring(0, at);
  }
  return undefined;
}
