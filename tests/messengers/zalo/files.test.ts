// Summaries and files on Zalo (issue 16 item 6) as the composition wires them
// (src/app.ts with a Zalo side and PUBLIC_URL: the FileStore in FILES_DIR, the
// links' key from FILE_LINK_KEY or kept beside the database; main.ts serves
// them with src/messengers/http/server.ts): /summary as plain text with numbered
// choices; its charts through Zalo's sendPhoto by a signed, expiring link that
// the bot's own HTTP server answers (and refuses altered or expired); the
// spreadsheet and the annual report as download links; housekeeping deletes
// the expired files; without PUBLIC_URL the bot says where files are.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterEach, describe, expect, it } from "vitest";
import { parseZaloEvent } from "../../../src/messengers/zalo/events.js";
import { createHttpServer, type HttpServer } from "../../../src/messengers/http/server.js";
import { FILE_LINK_KEY_FILE } from "../../../src/shared/files/key.js";
import { submitReport } from "../../../src/features/reports/store.js";
import { activeIndicators, getBloc } from "../../../src/shared/bloc/store.js";
import { ensurePeriod } from "../../../src/shared/bloc/periods.js";
import { FakeZalo, type FakeZaloUser, type SentByBot } from "../../harness/fake-zalo.js";
import { Harness } from "../../harness/harness.js";
import { blocWithBoardsFrom } from "../../harness/bloc-files.js";

const PUBLIC_URL = "https://bot.example.vn";
const DAY = 86_400_000;
const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47];

let h: Harness;
let fake: FakeZalo;
let server: HttpServer | undefined;

afterEach(async () => {
  await server?.stop(1000);
  server = undefined;
  await h.close();
});

async function start(env: Record<string, string>): Promise<void> {
  fake = new FakeZalo({ now: () => h.clock.now().getTime() });
  h = await Harness.create({ zalo: fake, now: "2026-11-10T02:00:00Z", blocFile: blocWithBoardsFrom("2025-01"), env });
  for (const [board, year, values] of [
    ["HP", 2026, { fdi_new: 12, fdi_capital: 402.76, workers: 52300 }],
    ["QN", 2026, { fdi_new: 3, fdi_capital: 100, workers: 30000 }],
    ["HP", 2025, { fdi_new: 10, fdi_capital: 500, workers: 50000 }],
  ] as const) {
    const bloc = (await getBloc(h.db))!;
    const period = await ensurePeriod(h.db, { year, month: 10 }, bloc.schedule, "Asia/Ho_Chi_Minh");
    const b = await h.db.board.findUniqueOrThrow({ where: { code: board } });
    const r = await submitReport(h.db, { boardId: b.id, periodId: period.id, personId: 0, values, indicators: await activeIndicators(h.db), at: period.endsAt, deadlineAt: period.deadlineAt, baseVersion: 0 });
    if (!r.ok) throw new Error("seed failed");
  }
}

/** `user` types `text` on Zalo; returns what the bot sent back there. */
async function zaloSend(user: FakeZaloUser, text: string): Promise<SentByBot[]> {
  const zalo = h.app.zalo!;
  const before = fake.sent.get(user.id)?.length ?? 0;
  await zalo.adapter.handle(zalo.bot, parseZaloEvent(fake.textEvent(user, text))!);
  return (fake.sent.get(user.id) ?? []).slice(before);
}

/** A secretariat officer who joined on Zalo (invited by the admin on Telegram). */
async function secretariatOnZalo(): Promise<FakeZaloUser> {
  const admin = h.user(1, "Admin");
  await admin.send("/invite - secretariat");
  const code = /start=([A-Za-z0-9_-]+)/.exec(admin.lastText())![1]!;
  const thu = fake.user("Thu");
  expect((await zaloSend(thu, `/start ${code}`)).map((s) => s.text).join("\n")).toContain("Thư ký");
  return thu;
}

