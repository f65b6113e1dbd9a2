import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CurtoisFormatError, parseCurtois } from '../../src/main/roster/engine/curtois.js';
import { weekdayOf } from '../../src/shared/roster/model.js';

const instance1 = readFileSync(join(__dirname, 'fixtures', 'roster', 'Instance1.txt'), 'utf8');

describe('Curtois instance parser', () => {
  it('reads Instance1 into the rule model', () => {
    const p = parseCurtois(instance1, 'Instance1');
    expect(p.name).toBe('Instance1');
    expect(p.days).toBe(14);
    expect(weekdayOf(p.startDate, 0)).toBe(1);
    expect(p.shiftTypes).toEqual([{ id: 'D', minutes: 480 }]);
    expect(p.rules.forbiddenSuccessions).toEqual([]);
    expect(p.rules.minRestHours).toBe(0);
    expect(p.staff.map((s) => s.id)).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H']);
    expect(p.staff[0].rules).toEqual({
      maxShiftsPerType: { D: 14 },
      maxMinutesPerHorizon: 4320,
      minMinutesPerHorizon: 3360,
      maxConsecutiveWorkDays: 5,
      minConsecutiveWorkDays: 2,
      minConsecutiveDaysOff: 2,
      maxWeekendsWorked: 1,
    });
    expect(p.leave).toHaveLength(8);
    expect(p.leave[0]).toEqual({ staff: 'A', day: 0 });
    expect(p.requests.filter((r) => r.kind === 'on')).toHaveLength(21);
    expect(p.requests.filter((r) => r.kind === 'off')).toHaveLength(5);
    expect(p.requests.find((r) => r.kind === 'off')).toEqual({ staff: 'C', day: 12, shift: 'D', kind: 'off', weight: 1 });
    expect(p.coverage).toHaveLength(14);
    expect(p.coverage[1]).toEqual({ shift: 'D', days: [1], requirements: [{ min: 7, max: 7, underWeight: 100, overWeight: 1 }] });
  });

  it('reads successions and per-type maximums', () => {
    const text = instance1
      .replace('D,480,', 'E,480,\nD,480,E')
      .replace(/^([A-H]),D=14,/gm, '$1,E=0|D=14,');
    const p = parseCurtois(text);
    expect(p.rules.forbiddenSuccessions).toEqual([{ from: 'D', to: 'E' }]);
    expect(p.staff[0].rules?.maxShiftsPerType).toEqual({ E: 0, D: 14 });
  });

  it('says which line is wrong', () => {
    expect(() => parseCurtois(instance1.replace('A,2,D,2', 'A,two,D,2'))).toThrow(CurtoisFormatError);
    expect(() => parseCurtois(instance1.replace('A,2,D,2', 'A,two,D,2'))).toThrow(/^line \d+: field 2 is not an integer: two/);
    expect(() => parseCurtois(`SECTION_NOPE\n1`)).toThrow(/unknown section/);
  });
});
