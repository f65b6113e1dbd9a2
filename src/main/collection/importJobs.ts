/**
 * Where an import stands, and the worker that reads its file. The UI names each preview and commit
 * with a ticket; `collection.importProgress` and `collection.importCancel` answer from here without
 * waiting for the call they ask about (they touch no database).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ImportProgress } from '../../shared/collection/contract.js';
import { AppError } from '../../shared/errors.js';
import type { ImportWorkerMessage } from './import.worker.js';
import type { Reading, ReadRequest } from './importRead.js';

interface Ticket {
  staffId: string;
  progress: ImportProgress;
  cancelled: boolean;
  /** ends the worker reading this ticket's file */
  stop: (() => void) | null;
}

const tickets = new Map<string, Ticket>();

export const cancelledError = () => new AppError({ code: 'CONFLICT', key: 'collection.import.cancelled' });

/** Follows one preview or commit; without a ticket (a script, a test) nobody follows it. */
export const openTicket = (ticket: string | undefined, staffId: string): Ticket => {
  const t: Ticket = { staffId, progress: { phase: 'read', done: 0, total: 0 }, cancelled: false, stop: null };
  if (ticket) {
    tickets.set(ticket, t);
    // a finished import's ticket is kept a while for the UI's last look, then forgotten
    while (tickets.size > 50) tickets.delete(tickets.keys().next().value!);
  }
  return t;
};

export const ticketProgress = (ticket: string, staffId: string): ImportProgress | null => {
  const t = tickets.get(ticket);
  return t && t.staffId === staffId ? t.progress : null;
};

/** Asks the import to stop: the worker is ended, a commit rolls back at its next batch. */
export const cancelTicket = (ticket: string, staffId: string): boolean => {
  const t = tickets.get(ticket);
  if (!t || t.staffId !== staffId || t.progress.phase === 'done') return false;
  t.cancelled = true;
  t.stop?.();
  return true;
};

export const checkCancelled = (t: Ticket) => {
  if (t.cancelled) throw cancelledError();
};

const createWorker = (): Worker => {
  // STATION_COLLECTION_WORKER: a built worker for code run from source (the benchmark times the
  // import as the app runs it, without compiling TypeScript in every new worker)
  const fromEnv = process.env.STATION_COLLECTION_WORKER;
  const bundled = fromEnv ? resolve(fromEnv) : join(__dirname, 'collection-import-worker.cjs');
  if (existsSync(bundled)) return new Worker(bundled);
  // From source: register tsx's CommonJS hook in the worker, then load the TypeScript entry.
  const source = join(__dirname, 'import.worker.ts');
  return new Worker(`require('tsx/cjs'); require(${JSON.stringify(source)});`, { eval: true });
};

/** A worker between two files, kept for the next one; it never keeps the process alive. */
let idle: Worker | null = null;
const forgetIdle = () => {
  idle = null;
};

const readInWorker = (req: ReadRequest, t: Ticket): Promise<Reading> =>
  new Promise<Reading>((resolvePromise, reject) => {
    const worker = idle ?? createWorker();
    worker.off('exit', forgetIdle);
    idle = null;
    worker.ref();
    let settled = false;
    const onMessage = (m: ImportWorkerMessage) => {
      if (m.type === 'progress') t.progress = { phase: m.progress.phase, done: m.progress.done, total: m.progress.total };
      else if (m.type === 'result') finish(() => resolvePromise(m.reading), true);
      else finish(() => reject(m.error ? new AppError(m.error) : new Error(`reading the file failed: ${m.message}`)), true);
    };
    const onError = (e: Error) => finish(() => reject(new Error(`reading the file failed: ${e.message}`)), false);
    const onExit = (code: number) => finish(() => reject(new Error(`reading the file ended without a result (exit code ${code})`)), false);
    const finish = (fn: () => void, keep: boolean) => {
      if (settled) return;
      settled = true;
      t.stop = null;
      // only this read's listeners: the worker's own keep its message port working
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      if (keep && idle === null) {
        worker.unref();
        // one that dies while it waits is not handed the next file
        worker.once('exit', forgetIdle);
        idle = worker;
      } else void worker.terminate();
      fn();
    };
    t.stop = () => finish(() => reject(cancelledError()), false);
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    worker.postMessage(req);
  });

/**
 * The last files read, by a hash of the request: the commit that follows a preview of the same
 * file (same mapping, same day) does not read it again — reading is most of the work of an import.
 * A reading is never changed after it is made, so sharing it is safe.
 */
const recent = new Map<string, Promise<Reading>>();
const RECENT = 2;

export const readFile = (req: ReadRequest, t: Ticket): Promise<Reading> => {
  const key = createHash('sha256')
    .update(JSON.stringify([req.fileName, req.sheet, req.mapping ?? null, req.remembered, req.today]))
    .update('\0')
    .update(req.data)
    .digest('hex');
  const known = recent.get(key);
  if (known) return known;
  const reading = readInWorker(req, t);
  recent.set(key, reading);
  reading.catch(() => recent.delete(key));
  while (recent.size > RECENT) recent.delete(recent.keys().next().value!);
  return reading;
};
