// The choice between two dialogues (chat/conversations/dialogue.ts, startDialogue):
// "continue" and "stop it and start the other". Data: dlg:c:<nonce> and
// dlg:s:<nonce>:<target>, the nonce naming the dialogue open when the choice was
// offered. An open dialogue takes its own "continue" press (and shows its prompt
// again); what reaches these handlers is checked again, never trusted.
import type { ButtonTable } from "../routing.js";
import { buttonData, putAsideOpenDialogue, type Dialogues } from "./dialogue.js";
import { startReportFor } from "../../features/reports/chat.js";
import { startNewBallot } from "../../features/ballots/chat.js";

/**
 * Registers the choice's buttons (kind "dlg") in the bot's button table, and each
 * dialogue's own buttons (kind: its prefix, "rq", "nb"; data exactly as buttonData
 * says): an open dialogue takes the presses of its question before the table sees
 * them; one that reaches the table is of a dialogue no longer open, and is answered so.
 */
export function dialoguesFeature(buttons: ButtonTable, dialogues: Dialogues): void {
  for (const prefix of dialogues.prefixes()) {
    buttons.callbackQuery(prefix, buttonData(prefix), (ctx) => ctx.answerCallbackQuery({ text: ctx.t("button-expired") }));
  }

  // "Continue" for a dialogue no longer open (it ended, or another one is open now).
  buttons.callbackQuery("dlg", /^dlg:c:[0-9a-f]{8}$/, (ctx) => ctx.answerCallbackQuery({ text: ctx.t("button-expired") }));

  buttons.callbackQuery("dlg", /^dlg:s:([0-9a-f]{8}):(r:\d{1,9}:\d{1,9}|nb)$/, async (ctx) => {
    if (ctx.chat?.type !== "private") return ctx.answerCallbackQuery({ text: ctx.t("button-expired") });
    // Only if the open dialogue is still the one the choice was about (a second press finds the new one).
    const aside = await putAsideOpenDialogue(ctx, ctx.match[1]!);
    if (!aside.ok) return ctx.answerCallbackQuery({ text: ctx.t("button-expired") });
    await ctx.answerCallbackQuery();
    if (aside.line) await ctx.reply(aside.line, { parse_mode: "HTML" });
    const target = ctx.match[2]!;
    if (target === "nb") return startNewBallot(ctx);
    const [, board, period] = target.split(":");
    await startReportFor(ctx, Number(board), Number(period));
  });

}
