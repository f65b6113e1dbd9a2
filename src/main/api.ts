import { storedDetail } from '../shared/audit/details.js';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { METHODS, METHODS_BY_NAME } from '../shared/contract.js';
import { AppError, type AppErrorJson } from '../shared/errors.js';
import { toFieldErrors } from '../shared/fields.js';
import type { MethodDef } from '../shared/method.js';
import { canCall } from '../shared/roles.js';
import type { AuditRow } from './audit/audit.entity.js';
import { DESK, type Client } from './auth/guessing.js';
import { SESSION_HOURS, type Session } from './auth/sessions.js';
import { insertRow } from './db/insert.js';
import { CommitThenFail, type CallResult, type CoreServices, type Ctx, type HandlerEntry } from './context.js';

/** Runs one thing at a time: SQLite has one writer, and TypeORM's sqlite driver one connection. */
class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

export interface CallMeta {
  token?: string;
  /** a refresh the UI made on its own (polling): it does not keep an idle session awake */
  background?: boolean;
  /** where the call comes from (a paired LAN terminal); the station's own desk when absent */
  client?: Client;
}

export interface Router {
  /** Calls a method as the transports do: never throws, answers plain JSON. */
  call(method: string, input: unknown, meta?: CallMeta): Promise<CallResult>;
  /** Runs housekeeping (a WAL checkpoint) between calls, never in the middle of one. */
  exclusive<T>(task: () => Promise<T>): Promise<T>;
}

/**
 * The one router both transports (IPC and HTTP) call: method → zod-validate → role check →
 * transaction → handler → audit. Every rule of access is enforced here, once.
 */
