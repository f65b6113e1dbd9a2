/**
 * Runs the roster engine in a worker thread, so that the calling thread (the core's event loop,
 * hence the UI) stays responsive: HiGHS blocks the thread it runs on for the whole solve.
 *
 * The worker script: next to this module as `roster-worker.cjs` when bundled (the build must emit
 * worker.ts under that name), else the TypeScript source run through tsx (dev, tests, benchmark).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RosterSolveResult, SolveOptions } from './index.js';
import type { EngineProgress } from './solver.js';
import type { WorkerInput, WorkerMessage } from './worker.js';

export interface RunOptions extends SolveOptions {
  onProgress?: (p: EngineProgress) => void;
  onLog?: (line: string) => void;
  /** Path of the worker script, when it is not in the default place. */
  workerFile?: string;
  /** After a stop, how long the worker may take to hand back its best roster before it is ended (default 5 s). */
  stopGraceMs?: number;
  /** Race HiGHS on the plain full model in a second worker (default true; see startRosterSolve). */
  race?: boolean;
}

export interface RosterSolve {
  /** Resolves with the result; rejects when the input is invalid or the worker dies. */
  result: Promise<RosterSolveResult>;
  /** Asks the engine to stop; the result then carries the best roster so far. */
  stop(): void;
}

export class RosterWorkerError extends Error {
  constructor(
    message: string,
    readonly issues?: unknown,
    name = 'RosterWorkerError',
  ) {
    super(message);
    this.name = name;
  }
}

const createWorker = (input: WorkerInput, workerFile?: string): Worker => {
  // STATION_ROSTER_WORKER: a built worker for code run from source (the benchmark times the
  // engine as the app runs it, without compiling TypeScript in every new worker)
  const fromEnv = process.env.STATION_ROSTER_WORKER;
  const bundled = workerFile ?? (fromEnv ? resolve(fromEnv) : join(__dirname, 'roster-worker.cjs'));
  if (existsSync(bundled)) return new Worker(bundled, { workerData: input });
  // From source: register tsx's CommonJS hook in the worker, then load the TypeScript entry.
  const source = join(__dirname, 'worker.ts');
  return new Worker(`require('tsx/cjs'); require(${JSON.stringify(source)});`, { eval: true, workerData: input });
};

/** One worker thread running the engine or the plain model. */
const startWorker = (problem: unknown, mode: 'engine' | 'plain', options: RunOptions): RosterSolve => {
  const stop = new SharedArrayBuffer(4);
  const flag = new Int32Array(stop);
  const { onProgress, onLog, workerFile, stopGraceMs, race: _race, ...solveOptions } = options;
  const worker = createWorker({ problem, options: solveOptions, stop, log: onLog !== undefined, mode }, workerFile);
  let killTimer: NodeJS.Timeout | undefined;
  const result = new Promise<RosterSolveResult>((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      if (killTimer) clearTimeout(killTimer);
      fn();
      void worker.terminate();
    };
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'progress') onProgress?.(m.progress);
      else if (m.type === 'log') onLog?.(m.line);
      else if (m.type === 'result') finish(() => resolve(m.result));
      else finish(() => reject(new RosterWorkerError(m.error.message, m.error.issues, m.error.name)));
    });
    worker.on('error', (e) => finish(() => reject(new RosterWorkerError(`roster engine failed: ${e.message}`))));
    worker.on('exit', (code) => finish(() => reject(new RosterWorkerError(`roster engine ended without a result (exit code ${code})`))));
  });
  return {
    result,
    stop() {
      Atomics.store(flag, 0, 1);
      // A worker stuck outside any stop check (it should not be) is ended after the grace time.
      killTimer ??= setTimeout(() => void worker.terminate(), stopGraceMs ?? 5000);
    },
  };
};

/** HiGHS on the plain full model alone, in a worker (the benchmark's yardstick). */
export const startPlainSolve = (problem: unknown, options: RunOptions = {}): RosterSolve => startWorker(problem, 'plain', options);

/** Whether `objective` is proven optimal by `bound` (whole-number objectives: within 1). */
const provenBy = (objective: number, bound: number, integral: boolean) => objective - bound < (integral ? 1 - 1e-6 : 1e-6);

const usable = (r: RosterSolveResult | null): r is RosterSolveResult => r !== null && r.objective !== null && r.roster.length > 0 && r.hardViolations === 0;

