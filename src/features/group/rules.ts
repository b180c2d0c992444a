// The group's rules that are not the outbox's (those are src/shared/messaging/group-posts.ts).

/** A display name for who did something, as the messenger gives it (kept in GroupChatEvent for /digest; never logged). */
export function displayName(user: { first_name: string; last_name?: string; username?: string } | undefined): string | null {
  if (!user) return null;
  const name = [user.first_name, user.last_name].filter(Boolean).join(" ");
  return user.username ? `${name} (@${user.username})` : name;
}
