/**
 * The independent rule checker: given the problem and a roster (a list of assignments), it counts
 * every broken hard rule and computes the objective, straight from the rule model's definitions.
 *
 * It shares nothing with the solver's formulation (compile.ts / milp.ts): it walks the roster day by
 * day, person by person, with clock times, so that a wrong row in the MILP shows up here as a
 * violation or as an objective that differs from the solver's. Only the model's own definitions
 * (what a night is, which weekday a day is) are imported, since they are the specification.
 */
import {
  clockMinutes,
  dateOf,
  DAY_MINUTES,
  isNightShift,
  PATTERN_OFF,
  shiftLetter,
  weekdayOf,
  type Assignment,
  type Requirement,
  type RosterProblem,
  type ShiftType,
  type StaffRules,
} from '../../../shared/roster/model.js';

/** One broken hard rule. `message` is a plain English sentence for logs; `key`/`params` are for the UI. */
export interface Violation {
  rule: string;
  key: string;
  staff?: string;
  day?: number;
  date?: string;
  shift?: string;
  params: Record<string, string | number>;
  message: string;
}

export interface SoftCost {
  /** What the penalty is for, e.g. "request" or "cover". */
  kind: 'request' | 'pattern' | 'cover' | 'fairness';
  cost: number;
  staff?: string;
  day?: number;
  shift?: string;
  detail: string;
}

export interface CheckResult {
  violations: Violation[];
  objective: number;
  breakdown: { requests: number; patterns: number; cover: number; fairness: number };
  /** Every non-zero penalty, for "why is this roster not better" views. */
  costs: SoftCost[];
}

interface Worked {
  shift: ShiftType;
  night: boolean;
}

