import { auditDetail, causeOf } from '../../shared/audit/details.js';
import { AppError, conflict, validationError } from '../../shared/errors.js';
import {
  backupAge,
  backupFirstRunList,
  backupFirstRunPreview,
  backupFirstRunRestore,
  backupNow,
  backupPreview,
  backupRecoveryRenew,
  backupRecoveryShow,
  backupRecoveryStatus,
  backupRestore,
  backupSettings,
  backupStatus,
  BACKUP_STALE_HOURS,
  type RecoverySheet,
} from '../../shared/backup/contract.js';
import { checkPassword } from '../auth/handlers.js';
import { actor, CommitThenFail, currentStation, handle, type Ctx } from '../context.js';
import { StaffEntity } from '../staff/staff.entity.js';
import type { BackupService } from './backup.service.js';
import { RecoveryRefused } from './restore.js';
import { readSettings } from './settings.js';
import { checkBackupFolder } from './files.js';

const service = (ctx: Ctx): BackupService => {
  if (!ctx.core.backup) throw new AppError({ code: 'CONFLICT', key: 'backup.unavailable' });
  return ctx.core.backup;
};

/**
 * Runs `task`; a recovery key it refused is recorded in the call's audit entry, committed, and then
 * answered (the key itself is never written anywhere).
 */
const refusalsAudited = async <T>(ctx: Ctx, file: string, task: () => Promise<T>): Promise<T | CommitThenFail> => {
  try {
    return await task();
  } catch (err) {
    if (!(err instanceof RecoveryRefused)) throw err;
    ctx.audit.detail = auditDetail('recoveryKeyRefused', { file, reason: err.key });
    return new CommitThenFail(err.toAppError());
  }
};

type RecoverySheetOrFail = RecoverySheet | CommitThenFail;

/** The recovery sheet is shown only to the head's own password, counted like a login attempt. */
const sheet = async (ctx: Ctx, password: string, renew: boolean): Promise<RecoverySheetOrFail> => {
  const head = await ctx.manager.findOneBy(StaffEntity, { id: actor(ctx).staffId });
  if (!head) throw new AppError({ code: 'UNAUTHENTICATED', key: 'unauthenticated' });
  const problem = await checkPassword(ctx, head, password);
  if (problem) {
    ctx.audit.detail = auditDetail('passwordRefused', { action: 'recoverySheet', cause: causeOf(ctx.audit.detail) });
    const key = problem.key === 'auth.lockedOut' ? 'auth.lockedOut' : 'backup.wrongPassword';
    return new CommitThenFail(
      new AppError({ code: 'VALIDATION', key, field: 'password', params: problem.params, fields: [{ field: 'password', key, params: problem.params }] }),
    );
  }
  const station = currentStation(ctx);
  const { made, ...key } = await service(ctx).recoverySheetKey((await readSettings(ctx.manager)).folder, renew);
  ctx.audit.recordId = null;
  ctx.audit.detail = !made
    ? auditDetail('recoverySheetShown')
    : auditDetail(renew ? 'recoveryKeyRenewed' : 'recoveryKeyMade', { backupsUpdated: key.backupsUpdated });
  return { ...key, stationName: station.name, stationCode: station.code };
};

/** The first-run restore answers only while no station is set up on this PC. */
const beforeSetUp = (ctx: Ctx) => {
  if (ctx.core.station()) throw conflict('station.alreadySetUp');
};

/** A restore, from Settings or at first run; the key it brought is said in the audit entry. */
const restoreFrom = async (ctx: Ctx, folder: string | null, file: string, recoveryKey: string | undefined) => {
  const settings = { ...(await readSettings(ctx.manager)), folder };
  const outcome = await refusalsAudited(ctx, file, async () => service(ctx).restore(settings, file, ctx.core.replaceDatabase, recoveryKey));
  if (outcome instanceof CommitThenFail) return outcome;
  const { keyRecovered, ...result } = outcome;
  ctx.audit.detail = auditDetail(keyRecovered ? 'backupRestoredWithRecoveryKey' : 'backupRestored', { file: result.restoredFrom, takenAt: result.takenAt, keptAside: result.keptAside });
  ctx.core.sync?.now();
  return result;
};

