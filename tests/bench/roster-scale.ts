/**
 * The roster engine against a plain MILP (HiGHS on the full model of the same rules) on the shapes
 * beyond a station's month, generated with a fixed seed:
 *
 *   quarter   91 days from 2027-01-01 (New Year, the Spring Festival week), 24 people (8 民警, 16
 *             辅警), day and night, 4 on each shift (≥ 2 民警, ≥ 2 辅警), leave and a few hundred wishes
 *   bureau60  a branch bureau's month (2027-05, the Labour Day holidays): 60 people (20 民警, 40
 *             辅警, a quarter of them drivers), three 8-hour shifts, cover per shift, role and driver
 *   bureau200 the same shape with 200 people
 *
 * For each shape the plain model runs first, then the engine exactly as the app runs it, on the
 * same problem in the same run. Printed: objective, bound and seconds of both, the ratio of the
 * engine's seconds to the plain model's (target ≤ 1.0), and the independent checker's objective
 * beside the engine's (the run fails when they differ, or when a hard rule is broken).
 *
 *   npm run --silent bench:roster -- scale [--time-limit <seconds>] [--repeat <n>] [--only <shape>]
 *
 * One JSON line on stdout; progress on stderr. With --repeat the seconds are medians.
 */
import { loadavg } from 'node:os';
import { checkRoster } from '../../src/main/roster/engine/checker.js';
import { startPlainSolve, startRosterSolve } from '../../src/main/roster/engine/runner.js';
import { rng } from '../../src/main/roster/engine/solver.js';
import { parseRosterProblem, type RosterProblem, type RosterProblemInput } from '../../src/shared/roster/model.js';

const log = (m: string) => process.stderr.write(`[bench:roster scale] ${m}\n`);
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const STATION_RULES = { minRestHours: 11, minRestAfterNightHours: 12, noDayAfterNight: true, forbiddenSuccessions: [], maxConsecutiveWorkDays: 6, maxConsecutiveNights: 3, maxMinutesPerWeek: 48 * 60 };
const FAIRNESS = [
  { metric: 'nights' as const, weight: 5 },
  { metric: 'weekends' as const, weight: 3 },
  { metric: 'holidays' as const, weight: 3 },
];

/** Leave spans and wishes drawn from a seeded generator (the same every run). */
const absences = (random: () => number, staff: string[], days: number, shifts: string[], o: { wishes: number; leaves: number; leaveDays: number }) => {
  const pickOne = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  const leave: NonNullable<RosterProblemInput['leave']> = [];
  const taken = new Set<string>();
  for (let i = 0; i < o.leaves; i++) {
    const who = pickOne(staff);
    const from = Math.floor(random() * (days - o.leaveDays));
    for (let d = from; d < from + o.leaveDays; d++)
      if (!taken.has(`${who}/${d}`)) {
        taken.add(`${who}/${d}`);
        leave.push({ staff: who, day: d, reason: 'leave' });
      }
  }
  const requests: NonNullable<RosterProblemInput['requests']> = [];
  const asked = new Set<string>();
  while (requests.length < o.wishes) {
    const staffId = pickOne(staff);
    const day = Math.floor(random() * days);
    if (taken.has(`${staffId}/${day}`) || asked.has(`${staffId}/${day}`)) continue;
    asked.add(`${staffId}/${day}`);
    const r = random();
    const weight = 1 + Math.floor(random() * 3);
    if (r < 0.6) requests.push({ staff: staffId, day, kind: 'off', weight });
    else if (r < 0.8) requests.push({ staff: staffId, day, kind: 'off', shift: shifts[shifts.length - 1], weight });
    else requests.push({ staff: staffId, day, kind: 'on', shift: pickOne(shifts), weight });
  }
  return { leave, requests };
};

/** Day indices of the dates in `dates` from `start`. */
const dayIndices = (start: string, dates: string[]) => dates.map((d) => Math.round((Date.parse(d) - Date.parse(start)) / 86_400_000));

