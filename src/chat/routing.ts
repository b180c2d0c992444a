// Commands dispatched by name. Registered with Composer.command in every feature,
// an update carrying /x walked the filters of every command registered before x,
// in every feature, each one an awaiting frame kept alive until the answer went
// out. The features register their commands here instead. An update carrying /x
// then runs only the handlers registered for x, in the order they were
// registered. Each handler still sits behind grammY's own command filter, so
// ctx.match, "/x@botname" and a command meant for another bot behave as in
// grammY. Measured: ~50 → ~35 frames per /whoami; see bench/reading.md.
import { Composer, type ChatTypeContext, type CommandMiddleware, type MiddlewareFn, type MiddlewareObj } from "grammy";
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
