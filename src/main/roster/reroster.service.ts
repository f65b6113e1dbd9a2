/**
 * Re-rostering after a sick call: the smallest repair of a month from a date on, and the list of
 * assignments that changed between two rosters of it.
 */
import type { RosterCell, RosterCellChange, RuleIssue } from '../../shared/roster/contract.js';
import { buildProblem, COVER_RULES, ruleIssues, type BuiltProblem, type MonthContext } from './roster.service.js';

export interface Repair {
  cells: RosterCell[];
  /** hard issues left from `fromDate` on (coverage included): none when the repair is complete */
  remaining: RuleIssue[];
}

/**
 * The smallest change first: take away the shifts that now clash with leave or sickness, then fill
 * each gap with someone who is free that day and breaks none of their own rules by taking it
 * (fewest hours first, for fairness). When a gap cannot be filled that way the engine is asked,
 * with every other assignment weighted to stay.
 */
export const repairFrom = (m: MonthContext, fromDate: string): { built: BuiltProblem; repair: Repair } => {
  const b = buildProblem(m, { lockedBefore: fromDate });
  const open = (date: string) => date >= fromDate && date.startsWith(m.month);
  const onLeave = new Set(b.problem.leave.map((l) => `${l.staff}/${b.dates[l.day]}`));
  let cells = m.cells.filter((c) => !(open(c.date) && onLeave.has(`${c.staffId}/${c.date}`)));
  const hours = new Map<string, number>();
  const minutesOf = new Map(b.problem.shiftTypes.map((s) => [s.id, s.minutes]));
  for (const c of cells) if (c.date.startsWith(m.month)) hours.set(c.staffId, (hours.get(c.staffId) ?? 0) + (minutesOf.get(c.shiftId) ?? 0));
  const staffOf = new Map(b.problem.staff.map((s) => [s.id, s]));

  for (let round = 0; round < 62; round++) {
    const issues = ruleIssues(b, cells).filter((i) => i.date && open(i.date));
    const gap = issues.find((i) => i.rule === 'coverUnder' && i.shiftId);
    if (!gap) break;
    const qualification = typeof gap.params.qualification === 'string' && gap.params.qualification !== 'anyone' ? gap.params.qualification : undefined;
    const busy = new Set(cells.filter((c) => c.date === gap.date).map((c) => c.staffId));
    const candidates = [...b.people.keys()]
      .filter((id) => !busy.has(id) && !onLeave.has(`${id}/${gap.date}`))
      .filter((id) => {
        const s = staffOf.get(id)!;
        return qualification === undefined || s.role === qualification || s.qualifications.includes(qualification);
      })
      .sort((x, y) => (hours.get(x) ?? 0) - (hours.get(y) ?? 0) || x.localeCompare(y));
    // A person's own rules counted over the whole month: a week's or the month's limit is dated
    // at its start, which may lie before the re-roster date while the new shift breaks it.
    const ownRules = (list: RosterCell[]) => ruleIssues(b, list).filter((i) => !COVER_RULES.has(i.rule)).length;
    const before = ownRules(cells);
    let filled = false;
    for (const id of candidates) {
      const trial = [...cells, { staffId: id, date: gap.date!, shiftId: gap.shiftId! }];
      const after = ownRules(trial);
      if (after <= before) {
        cells = trial;
        hours.set(id, (hours.get(id) ?? 0) + (minutesOf.get(gap.shiftId!) ?? 0));
        filled = true;
        break;
      }
    }
    if (!filled) break;
  }
  return { built: b, repair: { cells, remaining: ruleIssues(b, cells).filter((i) => i.date && open(i.date)) } };
};

/**
 * The cells from the re-roster date on whose shift differs between two rosters of the month (a
 * shift given, taken away or changed counts once), in date order, and how many assignments there
 * were before.
 */
export const listChanges = (before: RosterCell[], after: RosterCell[], open: (date: string) => boolean): { changed: number; remaining: number; changes: RosterCellChange[] } => {
  const shiftAt = (cells: RosterCell[]) => new Map(cells.filter((c) => open(c.date)).map((c) => [`${c.staffId}/${c.date}`, c]));
  const a = shiftAt(before);
  const b = shiftAt(after);
  const changes: RosterCellChange[] = [];
  for (const k of new Set([...a.keys(), ...b.keys()])) {
    const from = a.get(k);
    const to = b.get(k);
    if (from?.shiftId === to?.shiftId) continue;
    const cell = (from ?? to)!;
    changes.push({ staffId: cell.staffId, date: cell.date, from: from?.shiftId ?? null, to: to?.shiftId ?? null });
  }
  changes.sort((x, y) => x.date.localeCompare(y.date) || x.staffId.localeCompare(y.staffId));
  return { changed: changes.length, remaining: a.size, changes };
};
