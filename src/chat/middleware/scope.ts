// Loads who is speaking (person, roles, language) for every update.
import type { MiddlewareFn } from "grammy";
import { findPerson, touchPerson } from "../../shared/db/people.js";
import type { Actor, Grant } from "../../shared/bloc/roles.js";
import type { PersonWithRoles } from "../../shared/db/people.js";
import type { BotContext } from "../context.js";
import type { Deps } from "../../shared/deps.js";
import { toLocale } from "../../shared/i18n/locale.js";
import { blocksBot } from "../../features/reminders/chat/reachability.js";

/** A person's roles as the permission rules see them. */
export function grantsOf(person: PersonWithRoles | null): Grant[] {
  return (person?.roles ?? []).map((r) => ({ role: r.role, boardId: r.boardId, boardStatus: r.boardStatus }));
}

export function scope(deps: Deps): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    ctx.deps = deps;
    const from = ctx.from;
    let person = null;
    if (from && !from.is_bot) {
      person = await findPerson(deps.db, from.id);
      // People the bot knows who write in private are kept up to date (name,
      // reachable, last seen); in groups we just look them up. A stranger gets a
      // row only when something of theirs must be kept (ensurePerson): an
      // invitation redeemed, a language chosen. Answering /start or /help needs
      // none, and 3,000 strangers' rows cost writes that held everyone else.
      // A person blocking the bot (my_chat_member "kicked") is no sign that the bot can
      // reach them: features/reminders/chat/reachability.ts records it instead.
      const admin = deps.config.adminIds.includes(from.id);
      if (ctx.chat?.type === "private" && !blocksBot(ctx) && (person || admin)) {
        const touched = await touchPerson(deps.db, from, person, deps.clock.now());
        if (!person || touched !== person) person = (await findPerson(deps.db, from.id)) ?? null; // the epoch has moved
      }
    }
    ctx.person = person;
    const actor: Actor = {
      // ADMIN_IDS names Telegram accounts; an account of theirs on another messenger,
      // linked to the same person (/link), is the same administrator.
      isAdmin: from !== undefined && (deps.config.adminIds.includes(from.id) || (person !== null && deps.config.adminIds.includes(person.telegramId))),
      grants: grantsOf(person),
    };
    ctx.actor = actor;
    const telegramLang = from?.language_code?.startsWith("en") ? "en" : undefined;
    ctx.locale = toLocale(person?.locale ?? telegramLang, deps.config.defaultLocale);
    return next(); // not awaited: see dedupe.ts
  };
}

/**
 * The speaker's Person row, made now if they have none (a stranger writing in
 * private: see scope). Null for an update without a human sender.
 */
export async function ensurePerson(ctx: BotContext): Promise<PersonWithRoles | null> {
  if (ctx.person) return ctx.person;
  const from = ctx.from;
  if (!from || from.is_bot) return null;
  const { db, clock } = ctx.deps;
  await touchPerson(db, from, null, clock.now());
  ctx.person = await findPerson(db, from.id);
  return ctx.person;
}