/**
 * The answer of a race: the better roster of the two (the engine's on a tie), the higher of their
 * proven bounds, and optimal when that bound reaches the roster. With no roster the engine's answer
 * stands (it explains why there is none).
 */
const pick = (engine: RosterSolveResult | null, plain: RosterSolveResult | null, seen: { bound: number; integral: boolean }): RosterSolveResult => {
  const best = usable(engine) && (!usable(plain) || engine.objective! <= plain.objective!) ? engine : usable(plain) ? plain : (engine ?? plain)!;
  if (!usable(best)) return best;
  const bounds = [seen.bound, ...[engine, plain].flatMap((r) => (r?.bound !== null && r?.bound !== undefined && usable(r) ? [r.bound] : []))];
  const bound = Math.min(best.objective!, Math.max(...bounds));
  const optimal = best.optimal || provenBy(best.objective!, bound, seen.integral);
  if (bound === -Infinity) return best;
  return { ...best, optimal, status: optimal ? 'optimal' : best.status, bound: optimal ? best.objective : bound };
};

/**
 * Starts solving `problem` (raw input, validated in the worker) in a worker thread; with `race`
 * (the default) HiGHS on the plain full model runs beside it in a second worker, so the answer is
 * never slower than the plain model, nor worse (a `deterministic` solve runs the engine alone). The first proven optimum ends both; the progress
 * is the best roster and the highest bound of the two.
 */
export const startRosterSolve = (problem: unknown, options: RunOptions = {}): RosterSolve => {
  // a deterministic solve is the engine's alone: which of two racers ends first depends on the clock
  if (options.race === false || options.deterministic === true) return startWorker(problem, 'engine', options);
  const started = Date.now();
  let objective = Infinity;
  let bound = -Infinity;
  let integral = false;
  let userStop = false;
  let settled = false;
  const merge = (p: EngineProgress) => {
    if (settled) return;
    integral ||= p.integral === true;
    if (p.objective !== undefined) objective = Math.min(objective, p.objective);
    if (p.bound !== undefined) bound = Math.max(bound, p.bound);
    const out: EngineProgress = { phase: p.phase, seconds: (Date.now() - started) / 1000, integral };
    if (objective < Infinity) {
      out.objective = objective;
      if (bound > -Infinity) {
        out.bound = Math.min(bound, objective);
        out.gap = objective === 0 ? 0 : Math.max(0, (objective - out.bound) / Math.abs(objective));
      }
    }
    options.onProgress?.(out);
    // One side's roster proven by the other side's bound: both hand back what they have.
    if (objective < Infinity && bound > -Infinity && provenBy(objective, bound, integral)) stopBoth();
  };
  const engine = startWorker(problem, 'engine', { ...options, onProgress: merge });
  const plain = startWorker(problem, 'plain', { ...options, onProgress: merge, onLog: undefined });
  const stopBoth = () => {
    engine.stop();
    plain.stop();
  };
  const result = new Promise<RosterSolveResult>((resolve, reject) => {
    let engineResult: RosterSolveResult | null = null;
    let plainResult: RosterSolveResult | null = null;
    let engineDone = false;
    let plainDone = false;
    const settle = (r: RosterSolveResult) => {
      if (settled) return;
      settled = true;
      stopBoth();
      resolve({ ...r, stopped: userStop, seconds: (Date.now() - started) / 1000 });
    };
    const decide = () => {
      if (settled) return;
      // a proven answer from either side settles it; otherwise both are waited for
      if (engineResult !== null && (engineResult.optimal || engineResult.status === 'infeasible')) return settle(pick(engineResult, plainResult, { bound, integral }));
      if (plainResult !== null && plainResult.optimal && plainResult.hardViolations === 0) return settle(pick(engineResult, plainResult, { bound, integral }));
      if (engineDone && plainDone) {
        if (engineResult === null && plainResult === null) return;
        settle(pick(engineResult, plainResult, { bound, integral }));
      }
    };
    engine.result.then(
      (r) => {
        engineResult = r;
        engineDone = true;
        decide();
      },
      (e: unknown) => {
        // invalid input or a dead engine: the plain model's answer is not enough to go on
        if (settled) return;
        settled = true;
        plain.stop();
        reject(e instanceof Error ? e : new RosterWorkerError(String(e)));
      },
    );
    plain.result.then(
      (r) => {
        plainResult = r;
        plainDone = true;
        decide();
      },
      () => {
        plainDone = true;
        decide();
      },
    );
  });
  return {
    result,
    stop() {
      userStop = true;
      stopBoth();
    },
  };
};
