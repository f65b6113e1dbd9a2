import type { AuditDetail } from '../shared/audit/details.js';
import type { EntityManager } from 'typeorm';
import type { Logger } from 'pino';
import { AppError, unauthenticated, type AppErrorJson } from '../shared/errors.js';
import type { MethodDef, OutputOf, ParsedInputOf } from '../shared/method.js';
import type { Role } from '../shared/roles.js';
import { localDate } from '../shared/time.js';
import type { Client } from './auth/guessing.js';
import type { Session, SessionStore } from './auth/sessions.js';
import type { BackupService } from './backup/backup.service.js';
import type { CardReaderMonitor } from './intake/cardReader/monitor.js';
import type { StationRow } from './station/station.entity.js';
import type { UpdateBoard } from './updates/check.js';

/** What the core shares with every handler. */
export interface CoreServices {
  /** the station's data directory: the database and the files kept beside it */
  dataDir: string;
  sessions: SessionStore;
  logger: Logger;
  clock: () => Date;
  /** the station profile, cached; undefined before first-run setup */
  station(): StationRow | undefined;
  /** re-reads the cached profile after a handler changed it */
  reloadStation(manager: EntityManager): Promise<void>;
  /**
   * Writes outside any call (a background job that finished), between calls, in one transaction.
   * The caller writes its own audit entry.
   */
  transact<T>(fn: (manager: EntityManager) => Promise<T>): Promise<T>;
  /** Registers work to end when the core closes (a running engine). */
  onClose(fn: () => Promise<void> | void): void;
  /** the background sync to HQ, for its status and "sync now" */
  sync?: { now(): void; isRunning(): boolean; readonly nextAt: number | null; interrupt(): void };
  /** this PC's ID card reader (absent only while the core is opening) */
  cardReader?: CardReaderMonitor;
  /** backups and restore (absent only while the core is opening) */
  backup?: BackupService;
  /** the desktop app's last look at HQ's update feed */
  updates: UpdateBoard;
  /** the key files beside the database are encrypted with (null: the station runs unencrypted) */
  fileKey: Buffer | null;
  /** the database key, for the copies made of the database (backups) */
  databaseKey: Buffer | null;
  /** the database file's path */
  databaseFile: string;
  /**
   * Closes the database, lets `swap` replace the file, and opens it again (a restore). Only from
   * a handler that runs outside a transaction: the router's queue guarantees no other call is in
   * flight, and background work waits for the queue too.
   */
  replaceDatabase(swap: () => Promise<void>): Promise<void>;
}

/** What one call's handler sees. */
export interface Ctx {
  manager: EntityManager;
  now: Date;
  session: Session | undefined;
  token: string | undefined;
  /** the desk or the paired terminal the call comes from: password tries are counted per client */
  client: Client;
  core: CoreServices;
  /** what the audit entry of this call records; handlers fill in what they know */
  audit: { recordId?: string | null; detail?: AuditDetail | string | null; staffId?: string | null; staffName?: string | null };
  /**
   * Work outside the database that may only happen once the call's transaction has committed
   * (removing a purged case's files): run in order after the commit, never after a rollback.
   */
  afterCommit: (() => Promise<void>)[];
}

/** The logged-in caller; the router guarantees it for non-public methods. */
export const actor = (ctx: Ctx): Session => {
  if (!ctx.session) throw unauthenticated();
  return ctx.session;
};

export const currentStation = (ctx: Ctx): StationRow => {
  const station = ctx.core.station();
  if (!station) throw new AppError({ code: 'CONFLICT', key: 'station.notSetUp' });
  return station;
};

/** Who is writing, at which station, and when: what every service stamps a row with. */
export interface Who {
  stationId: string;
  staffId: string;
  staffName: string;
  role: Role;
  /** the station's time zone: its calendar days and shifts are local */
  timeZone: string;
  now: Date;
}

/** The writer of a call: the logged-in caller at the set-up station, at the call's instant. */
export const whoOf = (ctx: Ctx): Who => {
  const station = currentStation(ctx);
  const session = actor(ctx);
  return { stationId: station.id, staffId: session.staffId, staffName: session.name, role: session.role, timeZone: station.timeZone, now: ctx.now };
};

/** Today's date (YYYY-MM-DD) in the station's time zone. */
export const todayOf = (w: Pick<Who, 'now' | 'timeZone'>): string => localDate(w.now, w.timeZone);

/**
 * A handler returns this to commit what it wrote and still fail the call: a failed login must
 * count the failure even though the caller gets an error.
 */
export class CommitThenFail {
  constructor(readonly error: AppError) {}
}

export type Handler<M extends MethodDef> = (
  ctx: Ctx,
  input: ParsedInputOf<M>,
) => Promise<OutputOf<M> | CommitThenFail>;

export interface HandlerEntry {
  method: MethodDef;
  fn: (ctx: Ctx, input: unknown) => Promise<unknown>;
}

/** Binds a handler to its contract method, with the types the contract gives. */
export const handle = <M extends MethodDef>(method: M, fn: Handler<M>): HandlerEntry => ({
  method,
  fn: fn as HandlerEntry['fn'],
});

export type CallResult = { ok: true; result: unknown } | { ok: false; error: AppErrorJson };
