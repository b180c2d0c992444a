// The main menu shown by /start: buttons for what the person may do.
import { InlineKeyboard } from "grammy";
import type { Capabilities } from "../shared/bloc/roles.js";
import type { BotContext } from "./context.js";

export function mainMenu(ctx: BotContext, c: Capabilities): InlineKeyboard {
  const kb = new InlineKeyboard();
  if (c.focal) kb.text(ctx.t("menu-report"), "menu:report").row();
  if (c.focal || c.head) kb.text(ctx.t("menu-status"), "menu:status").row();
  if (c.officer || c.secretariat || c.admin) kb.text(ctx.t("menu-summary"), "menu:summary").row();
  if (c.secretariat || c.admin) kb.text(ctx.t("menu-newballot"), "menu:newballot").row();
  if (c.admin) kb.text(ctx.t("menu-boards"), "menu:boards").text(ctx.t("menu-invite"), "menu:invite").row();
  if (c.admin) kb.text(ctx.t("menu-people"), "menu:people").row();
  kb.text(ctx.t("menu-lang"), "menu:lang");
  return kb;
}
