import { AppError } from '../../shared/errors.js';
import { backupAge, backupNow, backupPreview, backupRestore, backupSettings, backupStatus, BACKUP_STALE_HOURS } from '../../shared/backup/contract.js';
import { handle, type Ctx } from '../context.js';
import { readSettings, type BackupService } from './backup.service.js';

const service = (ctx: Ctx): BackupService => {
  if (!ctx.core.backup) throw new AppError({ code: 'CONFLICT', key: 'backup.unavailable' });
  return ctx.core.backup;
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
    };
  }),

  handle(backupSettings, async (ctx, input) => {
    await ctx.manager.query(
      `UPDATE "backup_settings" SET "folder" = ?, "enabled" = ?, "intervalHours" = ?, "updatedAt" = ?, "updatedBy" = ? WHERE "id" = 1`,
      [input.folder, input.enabled ? 1 : 0, input.intervalHours, ctx.now.toISOString(), ctx.session?.staffId ?? null],
    );
    ctx.audit.detail = input.folder;
    return service(ctx).status(await readSettings(ctx.manager));
  }),

  handle(backupNow, async (ctx) => {
    const s = await readSettings(ctx.manager);
    if (!s.folder) throw new AppError({ code: 'CONFLICT', key: 'backup.noFolder' });
    // not awaited: the copy runs on its own connection while the desk goes on
    void service(ctx).run('manual').catch(() => undefined);
    return service(ctx).status(s);
  }),

  handle(backupPreview, async (ctx, input) => service(ctx).preview(await readSettings(ctx.manager), input.file)),

  handle(backupRestore, async (ctx, input) => {
    const result = await service(ctx).restore(await readSettings(ctx.manager), input.file, ctx.core.replaceDatabase);
    ctx.audit.detail = `${result.restoredFrom} (${result.takenAt}); kept aside: ${result.keptAside}`;
    ctx.core.sync?.now();
    return result;
  }),
];
