// The limits every message the features compose keeps, whatever the messenger:
// Telegram's Bot API limits, the strictest the bot meets for these (a messenger with
// a shorter text limit, such as Zalo's 2,000 characters, splits texts in its adapter;
// one without buttons shows the choices as numbered lines). Source for each:
// tests/harness/telegram-rules.ts (Telegram Bot API docs, and what Telegram answered).
export const MESSAGE_LIMITS = {
  /** Characters of a message text after entity parsing. */
  messageText: 4096,
  /** Characters of a media caption after entity parsing. */
  caption: 1024,
  /** Characters of an answerCallbackQuery alert. */
  alert: 200,
  /** Bytes of a button's callback_data. */
  callbackDataBytes: 64,
  /** Buttons in one inline keyboard (observed; more: "reply markup is too long"). */
  keyboardButtons: 100,
  /** Buttons in one row that Telegram's apps show. */
  rowButtons: 8,
  /** Formatting entities Telegram keeps in one message (observed; it drops the rest). */
  entities: 100,
} as const;
