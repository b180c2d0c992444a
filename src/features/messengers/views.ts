// What /messenger shows: choices from plain values (messenger-neutral: Telegram
// shows buttons, Zalo numbered lines). The names and /whoami's list are
// src/shared/messaging/messengers.ts (messengerName, reachedOnText).
import type { Choice } from "../../shared/messaging/outbound.js";
import type { Translate } from "../../shared/i18n/locale.js";
import { messengerName, type ReachedOn } from "../../shared/messaging/messengers.js";

/** The button data of a choice of preferred messenger: "msgr:telegram", "msgr:zalo". */
export const MESSENGER_ACTION = /^msgr:(telegram|zalo)$/;

/** One choice per messenger the person is reached on, the preferred one ticked. */
export function messengerChoices(t: Translate, r: ReachedOn): Choice[][] {
  return [r.messengers.map((m) => ({ label: m === r.preferred ? `✓ ${messengerName(t, m)}` : messengerName(t, m), action: `msgr:${m}` }))];
}
