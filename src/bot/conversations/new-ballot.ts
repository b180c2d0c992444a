// Creating a ballot, in a private conversation with an admin or the leader's
// secretariat: kind, year, title, candidates (all boards, a chosen few, or a
// nomination round), picks per voter, secret or open, closing time, quorum and
// the tie rule, then a confirmation, then the post in the group.
import { randomBytes } from "node:crypto";
import { InlineKeyboard } from "grammy";
import type { Conversation } from "@grammyjs/conversations";
import { DateTime } from "luxon";
import type { BotContext, ConvContext, Deps, Locale } from "../context.js";
import { esc, clip } from "../html.js";
import { formatDateTime } from "../format.js";
import { translator } from "../i18n.js";
import { getBloc } from "../../db/bloc.js";
import { listBoards } from "../../db/boards.js";
import { createBallot } from "../../db/ballots.js";
import { audit } from "../../db/people.js";
import { majorityQuorum, twoThirdsQuorum, type BallotKind, type TieRule, MOTION_OPTIONS } from "../../domain/ballots.js";
import { canManageBallots } from "../../domain/roles.js";
import { ballotYears } from "../../domain/history.js";
import { postBallot } from "../../jobs/ballots.js";

export const NEW_BALLOT_CONVERSATION = "new-ballot";

type Setup = {
  ok: boolean;
  key?: string;
  locale: Locale;
  personId: number;
  boards: { id: number; shortName: string }[];
  awards: { code: string; nameVi: string; nameEn: string; picksPerVoter: number; maxProposed: number; allowSelfVote: boolean }[];
  now: string;
  year: number;
  /** 1–12, in the bloc's zone: with `year`, which years a ballot may be for. */
  month: number;
  zone: string;
};

async function setup(deps: Deps, octx: BotContext): Promise<Setup> {
  const locale = octx.locale;
  const base = { locale, personId: octx.person?.id ?? 0, boards: [], awards: [], now: deps.clock.now().toISOString(), year: 0, month: 0, zone: deps.config.timeZone };
  if (!octx.person || !canManageBallots(octx.actor)) return { ...base, ok: false, key: "not-allowed" };
  const bloc = await getBloc(deps.db);
  if (!bloc?.groupChatId) return { ...base, ok: false, key: "digest-no-group" };
  const boards = (await listBoards(deps.db, { activeOnly: true })).map((b) => ({ id: b.id, shortName: b.shortName }));
  const awards = (await deps.db.awardKind.findMany({ where: { active: true }, orderBy: { id: "asc" } })).map((a) => ({
    code: a.code, nameVi: a.nameVi, nameEn: a.nameEn, picksPerVoter: a.picksPerVoter, maxProposed: a.maxProposed, allowSelfVote: a.allowSelfVote,
  }));
  const today = DateTime.fromJSDate(deps.clock.now(), { zone: deps.config.timeZone });
  return { ...base, ok: true, boards, awards, year: today.year, month: today.month };
}

/** "dd/mm/yyyy hh:mm" (or yyyy-mm-dd hh:mm) in the bloc's zone. */
export function parseLocalDateTime(text: string, zone: string): Date | null {
  const m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s+(\d{1,2})[:h](\d{2})\s*$/.exec(text) ?? null;
  const iso = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s+(\d{1,2}):(\d{2})\s*$/.exec(text);
  let parts: [number, number, number, number, number] | null = null;
  if (m) parts = [Number(m[3]), Number(m[2]), Number(m[1]), Number(m[4]), Number(m[5])];
  else if (iso) parts = [Number(iso[1]), Number(iso[2]), Number(iso[3]), Number(iso[4]), Number(iso[5])];
  if (!parts) return null;
  const dt = DateTime.fromObject({ year: parts[0], month: parts[1], day: parts[2], hour: parts[3], minute: parts[4] }, { zone });
  return dt.isValid ? dt.toJSDate() : null;
}

