/**
 * Worker-thread entry of a spreadsheet import: reads the file and checks its rows (importRead.ts)
 * while the core's thread goes on answering calls. It takes one request at a time as a message,
 * posts progress while it reads and checks, then one result or one error; it stays for the next
 * file (starting a worker costs more than reading a small file).
 */
import { parentPort } from 'node:worker_threads';
import { AppError, type AppErrorJson } from '../../shared/errors.js';
import { readAndCheck, type Reading, type ReadProgress, type ReadRequest } from './importRead.js';

export type ImportWorkerMessage =
  | { type: 'progress'; progress: ReadProgress }
  | { type: 'result'; reading: Reading }
  | { type: 'error'; error: AppErrorJson | null; message: string };

const post = (m: ImportWorkerMessage) => parentPort!.postMessage(m);

const read = async (req: ReadRequest) => {
  try {
    const reading = await readAndCheck(req, (progress) => post({ type: 'progress', progress }));
    post({ type: 'result', reading });
  } catch (e) {
    post({ type: 'error', error: e instanceof AppError ? e.toJSON() : null, message: (e as Error).message ?? String(e) });
  }
};

parentPort?.on('message', (req: ReadRequest) => void read(req));
