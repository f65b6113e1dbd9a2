/**
 * Reads an instance of the Curtois & Qu shift scheduling benchmark (schedulingbenchmarks.org, text
 * format described in roster-bench/README.md) into the station's own rule model, so that the
 * benchmark exercises exactly the engine the app uses.
 *
 * Mapping: the per-type maximums, total-minute bounds, consecutive limits and weekends become the
 * staff member's own `rules`; the "may not follow" lists become forbidden successions; days off
 * become leave; cover becomes a soft requirement with min = max = the requirement and the two
 * weights. The benchmark's shifts have no clock times, so the clock-based rest rules are off and
 * every staff member is given the role 'auxiliary' (roles play no part in the benchmark).
 */
import { parseRosterProblem, type RosterProblem, type RosterProblemInput } from '../../../shared/roster/model.js';

/** Day 0 of every instance is a Monday; any Monday will do as the calendar anchor. */
export const CURTOIS_START_DATE = '2024-01-01';

export class CurtoisFormatError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'CurtoisFormatError';
  }
}

interface Row {
  line: number;
  fields: string[];
}

const SECTIONS = [
  'SECTION_HORIZON',
  'SECTION_SHIFTS',
  'SECTION_STAFF',
  'SECTION_DAYS_OFF',
  'SECTION_SHIFT_ON_REQUESTS',
  'SECTION_SHIFT_OFF_REQUESTS',
  'SECTION_COVER',
] as const;
type Section = (typeof SECTIONS)[number];

/** Splits the text into sections of comma-separated rows, dropping comments and blank lines. */
const sectionsOf = (text: string): Map<Section, Row[]> => {
  const out = new Map<Section, Row[]>();
  let current: Row[] | undefined;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '') return;
    if (line.startsWith('SECTION_')) {
      if (!(SECTIONS as readonly string[]).includes(line)) throw new CurtoisFormatError(i + 1, `unknown section ${line}`);
      current = [];
      out.set(line as Section, current);
      return;
    }
    if (current === undefined) throw new CurtoisFormatError(i + 1, 'data before the first section');
    current.push({ line: i + 1, fields: line.split(',').map((f) => f.trim()) });
  });
  return out;
};

const int = (row: Row, index: number): number => {
  const v = row.fields[index];
  if (v === undefined || !/^-?\d+$/.test(v)) throw new CurtoisFormatError(row.line, `field ${index + 1} is not an integer: ${v ?? '(missing)'}`);
  return Number(v);
};

const field = (row: Row, index: number): string => {
  const v = row.fields[index];
  if (v === undefined || v === '') throw new CurtoisFormatError(row.line, `field ${index + 1} is missing`);
  return v;
};

/** Parses the text of an instance; the instance name is used as the problem's name. */
export const parseCurtois = (text: string, name?: string): RosterProblem => {
  const sections = sectionsOf(text);
  const rows = (s: Section) => sections.get(s) ?? [];
  const horizon = rows('SECTION_HORIZON');
  if (horizon.length !== 1) throw new CurtoisFormatError(horizon[0]?.line ?? 0, 'SECTION_HORIZON needs exactly one row');
  const days = int(horizon[0], 0);

  const forbiddenSuccessions: { from: string; to: string }[] = [];
  const shiftTypes = rows('SECTION_SHIFTS').map((row) => {
    const id = field(row, 0);
    for (const to of (row.fields[2] ?? '').split('|').filter((s) => s !== '')) forbiddenSuccessions.push({ from: id, to });
    return { id, minutes: int(row, 1) };
  });

  const staff = rows('SECTION_STAFF').map((row) => {
    const maxShiftsPerType: Record<string, number> = {};
    for (const part of field(row, 1).split('|')) {
      const m = /^([^=]+)=(\d+)$/.exec(part);
      if (m === null) throw new CurtoisFormatError(row.line, `bad max shifts entry ${part}`);
      maxShiftsPerType[m[1]] = Number(m[2]);
    }
    return {
      id: field(row, 0),
      role: 'auxiliary' as const,
      rules: {
        maxShiftsPerType,
        maxMinutesPerHorizon: int(row, 2),
        minMinutesPerHorizon: int(row, 3),
        maxConsecutiveWorkDays: int(row, 4),
        minConsecutiveWorkDays: int(row, 5),
        minConsecutiveDaysOff: int(row, 6),
        maxWeekendsWorked: int(row, 7),
      },
    };
  });

  const leave = rows('SECTION_DAYS_OFF').flatMap((row) =>
    row.fields.slice(1).map((_, k) => ({ staff: field(row, 0), day: int(row, k + 1) })),
  );
  const request = (kind: 'on' | 'off') => (row: Row) => ({
    staff: field(row, 0),
    day: int(row, 1),
    shift: field(row, 2),
    kind,
    weight: int(row, 3),
  });
  const requests = [...rows('SECTION_SHIFT_ON_REQUESTS').map(request('on')), ...rows('SECTION_SHIFT_OFF_REQUESTS').map(request('off'))];
  const coverage = rows('SECTION_COVER').map((row) => {
    const need = int(row, 2);
    return {
      shift: field(row, 1),
      days: [int(row, 0)],
      requirements: [{ min: need, max: need, underWeight: int(row, 3), overWeight: int(row, 4) }],
    };
  });

  const input: RosterProblemInput = {
    name,
    startDate: CURTOIS_START_DATE,
    days,
    shiftTypes,
    staff,
    rules: { minRestHours: 0, minRestAfterNightHours: 0, noDayAfterNight: false, forbiddenSuccessions },
    coverage,
    leave,
    requests,
  };
  return parseRosterProblem(input);
};
