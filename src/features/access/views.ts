// What the access feature says that is not a single message key: a person's name as
// the revocation pages show it, a grant, the notice a person gets when their roles
// are taken back.
import { clip, esc } from "../../shared/text/html.js";
import type { Translate } from "../../shared/i18n/locale.js";

/** "Name Surname (@username)", HTML-escaped, the name cut at 60 characters. */
export function nameOf(p: { firstName: string; lastName: string | null; username: string | null }): string {
  const name = esc(clip([p.firstName, p.lastName].filter(Boolean).join(" "), 60));
  return p.username ? `${name} (@${esc(p.username)})` : name;
}

/** A grant: the role, and its board's short name when it has one. */
export function grantText(t: Translate, g: { role: string; boardName: string | null }): string {
  return `${t(`role-${g.role}`)}${g.boardName ? ` — ${esc(g.boardName)}` : ""}`;
}

/** The notice a person gets when roles of theirs end: which, and whom to ask (the bloc's contact, or the admins). */
export function revocationNotice(t: Translate, ended: { role: string; boardName: string | null }[], contact: string | null): string {
  const roles = ended.map((g) => `• ${grantText(t, g)}`).join("\n");
  return [t("revoke-notice", { roles }), contact ? t("contact-line", { contact: esc(contact) }) : t("contact-admin")].join("\n");
}
