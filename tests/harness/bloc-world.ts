// A bloc's month through the harness, for the tests of what the scheduler posts
// (the digest, the scheduled summary, private copies): reports stored directly,
// people joining on Zalo by an invitation, the clock moved in steps.
import { submitReport } from "../../src/features/reports/store.js";
import { activeIndicators, getBloc } from "../../src/shared/bloc/store.js";
import { ensurePeriod } from "../../src/shared/bloc/periods.js";
import type { FakeZalo, FakeZaloUser } from "./fake-zalo.js";
import type { FakeUser, Harness } from "./harness.js";
import { zaloSend } from "./zalo-ballots.js";

/** A Hà Nội local time ("2026-11-05T18:00:00") as a Date. */
export const vn = (local: string): Date => new Date(`${local}+07:00`);

/** Stores October 2026's report of board `board` (its code) directly, as sent on time (the report dialogue has its own tests). */
export async function seedOctoberReport(h: Harness, board: string): Promise<void> {
  const bloc = (await getBloc(h.db))!;
  const period = await ensurePeriod(h.db, { year: 2026, month: 10 }, bloc.schedule, "Asia/Ho_Chi_Minh");
  const b = await h.db.board.findUniqueOrThrow({ where: { code: board } });
  const r = await submitReport(h.db, { boardId: b.id, periodId: period.id, personId: 0, values: { fdi_new: 1, fdi_capital: 1, workers: 1000 }, indicators: await activeIndicators(h.db), at: period.endsAt, deadlineAt: period.deadlineAt, baseVersion: 0 });
  if (!r.ok) throw new Error(`seedOctoberReport: ${board}'s report was refused`);
}

/** Zalo user `u` joins as `board`'s `role` by the admin's invitation (its code typed as /start CODE). */
export async function inviteOnZalo(h: Harness, fake: FakeZalo, u: FakeZaloUser, board: string, role: "focal" | "head"): Promise<void> {
  const admin = h.user(1, "Admin");
  await admin.send(`/invite ${board} ${role}`);
  await zaloSend(h, fake, u, `/start ${/start=([A-Za-z0-9_-]+)/.exec(admin.lastText())![1]!}`);
}

/** The administrator (Telegram id 1) starts the bot and links a Zalo account named `zaloName` by /link's code: both, and what Zalo answered the code (joined). */
export async function adminOnZalo(h: Harness, fake: FakeZalo, zaloName = "Admin Z"): Promise<{ admin: FakeUser; adminZ: FakeZaloUser; linked: string }> {
  const admin = h.user(1, "Admin");
  await admin.send("/start");
  await admin.send("/link");
  const adminZ = fake.user(zaloName);
  const linked = (await zaloSend(h, fake, adminZ, /([0-9A-Z]{4}-[0-9A-Z]{4})/.exec(admin.lastText())![1]!)).join("\n");
  return { admin, adminZ, linked };
}

/** Moves the clock in 30-minute steps to `until` (Hà Nội time), ticking the scheduler and waiting for what it handed off. */
export async function stepTo(h: Harness, until: string): Promise<void> {
  while (h.clock.now() < vn(until)) {
    h.clock.advance(30 * 60_000);
    await h.app.scheduler.tick();
    await h.app.scheduler.idle();
  }
}
