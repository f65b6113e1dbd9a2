import type { Stats, StatsRow } from '../../shared/mediation/contract.js';
import { DISPUTE_TYPES, type DisputeType } from '../../shared/mediation/model.js';

export type Figures = Omit<StatsRow, 'month' | 'type'>;
const ZERO: Figures = { registered: 0, accepted: 0, declined: 0, resolved: 0, failed: 0, overdueStart: 0, overdueConclude: 0 };
const FIGURES = Object.keys(ZERO) as (keyof Figures)[];

const add = (into: Figures, row: Figures) => {
  for (const k of FIGURES) into[k] += row[k];
};

/** Every month from `from` to `to` (YYYY-MM), so a month with nothing in it still has its bar. */
export const monthsBetween = (from: string, to: string): string[] => {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  while (y < ty || (y === ty && m <= tm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
};

/** The figures of each month, the months in order (every one of them, empty or not). */
export const byMonth = (stats: Stats, months: string[]): (Figures & { month: string })[] =>
  months.map((month) => {
    const f = { ...ZERO };
    for (const r of stats.rows) if (r.month === month) add(f, r);
    return { month, ...f };
  });

/** The figures of each dispute type over the whole range. */
export const byType = (stats: Stats): (Figures & { type: DisputeType })[] =>
  DISPUTE_TYPES.map((type) => {
    const f = { ...ZERO };
    for (const r of stats.rows) if (r.type === type) add(f, r);
    return { type, ...f };
  });

/** Agreements among concluded mediations (agreed + failed), or null when none concluded. */
export const rateOf = (f: Pick<Figures, 'resolved' | 'failed'>): number | null =>
  f.resolved + f.failed === 0 ? null : f.resolved / (f.resolved + f.failed);

export const percent = (rate: number | null): string => (rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`);
