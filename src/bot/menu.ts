// The main menu shown by /start: buttons depend on what the person may do.
import { InlineKeyboard } from "grammy";
import { boardsWithRole, isAdmin } from "../domain/roles.js";
import type { BotContext } from "./context.js";

export function mainMenu(ctx: BotContext): InlineKeyboard {
  const kb = new InlineKeyboard();
  const focal = boardsWithRole(ctx.actor, "focal").length > 0;
  const head = boardsWithRole(ctx.actor, "head").length > 0;
  if (focal) kb.text(ctx.t("menu-report"), "menu:report").row();
  if (focal || head) kb.text(ctx.t("menu-status"), "menu:status").row();
  if (isAdmin(ctx.actor)) kb.text(ctx.t("menu-boards"), "menu:boards").text(ctx.t("menu-invite"), "menu:invite").row();
  kb.text(ctx.t("menu-lang"), "menu:lang");
  return kb;
}
