/**
 * The rotation patterns stations use, as templates over the station's own shift letters. A
 * template's `crews` groups, each starting `step` days further into the cycle, cover every day of
 * the cycle exactly once per shift it names (the unit tests check this for every template).
 */
import { PATTERN_OFF } from './model.js';

export interface PatternTemplate {
  id: string;
  /** the shift letters a template needs: a 24-hour shift, or a day and a night shift */
  needs: 'full' | 'dayNight' | 'one';
  /** the cycle for the given letters ('-' = off) */
  cycle(letters: { full?: string; day?: string; night?: string; one?: string }): string;
  /** groups that together cover the clock, and how many days apart their cycles start */
  crews: number;
  step: number;
}

const off = (n: number) => PATTERN_OFF.repeat(n);

export const PATTERN_TEMPLATES: readonly PatternTemplate[] = [
  // 24 hours on, 48 off: three platoons
  { id: '24/48', needs: 'full', cycle: ({ full = 'X' }) => full + off(2), crews: 3, step: 1 },
  // 24 hours on, 72 off: four platoons
  { id: '24/72', needs: 'full', cycle: ({ full = 'X' }) => full + off(3), crews: 4, step: 1 },
  // day, night, sleep, off: the four-crew 12-hour rotation
  { id: 'dayNightOffOff', needs: 'dayNight', cycle: ({ day = 'D', night = 'N' }) => day + night + off(2), crews: 4, step: 1 },
  // four on, four off, for one shift: two crews per shift
  { id: '4on4off', needs: 'one', cycle: ({ one = 'D' }) => one.repeat(4) + off(4), crews: 2, step: 4 },
  // Pitman 2-2-3 over 14 days, for one shift: two crews per shift
  { id: 'pitman', needs: 'one', cycle: ({ one = 'D' }) => `${one}${one}${off(2)}${one}${one}${one}${off(2)}${one}${one}${off(3)}`, crews: 2, step: 7 },
  // DuPont over 28 days: 4 nights, 3 off, 3 days, 1 off, 3 nights, 3 off, 4 days, 7 off
  {
    id: 'dupont',
    needs: 'dayNight',
    cycle: ({ day = 'D', night = 'N' }) => `${night.repeat(4)}${off(3)}${day.repeat(3)}${off(1)}${night.repeat(3)}${off(3)}${day.repeat(4)}${off(7)}`,
    crews: 4,
    step: 7,
  },
];

/** The letter crew `crew` works on day `day` of a template's cycle. */
export const crewLetter = (cycle: string, crew: number, step: number, day: number): string => cycle[(day + crew * step) % cycle.length];