/** The number of the choice whose line matches `label` in a Zalo text. */
function choiceNumber(text: string, label: RegExp): string {
  const line = text.split("\n").find((l) => /^\d+\. /.test(l) && label.test(l));
  if (!line) throw new Error(`no choice ${String(label)} in:\n${text}`);
  return /^(\d+)\./.exec(line)![1]!;
}

/** The bot's HTTP server on the composition's files, as main.ts starts it; the reverse proxy's mapping of PUBLIC_URL to it. */
async function serve(): Promise<(link: string) => Promise<Response>> {
  const files = h.app.linkedFiles!;
  server = createHttpServer({ logger: h.app.deps.logger, port: 0, files: { store: files.store, key: files.key }, clock: h.clock });
  const local = (await server.start()).url;
  return (link) => {
    expect(link.startsWith(`${PUBLIC_URL}/files/`), link).toBe(true);
    return fetch(`${local}${new URL(link).pathname}`);
  };
}

describe("summaries and files on Zalo, with PUBLIC_URL", () => {
  it("/summary in plain text; its charts through sendPhoto by signed links the bot serves, refused when altered or expired, deleted by housekeeping", { timeout: 120_000 }, async () => {
    await start({ PUBLIC_URL: `${PUBLIC_URL}/` });
    const thu = await secretariatOnZalo();
    const [screen, ...more] = await zaloSend(thu, "/summary");
    expect(more).toEqual([]);
    expect(screen!.text).toMatch(/^📊 Tổng hợp tháng 10\/2026 · ⚠️ 2\/11 đơn vị đã báo cáo/);
    expect(screen!.text).not.toMatch(/<\/?[a-z]+>/); // plain text, no HTML
    const charts = choiceNumber(screen!.text!, /Biểu đồ/);

    const sent = await zaloSend(thu, charts);
    const photos = sent.filter((s) => s.method === "sendPhoto");
    expect(photos, JSON.stringify(sent)).toHaveLength(2); // the indicator by board, and the year's trend
    expect(photos[0]!.caption).toContain("tháng 10/2026");
    expect(h.tg.callsOf("sendPhoto")).toEqual([]); // nothing went to Telegram
    const get = await serve();
    for (const p of photos) {
      const res = await get(p.photo!);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("image/png");
      expect([...new Uint8Array(await res.arrayBuffer()).subarray(0, 4)]).toEqual(PNG_MAGIC);
    }
    // The link's token: <file id>.<expiry>.<signature>; any part altered is the same 404.
    const link = photos[0]!.photo!;
    const [id, expires, sig] = link.split("/files/")[1]!.split(".") as [string, string, string];
    const other = photos[1]!.photo!.split("/files/")[1]!.split(".")[0]!;
    for (const altered of [
      `${id}.${expires}.${sig.slice(0, -1)}${sig.endsWith("A") ? "B" : "A"}`, // the signature
      `${id}.${Number(expires) + 86_400}.${sig}`, // the expiry pushed
      `${other}.${expires}.${sig}`, // another file under this signature
      `${id}.${expires}`, // cut
    ]) {
      expect((await get(`${PUBLIC_URL}/files/${altered}`)).status, altered).toBe(404);
    }
    expect(Number(expires) * 1000).toBe(h.clock.now().getTime() + 7 * DAY);

    // The key was made once and kept beside the database (0600), never logged.
    const keyFile = join(h.dir, FILE_LINK_KEY_FILE);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const key = readFileSync(keyFile, "utf8").trim();
    expect(key.length).toBeGreaterThanOrEqual(43);
    expect(h.logs.join("")).not.toContain(key);
    // A restart keeps it: the links already sent stay good.
    await h.restart();
    await server!.stop(1000);
    const again = await serve();
    expect((await again(link)).status).toBe(200);

    // A week later the link has expired (410); housekeeping then deletes the files.
    h.clock.advance(7 * DAY);
    expect((await again(link)).status).toBe(410);
    const dir = h.app.linkedFiles!.store.dir;
    expect(dir).toBe(join(h.dir, "files")); // FILES_DIR's default: beside the database
    const stored = () => readdirSync(dir).filter((f) => f.endsWith(".data")).length;
    expect(stored()).toBe(2);
    await h.app.scheduler.tick();
    expect(stored()).toBe(0);
    expect((await again(link)).status).toBe(410);
  });

  it("the spreadsheet and the annual report as download links, with their names and types", { timeout: 120_000 }, async () => {
    await start({ PUBLIC_URL, FILE_LINK_KEY: "k".repeat(16) + "-a-key-given-by-the-admin-0123456789" });
    const thu = await secretariatOnZalo();
    const [screen] = await zaloSend(thu, "/summary");
    const [xlsx, ...rest] = await zaloSend(thu, choiceNumber(screen!.text!, /Bảng tính/));
    expect(rest).toEqual([]);
    expect(xlsx!.method).toBe("sendMessage");
    const m = /^([^\n]*tháng 10\/2026[\s\S]*)\n\n(\S+\.xlsx): (https:\/\/bot\.example\.vn\/files\/\S+)$/.exec(xlsx!.text!);
    expect(m, xlsx!.text).not.toBeNull();
    const get = await serve();
    const res = await get(m![3]!);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename=${m![2]}`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    expect(book.worksheets.length).toBeGreaterThan(0);
    // FILE_LINK_KEY given: no key is made or kept.
    expect(existsSync(join(h.dir, FILE_LINK_KEY_FILE))).toBe(false);

    const [annual] = await zaloSend(thu, "/annual 2026");
    const a = /bao-cao-tong-ket-2026\.docx: (https:\/\/bot\.example\.vn\/files\/\S+)$/.exec(annual!.text!);
    expect(a, annual!.text).not.toBeNull();
    const doc = await get(a![1]!);
    expect(doc.status).toBe(200);
    expect(doc.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect(Buffer.from(await doc.arrayBuffer()).subarray(0, 2).toString()).toBe("PK");
    expect(h.tg.callsOf("sendDocument")).toEqual([]);
  });
});

describe("summaries and files on Zalo, without PUBLIC_URL", () => {
  it("the summary as text; each file replaced by the line saying files are on Telegram or once an admin sets PUBLIC_URL; nothing stored", { timeout: 120_000 }, async () => {
    await start({});
    expect(h.app.linkedFiles).toBeUndefined();
    const thu = await secretariatOnZalo();
    const [screen] = await zaloSend(thu, "/summary");
    expect(screen!.text).toMatch(/^📊 Tổng hợp tháng 10\/2026/);
    const fixed = h.app.deps.i18n.t("vi", "zalo-files-unavailable");
    expect(fixed).toMatch(/Telegram[\s\S]*PUBLIC_URL/);
    const charts = await zaloSend(thu, choiceNumber(screen!.text!, /Biểu đồ/));
    expect(charts.map((s) => s.method)).toEqual(["sendMessage", "sendMessage"]);
    for (const c of charts) {
      expect(c.text).toMatch(/^(📈 )?[^\n]*2026/); // the caption: the period
      expect(c.text!.endsWith(`\n\n${fixed}`), c.text).toBe(true);
    }
    const [again] = await zaloSend(thu, "/summary");
    const [xlsx] = await zaloSend(thu, choiceNumber(again!.text!, /Bảng tính/));
    expect(xlsx!.text!.endsWith(fixed)).toBe(true);
    const [annual] = await zaloSend(thu, "/annual 2026");
    expect(annual!.text!.endsWith(fixed)).toBe(true);
    expect(fake.callsOf("sendPhoto")).toEqual([]);
    expect(existsSync(join(h.dir, "files"))).toBe(false);
    expect(existsSync(join(h.dir, FILE_LINK_KEY_FILE))).toBe(false);
  });
});
