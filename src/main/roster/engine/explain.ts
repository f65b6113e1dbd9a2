/**
 * Why no roster exists: precise reasons instead of "infeasible".
 *
 * 1. Pre-checks that need no solver: a fixed assignment some rule forbids; a hard coverage
 *    requirement that more people must meet than can work that shift at all (leave, fixed elsewhere,
 *    never that shift) — named by date, shift, qualification and who is short.
 * 2. A person for whom no schedule meets their own rules: a deletion filter over that person's
 *    rules (each test is one run of the pricing DP, milliseconds) leaves an irreducible set of
 *    rules that together cannot hold.
 * 3. Otherwise the engine's elastic search (hard coverage bounds relaxed with a huge penalty) says
 *    which dates and shifts stay short in the best roster it found.
 */
import { dateOf, type RosterProblem, type StaffRules } from '../../../shared/roster/model.js';
import { Pricer } from './pricing.js';
import { compile, type Compiled, type CoverRow } from './compile.js';

export interface Reason {
  rule: string;
  /** i18n key (under `errors.`) and its parameters. */
  key: string;
  params: Record<string, string | number>;
  day?: number;
  date?: string;
  shift?: string;
  qualification?: string;
  /** Who the reason is about: the people short, or the person whose rules conflict. */
  staff: string[];
  /** People short of the requirement (coverage reasons). */
  short?: number;
  message: string;
}

export interface Explanation {
  summary: string;
  reasons: Reason[];
}

const describeCover = (c: Compiled, row: CoverRow): string =>
  row.source.kind === 'shift' ? `shift ${c.shiftIds[row.source.shift]}` : `window ${row.source.from}–${row.source.to}`;

const coverParams = (c: Compiled, row: CoverRow) => {
  const date = dateOf(c.problem.startDate, row.day);
  const out: Record<string, string | number> = { date, day: row.day, qualification: row.qualification ?? 'anyone', what: describeCover(c, row) };
  if (row.source.kind === 'shift') out.shift = c.shiftIds[row.source.shift];
  return out;
};

/** Why person e cannot work cell (d, s): the first rule that forbids it. */
const blockedBy = (c: Compiled, e: number, d: number, s: number): string => {
  const p = c.problem;
  const id = c.staffIds[e];
  if (p.leave.some((l) => l.staff === id && l.day === d)) return 'leave';
  const must = c.mustWork[e * c.D + d];
  if (must >= 0 && must !== s) return `fixed to ${c.shiftIds[must]}`;
  if (c.rules[e].maxPerType[s] === 0) return `never works ${c.shiftIds[s]}`;
  return 'pattern';
};

/** Checks that need no search. An empty list means nothing is obviously impossible. */
export const precheck = (c: Compiled): Reason[] => {
  const p = c.problem;
  const reasons: Reason[] = [];
  const staffIndex = new Map(c.staffIds.map((id, i) => [id, i]));
  for (const f of p.fixed) {
    const e = staffIndex.get(f.staff)!;
    const s = c.shiftIds.indexOf(f.shift);
    if (c.allowed[(e * c.D + f.day) * c.S + s]) continue;
    const date = dateOf(p.startDate, f.day);
    const why = c.rules[e].maxPerType[s] === 0 ? `${f.staff} may never work ${f.shift}` : `${f.staff}'s rotation pattern has another shift or a day off`;
    reasons.push({
      rule: 'fixedConflict',
      key: 'roster.explain.fixedConflict',
      params: { staff: f.staff, date, shift: f.shift, why },
      day: f.day,
      date,
      shift: f.shift,
      staff: [f.staff],
      message: `${f.staff} is fixed to ${f.shift} on ${date}, but ${why}`,
    });
  }
  c.covers.forEach((row) => {
    if (row.underWeight !== undefined || row.min === 0) return;
    // Who can count for this requirement at all: distinct people with an allowed cell in it.
    const able = new Set(row.cells.map((cell) => Math.floor(cell / (c.D * c.S))));
    if (able.size >= row.min) return;
    const params = coverParams(c, row);
    const members = c.problem.staff
      .map((s, e) => ({ s, e }))
      .filter(({ s }) => row.qualification === undefined || s.role === row.qualification || s.qualifications.includes(row.qualification));
    const unable = members
      .filter(({ e }) => !able.has(e))
      .map(({ s, e }) => `${s.id} (${row.source.kind === 'shift' ? blockedBy(c, e, row.day, row.source.shift) : 'no shift covers the window'})`);
    const short = row.min - able.size;
    reasons.push({
      rule: 'coverCapacity',
      key: 'roster.explain.coverCapacity',
      params: { ...params, min: row.min, able: able.size, short, unable: unable.join(', ') },
      day: row.day,
      date: params.date as string,
      shift: params.shift as string | undefined,
      qualification: row.qualification,
      staff: [...able].map((e) => c.staffIds[e]),
      short,
      message:
        `${params.date} ${params.what}: needs ${row.min} ${params.qualification}, only ${able.size} can work it` +
        ` (${[...able].map((e) => c.staffIds[e]).join(', ') || 'nobody'}); ${short} short.` +
        (unable.length > 0 ? ` Not available: ${unable.join(', ')}.` : ` There are only ${members.length} ${params.qualification} in the station.`),
    });
  });
  return reasons;
};