export function newBallotConversation(deps: Deps) {
  return async function newBallot(conversation: Conversation<BotContext, ConvContext>, ctx: ConvContext) {
    const s = await conversation.external((octx) => setup(deps, octx));
    const t = translator(deps.i18n, s.locale);
    if (!s.ok) {
      await ctx.reply(t(s.key!));
      return;
    }
    const nonce = await conversation.external(() => randomBytes(4).toString("hex"));
    const now = new Date(s.now);
    let q = 0;
    const data = (action: string) => `nb:${nonce}:${q}:${action}`;
    const html = { parse_mode: "HTML" as const };

    /** Asks with buttons; resolves to the chosen action, or the typed text when `allowText`. */
    async function askButtons(text: string, rows: [string, string][][], allowText = false): Promise<{ action: string } | { text: string }> {
      q++;
      const kb = new InlineKeyboard();
      rows.forEach((row, i) => {
        for (const [label, action] of row) kb.text(label, data(action));
        if (i < rows.length - 1) kb.row();
      });
      kb.row().text(t("btn-cancel"), data("cancel"));
      await ctx.reply(text, { ...html, reply_markup: kb });
      for (;;) {
        const c = await conversation.wait();
        const d = c.callbackQuery?.data;
        if (d !== undefined) {
          if (!d.startsWith("nb:")) await conversation.skip({ next: true });
          const m = /^nb:([0-9a-f]{8}):(\d{1,4}):([a-z0-9_:-]{1,40})$/.exec(d);
          if (!m || m[1] !== nonce || Number(m[2]) !== q) {
            await c.answerCallbackQuery({ text: t("button-expired") });
            continue;
          }
          await c.answerCallbackQuery();
          return { action: m[3]! };
        }
        const msg = c.message?.text;
        if (msg !== undefined && !msg.startsWith("/") && c.chat?.type === "private") {
          if (allowText) return { text: msg };
          await c.reply(t("report-press-button"));
          continue;
        }
        await conversation.skip({ next: true });
      }
    }

    async function cancelled() {
      await ctx.reply(t("newballot-cancelled"));
    }

    // 1. Kind.
    const kindRows: [string, string][][] = [[[t("ballot-kind-leader"), "leader"], [t("ballot-kind-deputy"), "deputy"]]];
    for (const a of s.awards) kindRows.push([[s.locale === "vi" ? a.nameVi : a.nameEn, `award:${a.code}`]]);
    kindRows.push([[t("ballot-kind-motion"), "motion"]]);
    const k = await askButtons(t("newballot-kind"), kindRows);
    if (!("action" in k) || k.action === "cancel") return cancelled();
    const kind: BallotKind = k.action.startsWith("award:") ? "award" : (k.action as BallotKind);
    const award = kind === "award" ? s.awards.find((a) => `award:${a.code}` === k.action) : undefined;
    if (kind === "award" && !award) return cancelled();

    // 2. Year, the usual one first: an election is for the year after the one the
    // year-end conference reviews (next year in December, this year in January),
    // an award for the reviewed year's work (domain/history.ts ballotYears).
    const years = ballotYears(kind, s.year, s.month);
    const y = await askButtons(t("newballot-year"), [years.map((yr) => [String(yr), `y${yr}`] as [string, string])]);
    if (!("action" in y) || y.action === "cancel") return cancelled();
    const year = Number(y.action.slice(1));
    if (!years.includes(year)) return cancelled();

    // 3. Title.
    const awardName = award ? (s.locale === "vi" ? award.nameVi : award.nameEn) : "";
    const defaultTitle = t(`ballot-default-title-${kind}`, { year, award: awardName });
    let title = defaultTitle;
    for (;;) {
      const r = await askButtons(t("newballot-title", { title: esc(title) }), [[[t("btn-use-title"), "ok"]]], true);
      if ("action" in r) {
        if (r.action === "cancel") return cancelled();
        break;
      }
      const typed = r.text.trim();
      if (typed.length < 3 || typed.length > 200) {
        await ctx.reply(t("newballot-title-length"));
        continue;
      }
      title = typed;
    }

    // 4. Candidates.
    let candidates: { boardId: number | null; label: string }[] = [];
    let nominationRound = false;
    if (kind === "motion") {
      candidates = MOTION_OPTIONS.map((o) => ({ boardId: null, label: o }));
    } else {
      const c = await askButtons(t("newballot-candidates"), [[[t("btn-all-boards"), "all"]], [[t("btn-choose-boards"), "some"]], [[t("btn-nominations"), "nominate"]]]);
      if (!("action" in c) || c.action === "cancel") return cancelled();
      if (c.action === "all") {
        // The deputy is not the board already elected leader for that year.
        const leader = kind === "deputy" ? await conversation.external(async () => (await deps.db.blocOfficer.findUnique({ where: { year_role: { year, role: "leader" } } }))?.boardId ?? null) : null;
        candidates = s.boards.filter((b) => b.id !== leader).map((b) => ({ boardId: b.id, label: b.shortName }));
      }
      else if (c.action === "nominate") nominationRound = true;
      else {
        const chosen = new Set<number>();
        for (;;) {
          const rows: [string, string][][] = [];
          s.boards.forEach((b, i) => {
            if (i % 3 === 0) rows.push([]);
            rows[rows.length - 1]!.push([`${chosen.has(b.id) ? "✅ " : ""}${b.shortName}`, `b${b.id}`]);
          });
          rows.push([[t("btn-done", { count: chosen.size }), "done"]]);
          const r = await askButtons(t("newballot-pick-boards"), rows);
          if (!("action" in r) || r.action === "cancel") return cancelled();
          if (r.action === "done") {
            if (chosen.size >= 2) break;
            await ctx.reply(t("newballot-need-two"));
            continue;
          }
          const id = Number(r.action.slice(1));
          if (!s.boards.some((b) => b.id === id)) continue;
          if (chosen.has(id)) chosen.delete(id);
          else chosen.add(id);
        }
        candidates = s.boards.filter((b) => chosen.has(b.id)).map((b) => ({ boardId: b.id, label: b.shortName }));
      }
    }

    // 5. Picks per voter (award proposals; elections and motions take one).
    let picks = 1;
    const maxWinners = award ? award.maxProposed : 1;
    if (award) {
      const most = Math.max(1, Math.min(5, nominationRound ? 5 : candidates.length - 1));
      const rows: [string, string][][] = [Array.from({ length: most }, (_, i) => [`${i + 1 === award.picksPerVoter ? "★ " : ""}${i + 1}`, `p${i + 1}`] as [string, string])];
      const r = await askButtons(t("newballot-picks", { proposed: award.maxProposed, default: award.picksPerVoter }), rows);
      if (!("action" in r) || r.action === "cancel") return cancelled();
      picks = Number(r.action.slice(1));
    }

    // 6. Secret or open.
    const sec = await askButtons(t("newballot-secret"), [[[t("btn-secret"), "secret"], [t("btn-open"), "open"]]]);
    if (!("action" in sec) || sec.action === "cancel") return cancelled();
    const secret = sec.action === "secret";

    // 7. Closing time.
    // A duration counts from the moment the ballot is posted, not from now.
    let closesAt: Date | null = null;
    let closesInHours: number | null = null;
    while (!closesAt && closesInHours === null) {
      const r = await askButtons(t("newballot-closes"), [[[t("btn-hours", { n: 2 }), "h2"], [t("btn-hours", { n: 24 }), "h24"]], [[t("btn-days", { n: 3 }), "h72"], [t("btn-days", { n: 7 }), "h168"]]], true);
      if ("action" in r) {
        if (r.action === "cancel") return cancelled();
        closesInHours = Number(r.action.slice(1));
      } else {
        const at = parseLocalDateTime(r.text, s.zone);
        if (!at || at.getTime() <= now.getTime() + 10 * 60_000 || at.getTime() > now.getTime() + 90 * 86400_000) await ctx.reply(t("newballot-closes-bad"));
        else closesAt = at;
      }
    }

    // 8. Quorum.
    const n = s.boards.length;
    const qr = await askButtons(t("newballot-quorum", { eligible: n }), [[[t("btn-quorum-half", { n: majorityQuorum(n) }), `q${majorityQuorum(n)}`], [t("btn-quorum-two-thirds", { n: twoThirdsQuorum(n) }), `q${twoThirdsQuorum(n)}`]], [[t("btn-quorum-none"), "q0"]]]);
    if (!("action" in qr) || qr.action === "cancel") return cancelled();
    const quorum = Number(qr.action.slice(1));

    // 9. Tie rule.
    let tieRule: TieRule = "runoff";
    if (kind !== "motion") {
      const tr = await askButtons(t("newballot-tie"), [[[t("tie-runoff"), "runoff"]], [[t("tie-leader"), "leader"]]]);
      if (!("action" in tr) || tr.action === "cancel") return cancelled();
      tieRule = tr.action === "leader" ? "leader" : "runoff";
    }

    // 10. Confirmation.
    const summary = t("newballot-summary", {
      title: esc(title),
      kind: kind === "award" ? esc(awardName) : t(`ballot-kind-${kind}`),
      year,
      candidates: nominationRound ? t("btn-nominations") : kind === "motion" ? t("motion-options") : esc(clip(candidates.map((c) => c.label).join(", "), 600)),
      picks,
      proposed: maxWinners,
      secret: secret ? "yes" : "no",
      closes: closesAt ? formatDateTime(closesAt, s.locale, s.zone) : t("newballot-closes-in", { hours: closesInHours ?? 0 }),
      quorum,
      eligible: n,
      tie: t(`tie-${tieRule}`),
    });
    const ok = await askButtons(summary, [[[t("btn-post"), "post"]]]);
    if (!("action" in ok) || ok.action !== "post") return cancelled();

    const id = await conversation.external(async (octx) => {
      const bloc = await getBloc(deps.db);
      if (!bloc?.groupChatId || !canManageBallots(octx.actor)) return null;
      const postedAt = deps.clock.now();
      const closes = closesAt ?? new Date(postedAt.getTime() + closesInHours! * 3600_000);
      if (closes.getTime() <= postedAt.getTime() + 60_000) return -1;
      const eligible = (await listBoards(deps.db, { activeOnly: true })).map((b) => b.id);
      const ballotId = await createBallot(deps.db, {
        kind, awardKindCode: award?.code ?? null, year, title, secret, picksPerVoter: picks, maxWinners, quorum, tieRule,
        allowSelfVote: award?.allowSelfVote ?? true, createdById: s.personId, closesAt: closes, chatId: bloc.groupChatId,
        candidates: nominationRound ? [] : candidates.filter((c) => c.boardId === null || eligible.includes(c.boardId)), eligibleBoardIds: eligible, now: deps.clock.now(),
      });
      await audit(deps.db, s.personId, "ballot.create", { ballotId, kind, title }, deps.clock.now());
      await postBallot(deps, octx.api, ballotId);
      return ballotId;
    });
    if (id === -1) return ctx.reply(t("newballot-closes-bad"));
    await ctx.reply(id === null ? t("not-allowed") : t(nominationRound ? "newballot-posted-nominations" : "newballot-posted", { id: id ?? 0 }), html);
  };
}
