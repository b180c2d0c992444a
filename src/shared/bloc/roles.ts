// Who may do what. Admins come from ADMIN_IDS or from an admin grant; the rest
// are grants held by a person, for the bloc (secretariat) or for a board.

export const ROLE_NAMES = ["admin", "secretariat", "focal", "head"] as const;
export type RoleName = (typeof ROLE_NAMES)[number];
export const INVITABLE_ROLES: RoleName[] = ["focal", "head", "secretariat", "admin"];

export type Grant = { role: RoleName; boardId: number | null; boardStatus?: string | null };
export type Actor = { isAdmin: boolean; grants: Grant[] };

export function isRoleName(s: string): s is RoleName {
  return (ROLE_NAMES as readonly string[]).includes(s);
}

export function isAdmin(a: Actor): boolean {
  return a.isAdmin || a.grants.some((g) => g.role === "admin");
}

/** Anyone the bloc knows: an admin, or a person holding any role. */
export function isMember(a: Actor): boolean {
  return isAdmin(a) || a.grants.length > 0;
}

export function isSecretariat(a: Actor): boolean {
  return a.grants.some((g) => g.role === "secretariat");
}

/** Active boards for which this person holds `role`. */
export function boardsWithRole(a: Actor, role: RoleName): number[] {
  return [...new Set(a.grants.filter((g) => g.role === role && g.boardId !== null && (g.boardStatus ?? "active") === "active").map((g) => g.boardId as number))];
}

export function canSubmitFor(a: Actor, boardId: number): boolean {
  return boardsWithRole(a, "focal").includes(boardId);
}

export function canViewBoard(a: Actor, boardId: number): boolean {
  return canSubmitFor(a, boardId) || boardsWithRole(a, "head").includes(boardId) || isAdmin(a) || isSecretariat(a);
}

/** Boards a person may cast a board's vote for: its focal persons and its head. */
export function votingBoards(a: Actor): number[] {
  return [...new Set([...boardsWithRole(a, "head"), ...boardsWithRole(a, "focal")])];
}

export function canManageBallots(a: Actor): boolean {
  return isAdmin(a) || isSecretariat(a);
}

/** Whether the person serves (as focal person or head) one of the boards elected leader or deputy for the current year: the leader's and deputy's people. */
export function servesOfficerBoard(a: Actor, officerBoardIds: number[]): boolean {
  const mine = votingBoards(a);
  return officerBoardIds.some((b) => mine.includes(b));
}

/** What a person may do, by kind of role: what their menus and help show. */
export type Capabilities = { admin: boolean; secretariat: boolean; focal: boolean; head: boolean; officer: boolean };

/** A person's capabilities; `officerBoardIds` are the boards elected leader and deputy for the current year. */
export function capabilitiesOf(a: Actor, officerBoardIds: number[]): Capabilities {
  return {
    admin: isAdmin(a),
    secretariat: isSecretariat(a),
    focal: boardsWithRole(a, "focal").length > 0,
    head: boardsWithRole(a, "head").length > 0,
    officer: servesOfficerBoard(a, officerBoardIds),
  };
}

/** Anything beyond what everyone may do. */
export function hasAnyCapability(c: Capabilities): boolean {
  return c.admin || c.secretariat || c.focal || c.head || c.officer;
}
