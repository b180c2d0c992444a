// Small predicates that features use to narrow themselves.
import type { BotContext } from "./context.js";
import { canManageBallots, isAdmin } from "../shared/bloc/roles.js";

export const isAdminCtx = (ctx: BotContext) => isAdmin(ctx.actor);
export const isManagerCtx = (ctx: BotContext) => canManageBallots(ctx.actor);
export const isPrivate = (ctx: BotContext) => ctx.chat?.type === "private";
export const isGroup = (ctx: BotContext) => ctx.chat?.type === "group" || ctx.chat?.type === "supergroup";
