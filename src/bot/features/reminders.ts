// Reminders in chat: /schedule (everyone with a role sees it, admins change it),
// and the admins' /nudge, /digest and /unreachable.
import { Composer } from "grammy";
import type { BotContext } from "../context.js";
import type { CommandTable } from "../routing.js";
import { esc } from "../html.js";
import { formatDateTime, formatMonth } from "../format.js";
import { getBloc, setSchedule } from "../../db/bloc.js";
import { ensurePeriod, refreshOpenPeriods } from "../../db/periods.js";
import { audit, listUnreachable } from "../../db/people.js";
import { slotTimes } from "../../domain/reminders.js";
import { isAdmin, isMember } from "../../domain/roles.js";
import { reportablePeriod, scheduleSchema, shiftPeriod, type Schedule } from "../../domain/schedule.js";
import { nudge } from "../../jobs/reminders.js";
import { postDigestNow } from "../../jobs/digest.js";
import { postProblems } from "../../jobs/group-posts.js";

export function remindersFeature(commands: CommandTable) {
  const c = new Composer<BotContext>();

  commands.command("schedule", async (ctx) => {
    const args = ctx.match.trim();
    if (!args) {
      if (!isMember(ctx.actor)) return ctx.reply(ctx.t("not-allowed"));
      return ctx.reply(await scheduleText(ctx), { parse_mode: "HTML" });
    }
    if (!isAdmin(ctx.actor)) return ctx.reply(ctx.t("not-allowed"));
    const bloc = await getBloc(ctx.deps.db);
    const changed = applyChange(bloc!.schedule, args);
    if (!changed) return ctx.reply(ctx.t("schedule-usage"), { parse_mode: "HTML" });
    const parsed = scheduleSchema.safeParse(changed);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return ctx.reply(ctx.t("schedule-invalid", { field: esc(issue.path.join(".")), error: esc(issue.message) }), { parse_mode: "HTML" });
    }
    await setSchedule(ctx.deps.db, parsed.data);
    await refreshOpenPeriods(ctx.deps.db, parsed.data, ctx.deps.config.timeZone, ctx.deps.clock.now());
    await audit(ctx.deps.db, ctx.person?.id ?? null, "schedule.change", args, ctx.deps.clock.now());
    await ctx.reply(`${ctx.t("schedule-changed")}\n\n${await scheduleText(ctx)}`, { parse_mode: "HTML" });
  });

  commands.command(["nudge", "digest", "unreachable"], async (ctx, next) => {
    if (isAdmin(ctx.actor)) return next();
    await ctx.reply(ctx.t("not-allowed"));
  });

  commands.command("nudge", async (ctx) => {
    await ctx.reply(ctx.t("nudge-started"));
    const r = await nudge(ctx.deps, ctx.api, ctx.deps.clock.now());
    await ctx.reply(ctx.t("nudge-done", { boards: r.boards, sent: r.sent }));
  });

  // The digest now, through the group's outbox; when it did not go out, the admin hears
  // what is actually wrong (no group, the bot removed, the last failure) and what waits.
  commands.command("digest", async (ctx) => {
    const key = await postDigestNow(ctx.deps, ctx.api, ctx.deps.clock.now(), ctx.update.update_id);
    const problems = await postProblems(ctx.deps, ctx.t, ctx.locale, key);
    if (problems.length === 0) {
      if (ctx.chat.type === "private") await ctx.reply(ctx.t("digest-posted"));
      return;
    }
    await ctx.reply([...(key ? [ctx.t("digest-not-posted")] : []), ...problems].join("\n"), { parse_mode: "HTML" });
  });

  commands.command("unreachable", async (ctx) => {
    const people = await listUnreachable(ctx.deps.db);
    if (people.length === 0) return ctx.reply(ctx.t("unreachable-none"));
    const lines = [];
    for (const p of people) {
      const roles = await ctx.deps.db.role.findMany({ where: { personId: p.id, revokedAt: null }, include: { board: true } });
      const where = roles.map((r) => `${ctx.t(`role-${r.role}`)}${r.board ? ` ${esc(r.board.shortName)}` : ""}`).join(", ");
      lines.push(`• ${esc(p.firstName)}${p.username ? ` (@${esc(p.username)})` : ""}: ${where || "—"}`);
    }
    await ctx.reply(`${ctx.t("unreachable-head", { count: people.length })}\n${lines.join("\n")}`, { parse_mode: "HTML" });
  });

  return c;
}

