import { describe, expect, it } from 'vitest';
import { PATTERN_TEMPLATES, crewLetter } from '../../src/shared/roster/patterns.js';

const letters = { full: 'X', day: 'D', night: 'N', one: 'D' };
const expectedLength: Record<string, number> = { '24/48': 3, '24/72': 4, dayNightOffOff: 4, '4on4off': 8, pitman: 14, dupont: 28 };

describe('rotation patterns', () => {
  for (const t of PATTERN_TEMPLATES) {
    it(`${t.id}: its cycle length, and its crews cover every day of the cycle exactly once per shift`, () => {
      const cycle = t.cycle(letters);
      expect(cycle).toHaveLength(expectedLength[t.id]);
      const shifts = t.needs === 'full' ? ['X'] : t.needs === 'dayNight' ? ['D', 'N'] : ['D'];
      // two whole cycles: coverage must hold on every day, wherever the cycle wraps
      for (let day = 0; day < cycle.length * 2; day++) {
        const on = Array.from({ length: t.crews }, (_, crew) => crewLetter(cycle, crew, t.step, day));
        for (const s of shifts) expect(on.filter((l) => l === s), `${t.id} day ${day} shift ${s}: ${on.join('')}`).toHaveLength(1);
        expect(on.every((l) => l === '-' || shifts.includes(l))).toBe(true);
      }
    });
  }

  it('every crew of a template works the same share of days (no crew is favoured)', () => {
    for (const t of PATTERN_TEMPLATES) {
      const cycle = t.cycle(letters);
      const worked = Array.from({ length: t.crews }, (_, crew) => [...Array(cycle.length).keys()].filter((d) => crewLetter(cycle, crew, t.step, d) !== '-').length);
      expect(new Set(worked).size, t.id).toBe(1);
    }
  });
});