type RuleName = keyof StaffRules | 'leave' | 'fixed' | 'pattern' | 'successions';

/** Whether person `id` has any schedule under the problem's rules (own rules only). */
const personFeasible = (p: RosterProblem, id: string): boolean => {
  const one: RosterProblem = {
    ...p,
    staff: p.staff.filter((s) => s.id === id),
    coverage: [],
    windowCoverage: [],
    fairness: [],
    leave: p.leave.filter((l) => l.staff === id),
    fixed: p.fixed.filter((f) => f.staff === id),
    requests: [],
  };
  const c = compile(one);
  return new Pricer(c, 0).best(new Float64Array(c.D * c.S), 1).length > 0;
};

/** Drops one rule (kind) from a person, or from the station's defaults as they apply to them. */
const without = (p: RosterProblem, id: string, rule: RuleName): RosterProblem => {
  if (rule === 'leave') return { ...p, leave: p.leave.filter((l) => l.staff !== id) };
  if (rule === 'fixed') return { ...p, fixed: p.fixed.filter((f) => f.staff !== id) };
  if (rule === 'pattern') return { ...p, staff: p.staff.map((s) => (s.id === id ? { ...s, pattern: undefined } : s)) };
  if (rule === 'successions')
    return { ...p, rules: { ...p.rules, forbiddenSuccessions: [], minRestHours: 0, minRestAfterNightHours: 0, noDayAfterNight: false } };
  const rules = { ...p.rules };
  delete rules[rule];
  return {
    ...p,
    rules,
    staff: p.staff.map((s) => {
      if (s.id !== id || s.rules === undefined) return s;
      const own = { ...s.rules };
      delete own[rule];
      return { ...s, rules: own };
    }),
  };
};

/** An irreducible set of a person's rules that cannot all hold (deletion filter). */
export const explainPerson = (p: RosterProblem, id: string): Reason => {
  const person = p.staff.find((s) => s.id === id)!;
  const own = { ...p.rules, ...(person.rules ?? {}) } as Record<string, unknown>;
  const candidates: RuleName[] = [
    ...(Object.keys(own).filter((k) => k in (person.rules ?? {}) || k in p.rules) as (keyof StaffRules)[]).filter(
      (k) => !['minRestHours', 'minRestAfterNightHours', 'noDayAfterNight', 'forbiddenSuccessions'].includes(k),
    ),
    'successions',
  ];
  if (p.leave.some((l) => l.staff === id)) candidates.push('leave');
  if (p.fixed.some((f) => f.staff === id)) candidates.push('fixed');
  if (person.pattern !== undefined) candidates.push('pattern');
  let current = p;
  const kept: RuleName[] = [];
  for (const rule of candidates) {
    const next = without(current, id, rule);
    if (!personFeasible(next, id)) current = next;
    else kept.push(rule);
  }
  const detail = kept.map((r) => (r === 'leave' ? `leave on ${p.leave.filter((l) => l.staff === id).length} days` : r)).join(' + ');
  return {
    rule: 'staffRules',
    key: 'roster.explain.staffRules',
    params: { staff: id, rules: kept.join(','), detail },
    staff: [id],
    message: `No schedule for ${id} meets their own rules: ${detail || 'the horizon is too short'} cannot all hold.`,
  };
};

/** Reasons from the hard coverage the best (elastic) roster still misses. */
export const explainShortfalls = (c: Compiled, shortfalls: { cover: number; short: number }[], roster: { staff: string; day: number }[]): Reason[] =>
  shortfalls.map(({ cover, short }) => {
    const row = c.covers[cover];
    const params = coverParams(c, row);
    const busy = new Set(roster.filter((a) => a.day === row.day).map((a) => a.staff));
    const able = [...new Set(row.cells.map((cell) => Math.floor(cell / (c.D * c.S))))].map((e) => c.staffIds[e]);
    const idle = able.filter((id) => !busy.has(id));
    if (short > 0)
      return {
        rule: 'coverUnmet',
        key: 'roster.explain.coverUnmet',
        params: { ...params, min: row.min, short, idle: idle.join(', ') },
        day: row.day,
        date: params.date as string,
        shift: params.shift as string | undefined,
        qualification: row.qualification,
        staff: idle,
        short,
        message:
          `${params.date} ${params.what}: ${short} ${params.qualification} short of ${row.min}; ` +
          (idle.length > 0 ? `${idle.join(', ')} are off that day but their own rules (rest, runs, hours, weekends) keep them off.` : 'everyone who could is already on duty.'),
      };
    return {
      rule: 'coverExceeded',
      key: 'roster.explain.coverExceeded',
      params: { ...params, max: row.max, extra: -short },
      day: row.day,
      date: params.date as string,
      shift: params.shift as string | undefined,
      qualification: row.qualification,
      staff: [],
      short,
      message: `${params.date} ${params.what}: ${-short} ${params.qualification} more than the maximum ${row.max}, forced by the others' minimum hours or fixed shifts.`,
    };
  });

export const summarise = (reasons: Reason[]): Explanation => ({
  summary: reasons.length === 0 ? 'No roster meets every hard rule.' : `No roster meets every hard rule: ${reasons[0].message}${reasons.length > 1 ? ` (and ${reasons.length - 1} more)` : ''}`,
  reasons,
});
