/**
 * Every month of a year as a station rosters it: the engine's problem built by the app's own
 * `buildProblem` from the station's default rules, the shipped holiday calendar (holidays and 调休;
 * 2027 is the provisional year), leave and wishes drawn with a fixed seed, for two stations:
 *
 *   station12  4 民警, 8 辅警, 一警两辅 on the day and the night shift (the default settings)
 *   station30  10 民警, 20 辅警, ≥ 2 民警 and ≥ 4 辅警 on each shift
 *
 * For each month: seconds until the answer (and the CPU seconds it used, which a loaded machine does
 * not stretch), whether it is proven optimal, and the seconds until
 * the progress line first shows a roster and a bound (the head's "当前最好 · 下界"). Target: every
 * month within 5 s, a roster and a bound within the first seconds.
 *
 *   npm run --silent bench:roster -- year [--year 2027] [--time-limit <seconds>] [--only station12|station30]
 *
 * One JSON line on stdout; progress on stderr.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { checkRoster } from '../../src/main/roster/engine/checker.js';
import { startRosterSolve } from '../../src/main/roster/engine/runner.js';
import { rng } from '../../src/main/roster/engine/solver.js';
import { buildProblem, monthDates, type MonthContext } from '../../src/main/roster/roster.service.js';
import { DEFAULT_SETTINGS, type DutyStaff } from '../../src/main/roster/settings.service.js';
import type { Absence, HolidayDay, RosterSettings } from '../../src/shared/roster/contract.js';

const log = (m: string) => process.stderr.write(`[bench:roster year] ${m}\n`);
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const TARGET_SECONDS = 5;

const holidaysOf = (year: number): Map<string, HolidayDay> => {
  const file = join(__dirname, '../../resources/holidays', `CN-${year}.json`);
  const days = (JSON.parse(readFileSync(file, 'utf8')) as { days: HolidayDay[] }).days;
  return new Map(days.map((d) => [d.date, d]));
};

interface StationShape {
  officers: number;
  auxiliaries: number;
  settings: RosterSettings;
}

const STATIONS: Record<string, StationShape> = {
  station12: { officers: 4, auxiliaries: 8, settings: DEFAULT_SETTINGS },
  station30: {
    officers: 10,
    auxiliaries: 20,
    settings: {
      ...DEFAULT_SETTINGS,
      coverage: DEFAULT_SETTINGS.coverage.map((c) => ({
        ...c,
        requirements: [
          { qualification: 'officer', min: 2 },
          { qualification: 'auxiliary', min: 4 },
        ],
      })),
    },
  },
};

/** A month of the station: its people, a week of leave for one in ten, two day-off wishes each, a few shift wishes. */
const monthContext = (shape: StationShape, month: string, holidays: Map<string, HolidayDay>, seed: number): MonthContext => {
  const random = rng(seed);
  const staff: DutyStaff[] = Array.from({ length: shape.officers + shape.auxiliaries }, (_, i) => {
    const role = i < shape.officers ? ('officer' as const) : ('auxiliary' as const);
    return { id: `s${i + 1}`, name: `${role === 'officer' ? '民警' : '辅警'}${i + 1}`, phone: '13700000000', loginRole: role, role, active: true };
  });
  const dates = monthDates(month);
  const absences: Absence[] = [];
  const absence = (staffId: string, kind: Absence['kind'], from: string, to: string, shiftId: string | null = null): void => {
    absences.push({ id: `x${absences.length}`, staffId, staffName: staffId, kind, from, to, shiftId, weight: null, note: null });
  };
  for (const s of staff) {
    if (random() < 0.1) {
      const from = Math.floor(random() * (dates.length - 7));
      absence(s.id, 'leave', dates[from], dates[from + 6]);
    }
    for (let k = 0; k < 2; k++) {
      const d = dates[Math.floor(random() * dates.length)];
      absence(s.id, 'dayOffWish', d, d);
    }
    if (random() < 0.3) {
      const d = dates[Math.floor(random() * dates.length)];
      absence(s.id, 'shiftWish', d, d, random() < 0.5 ? 'D' : 'N');
    }
  }
  return {
    month,
    today: '2000-01-01',
    timeZone: 'Asia/Shanghai',
    settings: shape.settings,
    settingsVersion: 1,
    peopleSettings: [],
    staff,
    roster: undefined,
    cells: [],
    absences,
    holidays,
  };
};

