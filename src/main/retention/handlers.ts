import { auditDetail, causeOf } from '../../shared/audit/details.js';
import { AppError, conflict } from '../../shared/errors.js';
import { CLOCK_SKEW_MS } from '../../shared/time.js';
import { retentionPreview, retentionPurge, retentionSettingsGet, retentionSettingsSave } from '../../shared/retention/contract.js';
import { checkPassword } from '../auth/handlers.js';
import { actor, CommitThenFail, currentStation, handle } from '../context.js';
import { StaffEntity } from '../staff/staff.entity.js';
import { preview, purge, removeCaseFiles, savePeriods, settings } from './retention.service.js';

/** A preview older than this is looked at again before anything is purged. */
const PREVIEW_VALID_MS = 60 * 60_000;

export const retentionHandlers = [
  handle(retentionSettingsGet, async (ctx) => settings(ctx.manager, ctx.now)),

  handle(retentionSettingsSave, async (ctx, input) => {
    await savePeriods(ctx.manager, input.periods, actor(ctx).staffId, ctx.now);
    ctx.audit.detail = auditDetail('retentionPeriods', { periods: input.periods });
    return settings(ctx.manager, ctx.now);
  }),

  handle(retentionPreview, async (ctx) => preview(ctx.manager, ctx.now, currentStation(ctx).timeZone)),

  handle(retentionPurge, async (ctx, input) => {
    const session = actor(ctx);
    const station = currentStation(ctx);
    const asOf = new Date(input.asOf);
    if (asOf.getTime() > ctx.now.getTime() + CLOCK_SKEW_MS || ctx.now.getTime() - asOf.getTime() > PREVIEW_VALID_MS) {
      throw conflict('retention.previewStale');
    }
    // the head confirms with their own password, counted like a login attempt
    const head = await ctx.manager.findOneBy(StaffEntity, { id: session.staffId });
    if (!head) throw new AppError({ code: 'UNAUTHENTICATED', key: 'unauthenticated' });
    const problem = await checkPassword(ctx, head, input.password);
    if (problem) {
      ctx.audit.detail = auditDetail('passwordRefused', { action: 'purge', cause: causeOf(ctx.audit.detail) });
      const key = problem.key === 'auth.lockedOut' ? 'auth.lockedOut' : 'retention.wrongPassword';
      return new CommitThenFail(
        new AppError({ code: 'VALIDATION', key, field: 'password', params: problem.params, fields: [{ field: 'password', key, params: problem.params }] }),
      );
    }
    // exactly what the head saw: if anything changed since the preview, they look again
    const now = await preview(ctx.manager, asOf, station.timeZone);
    for (const k of now.kinds) {
      if ((input.expected[k.kind] ?? 0) !== k.count) throw conflict('retention.changed', { kind: k.kind });
    }
    const result = await purge(ctx.manager, asOf, station.timeZone, session.staffId, ctx.now);
    const { caseIds, ...answer } = result;
    ctx.audit.recordId = null;
    ctx.audit.detail = auditDetail('retentionPurged', { asOf: answer.asOf, counts: answer.counts, related: answer.related });
    if (caseIds.length > 0) ctx.afterCommit.push(() => removeCaseFiles(ctx.core.dataDir, caseIds));
    return answer;
  }),
];
