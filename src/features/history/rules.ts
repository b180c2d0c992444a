// The bloc's history of officers and award proposals: which board led the bloc
// (Khối trưởng) and which deputised (Khối phó) in a year, and which boards the
// bloc proposed for each award (Cờ thi đua, Bằng khen) for a year's work. Ballots
// write them when they close; /record lets an admin write the years the bot did
// not run (before it existed, or decided at a meeting). The rules are here.
//
// The bloc's calendar (domain README, "Calendar"; the 2022 article): the
// year-end conference reviews year Y, elects the leader and deputy for Y + 1 and
// agrees the proposals for Y's work. It is often held in December of Y, and
// sometimes in January or February of Y + 1 (the 2021 conference was skipped and
// its awards handed over a year later).

/** What one /record changes: a year's leader, its deputy, or its proposals for one award. */
export type HistorySlot = { kind: "leader" } | { kind: "deputy" } | { kind: "award"; code: string };
export type OfficerRole = "leader" | "deputy";

/** The slot as stored (RecordChange.slot): "leader", "deputy" or "award:<code>". */
export function slotKey(slot: HistorySlot): string {
  return slot.kind === "award" ? `award:${slot.code}` : slot.kind;
}

export function parseSlotKey(key: string): HistorySlot | null {
  if (key === "leader" || key === "deputy") return { kind: key };
  const m = /^award:([A-Za-z0-9_-]{1,40})$/.exec(key);
  return m ? { kind: "award", code: m[1]! } : null;
}

/**
 * The year a year-end conference held on this date reviews: the current year
 * from July on, the year before from January to June (a conference held in
 * January 2027 reviews 2026, elects the officers of 2027 and proposes the awards
 * for 2026). `month` is 1–12, in the bloc's time zone.
 */
export function reviewedYear(year: number, month: number): number {
  return month >= 7 ? year : year - 1;
}

/**
 * The years whose officers are "the leader's people" on this date: the
 * current year's, and from January to June also the previous year's, whose
 * leader still closes that year (hosts its conference, files its report).
 */
export function officerYears(year: number, month: number): number[] {
  const reviewed = reviewedYear(year, month);
  return reviewed === year ? [year] : [year, reviewed];
}

/**
 * The years a ballot of this kind may be for on this date, the usual one first:
 * an election is for the year after the reviewed one (next year in December,
 * this year in January), or for the other of this year and next (a by-election,
 * an early conference); an award proposal is for the reviewed year's work, or
 * the year before it (a conference that was skipped, as in 2021); a motion (the
 * covenant) is for the year after the reviewed one, or the reviewed year.
 */
export function ballotYears(kind: "leader" | "deputy" | "award" | "motion", year: number, month: number): number[] {
  const reviewed = reviewedYear(year, month);
  const pick = (usual: number, span: [number, number]) => [usual, ...span.filter((y) => y !== usual)];
  if (kind === "award") return [reviewed, reviewed - 1];
  if (kind === "motion") return [reviewed + 1, reviewed];
  return pick(reviewed + 1, [year, year + 1]);
}

/** The first year /record accepts. */
export const FIRST_RECORD_YEAR = 2000;
/** The most boards one /record line names (an award's proposals). */
export const MAX_RECORD_BOARDS = 12;

/**
 * The years /record accepts for a slot: officers up to next year (elected at
 * this year's conference), award proposals up to this year.
 */
export function recordYears(slot: HistorySlot, currentYear: number): { min: number; max: number } {
  return { min: FIRST_RECORD_YEAR, max: slot.kind === "award" ? currentYear : currentYear + 1 };
}

export type RecordCommand =
  | { kind: "history" }
  | { kind: "show"; year: number }
  | { kind: "set"; year: number; slot: HistorySlot; boardCodes: string[] };

export type RecordCommandError =
  | { error: "usage" }
  | { error: "year"; min: number; max: number }
  | { error: "slot"; slot: string }
  | { error: "one_board" }
  | { error: "too_many"; max: number };

const LEADER_WORDS = ["leader", "khoitruong"];
const DEPUTY_WORDS = ["deputy", "khoipho"];
/** "-" (or a word for it) clears a slot: no leader recorded, no proposals for the award. */
const CLEAR_WORDS = ["-", "none", "khong"];

/**
 * Reads /record's arguments:
 *   ""                        → the history (recent years)
 *   "2022"                    → that year's record
 *   "2023 leader HNA"         → set the leader of 2023 (deputy likewise; "khoitruong", "khoipho" too)
 *   "2022 flag HP ND"         → set the proposals for the award `flag` (an award code of the bloc file)
 *   "2023 deputy -"           → clear it
 * Board codes are separated by spaces or commas and checked against the
 * database by the caller; repeated codes count once. Slot words are
 * case-insensitive.
 */
export function parseRecordCommand(text: string, awardCodes: string[], currentYear: number): RecordCommand | RecordCommandError {
  const words = text.trim().split(/[\s,]+/).filter(Boolean);
  if (words.length === 0) return { kind: "history" };
  const yearWord = words[0]!;
  if (!/^\d{4}$/.test(yearWord)) return { error: "usage" };
  const year = Number(yearWord);
  if (words.length === 1) {
    if (year < FIRST_RECORD_YEAR || year > currentYear + 1) return { error: "year", min: FIRST_RECORD_YEAR, max: currentYear + 1 };
    return { kind: "show", year };
  }
  const slotWord = words[1]!.toLowerCase();
  let slot: HistorySlot;
  if (LEADER_WORDS.includes(slotWord)) slot = { kind: "leader" };
  else if (DEPUTY_WORDS.includes(slotWord)) slot = { kind: "deputy" };
  else {
    const code = awardCodes.find((c) => c.toLowerCase() === slotWord);
    if (!code) return { error: "slot", slot: words[1]! };
    slot = { kind: "award", code };
  }
  const bounds = recordYears(slot, currentYear);
  if (year < bounds.min || year > bounds.max) return { error: "year", ...bounds };
  const rest = words.slice(2);
  if (rest.length === 0) return { error: "usage" };
  if (rest.length === 1 && CLEAR_WORDS.includes(rest[0]!.toLowerCase())) return { kind: "set", year, slot, boardCodes: [] };
  const seen = new Set<string>();
  const boardCodes = rest.filter((c) => {
    const k = c.toLowerCase();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  if (slot.kind !== "award" && boardCodes.length !== 1) return { error: "one_board" };
  if (boardCodes.length > MAX_RECORD_BOARDS) return { error: "too_many", max: MAX_RECORD_BOARDS };
  return { kind: "set", year, slot, boardCodes };
}

/** Two lists of board ids hold the same boards. */
export function sameBoards(a: number[], b: number[]): boolean {
  if (a.length !== b.length) return false;
  const s = new Set(a);
  return b.every((x) => s.has(x));
}
