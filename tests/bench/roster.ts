/**
 * Roster engine benchmark on the Curtois & Qu instances (../shared/roster-bench):
 *
 *   npx tsx tests/bench/roster.ts <instance-file> [--time-limit <seconds>] [--seed <n>] [--verbose]
 *   npx tsx tests/bench/roster.ts station     (the station cases through the core: roster-station.ts)
 *   npx tsx tests/bench/roster.ts scale       (engine against the plain model on a quarter and branch bureaus: roster-scale.ts)
 *   npx tsx tests/bench/roster.ts year        (every month of a year for a 12- and a 30-person station: roster-year.ts)
 *
 * Converts the instance into the station's rule model, solves it with the same engine (and worker
 * thread) the app uses, re-checks the roster with the independent checker, and prints ONE JSON
 * line on stdout: instance, objective, hardViolations, optimal, seconds, roster ([id, day, shift]).
 * Progress goes to stderr.
 */
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { checkRoster } from '../../src/main/roster/engine/checker.js';
import { parseCurtois } from '../../src/main/roster/engine/curtois.js';
import { startRosterSolve } from '../../src/main/roster/engine/runner.js';
import { scaleBench } from './roster-scale.js';
import { stationBench } from './roster-station.js';
import { yearBench } from './roster-year.js';

const usage = 'usage: tsx tests/bench/roster.ts <instance-file> [--time-limit <seconds>] [--seed <n>] [--verbose]';

const parseArgs = (argv: string[]) => {
  let file: string | undefined;
  let timeLimit = 120;
  let seed = 1;
  let verbose = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--time-limit') timeLimit = Number(argv[++i]);
    else if (a === '--seed') seed = Number(argv[++i]);
    else if (a === '--verbose') verbose = true;
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}\n${usage}`);
    else file = a;
  }
  if (file === undefined || !(timeLimit > 0) || !Number.isInteger(seed)) throw new Error(usage);
  return { file, timeLimit, seed, verbose };
};

const main = async () => {
  const args = parseArgs(process.argv.slice(2));
  const instance = basename(args.file, extname(args.file));
  const started = Date.now();
  const problem = parseCurtois(readFileSync(args.file, 'utf8'), instance);
  let lastShown = '';
  const solve = startRosterSolve(problem, {
    timeLimitSeconds: args.timeLimit,
    seed: args.seed,
    onProgress: (p) => {
      const line = `${instance} ${p.phase} ${p.seconds.toFixed(1)}s objective ${p.objective ?? '–'} bound ${p.bound ?? '–'}`;
      if (line !== lastShown) process.stderr.write(`${line}\n`);
      lastShown = line;
    },
    onLog: args.verbose ? (line) => process.stderr.write(`${line}\n`) : undefined,
  });
  process.once('SIGINT', () => solve.stop());
  const result = await solve.result;
  const seconds = Math.round((Date.now() - started) / 100) / 10;
  // Counted again here, on this thread, straight from the problem and the roster.
  const check = checkRoster(problem, result.roster);
  for (const v of check.violations.slice(0, 20)) process.stderr.write(`violation: ${v.message}\n`);
  if (result.explanation) process.stderr.write(`${result.explanation.summary}\n`);
  const checked = result.roster.length > 0 ? Math.round(check.objective * 1e6) / 1e6 : null;
  const line = {
    instance,
    objective: result.objective,
    checkerObjective: checked,
    hardViolations: check.violations.length,
    optimal: result.optimal,
    seconds,
    roster: result.roster.map((a) => [a.staff, a.day, a.shift]),
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
  if (checked !== null && result.objective !== null && Math.abs(checked - result.objective) > 1e-6) {
    process.stderr.write(`FAIL: the engine says ${result.objective}, the checker ${checked}\n`);
    process.exitCode = 1;
  }
};

(process.argv[2] === 'station'
  ? stationBench()
  : process.argv[2] === 'scale'
    ? scaleBench(process.argv.slice(3))
    : process.argv[2] === 'year'
      ? yearBench(process.argv.slice(3))
      : main()
).catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