interface MonthRun {
  seconds: number;
  /**
   * CPU seconds of the whole process (both racing workers): on a machine other work shares, the
   * wall-clock seconds are stretched; the CPU seconds show what the month itself needs.
   */
  cpuSeconds: number;
  /** hard rules the answer breaks (0 unless no roster was found in the time) */
  hardViolations: number;
  optimal: boolean;
  objective: number | null;
  /** seconds until the progress line first showed a roster, and a bound */
  firstRoster: number | null;
  firstBound: number | null;
}

const runMonth = async (m: MonthContext, timeLimitSeconds: number): Promise<MonthRun> => {
  const { problem } = buildProblem(m);
  const started = Date.now();
  const cpu = process.cpuUsage();
  let firstRoster: number | null = null;
  let firstBound: number | null = null;
  const solve = startRosterSolve(problem, {
    timeLimitSeconds,
    onProgress: (p) => {
      const at = (Date.now() - started) / 1000;
      if (p.objective !== undefined) firstRoster ??= round(at, 2);
      if (p.objective !== undefined && p.bound !== undefined) firstBound ??= round(at, 2);
    },
  });
  const r = await solve.result;
  const seconds = round((Date.now() - started) / 1000, 2);
  const used = process.cpuUsage(cpu);
  const check = checkRoster(problem, r.roster);
  const hardViolations = r.roster.length === 0 ? -1 : check.violations.length;
  return { seconds, cpuSeconds: round((used.user + used.system) / 1e6, 2), hardViolations, optimal: r.optimal, objective: r.objective, firstRoster, firstBound };
};

const parseArgs = (argv: string[]) => {
  let year = 2027;
  let timeLimit = 30;
  let only: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--year') year = Number(argv[++i]);
    else if (argv[i] === '--time-limit') timeLimit = Number(argv[++i]);
    else if (argv[i] === '--only') only = argv[++i];
    else throw new Error(`unknown option ${argv[i]}\nusage: bench:roster -- year [--year 2027] [--time-limit <seconds>] [--only station12|station30]`);
  }
  if (!Number.isInteger(year) || !(timeLimit > 0)) throw new Error('--year must be a year, --time-limit positive');
  return { year, timeLimit, only };
};

export const yearBench = async (argv: string[]) => {
  const args = parseArgs(argv);
  const holidays = holidaysOf(args.year);
  const out: Record<string, unknown> = { bench: 'roster-year', year: args.year, target: TARGET_SECONDS, timeLimit: args.timeLimit };
  const slow: string[] = [];
  for (const [name, shape] of Object.entries(STATIONS)) {
    if (args.only !== undefined && args.only !== name) continue;
    const months: Record<string, MonthRun> = {};
    for (let k = 1; k <= 12; k++) {
      const month = `${args.year}-${String(k).padStart(2, '0')}`;
      const run = await runMonth(monthContext(shape, month, holidays, args.year * 100 + k), args.timeLimit);
      months[month] = run;
      log(`${name} ${month}: ${run.seconds} s (cpu ${run.cpuSeconds} s)${run.optimal ? ', optimal' : ''} (objective ${run.objective}; roster at ${run.firstRoster} s, bound at ${run.firstBound} s)${run.hardViolations !== 0 ? ' NO VALID ROSTER' : ''}`);
      if (run.seconds > TARGET_SECONDS || !run.optimal || run.hardViolations !== 0) slow.push(`${name} ${month}`);
    }
    const all = Object.values(months);
    out[name] = {
      staff: shape.officers + shape.auxiliaries,
      seconds: Object.fromEntries(Object.entries(months).map(([m, r]) => [m, r.seconds])),
      cpuSeconds: Object.fromEntries(Object.entries(months).map(([m, r]) => [m, r.cpuSeconds])),
      optimal: all.filter((r) => r.optimal).length,
      maxSeconds: Math.max(...all.map((r) => r.seconds)),
      // the latest a roster and a bound first showed, over the months that showed one; and how many never did
      maxFirstRoster: Math.max(0, ...all.flatMap((r) => (r.firstRoster === null ? [] : [r.firstRoster]))),
      maxFirstBound: Math.max(0, ...all.flatMap((r) => (r.firstBound === null ? [] : [r.firstBound]))),
      neverRoster: all.filter((r) => r.firstRoster === null).length,
      neverBound: all.filter((r) => r.firstBound === null).length,
    };
  }
  out.slow = slow;
  // the machine's load (1, 5, 15 minutes) as the run ends: timings on a busy machine are slower
  out.load = loadavg().map((l) => round(l, 2));
  process.stdout.write(`${JSON.stringify(out)}\n`);
  if (slow.length > 0) process.exitCode = 1;
};
