// Reminders in chat: /schedule (everyone with a role sees it, admins change it),
// and the admins' /nudge, /digest and /unreachable.
import { Composer } from "grammy";
import type { BotContext } from "../../../chat/context.js";
import type { CommandTable } from "../../../chat/routing.js";
import { esc } from "../../../shared/text/html.js";
import { usageText } from "../../../chat/examples.js";
import { reminderWords, scheduleLines } from "../views.js";
import { isAdmin, isMember } from "../../../shared/bloc/roles.js";
import { derivedSlotId, type Schedule } from "../../../shared/bloc/schedule.js";
import { changeSchedule, currentSchedule, scheduleNow, unreachablePeople } from "../use-cases/schedule.js";
import { nudge } from "../use-cases/remind.js";
import { postDigestNow } from "../use-cases/digest.js";
import { copyMode, postedPrivately, postProblems } from "../../group/use-cases.js";

export function remindersFeature(commands: CommandTable) {
  const c = new Composer<BotContext>();

  commands.command("schedule", async (ctx) => {
    const args = ctx.match.trim();
    if (!args) {
      if (!isMember(ctx.actor)) return ctx.reply(ctx.t("not-allowed"));
      return ctx.reply(await scheduleText(ctx), { parse_mode: "HTML" });
    }
    if (!isAdmin(ctx.actor)) return ctx.reply(ctx.t("not-allowed"));
    const changed = applyChange(await currentSchedule(ctx.deps), args);
    if (!changed) return ctx.reply(await usageText(ctx, "schedule-usage"), { parse_mode: "HTML" });
    const r = await changeSchedule(ctx.deps, ctx.person?.id ?? null, changed, args, ctx.deps.clock.now());
    if (!r.ok) return ctx.reply(ctx.t("schedule-invalid", { field: esc(r.field), error: esc(r.error) }), { parse_mode: "HTML" });
    await ctx.reply(`${ctx.t("schedule-changed")}\n\n${await scheduleText(ctx)}`, { parse_mode: "HTML" });
  });

  commands.command(["nudge", "digest", "unreachable"], async (ctx, next) => {
    if (isAdmin(ctx.actor)) return next();
    await ctx.reply(ctx.t("not-allowed"));
  });

  commands.command("nudge", async (ctx) => {
    await ctx.reply(ctx.t("nudge-started"));
    const r = await nudge(ctx.deps, ctx.deps.clock.now(), reminderWords);
    await ctx.reply(ctx.t("nudge-done", { boards: r.boards, sent: r.sent }));
  });

  // The digest now, through the group's outbox; when it did not go out, the admin hears
  // what is actually wrong (no group, the bot removed, the last failure) and what waits.
  commands.command("digest", async (ctx) => {
    const key = await postDigestNow(ctx.deps, ctx.deps.clock.now(), ctx.update.update_id, reminderWords);
    // No group: the digest went to each board's focal persons and heads in private, which is no fault.
    const privately = await postedPrivately(ctx.deps, key);
    if (privately !== null) return ctx.reply(ctx.t("digest-sent-privately", { count: privately }));
    const problems = await postProblems(ctx.deps, ctx.t, ctx.locale, key);
    if (problems.length === 0) {
      if (ctx.chat.type === "private") await ctx.reply(ctx.t("digest-posted"));
      return;
    }
    await ctx.reply([...(key ? [ctx.t("digest-not-posted")] : []), ...problems].join("\n"), { parse_mode: "HTML" });
  });

  commands.command("unreachable", async (ctx) => {
    const people = await unreachablePeople(ctx.deps);
    if (people.length === 0) return ctx.reply(ctx.t("unreachable-none"));
    const lines = people.map((p) => {
      const where = p.grants.map((g) => `${ctx.t(`role-${g.role}`)}${g.boardName ? ` ${esc(g.boardName)}` : ""}`).join(", ");
      return `• ${esc([p.firstName, p.lastName].filter(Boolean).join(" "))}${p.username ? ` (@${esc(p.username)})` : ""}: ${where || "—"}`;
    });
    // A long list goes out whole, in several messages: the bot's API splits a long text between lines (telegram-limits.ts).
    await ctx.reply(`${ctx.t("unreachable-head", { count: people.length })}\n${lines.join("\n")}`, { parse_mode: "HTML" });
  });

  return c;
}

const OFFSET = /^[+-]?\d{1,2}$/;
const HHMM = /^\d{1,2}:\d{2}$/;
const AUDIENCES = ["focal", "head", "group"];

