import { auditDetail } from '../../shared/audit/details.js';
import { AppError, unauthenticated } from '../../shared/errors.js';
import type { Me } from '../../shared/auth/contract.js';
import { authChangePassword, authFailedAttempts, authLock, authLogin, authLogout, authMe, authUnlock } from '../../shared/auth/contract.js';
import { CommitThenFail, actor, currentStation, handle, type Ctx } from '../context.js';
import { StaffCredentialEntity, StaffEntity, type StaffRow } from '../staff/staff.entity.js';
import { failedAttempts, tryPassword, type FailureKind } from './guessing.js';
import { hashPassword } from './password.js';
import type { Session } from './sessions.js';

const meOf = (ctx: Ctx, s: Session): Me => {
  const station = currentStation(ctx);
  return {
    staffId: s.staffId,
    name: s.name,
    username: s.username,
    role: s.role,
    mustChangePassword: s.mustChangePassword,
    idleLockMinutes: station.idleLockMinutes,
    stationName: station.name,
    timeZone: station.timeZone,
  };
};

/**
 * Checks a signed-in person's password again (an idle unlock, a signature, a purge): counted per
 * account and client like a login. Null when it matched, otherwise the error to give (after the
 * failure has been committed).
 */
export const checkPassword = async (ctx: Ctx, staff: StaffRow, password: string, kind: FailureKind = 'password'): Promise<AppError | null> => {
  const cred = await ctx.manager.findOneBy(StaffCredentialEntity, { staffId: staff.id });
  const problem = await tryPassword(ctx.manager, ctx.now, ctx.client, kind, { username: staff.username, staffId: staff.id, passwordHash: cred?.passwordHash ?? null }, password);
  if (!problem) return null;
  ctx.audit.detail = problem.detail;
  return problem.error;
};

export const authHandlers = [
  handle(authLogin, async (ctx, input) => {
    currentStation(ctx);
    const staff = await ctx.manager
      .createQueryBuilder(StaffEntity, 's')
      .where('s.username = :u COLLATE NOCASE', { u: input.username })
      .getOne();
    // an unknown name, an inactive account and a wrong password are tried, counted and answered alike
    const usable = staff && staff.active && !staff.cancelledAt ? staff : null;
    const cred = usable && (await ctx.manager.findOneBy(StaffCredentialEntity, { staffId: usable.id }));
    if (staff) ctx.audit = { recordId: staff.id, staffId: staff.id, staffName: staff.name };
    const problem = await tryPassword(
      ctx.manager,
      ctx.now,
      ctx.client,
      'login',
      { username: input.username, staffId: staff?.id ?? null, passwordHash: cred ? cred.passwordHash : null },
      input.password,
    );
    if (problem || !usable || !cred) {
      ctx.audit.detail = staff && !usable ? auditDetail('inactiveAccount') : (problem?.detail ?? null);
      return new CommitThenFail(problem?.error ?? new AppError({ code: 'UNAUTHENTICATED', key: 'auth.badCredentials' }));
    }
    const session: Omit<Session, 'locked'> = {
      staffId: usable.id,
      name: usable.name,
      username: usable.username,
      role: usable.role,
      mustChangePassword: cred.mustChangePassword,
      startedAt: ctx.now.getTime(),
      lastSeenAt: ctx.now.getTime(),
    };
    const token = ctx.core.sessions.create(session);
    return { token, me: meOf(ctx, { ...session, locked: false }) };
  }),

  handle(authLogout, async (ctx) => {
    ctx.audit.recordId = actor(ctx).staffId;
    ctx.core.sessions.delete(ctx.token);
    return { ok: true as const };
  }),

  handle(authMe, async (ctx) => {
    const s = actor(ctx);
    if (s.locked) throw new AppError({ code: 'UNAUTHENTICATED', key: 'sessionLocked' });
    return meOf(ctx, s);
  }),

  handle(authChangePassword, async (ctx, input) => {
    const s = actor(ctx);
    if (s.locked) throw new AppError({ code: 'UNAUTHENTICATED', key: 'sessionLocked' });
    const staff = await ctx.manager.findOneByOrFail(StaffEntity, { id: s.staffId });
    ctx.audit.recordId = staff.id;
    const problem = await checkPassword(ctx, staff, input.currentPassword);
    if (problem)
      return new CommitThenFail(
        problem.key === 'auth.badCredentials'
          ? new AppError({ code: 'VALIDATION', key: 'password.wrongCurrent', field: 'currentPassword', fields: [{ field: 'currentPassword', key: 'password.wrongCurrent' }] })
          : problem,
      );
    await ctx.manager.update(
      StaffCredentialEntity,
      { staffId: staff.id },
      { passwordHash: await hashPassword(input.newPassword), mustChangePassword: false, passwordChangedAt: ctx.now.toISOString() },
    );
    // whoever else is signed in as this person (a stolen password, a forgotten terminal) is out
    ctx.core.sessions.endOthers(staff.id, ctx.token);
    ctx.core.sessions.updateStaff(staff.id, { mustChangePassword: false });
    return { ok: true as const };
  }),

  handle(authLock, async (ctx) => {
    actor(ctx).locked = true;
    return { ok: true as const };
  }),

  handle(authUnlock, async (ctx, input) => {
    const s = actor(ctx);
    const staff = await ctx.manager.findOneBy(StaffEntity, { id: s.staffId });
    if (!staff) throw unauthenticated();
    ctx.audit.recordId = staff.id;
    const problem = await checkPassword(ctx, staff, input.password, 'unlock');
    if (problem) {
      // too many wrong passwords on a locked screen end the session
      if (problem.key === 'auth.lockedOut') ctx.core.sessions.delete(ctx.token);
      return new CommitThenFail(problem);
    }
    s.locked = false;
    s.lastSeenAt = ctx.now.getTime();
    return { ok: true as const };
  }),

  handle(authFailedAttempts, async (ctx) => failedAttempts(ctx.manager, ctx.now)),
];
