/**
 * Turns a validated `RosterProblem` into flat, index-based arrays that the MILP builder and the
 * local search share: staff e, day d, shift s, and a "cell" c = (e·D + d)·S + s for "e works s on
 * d". Everything derived from rules (which successions rest forbids, who counts for a requirement,
 * the cost of each cell from wishes) is decided once here.
 *
 * The independent rule checker (checker.ts) deliberately does NOT use this: it re-reads the
 * problem itself, so that a bug here cannot hide a violation.
 */
import {
  clockMinutes,
  DAY_MINUTES,
  effectiveRules,
  isNightShift,
  PATTERN_OFF,
  shiftLetter,
  weekdayOf,
  type FairnessMetric,
  type Requirement,
  type RosterProblem,
} from '../../../shared/roster/model.js';

export interface CompiledRules {
  /** Per shift type; Infinity when unlimited. */
  maxPerType: number[];
  minPerType: number[];
  maxMinutes: number;
  minMinutes: number;
  maxWeekMinutes: number;
  maxConsecutive: number;
  minConsecutive: number;
  minDaysOff: number;
  maxNights: number;
  maxWeekends: number;
}

export type CoverSource = { kind: 'shift'; shift: number } | { kind: 'window'; from: string; to: string };

export interface CoverRow {
  source: CoverSource;
  day: number;
  qualification?: string;
  /** Cells whose assignment counts towards this requirement. */
  cells: number[];
  min: number;
  max: number;
  /** undefined: the bound is hard. */
  underWeight?: number;
  overWeight?: number;
  /** A row that only prices surplus duty (beyond `max` = what the requirement needs), not a requirement the head set. */
  surplus?: boolean;
}

export interface Succession {
  from: number;
  to: number;
  /** 1: `to` on the next day; 2: on the day after (long shifts leave too little rest). */
  gap: number;
}

export interface FairnessGroup {
  metric: FairnessMetric;
  weight: number;
  staff: number[];
}

export interface Compiled {
  problem: RosterProblem;
  E: number;
  D: number;
  S: number;
  staffIds: string[];
  shiftIds: string[];
  minutes: number[];
  night: boolean[];
  /** 1 when the cell may be assigned at all (not on leave, not excluded by a fixed assignment or a max of 0). */
  allowed: Uint8Array;
  /** Per (e, d): the shift that must be worked, or -1. */
  mustWork: Int16Array;
  rules: CompiledRules[];
  successions: Succession[];
  /** forbidNext[gap-1][from·S + to] = 1 when `to` may not follow `from` after `gap` days. */
  forbidNext: [Uint8Array, Uint8Array];
  /** ISO weekday (1 = Monday … 7 = Sunday) of each day. */
  weekday: number[];
  weeks: number[][];
  weekends: number[][];
  holiday: boolean[];
  /** Objective coefficient of each cell (requests, soft patterns). */
  cost: Float64Array;
  /** Constant objective term (on-requests are paid unless granted). */
  offset: number;
  covers: CoverRow[];
  /** Per cell: indices into `covers` of the rows it counts in. */
  coversOfCell: number[][];
  fairness: FairnessGroup[];
}

export const cellOf = (c: Pick<Compiled, 'D' | 'S'>, e: number, d: number, s: number): number => (e * c.D + d) * c.S + s;

const selectedDays = (p: RosterProblem, sel: { days?: number[]; weekdays?: number[] }): number[] => {
  const base = sel.days ?? Array.from({ length: p.days }, (_, d) => d);
  return [...new Set(base)].filter((d) => sel.weekdays === undefined || sel.weekdays.includes(weekdayOf(p.startDate, d))).sort((a, b) => a - b);
};

const counts = (staffQuals: string[][], q: string | undefined) =>
  staffQuals.map((quals) => q === undefined || quals.includes(q));

