// What the menus follow: each person's active grants (with their boards' status),
// the boards of the bloc's officers in some years, and the menu last set for a person
// (Person.menuKey).
import type { Db } from "../../../shared/db/client.js";
import type { RoleName } from "../../../shared/bloc/roles.js";

/** The boards of the leader and deputy of the bloc in the given years (BlocOfficer). */
export async function officerBoardIds(db: Db, years: number[]): Promise<number[]> {
  const rows = await db.blocOfficer.findMany({ where: { year: { in: years } }, select: { boardId: true } });
  return [...new Set(rows.map((o) => o.boardId))];
}

export type MenuHolder = {
  personId: number;
  telegramId: number;
  /** The chat id of the person's Telegram account (where a Telegram menu goes), or telegramId for a row without accounts. */
  menuChatId: number;
  locale: string | null;
  menuKey: string | null;
  grants: { role: RoleName; boardId: number | null; boardStatus: string | null }[];
};

/**
 * The reachable people whose menu may differ from everyone's default: those with an
 * active grant, those with a menu of their own set, the admins of `adminIds`
 * (ADMIN_IDS); only `onlyPersonIds` when given. By id.
 */
export async function menuHolders(db: Db, adminIds: readonly number[], onlyPersonIds?: number[]): Promise<MenuHolder[]> {
  const people = await db.person.findMany({
    where: {
      reachable: true,
      ...(onlyPersonIds ? { id: { in: onlyPersonIds } } : {}),
      OR: [{ roles: { some: { revokedAt: null } } }, { menuKey: { not: null } }, { telegramId: { in: adminIds.map((id) => BigInt(id)) } }],
    },
    select: {
      id: true, telegramId: true, locale: true, menuKey: true,
      accounts: { where: { messenger: "telegram" }, select: { chatId: true } },
      roles: { where: { revokedAt: null }, select: { role: true, boardId: true, board: { select: { status: true } } } },
    },
    orderBy: { id: "asc" },
  });
  return people.map((p) => ({
    personId: p.id, telegramId: Number(p.telegramId), menuChatId: Number(p.accounts[0]?.chatId ?? p.telegramId), locale: p.locale, menuKey: p.menuKey,
    grants: p.roles.map((r) => ({ role: r.role, boardId: r.boardId, boardStatus: r.board?.status ?? null })),
  }));
}

/** Records the menu set for a person ("" or null: no menu of their own). */
export async function setMenuKey(db: Db, personId: number, key: string | null): Promise<void> {
  await db.person.update({ where: { id: personId }, data: { menuKey: key || null } });
}
