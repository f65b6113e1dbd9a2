/**
 * The roster engine's entry point on the thread that runs it: validate, pre-check, solve, explain
 * when no roster exists, and check the result with the independent checker. The app and the
 * benchmark reach it through runner.ts (a worker thread); tests may call it directly.
 */
import type { Highs } from 'highs';
import { parseRosterProblem, type RosterProblem } from '../../../shared/roster/model.js';
import { checkRoster, type Violation } from './checker.js';
import { compile } from './compile.js';
import { explainPerson, explainShortfalls, precheck, summarise, type Explanation } from './explain.js';
import { solveOnThisThread, type EngineOptions, type EngineResult } from './solver.js';

/** What the engine found, plus what the independent checker says of it. */
export interface RosterSolveResult extends Pick<EngineResult, 'status' | 'optimal' | 'objective' | 'bound' | 'roster' | 'seconds' | 'stopped'> {
  /** Hard rules the roster breaks, counted by the independent checker (0 for a valid roster). */
  hardViolations: number;
  violations: Violation[];
  /** Why no roster meets every hard rule (status infeasible, or noSolution after the time). */
  explanation?: Explanation;
}

export type SolveOptions = Omit<EngineOptions, 'shouldStop' | 'onProgress' | 'log'>;

export const solveProblem = (highs: Highs, problem: RosterProblem, options: EngineOptions = {}): RosterSolveResult => {
  const started = Date.now();
  const compiled = compile(problem);
  const pre = precheck(compiled);
  if (pre.length > 0)
    return {
      status: 'infeasible',
      optimal: false,
      objective: null,
      bound: null,
      roster: [],
      seconds: (Date.now() - started) / 1000,
      stopped: false,
      hardViolations: 0,
      violations: [],
      explanation: summarise(pre),
    };
  const r = solveOnThisThread(highs, problem, options);
  const check = checkRoster(problem, r.roster);
  const out: RosterSolveResult = {
    status: r.status,
    optimal: r.optimal,
    objective: r.objective,
    bound: r.bound,
    roster: r.roster,
    seconds: r.seconds,
    stopped: r.stopped,
    hardViolations: r.roster.length === 0 ? 0 : check.violations.length,
    violations: check.violations,
  };
  if (r.status === 'infeasible' || r.status === 'noSolution')
    out.explanation = summarise([...r.impossibleStaff.map((id) => explainPerson(problem, id)), ...explainShortfalls(compiled, r.coverShortfalls, r.roster)]);
  out.seconds = (Date.now() - started) / 1000;
  return out;
};

/** Validates raw input (throws the ZodError with `roster.*` keys) and solves it. */
export const solveRoster = (highs: Highs, input: unknown, options: EngineOptions = {}): RosterSolveResult =>
  solveProblem(highs, parseRosterProblem(input), options);