/**
 * Applies one "/schedule ..." change to a copy of the schedule; null when the
 * words are not understood. The result is checked by scheduleSchema. Slots are
 * named by their day and time (`slot -2 09:00 focal`, `unslot -2 09:00`); the
 * older forms with an id (`slot d-2 -2 09:00 focal`, `unslot d-2`) still work.
 */
export function applyChange(current: Schedule, args: string): unknown | null {
  const s: Schedule = structuredClone(current);
  const [cmd, ...rest] = args.split(/\s+/);
  const word = (i: number) => rest[i] ?? "";
  const onOff = (w: string) => (w.toLowerCase() === "on" ? true : w.toLowerCase() === "off" ? false : null);
  switch ((cmd ?? "").toLowerCase()) {
    case "deadline":
      return { ...s, deadline: { ...s.deadline, daysAfterEnd: Number(word(0)), time: word(1) } };
    case "deadline-on-day-off":
      return { ...s, deadline: { ...s.deadline, onDayOff: word(0).toLowerCase() } };
    case "slot": {
      const withId = !OFFSET.test(word(0));
      const [id, offset, time, audience] = withId ? [word(0), word(1), word(2), word(3)] : [undefined, word(0), word(1), word(2)];
      if (!OFFSET.test(offset) || !HHMM.test(time)) return null;
      const slot = { id: id ?? derivedSlotId(Number(offset), time.padStart(5, "0")), offsetDays: Number(offset), time: time.padStart(5, "0"), audience: (audience || "focal").toLowerCase() };
      const same = (r: Schedule["reminders"][number]) => (id ? r.id === id : r.offsetDays === slot.offsetDays && r.time === slot.time && r.audience === slot.audience);
      return { ...s, reminders: [...s.reminders.filter((r) => !same(r)), slot] };
    }
    case "unslot": {
      const byId = !OFFSET.test(word(0));
      const time = word(1) && HHMM.test(word(1)) ? word(1).padStart(5, "0") : null;
      const audience = (time ? word(2) : word(1)).toLowerCase();
      if (!byId && audience && !AUDIENCES.includes(audience)) return null;
      const gone = (r: Schedule["reminders"][number]) =>
        byId ? r.id === word(0) : r.offsetDays === Number(word(0)) && (!time || r.time === time) && (!audience || r.audience === audience);
      if (!s.reminders.some(gone)) return null;
      return { ...s, reminders: s.reminders.filter((r) => !gone(r)) };
    }
    case "quiet":
      return word(0).toLowerCase() === "off" ? { ...s, quietHours: null } : { ...s, quietHours: { from: word(0), to: word(1) } };
    case "weekends": {
      const flag = onOff(word(0));
      if (flag !== null) return { ...s, daysOff: { ...s.daysOff, weekends: flag } };
      const days = rest.join(",").toLowerCase().split(/[,\s]+/).filter(Boolean);
      return days.length ? { ...s, daysOff: { ...s.daysOff, weekends: days } } : null;
    }
    case "holiday":
      if (!rest.length) return null;
      return { ...s, daysOff: { ...s.daysOff, holidays: [...new Set([...s.daysOff.holidays, ...rest])].sort() } };
    case "unholiday":
      if (!rest.length) return null;
      return { ...s, daysOff: { ...s.daysOff, holidays: s.daysOff.holidays.filter((d) => !rest.includes(d)) } };
    case "posts-on-days-off": {
      const flag = onOff(word(0));
      return flag === null ? null : { ...s, daysOff: { ...s.daysOff, quiet: !flag } };
    }
    case "move":
      return { ...s, daysOff: { ...s.daysOff, move: word(0).toLowerCase() } };
    case "period":
      return word(0) === "calendar" ? { ...s, period: { cut: "calendar" } } : word(0) === "day" ? { ...s, period: { cut: "day", startDay: Number(word(1)) } } : null;
    case "summary":
      return word(0) === "off" ? { ...s, summary: null } : { ...s, summary: { minShare: null, latestDaysAfterDeadline: null, ...s.summary, daysAfterDeadline: Number(word(0)), time: word(1) } };
    default:
      return null;
  }
}

async function scheduleText(ctx: BotContext): Promise<string> {
  const now = ctx.deps.clock.now();
  // The period whose reminders are still ahead is the one being reported, or the next.
  const { schedule, period } = await scheduleNow(ctx.deps, now);
  // Said as it happens now: with no group, the group's posts go to each board's people in private.
  const where = await copyMode(ctx.deps);
  const lines = scheduleLines(ctx.t, ctx.locale, { schedule, period, now, zone: ctx.deps.config.timeZone, where });
  if (isAdmin(ctx.actor)) lines.push("", await usageText(ctx, "schedule-usage"));
  return lines.join("\n");
}
