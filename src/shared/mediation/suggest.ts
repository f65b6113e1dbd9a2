/**
 * Which mediator fits a case best. Pure and explainable: the score is the sum of the parts it
 * returns, so the UI can say why one mediator comes first. The parties may still choose another.
 */
import type { Availability, DisputeType } from './model.js';

export interface PoolStanding {
  id: string;
  name: string;
  specialties: DisputeType[];
  availability: Availability;
  active: boolean;
  /** cases assigned that are accepted or being mediated */
  load: number;
  agreed: number;
  failed: number;
}

export interface SuggestionParts {
  specialty: number;
  success: number;
  load: number;
  availability: number;
}

export interface RankedMediator {
  mediatorId: string;
  name: string;
  score: number;
  parts: SuggestionParts;
  specialtyMatch: boolean;
  load: number;
  successRate: number | null;
  availability: Availability;
}

/** Weights of the parts; they add up to 100. */
export const SUGGESTION_WEIGHTS = { specialty: 40, success: 30, load: 20, availability: 10 } as const;

/** agreed / concluded, or null before the first concluded case. */
export const successRate = (agreed: number, failed: number): number | null =>
  agreed + failed === 0 ? null : agreed / (agreed + failed);

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * Ranks the mediators who can take a case now: inactive and unavailable ones are left out.
 * Success is smoothed ((agreed + 1) / (concluded + 2)), so a newcomer starts at one half instead
 * of at 0 % or 100 % after a single case; load counts against, with diminishing effect.
 */
export const rankMediators = (pool: readonly PoolStanding[], caseType: DisputeType): RankedMediator[] =>
  pool
    .filter((m) => m.active && m.availability !== 'unavailable')
    .map((m) => {
      const specialtyMatch = m.specialties.includes(caseType);
      const parts: SuggestionParts = {
        specialty: specialtyMatch ? SUGGESTION_WEIGHTS.specialty : 0,
        success: round(SUGGESTION_WEIGHTS.success * ((m.agreed + 1) / (m.agreed + m.failed + 2))),
        load: round(SUGGESTION_WEIGHTS.load / (1 + m.load)),
        availability: m.availability === 'available' ? SUGGESTION_WEIGHTS.availability : 0,
      };
      return {
        mediatorId: m.id,
        name: m.name,
        score: round(parts.specialty + parts.success + parts.load + parts.availability),
        parts,
        specialtyMatch,
        load: m.load,
        successRate: successRate(m.agreed, m.failed),
        availability: m.availability,
      };
    })
    .sort((a, b) => b.score - a.score || a.load - b.load || a.name.localeCompare(b.name, 'zh'));
