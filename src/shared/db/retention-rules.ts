// How long the tables that grow with traffic keep their rows, and why. The
// housekeeping job prunes by these (shared/db/retention.ts); the README states them.
// Nothing an audit or a receipt needs is ever pruned: reports and their
// revisions, ballots, votes and receipts, the audit log, the invitations that
// were used (who invited whom), roles (revoked ones included) and the
// revocations confirmed (who took which roles, when and why), the reminder
// claims themselves. What never took effect (an invitation nobody used, a
// revocation nobody confirmed) goes once it can no longer matter.

export const RETENTION_DAYS = {
  /** Update ids already handled: Telegram keeps an undelivered update 24 hours; a week covers a long outage. */
  processedUpdates: 7,
  /** Failed invitation codes: the lock counts the last hour; a month lets an admin see guessing. */
  inviteAttempts: 30,
  /** Link codes (/link), counted from their expiry: they live 15 minutes; the link itself is in the audit log (person.link). */
  linkCodes: 30,
  /**
   * Invitations never used (Invite: expired, or withdrawn, which ends them before
   * their expiry), counted from their expiry (INVITE_TTL_DAYS after they were made,
   * withdrawn or not): they granted nothing; their making and withdrawal are in the
   * audit log (invite.create, invite.cancel, role.revoke). For a month an old code
   * is still answered "expired" or "withdrawn", then "unknown". Standing invitations
   * are never pruned (they have not expired), nor used ones: the record of who
   * invited whom, which the grant on Role keeps only until the role is granted again.
   */
  lapsedInvites: 30,
  /**
   * Revocation requests never confirmed (RoleRevocation "cancelled", or "pending"
   * past their hour, REVOCATION_TTL_MS), counted from the request: they changed
   * nothing, yet name a person and a reason. Confirmed ones ("done") are the record
   * of who took which roles, when and why, and stay (as the audit log's role.revoke).
   */
  unconfirmedRevocations: 30,
  /** People who never had a role and are named by no record, counted from their last message. */
  strangers: 30,
  /** Dialogue state untouched this long is abandoned (a report's answers stay in its draft). */
  conversationStates: 14,
  /** Drafts closed this long ago (idle, or replaced by a sent report) are not offered to resume any more. */
  closedDrafts: 90,
  /**
   * Per-recipient detail of reminders claimed this long ago (who got it, when,
   * or why not). The claim of the slot itself stays, as the record that the
   * board was reminded; deliveries still pending or being sent are never pruned.
   */
  reminderDeliveries: 180,
  /** Once-only job claims (a group reminder's slot, a ballot's reminder to vote): consulted for weeks at most; kept over a year. */
  jobLedger: 400,
  /**
   * Posts to the group that are done with (sent, given up, dropped), by their last
   * scheduled try: the key that keeps a post from going twice is consulted for days
   * at most (a digest within 48 hours of its deadline, a result within 2 days of the
   * close, a summary within 7 days of its due time); kept over a year as the record
   * of what went to the group. Posts still waiting or being sent are never pruned.
   */
  groupPosts: 400,
  /**
   * What happened to the bloc's group (GroupChatEvent: linked, moved to a
   * supergroup, the bot removed or added back, with the name of who did it), by
   * when it happened: they explain to admins why posts wait or went privately, so
   * they are kept as long as the posts (groupPosts). The latest of "removed",
   * "linked" and "migrated" is never pruned, whatever its age: it is the group's
   * state (features/group: the bot still out of the group keeps the posts waiting
   * for /linkgroup, and admins are told when and by whom it was removed).
   */
  groupChatEvents: 400,
  /**
   * Zalo message ids taken in (ZaloInbound): a repeat delivery comes within
   * minutes; a week, as for Telegram's update ids. The row ids are never handed
   * out again after a prune (AUTOINCREMENT), so update ids stay unique.
   */
  zaloInbound: 7,
  /**
   * A Zalo chat's latest numbered menu (ZaloMenu), by when it was shown: a number
   * typed a month later answers nothing (the text goes on as a message) rather
   * than a choice the person no longer sees.
   */
  zaloMenus: 30,
  /**
   * A Zalo chat's menus kept under a reference (ZaloMenuRef: an open ballot's
   * copy, answered by "B3 2"), by when each was shown: as the latest menus.
   */
  zaloMenuRefs: 30,
  /**
   * A Zalo chat (ZaloChat: the Zalo id behind a chat-layer number, its message
   * counter, its menu) that no messenger account names any more, by its last
   * message (activeAt): personal data, kept as the strangers' rule keeps a person
   * (the person goes by that rule, their account with them, then the chat). A
   * chat an account names (a person the bot knows) is never pruned.
   */
  zaloChats: 30,
} as const;

/**
 * Files the bot made for a messenger that takes links instead of uploads (Zalo:
 * a chart, a spreadsheet, an annual report, served at PUBLIC_URL/files/): each is
 * kept, and its signed link is good, this long after it was made. A week lets a
 * person open a spreadsheet link days later; a file is made again by asking again.
 * The housekeeping job deletes them after (src/shared/files/store.ts, prune).
 */
export const FILE_RETENTION_DAYS = 7;

export type RetentionRule = keyof typeof RETENTION_DAYS;

/** The instant before which rows of a rule are pruned. */
export function retentionCutoff(rule: RetentionRule, now: Date): Date {
  return new Date(now.getTime() - RETENTION_DAYS[rule] * 86_400_000);
}