export const compile = (p: RosterProblem): Compiled => {
  const E = p.staff.length;
  const D = p.days;
  const S = p.shiftTypes.length;
  const staffIds = p.staff.map((s) => s.id);
  const shiftIds = p.shiftTypes.map((s) => s.id);
  const staffIndex = new Map(staffIds.map((id, i) => [id, i]));
  const shiftIndex = new Map(shiftIds.map((id, i) => [id, i]));
  const minutes = p.shiftTypes.map((s) => s.minutes);
  const night = p.shiftTypes.map(isNightShift);
  const cell = (e: number, d: number, s: number) => (e * D + d) * S + s;

  const rules: CompiledRules[] = p.staff.map((st) => {
    const r = effectiveRules(p.rules, st.rules);
    return {
      maxPerType: shiftIds.map((id) => r.maxShiftsPerType?.[id] ?? Infinity),
      minPerType: shiftIds.map((id) => r.minShiftsPerType?.[id] ?? 0),
      maxMinutes: r.maxMinutesPerHorizon ?? Infinity,
      minMinutes: r.minMinutesPerHorizon ?? 0,
      maxWeekMinutes: r.maxMinutesPerWeek ?? Infinity,
      maxConsecutive: r.maxConsecutiveWorkDays ?? Infinity,
      minConsecutive: r.minConsecutiveWorkDays ?? 0,
      minDaysOff: r.minConsecutiveDaysOff ?? 0,
      maxNights: r.maxConsecutiveNights ?? Infinity,
      maxWeekends: r.maxWeekendsWorked ?? Infinity,
    };
  });

  const allowed = new Uint8Array(E * D * S).fill(1);
  const mustWork = new Int16Array(E * D).fill(-1);
  rules.forEach((r, e) =>
    r.maxPerType.forEach((max, s) => {
      if (max === 0) for (let d = 0; d < D; d++) allowed[cell(e, d, s)] = 0;
    }),
  );
  for (const l of p.leave) {
    const e = staffIndex.get(l.staff)!;
    for (let s = 0; s < S; s++) allowed[cell(e, l.day, s)] = 0;
  }
  const fix = (e: number, d: number, s: number) => {
    mustWork[e * D + d] = s;
    for (let t = 0; t < S; t++) if (t !== s) allowed[cell(e, d, t)] = 0;
  };
  for (const f of p.fixed) fix(staffIndex.get(f.staff)!, f.day, shiftIndex.get(f.shift)!);

  const cost = new Float64Array(E * D * S);
  let offset = 0;
  const wantOn = (e: number, d: number, s: number, w: number) => {
    offset += w;
    cost[cell(e, d, s)] -= w;
  };
  const wantOff = (e: number, d: number, s: number | undefined, w: number) => {
    for (let t = 0; t < S; t++) if (s === undefined || s === t) cost[cell(e, d, t)] += w;
  };
  for (const r of p.requests) {
    const e = staffIndex.get(r.staff)!;
    const s = r.shift === undefined ? undefined : shiftIndex.get(r.shift)!;
    if (r.kind === 'on') wantOn(e, r.day, s!, r.weight);
    else wantOff(e, r.day, s, r.weight);
  }
  const letterIndex = new Map<string, number>();
  p.shiftTypes.forEach((s, i) => {
    const l = shiftLetter(s);
    if (l !== undefined) letterIndex.set(l, i);
  });
  p.staff.forEach((st, e) => {
    if (st.pattern === undefined) return;
    const cycle = p.patterns.find((pt) => pt.id === st.pattern!.id)!.cycle;
    for (let d = 0; d < D; d++) {
      const letter = cycle[(st.pattern.offset + d) % cycle.length];
      const s = letter === PATTERN_OFF ? undefined : letterIndex.get(letter)!;
      if (st.pattern.weight === undefined) {
        if (s === undefined) for (let t = 0; t < S; t++) allowed[cell(e, d, t)] = 0;
        else if (mustWork[e * D + d] === -1) fix(e, d, s);
      } else if (s === undefined) wantOff(e, d, undefined, st.pattern.weight);
      else wantOn(e, d, s, st.pattern.weight);
    }
  });

  // Successions forbidden by explicit rule, by "no day after a night", or by too little rest.
  const forbidNext: [Uint8Array, Uint8Array] = [new Uint8Array(S * S), new Uint8Array(S * S)];
  const forbid = (from: number, to: number, gap: number) => {
    forbidNext[gap - 1][from * S + to] = 1;
  };
  for (const f of p.rules.forbiddenSuccessions) forbid(shiftIndex.get(f.from)!, shiftIndex.get(f.to)!, 1);
  p.shiftTypes.forEach((a, i) =>
    p.shiftTypes.forEach((b, j) => {
      if (p.rules.noDayAfterNight && night[i] && !night[j]) forbid(i, j, 1);
      if (a.start === undefined || b.start === undefined) return;
      const need = (night[i] ? p.rules.minRestAfterNightHours : p.rules.minRestHours) * 60;
      for (const gap of [1, 2]) {
        const rest = gap * DAY_MINUTES + clockMinutes(b.start) - (clockMinutes(a.start) + a.minutes);
        if (rest < need || rest < 0) forbid(i, j, gap);
      }
    }),
  );
  const successions: Succession[] = [];
  for (const gap of [1, 2])
    for (let i = 0; i < S; i++) for (let j = 0; j < S; j++) if (forbidNext[gap - 1][i * S + j]) successions.push({ from: i, to: j, gap });

  const weekday = Array.from({ length: D }, (_, d) => weekdayOf(p.startDate, d));
  const weekOf = (d: number) => Math.floor((d + weekday[0] - 1) / 7);
  const weeks: number[][] = [];
  const weekendMap = new Map<number, number[]>();
  for (let d = 0; d < D; d++) {
    (weeks[weekOf(d)] ??= []).push(d);
    if (weekday[d] >= 6) {
      const w = weekOf(d);
      if (!weekendMap.has(w)) weekendMap.set(w, []);
      weekendMap.get(w)!.push(d);
    }
  }
  const weekends = [...weekendMap.values()];
  const holiday = Array.from({ length: D }, () => false);
  for (const d of p.holidays) holiday[d] = true;

  const staffQuals = p.staff.map((s) => [s.role, ...s.qualifications]);
  const covers: CoverRow[] = [];
  const addRows = (source: CoverSource, day: number, reqs: Requirement[], cellsFor: (member: boolean[]) => number[]) => {
    for (const r of reqs) {
      const member = counts(staffQuals, r.qualification);
      covers.push({
        source,
        day,
        qualification: r.qualification,
        cells: cellsFor(member),
        min: r.min,
        max: r.max ?? Infinity,
        underWeight: r.underWeight,
        overWeight: r.overWeight,
      });
      // Surplus duty priced on a row of its own: the requirement's own max may be hard or weighted.
      if (p.surplusWeight > 0)
        covers.push({ source, day, qualification: r.qualification, cells: covers[covers.length - 1].cells, min: 0, max: Math.max(r.min, r.wanted ?? 0), overWeight: p.surplusWeight, surplus: true });
    }
  };
  for (const c of p.coverage) {
    const s = shiftIndex.get(c.shift)!;
    for (const d of selectedDays(p, c))
      addRows({ kind: 'shift', shift: s }, d, c.requirements, (member) =>
        member.flatMap((m, e) => (m && allowed[cell(e, d, s)] ? [cell(e, d, s)] : [])),
      );
  }
  for (const c of p.windowCoverage) {
    const from = clockMinutes(c.from);
    const to = clockMinutes(c.to) + (clockMinutes(c.to) <= from ? DAY_MINUTES : 0);
    for (const d of selectedDays(p, c)) {
      // A shift started on day d-1 (crossing midnight) or on day d may cover the window.
      const covering: [number, number][] = [];
      for (const dd of [d - 1, d]) {
        if (dd < 0) continue;
        p.shiftTypes.forEach((st, s) => {
          if (st.start === undefined) return;
          const a = (dd - d) * DAY_MINUTES + clockMinutes(st.start);
          if (a <= from && a + st.minutes >= to) covering.push([dd, s]);
        });
      }
      addRows({ kind: 'window', from: c.from, to: c.to }, d, c.requirements, (member) =>
        member.flatMap((m, e) => (m ? covering.filter(([dd, s]) => allowed[cell(e, dd, s)]).map(([dd, s]) => cell(e, dd, s)) : [])),
      );
    }
  }
  const coversOfCell: number[][] = Array.from({ length: E * D * S }, () => []);
  covers.forEach((row, i) => row.cells.forEach((c) => coversOfCell[c].push(i)));

  const fairness: FairnessGroup[] = [];
  for (const f of p.fairness)
    for (const role of new Set(p.staff.map((s) => s.role))) {
      const members = p.staff.flatMap((s, e) => (s.role === role ? [e] : []));
      if (members.length > 1 && f.weight > 0) fairness.push({ metric: f.metric, weight: f.weight, staff: members });
    }

  return {
    problem: p,
    E,
    D,
    S,
    staffIds,
    shiftIds,
    minutes,
    night,
    allowed,
    mustWork,
    rules,
    successions,
    forbidNext,
    weekday,
    weeks,
    weekends,
    holiday,
    cost,
    offset,
    covers,
    coversOfCell,
    fairness,
  };
};