export const createRouter = (dataSource: DataSource, entries: HandlerEntry[], core: CoreServices): Router => {
  const handlers = new Map<string, HandlerEntry>();
  for (const entry of entries) {
    if (handlers.has(entry.method.name)) throw new Error(`two handlers for ${entry.method.name}`);
    handlers.set(entry.method.name, entry);
  }
  const missing = METHODS.filter((m) => !handlers.has(m.name)).map((m) => m.name);
  if (missing.length > 0) throw new Error(`methods without a handler: ${missing.join(', ')}`);

  const queue = new SerialQueue();

  const authorise = (def: MethodDef, session: Session | undefined, now: Date, client: Client): void => {
    // a terminal paired for one public screen calls that screen's methods, without a login, and nothing else
    if (client.kind === 'terminal' && client.mode !== 'full') {
      if (def.terminal !== client.mode) throw new AppError({ code: 'FORBIDDEN', key: 'forbidden' });
      return;
    }
    if (def.access === 'public') return;
    if (!session) throw new AppError({ code: 'UNAUTHENTICATED', key: 'unauthenticated' });
    if (now.getTime() - session.startedAt > SESSION_HOURS * 3600_000) {
      core.sessions.deleteSession(session);
      throw new AppError({ code: 'UNAUTHENTICATED', key: 'sessionExpired' });
    }
    const idleMs = (core.station()?.idleLockMinutes ?? 10) * 60_000;
    if (!session.locked && now.getTime() - session.lastSeenAt > idleMs) session.locked = true;
    if (!def.allowWhileRestricted) {
      if (session.locked) throw new AppError({ code: 'UNAUTHENTICATED', key: 'sessionLocked' });
      if (session.mustChangePassword) throw new AppError({ code: 'FORBIDDEN', key: 'mustChangePassword' });
    }
    if (!canCall(def.access, session.role)) throw new AppError({ code: 'FORBIDDEN', key: 'role' });
  };

  const writeAudit = async (manager: EntityManager, ctx: Ctx, def: MethodDef, input: unknown, result: unknown) => {
    const pick = (v: unknown) =>
      typeof v === 'object' && v !== null && typeof (v as { id?: unknown }).id === 'string' ? (v as { id: string }).id : null;
    const entry: AuditRow = {
      id: uuidv7(),
      at: ctx.now.toISOString(),
      staffId: ctx.audit.staffId !== undefined ? ctx.audit.staffId : (ctx.session?.staffId ?? null),
      staffName: ctx.audit.staffName !== undefined ? ctx.audit.staffName : (ctx.session?.name ?? null),
      method: def.name,
      recordId: ctx.audit.recordId !== undefined ? ctx.audit.recordId : (pick(result) ?? pick(input)),
      detail: storedDetail(ctx.audit.detail),
    };
    await insertRow(manager, 'audit_log', entry);
  };

  const run = async (def: MethodDef, entry: HandlerEntry, rawInput: unknown, { token, background, client = DESK }: CallMeta) => {
    const now = core.clock();
    const session = core.sessions.get(token);
    authorise(def, session, now, client);
    const parsed = def.input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      const fields = toFieldErrors(parsed.error);
      throw new AppError({ code: 'VALIDATION', key: fields[0]?.key ?? 'invalid', field: fields[0]?.field, params: fields[0]?.params, fields });
    }
    const afterCommit: Ctx['afterCommit'] = [];
    const makeCtx = (manager: EntityManager): Ctx => ({ manager, now, session, token, client, core, audit: {}, afterCommit });
    const audited =
      def.kind === 'write' || (typeof def.auditRead === 'function' ? def.auditRead(parsed.data) : def.auditRead === true);
    let outcome: unknown;
    if (audited && def.outsideTransaction) {
      const ctx = makeCtx(dataSource.manager);
      outcome = await entry.fn(ctx, parsed.data);
      await dataSource.transaction((manager) => writeAudit(manager, { ...ctx, manager }, def, parsed.data, outcome));
    } else if (audited) {
      outcome = await dataSource.transaction(async (manager) => {
        const ctx = makeCtx(manager);
        const result = await entry.fn(ctx, parsed.data);
        await writeAudit(manager, ctx, def, parsed.data, result instanceof CommitThenFail ? null : result);
        return result;
      });
    } else {
      outcome = await entry.fn(makeCtx(dataSource.manager), parsed.data);
    }
    for (const fn of afterCommit) {
      // the call's outcome stands: what is left behind is logged and swept up by the next run
      await fn().catch((err: unknown) => core.logger.warn({ err: { message: (err as Error).message }, method: def.name }, 'after-commit work failed'));
    }
    if (session && !session.locked && !background) session.lastSeenAt = now.getTime();
    if (outcome instanceof CommitThenFail) throw outcome.error;
    return outcome;
  };

  return {
    exclusive: (task) => queue.run(task),
    async call(method, input, meta = {}) {
      const def = typeof method === 'string' ? METHODS_BY_NAME.get(method) : undefined;
      const entry = def && handlers.get(def.name);
      if (!def || !entry) return { ok: false, error: { code: 'NOT_FOUND', key: 'unknownMethod' } };
      try {
        const result = def.unqueued && def.kind === 'read' && !def.auditRead ? await run(def, entry, input, meta) : await queue.run(() => run(def, entry, input, meta));
        return { ok: true, result: result ?? null };
      } catch (err) {
        return { ok: false, error: toErrorJson(err, core, method) };
      }
    },
  };
};

/** Known errors go to the caller as they are; anything else is logged with its stack and hidden. */
const toErrorJson = (err: unknown, core: CoreServices, method: string): AppErrorJson => {
  if (err instanceof AppError) return err.toJSON();
  const incident = randomUUID().slice(0, 8);
  // name, message and stack only: a database error also carries the statement's parameters,
  // which are ID and phone numbers, and those never go to the log
  const logged = err instanceof Error ? { type: err.name, message: err.message, stack: err.stack } : { message: String(err) };
  core.logger.error({ err: logged, method, incident }, 'call failed');
  return { code: 'INTERNAL', key: 'internal', params: { incident } };
};
