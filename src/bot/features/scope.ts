// Loads who is speaking (person, roles, language) for every update.
import type { MiddlewareFn } from "grammy";
import { findPerson, touchPerson } from "../../db/people.js";
import type { Actor, Grant } from "../../domain/roles.js";
import type { PersonWithRoles } from "../../db/people.js";
import type { BotContext, Deps } from "../context.js";
import { toLocale } from "../i18n.js";
import { blocksBot } from "./reachability.js";

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
      // Only people who write to the bot in private are registered; in groups
      // we just look them up.
      // A person blocking the bot (my_chat_member "kicked") is no sign that the bot can
      // reach them: features/reachability.ts records it instead.
      if (ctx.chat?.type === "private" && !blocksBot(ctx)) {
        const touched = await touchPerson(deps.db, from, person, deps.clock.now());
        if (!person || touched !== person) person = (await findPerson(deps.db, from.id)) ?? null; // the epoch has moved
      }
    }
    ctx.person = person;
    const actor: Actor = {
      isAdmin: from !== undefined && deps.config.adminIds.includes(from.id),
      grants: grantsOf(person),
    };
    ctx.actor = actor;
    const telegramLang = from?.language_code?.startsWith("en") ? "en" : undefined;
    ctx.locale = toLocale(person?.locale ?? telegramLang, deps.config.defaultLocale);
    return next(); // not awaited: see dedupe.ts
  };
}
