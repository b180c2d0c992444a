// The one "ask" of every dialogue: show a question with its choices, save where
// the dialogue stands, wait for a typed answer or a press on this question's
// buttons, and hand it to the dialogue. Buttons of earlier questions, edits of
// older answers, messages that are not text, and the bound on refused answers
// are handled once, in DialogueRun.next() (dialogue.ts); what a dialogue writes
// is only what its answers mean.
import type { Choice } from "../../shared/messaging/outbound.js";
import { choiceKeyboards } from "../keyboards.js";
import type { Answer, DialogueRun } from "./dialogue.js";

/**
 * A question as the views make it (messenger-neutral): its text in the outbound
 * port's HTML subset, rows of choices (a label and the dialogue's own action,
 * at most 40 characters), and `tail` rows that end its last message (back, skip,
 * cancel). More choices than a keyboard holds continue in further messages.
 */
export type Prompt = { text: string; choices: Choice[][]; tail?: Choice[][] };

/**
 * Shows `prompt` as the question on screen: a new prompt number, so that only
 * its buttons are answers from now on (`<prefix>:<nonce>:<prompt>:<action>`).
 */
export async function ask(run: DialogueRun<unknown>, prompt: Prompt): Promise<void> {
  run.q++;
  const keyboards = choiceKeyboards(prompt.choices, prompt.tail, (action) => run.data(action));
  for (const [i, kb] of keyboards.entries()) {
    await run.say(i === 0 ? prompt.text : run.t("buttons-continued"), { parse_mode: "HTML", reply_markup: kb });
  }
}

/** What an answer did: taken (the next question is shown), the question shown again, refused (counted), or the end. */
export type Turn = "next" | "again" | "refused" | "end";

/** An answer a dialogue reads: typed, a press of its question's buttons, or an edit of its latest typed answer. */
export type Reply = Answer & { kind: "text" | "button" | "edit" };

/**
 * The loop of a dialogue: shows the question of where it stands (unless it is
 * already on screen: `show` false when entered again), saves the position, waits
 * for a reply and hands it to `answer`; again until `answer` says "end". A reply
 * refused MAX_REFUSED times in a row (dialogue.ts) ends the dialogue with the
 * `paused` line (a message key taking `count`), its draft kept. Returns at once when
 * the dialogue must be entered again to keep its replay short (DialogueRun.save).
 */
export async function converse(
  run: DialogueRun<unknown>,
  d: { show: boolean; position: () => unknown; prompt: () => Prompt; answer: (reply: Reply) => Promise<Turn>; paused: string },
): Promise<void> {
  const paused = () => run.say(run.t(d.paused, { count: run.refused }), { parse_mode: "HTML" });
  let show = d.show;
  for (;;) {
    if (show) await ask(run, d.prompt());
    show = false;
    if ((await run.save(d.position())) === "reenter") return;
    const a = await run.next();
    if (a.kind === "bound") return void (await paused());
    if (a.kind === "refused") continue;
    const turn: Turn = a.kind === "again" ? "again" : await d.answer(a);
    if (turn === "end") return;
    if (turn === "refused") {
      if (run.refuse()) return void (await paused());
      continue;
    }
    if (turn === "next") run.accepted();
    show = true;
  }
}