export const checkRoster = (p: RosterProblem, roster: readonly Assignment[]): CheckResult => {
  const violations: Violation[] = [];
  const costs: SoftCost[] = [];
  const shifts = new Map(p.shiftTypes.map((s) => [s.id, s]));
  const date = (d: number) => dateOf(p.startDate, d);
  const violate = (rule: string, message: string, at: { staff?: string; day?: number; shift?: string }, params: Record<string, string | number> = {}) => {
    const v: Violation = { rule, key: `roster.violation.${rule}`, ...at, params: { ...params }, message };
    if (at.day !== undefined) v.date = date(at.day);
    for (const [k, val] of Object.entries(at)) if (val !== undefined) v.params[k] = val;
    if (v.date !== undefined) v.params.date = v.date;
    violations.push(v);
  };

  // Who works what, per person and day.
  const grid = new Map<string, (Worked | undefined)[]>(p.staff.map((s) => [s.id, Array.from({ length: p.days }, () => undefined)]));
  for (const a of roster) {
    const row = grid.get(a.staff);
    const shift = shifts.get(a.shift);
    if (row === undefined || shift === undefined || !Number.isInteger(a.day) || a.day < 0 || a.day >= p.days) {
      violate('unknownAssignment', `assignment ${a.staff} day ${a.day} shift ${a.shift} names an unknown person, shift or day`, a);
      continue;
    }
    if (row[a.day] !== undefined) {
      violate('oneShiftPerDay', `${a.staff} has two shifts on ${date(a.day)} (${row[a.day]!.shift.id} and ${a.shift})`, a);
      continue;
    }
    row[a.day] = { shift, night: isNightShift(shift) };
  }

  const weekday = (d: number) => weekdayOf(p.startDate, d);
  const weekKey = (d: number) => Math.floor((d + weekday(0) - 1) / 7);
  const onLeave = new Set(p.leave.map((l) => `${l.staff}/${l.day}`));
  const forbidden = new Set(p.rules.forbiddenSuccessions.map((f) => `${f.from}>${f.to}`));

  for (const person of p.staff) {
    const row = grid.get(person.id)!;
    const r: StaffRules = { ...p.rules, ...Object.fromEntries(Object.entries(person.rules ?? {}).filter(([, v]) => v !== undefined)) };
    const who = person.id;

    row.forEach((w, d) => {
      if (w !== undefined && onLeave.has(`${who}/${d}`))
        violate('leave', `${who} works ${w.shift.id} on ${date(d)} but is on leave`, { staff: who, day: d, shift: w.shift.id });
    });

    // Succession and rest: every worked shift against the next worked shift(s) within two days.
    for (let d = 0; d < p.days; d++) {
      const a = row[d];
      if (a === undefined) continue;
      const next = row[d + 1];
      if (next !== undefined) {
        if (forbidden.has(`${a.shift.id}>${next.shift.id}`))
          violate('forbiddenSuccession', `${who}: ${next.shift.id} on ${date(d + 1)} may not follow ${a.shift.id} on ${date(d)}`, { staff: who, day: d + 1, shift: next.shift.id }, { previous: a.shift.id });
        if (p.rules.noDayAfterNight && a.night && !next.night)
          violate('dayAfterNight', `${who}: day shift ${next.shift.id} on ${date(d + 1)} straight after the night ${a.shift.id}`, { staff: who, day: d + 1, shift: next.shift.id }, { previous: a.shift.id });
      }
      for (const gap of [1, 2]) {
        const b = row[d + gap];
        if (b === undefined || a.shift.start === undefined || b.shift.start === undefined) continue;
        const end = clockMinutes(a.shift.start) + a.shift.minutes;
        const rest = gap * DAY_MINUTES + clockMinutes(b.shift.start) - end;
        const need = (a.night ? p.rules.minRestAfterNightHours : p.rules.minRestHours) * 60;
        if (rest < 0)
          violate('overlap', `${who}: ${b.shift.id} on ${date(d + gap)} starts before ${a.shift.id} of ${date(d)} ends`, { staff: who, day: d + gap, shift: b.shift.id }, { previous: a.shift.id });
        else if (rest < need)
          violate('minRest', `${who}: only ${rest / 60} h rest before ${b.shift.id} on ${date(d + gap)} (needs ${need / 60} h after ${a.shift.id})`, { staff: who, day: d + gap, shift: b.shift.id }, { restHours: rest / 60, needHours: need / 60, previous: a.shift.id });
      }
    }

    for (const st of p.shiftTypes) {
      const n = row.filter((w) => w?.shift.id === st.id).length;
      const max = r.maxShiftsPerType?.[st.id];
      const min = r.minShiftsPerType?.[st.id];
      if (max !== undefined && n > max) violate('maxShiftsPerType', `${who} works ${n} × ${st.id}, at most ${max} allowed`, { staff: who, shift: st.id }, { count: n, max });
      if (min !== undefined && n < min) violate('minShiftsPerType', `${who} works ${n} × ${st.id}, at least ${min} required`, { staff: who, shift: st.id }, { count: n, min });
    }

    const total = row.reduce((sum, w) => sum + (w?.shift.minutes ?? 0), 0);
    if (r.maxMinutesPerHorizon !== undefined && total > r.maxMinutesPerHorizon)
      violate('maxMinutes', `${who} works ${total} min, at most ${r.maxMinutesPerHorizon}`, { staff: who }, { minutes: total, max: r.maxMinutesPerHorizon });
    if (r.minMinutesPerHorizon !== undefined && total < r.minMinutesPerHorizon)
      violate('minMinutes', `${who} works ${total} min, at least ${r.minMinutesPerHorizon}`, { staff: who }, { minutes: total, min: r.minMinutesPerHorizon });
    if (r.maxMinutesPerWeek !== undefined) {
      const perWeek = new Map<number, { minutes: number; first: number }>();
      row.forEach((w, d) => {
        const k = weekKey(d);
        const cur = perWeek.get(k) ?? { minutes: 0, first: d };
        cur.minutes += w?.shift.minutes ?? 0;
        perWeek.set(k, cur);
      });
      for (const { minutes, first } of perWeek.values())
        if (minutes > r.maxMinutesPerWeek)
          violate('maxMinutesPerWeek', `${who} works ${minutes} min in the week of ${date(first)}, at most ${r.maxMinutesPerWeek}`, { staff: who, day: first }, { minutes, max: r.maxMinutesPerWeek });
    }

    // Runs of work, of days off, and of nights.
    const runs = (test: (d: number) => boolean) => {
      const out: { from: number; length: number }[] = [];
      for (let d = 0; d < p.days; d++) {
        if (!test(d)) continue;
        let e = d;
        while (e + 1 < p.days && test(e + 1)) e++;
        out.push({ from: d, length: e - d + 1 });
        d = e;
      }
      return out;
    };
    const inner = (run: { from: number; length: number }) => run.from > 0 && run.from + run.length < p.days;
    for (const run of runs((d) => row[d] !== undefined)) {
      if (r.maxConsecutiveWorkDays !== undefined && run.length > r.maxConsecutiveWorkDays)
        violate('maxConsecutiveWorkDays', `${who} works ${run.length} days in a row from ${date(run.from)}, at most ${r.maxConsecutiveWorkDays}`, { staff: who, day: run.from }, { length: run.length, max: r.maxConsecutiveWorkDays });
      if (r.minConsecutiveWorkDays !== undefined && inner(run) && run.length < r.minConsecutiveWorkDays)
        violate('minConsecutiveWorkDays', `${who} works only ${run.length} days in a row from ${date(run.from)}, at least ${r.minConsecutiveWorkDays}`, { staff: who, day: run.from }, { length: run.length, min: r.minConsecutiveWorkDays });
    }
    for (const run of runs((d) => row[d] === undefined))
      if (r.minConsecutiveDaysOff !== undefined && inner(run) && run.length < r.minConsecutiveDaysOff)
        violate('minConsecutiveDaysOff', `${who} has only ${run.length} days off in a row from ${date(run.from)}, at least ${r.minConsecutiveDaysOff}`, { staff: who, day: run.from }, { length: run.length, min: r.minConsecutiveDaysOff });
    if (r.maxConsecutiveNights !== undefined)
      for (const run of runs((d) => row[d]?.night === true))
        if (run.length > r.maxConsecutiveNights)
          violate('maxConsecutiveNights', `${who} works ${run.length} nights in a row from ${date(run.from)}, at most ${r.maxConsecutiveNights}`, { staff: who, day: run.from }, { length: run.length, max: r.maxConsecutiveNights });

    if (r.maxWeekendsWorked !== undefined) {
      const worked = new Set<number>();
      row.forEach((w, d) => {
        if (w !== undefined && weekday(d) >= 6) worked.add(weekKey(d));
      });
      if (worked.size > r.maxWeekendsWorked)
        violate('maxWeekendsWorked', `${who} works ${worked.size} weekends, at most ${r.maxWeekendsWorked}`, { staff: who }, { count: worked.size, max: r.maxWeekendsWorked });
    }

    if (person.pattern !== undefined) {
      const cycle = p.patterns.find((pt) => pt.id === person.pattern!.id)?.cycle ?? '';
      for (let d = 0; d < p.days && cycle.length > 0; d++) {
        const letter = cycle[(person.pattern.offset + d) % cycle.length];
        const got = row[d] === undefined ? PATTERN_OFF : (shiftLetter(row[d]!.shift) ?? '?');
        if (got === letter) continue;
        if (person.pattern.weight === undefined)
          violate('pattern', `${who} should have ${letter} on ${date(d)} by pattern ${person.pattern.id}, has ${got}`, { staff: who, day: d }, { expected: letter, actual: got });
        else costs.push({ kind: 'pattern', cost: person.pattern.weight, staff: who, day: d, detail: `pattern ${person.pattern.id} wants ${letter}, has ${got}` });
      }
    }
  }

  for (const f of p.fixed) {
    const w = grid.get(f.staff)?.[f.day];
    if (w?.shift.id !== f.shift)
      violate('fixed', `${f.staff} must work ${f.shift} on ${date(f.day)} (fixed), has ${w?.shift.id ?? 'none'}`, { staff: f.staff, day: f.day, shift: f.shift });
  }

  for (const q of p.requests) {
    const w = grid.get(q.staff)?.[q.day];
    const hit = w !== undefined && (q.shift === undefined || w.shift.id === q.shift);
    if (q.kind === 'on' && !hit) costs.push({ kind: 'request', cost: q.weight, staff: q.staff, day: q.day, shift: q.shift, detail: `wants ${q.shift} on ${date(q.day)}` });
    if (q.kind === 'off' && hit) costs.push({ kind: 'request', cost: q.weight, staff: q.staff, day: q.day, shift: w.shift.id, detail: `does not want ${q.shift ?? 'to work'} on ${date(q.day)}` });
  }

  // Coverage.
  const quals = new Map(p.staff.map((s) => [s.id, new Set([s.role, ...s.qualifications])]));
  const counts = (q: string | undefined, who: string) => q === undefined || quals.get(who)!.has(q);
  const daysOf = (sel: { days?: number[]; weekdays?: number[] }) =>
    [...new Set(sel.days ?? [...Array(p.days).keys()])].filter((d) => sel.weekdays === undefined || sel.weekdays.includes(weekday(d)));
  const judge = (req: Requirement, n: number, d: number, what: string, shift: string | undefined, eligible: () => string[]) => {
    const who = req.qualification ?? 'anyone';
    if (n < req.min) {
      const short = req.min - n;
      if (req.underWeight === undefined)
        violate('coverUnder', `${date(d)} ${what}: ${n} of ${req.min} ${who} on duty, ${short} short (could work: ${eligible().join(' ') || 'nobody'})`, { day: d, shift }, { qualification: who, count: n, min: req.min, short });
      else if (req.underWeight > 0) costs.push({ kind: 'cover', cost: short * req.underWeight, day: d, shift, detail: `${what}: ${short} ${who} short` });
    }
    const needed = Math.max(req.min, req.wanted ?? 0);
    if (p.surplusWeight > 0 && n > needed) costs.push({ kind: 'cover', cost: (n - needed) * p.surplusWeight, day: d, shift, detail: `${what}: ${n - needed} ${who} beyond the ${needed} needed` });
    if (req.max !== undefined && n > req.max) {
      const extra = n - req.max;
      if (req.overWeight === undefined) violate('coverOver', `${date(d)} ${what}: ${n} ${who} on duty, at most ${req.max}`, { day: d, shift }, { qualification: who, count: n, max: req.max, extra });
      else if (req.overWeight > 0) costs.push({ kind: 'cover', cost: extra * req.overWeight, day: d, shift, detail: `${what}: ${extra} ${who} too many` });
    }
  };
  const idle = (d: number, q: string | undefined) =>
    p.staff.filter((s) => counts(q, s.id) && grid.get(s.id)![d] === undefined && !onLeave.has(`${s.id}/${d}`)).map((s) => s.id);
  for (const c of p.coverage)
    for (const d of daysOf(c))
      for (const req of c.requirements) {
        const n = p.staff.filter((s) => counts(req.qualification, s.id) && grid.get(s.id)![d]?.shift.id === c.shift).length;
        judge(req, n, d, `shift ${c.shift}`, c.shift, () => idle(d, req.qualification));
      }
  for (const c of p.windowCoverage) {
    const from = clockMinutes(c.from);
    const to = clockMinutes(c.to) + (clockMinutes(c.to) <= from ? DAY_MINUTES : 0);
    for (const d of daysOf(c))
      for (const req of c.requirements) {
        const n = p.staff.filter((s) => {
          if (!counts(req.qualification, s.id)) return false;
          const row = grid.get(s.id)!;
          return [d - 1, d].some((dd) => {
            const w = row[dd];
            if (dd < 0 || w === undefined || w.shift.start === undefined) return false;
            const a = (dd - d) * DAY_MINUTES + clockMinutes(w.shift.start);
            return a <= from && a + w.shift.minutes >= to;
          });
        }).length;
        judge(req, n, d, `window ${c.from}–${c.to}`, undefined, () => idle(d, req.qualification));
      }
  }

  // Fairness within each role: weight × (most − fewest).
  for (const f of p.fairness) {
    for (const role of new Set(p.staff.map((s) => s.role))) {
      const members = p.staff.filter((s) => s.role === role);
      if (members.length < 2 || f.weight === 0) continue;
      const values = members.map((s) => {
        const row = grid.get(s.id)!;
        if (f.metric === 'nights') return row.filter((w) => w?.night === true).length;
        if (f.metric === 'holidays') return p.holidays.filter((d, i, all) => all.indexOf(d) === i && row[d] !== undefined).length;
        const weekends = new Set<number>();
        row.forEach((w, d) => {
          if (w !== undefined && weekday(d) >= 6) weekends.add(weekKey(d));
        });
        return weekends.size;
      });
      const spread = Math.max(...values) - Math.min(...values);
      if (spread > 0) costs.push({ kind: 'fairness', cost: spread * f.weight, detail: `${f.metric} among ${role}: spread ${spread}` });
    }
  }

  const sum = (kind: SoftCost['kind']) => costs.filter((c) => c.kind === kind).reduce((a, c) => a + c.cost, 0);
  const breakdown = { requests: sum('request'), patterns: sum('pattern'), cover: sum('cover'), fairness: sum('fairness') };
  return { violations, objective: breakdown.requests + breakdown.patterns + breakdown.cover + breakdown.fairness, breakdown, costs };
};