/** Applies one "/schedule ..." change to a copy of the schedule; null when the words are not understood. */
export function applyChange(current: Schedule, args: string): unknown | null {
  const s: Schedule = structuredClone(current);
  const [cmd, ...rest] = args.split(/\s+/);
  const word = (i: number) => rest[i] ?? "";
  switch ((cmd ?? "").toLowerCase()) {
    case "deadline":
      return { ...s, deadline: { daysAfterEnd: Number(word(0)), time: word(1) } };
    case "slot": {
      const slot = { id: word(0), offsetDays: Number(word(1)), time: word(2), audience: word(3) || "focal" };
      return { ...s, reminders: [...s.reminders.filter((r) => r.id !== slot.id), slot] };
    }
    case "unslot":
      if (!s.reminders.some((r) => r.id === word(0))) return null;
      return { ...s, reminders: s.reminders.filter((r) => r.id !== word(0)) };
    case "quiet":
      return word(0).toLowerCase() === "off" ? { ...s, quietHours: null } : { ...s, quietHours: { from: word(0), to: word(1) } };
    case "weekends":
      if (!["on", "off"].includes(word(0))) return null;
      return { ...s, skip: { ...s.skip, weekends: word(0) === "on" } };
    case "holiday":
      return { ...s, skip: { ...s.skip, holidays: [...new Set([...s.skip.holidays, word(0)])].sort() } };
    case "unholiday":
      return { ...s, skip: { ...s.skip, holidays: s.skip.holidays.filter((d) => d !== word(0)) } };
    case "move":
      return { ...s, skip: { ...s.skip, move: word(0) } };
    case "period":
      return word(0) === "calendar" ? { ...s, period: { cut: "calendar" } } : word(0) === "day" ? { ...s, period: { cut: "day", startDay: Number(word(1)) } } : null;
    case "summary":
      return word(0) === "off" ? { ...s, summary: null } : { ...s, summary: { daysAfterDeadline: Number(word(0)), time: word(1) } };
    default:
      return null;
  }
}

async function scheduleText(ctx: BotContext): Promise<string> {
  const { db, clock, config } = ctx.deps;
  const bloc = await getBloc(db);
  const s = bloc!.schedule;
  const L = ctx.locale;
  const now = clock.now();
  const key = reportablePeriod(now, s, config.timeZone);
  // The period whose reminders are still ahead is the one being reported, or the next.
  let period = await ensurePeriod(db, key, s, config.timeZone);
  if (period.deadlineAt.getTime() + 7 * 86400_000 < now.getTime()) period = await ensurePeriod(db, shiftPeriod(key, 1), s, config.timeZone);
  const slots = slotTimes(period.deadlineAt, s, config.timeZone).map(
    (x) => `  – <code>${esc(x.slot.id)}</code>: ${formatDateTime(x.at, L, config.timeZone)} → ${ctx.t(`audience-${x.slot.audience}`)}`,
  );
  const lines = [
    ctx.t("schedule-head"),
    s.period.cut === "calendar" ? ctx.t("schedule-period-calendar") : ctx.t("schedule-period-day", { day: s.period.startDay, last: s.period.startDay - 1 }),
    ctx.t("schedule-deadline", { days: s.deadline.daysAfterEnd, time: s.deadline.time, month: formatMonth(period, L), at: formatDateTime(period.deadlineAt, L, config.timeZone) }),
    ctx.t("schedule-slots", { month: formatMonth(period, L) }),
    ...(slots.length ? slots : [`  – ${ctx.t("schedule-no-slots")}`]),
    s.quietHours ? ctx.t("schedule-quiet", { from: s.quietHours.from, to: s.quietHours.to }) : ctx.t("schedule-no-quiet"),
    ctx.t("schedule-skip", { weekends: s.skip.weekends ? "yes" : "no", holidays: s.skip.holidays.length, move: ctx.t(`schedule-move-${s.skip.move}`) }),
    s.summary ? ctx.t("schedule-summary", { days: s.summary.daysAfterDeadline, time: s.summary.time }) : ctx.t("schedule-no-summary"),
  ];
  if (isAdmin(ctx.actor)) lines.push("", ctx.t("schedule-usage"));
  return lines.join("\n");
}
