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

/** Starts solving `problem` (raw input, validated in the worker) in a worker thread. */
export const startRosterSolve = (problem: unknown, options: RunOptions = {}): RosterSolve => {
  const stop = new SharedArrayBuffer(4);
  const flag = new Int32Array(stop);
  const { onProgress, onLog, workerFile, stopGraceMs, ...solveOptions } = options;
  const worker = createWorker({ problem, options: solveOptions, stop, log: onLog !== undefined }, workerFile);
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
