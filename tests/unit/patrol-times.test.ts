import { describe, expect, it } from 'vitest';
import { patrolTimeFault } from '../../src/shared/patrol/times.js';

describe('where a time told on a patrol may lie', () => {
  const startedAt = '2026-11-28T01:00:40Z';
  const now = new Date('2026-11-28T02:00:00Z');

  it('takes the minute the patrol started, and refuses the minute before', () => {
    expect(patrolTimeFault('2026-11-28T01:00:00Z', { startedAt, now })).toBeNull();
    expect(patrolTimeFault('2026-11-28T00:59:59Z', { startedAt, now })).toBe('beforeStart');
  });

  it('takes a few minutes of clock skew ahead of now, not more', () => {
    expect(patrolTimeFault('2026-11-28T02:05:00Z', { startedAt, now })).toBeNull();
    expect(patrolTimeFault('2026-11-28T02:05:01Z', { startedAt, now })).toBe('future');
  });

  it('takes a time in the minute the patrol ended, and refuses the minute after', () => {
    const endedAt = '2026-11-28T01:45:00Z';
    expect(patrolTimeFault('2026-11-28T01:45:50Z', { startedAt, endedAt, now })).toBeNull();
    expect(patrolTimeFault('2026-11-28T01:46:00Z', { startedAt, endedAt, now })).toBe('afterEnd');
  });
});