export const quarterProblem = (seed = 7): RosterProblem => {
  const random = rng(seed);
  const staff = [...Array.from({ length: 8 }, (_, i) => ({ id: `p${i + 1}`, role: 'officer' as const })), ...Array.from({ length: 16 }, (_, i) => ({ id: `a${i + 1}`, role: 'auxiliary' as const }))];
  const start = '2027-01-01';
  const days = 91;
  return parseRosterProblem({
    name: 'quarter',
    startDate: start,
    days,
    holidays: dayIndices(start, ['2027-01-01', '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11']),
    shiftTypes: [
      { id: 'D', start: '08:00', minutes: 720 },
      { id: 'N', start: '20:00', minutes: 720, night: true },
    ],
    staff,
    rules: STATION_RULES,
    coverage: ['D', 'N'].map((shift) => ({ shift, requirements: [{ min: 4 }, { qualification: 'officer', min: 2 }, { qualification: 'auxiliary', min: 2 }] })),
    ...absences(
      random,
      staff.map((s) => s.id),
      days,
      ['D', 'N'],
      { wishes: 300, leaves: 6, leaveDays: 7 },
    ),
    fairness: FAIRNESS,
  });
};

export const bureauProblem = (people: number, seed = 11): RosterProblem => {
  const random = rng(seed + people);
  const officers = Math.round(people / 3);
  const staff = Array.from({ length: people }, (_, i) => ({
    id: i < officers ? `p${i + 1}` : `a${i + 1 - officers}`,
    role: i < officers ? ('officer' as const) : ('auxiliary' as const),
    qualifications: i % 4 === 0 ? ['driver'] : [],
  }));
  // per shift: officers, auxiliaries, drivers (day shifts and the night)
  const perDay = { officers: Math.round(officers / 5), auxiliaries: Math.round((people - officers) / 5), drivers: Math.max(1, Math.round(people / 60)) };
  const perNight = { officers: Math.round((officers * 3) / 20), auxiliaries: Math.round(((people - officers) * 3) / 20), drivers: Math.max(1, Math.round(people / 80)) };
  const cover = (n: typeof perDay) => [
    { qualification: 'officer', min: n.officers },
    { qualification: 'auxiliary', min: n.auxiliaries },
    { qualification: 'driver', min: n.drivers },
  ];
  const start = '2027-05-01';
  const days = 31;
  return parseRosterProblem({
    name: `bureau${people}`,
    startDate: start,
    days,
    holidays: [0, 1, 2, 3, 4],
    shiftTypes: [
      { id: 'A', start: '06:00', minutes: 480 },
      { id: 'P', start: '14:00', minutes: 480 },
      { id: 'N', start: '22:00', minutes: 480, night: true },
    ],
    staff,
    rules: STATION_RULES,
    coverage: [
      { shift: 'A', requirements: cover(perDay) },
      { shift: 'P', requirements: cover(perDay) },
      { shift: 'N', requirements: cover(perNight) },
    ],
    ...absences(
      random,
      staff.map((s) => s.id),
      days,
      ['A', 'P', 'N'],
      { wishes: Math.round(people * 1.5), leaves: Math.round(people / 10), leaveDays: 5 },
    ),
    fairness: FAIRNESS,
  });
};

interface Run {
  objective: number | null;
  bound: number | null;
  optimal: boolean;
  seconds: number;
  checked: number | null;
  hardViolations: number;
}

const runOne = async (problem: RosterProblem, which: 'engine' | 'plain', timeLimitSeconds: number): Promise<Run> => {
  const started = Date.now();
  let shown = '';
  const onProgress = (p: { seconds: number; objective?: number; bound?: number }) => {
    const line = `${problem.name} ${which} ${p.seconds.toFixed(0)}s objective ${p.objective ?? '–'} bound ${p.bound === undefined ? '–' : round(p.bound, 2)}`;
    if (line !== shown) process.stderr.write(`${line}\n`);
    shown = line;
  };
  const solve = which === 'engine' ? startRosterSolve(problem, { timeLimitSeconds, onProgress }) : startPlainSolve(problem, { timeLimitSeconds, onProgress });
  const r = await solve.result;
  const seconds = (Date.now() - started) / 1000;
  const check = checkRoster(problem, r.roster);
  return {
    objective: r.objective,
    bound: r.bound === null ? null : round(r.bound, 2),
    optimal: r.optimal,
    seconds: round(seconds, 2),
    checked: r.roster.length > 0 ? round(check.objective, 6) : null,
    hardViolations: r.roster.length > 0 ? check.violations.length : 0,
  };
};

