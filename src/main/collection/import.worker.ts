/**
 * Worker-thread entry of a spreadsheet import: reads the file and checks its rows (importRead.ts)
 * while the core's thread goes on answering calls. It receives the request in `workerData`, posts
 * progress while it reads and checks, then one result or one error.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { AppError, type AppErrorJson } from '../../shared/errors.js';
import { readAndCheck, type Reading, type ReadProgress, type ReadRequest } from './importRead.js';

export type ImportWorkerMessage =
  | { type: 'progress'; progress: ReadProgress }
  | { type: 'result'; reading: Reading }
  | { type: 'error'; error: AppErrorJson | null; message: string };

const post = (m: ImportWorkerMessage) => parentPort!.postMessage(m);

const main = async () => {
  try {
    const reading = await readAndCheck(workerData as ReadRequest, (progress) => post({ type: 'progress', progress }));
    post({ type: 'result', reading });
  } catch (e) {
    post({ type: 'error', error: e instanceof AppError ? e.toJSON() : null, message: (e as Error).message ?? String(e) });
  }
};

if (parentPort !== null) void main();