export const backupHandlers = [
  handle(backupStatus, async (ctx) => service(ctx).status(await readSettings(ctx.manager))),

  handle(backupAge, async (ctx) => {
    const s = await readSettings(ctx.manager);
    const age = s.lastBackupAt ? ctx.now.getTime() - Date.parse(s.lastBackupAt) : Infinity;
    return {
      lastBackupAt: s.lastBackupAt,
      ageHours: Number.isFinite(age) ? Math.round(age / 360_000) / 10 : null,
      stale: age > BACKUP_STALE_HOURS * 3600_000,
      configured: s.folder !== null,
      lastError: s.lastError ? (JSON.parse(s.lastError) as { key: string; detail: string | null }) : null,
    };
  }),

  handle(backupSettings, async (ctx, input) => {
    const problem = await checkBackupFolder(input.folder);
    if (problem) throw validationError('folder', problem.key, 'params' in problem ? problem.params : undefined);
    await ctx.manager.query(
      `UPDATE "backup_settings" SET "folder" = ?, "enabled" = ?, "intervalHours" = ?, "updatedAt" = ?, "updatedBy" = ? WHERE "id" = 1`,
      [input.folder, input.enabled ? 1 : 0, input.intervalHours, ctx.now.toISOString(), ctx.session?.staffId ?? null],
    );
    ctx.audit.detail = auditDetail('backupFolder', { folder: input.folder });
    return service(ctx).status(await readSettings(ctx.manager));
  }),

  handle(backupNow, async (ctx) => {
    const s = await readSettings(ctx.manager);
    if (!s.folder) throw new AppError({ code: 'CONFLICT', key: 'backup.noFolder' });
    // not awaited: the copy runs on its own connection while the desk goes on
    void service(ctx).run('manual').catch(() => undefined);
    return service(ctx).status(s);
  }),

  handle(backupPreview, async (ctx, input) => {
    if (input.recoveryKey !== undefined) ctx.audit.detail = auditDetail('backupOpenedWithRecoveryKey', { file: input.file });
    return refusalsAudited(ctx, input.file, async () => service(ctx).preview(await readSettings(ctx.manager), input.file, input.recoveryKey));
  }),

  handle(backupRestore, async (ctx, input) => {
    return restoreFrom(ctx, (await readSettings(ctx.manager)).folder, input.file, input.recoveryKey);
  }),

  handle(backupFirstRunList, async (ctx, input) => {
    beforeSetUp(ctx);
    return service(ctx).list(input.folder);
  }),

  handle(backupFirstRunPreview, async (ctx, input) => {
    beforeSetUp(ctx);
    if (input.recoveryKey !== undefined) ctx.audit.detail = auditDetail('backupOpenedWithRecoveryKey', { file: input.file });
    return refusalsAudited(ctx, input.file, async () => service(ctx).preview({ ...(await readSettings(ctx.manager)), folder: input.folder }, input.file, input.recoveryKey));
  }),

  handle(backupFirstRunRestore, async (ctx, input) => {
    beforeSetUp(ctx);
    // the folder the station comes back from is where it goes on backing up
    await ctx.manager.query(`UPDATE "backup_settings" SET "folder" = ?, "enabled" = 1 WHERE "id" = 1`, [input.folder]);
    return restoreFrom(ctx, input.folder, input.file, input.recoveryKey);
  }),

  handle(backupRecoveryStatus, async (ctx) => service(ctx).recoveryStatus()),

  handle(backupRecoveryShow, async (ctx, input) => sheet(ctx, input.password, false)),

  handle(backupRecoveryRenew, async (ctx, input) => sheet(ctx, input.password, true)),
];
