/**
 * Where a time told on a patrol may lie — a checkpoint reached, a finding, the return — to the
 * minute staff give times in (forms drop the seconds the core stamps): not ahead of now (a little
 * clock skew between PCs allowed), not before the minute the patrol started, and not after the
 * minute it ended. Said once, for every time a patrol is told.
 */
import { CLOCK_SKEW_MS, startOfMinute } from '../time.js';

export type PatrolTimeFault = 'future' | 'beforeStart' | 'afterEnd';

export const patrolTimeFault = (at: string, span: { startedAt: string; endedAt?: string | null; now: Date | number }): PatrolTimeFault | null => {
  const ms = Date.parse(at);
  if (ms > Number(span.now) + CLOCK_SKEW_MS) return 'future';
  if (ms < startOfMinute(span.startedAt)) return 'beforeStart';
  if (span.endedAt && startOfMinute(ms) > startOfMinute(span.endedAt)) return 'afterEnd';
  return null;
};
