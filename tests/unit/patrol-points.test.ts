import { describe, expect, it } from 'vitest';
import { patrolPoints } from '../../src/main/patrol/patrol.service.js';

const RULES = { perHour: 10, perPatrol: 5, perFinding: 3 };

describe('points for a patrol', () => {
  it('counts whole hours’ share, the patrol and its findings, rounded down', () => {
    expect(patrolPoints(90, 2, RULES)).toBe(15 + 5 + 6);
    expect(patrolPoints(5, 0, RULES)).toBe(0 + 5);
  });

  it('gives nothing for a patrol ended in the minute it started with nothing found; a short one that found something counts', () => {
    expect(patrolPoints(0, 0, RULES)).toBe(0);
    expect(patrolPoints(0, 3, RULES)).toBe(5 + 9);
  });
});
