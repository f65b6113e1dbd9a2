/**
 * Worker-thread entry of the roster engine (HiGHS blocks the thread it runs on). It receives the
 * problem and options in `workerData`, posts progress and log lines while it runs, and one result.
 * A stop request is a flag in shared memory: the solver polls it even from inside HiGHS, where no
 * message could be received.
 */
import { parentPort, workerData } from 'node:worker_threads';
import loadHighs from 'highs';
import { parseRosterProblem } from '../../../shared/roster/model.js';
import { solveRoster, type SolveOptions } from './index.js';
import { solvePlain } from './plain.js';
import type { EngineProgress } from './solver.js';

export interface WorkerInput {
  problem: unknown;
  options: SolveOptions;
  /** Int32Array over a SharedArrayBuffer: element 0 becomes 1 to stop. */
  stop: SharedArrayBuffer;
  log: boolean;
  /** The column engine (default), or HiGHS on the plain full model (see plain.ts). */
  mode?: 'engine' | 'plain';
}

export type WorkerMessage =
  | { type: 'progress'; progress: EngineProgress }
  | { type: 'log'; line: string }
  | { type: 'result'; result: ReturnType<typeof solveRoster> }
  | { type: 'error'; error: { name: string; message: string; issues?: unknown } };

const post = (m: WorkerMessage) => parentPort!.postMessage(m);

const main = async () => {
  const input = workerData as WorkerInput;
  const flag = new Int32Array(input.stop);
  try {
    const highs = await loadHighs();
    const options = {
      ...input.options,
      shouldStop: () => Atomics.load(flag, 0) === 1,
      onProgress: (progress: EngineProgress) => post({ type: 'progress', progress }),
      log: input.log ? (line: string) => post({ type: 'log', line }) : undefined,
    };
    const result = input.mode === 'plain' ? solvePlain(highs, parseRosterProblem(input.problem), options) : solveRoster(highs, input.problem, options);
    post({ type: 'result', result });
  } catch (e) {
    const err = e as { name?: string; message?: string; issues?: unknown };
    post({ type: 'error', error: { name: err.name ?? 'Error', message: err.message ?? String(e), issues: err.issues } });
  }
};

if (parentPort !== null) void main();