const parseArgs = (argv: string[]) => {
  let timeLimit = 120;
  let repeat = 1;
  let only: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--time-limit') timeLimit = Number(argv[++i]);
    else if (argv[i] === '--repeat') repeat = Number(argv[++i]);
    else if (argv[i] === '--only') only = argv[++i];
    else throw new Error(`unknown option ${argv[i]}\nusage: bench:roster -- scale [--time-limit <seconds>] [--repeat <n>] [--only quarter|bureau60|bureau200]`);
  }
  if (!(timeLimit > 0) || !(Number.isInteger(repeat) && repeat >= 1)) throw new Error('--time-limit must be positive, --repeat a whole number ≥ 1');
  return { timeLimit, repeat, only };
};

export const scaleBench = async (argv: string[]) => {
  const args = parseArgs(argv);
  const shapes: [string, () => RosterProblem][] = [
    ['quarter', () => quarterProblem()],
    ['bureau60', () => bureauProblem(60)],
    ['bureau200', () => bureauProblem(200)],
  ];
  const out: Record<string, unknown> = { bench: 'roster-scale', timeLimit: args.timeLimit, repeat: args.repeat };
  const failures: string[] = [];
  for (const [name, make] of shapes) {
    if (args.only !== undefined && args.only !== name) continue;
    const problem = make();
    const runs: { engine: Run; plain: Run }[] = [];
    for (let k = 0; k < args.repeat; k++) {
      const plain = await runOne(problem, 'plain', args.timeLimit);
      log(`${name} plain: ${plain.objective} (bound ${plain.bound}) in ${plain.seconds} s${plain.optimal ? ', optimal' : ''}`);
      const engine = await runOne(problem, 'engine', args.timeLimit);
      log(`${name} engine: ${engine.objective} (bound ${engine.bound}) in ${engine.seconds} s${engine.optimal ? ', optimal' : ''}`);
      runs.push({ engine, plain });
      for (const [who, r] of [['engine', engine], ['plain', plain]] as const) {
        if (r.checked !== null && r.objective !== null && Math.abs(r.checked - r.objective) > 1e-6) failures.push(`${name} ${who}: objective ${r.objective} but the checker says ${r.checked}`);
        if (r.hardViolations > 0) failures.push(`${name} ${who}: ${r.hardViolations} hard rules broken`);
      }
      if (engine.objective !== null && plain.objective !== null && engine.objective > plain.objective + 1e-6) failures.push(`${name}: the engine's ${engine.objective} is worse than the plain model's ${plain.objective}`);
    }
    const last = runs[runs.length - 1];
    const engineSeconds = round(median(runs.map((r) => r.engine.seconds)), 2);
    const plainSeconds = round(median(runs.map((r) => r.plain.seconds)), 2);
    out[name] = {
      days: problem.days,
      staff: problem.staff.length,
      engine: { ...last.engine, seconds: engineSeconds },
      plain: { ...last.plain, seconds: plainSeconds },
      ratio: round(engineSeconds / plainSeconds, 2),
    };
  }
  out.failures = failures;
  // the machine's load (1, 5, 15 minutes) as the run ends: timings on a busy machine are slower
  out.load = loadavg().map((l) => round(l, 2));
  process.stdout.write(`${JSON.stringify(out)}\n`);
  if (failures.length > 0) {
    for (const f of failures) log(`FAIL ${f}`);
    process.exitCode = 1;
  }
};
